"""Census workbooks laid out as a real district form, for the tests of official layouts.

``write_official_form(path, rows, info=...)`` writes the SAME organizations as
``conftest.write_census`` (rows are completed by ``conftest.complete_rows``), laid out
the way a district office really fills in the census form:

- an information sheet with a title row, labels that end in ":" (merged over A:B, the
  value in C) and every value typed as text ("2025", "1.263.000", "15/12/2025");
- a list sheet ("Biểu 01") with a title block (unit name, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
  NAM", "Độc lập - Tự do - Hạnh phúc", the form's title, "(Số liệu đến ngày …)", "Đơn vị
  tính"), a two-row header (group labels merged across their sub-columns, single labels
  merged over both rows), the rating as four tick columns under "Xếp loại", a row of column
  numbers "(1) (2) …", organizations grouped by sector under section rows ("I" NÔNG NGHIỆP,
  "II" PHI NÔNG NGHIỆP) each closed by a "Cộng" row, a "Tổng cộng" row, blank rows and a
  signature block ("Người lập biểu", "Thủ trưởng đơn vị", "(Ký, ghi rõ họ tên)"; with
  ``signers``, also the dated line above and the signers' names below).

Every quirk can be switched off on its own, so that a test can show one quirk in a small
file. The returned :class:`OfficialForm` says where each organization and totals row was
written, so tests can name the cells the user sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ktt_indicators.census.schema import COLUMNS, LegalForm, Rating, Sector, parse_legal_form
from ktt_indicators.census.schema import parse_rating as _parse_rating
from ktt_indicators.census.schema import parse_sector as _parse_sector

from conftest import BASE_ROW, DEFAULT_INFO, INFO_LABELS, census_keys, complete_rows

INFO_SHEET = "Thông tin chung"
LIST_SHEET = "Biểu 01"
HIDDEN_SHEET = "Nháp"
EMPTY_SHEET = "Sheet1"
#: Default names of the per-form list sheets: a Vietnamese name, a "DS" prefix, a union name.
PER_FORM_SHEETS: dict[str, str] = {"THT": "Tổ hợp tác", "HTX": "DS HTX", "LHHTX": "Liên hiệp HTX"}
SECTIONS: tuple[tuple[str | None, str], tuple[str | None, str]] = (
    ("I", "NÔNG NGHIỆP"),
    ("II", "PHI NÔNG NGHIỆP"),
)
#: The four tick columns under "Xếp loại", in the form's order.
RATINGS = ("Tốt", "Khá", "Trung bình", "Yếu")
TITLE_ROWS = 6  # title block: 4 lines of text, the as-of line, the unit line

#: Columns of the form, grouped as on the paper form; None = a single column (merged over the
#: two header rows). Keys not used by any row are left out; "xep_loai" becomes four tick
#: columns under the group "Xếp loại" when ``rating_ticks``.
GROUPS: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    (None, ("stt",)),
    ("Thông tin tổ chức", ("ten", "ma_so", "loai_hinh")),
    ("Địa bàn", ("xa_phuong", "quan_huyen", "tinh_cu")),
    (None, ("linh_vuc", "tinh_trang", "ngay_thanh_lap", "so_thanh_vien", "so_htx_thanh_vien")),
    (None, ("xep_loai",)),
    (
        "Nội dung (đánh dấu x)",
        ("chuoi_gia_tri", "cong_nghe_cao", "chuyen_doi_so", "kieu_moi", "dien_hinh"),
    ),
    (None, ("gioi_tinh_giam_doc", "san_pham_chu_luc")),
    ("Kết quả hoạt động (triệu đồng)", ("von_dieu_le", "doanh_thu", "loi_nhuan")),
    (None, ("so_lao_dong", "ghi_chu")),
)
#: Header text where the form words it differently from the contract's header.
HEADER_TEXT = {
    "ten": "Tên tổ chức",
    "ma_so": "Mã số thuế",
    "so_thanh_vien": "Số thành viên\n(người)",
    "so_lao_dong": "Số lao động (người)",
}
#: Columns a totals row adds up.
SUMMED = (
    "so_thanh_vien",
    "so_htx_thanh_vien",
    "von_dieu_le",
    "doanh_thu",
    "loi_nhuan",
    "so_lao_dong",
)
SIGNERS = ("Nguyễn Văn An", "Trần Thị Bình")

_HEADER_OF = {c.key: c.header for c in COLUMNS}


@dataclass
class OfficialForm:
    """Where ``write_official_form`` put things (1-based sheet rows, column letters)."""

    path: Path
    #: (sheet, row) of each input row, in the order of the rows given.
    rows: list[tuple[str, int]] = field(default_factory=list)
    #: sheet → column key → letter; a tick column's key is "xep_loai:Tốt" etc.
    letters: dict[str, dict[str, str]] = field(default_factory=dict)
    #: sheet → [(label, row)] of its totals rows ("Cộng" after each section, "Tổng cộng").
    totals: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: sheet → the (first) header row.
    header_row: dict[str, int] = field(default_factory=dict)
    #: sheet → the rows of its section headings.
    section_rows: dict[str, list[int]] = field(default_factory=dict)

    def cell(self, n: int, key: str) -> str:
        """The address of input row ``n``'s cell in column ``key`` (e.g. "K12")."""
        sheet, row = self.rows[n]
        return f"{self.letters[sheet][key]}{row}"

    def sheet_of(self, n: int) -> str:
        return self.rows[n][0]

    def totals_cell(self, sheet: str, label: str, key: str, which: int = -1) -> str:
        """The address of ``key`` in the ``which``-th totals row called ``label``."""
        rows = [r for lab, r in self.totals[sheet] if lab == label]
        return f"{self.letters[sheet][key]}{rows[which]}"


def write_official_form(
    path: Path,
    rows: Sequence[dict[str, Any]],
    *,
    info: dict[str, Any] | None = None,
    per_form_sheets: bool | Mapping[str, str] = False,
    with_hidden: bool = False,
    with_empty: bool = False,
    totals: bool = True,
    rating_ticks: bool = True,
    title_block: bool = True,
    two_row_header: bool = True,
    column_numbers: bool = True,
    sections: bool | Sequence[tuple[str | None, str]] = True,
    blank_rows: bool = True,
    signature: bool = True,
    signers: bool = False,
    tick: Any = "x",
    auto_codes: bool = True,
) -> OfficialForm:
    """Write the organizations of ``conftest.write_census(path, rows, info=info)`` as a form.

    ``per_form_sheets``: one list sheet per legal form, without the Loại hình column (True for
    ``PER_FORM_SHEETS``, or a mapping form → sheet name). ``with_hidden``: a hidden sheet of
    junk (a list with errors) before the list. ``with_empty``: an empty last sheet.
    ``totals``: a "Cộng" row after each section and a "Tổng cộng" row, with correct sums.
    ``rating_ticks``: the rating as four tick columns (needs the two-row header); a row's
    ``xep_loai`` may be a list of ratings to tick several. ``sections``: rows grouped by
    sector under two headings (True for ``SECTIONS``, or the two (STT, title) pairs).
    ``signature``: «Người lập biểu» and «Thủ trưởng đơn vị», each over its «(Ký …)» line;
    ``signers`` adds the dated line above them («Cần Thơ, ngày … tháng … năm …») and the
    signers' names below (the left one in the name column), as a signed form has.
    The other flags switch the other quirks off one by one.
    """
    if rating_ticks and not two_row_header:
        raise ValueError("the rating tick columns need the two-row header")
    info = DEFAULT_INFO if info is None else info
    full_rows = complete_rows(rows, auto_codes=auto_codes)
    keys = ["stt", *census_keys(full_rows)]
    layout = OfficialForm(path=path, rows=[("", 0)] * len(full_rows))
    style = _Style(
        title_block=title_block,
        two_row_header=two_row_header,
        column_numbers=column_numbers,
        sections=(
            tuple(SECTIONS if sections is True else sections) if sections is not False else None
        ),
        totals=totals,
        blank_rows=blank_rows,
        signature=signature,
        signers=signature and signers,
        rating_ticks=rating_ticks and "xep_loai" in keys,
        tick=tick,
    )

    wb = openpyxl.Workbook()
    ws_info = wb.active
    assert ws_info is not None
    ws_info.title = INFO_SHEET
    _write_info(ws_info, info)
    if with_hidden:
        _write_hidden(wb.create_sheet(HIDDEN_SHEET))

    numbered = list(enumerate(full_rows))
    if per_form_sheets:
        names = PER_FORM_SHEETS if per_form_sheets is True else dict(per_form_sheets)
        for form in LegalForm:
            mine = [(n, r) for n, r in numbered if _form(r) == form]
            if mine:
                ws = wb.create_sheet(names[form.value])
                title = f"DANH SÁCH {_FORM_TITLE[form]}"
                sheet_keys = [k for k in keys if k != "loai_hinh"]
                _write_list(ws, mine, sheet_keys, info, title, style, layout)
    else:
        ws = wb.create_sheet(LIST_SHEET)
        title = f"DANH SÁCH TỔ CHỨC KINH TẾ TẬP THỂ NĂM {info.get('nam_bao_cao', '')}"
        _write_list(ws, numbered, keys, info, title, style, layout)
    if with_empty:
        wb.create_sheet(EMPTY_SHEET)
    wb.save(path)
    return layout


# --------------------------------------------------------------------------- internals

_FORM_TITLE = {
    LegalForm.THT: "TỔ HỢP TÁC",
    LegalForm.HTX: "HỢP TÁC XÃ",
    LegalForm.LHHTX: "LIÊN HIỆP HỢP TÁC XÃ",
}


@dataclass(frozen=True)
class _Style:
    title_block: bool
    two_row_header: bool
    column_numbers: bool
    sections: tuple[tuple[str | None, str], ...] | None
    totals: bool
    blank_rows: bool
    signature: bool
    signers: bool
    rating_ticks: bool
    tick: Any


@dataclass(frozen=True)
class _Col:
    key: str  # a column key, or "xep_loai:Tốt" for a tick column
    group: str | None
    label: str


def _form(row: dict[str, Any]) -> LegalForm:
    form = parse_legal_form(row.get("loai_hinh", BASE_ROW["loai_hinh"]))
    assert form is not None, row
    return form


def _is_agriculture(row: dict[str, Any]) -> bool:
    try:
        return _parse_sector(row.get("linh_vuc")) == Sector.AGRICULTURE
    except Exception:  # a planted wrong sector: put it with the others
        return False


def _ratings(value: Any) -> set[str]:
    """The tick columns a row's ``xep_loai`` ticks: none when unrated."""
    values = value if isinstance(value, list | tuple) else [value]
    ticked = set()
    for one in values:
        rating = _parse_rating(one)
        if rating != Rating.UNRATED:
            ticked.add(rating.value)
    return ticked


def _columns(keys: Sequence[str], style: _Style) -> list[_Col]:
    cols: list[_Col] = []
    placed: set[str] = set()
    for group, members in GROUPS:
        for key in members:
            if key not in keys:
                continue
            placed.add(key)
            if key == "xep_loai" and style.rating_ticks:
                cols.extend(_Col(f"xep_loai:{r}", _HEADER_OF["xep_loai"], r) for r in RATINGS)
            else:
                cols.append(_Col(key, group, HEADER_TEXT.get(key, _HEADER_OF.get(key, key))))
    cols.extend(_Col(k, None, _HEADER_OF.get(k, k)) for k in keys if k not in placed)
    return cols


def _write_info(ws: Worksheet, info: dict[str, Any]) -> None:
    """Title row, a blank row, then «label:» merged over A:B with the value, as text, in C."""
    ws["A1"] = "THÔNG TIN CHUNG"
    ws.merge_cells("A1:C1")
    for r, (key, value) in enumerate(info.items(), start=3):
        ws.cell(r, 1, f"{INFO_LABELS.get(key, key)}:")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        ws.cell(r, 3, _as_text(key, value))


def _as_text(key: str, value: Any) -> Any:
    """An information value typed as text, the way people type it on a form."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int) and not isinstance(value, bool) and key != "nam_bao_cao":
        return f"{value:,}".replace(",", ".")
    return value if value is None else str(value)


def _write_hidden(ws: Worksheet) -> None:
    """A hidden draft: a list whose rows would be counted, or be errors, if it were read."""
    ws.sheet_state = "hidden"
    keys = ["ma_so", "ten", "loai_hinh", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien"]
    ws.append([_HEADER_OF[k] for k in keys])
    ws.append(["1899999999", "HTX Nháp", "HTX", "Xã Nháp", "Nông nghiệp", "Đang hoạt động", 999])
    ws.append(["abc", "Dòng nháp lỗi", "Công ty", "", "?", "?", "nhiều"])


def _write_list(
    ws: Worksheet,
    numbered: Sequence[tuple[int, dict[str, Any]]],
    keys: Sequence[str],
    info: dict[str, Any],
    title: str,
    style: _Style,
    layout: OfficialForm,
) -> None:
    cols = _columns(keys, style)
    width = len(cols)
    index = {c.key: j for j, c in enumerate(cols, start=1)}
    layout.letters[ws.title] = {c.key: get_column_letter(j) for j, c in enumerate(cols, start=1)}
    layout.totals[ws.title] = []
    layout.section_rows[ws.title] = []
    name_col = index.get("ten", 2)
    right = max(name_col + 1, width - 4)  # where the right half of the title/signature goes

    r = 1
    if style.title_block:
        unit = str(info.get("don_vi_bao_cao", "")).upper()
        _merged(ws, 1, 1, 1, right - 1, unit)
        _merged(ws, 1, right, 1, width, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        _merged(ws, 2, right, 2, width, "Độc lập - Tự do - Hạnh phúc")
        _merged(ws, 3, 1, 3, width, title)
        as_of = info.get("ngay_so_lieu") or date(int(info.get("nam_bao_cao", 2025)), 12, 14)
        _merged(ws, 4, 1, 4, width, f"(Số liệu đến ngày {as_of:%d/%m/%Y})")
        ws.cell(5, width, "Đơn vị tính: triệu đồng")
        r = TITLE_ROWS + 1  # row 6 stays blank
    layout.header_row[ws.title] = r

    if style.two_row_header:
        j = 1
        while j <= width:
            group = cols[j - 1].group
            if group is None:
                _merged(ws, r, j, r + 1, j, cols[j - 1].label)
                j += 1
                continue
            end = j
            while end < width and cols[end].group == group:
                end += 1
            _merged(ws, r, j, r, end, group)
            for k in range(j, end + 1):
                ws.cell(r + 1, k, cols[k - 1].label)
            j = end + 1
        r += 2
    else:
        for j, col in enumerate(cols, start=1):
            ws.cell(r, j, col.label)
        r += 1

    if style.column_numbers:
        for j in range(1, width + 1):
            ws.cell(r, j, f"({j})")
        r += 1

    if style.sections is None:
        parts: list[tuple[tuple[str | None, str] | None, list[tuple[int, dict[str, Any]]]]] = [
            (None, list(numbered))
        ]
    else:
        agri = [(n, row) for n, row in numbered if _is_agriculture(row)]
        other = [(n, row) for n, row in numbered if not _is_agriculture(row)]
        parts = [(h, p) for h, p in zip(style.sections, (agri, other), strict=True) if p]

    stt = 0
    for heading, part in parts:
        if heading is not None:
            label, text = heading
            if label is not None:
                ws.cell(r, index["stt"], label)
            ws.cell(r, name_col, text)
            layout.section_rows[ws.title].append(r)
            r += 1
        for k, (n, row) in enumerate(part):
            stt += 1
            _write_row(ws, r, cols, row, stt, style)
            layout.rows[n] = (ws.title, r)
            r += 1
            if style.blank_rows and k == 0 and len(part) > 1:
                r += 1  # a blank row inside the list
        if style.totals and heading is not None:
            _write_totals(ws, r, index, name_col, "Cộng", [row for _, row in part])
            layout.totals[ws.title].append(("Cộng", r))
            r += 1
        if style.blank_rows:
            r += 1  # a blank row between sections
    if style.totals:
        _write_totals(ws, r, index, name_col, "Tổng cộng", [row for _, row in numbered])
        layout.totals[ws.title].append(("Tổng cộng", r))
        r += 1

    if style.signature:
        if style.blank_rows:
            r += 1
        if style.signers:
            as_of = info.get("ngay_so_lieu") or date(2025, 12, 15)
            dated = f"Cần Thơ, ngày {as_of:%d} tháng {as_of:%m} năm {as_of:%Y}"
            _merged(ws, r, right, r, width, dated)
            r += 1
        ws.cell(r, name_col, "Người lập biểu")
        _merged(ws, r, right, r, width, "THỦ TRƯỞNG ĐƠN VỊ")
        ws.cell(r + 1, name_col, "(Ký, ghi rõ họ tên)")
        _merged(ws, r + 1, right, r + 1, width, "(Ký tên, đóng dấu)")
        if style.signers:  # two blank rows for the signatures, then the names
            ws.cell(r + 4, name_col, SIGNERS[0])
            _merged(ws, r + 4, right, r + 4, width, SIGNERS[1])


def _merged(ws: Worksheet, r0: int, c0: int, r1: int, c1: int, value: Any) -> None:
    ws.cell(r0, c0, value)
    if (r0, c0) != (r1, c1):
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)


def _write_row(
    ws: Worksheet, r: int, cols: Sequence[_Col], row: dict[str, Any], stt: int, style: _Style
) -> None:
    ticked = _ratings(row.get("xep_loai")) if style.rating_ticks else set()
    for j, col in enumerate(cols, start=1):
        if col.key == "stt":
            value = row.get("stt", stt)
        elif col.key.startswith("xep_loai:"):
            value = style.tick if col.label in ticked else None
        else:
            value = row.get(col.key)
        if value is not None:
            ws.cell(r, j, value)


def _write_totals(
    ws: Worksheet,
    r: int,
    index: Mapping[str, int],
    name_col: int,
    label: str,
    rows: Sequence[dict[str, Any]],
) -> None:
    ws.cell(r, name_col, label)
    for key in SUMMED:
        if key not in index:
            continue
        numbers = [
            x
            for x in (row.get(key) for row in rows)
            if isinstance(x, int | float) and not isinstance(x, bool)
        ]
        if numbers:
            ws.cell(r, index[key], sum(numbers))
