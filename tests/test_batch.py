"""``ktt batch``: a folder of district submissions → one consolidated, deterministic report."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ktt_indicators import batch as batch_module
from ktt_indicators import output
from ktt_indicators.batch import find_workbooks, safe_name
from ktt_indicators.cli import app

from conftest import TODAY, write_census

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "NO_COLOR": "1"})


def ktt(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _district(path: Path, district: str, first: int) -> Path:
    rows = [
        {"quan_huyen": district, "ma_so": f"18{first + i:08d}", "ten": f"HTX {district} {i}"}
        for i in range(2)
    ]
    rows.append({"quan_huyen": district, "loai_hinh": "THT", "ten": f"THT {district}"})
    return write_census(path, rows)


@pytest.fixture
def submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "nop"
    (folder / "quận").mkdir(parents=True)
    _district(folder / "ninh-kieu.xlsx", "Ninh Kiều", 1)
    _district(folder / "quận" / "cái răng.xlsx", "Cái Răng", 11)
    _district(folder / "o-mon.xlsx", "Ô Môn", 21)
    write_census(folder / "sai-kieu.xlsx", [{"quan_huyen": "Cờ Đỏ", "so_thanh_vien": "abc",
                                            "ma_so": "1800000031"}])  # fmt: skip
    (folder / "hong.xlsx").write_bytes(b"not a workbook")
    (folder / "~$ninh-kieu.xlsx").write_bytes(b"lock")
    (folder / ".an.xlsx").write_bytes(b"hidden")
    (folder / "ghi-chu.txt").write_text("x")
    return folder


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_batch_reports_and_consolidates(submissions: Path, tmp_path: Path) -> None:
    before = _hashes(submissions)
    out1, out2 = tmp_path / "out1", tmp_path / "out2"
    r1 = ktt("batch", submissions, "-o", out1, "--today", TODAY.isoformat(), "--lang", "en")
    assert r1.exit_code == 1, r1.output
    assert "5 files, 3 valid, 2 with errors" in r1.output

    summary = json.loads((out1 / "summary.json").read_text(encoding="utf-8"))
    assert summary["left_out"] == ["hong.xlsx", "sai-kieu.xlsx"]
    bad = {e["path"]: e for e in summary["files"] if not e["valid"]}
    assert set(bad) == {"hong.xlsx", "sai-kieu.xlsx"}
    assert [x["code"] for x in bad["hong.xlsx"]["first_errors"]] == ["unreadable-file"]
    wrong = bad["sai-kieu.xlsx"]["first_errors"]
    assert [x["code"] for x in wrong] == ["wrong-type"]
    assert wrong[0]["cell"] and wrong[0]["sheet"] == "Danh sách tổ chức"
    assert [e["path"] for e in summary["files"]] == [
        "hong.xlsx", "ninh-kieu.xlsx", "o-mon.xlsx", "quận/cái răng.xlsx", "sai-kieu.xlsx",
    ]  # fmt: skip
    assert summary["organizations"] == 9
    md = (out1 / "summary.md").read_text(encoding="utf-8")
    assert "sai-kieu.xlsx" in md and "wrong-type" in md and "unreadable-file" in md

    findings = sorted(p.name for p in (out1 / "findings").iterdir())
    assert len(findings) == 5
    assert "quận_cái_răng.xlsx.json" in findings

    valid = [submissions / "ninh-kieu.xlsx", submissions / "o-mon.xlsx",
             submissions / "quận" / "cái răng.xlsx"]  # fmt: skip
    direct = ktt("gap", *valid, "-f", "json", "--today", TODAY.isoformat(), "--lang", "en")
    assert direct.exit_code == 0, direct.output
    gap = json.loads((out1 / "gap.json").read_text(encoding="utf-8"))
    assert gap["targets"] == json.loads(direct.stdout)["targets"]

    # Same inputs, another day: identical outputs but for the generated_at line.
    r2 = ktt("batch", submissions, "-o", out2, "--today", "2026-12-03", "--lang", "en")
    assert r2.exit_code == 1
    a, b = _files(out1), _files(out2)
    assert a.keys() == b.keys()
    for name in a:
        la = [x for x in a[name].splitlines() if "generated_at" not in x]
        lb = [x for x in b[name].splitlines() if "generated_at" not in x]
        assert la == lb, name
    assert a["summary.json"] != b["summary.json"]
    assert _hashes(submissions) == before


def test_duplicate_code_across_files_names_both(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    write_census(folder / "a.xlsx", [{"ma_so": "1800000001", "quan_huyen": "Ninh Kiều"}])
    write_census(folder / "b.xlsx", [{"ma_so": "1800000001", "quan_huyen": "Cái Răng"}])
    result = ktt("batch", folder, "-o", tmp_path / "out", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["left_out"] == ["b.xlsx"]
    dup = json.loads((tmp_path / "out" / "findings" / "b.xlsx.json").read_text(encoding="utf-8"))
    (error,) = dup["files"][0]["errors"]
    assert error["code"] == "duplicate-code"
    assert error["file"] == "b.xlsx" and "a.xlsx" in error["message"]


def test_cannot_run(tmp_path: Path) -> None:
    assert ktt("batch", tmp_path / "missing", "-o", tmp_path / "out").exit_code == 2
    (tmp_path / "f.txt").write_text("x")
    assert ktt("batch", tmp_path / "f.txt", "-o", tmp_path / "out").exit_code == 2
    (tmp_path / "empty").mkdir()
    assert ktt("batch", tmp_path / "empty", "-o", tmp_path / "out").exit_code == 2


def test_find_workbooks_and_safe_name(submissions: Path) -> None:
    names = [p.relative_to(submissions).as_posix() for p in find_workbooks(submissions)]
    assert names == ["hong.xlsx", "ninh-kieu.xlsx", "o-mon.xlsx", "quận/cái răng.xlsx",
                     "sai-kieu.xlsx"]  # fmt: skip
    assert safe_name("quận/cái răng:1.xlsx") == "quận_cái_răng_1.xlsx"


def _one_line_naming(stderr: str, path: Path) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0], stderr
    assert "Traceback" not in stderr


def test_an_outdir_that_cannot_be_written(submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    before = _hashes(out)
    # Under a regular file (root can write anywhere else); long enough to wrap on a pipe.
    for bad in (out / "summary.json" / "out", out / "summary.md" / ("rất-dài-" * 12) / "out"):
        result = ktt("batch", submissions, "-o", bad, "--lang", "en")
        assert result.exit_code == 2
        assert result.stdout == ""
        _one_line_naming(result.stderr, bad)
        assert result.stderr.startswith(f"Error: Cannot write to {bad} (")
    assert _hashes(out) == before


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), KeyboardInterrupt()],
    ids=["disk-full", "interrupted"],
)
def test_a_run_stopped_half_way_leaves_every_output_whole(
    submissions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    out = tmp_path / "out"
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    before = _files(out)
    # The next run has more to say: one more district, so every summary changes.
    _district(submissions / "phong-dien.xlsx", "Phong Điền", 41)

    # The third file stops half written, as when the disk fills up or the run is killed.
    real_fdopen, writes = os.fdopen, []

    def fdopen(fd: int, mode: str, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, **kwargs)
        writes.append(fd)
        if len(writes) != 3:
            return handle

        class Stopped:
            def __enter__(self) -> Stopped:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def write(self, content: str) -> None:
                handle.write(content[: len(content) // 2])
                handle.flush()
                raise failure

        return Stopped()

    real_write_atomic = output.write_atomic

    def write_atomic(path: Path, content: str | bytes) -> None:
        with monkeypatch.context() as m:
            m.setattr(os, "fdopen", fdopen)
            real_write_atomic(path, content)

    monkeypatch.setattr(batch_module, "write_atomic", write_atomic)
    result = ktt("batch", submissions, "-o", out, "--today", "2026-12-03", "--lang", "en")
    assert len(writes) == 3
    if isinstance(failure, OSError):
        assert result.exit_code == 2
        _one_line_naming(result.stderr, out)
        assert "No space left on device" in result.stderr
    else:
        assert result.exit_code == 130  # as any program stopped by Ctrl-C; not 1, «findings»
        assert "Traceback" not in result.output

    after = _files(out)
    assert set(before) <= set(after) <= set(before) | {"findings/phong-dien.xlsx.json"}
    for name in set(after) - {"summary.md"}:
        json.loads(after[name])  # whole, not cut; and no temporary file left
    # The summary, written last, still describes the previous run.
    assert after["summary.json"] == before["summary.json"]
    assert after["summary.md"] == before["summary.md"]


#: Rich's own switches, cleared so the machine running the tests cannot decide for them.
PLAIN_ENV: dict[str, str | None] = {
    "KTT_LANG": None, "KTT_TARGETS": None, "NO_COLOR": None, "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "TERM": "xterm-256color",
}  # fmt: skip
#: What a terminal looks like to rich (CliRunner's streams are never ttys).
TERMINAL_ENV = {**PLAIN_ENV, "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"}


@pytest.mark.parametrize(
    ("env", "bar"),
    [
        (PLAIN_ENV, False),  # a pipe, cron
        (TERMINAL_ENV, True),
        ({**TERMINAL_ENV, "NO_COLOR": "1"}, False),
        ({**TERMINAL_ENV, "NO_COLOR": ""}, True),  # no-color.org: an empty NO_COLOR is unset
        ({**TERMINAL_ENV, "TERM": "dumb"}, False),  # cannot redraw a line
    ],
    ids=["pipe", "terminal", "no-color", "empty-no-color", "dumb-terminal"],
)
def test_progress_bar_only_on_a_terminal(
    submissions: Path, tmp_path: Path, env: dict[str, str | None], bar: bool
) -> None:
    result = CliRunner(env=env).invoke(
        app, ["batch", str(submissions), "-o", str(tmp_path / "out"), "--lang", "en"]
    )
    assert result.exit_code == 1
    # The one line of stdout is the same everywhere: a cron log or a script reads it.
    assert result.stdout == f"5 files, 3 valid, 2 with errors -> {tmp_path / 'out'}\n"
    if bar:
        assert "━" in result.stderr and "100%" in result.stderr  # drawn, then wiped
        assert "\x1b[?25l" in result.stderr and "\x1b[?25h" in result.stderr  # cursor back
    else:
        assert result.stderr == ""
