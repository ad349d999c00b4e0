"""``ktt batch``: a folder of district submissions → one consolidated, deterministic report."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from ktt_indicators.batch import run as batch_module
from ktt_indicators.batch.run import find_workbooks, safe_name
from ktt_indicators.census.reader import read_census_file
from ktt_indicators.census.schema import COLUMNS, COLUMNS_BY_KEY, Organization
from ktt_indicators.cli.app import app
from ktt_indicators.core import output

from conftest import TODAY, write_census

ROOT_TARGETS = Path(__file__).parents[2] / "targets.yaml"
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


def _files(folder: Path) -> dict[str, str | bytes]:
    """Every file under ``folder``: text, but a workbook's bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        if p.suffix == ".xlsx"
        else p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _lines(content: str | bytes) -> list[str]:
    """A text output's lines but its timestamp line (a workbook has none: it must be equal)."""
    assert isinstance(content, str)
    return [x for x in content.splitlines() if not re.search("generated_at|Generated at", x)]


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
    assert summary["organizations_counted"] == 9
    md = (out1 / "summary.md").read_text(encoding="utf-8")
    assert "sai-kieu.xlsx" in md and "«Wrong type»" in md and "«Unreadable file»" in md

    findings = sorted(p.name for p in (out1 / "findings").iterdir())
    assert len([f for f in findings if f.endswith(".json")]) == 5
    # A marked-up copy beside the findings of the one readable file that has any.
    assert [f for f in findings if f.endswith(".xlsx")] == ["sai-kieu.xlsx.xlsx"]
    assert "quận_cái_răng.xlsx.json" in findings

    valid = [submissions / "ninh-kieu.xlsx", submissions / "o-mon.xlsx",
             submissions / "quận" / "cái răng.xlsx"]  # fmt: skip
    direct = ktt("gap", *valid, "-f", "json", "--today", TODAY.isoformat(), "--lang", "en")
    assert direct.exit_code == 0, direct.output
    gap = json.loads((out1 / "gap.json").read_text(encoding="utf-8"))
    assert gap["targets"] == json.loads(direct.stdout)["targets"]

    # Same inputs, another day: identical outputs but for the generated_at line; the census
    # workbook identical byte for byte.
    r2 = ktt("batch", submissions, "-o", out2, "--today", "2026-12-03", "--lang", "en")
    assert r2.exit_code == 1
    a, b = _files(out1), _files(out2)
    assert a.keys() == b.keys()
    assert "census.xlsx" in a and "gap.json" in a
    for name in a:
        if name.endswith(".xlsx"):
            assert a[name] == b[name], name
        else:
            assert _lines(a[name]) == _lines(b[name]), name
    assert a["summary.json"] != b["summary.json"]
    assert _hashes(submissions) == before


def _sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    workbook = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook}


def _records(path: Path) -> list[Organization]:
    """The organizations of a census file, without where they were read."""
    return [o._replace(source=None) for o in read_census_file(path, today=TODAY).organizations]


def test_gap_json_names_the_submissions_left_out(submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    gap = json.loads((out / "gap.json").read_text(encoding="utf-8"))
    assert gap["left_out"] == [
        {"file": "hong.xlsx", "rows": [], "whole_file": True},
        {"file": "sai-kieu.xlsx", "rows": [], "whole_file": True},
    ]
    assert gap["files"] == ["ninh-kieu.xlsx", "o-mon.xlsx", "quận/cái răng.xlsx"]
    assert gap["organizations"] == 9


def test_a_later_run_leaves_no_stale_output(submissions: Path, tmp_path: Path) -> None:
    """Outputs of an earlier run that this run did not write go: the findings of a
    submission withdrawn since, and the report and census once no submission is valid."""
    out = tmp_path / "out"
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    assert (out / "findings" / "o-mon.xlsx.json").is_file()
    (submissions / "o-mon.xlsx").unlink()
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    assert not (out / "findings" / "o-mon.xlsx.json").exists()
    assert (out / "findings" / "ninh-kieu.xlsx.json").is_file()
    assert json.loads((out / "gap.json").read_text(encoding="utf-8"))["organizations"] == 6
    for name in ("ninh-kieu.xlsx", "quận/cái răng.xlsx"):
        (submissions / name).unlink()
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    assert not (out / "gap.json").exists() and not (out / "census.xlsx").exists()
    assert sorted(p.name for p in (out / "findings").iterdir()) == [
        "hong.xlsx.json", "sai-kieu.xlsx.json", "sai-kieu.xlsx.xlsx",
    ]  # fmt: skip
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["files"]) == 2
    # Fixed, the submission has no finding left: its marked-up copy goes too.
    _district(submissions / "sai-kieu.xlsx", "Cờ Đỏ", 31)
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    assert not (out / "findings" / "sai-kieu.xlsx.xlsx").exists()
    assert (out / "findings" / "sai-kieu.xlsx.json").is_file()


def test_a_census_xlsx_batch_did_not_write_is_never_removed(tmp_path: Path) -> None:
    folder, out = tmp_path / "nop", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    write_census(folder / "sai.xlsx", [{"so_thanh_vien": "abc", "ma_so": "1800000031"}])
    theirs = write_census(out / "census.xlsx", [{"ma_so": "1800000001"}])
    before = theirs.read_bytes()
    assert ktt("batch", folder, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    assert theirs.read_bytes() == before


def test_the_consolidated_census_is_a_census(submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    census = out / "census.xlsx"
    checked = ktt("check", census, "--today", TODAY.isoformat(), "-f", "json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["files"][0]["warnings"] == []

    direct = ktt("gap", census, "-f", "json", "--today", TODAY.isoformat())
    assert direct.exit_code == 0, direct.output
    gap = json.loads((out / "gap.json").read_text(encoding="utf-8"))
    assert json.loads(direct.stdout)["targets"] == gap["targets"]

    valid = ["ninh-kieu.xlsx", "o-mon.xlsx", "quận/cái răng.xlsx"]
    assert _records(census) == [r for name in valid for r in _records(submissions / name)]

    sheets = _sheets(census)
    assert list(sheets) == ["Thông tin chung", "Danh sách tổ chức", "Tệp nguồn"]
    assert sheets["Thông tin chung"] == [
        ("Đơn vị báo cáo", "UBND xã Thới Lai"),
        ("Năm báo cáo", 2025),
        ("Ngày số liệu", datetime(2025, 12, 15)),
        ("Địa bàn", None),
        ("Dân số", None),
    ]
    header, *rows = sheets["Danh sách tổ chức"]
    assert list(header) == [c.full_header for c in COLUMNS]  # the template's headers
    assert [r[0] for r in rows] == list(range(1, 10))  # STT
    assert sheets["Tệp nguồn"] == [
        ("Tệp nộp", "Đơn vị báo cáo", "Dân số", "Số tổ chức", "Từ dòng", "Đến dòng"),
        ("ninh-kieu.xlsx", "UBND xã Thới Lai", None, 3, 2, 4),
        ("o-mon.xlsx", "UBND xã Thới Lai", None, 3, 5, 7),
        ("quận/cái răng.xlsx", "UBND xã Thới Lai", None, 3, 8, 10),
    ]
    district = header.index("Quận/huyện")
    assert {r[district] for r in rows[3:6]} == {"Quận Ô Môn"}  # the rows the sources sheet names


def test_census_text_is_written_as_text_never_a_formula(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    texts = {
        "ten": '=HYPERLINK("http://example.com","HTX")',
        "xa_phuong": "=1+1",
        "ghi_chu": "#N/A",
    }
    rows = [{**texts, "ma_so": 180000001, "quan_huyen": "Ninh Kiều"}]  # a code that lost its 0
    path = write_census(folder / "a.xlsx", rows)
    workbook = openpyxl.load_workbook(path)  # the submission holds them as text, as typed
    for cell in workbook["Danh sách tổ chức"][2]:
        if cell.value in texts.values():
            cell.data_type = "s"
    workbook.save(path)
    out = tmp_path / "out"
    result = ktt("batch", folder, "-o", out, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out / "census.xlsx")["Danh sách tổ chức"]
    header = [c.value for c in ws[1]]
    for key, value in {**texts, "ma_so": "0180000001"}.items():
        cell = ws.cell(row=2, column=header.index(COLUMNS_BY_KEY[key].full_header) + 1)
        assert (cell.value, cell.data_type) == (value, "s"), key
    (org,) = _records(out / "census.xlsx")
    assert (org.ten, org.xa_phuong, org.ghi_chu, org.ma_so) == (*texts.values(), "0180000001")
    checked = ktt("check", out / "census.xlsx", "--today", TODAY.isoformat())
    assert checked.exit_code == 0, checked.output  # and no code-lost-leading-zero any more


def test_census_text_longer_than_a_cell_holds_is_cut_as_in_the_report() -> None:
    """A text the consolidated workbook could not hold (an .ods cell may be longer than
    Excel's 32,767 characters) is cut as the report cuts it, never a damaged workbook."""
    from ktt_indicators.report.census_xlsx import _text
    from ktt_indicators.report.report_xlsx import CELL_LIMIT, safe_text

    ws = openpyxl.Workbook(write_only=True).create_sheet()
    long = "Hợp tác xã " + "x" * 40_000
    assert _text(ws, long) == safe_text(long) and len(safe_text(long)) == CELL_LIMIT
    assert _text(ws, "HTX\x07 An Bình") == "HTX An Bình"


@pytest.mark.parametrize("where", [".", "bao-cao"], ids=["same-folder", "sub-folder"])
def test_an_output_folder_in_the_input_folder(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    _district(folder / "ninh-kieu.xlsx", "Ninh Kiều", 1)
    _district(folder / "o-mon.xlsx", "Ô Môn", 21)
    out = folder / where
    for _ in range(2):  # the second run does not take the first run's census.xlsx
        result = ktt("batch", folder, "-o", out, "--today", TODAY.isoformat(), "--lang", "en")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("2 files, 2 valid, 0 with errors")
        assert len(_records(out / "census.xlsx")) == 6


def test_a_submission_named_like_the_census_output_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    _district(folder / "census.xlsx", "Ninh Kiều", 1)
    before = _hashes(folder)
    result = ktt("batch", folder, "-o", folder, "--lang", "en")
    assert result.exit_code == 2
    assert f"Will not overwrite an input file: {folder / 'census.xlsx'}" in result.stderr
    assert _hashes(folder) == before


@pytest.mark.parametrize("name", ["gap.json", "findings/ninh-kieu.json"])
def test_a_targets_file_where_batch_writes_is_never_overwritten(
    submissions: Path, tmp_path: Path, name: str
) -> None:
    """JSON is YAML: a targets file kept as out/gap.json would be written over, and one in
    out/findings/ removed as a stale findings file."""
    out = tmp_path / "out"
    targets = out / name
    targets.parent.mkdir(parents=True)
    targets.write_text(json.dumps(yaml.safe_load(ROOT_TARGETS.read_text(encoding="utf-8"))))
    before = targets.read_bytes()
    result = ktt("batch", submissions, "-o", out, "--targets", targets, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == f"Error: Will not overwrite an input file: {targets}\n"
    assert targets.read_bytes() == before
    other = tmp_path / "elsewhere.json"
    other.write_bytes(before)  # the same file elsewhere is read as usual
    assert ktt("batch", submissions, "-o", out, "--targets", other).exit_code == 1


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
        # The operating system's reason in the user's words, not its own (ENOTDIR here).
        assert result.stderr == f"Error: Cannot write to {bad} (part of the path is not a folder)\n"
        vi = ktt("batch", submissions, "-o", bad)
        assert vi.exit_code == 2
        assert vi.stderr == (
            f"Lỗi: Không ghi được vào {bad} (một phần của đường dẫn không phải là thư mục)\n"
        )
    assert _hashes(out) == before


@pytest.mark.parametrize("stop", [3, 8], ids=["in-findings", "in-census-xlsx"])
@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), KeyboardInterrupt()],
    ids=["disk-full", "interrupted"],
)
def test_a_run_stopped_half_way_leaves_every_output_whole(
    submissions: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    stop: int,
) -> None:
    out = tmp_path / "out"
    assert ktt("batch", submissions, "-o", out, "--today", TODAY.isoformat()).exit_code == 1
    before = _files(out)
    # The next run has more to say: one more district, so every summary changes.
    _district(submissions / "phong-dien.xlsx", "Phong Điền", 41)

    # One file stops half written, as when the disk fills up or the run is killed: the third
    # (a findings file), or the eighth (census.xlsx, after six findings files and gap.json).
    real_fdopen, writes = os.fdopen, []

    def fdopen(fd: int, mode: str, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, **kwargs)
        writes.append(mode)
        if len(writes) != stop:
            return handle

        class Stopped:
            def __enter__(self) -> Stopped:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def write(self, content: str | bytes) -> None:
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
    assert len(writes) == stop
    assert writes[-1] == ("wb" if stop == 8 else "w")  # census.xlsx is the one binary output
    if isinstance(failure, OSError):
        assert result.exit_code == 2
        _one_line_naming(result.stderr, out)
        assert result.stderr.endswith(" (the disk is full)\n")  # in words, not strerror's
    else:
        assert result.exit_code == 130  # as any program stopped by Ctrl-C; not 1, «findings»
        assert "Traceback" not in result.output

    after = _files(out)
    assert set(before) <= set(after) <= set(before) | {"findings/phong-dien.xlsx.json"}
    for name in set(after) - {"summary.md", "census.xlsx"}:
        if name.endswith(".xlsx"):  # a marked-up copy: a whole workbook
            assert isinstance(after[name], bytes) and after[name].startswith(b"PK")
            continue
        json.loads(after[name])  # whole, not cut; and no temporary file left
    assert after["census.xlsx"] == before["census.xlsx"]
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


@pytest.mark.parametrize(
    ("core", "ours"),
    [
        ('<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:creator>ktt batch</dc:creator>', True),
        ('<cp:coreProperties xmlns:cp="c"><dc:creator xmlns:dc="d">ktt batch</dc:creator>', True),
        (
            '<cp:coreProperties xmlns:cp="c"><dc:creator xmlns:dc="d">Văn A</dc:creator>',
            False,
        ),
    ],
)
def test_batch_knows_its_own_census_whoever_wrote_the_namespaces(
    tmp_path: Path, core: str, ours: bool
) -> None:
    """openpyxl declares dc: on the element when lxml is installed, on the root otherwise."""
    import zipfile

    from ktt_indicators.batch.run import is_own_census

    path = tmp_path / "census.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("docProps/core.xml", core + "</cp:coreProperties>")
    assert is_own_census(path) is ours
