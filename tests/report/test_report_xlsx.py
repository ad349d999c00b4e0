"""The formatted Excel report: sheets, numbers and formats, traces, findings, provenance."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.formatting.rule import DataBarRule
from openpyxl.worksheet.worksheet import Worksheet

from ktt_indicators.census.reader import Census, read_census
from ktt_indicators.core.i18n import phrase
from ktt_indicators.plan.progress import GapReport, gap_report, trace
from ktt_indicators.plan.targets import TargetsFile
from ktt_indicators.plan.targets_loader import load_targets
from ktt_indicators.report.provenance import Provenance, provenance
from ktt_indicators.report.render import gap_json
from ktt_indicators.report.report_xlsx import SUMMARY_HEADER_ROW, build_report_xlsx, summary_columns

from conftest import TODAY, MakeCensus

ROOT = Path(__file__).resolve().parents[2]
CENSUS = ROOT / "examples" / "census-can-tho-2025.xlsx"
TARGETS = ROOT / "targets.yaml"
NOW = datetime(2026, 11, 21, 9, 30, 0)


@dataclass
class Built:
    census: Census
    targets: TargetsFile
    report: GapReport
    prov: Provenance
    data: bytes
    wb: Any


def _build(paths: list[Path]) -> Built:
    census = read_census(paths, today=TODAY)
    targets = load_targets(TARGETS)
    report = gap_report(targets, census, 2025)
    prov = provenance(paths, TARGETS, now=NOW)
    data = build_report_xlsx(report, census, targets, prov)
    return Built(census, targets, report, prov, data, openpyxl.load_workbook(io.BytesIO(data)))


@pytest.fixture(scope="module")
def built() -> Built:
    return _build([CENSUS])


def _rows(ws: Worksheet, first: int) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(min_row=first, values_only=True))


def _sheet(built: Built, target_id: str) -> str:
    """The annex sheet of a target: "PL n …", n its place in the summary."""
    n = [p.id for p in built.report.targets].index(target_id) + 1
    (name,) = [x for x in built.wb.sheetnames if x.startswith(f"PL {n} ")]
    assert built.wb[name]["A1"].value.startswith(f"Phụ lục {n}: ")
    assert built.wb[name]["A1"].value.endswith(f"({target_id})")
    return name


def _summary(built: Built) -> dict[str, dict[str, Any]]:
    ws = built.wb["Tổng hợp"]
    columns = summary_columns(built.report)
    return {
        row[0]: dict(zip(columns, row, strict=False))
        for row in _rows(ws, SUMMARY_HEADER_ROW + 1)
        if row[0]
    }


def test_sheets(built: Built) -> None:
    names = built.wb.sheetnames
    assert names[0] == "Tổng hợp"
    assert names[-2:] == ["Phát hiện", "Nguồn gốc"]
    assert len(names) == len(built.report.targets) + 3
    assert all(len(n) <= 31 for n in names)
    assert built.wb.properties.created == NOW
    assert built.wb.properties.modified == NOW


def test_deterministic(built: Built) -> None:
    again = build_report_xlsx(built.report, built.census, built.targets, built.prov)
    assert again == built.data


def test_summary_numbers_equal_the_json(built: Built) -> None:
    ws = built.wb["Tổng hợp"]
    heads = [c.value for c in ws[SUMMARY_HEADER_ROW]]
    assert heads[:4] == [
        phrase(f"label.{k}", "vi") for k in ("id", "target-title", "year", "current")
    ]
    rows = _summary(built)
    expected = gap_json(built.report, "vi")["targets"]
    assert list(rows) == [t["id"] for t in expected]
    met_text = {
        True: phrase("label.yes", "vi"),
        False: phrase("label.no", "vi"),
        None: phrase("label.unknown", "vi"),
    }
    for t in expected:
        row = rows[t["id"]]
        assert row["current"] == pytest.approx(t["value"]), t["id"]
        assert row["target"] == pytest.approx(t["target"]), t["id"]
        assert row["gap"] == pytest.approx(t["gap"]), t["id"]
        assert row["met"] == met_text[t["met"]], t["id"]


def test_number_formats_and_status_colours(built: Built) -> None:
    ws = built.wb["Tổng hợp"]
    columns = summary_columns(built.report)
    col = {k: i + 1 for i, k in enumerate(columns)}
    kinds = {p.id: p for p in built.report.targets}
    seen = set()
    for r in range(SUMMARY_HEADER_ROW + 1, ws.max_row + 1):
        p = kinds[ws.cell(r, 1).value]
        value = ws.cell(r, col["current"])
        if value.value is not None:
            assert isinstance(value.value, int | float)
        # One locale for every number, the document's words around the target.
        target = ws.cell(r, col["target"]).number_format
        assert target.startswith('[$-42A]"' + phrase(f"label.{p.comparison.value}", "vi")), target
        if p.kind == "share":
            seen.add("share")
            assert target.endswith(("0.0%", '("0%")"')), target
            if value.value is not None:
                assert value.number_format == "[$-42A]0.0%"
        elif p.kind == "count":
            seen.add("count")
            assert "#,##0" in target
        if p.progress is not None:
            assert ws.cell(r, col["progress"]).number_format == "[$-42A]0.0%"
        colour = ws.cell(r, col["met"]).fill.fgColor.rgb
        assert colour.endswith({True: "C6EFCE", False: "FFC7CE", None: "FFEB9C"}[p.met])
    assert seen == {"share", "count"}


def test_data_bar_on_progress_column(built: Built) -> None:
    ws = built.wb["Tổng hợp"]
    letter = "ABCDEFGHIJK"[summary_columns(built.report).index("progress")]
    bars = [
        str(cf.sqref)
        for cf in ws.conditional_formatting
        for rule in cf.rules
        if rule.type == "dataBar" or isinstance(rule, DataBarRule)
    ]
    assert bars == [f"{letter}{SUMMARY_HEADER_ROW + 1}:{letter}{ws.max_row}"]


def test_target_sheet_lists_what_was_counted(built: Built) -> None:
    target = built.targets.get("htx_count_2030")
    assert target is not None
    counted, base = trace(target, built.targets, built.census)
    assert base == []
    rows = _rows(built.wb[_sheet(built, "htx_count_2030")], 3)
    assert len(rows) == len(counted) == 355
    assert [(r[1], r[5], r[6], r[7]) for r in rows] == [
        (o.ten, o.source.file, o.source.sheet, o.source.row) for o in counted
    ]


def test_share_sheet_marks_the_numerator(built: Built) -> None:
    share = next(p for p in built.report.targets if p.kind == "share" and p.denominator)
    target = built.targets.get(share.id)
    assert target is not None
    counted, base = trace(target, built.targets, built.census)
    ws = built.wb[_sheet(built, share.id)]
    assert ws.cell(2, 9).value == phrase("label.in-numerator", "vi")
    marks = [r[8] for r in _rows(ws, 3)]
    assert marks.count(phrase("label.true", "vi")) == len(counted)
    assert len(marks) == len(base)


def test_findings_sheet_has_every_finding(built: Built) -> None:
    rows = _rows(built.wb["Phát hiện"], 2)
    findings = built.census.findings
    assert len(rows) == len(findings) > 0
    assert [r[4] for r in rows] == [f.title("vi") for f in findings]
    assert rows[0][7] == findings[0].message("vi")


def test_provenance_hashes(built: Built) -> None:
    rows = _rows(built.wb["Nguồn gốc"], 2)
    digests = {r[1]: r[2] for r in rows if r[2]}
    for path in (CENSUS, TARGETS):
        assert digests[str(path)] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert any(r[1] == built.prov.tool_version for r in rows)
    assert any(r[1] == NOW for r in rows)


def test_census_text_never_becomes_a_formula(make_census: MakeCensus) -> None:
    name = '=HYPERLINK("x")'
    path = make_census([{"ten": name, "xa_phuong": "+1", "quan_huyen": "@SUM(A1)"}])
    # openpyxl would save the name as a formula; store it as the text a person typed.
    wb = openpyxl.load_workbook(path)
    for line in wb["Danh sách tổ chức"].iter_rows():
        for cell in line:
            if cell.value == name:
                cell.data_type = "s"
    wb.save(path)
    built = _build([path])
    (row,) = _rows(built.wb[_sheet(built, "htx_count_2030")], 3)
    assert row[1:5] == (name, "HTX", "+1", "@SUM(A1)")
    # No cell in the whole workbook is stored as a formula.
    with_formulas = openpyxl.load_workbook(io.BytesIO(built.data))
    for ws in with_formulas.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook(built: Built, tmp_path: Path) -> None:
    xlsx = tmp_path / "report.xlsx"
    xlsx.write_bytes(built.data)
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run(
        [
            soffice,
            "-env:UserInstallation=file:///tmp/ktt_xlsx_profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.exists()
    assert pdf.stat().st_size > 0


def test_summary_keeps_words_verdict_and_overdue(built: Built) -> None:
    ws = built.wb["Tổng hợp"]
    columns = summary_columns(built.report)
    col = {k: i + 1 for i, k in enumerate(columns)}
    rows = {ws.cell(r, 1).value: r for r in range(SUMMARY_HEADER_ROW + 1, ws.max_row + 1)}
    fmt = {k: ws.cell(rows[k], col["target"]).number_format for k in rows}
    assert fmt["tht_count_2030"] == '[$-42A]"khoảng "#,##0'
    assert fmt["high_tech_htx_2030"] == '[$-42A]"từ "#,##0" đến 100"'
    current = ws.cell(rows["nonag_exemplary_per_district_2030"], col["current"]).number_format
    assert current == '[$-42A]#,##0" · 6/9 địa bàn đạt"'
    overdue = [p for p in built.report.targets if p.years_left <= 0 and p.met is False]
    assert overdue
    for p in overdue:
        assert "(đã quá hạn)" in ws.cell(rows[p.id], col["per-year"]).number_format


def test_every_sheet_prints_one_page_wide_with_header_rows(built: Built) -> None:
    for ws in built.wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth == 1, ws.title
        assert ws.print_title_rows, ws.title
        assert "&P" in ws.oddFooter.right.text and ws.oddHeader.center.text, ws.title
    summary = built.wb["Tổng hợp"]
    assert summary.page_setup.fitToHeight == 1
    assert summary.page_setup.orientation == "landscape"
    assert summary.print_title_rows == f"${SUMMARY_HEADER_ROW}:${SUMMARY_HEADER_ROW}"
    # No name is cut: every annex column is as wide as its longest text (up to 70).
    ws = built.wb[_sheet(built, "htx_count_2030")]
    longest = max(len(r[1]) for r in _rows(ws, 3))
    assert ws.column_dimensions["B"].width >= min(70, longest + 2)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_summary_sheet_alone_prints_on_one_page(built: Built, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(built.data))
    for name in wb.sheetnames[1:]:
        del wb[name]
    xlsx = tmp_path / "summary.xlsx"
    wb.save(xlsx)
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = (tmp_path / "summary.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1


def test_summary_ids_are_never_cut(built: Built) -> None:
    """The id column is as wide as the longest id (33 characters in the bundled plan), so
    no id wraps mid-word («lhhtx_member_htx_20» / «30»)."""
    ws = built.wb["Tổng hợp"]
    longest = max(len(p.id) for p in built.report.targets)
    assert longest > 24  # wider than the column was
    assert ws.column_dimensions["A"].width >= longest + 1
    assert not ws.cell(SUMMARY_HEADER_ROW + 1, 1).alignment.wrap_text
