"""``ktt template``: the workbook people fill in, and a filled-in template passes ``ktt check``.

The template is filled in here with openpyxl the way a district officer would: values
typed in column B of the information sheet, one organization a row, categories and yes/no
taken from the dropdowns, codes typed as text, dates as real dates.
"""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner, Result

from ktt_indicators.census.reader import read_census
from ktt_indicators.census.schema import COLUMNS, COLUMNS_BY_KEY, INFO_FIELDS, Column, LegalForm
from ktt_indicators.cli.app import app
from ktt_indicators.read.values import parse_yes_no
from ktt_indicators.report.template import (
    GUIDE_SHEET,
    INFO_SHEET,
    LAST_ROW,
    LIST_LIMIT,
    LIST_SHEET,
    MESSAGE_LIMIT,
    TITLE_LIMIT,
    YES_NO,
    build_template,
    inline_list,
    template_bytes,
    write_template,
)
from ktt_indicators.report.template_units import UNITS_SHEET

from conftest import TODAY

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})

HEADERS = [c.full_header for c in COLUMNS]
LETTER = {c.key: openpyxl.utils.get_column_letter(j) for j, c in enumerate(COLUMNS, start=1)}


def ktt(*args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "census.xlsx"
    write_template(path)
    return path


def list_sheet(path: Path) -> Worksheet:
    ws = openpyxl.load_workbook(path)[LIST_SHEET]
    assert isinstance(ws, Worksheet)
    return ws


def validation_of(ws: Worksheet, cell: str) -> DataValidation:
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, (cell, found)
    return found[0]


# ------------------------------------------------------------------ the workbook


def test_three_visible_sheets_in_order(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [INFO_SHEET, LIST_SHEET, GUIDE_SHEET]
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)


def test_header_row_is_every_column_in_schema_order(template: Path) -> None:
    ws = list_sheet(template)
    assert [c.value for c in ws[1]] == HEADERS
    assert "Vốn điều lệ (triệu đồng)" in HEADERS
    assert "Lợi nhuận (triệu đồng)" in HEADERS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1  # nothing below the header: formats are on the columns


def test_every_header_has_a_vietnamese_note(template: Path) -> None:
    ws = list_sheet(template)
    for col, cell in zip(COLUMNS, ws[1], strict=True):
        assert cell.comment is not None, col.key
        note = cell.comment.text
        assert col.note in note
        assert "Bắt buộc" in note or "Không bắt buộc" in note
        for choice in col.choices:
            assert choice in note
    assert "triệu đồng" in ws[LETTER["doanh_thu"] + "1"].comment.text
    assert "HTX và LHHTX" in ws[LETTER["ma_so"] + "1"].comment.text
    assert "dd/mm/yyyy" in ws[LETTER["ngay_thanh_lap"] + "1"].comment.text


@pytest.mark.parametrize(
    "col", [c for c in COLUMNS if c.kind in ("choice", "yes-no")], ids=lambda c: c.key
)
def test_dropdown_on_every_category_and_yes_no_column(template: Path, col: Column) -> None:
    ws = list_sheet(template)
    letter = LETTER[col.key]
    dv = validation_of(ws, f"{letter}2")
    assert dv.type == "list"
    assert f"{letter}{LAST_ROW}" in dv.sqref and LAST_ROW > 1000
    expected = col.choices if col.kind == "choice" else YES_NO
    assert dv.formula1 == '"' + ",".join(expected) + '"'
    assert len(dv.formula1) <= LIST_LIMIT
    assert dv.showDropDown in (None, False)  # True would hide the arrow in Excel
    assert dv.error and dv.prompt and dv.errorStyle == "stop"


def test_yes_no_dropdown_values_are_read_as_yes_and_no() -> None:
    assert parse_yes_no(YES_NO[0]) is True
    assert parse_yes_no(YES_NO[1]) is False


@pytest.mark.parametrize(
    ("key", "kind", "operator", "formula1"),
    [
        ("so_thanh_vien", "whole", "greaterThanOrEqual", "0"),
        ("so_htx_thanh_vien", "whole", "greaterThanOrEqual", "0"),
        ("so_lao_dong", "whole", "greaterThanOrEqual", "0"),
        ("von_dieu_le", "decimal", "greaterThanOrEqual", "0"),
        ("doanh_thu", "decimal", "greaterThanOrEqual", "0"),
        ("loi_nhuan", "decimal", "between", "-1000000000000"),
        ("ngay_thanh_lap", "date", "between", "DATE(1950,1,1)"),
    ],
)
def test_number_and_date_validation(
    template: Path, key: str, kind: str, operator: str, formula1: str
) -> None:
    dv = validation_of(list_sheet(template), f"{LETTER[key]}2")
    assert (dv.type, dv.operator, dv.formula1) == (kind, operator, formula1)
    assert dv.error and dv.prompt


def test_text_columns_have_no_validation_and_codes_are_text(template: Path) -> None:
    ws = list_sheet(template)
    for key in ("ten", "xa_phuong", "quan_huyen", "tinh_cu", "ghi_chu", "ma_so"):
        cell = f"{LETTER[key]}2"
        assert not [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert ws.column_dimensions[LETTER["ma_so"]].number_format == "@"
    assert ws.column_dimensions[LETTER["ngay_thanh_lap"]].number_format == "dd/mm/yyyy"


def test_messages_fit_excel_limits() -> None:
    wb = build_template()
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert len(dv.promptTitle or "") <= TITLE_LIMIT
            assert len(dv.errorTitle or "") <= TITLE_LIMIT
            assert len(dv.prompt or "") <= MESSAGE_LIMIT
            assert len(dv.error or "") <= MESSAGE_LIMIT


def test_inline_list_refuses_what_excel_cannot_hold() -> None:
    with pytest.raises(ValueError, match="comma"):
        inline_list(["a, b", "c"])
    with pytest.raises(ValueError, match="255"):
        inline_list(["x" * 50] * 6)


def test_information_sheet_labels_notes_and_validation(template: Path) -> None:
    ws = openpyxl.load_workbook(template)[INFO_SHEET]
    assert [ws.cell(row=i, column=1).value for i in range(1, len(INFO_FIELDS) + 1)] == [
        f.label for f in INFO_FIELDS
    ]
    assert all(ws.cell(row=i, column=2).value is None for i in range(1, 10))
    for i, field in enumerate(INFO_FIELDS, start=1):
        assert ws.cell(row=i, column=1).comment is not None, field.key
    row = {f.key: i for i, f in enumerate(INFO_FIELDS, start=1)}
    year = validation_of(ws, f"B{row['nam_bao_cao']}")
    assert (year.type, year.operator, year.formula1, year.formula2) == (
        "whole",
        "between",
        "2000",
        "2100",
    )
    assert validation_of(ws, f"B{row['ngay_so_lieu']}").type == "date"
    population = validation_of(ws, f"B{row['dan_so']}")
    assert (population.type, population.operator, population.formula1) == (
        "whole",
        "greaterThan",
        "0",
    )


def test_instructions_sheet_in_vietnamese(template: Path) -> None:
    ws = openpyxl.load_workbook(template)[GUIDE_SHEET]
    text = "\n".join(str(c.value) for (c,) in ws.iter_rows(max_col=1) if c.value)
    for words in ("Có", "Không", "dd/mm/yyyy", "ktt check", "một dòng", "tiêu đề", "dạng chữ"):
        assert words in text, words
    for col in COLUMNS:
        assert f"«{col.full_header}»" in text


def test_output_is_stable() -> None:
    first = template_bytes()
    assert first == template_bytes()
    wb = openpyxl.load_workbook(io.BytesIO(first))
    assert wb.properties.created == wb.properties.modified == datetime(2025, 1, 1)


# ------------------------------------------------------------------ filled in, it passes


INFO = {
    "don_vi_bao_cao": "UBND xã Thới Lai",
    "nam_bao_cao": 2025,
    "ngay_so_lieu": datetime(2025, 12, 15),
    "dia_ban": "Xã Thới Lai, thành phố Cần Thơ",
    "dan_so": 42000,
}


def _org(form: str, n: int) -> dict[str, Any]:
    """The n-th organization of a form, as an officer would type it from the dropdowns."""
    yes_no = [YES_NO[0], YES_NO[1], None]
    row: dict[str, Any] = {
        "stt": None,  # filled below
        "ten": {"THT": "Tổ hợp tác", "HTX": "Hợp tác xã", "LHHTX": "Liên hiệp HTX"}[form]
        + f" Thới Lai số {n}",
        "loai_hinh": form,
        "xa_phuong": ["Xã Thới Lai", "Xã Đông Thuận", "Xã Trường Xuân"][n % 3],
        "quan_huyen": "Huyện Thới Lai",
        "tinh_cu": "Cần Thơ",
        "linh_vuc": COLUMNS_BY_KEY["linh_vuc"].choices[n % 8],
        "tinh_trang": "Tạm ngừng hoạt động" if n == 4 else "Đang hoạt động",
        "ngay_thanh_lap": datetime(2005 + n, n + 1, 10 + n),
        "so_thanh_vien": {"THT": 2, "HTX": 5, "LHHTX": 3}[form] + 7 * n,
        "xep_loai": ["Tốt", "Khá", "Trung bình", "Yếu", "Chưa xếp loại"][n],
        "chuoi_gia_tri": yes_no[n % 3],
        "cong_nghe_cao": yes_no[(n + 1) % 3],
        "chuyen_doi_so": yes_no[(n + 2) % 3],
        "gioi_tinh_giam_doc": ["Nam", "Nữ"][n % 2],
        "kieu_moi": YES_NO[0] if form != "THT" and n < 2 else None,
        "dien_hinh": YES_NO[0] if n == 0 else YES_NO[1],
        "san_pham_chu_luc": ["Lúa gạo", "Trái cây", "Thủy sản", "Khác", None][n],
        "von_dieu_le": 150 + 25.5 * n,
        "doanh_thu": 1250 * (n + 1),
        "loi_nhuan": [-35.5, 0, 12, 80.25, 100][n],
        "so_lao_dong": 3 + n,
        "ghi_chu": "Số liệu đã đối chiếu" if n == 2 else None,
    }
    if form == "HTX":
        # leading zeros survive in a text cell; one code is a branch code
        row["ma_so"] = f"0{n + 1}0123456{n}" if n != 3 else "1801234567-003"
    if form == "LHHTX":
        row["ma_so"] = f"18987654{n:02d}"
        row["so_htx_thanh_vien"] = 3 + n
    return row


ROWS = [_org(form, n) for form in ("THT", "HTX", "LHHTX") for n in range(5)]


def fill(template: Path, path: Path, rows: list[dict[str, Any]] = ROWS) -> Path:
    """Fill in a copy of the template: information in column B, one organization a row."""
    wb = openpyxl.load_workbook(template)
    info = wb[INFO_SHEET]
    label_row = {info.cell(row=i, column=1).value: i for i in range(1, info.max_row + 1)}
    for field in INFO_FIELDS:
        info.cell(row=label_row[field.label], column=2, value=INFO[field.key])
    ws = wb[LIST_SHEET]
    column_of = {cell.value: cell.column for cell in ws[1]}
    for i, row in enumerate(rows, start=2):
        for col in COLUMNS:
            value = i - 1 if col.key == "stt" else row.get(col.key)
            if value is not None:
                ws.cell(row=i, column=column_of[col.full_header], value=value)
    wb.save(path)
    return path


def _expected(key: str, typed: Any) -> Any:
    col = COLUMNS_BY_KEY[key]
    if col.kind == "yes-no":
        return typed == YES_NO[0]
    if isinstance(typed, datetime):
        return typed.date()
    return typed


def test_filled_template_has_no_findings_and_reads_what_was_typed(
    template: Path, tmp_path: Path
) -> None:
    path = fill(template, tmp_path / "filled.xlsx")
    census = read_census([path], today=TODAY)
    assert [asdict(f) for f in census.findings] == []
    assert census.valid
    (file,) = census.files
    assert asdict(file.info) == {
        **INFO,
        "ngay_so_lieu": INFO["ngay_so_lieu"].date(),
    }
    assert len(census.organizations) == len(ROWS) == 15
    assert {o.loai_hinh for o in census.organizations} == set(LegalForm)
    for org, typed in zip(census.organizations, ROWS, strict=True):
        assert org.source.row == ROWS.index(typed) + 2
        for key, value in typed.items():
            if key == "stt":
                continue
            assert getattr(org, key) == _expected(key, value), (org.source.row, key)
        if "ma_so" not in typed:
            assert org.ma_so is None
    assert census.organizations[5].ma_so == "0101234560"  # the leading zero survived


def test_cli_template_then_check_a_filled_copy(tmp_path: Path) -> None:
    out = tmp_path / "dieu-tra.xlsx"
    result = ktt("template", "-o", out)
    assert result.exit_code == 0, result.output
    assert str(out) in result.stderr  # "Đã ghi …"
    assert "ktt check" in result.stderr
    assert result.stdout == ""
    assert out.read_bytes() == template_bytes()

    filled = fill(out, tmp_path / "filled.xlsx")
    checked = ktt("check", filled, "--today", TODAY.isoformat(), "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert '"valid": true' in checked.stdout
    assert '"errors": []' in checked.stdout and '"warnings": []' in checked.stdout


def test_unfilled_template_reports_only_the_empty_information(template: Path) -> None:
    census = read_census([template], today=TODAY)
    (file,) = census.files
    assert file.organizations == [] and file.rows_read == 0
    # The blank information sheet: no reporting year, no reporting unit; and no organization
    # under the list's header. Nothing else.
    assert sorted((f.code, f.cell or "") for f in census.findings) == [
        ("missing-report-year", "B2"),
        ("missing-value", "B1"),
        ("no-organizations", ""),
    ]
    assert not file.warnings
    result = ktt("check", template, "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "Thiếu năm báo cáo" in result.stdout  # missing-report-year, by its title


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "census.xlsx"
    out.write_bytes(b"someone's census")
    result = ktt("template", "-o", out)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert out.read_bytes() == b"someone's census"

    result = ktt("template", "-o", out, "--force", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.stderr
    assert out.read_bytes() == template_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["census.xlsx"]  # no temporary file left


def test_output_is_required_and_must_be_xlsx(tmp_path: Path) -> None:
    assert ktt("template").exit_code == 2
    result = ktt("template", "-o", tmp_path / "census.ods", "--lang", "en")
    assert result.exit_code == 2
    assert ".xlsx" in result.stderr
    assert not (tmp_path / "census.ods").exists()


def test_write_error_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")  # no folder can be made under it
    result = ktt("template", "-o", tmp_path / "a-file" / "census.xlsx")
    assert result.exit_code == 2
    assert "Lỗi" in result.stderr


def test_a_provinces_communes_are_the_dropdown_of_the_commune_column(tmp_path: Path) -> None:
    path = tmp_path / "can-tho.xlsx"
    result = ktt("template", "-o", path, "--province", "92")
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    listed = wb[UNITS_SHEET]
    rows = [tuple(r) for r in listed.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 103 and ("Phường Cái Khế", "31120") in rows
    assert ("Xã Thới Lai", "31258") in rows
    dropdown = validation_of(list_sheet(path), f"{LETTER['xa_phuong']}2")
    assert dropdown.type == "list"
    assert dropdown.formula1 == f"'{UNITS_SHEET}'!$A$2:$A$104"
    assert "Thành phố Cần Thơ" in (dropdown.prompt or "")
    # filled with the list's names, the workbook passes: the sheet of communes is no list
    filled = fill(path, tmp_path / "filled.xlsx", [dict(ROWS[0], xa_phuong=rows[5][0])])
    census = read_census([filled], today=TODAY)
    assert census.findings == [] and census.organizations[0].ma_xa == rows[5][1]


def test_a_province_that_is_none_is_a_usage_mistake(tmp_path: Path) -> None:
    result = ktt("template", "-o", tmp_path / "x.xlsx", "--province", "Atlantis")
    assert result.exit_code == 2
    assert "«Atlantis» không phải mã hay tên một tỉnh" in result.output
    assert not (tmp_path / "x.xlsx").exists()
