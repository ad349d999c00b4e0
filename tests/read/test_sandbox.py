"""A parser that panics, aborts, loops or runs away ends as an unreadable file.

:mod:`ktt_indicators.read.sandbox` runs an .xls's parse in a child process under limits, and a
zip workbook's in this process with stderr held. The failures are made on purpose here
(a function that aborts, loops, allocates or raises a panic), so each path is certain to
be taken; the corpus of real broken files is tests/read/test_spreadsheets.py's.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hostile import cfb
from ktt_indicators.cli.app import app
from ktt_indicators.read import workbook
from ktt_indicators.read.sandbox import ParserFailed, call, in_child
from ktt_indicators.read.workbook import UnreadableFile, read_workbook

from conftest import write_census


class PanicException(BaseException):
    """What pyo3 raises for a Rust panic: a BaseException, recognised by its name."""


def _cells(n: int) -> list[list[object]]:
    return [[i, f"HTX {i}", None] for i in range(n)]


def _abort() -> None:
    os.abort()


def _spin() -> None:
    while True:
        pass


def _hog() -> bytearray:
    return bytearray(2 * 1024**3)


def _rust_out_of_memory() -> None:
    os.write(2, b"memory allocation of 68719476736 bytes failed\n")
    os.abort()


def _panic() -> None:
    os.write(2, b"thread '<unnamed>' panicked at src/xls.rs:1:1:\nindex out of bounds\n")
    raise PanicException("index out of bounds")


def _value_error() -> None:
    raise ValueError("không phải bảng tính")


def _unreadable(path: Path) -> None:
    raise UnreadableFile(path, "limit-cells", part="Danh sách", actual="9")


def test_the_childs_result_comes_back_whole() -> None:
    assert in_child(_cells, 1000, memory_mb=200, seconds=5) == _cells(1000)


@pytest.mark.parametrize(
    ("parse", "kind"),
    [(_abort, "crash"), (_hog, "memory"), (_rust_out_of_memory, "memory"), (_panic, "panic")],
)
def test_a_child_that_fails_is_one_parser_failure(parse: object, kind: str) -> None:
    with pytest.raises(ParserFailed) as failed:
        in_child(parse, memory_mb=200, seconds=5)  # type: ignore[arg-type]
    assert failed.value.kind == kind


def test_a_child_that_loops_is_stopped_by_its_processor_limit() -> None:
    with pytest.raises(ParserFailed) as failed:
        in_child(_spin, memory_mb=200, seconds=1)
    assert failed.value.kind == "time"


def test_what_native_code_says_in_the_child_is_kept_for_debug_not_shown(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(ParserFailed) as failed:
        in_child(_rust_out_of_memory, memory_mb=200, seconds=5)
    assert "memory allocation" in failed.value.detail
    assert "memory allocation" not in capfd.readouterr().err


def test_ordinary_exceptions_come_back_as_they_were_raised(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="không phải bảng tính"):
        in_child(_value_error, memory_mb=200, seconds=5)
    with pytest.raises(UnreadableFile) as raised:
        in_child(_unreadable, tmp_path / "a.xls", memory_mb=200, seconds=5)
    assert (raised.value.reason, raised.value.params["part"]) == ("limit-cells", "Danh sách")


def test_a_spawned_child_gives_the_same_answers() -> None:
    """The path taken where there is no fork (Windows)."""
    assert in_child(_cells, 10, memory_mb=200, seconds=20, fork=False) == _cells(10)
    with pytest.raises(ParserFailed) as failed:
        in_child(_panic, memory_mb=200, seconds=20, fork=False)
    assert failed.value.kind == "panic"
    with pytest.raises(ValueError, match="không phải"):
        in_child(_value_error, memory_mb=200, seconds=20, fork=False)


def test_a_panic_in_this_process_is_a_parser_failure_and_prints_nothing(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(ParserFailed) as failed:
        call(_panic)
    assert failed.value.kind == "panic"
    assert "panicked" in failed.value.detail
    assert "panicked" not in capfd.readouterr().err
    assert call(lambda: 7) == 7
    with pytest.raises(ValueError):
        call(_value_error)


def minimal_xls(path: Path) -> Path:
    """An OLE2 container whose Workbook stream starts as BIFF8 does: enough for the guard,
    which has nothing to refuse in it."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 5, 0, 0, 0, 0)
    return cfb(path, {"Workbook": bof + struct.pack("<HH", 0x000A, 0)})


def _abort_parse(*args: object) -> None:
    os.abort()


def _panic_parse(*args: object) -> None:
    raise PanicException("calamine")


@pytest.mark.parametrize(("parse", "reason"), [(_abort_parse, "parser-crash"),
                                               (_panic_parse, "parser-crash")])  # fmt: skip
def test_an_xls_whose_parser_dies_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parse: object, reason: str
) -> None:
    monkeypatch.setattr(workbook, "_parse", parse)
    with pytest.raises(UnreadableFile) as raised:
        read_workbook(minimal_xls(tmp_path / "hong.xls"))
    assert raised.value.reason == reason


def test_the_good_files_of_a_run_are_reported_when_the_parser_dies_on_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_census(tmp_path / "tot.xlsx", [{"ten": "HTX Một"}])
    bad = minimal_xls(tmp_path / "hong.xls")
    real = workbook._parse

    def parse(path: Path, *args: object) -> object:
        if path.suffix == ".xls":
            os.abort()
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(workbook, "_parse", parse)
    result = CliRunner().invoke(app, ["check", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 2
    assert '"path": "' + str(good) in result.stdout
    assert f"{good}: hợp lệ — 1 tổ chức" in result.stderr
    assert f"Lỗi: {bad}: Không đọc được tệp như một bảng tính: trình đọc" in result.stderr
    assert "Traceback" not in result.output
