"""The Python library as an analyst uses it: the public API, the README's example, and the
same figures as the command line."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import ktt_indicators as ktt
from ktt_indicators.census.records import FINDING_COLUMNS
from ktt_indicators.cli.app import app
from ktt_indicators.plan.records import PROGRESS_COLUMNS

from conftest import MakeCensus

ROOT = Path(__file__).resolve().parents[1]
#: The README and the reference in docs/, where the library's page is.
README = "\n".join(
    p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *ROOT.glob("docs/*.md")]
)
EXAMPLE = ROOT / "examples" / "census-can-tho-2025.xlsx"
TODAY = ["--today", "2026-11-21"]


def _readme_python() -> str:
    section = README[README.index("# From Python") :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README has no Python example under «From Python»"
    return match[1]


def test_the_readme_example_runs_and_prints_what_its_comments_say() -> None:
    code = _readme_python()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    expected = [line.split("  # ", 1)[1] for line in code.splitlines() if line.startswith("print(")]
    assert len(expected) == 3
    assert out.getvalue().splitlines() == expected


def test_every_public_name_is_importable_and_documented() -> None:
    assert set(ktt.__all__) <= set(dir(ktt))
    for name in ktt.__all__:
        assert getattr(ktt, name) is not None, name
        if name != "__version__":
            assert f"`{name}" in README, f"{name} is not in the README"
    assert ktt.read_census is __import__("ktt_indicators.census.reader").census.reader.read_census
    with pytest.raises(AttributeError):
        _ = ktt.no_such_name  # type: ignore[attr-defined]


def test_importing_the_package_imports_none_of_its_modules() -> None:
    # Start-up: the ktt command imports the package first, then only what a command needs.
    code = (
        "import sys, ktt_indicators; "
        "print(sorted(m for m in sys.modules if m.startswith(('ktt_indicators.', 'pandas', "
        "'pydantic'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_package_says_it_is_typed() -> None:
    assert (Path(ktt.__file__).parent / "py.typed").is_file()


def test_pandas_is_imported_only_for_a_dataframe() -> None:
    code = """
import sys
import ktt_indicators as ktt
from ktt_indicators.cli.app import app
census = ktt.read_census(ktt.example_census())
plan = ktt.load_targets(ktt.default_targets())
report = ktt.gap_report(plan, census, year=2030)
rows = report.records(), census.records(), census.finding_records()
ktt.trace("lhhtx_count_2030", plan, census).records()
before = "pandas" in sys.modules
report.to_frame()
print(before, "pandas" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_a_single_path_string_is_one_file() -> None:
    for one in (str(EXAMPLE), EXAMPLE):
        census = ktt.read_census(one)
        assert [f.path for f in census.files] == [str(EXAMPLE)]
        assert census.valid and len(census.organizations) == 1779


def _as_year(source: Path, target: Path, year: int) -> Path:
    """``source`` with its information sheet's reporting year set to ``year``."""
    wb = openpyxl.load_workbook(source)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Năm báo cáo":
                    ws.cell(row=cell.row, column=cell.column + 1, value=year)
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("years")
    return [_as_year(EXAMPLE, folder / "2024.xlsx", 2024), EXAMPLE]


def test_files_of_two_years_give_the_command_lines_figures(two_years: list[Path]) -> None:
    plan = ktt.load_targets(ktt.default_targets())
    census = ktt.read_census(two_years)
    assert census.years == [2024, 2025] and len(census.organizations) == 2 * 1779
    report = ktt.gap_report(plan, census, year=2030)
    result = CliRunner().invoke(app, ["gap", *map(str, two_years), "--year", "2030",
                                      "--format", "json", *TODAY])  # fmt: skip
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert (report.census_year, report.organizations) == (cli["census_year"], 1779)
    assert cli["organizations"] == 1779
    library = {p["id"]: (p["value"], p["met"], p["gap"]) for p in report.records()}
    assert library == {t["id"]: (t["value"], t["met"], t["gap"]) for t in cli["targets"]}
    assert library["tht_count_2030"] == (1402.0, False, 598.0)
    # Both years give the series: the status over time is judged as the command line does.
    assert all(p.trend is not None for p in report.targets if p.value is not None)
    # A trace of the census of two years lists the latest year's organizations.
    assert len(ktt.trace("lhhtx_count_2030", plan, census).counted) == 4


def test_a_census_with_errors_is_refused_unless_asked(make_census: MakeCensus) -> None:
    plan = ktt.load_targets(ktt.default_targets())
    path = make_census([{}, {"so_thanh_vien": "mười"}, {"tinh_cu": "Cần Thơ"}])
    census = ktt.read_census(path)
    with pytest.raises(ktt.InvalidCensusError) as caught:
        ktt.gap_report(plan, census)
    assert [x.code for x in caught.value.errors] == ["wrong-type"]
    assert "1 errors in 1 of 1 files" in str(caught.value)
    report = ktt.gap_report(plan, census, skip_invalid=True)
    assert [(lo.file, lo.rows) for lo in report.left_out] == [(str(path), [3])]
    result = CliRunner().invoke(app, ["gap", str(path), "--skip-invalid", "--format", "json",
                                      *TODAY])  # fmt: skip
    cli = json.loads(result.stdout)
    assert cli["organizations"] == report.organizations == 2
    assert [t["value"] for t in cli["targets"]] == [p.value for p in report.targets]


def test_results_become_dataframes_with_the_message_as_text() -> None:
    census = ktt.read_census(ROOT / "examples" / "census-findings.xlsx")
    findings = census.findings_frame("en")
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert len(findings) == len(census.findings) > 10
    first = census.findings[0]
    assert findings["message"].iloc[0] == first.message("en")
    assert findings["message"].map(type).eq(str).all()
    vi = census.finding_records()[0]["message"]
    assert vi == first.message("vi") != first.message("en")

    orgs = census.to_frame()
    assert len(orgs) == len(census.organizations)
    assert orgs.columns[:4].tolist() == ["file", "sheet", "row", "ten"]
    assert set(orgs["loai_hinh"]) <= {"THT", "HTX", "LHHTX"}  # plain text, as the census has

    plan = ktt.load_targets(ktt.default_targets())
    report = ktt.gap_report(plan, ktt.read_census(EXAMPLE), year=2030)
    table = report.to_frame("en")
    assert table.index.tolist() == [p.id for p in report.targets]
    assert ["id", *table.columns] == list(PROGRESS_COLUMNS)
    assert table.loc["htx_count_2030", "title"] == "Cooperatives"


def test_an_empty_result_keeps_its_columns(make_census: MakeCensus) -> None:
    census = ktt.read_census(make_census([{}]))
    assert census.findings_frame().columns.tolist() == list(FINDING_COLUMNS)
    assert census.findings_frame().empty


def test_pandas_is_an_optional_extra() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.startswith(("pandas", "numpy")) for d in project["dependencies"])
    assert [d.split(">")[0] for d in project["optional-dependencies"]["pandas"]] == ["pandas"]
    assert "ktt-indicators[pandas]" in README
