"""What the submission loop costs: marking up a submission, and the change report.

1. Mark-up: a generated census (bench/make_census.py) of ``--markup-rows`` organizations
   with ``--findings`` findings on cells of its list sheet (wrong-type, spread over the
   rows; a few without a cell), marked up by :func:`ktt_indicators.report.markup.mark_up` as
   ``ktt batch`` does. The goal is under 10 s for 10,000 rows and 500 findings.
2. Change report: two consecutive years of ``--change-rows`` organizations (the records of
   a generated census, the later year with 2% new, 1% dissolved, 1% vanished, 2% other
   status changes, a quarter of the groups without a code), compared in-process:
   :func:`ktt_indicators.census.changes.compare` (what ``ktt gap``'s report adds) and
   :func:`ktt_indicators.census.changes.with_change_findings` (the vanished warnings ``ktt gap``
   and ``ktt check`` add). Both are what the change report adds to ``ktt gap``, whose
   reading of the two years is not counted. The goal is under 1 s for 100,000 rows a year.

Prints the median of ``--runs`` runs of each.

    python bench/loop.py [--markup-rows 10000] [--findings 500] [--change-rows 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from make_census import write_census  # bench/ is sys.path[0] when run as a script

from ktt_indicators.census.changes import compare, with_change_findings
from ktt_indicators.census.findings import Finding, Severity
from ktt_indicators.census.reader import Census, CensusFile, read_census_file
from ktt_indicators.census.schema import CensusInfo, LegalForm, Organization, RowRef, Status
from ktt_indicators.report.markup import mark_up


def _median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_markup(rows: int, findings: int, runs: int, folder: Path) -> None:
    path = folder / f"census-{rows}.xlsx"
    write_census(path, rows)
    read = read_census_file(path)
    rng = random.Random(16)
    planted = [
        Finding(code="wrong-type", severity=Severity.ERROR, file=path.name,
                sheet="Danh sách tổ chức", cell=f"{rng.choice('CKLUV')}{row}", row=row,
                column="Số thành viên", value="mười", params={"expected": "integer"})
        for row in sorted(rng.sample(range(2, rows + 2), findings - 2))
    ]  # fmt: skip
    planted += [
        Finding(code="missing-report-year", severity=Severity.ERROR, file=path.name),
        Finding(code="missing-column", severity=Severity.ERROR, file=path.name,
                sheet="Danh sách tổ chức", row=1, column="Ghi chú"),
    ]  # fmt: skip
    marked = replace(read, findings=planted)
    size = len(mark_up(path, marked))
    seconds = _median(runs, lambda: mark_up(path, marked))
    print(f"mark-up: {rows:,} rows, {findings} findings: {seconds:.2f} s "
          f"(median of {runs}; copy {size / 1e6:.1f} MB)")  # fmt: skip


def _years(rows: int, folder: Path) -> tuple[list[Organization], list[Organization]]:
    """Two years of ``rows`` records each, with known changes (see the module docstring)."""
    path = folder / "census-base.xlsx"
    write_census(path, min(rows, 20_000))
    base = list(read_census_file(path).organizations)
    rng = random.Random(2025)
    last = []
    for n in range(rows):
        org = base[n % len(base)]
        code = f"{n:010d}" if org.loai_hinh != LegalForm.THT or n % 4 else None
        where = RowRef("2024.xlsx", "Danh sách tổ chức", n + 2)
        last.append(org._replace(ma_so=code, ten=f"{org.ten} {n}", tinh_trang=Status.ACTIVE,
                                 source=where))  # fmt: skip
    now: list[Organization] = []
    for org in last:
        draw = rng.random()
        if draw < 0.01:
            continue  # vanished
        if draw < 0.02:
            org = org._replace(tinh_trang=Status.DISSOLVED)
        elif draw < 0.04:
            org = org._replace(tinh_trang=Status.SUSPENDED)
        now.append(org._replace(source=RowRef("2025.xlsx", "Danh sách tổ chức", len(now) + 2)))
    for n in range(rows // 50):  # new
        org = base[n % len(base)]
        where = RowRef("2025.xlsx", "Danh sách tổ chức", len(now) + 2)
        now.append(org._replace(ma_so=f"9{n:09d}", ten=f"Mới {n}", source=where))
    return last, now[:rows]


def bench_changes(rows: int, runs: int, folder: Path) -> None:
    last, now = _years(rows, folder)
    seconds = _median(runs, lambda: compare(last, now, from_year=2024, to_year=2025))
    changes = compare(last, now, from_year=2024, to_year=2025)
    sizes = ", ".join(f"{g} {len(changes.group(g)):,}" for g in
                      ("new", "dissolved", "vanished", "status_changed"))  # fmt: skip
    print(f"change report: two years of {rows:,} rows: compare {seconds:.2f} s ({sizes})")

    def census() -> Census:
        files = [
            CensusFile(path=name, info=CensusInfo(nam_bao_cao=year), organizations=orgs,
                       findings=[], rows_read=len(orgs))
            for name, year, orgs in (("2024.xlsx", 2024, last), ("2025.xlsx", 2025, now))
        ]  # fmt: skip
        return Census(files=files)

    seconds = _median(runs, lambda: with_change_findings(census()))
    print(f"change report: vanished warnings (with_change_findings) {seconds:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markup-rows", type=int, default=10_000)
    parser.add_argument("--findings", type=int, default=500)
    parser.add_argument("--change-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_markup(args.markup_rows, args.findings, args.runs, Path(tmp))
        bench_changes(args.change_rows, args.runs, Path(tmp))


if __name__ == "__main__":
    main()
