"""Hostile and broken input: never crash, never hang, never lose a byte.

The corpus of :mod:`hostile` runs as whole ``ktt`` processes, in parallel, each timed and
measured (peak memory from ``os.wait4``); every case must exit as expected, say the file
and the reason, finish in 10 s and stay under 1 GB, and leave every input byte as it was.
The table of the run is printed at the end of the session.

Property-based tests (hypothesis) give the value parsers, the whole check path, the guard
and the targets loader random input. The rest: formula injection in CSV and workbook
reports, and outputs that are written whole or not at all.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from typer.testing import CliRunner

from hostile import MAIN, Case, build_corpus, corner, sheet_xml, write_xlsx
from ktt_indicators.census.findings import CATALOG
from ktt_indicators.census.reader import read_census_file
from ktt_indicators.census.schema import COLUMNS, COLUMNS_BY_KEY, INFO_FIELDS
from ktt_indicators.cli.app import app
from ktt_indicators.core.output import write_atomic
from ktt_indicators.core.resources import default_targets
from ktt_indicators.plan.targets_loader import TargetsFileError, load_targets
from ktt_indicators.read import values
from ktt_indicators.read.extent import _greater, column_letters
from ktt_indicators.read.guard import inspect
from ktt_indicators.read.limits import Limits, Refused
from ktt_indicators.read.workbook import read_workbook
from ktt_indicators.report.formats import safe_cell

from conftest import HOSTILE_TABLE, TODAY, write_census

SRC = str(Path(__file__).parents[2] / "src")
#: At most this many seconds of processor time a case; the wall clock depends on what else
#: the machine runs, so it only has to stay under twice that (a hang is killed at 3x).
SECONDS = 10.0
PEAK_KB = 1024 * 1024
PROPERTY = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --------------------------------------------------------------------------- the corpus

#: Runs cases in child processes and reports each one's exit code, time and peak memory
#: (``os.wait4``). In "fork" mode the launcher imports ktt once and forks a child per case
#: that runs ``main()`` with the case's argv (no interpreter start-up per case; the peak
#: then counts the launcher's own pages, an upper bound); in "exec" mode each child is a
#: new interpreter running ``ktt`` from scratch.
LAUNCHER = r"""
import json, os, signal, sys, time
spec = json.load(sys.stdin)
mode, folder, workers, limit = spec["mode"], spec["folder"], spec["workers"], spec["limit"]
if mode == "fork":
    import ktt_indicators.batch.run, ktt_indicators.census.reader, ktt_indicators.cli.app
    import ktt_indicators.report.render, ktt_indicators.plan.targets
queue, running, results = list(enumerate(spec["cases"])), {}, {}

def start(n, case):
    out = os.open(os.path.join(spec["logs"], f"{n}.out"), os.O_WRONLY | os.O_CREAT, 0o600)
    err = os.open(os.path.join(spec["logs"], f"{n}.err"), os.O_WRONLY | os.O_CREAT, 0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KTT_")}
    env.update(case["env"])
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(folder)
            if case["user"] is not None:
                os.setgroups([])
                os.setgid(case["user"])
                os.setuid(case["user"])
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(out, 1)
            os.dup2(err, 2)
            signal.alarm(int(limit * 3))
            if mode == "exec":
                code = "from ktt_indicators.cli.app import main; main()"
                os.execve(sys.executable, [sys.executable, "-c", code, *case["args"]], env)
            os.environ.clear()
            os.environ.update(env)
            sys.argv = ["ktt", *case["args"]]
            from ktt_indicators.cli.app import main
            try:
                main()
                status = 0
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            import traceback
            traceback.print_exc()
            sys.stderr.flush()
            status = 99
        os._exit(status)
    os.close(out)
    os.close(err)
    running[pid] = (n, time.monotonic())

while queue or running:
    while queue and len(running) < workers:
        start(*queue.pop(0))
    pid, status, usage = os.wait4(-1, 0)
    n, began = running.pop(pid)
    code = os.waitstatus_to_exitcode(status)
    results[n] = {"code": code, "seconds": time.monotonic() - began, "peak_kb": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime}
json.dump(results, sys.stdout)
"""

#: Cases run as a new interpreter each (the real start-up, and an exact peak).
EXEC = {"empty.xlsx", "bomb.xlsx", "rows-1048576.xlsx", "-bao-cao.xlsx (no --)"}


def launch(
    mode: str, cases: list[Case], folder: Path, logs: Path, workers: int
) -> subprocess.Popen[str]:
    spec = {
        "mode": mode,
        "folder": str(folder),
        "logs": str(logs),
        "workers": workers,
        "limit": SECONDS,
        "cases": [{"args": c.args, "env": c.env, "user": c.user} for c in cases],
    }
    env = {**os.environ, "PYTHONPATH": SRC, "COLUMNS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env=env,
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(json.dumps(spec))
    process.stdin.close()
    process.stdin = None  # written: communicate() only reads
    return process


def says(word: str, said: str) -> bool:
    """Whether a run said ``word``: a finding's code is said by its title, as the table
    (Vietnamese) names findings; anything else as it is."""
    return word in said or (word in CATALOG and CATALOG[word].title("vi") in said)


def fingerprints(folder: Path) -> dict[str, tuple[str, int]]:
    """SHA-256 and modification time of every input file that can be read."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and os.access(path, os.R_OK):
            found[str(path)] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                path.stat().st_mtime_ns,
            )
    return found


def test_hostile_corpus(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Every case: the expected exit code, the file and the reason said in the user's words,
    no traceback, at most 10 s (of processor time) and 1 GB, and every input byte unchanged."""
    folder = tmp_path / "corpus"
    cases = build_corpus(folder)
    skipped = [c for c in cases if c.skip]
    runnable = [c for c in cases if not c.skip]
    before = fingerprints(folder)
    groups = {
        "exec": [c for c in runnable if c.name in EXEC],
        "fork": [c for c in runnable if c.name not in EXEC],
    }
    assert len(groups["exec"]) == len(EXEC)
    logs = {mode: tmp_path / f"logs-{mode}" for mode in groups}
    cpus = os.cpu_count() or 2
    workers = {"exec": 1, "fork": max(1, cpus - 1)}  # one process per processor in all
    processes = {}
    for mode, group in groups.items():
        logs[mode].mkdir()
        processes[mode] = launch(mode, group, folder, logs[mode], workers[mode])
    rows, problems = [], []
    for mode, group in groups.items():
        output, _ = processes[mode].communicate(timeout=300)
        results = json.loads(output)
        for n, case in enumerate(group):
            run = results[str(n)]
            out = (logs[mode] / f"{n}.out").read_text(encoding="utf-8", errors="replace")
            err = (logs[mode] / f"{n}.err").read_text(encoding="utf-8", errors="replace")
            said = out + err
            missing = [w for w in case.says if not says(w, said)]
            trouble = []
            if run["code"] != case.code:
                trouble.append(f"exit {run['code']}, expected {case.code}")
            if missing:
                trouble.append(f"does not say {missing}")
            if "Traceback" in said:
                trouble.append("traceback")
            if run["cpu"] > SECONDS or run["seconds"] > 2 * SECONDS:
                trouble.append(f"{run['cpu']:.1f} s processor, {run['seconds']:.1f} s clock")
            if run["peak_kb"] > PEAK_KB:
                trouble.append(f"{run['peak_kb'] // 1024} MB")
            if case.code == 2 and not any(
                case.says[0] in line and (case.says[1] if len(case.says) > 1 else "") in line
                for line in err.splitlines()
            ):
                trouble.append("no one line on stderr naming the file and the reason")
            if trouble:
                problems.append(f"{case.name}: {'; '.join(trouble)}\n{err[-800:]}")
            rows.append((case.name, run["code"], run["seconds"], run["cpu"], run["peak_kb"], mode))
    table = [f"{'case':44} {'exit':>4} {'clock':>7} {'cpu':>7} {'peak':>9}  run"]
    for name, code, seconds, cpu, peak, mode in rows:
        table.append(
            f"{name:44} {code:>4} {seconds:6.2f}s {cpu:6.2f}s {peak / 1024:7.1f}MB  {mode}"
        )
    table += [f"{c.name:44} skipped: {c.skip}" for c in skipped]
    request.config.stash[HOSTILE_TABLE] = table
    junit = ElementTree.parse(tmp_path / "control-chars.xml").getroot()  # control characters
    assert junit.find(".//failure") is not None  # made well-formed XML still
    after = fingerprints(folder)
    changed = [p for p in before if before[p] != after.get(p)]
    assert not changed, f"inputs changed: {changed}"
    assert not problems, "\n".join(problems)
    assert len(rows) == len(runnable) >= 45


# --------------------------------------------------------------------------- the guard


def test_greater_matches_exactly_the_larger_strings() -> None:
    import re

    rnd = random.Random(7)
    for _ in range(300):
        bound = rnd.randint(1, 200_000)
        pattern = re.compile(f"^{_greater(str(bound), '0123456789')}$")
        for x in (*rnd.sample(range(1, 400_000), 40), bound, bound + 1, bound - 1):
            assert bool(pattern.match(str(x))) == (x > bound), (bound, x)
        columns = rnd.randint(1, 16_384)
        pattern = re.compile(f"^{_greater(column_letters(columns), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}$")
        for x in (*rnd.sample(range(1, 20_000), 40), columns, columns + 1, max(1, columns - 1)):
            assert bool(pattern.match(column_letters(x))) == (x > columns), (columns, x)


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[tuple[int, int]], str, bool]:
    """Cells (row, column) of a sheet, the order they are written in, and whether their
    references are written."""
    cells = draw(st.lists(st.tuples(st.integers(1, 3000), st.integers(1, 300)), min_size=1,
                          max_size=40, unique=True))  # fmt: skip
    order = draw(st.sampled_from(["sorted", "reversed", "shuffled"]))
    return cells, order, draw(st.booleans())


@PROPERTY
@given(sheets(), st.integers(1, 3000), st.integers(1, 300), st.integers(1, 300_000))
def test_guard_measures_a_sheet_as_far_as_it_reaches(
    sheet: tuple[list[tuple[int, int]], str, bool], rows: int, columns: int, cells: int
) -> None:
    """A sheet is refused exactly when its furthest cell lies beyond a limit, or the grid
    from its first cell to its furthest spans too many cells, whatever order its cells are
    written in (or when they carry no reference, placed one after another)."""
    positions, order, referenced = sheet
    by_row: dict[int, list[int]] = {}
    for r, c in sorted(positions):
        by_row.setdefault(r, []).append(c)
    if not referenced:  # without references, cells follow each other from column A
        by_row = {r: list(range(1, len(cs) + 1)) for r, cs in by_row.items()}
    items = list(by_row.items())
    if order == "reversed":
        items.reverse()
    elif order == "shuffled":
        random.Random(len(items)).shuffle(items)
    xml = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{column_letters(c)}{r}"><v>1</v></c>' if referenced else "<c><v>1</v></c>"
            for c in cs
        )
        + "</row>"
        for r, cs in items
    )
    far_row = max(by_row)
    far_column = max(max(cs) for cs in by_row.values())
    limits = Limits(max_rows=rows, max_columns=columns, max_cells=cells)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(Path(tmp) / "s.xlsx", {"S": sheet_xml(xml)})
        try:
            inspect(path, limits)
            refused = None
        except Refused as exc:
            refused = exc.reason
    # the grid the reader allocates spans from the first row and column used to the last
    span = (far_row - min(by_row) + 1) * (far_column - min(min(cs) for cs in by_row.values()) + 1)
    fits = far_row <= rows and far_column <= columns and span <= cells
    assert (refused is None) == fits, (refused, far_row, far_column)
    assert refused in (None, "limit-rows", "limit-columns", "limit-cells")


# --------------------------------------------------------------------------- value parsers

RAW = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.text(alphabet="0123456789.,-+ eE%\u00a0", max_size=30),
    st.sampled_from(["Có", "khong", "x", "✓", "-", "", " ", "1.250,5", "12 người", "16/3/2023",
                     "2023-03-16", "1.8E+09", "0181234567", "=SUM(A1)", "\x00", "\t"]),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.timedeltas(),
)  # fmt: skip
PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": values.parse_text,
    "code": values.parse_code,
    "number": values.parse_number,
    "count": values.parse_count,
    "amount": values.parse_amount,
    "signed": values.parse_signed_amount,
    "date": values.parse_date,
    "yes-no": values.parse_yes_no,
    **{f"column {c.key}": c.parse for c in COLUMNS},
    **{f"info {f.key}": f.parse for f in INFO_FIELDS},
}


@PROPERTY
@given(st.sampled_from(sorted(PARSERS)), RAW)
def test_value_parsers_give_a_value_or_a_finding(name: str, raw: Any) -> None:
    try:
        PARSERS[name](raw)
    except values.CellError as err:
        assert err.code in CATALOG


@PROPERTY
@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 10**12), st.dates(),
       st.booleans(), st.from_regex(r"\A\d{10}(-\d{3})?\Z"))  # fmt: skip
def test_value_parsers_keep_what_is_already_typed(
    x: float, n: int, day: date, flag: bool, code: str
) -> None:
    assert values.parse_number(x) == x
    assert values.parse_count(n) == n
    assert values.parse_count(str(n)) == n
    assert values.parse_date(day) == day
    assert values.parse_date(datetime(day.year, day.month, day.day, 13)) == day
    assert values.parse_yes_no(flag) is flag
    assert values.parse_code(code) == code
    assert values.parse_text(f"  {code} ") == code


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_value_parsers_take_little_time_on_the_longest_cells(name: str) -> None:
    """Cells of 32,767 characters shaped to make a regex backtrack."""
    import time

    longest = [
        "1" * 32_767, " " * 32_767, "1 " * 16_383, "1." * 16_383, "1," * 16_383,
        "1 " * 16_000 + "x1", "1" * 32_000 + "người" + "1" * 700, "x" * 32_767,
        "/" * 32_767, "1/1/" + "1" * 32_763, "co" * 16_383, "\u0301" * 32_767,
    ]  # fmt: skip
    started = time.monotonic()
    for raw in longest:
        with contextlib.suppress(values.CellError):
            PARSERS[name](raw)
    assert time.monotonic() - started < 2.0


CELL = st.one_of(
    st.none(),
    st.text(max_size=40).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(["HTX", "THT", "LHHTX", "Đang hoạt động", "Tốt", "x", "1.250", "=1+1"]),
)
KEYS = [c.key for c in COLUMNS]


@settings(PROPERTY, max_examples=60)
@given(st.lists(st.dictionaries(st.sampled_from(KEYS), CELL, max_size=8), min_size=1,
                max_size=6), st.booleans())  # fmt: skip
def test_any_cells_give_findings_never_an_exception(rows: list[dict[str, Any]], base: bool) -> None:
    """Random values in random columns of a census: read, every row is counted or rejected,
    and every finding can be said in both languages."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "census.xlsx"
        write_census(path, rows, auto_codes=base, headers=None if base else KEYS)
        result = read_census_file(path, today=TODAY)
    assert not result.unreadable
    for finding in result.findings:
        assert finding.code in CATALOG
        assert finding.message("vi") and finding.message("en")
    if not any(f.code == "missing-column" for f in result.findings):
        assert len(result.organizations) + len(result.rejected_rows) == result.rows_read


# --------------------------------------------------------------------------- targets files


def _mutations(draw: st.DrawFn, data: Any, depth: int = 0) -> Any:
    """``data`` with one value somewhere replaced by one of another type, or a key added."""
    if isinstance(data, dict) and data and depth < 8:
        key = draw(st.sampled_from(sorted(data, key=str)))
        if draw(st.integers(0, 5)) == 0:
            return {**data, draw(st.sampled_from(["extra", "yaer", "mesure", "7"])): 1}
        return {**data, key: _mutations(draw, data[key], depth + 1)}
    if isinstance(data, list) and data and depth < 8:
        i = draw(st.integers(0, len(data) - 1))
        return [*data[:i], _mutations(draw, data[i], depth + 1), *data[i + 1 :]]
    return draw(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
                          st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                          st.integers(), max_size=2), st.dates()))  # fmt: skip


ORIGINAL_TARGETS = yaml.safe_load(default_targets().read_text(encoding="utf-8"))
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@settings(PROPERTY, max_examples=40)
@given(st.data())
def test_a_wrong_type_anywhere_in_a_targets_file_is_a_targets_error(data: st.DataObject) -> None:
    mutated = _mutations(data.draw, ORIGINAL_TARGETS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "targets.yaml"
        path.write_text(yaml.dump(mutated, Dumper=DUMPER, allow_unicode=True), encoding="utf-8")
        try:
            load_targets(path)
        except TargetsFileError as exc:
            assert exc.details and all(d.path and d.message for d in exc.details)


# --------------------------------------------------------------------------- formulas

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})
FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+2"]  # fmt: skip
#: The names as read from the census: surrounding white space is not kept.
READ = [f.strip() for f in FORMULAS]


def _prefixed_sheet(prefix: str, rows: str) -> str:
    """A worksheet's XML holding ``rows`` (whose tags write ``{x}`` for the prefix), its main
    namespace bound to ``prefix`` (``x:``) or, without one, the default namespace."""
    x = prefix
    xmlns = f'xmlns:x="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{x}worksheet {xmlns}><{x}sheetData>'
        f"{rows.format(x=x)}</{x}sheetData></{x}worksheet>"
    )


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_a_formula_without_a_saved_value_is_found_with_or_without_a_prefix(
    tmp_path: Path, prefix: str
) -> None:
    xml = _prefixed_sheet(
        prefix,
        '<{x}row r="1"><{x}c r="A1" t="inlineStr"><{x}is><{x}t>Doanh thu</{x}t></{x}is></{x}c>'
        '</{x}row><{x}row r="2"><{x}c r="A2"><{x}f>1+1</{x}f></{x}c>'
        '<{x}c r="B2"><{x}f>2+2</{x}f><{x}v>4</{x}v></{x}c></{x}row>',
    )
    path = write_xlsx(tmp_path / "formulas.xlsx", {"Danh sách": xml})
    (sheet,) = read_workbook(path)
    assert sheet.rows == [["Doanh thu", ""], ["", 4.0]]
    assert sheet.unsaved_formulas == {(1, 0)}  # A2 only: B2 has its saved value


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_error_cells_are_found_with_the_error_they_show(tmp_path: Path, prefix: str) -> None:
    """calamine reads an error cell as empty: the reader keeps what it shows, a formula's
    cached error and an error saved as a value alike."""
    xml = _prefixed_sheet(
        prefix,
        '<{x}row r="1"><{x}c r="A1" t="inlineStr"><{x}is><{x}t>#N/A</{x}t></{x}is></{x}c>'
        '<{x}c r="B1" t="e"><{x}v>#N/A</{x}v></{x}c></{x}row>'
        '<{x}row r="2"><{x}c r="A2" t="e"><{x}f>1/0</{x}f><{x}v>#DIV/0!</{x}v></{x}c>'
        '<{x}c r="B2"><{x}v>4</{x}v></{x}c></{x}row>',
    )
    path = write_xlsx(tmp_path / "errors.xlsx", {"Danh sách": xml})
    (sheet,) = read_workbook(path)
    assert sheet.rows == [["#N/A", ""], ["", 4.0]]  # A1 is the text «#N/A», not an error
    assert sheet.errors == {(0, 1): "#N/A", (1, 0): "#DIV/0!"}
    assert sheet.error_at(0, 1) == "#N/A" and sheet.error_at(0, 0) is None
    assert sheet.unsaved_formulas == frozenset()


def test_safe_cell_makes_formulas_text_and_leaves_numbers() -> None:
    for text in FORMULAS:
        assert safe_cell(text) == "'" + text
    assert safe_cell("HTX Một") == "HTX Một"
    assert safe_cell(-2) == -2 and safe_cell(3.5) == 3.5 and safe_cell(None) is None


def _formula_census(tmp_path: Path) -> Path:
    """A census whose names are formulas typed as text (a string cell, as a careful hand
    or a hostile one writes them: openpyxl would make "=…" a formula)."""
    rows = [
        {"ten": name, "quan_huyen": name, "xa_phuong": name, "loai_hinh": "HTX"}
        for name in FORMULAS
    ]
    path = write_census(tmp_path / "formulas.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    wb.save(path)
    return path


def test_census_text_in_a_csv_report_cannot_run(tmp_path: Path) -> None:
    census = _formula_census(tmp_path)
    out = tmp_path / "gap.csv"
    result = runner.invoke(app, ["gap", str(census), "--by", "quan_huyen", "-o", str(out),
                                 "--today", "2026-11-21"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    areas = {r["area"] for r in rows if r["area"]}
    assert {"'" + f for f in READ} <= areas
    assert all(not a.startswith(("=", "+", "-", "@", "\t", "\r")) for a in areas)
    counts = [r for r in rows if r["id"] == "htx_count_2030" and not r["area"]]
    assert float(counts[0]["value"]) == len(FORMULAS)  # numbers stay numbers
    explain = tmp_path / "explain.csv"
    result = runner.invoke(app, ["gap", str(census), "--explain", "htx_count_2030", "-o",
                                 str(explain), "--today", "2026-11-21"])  # fmt: skip
    assert result.exit_code == 0, result.output
    listed = list(csv.DictReader(io.StringIO(explain.read_text(encoding="utf-8-sig"))))
    assert {r["ten"] for r in listed} == {"'" + f for f in READ}
    assert {r["row"] for r in listed} == {str(n) for n in range(2, 2 + len(FORMULAS))}


def test_census_text_in_a_workbook_report_is_a_string_cell(tmp_path: Path) -> None:
    census = _formula_census(tmp_path)
    out = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["gap", str(census), "-o", str(out), "--today", "2026-11-21"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    wb = openpyxl.load_workbook(out)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in READ:
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert set(READ) <= seen


# --------------------------------------------------------------------------- outputs


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(out, "a" * 100_000 + "\udc80")  # fails half-way through the write
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_failed_rename_leaves_the_previous_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"previous")

    def refuse(self: Path, target: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(out, b"new report")
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    census = write_census(tmp_path / "census.xlsx", [{"ten": "HTX Một"}])
    out = tmp_path / "gap.json"
    out.write_text("previous", encoding="utf-8")

    def refuse(self: Path, target: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    result = runner.invoke(app, ["gap", str(census), "-o", str(out), "--today", "2026-11-21"])
    assert result.exit_code == 2
    assert "gap.json" in result.stderr and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["census.xlsx", "gap.json"]


def test_a_run_killed_while_writing_leaves_the_previous_report_or_the_new_one(
    tmp_path: Path,
) -> None:
    """``ktt gap -o`` killed at several moments: the report is always whole."""
    census = write_census(tmp_path / "census.xlsx", [{"ten": f"HTX {n}"} for n in range(300)])
    out = tmp_path / "gap.json"
    env = {**os.environ, "PYTHONPATH": SRC}
    command = [sys.executable, "-c", "from ktt_indicators.cli.app import main; main()", "gap",
               str(census), "-o", str(out), "--today", "2026-11-21"]  # fmt: skip
    complete = subprocess.run(command, env=env, capture_output=True, check=False, timeout=60)
    assert complete.returncode == 0, complete.stderr
    finished = out.read_bytes()
    out.write_text("previous", encoding="utf-8")
    for delay in (0.3, 0.9, 1.5):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert out.read_bytes() in (b"previous", finished)
        json.loads(out.read_bytes()) if out.read_bytes() != b"previous" else None


def test_check_names_each_unreadable_file_on_one_line_in_english_too(tmp_path: Path) -> None:
    (tmp_path / "rong.xlsx").write_bytes(b"")
    corner(tmp_path / "goc.xlsx")
    result = runner.invoke(app, ["check", str(tmp_path / "rong.xlsx"), str(tmp_path / "goc.xlsx"),
                                 "--lang", "en"])  # fmt: skip
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any("rong.xlsx" in line and "empty (0 bytes)" in line for line in lines)
    assert any("goc.xlsx" in line and "--max-cells" in line for line in lines)
    relaxed = runner.invoke(app, ["check", str(tmp_path / "goc.xlsx"), "--max-cells",
                                  str(2**35), "--max-rows", "10"])  # fmt: skip
    assert "dòng 1048576, vượt giới hạn 10 dòng" in relaxed.stderr


def test_debug_adds_the_readers_own_words(tmp_path: Path) -> None:
    """A workbook the guard lets through but calamine cannot read: one line, and under
    --debug a second with calamine's own message."""
    from hostile import part, workbook_parts, write_zip

    parts = workbook_parts(["S"])
    parts[2] = part("xl/workbook.xml", "<workbook><sheets><sheet name=")  # cut short
    path = write_zip(tmp_path / "hong.xlsx", [*parts, part("xl/worksheets/sheet1.xml", "<x/>")])
    quiet = runner.invoke(app, ["check", str(path)])
    loud = runner.invoke(app, ["--debug", "check", str(path)])
    assert quiet.exit_code == loud.exit_code == 2
    assert quiet.stderr.splitlines() == loud.stderr.splitlines()[:1]
    assert "hỏng" in quiet.stderr
    assert len(loud.stderr.splitlines()) == 2


def test_dates_at_the_ends_of_the_calendar_are_findings_not_errors() -> None:
    for raw in (date.max, date.min, datetime.max, 2958465, 2958466, -1, 10**18, timedelta(1)):
        try:
            values.parse_date(raw)
        except values.CellError as err:
            assert err.code == "wrong-type"
    assert COLUMNS_BY_KEY["ngay_thanh_lap"].parse("31/12/9999") == date(9999, 12, 31)


def test_a_census_cell_cannot_drive_the_terminal(tmp_path: Path) -> None:
    """ESC and BEL from a cell are shown as symbols (␛, ␇) in tables and on stderr."""
    from hostile import hand_census

    hostile = "mười\x1b[2J\x1b]0;pwned\x07"
    path = hand_census(tmp_path / "esc\x1b[31m.xlsx", [{"so_thanh_vien": hostile}])
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "mười␛[2J␛]0;pwned␇" in result.stdout
    gap = runner.invoke(app, ["gap", str(path), "--today", "2026-11-21"])
    assert gap.exit_code == 1
    assert "\x1b" not in gap.stderr and "␛[2J" in gap.stderr


def test_a_workbook_report_cell_is_never_longer_than_excel_allows(tmp_path: Path) -> None:
    """A finding quoting a 32,767-character cell is cut to 32,767 characters."""
    rows = [{"ten": "HTX Một"}, {"ten": "HTX Hai", "so_thanh_vien": "1" * 32_767}]
    census = write_census(tmp_path / "long.xlsx", rows)
    out = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["gap", str(census), "--skip-invalid", "-o", str(out), "--today",
                                 "2026-11-21"])  # fmt: skip
    assert result.exit_code == 0, result.output
    longest = max(
        len(cell.value)
        for ws in openpyxl.load_workbook(out).worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    )
    assert longest == 32_767


def test_a_hostile_history_file_is_one_clean_error(tmp_path: Path) -> None:
    from hostile import alias_bomb

    census = write_census(tmp_path / "census.xlsx", [{"ten": "HTX Một"}])
    history = tmp_path / "history.yaml"
    history.write_text(alias_bomb().split("plan:")[0], encoding="utf-8")
    result = runner.invoke(app, ["gap", str(census), "--history", str(history), "--today",
                                 "2026-11-21"])  # fmt: skip
    assert result.exit_code == 2
    assert "history.yaml" in result.stderr and "100000" in result.stderr


@pytest.mark.parametrize(
    "prolog",
    [
        "<!--" + "x" * 5_000_000 + "-->",  # the DTD comes in a later piece
        "<!-- <a> looks like a root -->",
        "<?pi " + " " * 5_000_000 + "?>",
    ],
    ids=["long-comment", "comment-with-a-tag", "long-instruction"],
)
def test_a_dtd_after_a_long_prolog_is_still_refused(tmp_path: Path, prolog: str) -> None:
    from hostile import LAUGHS, entity_sheet

    path = entity_sheet(tmp_path / "late.xlsx", prolog + LAUGHS, "&lol9;")
    with pytest.raises(Refused) as refused:
        inspect(path, Limits())
    assert refused.value.reason == "xml-dtd"


def test_the_corpus_targets_file_breaks_only_where_each_case_breaks_it(tmp_path: Path) -> None:
    from hostile import TARGET

    path = tmp_path / "targets.yaml"
    path.write_text(TARGET, encoding="utf-8")
    assert [t.id for t in load_targets(path).targets] == ["htx_count_2030"]
