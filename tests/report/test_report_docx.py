"""The report document (-o report.docx, -o report.pdf): Decree 30's parts, every target, the
figures as Vietnamese write them and equal to the JSON's, changes and units where given."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from ktt_indicators.census.reader import read_census
from ktt_indicators.cli.app import app
from ktt_indicators.plan.history import load_history
from ktt_indicators.plan.progress import GapReport, gap_report
from ktt_indicators.plan.targets_loader import load_targets
from ktt_indicators.report.docx_parts import MARGINS_MM
from ktt_indicators.report.formats import fmt_value
from ktt_indicators.report.official import (
    ChangedOrg,
    Changes,
    DocumentHeader,
    Units,
    document_header,
)
from ktt_indicators.report.provenance import provenance
from ktt_indicators.report.report_docx import build_report_docx
from ktt_indicators.report.report_head import doc_date

from conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
CENSUS = ROOT / "examples" / "census-can-tho-2025.xlsx"
TARGETS = ROOT / "targets.yaml"
HISTORY = ROOT / "examples" / "history-can-tho.yaml"
runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})

CHANGES = Changes(
    previous_year=2024,
    year=2025,
    new={"HTX": [ChangedOrg(ma_so="1800000001", ten="HTX Nông nghiệp Mới Thành Lập")]},
    dissolved={"THT": [ChangedOrg(ma_so=None, ten="THT Rau sạch Ấp 3")]},
    vanished={
        "HTX": [
            ChangedOrg(ma_so="1800000002", ten="HTX Dịch vụ Biến Mất"),
            ChangedOrg(ma_so="1800000003", ten="HTX Vận tải Không Rõ"),
        ]
    },
    other={
        "HTX": [
            ChangedOrg(
                ma_so="1800000004",
                ten="HTX Tạm Ngừng",
                before="Đang hoạt động",
                after="Tạm ngừng hoạt động",
            )
        ]
    },
)
UNITS = Units(sent=["Ninh Kiều", "Cái Răng"], missing=["Cờ Đỏ"])


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the document's body, tables included, in order."""
    body = Document(io.BytesIO(data)).element.body
    # Without the zero-width spaces that let an id wrap after an underscore: not what one reads.
    return [
        "".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u200b", "")
        for p in body.iter(qn("w:p"))
    ]


def body_and_annex(data: bytes) -> tuple[list[str], list[str]]:
    lines = paragraphs(data)
    cut = lines.index("PHỤ LỤC") if "PHỤ LỤC" in lines else lines.index("ANNEX")
    return lines[:cut], lines[cut:]


@pytest.fixture(scope="module")
def report() -> GapReport:
    census = read_census([CENSUS], today=TODAY)
    return gap_report(load_targets(TARGETS), census, 2025, 2030, history=load_history(HISTORY))


def _build(report: GapReport, lang: Any = "vi", **kwargs: Any) -> bytes:
    census = read_census([CENSUS], today=TODAY)
    targets = load_targets(TARGETS)
    prov = provenance([CENSUS], TARGETS, HISTORY, now=datetime(2025, 12, 18, 9, 0))
    header = document_header(targets, on=date(2025, 12, 18), signer_name="Nguyễn Văn A")
    return build_report_docx(report, census, targets, prov, header, lang, **kwargs)


@pytest.fixture(scope="module")
def document(report: GapReport) -> bytes:
    return _build(report, changes=CHANGES, units=UNITS)


def test_decree_30_head_and_signature(document: bytes) -> None:
    body, _ = body_and_annex(document)
    text = "\n".join(body)
    for line in ("UBND THÀNH PHỐ CẦN THƠ", "SỞ TÀI CHÍNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                 "Kết quả thực hiện các chỉ tiêu phát triển kinh tế tập thể năm 2025",
                 "Cần Thơ, ngày 18 tháng 12 năm 2025", "Nơi nhận:", "- Lưu: VT.",
                 "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"):  # fmt: skip
        assert line in body, line
    # No number given: left blank for the records office, the symbol from the targets file.
    assert re.search(r"^Số: +/BC-STC$", text, re.M)
    # The motto comes before the title, the signature after the body.
    assert body.index("Độc lập - Tự do - Hạnh phúc") < body.index("BÁO CÁO")
    assert body.index("Nơi nhận:") > body.index("III. BẢNG TỔNG HỢP")


def test_page_setup_a4_decree_margins_times(document: bytes) -> None:
    doc = Document(io.BytesIO(document))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for side, mm in MARGINS_MM.items():
        assert round(getattr(section, f"{side}_margin").mm, 1) == mm, side
    assert 20 <= MARGINS_MM["top"] <= 25 and 30 <= MARGINS_MM["left"] <= 35
    assert 15 <= MARGINS_MM["right"] <= 20 and 20 <= MARGINS_MM["bottom"] <= 25
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert normal.size is not None and 13 <= normal.size.pt <= 14
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}


def _vi_number(text: str) -> float:
    """A number as Vietnamese write it: 1.779 → 1779, 56,0% → 0.56."""
    percent = text.endswith("%")
    x = float(text.rstrip("%").replace(".", "").replace(",", "."))
    return x / 100 if percent else x


def test_every_target_and_figure_as_in_the_json(report: GapReport, document: bytes) -> None:
    body, _ = body_and_annex(document)
    result = runner.invoke(app, ["gap", str(CENSUS), "--year", "2030", "--history",
                                 str(HISTORY), "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    expected = json.loads(result.stdout)["targets"]
    assert [t["id"] for t in expected] == [p.id for p in report.targets]
    summary = body[body.index("III. BẢNG TỔNG HỢP") :]
    for t, p in zip(expected, report.targets, strict=True):
        assert any(line.endswith(f". {t['title']}") for line in body), t["title"]
        shown = fmt_value(p, t["value"], "vi")
        assert re.fullmatch(r"[\d.]+(,\d)?%?", shown), shown
        assert _vi_number(shown) == pytest.approx(t["value"], abs=0.0006 if "%" in shown else 0.06)
        # In the summary table: the title's row holds the figure (a per-area one with its verdict).
        row = summary[summary.index(t["title"]) :][:6]
        assert any(cell.startswith(shown) for cell in row), (t["id"], row)
        assert f"Kết quả đến ngày 14/12/2025: {shown}" in "\n".join(body), t["id"]
    assert "8 · 6/9 địa bàn đạt" in summary
    assert "1.402" in summary and "56,0%" in summary
    # The change since the year before, from the history file: 341 HTX in 2024, 355 now.
    assert "- So với năm 2024 (341): tăng 14." in body


def test_no_ids_or_english_in_the_body(report: GapReport, document: bytes) -> None:
    body, annex = body_and_annex(document)
    text = "\n".join(body)
    for p in report.targets:
        assert p.id not in text, p.id
        assert p.id in "\n".join(annex), p.id
    for english in ("Target", "Progress", "Met", "Recipients", "REPORT", "None", "null"):
        assert not re.search(rf"\b{english}\b", text), english


def test_changes_and_units_sections(document: bytes) -> None:
    body, annex = body_and_annex(document)
    start = body.index("IV. BIẾN ĐỘNG SO VỚI NĂM 2024")
    section = body[start : body.index("V. TÌNH HÌNH GỬI SỐ LIỆU CỦA CÁC ĐƠN VỊ")]
    row = section.index("Không còn trong danh sách nhưng chưa ghi giải thể")
    # Columns: HTX, THT, total.
    assert section[row + 1 : row + 4] == ["2", "0", "2"]
    new = section.index("Thành lập mới")
    assert section[new + 1 : new + 4] == ["1", "0", "1"]
    assert any("HTX Dịch vụ Biến Mất; HTX Vận tải Không Rõ" in line for line in section)
    assert "Đã gửi (2): Ninh Kiều, Cái Răng." in body
    assert "Chưa gửi (1): Cờ Đỏ." in body
    assert "1800000002" not in "\n".join(body)
    assert "1800000002" in annex and "Đang hoạt động → Tạm ngừng hoạt động" in annex


def test_sections_left_out_without_changes_or_units(report: GapReport) -> None:
    body, _ = body_and_annex(_build(report))
    assert not any("BIẾN ĐỘNG" in line or "GỬI SỐ LIỆU" in line for line in body)
    assert "Nơi nhận:" in body


def test_english_working_translation(report: GapReport) -> None:
    body, _ = body_and_annex(_build(report, "en"))
    for line in ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness", "REPORT",
                 "Results against the collective-economy targets in 2025", "Recipients:",
                 "Cần Thơ, 18 December 2025"):  # fmt: skip
        assert line in body, line
    assert "1,402" in body and "56.0%" in body


def test_date_written_as_the_decree_says() -> None:
    on = DocumentHeader(place="Cần Thơ", dated=date(2026, 2, 5))
    assert doc_date(on, "vi", 2025) == "Cần Thơ, ngày 05 tháng 02 năm 2026"
    assert doc_date(on.model_copy(update={"dated": date(2025, 12, 18)}), "vi", 2025) == (
        "Cần Thơ, ngày 18 tháng 12 năm 2025"
    )


def _census_of_2024(tmp_path: Path) -> Path:
    """The example census as a year earlier: 2024, without the organizations founded after."""
    wb = openpyxl.load_workbook(CENSUS)
    info = wb.worksheets[0]
    for row in info.iter_rows():
        if row[0].value == "Năm báo cáo":
            row[1].value = 2024
        if row[0].value == "Ngày số liệu":
            row[1].value = date(2024, 12, 14)
    ws = wb["Danh sách tổ chức"]
    heads = [c.value for c in ws[1]]
    founded = heads.index("Ngày thành lập")
    for r in range(ws.max_row, 1, -1):
        when = ws.cell(r, founded + 1).value
        if isinstance(when, datetime) and when.date() > date(2024, 12, 14):
            ws.delete_rows(r)
    path = tmp_path / "census-2024.xlsx"
    wb.save(path)
    return path


def test_cli_two_census_years_docx_and_libreoffice(tmp_path: Path) -> None:
    earlier = _census_of_2024(tmp_path)
    out = tmp_path / "bao-cao.docx"
    args = ["gap", str(earlier), str(CENSUS), "--year", "2030", "--today", "2025-12-18"]
    result = runner.invoke(app, [*args, "-o", str(out), "--signer-name", "Trần Thị B"])
    assert result.exit_code == 0, result.output
    body, _ = body_and_annex(out.read_bytes())
    assert "Trần Thị B" in body
    assert "Cần Thơ, ngày 18 tháng 12 năm 2025" in body
    as_json = runner.invoke(app, [*args, "--format", "json"])
    targets = json.loads(as_json.stdout)["targets"]
    changes = [line for line in body if line.startswith("- So với năm 2024")]
    assert len(changes) == len([t for t in targets if t.get("trend")]) > 0
    # What changed between the two years (the comparison of two censuses) is a section of its own.
    assert "IV. BIẾN ĐỘNG SO VỚI NĂM 2024" in body
    new = json.loads(as_json.stdout)["changes"]["new"]
    assert sum(len(v) for v in new.values() if isinstance(v, list)) > 0
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "bao-cao.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_pdf_without_libreoffice_says_which_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    out = tmp_path / "report.pdf"
    result = runner.invoke(app, ["gap", "--year", "2030", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "libreoffice-writer-nogui" in lines[0], lines
    assert not out.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_by_libreoffice(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = runner.invoke(app, ["gap", "--year", "2030", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 3, pages  # head and basis, the targets, summary and signature, annex
