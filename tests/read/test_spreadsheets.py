"""Any spreadsheet a person sends: no crash, no false refusal, no runaway parser.

Every case of :mod:`spreadsheets` runs as a whole ``ktt`` process through the launcher of
:mod:`test_hostile` (a forked child per case, its exit code, processor time and peak
memory from ``os.wait4``). Every case: the expected exit code, no traceback and no word of
a Rust panic, at most 10 s of processor time and 1 GB, and every input byte unchanged; a
case that ends in exit 2 says, on one line of stderr, the file and the reason. Workbooks
calamine reads must be read (their organizations counted); files that are no workbook ktt
reads must be named for what they are.

The children run with an address-space limit of 3 GB: a parser that allocates for ever
(an OLE2 chain that loops) then aborts there instead of taking the machine's memory; the
case fails on its exit code and peak all the same.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_hostile import PEAK_KB, SECONDS, SRC, fingerprints, launch, says

from hostile import BAD_ROW, Case
from spreadsheets import (
    CENSUS_ROWS,
    biff5_workbook,
    biff_old,
    dif,
    encrypted_xls,
    flat_ods,
    lock_file,
    ods_census,
    ods_with_basic,
    spreadsheetml_2003,
    strict_formula,
    sylk,
    unicode_text,
    xls_census,
    xls_directory_loop,
    xls_empty_bof,
    xls_empty_boundsheet,
    xls_fat_past_end,
    xls_full_grid,
    xls_huge_dimensions,
    xls_inverted_dimensions,
    xls_no_fat,
    xls_panic,
    xls_panic_short_stream,
    xls_sheet_offset_past_end,
    xls_stream_loop,
    xls_truncated,
    xlsm_with_macrosheet,
    xlsx_backslashes,
    xlsx_elsewhere,
    xlsx_other_case,
    xlsx_page_setup,
    xlsx_styled_to_the_end,
    xlsx_wide,
)

from conftest import HOSTILE_TABLE, write_census

#: The children's address space (see the module's docstring).
ADDRESS_SPACE = 3 * 1024**3
#: Words that only a crash prints.
CRASH_WORDS = ("Traceback", "panicked", "RUST_BACKTRACE")


@dataclass
class Expect:
    """One run of ``ktt`` over files of the corpus, and what it must do."""

    name: str
    args: list[str]
    codes: tuple[int, ...]
    #: Words the output (stdout + stderr) must hold.
    says: list[str] = field(default_factory=list)
    #: For exit 2: one line of stderr holds this file's name and ``reason``.
    file: str | None = None
    reason: str = ""
    #: With ``--format json``: the organizations counted in all files.
    organizations: int | None = None
    #: With ``--format json``: a finding with this code is among the files' findings.
    finding: str | None = None


def _codes(report: Any) -> set[str]:
    return {x["code"] for f in report["files"] for x in [*f["errors"], *f["warnings"]]}


def build_cases(folder: Path) -> list[Expect]:
    """Write every file into ``folder``; return the runs in a fixed order."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Expect] = []

    def refused(name: str, *reason: str, args: tuple[str, ...] = ()) -> None:
        words = [name, *reason]
        cases.append(Expect(f"{name} {' '.join(args)}".strip(), ["check", *args, name], (2,),
                            words, file=name, reason=reason[0] if reason else ""))  # fmt: skip

    def read(name: str, codes: tuple[int, ...] = (0, 1), **kw: Any) -> None:
        organizations = kw.pop("organizations", len(CENSUS_ROWS))
        cases.append(Expect(name, ["check", "--format", "json", name], codes,
                            organizations=organizations, **kw))  # fmt: skip

    # A1: a BIFF8 census reads as the same census written as .xlsx
    write_census(folder / "good.xlsx", CENSUS_ROWS)
    read("good.xlsx", (0,))
    xls_census(folder / "census.xls", CENSUS_ROWS)
    read("census.xls", (0,))
    xls_census(folder / "invalid.xls", [*CENSUS_ROWS, BAD_ROW])
    read("invalid.xls", (1,), finding="wrong-type")

    # A2: .xls that break calamine: one line naming the file, never a crash
    for build, name in [
        (xls_panic, "panic.xls"),
        (xls_panic_short_stream, "short-stream.xls"),
        (xls_directory_loop, "directory-loop.xls"),
        (xls_stream_loop, "stream-loop.xls"),
        (xls_full_grid, "full-grid.xls"),
        (xls_inverted_dimensions, "inverted-dimensions.xls"),
        # found by bench/fuzz.py
        (lambda p: xls_truncated(p, 821), "truncated-821.xls"),
        (lambda p: xls_truncated(p, 1077), "truncated-1077.xls"),
        (lambda p: xls_truncated(p, 1392), "truncated-1392.xls"),
        (lambda p: xls_truncated(p, 1528), "truncated-1528.xls"),
        (xls_fat_past_end, "fat-past-end.xls"),
        (xls_sheet_offset_past_end, "sheet-offset-past-end.xls"),
        (xls_huge_dimensions, "huge-dimensions.xls"),
        (xls_empty_bof, "empty-bof.xls"),
        (xls_no_fat, "no-fat.xls"),
        (xls_empty_boundsheet, "empty-boundsheet.xls"),
    ]:
        build(folder / name)
        refused(name)
    refused("full-grid.xls", "vượt giới hạn 1000 ô", args=("--max-cells", "1000"))
    cases.append(Expect("check good.xlsx panic.xls", ["check", "good.xlsx", "panic.xls"], (2,),
                        ["good.xlsx: hợp lệ", "panic.xls"], file="panic.xls"))  # fmt: skip
    cases.append(Expect("check good.xlsx directory-loop.xls inverted-dimensions.xls",
                        ["check", "good.xlsx", "directory-loop.xls", "inverted-dimensions.xls"],
                        (2,), ["good.xlsx: hợp lệ", "inverted-dimensions.xls"],
                        file="directory-loop.xls"))  # fmt: skip
    gap = [
        "gap",
        "--today",
        "2026-11-21",
        "good.xlsx",
        "census.xls",
        "panic.xls",
        "stream-loop.xls",
    ]
    cases.append(Expect("gap good.xlsx census.xls panic.xls stream-loop.xls", gap, (2,),
                        ["panic.xls"], file="panic.xls"))  # fmt: skip

    # A3: readable workbooks refused today
    xlsx_backslashes(folder / "backslashes.xlsx")
    read("backslashes.xlsx")
    xlsx_other_case(folder / "other-case.xlsx")
    read("other-case.xlsx")
    xlsx_elsewhere(folder / "at-the-root.xlsx", "")
    read("at-the-root.xlsx")
    xlsx_elsewhere(folder / "excel-folder.xlsx", "excel")
    read("excel-folder.xlsx")
    xlsx_styled_to_the_end(folder / "styled-to-the-end.xlsx")
    read("styled-to-the-end.xlsx")
    xlsx_page_setup(folder / "page-setup.xlsx")
    read("page-setup.xlsx")
    ods_census(folder / "census.ods")
    read("census.ods", (0,))
    ods_with_basic(folder / "basic-macros.ods")
    read("basic-macros.ods")

    # A4: Strict, with a formula without a saved value
    strict_formula(folder / "strict.xlsx")
    read("strict.xlsx", (1,), finding="formula-without-value", organizations=1)

    # A5: wide sheets to XFD
    xlsx_wide(folder / "wide.xlsx")
    read("wide.xlsx")
    xlsx_wide(folder / "wide-8.xlsx", sheets=8)
    read("wide-8.xlsx")

    # A6: files that are no workbook ktt reads, named for what they are
    spreadsheetml_2003(folder / "xml-2003.xls")
    refused("xml-2003.xls", "XML Spreadsheet 2003")
    for version, words in [(2, "Excel 2.1"), (3, "Excel 3.0"), (4, "Excel 4.0")]:
        biff_old(folder / f"excel-{version}.xls", version)
        refused(f"excel-{version}.xls", words, "BIFF")
    biff5_workbook(folder / "excel-95.xls")
    refused("excel-95.xls", "Excel 5.0/95", "BIFF")
    sylk(folder / "sylk.xls")
    refused("sylk.xls", "SYLK")
    dif(folder / "dif.xls")
    refused("dif.xls", "DIF")
    flat_ods(folder / "flat.fods")
    refused("flat.fods", ".fods")
    unicode_text(folder / "unicode-text.xls")
    refused("unicode-text.xls", "Văn bản Unicode")
    refused("unicode-text.xls", "Unicode Text", args=("--lang", "en"))
    encrypted_xls(folder / "xor.xls", "xor")
    refused("xor.xls", "bảo vệ bằng mật khẩu")
    encrypted_xls(folder / "rc4.xls", "rc4")
    refused("rc4.xls", "bảo vệ bằng mật khẩu")
    refused("rc4.xls", "password-protected", args=("--lang", "en"))
    xlsm_with_macrosheet(folder / "macro-sheet.xlsm")
    refused("macro-sheet.xlsm", "Excel 4.0")
    lock_file(folder / "~$Báo cáo.xlsx")
    refused("~$Báo cáo.xlsx", "tệp khóa")
    refused("~$Báo cáo.xlsx", "lock file", args=("--lang", "en"))
    renamed = [
        ("xlsx-named.ods", lambda p: write_census(p, CENSUS_ROWS)),
        ("xlsx-named.xls", lambda p: write_census(p, CENSUS_ROWS)),
        ("ods-named.xlsx", ods_census),
        ("xls-named.xlsx", lambda p: xls_census(p, CENSUS_ROWS)),
    ]
    for name, build in renamed:
        build(folder / name)
        read(name, finding="renamed-workbook")

    # issue item 6: a one-line summary on stderr under --format json
    write_census(folder / "errors.xlsx", [*CENSUS_ROWS, BAD_ROW])
    cases.append(Expect("errors.xlsx --format json", ["check", "--format", "json",
                        "errors.xlsx"], (1,), organizations=2, file="errors.xlsx",
                        reason="không hợp lệ"))  # fmt: skip
    return cases


@contextmanager
def address_space(limit: int) -> Iterator[None]:
    """Processes started inside inherit an address-space limit of ``limit`` bytes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def run_cases(
    cases: list[Expect], folder: Path, logs: Path
) -> list[tuple[Expect, dict[str, Any], str, str]]:
    """Run ``cases`` one at a time (the machine is shared) through the launcher."""
    logs.mkdir()
    with address_space(ADDRESS_SPACE):
        process = launch("fork", [Case(c.name, c.args, 0) for c in cases], folder, logs, 1)
    output, _ = process.communicate(timeout=900)
    results = json.loads(output)
    runs = []
    for n, case in enumerate(cases):
        out = (logs / f"{n}.out").read_text(encoding="utf-8", errors="replace")
        err = (logs / f"{n}.err").read_text(encoding="utf-8", errors="replace")
        runs.append((case, results[str(n)], out, err))
    return runs


def problems_of(case: Expect, run: dict[str, Any], out: str, err: str) -> list[str]:
    """What went wrong in one run (nothing: an empty list)."""
    trouble = []
    said = out + err
    if run["code"] not in case.codes:
        trouble.append(f"exit {run['code']}, expected {' or '.join(map(str, case.codes))}")
    missing = [w for w in case.says if not says(w, said)]
    if missing:
        trouble.append(f"does not say {missing}")
    crashed = [w for w in CRASH_WORDS if w in said]
    if crashed:
        trouble.append(f"says {crashed}")
    if run["cpu"] > SECONDS or run["seconds"] > 2 * SECONDS:
        trouble.append(f"{run['cpu']:.1f} s processor, {run['seconds']:.1f} s clock")
    if run["peak_kb"] > PEAK_KB:
        trouble.append(f"{run['peak_kb'] // 1024} MB")
    if case.file and not any(case.file in line and case.reason in line
                             for line in err.splitlines()):  # fmt: skip
        trouble.append(f"no one line on stderr naming {case.file} and {case.reason!r}")
    if case.organizations is not None or case.finding:
        try:
            report = json.loads(out)
        except ValueError:
            return [*trouble, "no JSON report"]
        counted = sum(f["organizations"] for f in report["files"])
        if case.organizations is not None and counted != case.organizations:
            trouble.append(f"{counted} organizations, {case.organizations} written")
        if case.finding and case.finding not in _codes(report):
            trouble.append(f"no {case.finding} among {sorted(_codes(report))}")
    return trouble


def test_spreadsheets_people_send(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Every case of the corpus: exit code, words, no crash, 10 s, 1 GB, inputs unchanged.
    The table of the run is printed at the end of the session, after the hostile corpus's."""
    folder = tmp_path / "corpus"
    cases = build_cases(folder)
    before = fingerprints(folder)
    problems = []
    table = request.config.stash.setdefault(HOSTILE_TABLE, [])
    table.append(f"{'spreadsheets people send (test_spreadsheets)':44} {'exit':>4} {'clock':>7} "
                 f"{'cpu':>7} {'peak':>9}  first line of stderr")  # fmt: skip
    for case, run, out, err in run_cases(cases, folder, tmp_path / "logs"):
        trouble = problems_of(case, run, out, err)
        first = next((line for line in err.splitlines() if line.strip()), "")
        clock, cpu, peak = run["seconds"], run["cpu"], run["peak_kb"] / 1024
        table.append(
            f"{case.name[:44]:44} {run['code']:>4} {clock:6.2f}s {cpu:6.2f}s {peak:7.1f}MB  "
            + first[:120]
        )
        if trouble:
            problems.append(f"{case.name}: {'; '.join(trouble)}\n{err[-600:]}")
    after = fingerprints(folder)
    changed = [p for p in before if before[p] != after.get(p)]
    assert not changed, f"inputs changed: {changed}"
    assert not problems, f"{len(problems)} of {len(cases)} cases:\n" + "\n".join(problems)


def test_the_summary_line_is_not_wrapped_through_a_pipe(tmp_path: Path) -> None:
    """``ktt check`` with its output in a pipe (no terminal, no COLUMNS): the summary of a
    file 150 characters long stays on one line."""
    folder = tmp_path / "Báo cáo tổng hợp kinh tế tập thể năm 2025"
    folder.mkdir()
    relative = f"{folder.name}/"
    stem = "Danh sách hợp tác xã, tổ hợp tác trên địa bàn phường Ninh Kiều, thành phố Cần Thơ"
    name = (stem + " " + "x" * 150)[: 150 - len(relative) - len(".xlsx")] + ".xlsx"
    path = write_census(folder / name, [*CENSUS_ROWS, BAD_ROW])
    shown = f"{relative}{name}"
    assert len(shown) == 150
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = SRC
    for extra in ([], ["--format", "json"]):
        result = subprocess.run(
            [sys.executable, "-c", "from ktt_indicators.cli.app import main; main()", "check",
             *extra, shown], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 1, result.stderr
        assert path.exists()
        stream = result.stderr if extra else result.stdout + result.stderr
        assert any(shown in line and "không hợp lệ" in line for line in stream.splitlines()), (
            extra,
            stream[:1000],
        )


def test_an_xls_census_reads_as_the_same_census_as_xlsx(tmp_path: Path) -> None:
    """The BIFF8 writer's census gives what the same census written by openpyxl gives."""
    from typer.testing import CliRunner

    from ktt_indicators.cli.app import app

    rows = [*CENSUS_ROWS, BAD_ROW, {"ten": "THT Ba", "loai_hinh": "THT", "so_thanh_vien": 7}]
    reports = []
    for name, build in [("a.xlsx", write_census), ("a.xls", xls_census)]:
        path = build(tmp_path / name, rows)
        result = CliRunner().invoke(app, ["check", "--format", "json", str(path)])
        assert result.exit_code == 1, result.output
        (report,) = json.loads(result.stdout)["files"]
        findings = [(x["code"], x["cell"], x["column"]) for x in report["errors"]]
        reports.append((report["organizations"], report["rows_read"], findings, report["warnings"]))
    assert reports[0] == reports[1]
    assert reports[0][0] == 3
