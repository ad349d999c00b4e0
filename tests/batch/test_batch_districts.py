"""Issue 5's acceptance run: the example city split into its districts' submissions, two of
them broken, through ``ktt batch``."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from ktt_indicators.census.area_units import unit_list
from ktt_indicators.census.findings import CATALOG
from ktt_indicators.census.reader import read_census_file
from ktt_indicators.census.schema import Organization
from ktt_indicators.cli.app import app
from ktt_indicators.core.text import area_key

from conftest import DISTRICTS, TODAY

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "census-can-tho-2025.xlsx"
runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "NO_COLOR": "1"})
#: The two broken submissions and the errors each has.
BROKEN = {
    "bổ sung/Cờ Đỏ đợt 2.xlsx": {"wrong-type", "duplicate-code"},
    "Thới Lai (thiếu năm).xlsx": {"missing-report-year"},
}


def ktt(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _district(commune: str) -> str:
    """The former district a commune in force rolls up to, as DISTRICTS spells it (the
    census after the reform names communes only)."""
    units = unit_list()
    unit = units.resolve(commune, "92", level="commune").unit
    assert unit is not None, commune
    old = units.crosswalk.old_district_of(unit)
    assert old is not None, commune
    return next(d for d in DISTRICTS if area_key(d) == area_key(old.short_name))


def _write(path: Path, info: Sequence[Sequence[Any]], header: Sequence[Any],
           rows: Sequence[Sequence[Any]]) -> None:  # fmt: skip
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Thông tin chung"
    for line in info:
        sheet.append(list(line))
    listed = workbook.create_sheet("Danh sách tổ chức")
    listed.append(list(header))
    for row in rows:
        listed.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


@pytest.fixture(scope="session")
def districts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example census as the nine districts would submit it, one file each (named after
    the district), the city's population shared out among them; and two broken submissions:
    one with a word for a number and a code another district already used, one without its
    reporting year."""
    folder = tmp_path_factory.mktemp("districts") / "nop"
    workbook = openpyxl.load_workbook(EXAMPLE)
    info = [list(r) for r in workbook["Thông tin chung"].iter_rows(values_only=True)]
    header, *rows = workbook["Danh sách tổ chức"].iter_rows(values_only=True)
    column = {name: j for j, name in enumerate(header)}
    commune, members, code = column["Xã/phường"], column["Số thành viên"], column["Mã số"]
    population = next(r for r in info if r[0] == "Dân số")
    city = population[1]
    by_district = {d: [r for r in rows if _district(r[commune]) == d] for d in DISTRICTS}
    assert sum(map(len, by_district.values())) == len(rows)

    for n, (name, own) in enumerate(by_district.items()):
        share = city // len(DISTRICTS) + (city % len(DISTRICTS) if n == 0 else 0)
        lines = [[label, share if label == "Dân số" else value] for label, value in info]
        _write(folder / f"{name}.xlsx", lines, header, own)

    ninh_kieu = next(r for r in by_district["Ninh Kiều"] if r[code])
    co_do = list(next(r for r in by_district["Cờ Đỏ"] if r[code]))
    co_do[code], co_do[members] = "1899999991", "mười hai"
    _write(folder / "bổ sung" / "Cờ Đỏ đợt 2.xlsx", info, header, [co_do, ninh_kieu])
    no_year = [r for r in info if r[0] != "Năm báo cáo"]
    _write(folder / "Thới Lai (thiếu năm).xlsx", no_year, header, by_district["Thới Lai"][:5])
    return folder


@pytest.fixture(scope="module")
def run(districts: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("bao-cao")
    return ktt("batch", districts, "-o", out, "--today", TODAY.isoformat(), "--lang", "en"), out


def _valid(districts: Path) -> list[Path]:
    """The districts' files, in the order batch reads them (by path)."""
    return [districts / f"{d}.xlsx" for d in sorted(DISTRICTS)]


def _gap(*files: Path) -> dict[str, Any]:
    result = ktt("gap", *files, "-f", "json", "--today", TODAY.isoformat(), "--lang", "en")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_two_broken_submissions_make_exit_1_and_are_named_with_their_errors(
    run: tuple[Any, Path],
) -> None:
    result, out = run
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("11 files, 9 valid, 2 with errors")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["left_out"] == sorted(BROKEN)
    entries = {e["path"]: e for e in summary["files"]}
    for name, codes in BROKEN.items():
        assert {x["code"] for x in entries[name]["first_errors"]} == codes, name
        assert entries[name]["organizations_counted"] == 0
    assert all(entries[f"{d}.xlsx"]["valid"] for d in DISTRICTS)
    assert summary["organizations_counted"] == sum(
        entries[f"{d}.xlsx"]["organizations_counted"] for d in DISTRICTS
    )

    (duplicate,) = [x for x in entries["bổ sung/Cờ Đỏ đợt 2.xlsx"]["first_errors"]
                    if x["code"] == "duplicate-code"]  # fmt: skip
    assert "Ninh Kiều.xlsx" in duplicate["message"]  # both files named

    # The summary for people lists exactly those two under «left out», with their errors.
    md = (out / "summary.md").read_text(encoding="utf-8")
    left_out = md.split("## Left out of the consolidated census (errors)", 1)[1]
    named = [line[4:-2] for line in left_out.splitlines() if line.startswith("- **")]
    assert named == sorted(BROKEN)
    for codes in BROKEN.values():
        assert all(f"«{CATALOG[c].title('en')}»" in left_out for c in codes)

    gap = json.loads((out / "gap.json").read_text(encoding="utf-8"))
    assert gap["left_out"] == [{"file": f, "rows": [], "whole_file": True} for f in sorted(BROKEN)]


def test_consolidated_figures_equal_ktt_gap_on_the_valid_files(
    run: tuple[Any, Path], districts: Path
) -> None:
    _, out = run
    gap = json.loads((out / "gap.json").read_text(encoding="utf-8"))
    direct = _gap(*_valid(districts))
    assert gap["targets"] == direct["targets"]
    assert gap["organizations"] == direct["organizations"]
    # The districts hold the whole city, population included: the same figures as the example.
    assert gap["targets"] == _gap(EXAMPLE)["targets"]
    assert any(t["denominator"] == 1_263_000 for t in gap["targets"])  # the summed population


def _records(path: Path) -> list[Organization]:
    return [o._replace(source=None) for o in read_census_file(path, today=TODAY).organizations]


def test_the_consolidated_workbook_is_the_valid_files_as_one_census(
    run: tuple[Any, Path], districts: Path
) -> None:
    _, out = run
    census = out / "census.xlsx"
    checked = ktt("check", census, "-f", "json", "--today", TODAY.isoformat(), "--lang", "en")
    assert checked.exit_code == 0, checked.output
    (report,) = json.loads(checked.stdout)["files"]
    assert report["errors"] == []
    assert Counter(w["code"] for w in report["warnings"]) == Counter(
        f.code for path in _valid(districts) for f in read_census_file(path, today=TODAY).warnings
    )  # what the districts' files warn of, and nothing of its own

    assert _gap(census)["targets"] == _gap(*_valid(districts))["targets"]
    assert _records(census) == [r for path in _valid(districts) for r in _records(path)]

    workbook = openpyxl.load_workbook(census)
    info = dict(workbook["Thông tin chung"].iter_rows(values_only=True))
    assert info["Năm báo cáo"] == 2025 and info["Dân số"] == 1_263_000
    assert info["Đơn vị báo cáo"] == "Sở Tài chính thành phố Cần Thơ"
    assert info["Ngày số liệu"].date() == date(2025, 12, 14)
    head, *sources = workbook["Source files"].iter_rows(values_only=True)  # in --lang
    assert head[0] == "Submission file"
    assert [s[0] for s in sources] == [f"{d}.xlsx" for d in sorted(DISTRICTS)]
    listed = list(workbook["Danh sách tổ chức"].iter_rows(values_only=True))
    commune = listed[0].index("Xã/phường")
    for name, _unit, _people, count, first, last in sources:
        assert last - first + 1 == count
        assert {_district(listed[r - 1][commune]) for r in range(first, last + 1)} == {name[:-5]}


def test_a_second_run_gives_the_same_outputs(run: tuple[Any, Path], districts: Path,
                                             tmp_path: Path) -> None:  # fmt: skip
    _, out = run
    again = ktt("batch", districts, "-o", tmp_path, "--today", "2026-12-09", "--lang", "en")
    assert again.exit_code == 1
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                           if p.is_file())  # fmt: skip
    for name in names:
        a, b = (out / name).read_bytes(), (tmp_path / name).read_bytes()
        if name == "census.xlsx":
            assert a == b
        else:
            keep = [x for x in a.splitlines() if not re.search(b"generated_at|Generated at", x)]
            assert keep == [x for x in b.splitlines()
                            if not re.search(b"generated_at|Generated at", x)], name  # fmt: skip
