"""Marked-up copies of the submissions and who has not sent."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.comments import Comment
from python_calamine import CalamineWorkbook
from test_batch_districts import BROKEN, districts  # noqa: F401  (the fixture)
from typer.testing import CliRunner

from ktt_indicators.batch.run import find_workbooks
from ktt_indicators.census.area_units import unit_list
from ktt_indicators.census.expected import load_units, unit_key, unit_name
from ktt_indicators.census.reader import combine, read_census_file
from ktt_indicators.cli.app import app
from ktt_indicators.read.workbook import read_workbook
from ktt_indicators.report.markup import ERROR_FILL, WARNING_FILL, places
from printed import is_a4, needs_tools, page_sizes, pdf_text, to_pdf

from conftest import DISTRICTS, TODAY, write_census

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "NO_COLOR": "1"})
RESULTS = "Kết quả kiểm tra"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def ktt(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cells as calamine reads them (what ktt reads)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _notes(path: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(sheet, cell) → (note, fill colour) of every cell with a note."""
    found = {}
    for ws in openpyxl.load_workbook(path):
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    found[(ws.title, cell.coordinate)] = (cell.comment.text, cell.fill.fgColor.rgb)
    return found


def _findings_column(copy: dict[str, list[list[Any]]], original: dict[str, list[list[Any]]]
                     ) -> tuple[dict[str, list[list[Any]]], dict[str, dict[int, str]]]:  # fmt: skip
    """The copy's sheets without the column after the original's last, and that column's
    texts by sheet and 1-based row."""
    kept, printed = {}, {}
    for name, rows in copy.items():
        width = max(map(len, original.get(name, [])), default=0)
        kept[name] = [r[:width] for r in rows]
        printed[name] = {i + 1: r[width] for i, r in enumerate(rows) if len(r) > width and r[width]}
    return kept, printed


def _with_formula_and_note(path: Path) -> Path:
    """A broken submission as Excel saves one: a formula with its saved value, a note of the
    submitter's own on a cell that now has a finding, merged cells and a column width."""
    write_census(path, [{"so_thanh_vien": "mười"}, {"ten": "HTX Hai", "so_lao_dong": 7}],
                 info={"don_vi_bao_cao": "UBND phường Cái Khế", "nam_bao_cao": 2025})  # fmt: skip
    wb = openpyxl.load_workbook(path)
    ws = wb["Danh sách tổ chức"]
    col = [c.value for c in ws[1]].index("Số lao động") + 1
    ws.cell(row=2, column=col).value = f"={openpyxl.utils.get_column_letter(col)}3*2"
    members = [c.value for c in ws[1]].index("Số thành viên") + 1
    ws.cell(row=2, column=members).comment = Comment("Số của năm ngoái", "Cán bộ xã")
    ws.column_dimensions["C"].width = 41
    wb["Thông tin chung"].merge_cells("C1:D2")
    wb.save(path)
    # The formula's saved value, as Excel writes it (openpyxl writes none).
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    name = "xl/worksheets/sheet2.xml"
    parts[name] = re.sub(rb"(<f>[^<]*</f>)<v\s*/>|(<f>[^<]*</f>)<v></v>|(<f>[^<]*</f>)",
                         lambda m: (m.group(1) or m.group(2) or m.group(3)) + b"<v>14</v>",
                         parts[name])  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for part, data in parts.items():
            dst.writestr(part, data)
    return path


@pytest.fixture(scope="module")
def folder(districts: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """The example's districts plus broken ones: the two of test_batch_districts, one with a
    formula and a note of its own, one without its «Tên tổ chức» column."""
    root = tmp_path_factory.mktemp("nop16") / "nop"
    shutil.copytree(districts, root)
    _with_formula_and_note(root / "Cái Khế (sửa).xlsx")
    write_census(root / "Mỹ Khánh.xlsx", [{"xa_phuong": "Xã Mỹ Khánh"}], headers=[
        "ma_so", "loai_hinh", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien"])  # fmt: skip
    return root


@pytest.fixture(scope="module")
def run(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("out16")
    units = out.parent / "don-vi.txt"
    # One unit the folder lacks (Thới An), and none for Mỹ Khánh's submission.
    listed = [*(f"UBND quận {d}" for d in DISTRICTS), "Phường Cái Khế", "Xã Thới An"]
    units.write_text("# don vi phai bao cao\n" + "\n".join(listed) + "\n", encoding="utf-8")
    result = ktt("batch", folder, "-o", out, "--today", TODAY.isoformat(), "--expected", units,
                 "--deadline", "2025-12-10")  # fmt: skip
    return result, out


def test_every_broken_submission_gets_a_marked_up_copy(run: tuple[Any, Path],
                                                       folder: Path) -> None:  # fmt: skip
    result, out = run
    assert result.exit_code == 1, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    broken = {e["path"]: e for e in summary["files"] if not e["valid"]}
    assert set(broken) == {*BROKEN, "Cái Khế (sửa).xlsx", "Mỹ Khánh.xlsx"}
    # The findings as the run has them: a code used in another district's file too.
    paths = find_workbooks(folder)
    labels = [p.relative_to(folder).as_posix() for p in paths]
    read_all = [
        read_census_file(p, today=TODAY, label=x) for p, x in zip(paths, labels, strict=True)
    ]
    run_files = {f.path: f for f in combine(read_all).files}
    for name, entry in broken.items():
        copy = out / entry["marked_up"]
        original = folder / name
        read = run_files[name]
        where = places(read, read_workbook(original))
        notes = _notes(copy)
        # The noted cells are exactly the cells of its findings (or where a finding without
        # a cell of its own is noted), filled by the worst severity of their findings.
        assert set(notes) == {(p.sheet, p.cell) for p in where}, name
        own = {(f.sheet, f.cell) for f in read.findings if f.cell}
        assert own == {(p.sheet, p.cell) for p in where if p.own}
        for (sheet, cell), (note, fill) in notes.items():
            here = [f for f, p in zip(read.findings, where, strict=True)
                    if (p.sheet, p.cell) == (sheet, cell)]  # fmt: skip
            worst = ERROR_FILL if any(f.severity == "error" for f in here) else WARNING_FILL
            assert fill == worst, (name, cell)
            for f in here:
                assert f.message("vi").split(";")[0] in note
                if f.value:
                    assert f"Giá trị đã nhập: «{f.value}»" in note
        # Every other value is the original's, but for one column after the last that says
        # what is wrong on each row with a finding (to print); the results sheet comes first.
        values = _values(copy)
        assert next(iter(values)) == RESULTS
        listed = values.pop(RESULTS)
        kept, printed = _findings_column(values, _values(original))
        assert kept == _values(original), name
        for sheet_name, column in printed.items():
            on_rows: dict[int, list[Any]] = {}
            for f, p in zip(read.findings, where, strict=True):
                if p.sheet == sheet_name and (p.own or f.row is not None):
                    on_rows.setdefault(int(re.sub(r"[A-Z]", "", p.cell)), []).append(f)
            assert set(on_rows) <= set(column), (name, sheet_name)
            for r, found in on_rows.items():
                for f in found:
                    assert f.message("vi").split(";")[0].split(" (")[0] in column[r], (name, r)
        assert name in listed[0][0] and "gửi lại" in listed[2][0]
        assert [r[0] for r in listed[5:]] == list(range(1, len(read.findings) + 1))
        sheet = openpyxl.load_workbook(copy)[RESULTS]
        links = [sheet.cell(row=r, column=4).hyperlink for r in range(6, 6 + len(where))]
        assert [h.location if h else None for h in links] == [
            "'" + p.sheet.replace("'", "''") + "'!" + p.cell for p in where
        ]
        # Every part is well-formed XML.
        with zipfile.ZipFile(copy) as archive:
            for part in archive.namelist():
                if part.endswith((".xml", ".rels", ".vml")):
                    ElementTree.fromstring(archive.read(part))


def test_the_copy_keeps_formulas_with_their_values_widths_merges_and_notes(
    run: tuple[Any, Path], folder: Path
) -> None:
    _, out = run
    copy = out / "findings" / "Cái_Khế__sửa_.xlsx.xlsx"
    formulas = openpyxl.load_workbook(copy)
    ws = formulas["Danh sách tổ chức"]
    assert any(str(c.value).startswith("=") for row in ws.iter_rows() for c in row)
    saved = openpyxl.load_workbook(copy, data_only=True)["Danh sách tổ chức"]
    assert 14 in [c.value for row in saved.iter_rows() for c in row]  # the saved value
    assert ws.column_dimensions["C"].width == 41
    assert "C1:D2" in {str(r) for r in formulas["Thông tin chung"].merged_cells.ranges}
    members = [c.value for c in ws[1]].index("Số thành viên") + 1
    note = ws.cell(row=2, column=members).comment.text
    assert note.startswith("Số của năm ngoái") and "Sai kiểu dữ liệu" in note  # both kept
    assert (folder / "Cái Khế (sửa).xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_every_copy_without_repair(run: tuple[Any, Path],
                                                     tmp_path: Path) -> None:  # fmt: skip
    _, out = run
    copies = sorted((out / "findings").glob("*.xlsx"))
    assert len(copies) >= 4
    done = subprocess.run(
        [str(SOFFICE), "--headless", "--norestore",
         f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *map(str, copies)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdfs = sorted(p.stem for p in (tmp_path / "pdf").glob("*.pdf"))
    assert pdfs == sorted(p.stem for p in copies), done.stdout + done.stderr
    assert all((tmp_path / "pdf" / f"{p}.pdf").read_bytes().startswith(b"%PDF") for p in pdfs)


def test_expected_units_missing_unexpected_and_late(run: tuple[Any, Path]) -> None:
    _, out = run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    units = summary["units"]
    assert units["missing"] == ["Xã Thới An"]
    assert units["unexpected"] == [{"file": "Mỹ Khánh.xlsx", "unit": "UBND xã Thới Lai"}]
    # The districts' files all say the city's office: they are matched by their names, and
    # a second round («bổ sung/Cờ Đỏ đợt 2.xlsx», «Thới Lai (thiếu năm).xlsx») is the same unit.
    assert units["several"] == [
        {"unit": "UBND quận Thới Lai", "files": ["Thới Lai (thiếu năm).xlsx", "Thới Lai.xlsx"]},
        {"unit": "UBND quận Cờ Đỏ", "files": ["Cờ Đỏ.xlsx", "bổ sung/Cờ Đỏ đợt 2.xlsx"]},
    ]
    assert units["received"]["Phường Cái Khế"] == ["Cái Khế (sửa).xlsx"]  # by its own unit
    assert units["received"]["UBND quận Ninh Kiều"] == ["Ninh Kiều.xlsx"]
    # Every file was written just now: after the deadline.
    assert {x["file"] for x in summary["late"]} == {e["path"] for e in summary["files"]}
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "### Chưa gửi\n\n- Xã Thới An" in md
    assert "- Mỹ Khánh.xlsx (UBND xã Thới Lai)" in md


def test_summary_md_lists_every_finding_in_vietnamese(run: tuple[Any, Path],
                                                      folder: Path) -> None:  # fmt: skip
    _, out = run
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "## Không đưa vào tổng hợp (có lỗi)" in md and "Việc cần làm" in md
    for name in ("Cái Khế (sửa).xlsx", "Ninh Kiều.xlsx"):
        read = read_census_file(folder / name, today=TODAY)
        for f in read.findings:
            assert f.message("vi").replace("|", "\\|").replace("\n", " ") in md, f.code


def test_several_files_of_one_unit_are_listed(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    for name, unit in (("a.xlsx", "UBND xã Mỹ Khánh"), ("b.xlsx", "xa my khanh"),
                       ("c.xlsx", "Phường Cái Khế")):  # fmt: skip
        code = f"18{len(name) + ord(name[0]):08d}"  # a code of its own: no duplicate
        write_census(folder / name, [{"ma_so": code}],
                     info={"don_vi_bao_cao": unit, "nam_bao_cao": 2025})  # fmt: skip
    units = tmp_path / "units.csv"
    units.write_text("Đơn vị,ghi chú\nXã Mỹ Khánh,\nPhường Cái Khế,\nPhường An Bình,\n",
                     encoding="utf-8")  # fmt: skip
    result = ktt("batch", folder, "-o", tmp_path / "out", "--expected", units, "--lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert data["units"]["several"] == [{"unit": "Xã Mỹ Khánh", "files": ["a.xlsx", "b.xlsx"]}]
    assert data["units"]["missing"] == ["Phường An Bình"]
    assert data["units"]["unexpected"] == []
    assert "late" not in data


def test_units_lists_and_keys(tmp_path: Path) -> None:
    assert unit_key("UBND Phường Cái Khế") == unit_key("cai khe") == "cai khe"
    assert unit_key("Ủy ban nhân dân xã Mỹ Khánh") == "my khanh"
    book = tmp_path / "units.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["Đơn vị báo cáo", "x"], ["Xã A", 1], [None, None], ["Phường B", 2], ["xa a"]):
        ws.append(row)
    wb.save(book)
    assert load_units(book) == ["Xã A", "Phường B"]  # the heading, blanks and repeats go
    bad = ktt("batch", tmp_path, "-o", tmp_path / "o", "--expected", tmp_path / "none.txt")
    assert bad.exit_code == 2


def test_check_mark_up_writes_one_copy(tmp_path: Path) -> None:
    path = write_census(tmp_path / "x.xlsx", [{"so_thanh_vien": -1}])
    out = tmp_path / "x-marked.xlsx"
    result = ktt("check", path, "--mark-up", out, "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output
    read = read_census_file(path, today=TODAY)
    assert set(_notes(out)) == {(f.sheet, f.cell) for f in read.findings}
    assert ktt("check", path, "--mark-up", path).exit_code == 2  # never over the input
    assert ktt("check", path, path, "--mark-up", out).exit_code == 2


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_an_ods_submission_is_marked_up_from_the_cells_read(tmp_path: Path) -> None:
    path = write_census(tmp_path / "x.xlsx", [{"so_thanh_vien": "abc"}, {}])
    subprocess.run([str(SOFFICE), "--headless", f"-env:UserInstallation=file://{tmp_path}/p",
                    "--convert-to", "ods", "--outdir", str(tmp_path / "ods"), str(path)],
                   capture_output=True, timeout=300, check=True)  # fmt: skip
    ods = tmp_path / "ods" / "x.ods"
    out = tmp_path / "x-marked.xlsx"
    result = ktt("check", ods, "--mark-up", out, "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output
    read = read_census_file(ods, today=TODAY)
    assert set(_notes(out)) == {(f.sheet, f.cell) for f in read.findings}
    values = _values(out)
    del values[RESULTS]
    kept, printed = _findings_column(values, _values(ods))
    assert kept == _values(ods)
    assert "abc" in printed["Danh sách tổ chức"][2]
    assert io.BytesIO(out.read_bytes()).read(2) == b"PK"


def test_the_example_units_list_names_the_communes_of_the_city_with_their_codes() -> None:
    units = load_units(Path(__file__).resolve().parents[2] / "examples" / "units-can-tho.txt")
    city = unit_list().communes_of("92")
    assert units == [f"{u.name} ({u.code})" for u in city] and len(units) == 103
    assert (
        unit_name("Xã Thới Lai (31258)") == unit_name("UBND xã Thới Lai") == ("thoi lai", "commune")
    )


@needs_tools
def test_the_findings_example_prints_on_four_a4_pages_codes_whole(tmp_path: Path) -> None:
    """A commune officer prints the marked-up copy and fixes the file from paper: A4 pages,
    at most four for the bundled example, every code whole, each row's findings beside it."""
    example = Path(__file__).resolve().parents[2] / "examples" / "census-findings.xlsx"
    out = tmp_path / "ban-danh-dau.xlsx"
    result = ktt("check", example, "--mark-up", out, "--today", TODAY.isoformat())
    assert result.exit_code == 1, result.output
    pdf = to_pdf(out, tmp_path)
    sizes = page_sizes(pdf)
    assert 1 <= len(sizes) <= 4 and all(is_a4(s) for s in sizes), sizes
    words = set(pdf_text(pdf).split())
    listed = _values(example)["Danh sách tổ chức"]
    column = listed[0].index("Mã số")
    codes = {str(r[column]).removesuffix(".0") for r in listed[1:] if r[column] != ""}
    assert len(codes) > 20
    assert codes <= words, sorted(codes - words)
    # The results sheet prints one page across, its messages wrapped: every word of every
    # message is on the first page, and its end (cut at the page's edge, it would be lost).
    # Spaces aside: pdftotext splits some words at a kerned letter, and puts a wrapped line
    # of one cell among those of its neighbours.
    first = re.sub(r"\s", "", pdf_text(pdf).split("\f")[0])
    read = read_census_file(example, today=TODAY)
    for f in read.findings:
        shown = replace(f, suggestion=None).message("vi")  # the suggestion has its own column
        words = unicodedata.normalize("NFC", shown).split()
        assert all(w in first for w in words) and "".join(words[-2:]) in first, f.code
    # Each row's findings are printed beside it, on the list's pages.
    rest = " ".join(" ".join(pdf_text(pdf).split("\f")[2:]).split())
    assert "Kết quả kiểm tra (ktt)" in rest
    assert "«18012345» phải gồm 10 chữ số" in rest


def test_the_copy_prints_on_a4_with_header_rows_and_wide_code_columns(tmp_path: Path) -> None:
    """The print settings themselves, without LibreOffice: a narrow «Mã số» column is widened
    to its codes, the list prints across on A4 fitted to its width with its header row
    repeated, the results sheet one page across."""
    path = write_census(tmp_path / "x.xlsx", [{"so_thanh_vien": "abc"}, {}])
    wb = openpyxl.load_workbook(path)
    ws = wb["Danh sách tổ chức"]
    code = [c.value for c in ws[1]].index("Mã số") + 1
    letter = openpyxl.utils.get_column_letter(code)
    ws.column_dimensions[letter].width = 8
    wb.save(path)
    out = tmp_path / "x-marked.xlsx"
    assert ktt("check", path, "--mark-up", out, "--today", TODAY.isoformat()).exit_code == 1
    copy = openpyxl.load_workbook(out)
    listed = copy["Danh sách tổ chức"]
    assert listed.column_dimensions[letter].width >= 11  # ten digits and a margin
    setup = listed.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToHeight) == (9, "landscape", 0)
    assert listed.sheet_properties.pageSetUpPr.fitToPage
    assert listed.print_title_rows == "$1:$1"
    results = copy[RESULTS]
    assert (results.page_setup.paperSize, results.page_setup.fitToWidth) == (9, 1)
    assert results.print_title_rows == "$5:$5"
    info = copy["Thông tin chung"]
    assert info.page_setup.orientation == "portrait"
