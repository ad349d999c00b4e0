"""The census template: the workbook people fill in, written from the census contract.

Every label, header, note, required rule, list of values and number or date rule
comes from :mod:`.schema`, so the template and the reader cannot disagree. The
template is in Vietnamese, like the forms it replaces: an information sheet, the
list sheet (frozen header, a note on each header, a dropdown on every category
and yes/no column, number and date validation) and an instructions sheet.

The library never prints; :func:`write_template` writes the file atomically and
gives the same bytes every time.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..census.schema import (
    COLUMNS,
    COLUMNS_BY_KEY,
    FIRST_YEAR,
    INFO_FIELDS,
    LAST_YEAR,
    Column,
    InfoField,
    Requirement,
    parse_population,
    parse_year,
)
from ..read import values as v
from .template_units import add_communes

if TYPE_CHECKING:
    from ..census.unit_records import AdminUnit

INFO_SHEET = "Thông tin chung"
LIST_SHEET = "Danh sách tổ chức"
GUIDE_SHEET = "Hướng dẫn"

#: Rows of the list sheet that carry the validations and formats (after the header).
DATA_ROWS = 5000
LAST_ROW = DATA_ROWS + 1
#: The two values of the yes/no dropdown (the reader also takes x, 1/0, TRUE/FALSE).
YES_NO = ("Có", "Không")
#: Earliest founding date the template accepts. It also makes Excel refuse a year typed
#: alone (2015 would otherwise be stored as the date 07/07/1905).
FOUNDED_FROM = (1950, 1, 1)
#: Workbook properties and zip entry times, fixed so that the output never changes.
FIXED_TIME = datetime(2025, 1, 1)
AUTHOR = "ktt"

#: Excel's limits: an inline list, a prompt or error text, and their titles.
LIST_LIMIT, MESSAGE_LIMIT, TITLE_LIMIT = 255, 255, 32
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"

_BOLD = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="center")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

_REQUIRED: dict[Requirement, str] = {
    "always": "Bắt buộc.",
    "never": "Không bắt buộc.",
    "HTX+LHHTX": "Bắt buộc với HTX và LHHTX; THT có thể để trống.",
    "LHHTX": "Bắt buộc với LHHTX.",
}
_DATE_HINT = "ngày/tháng/năm (dd/mm/yyyy), ví dụ 16/03/2023"
_CODE_HINT = (
    'ô dạng chữ: 10 chữ số, hoặc 10 chữ số + "-" + 3 chữ số, ví dụ 1801234567 hoặc '
    "1801234567-001; giữ nguyên số 0 ở đầu"
)


# ------------------------------------------------------------------ what each column takes


def _is_signed(col: Column) -> bool:
    return col.parse is v.parse_signed_amount


def column_rule(col: Column) -> str:
    """What a column takes, in Vietnamese: its list of values or its format."""
    unit = f", đơn vị {col.unit}" if col.unit else ""
    if col.kind == "choice":
        return "Chọn trong danh sách: " + ", ".join(col.choices) + "."
    if col.kind == "yes-no":
        return f"Chọn {YES_NO[0]} hoặc {YES_NO[1]} trong danh sách; để trống là {YES_NO[1]}."
    if col.kind == "count":
        return "Số nguyên, không âm."
    if col.kind == "number":
        return ("Số, có thể âm" if _is_signed(col) else "Số, không âm") + unit + "."
    if col.kind == "date":
        return f"Ngày dạng {_DATE_HINT}; nếu chỉ biết năm, ghi 01/01 của năm đó."
    if col.kind == "code":
        return _CODE_HINT[0].upper() + _CODE_HINT[1:] + "."
    return "Chữ."


def info_rule(field: InfoField) -> str:
    """What an information field takes, in Vietnamese."""
    if field.parse is parse_year:
        return f"Số nguyên từ {FIRST_YEAR} đến {LAST_YEAR}."
    if field.parse is v.parse_date:
        return f"Ngày dạng {_DATE_HINT}."
    if field.parse is parse_population:
        return "Số nguyên lớn hơn 0."
    return "Chữ."


def header_note(col: Column) -> str:
    """The note on a list-sheet header: what it holds, whether required, what it takes."""
    return "\n".join(x for x in (col.note, _REQUIRED[col.required], column_rule(col)) if x)


def info_note(field: InfoField) -> str:
    """The note on an information-sheet label."""
    required = "Bắt buộc." if field.required else "Không bắt buộc."
    return "\n".join(x for x in (field.note, required, info_rule(field)) if x)


# ------------------------------------------------------------------ validations


_Kind = Literal["whole", "decimal", "list", "date"]
_Operator = Literal["between", "greaterThan", "greaterThanOrEqual"]


def _validation(
    kind: _Kind,
    title: str,
    prompt: str,
    error: str,
    *,
    operator: _Operator | None = None,
    formula1: str | None = None,
    formula2: str | None = None,
    error_style: Literal["stop", "warning"] = "stop",
) -> DataValidation:
    """A data validation with a Vietnamese prompt and error, within Excel's limits
    (``error_style`` "warning": a value outside it may still be kept)."""
    title = title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"
    for text in (prompt, error):
        if len(text) > MESSAGE_LIMIT:
            raise ValueError(f"validation message over {MESSAGE_LIMIT} characters: {text!r}")
    return DataValidation(
        type=kind,
        operator=operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle=error_style,
        promptTitle=title,
        prompt=prompt,
        errorTitle=title,
        error=error,
    )


def inline_list(choices: Iterable[str]) -> str:
    """The formula of a dropdown list written in the validation itself: "\"A,B,C\""."""
    items = list(choices)
    if any("," in c or '"' in c for c in items):
        raise ValueError(f"a list value holds a comma or a quote: {items}")
    formula = '"' + ",".join(items) + '"'
    if len(formula) > LIST_LIMIT:
        raise ValueError(f"list over Excel's {LIST_LIMIT} characters: {formula}")
    return formula


def _date(year: int, month: int, day: int) -> str:
    return f"DATE({year},{month},{day})"


def column_validation(col: Column) -> DataValidation | None:
    """The validation of a list-sheet column, or None where Excel has nothing to check."""
    title = col.full_header
    rule = column_rule(col)
    if col.kind in ("choice", "yes-no"):
        choices = col.choices if col.kind == "choice" else YES_NO
        return _validation(
            "list",
            title,
            rule,
            "Giá trị không có trong danh sách. " + rule,
            formula1=inline_list(choices),
        )
    if col.kind == "count":
        return _validation(
            "whole",
            title,
            rule,
            "Hãy ghi một số nguyên không âm (0, 1, 2, …), không ghi chữ hay đơn vị.",
            operator="greaterThanOrEqual",
            formula1="0",
        )
    if col.kind == "number" and _is_signed(col):
        return _validation(
            "decimal",
            title,
            rule,
            "Hãy ghi một số (lỗ thì ghi số âm), không ghi chữ hay đơn vị.",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
        )
    if col.kind == "number":
        return _validation(
            "decimal",
            title,
            rule,
            "Hãy ghi một số không âm, không ghi chữ hay đơn vị.",
            operator="greaterThanOrEqual",
            formula1="0",
        )
    if col.kind == "date":
        return _validation(
            "date",
            title,
            rule,
            f"Hãy ghi một ngày dạng {_DATE_HINT}, từ {FOUNDED_FROM[2]:02d}/"
            f"{FOUNDED_FROM[1]:02d}/{FOUNDED_FROM[0]} đến hôm nay.",
            operator="between",
            formula1=_date(*FOUNDED_FROM),
            formula2="TODAY()",
        )
    return None


def info_validation(field: InfoField) -> DataValidation | None:
    """The validation of an information-sheet value, or None for text."""
    rule = info_rule(field)
    if field.parse is parse_year:
        return _validation(
            "whole",
            field.label,
            rule,
            f"Năm báo cáo là một số nguyên từ {FIRST_YEAR} đến {LAST_YEAR}.",
            operator="between",
            formula1=str(FIRST_YEAR),
            formula2=str(LAST_YEAR),
        )
    if field.parse is v.parse_date:
        return _validation(
            "date",
            field.label,
            rule,
            f"Hãy ghi một ngày dạng {_DATE_HINT}.",
            operator="between",
            formula1=_date(FIRST_YEAR, 1, 1),
            formula2=_date(LAST_YEAR, 12, 31),
        )
    if field.parse is parse_population:
        return _validation(
            "whole",
            field.label,
            rule,
            "Dân số là một số nguyên lớn hơn 0, không ghi chữ hay đơn vị.",
            operator="greaterThan",
            formula1="0",
        )
    return None


_INFO_FORMATS: dict[Callable[[Any], Any], str] = {
    parse_year: "0",
    v.parse_date: DATE_FORMAT,
    parse_population: "#,##0",
}


# ------------------------------------------------------------------ sheets


def _note(text: str, lines: int) -> Comment:
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, 30 + 16 * lines
    return comment


def _lines(text: str, width: int = 52) -> int:
    """About how many lines a note takes in its box."""
    return sum(1 + len(line) // width for line in text.splitlines())


def _info_sheet(ws: Worksheet) -> None:
    ws.title = INFO_SHEET
    for row, field in enumerate(INFO_FIELDS, start=1):
        cell = ws.cell(row=row, column=1, value=field.label)
        cell.font = _BOLD
        if field.required:
            cell.fill = _REQUIRED_FILL
        text = info_note(field)
        cell.comment = _note(text, _lines(text))
        value = ws.cell(row=row, column=2)
        fmt = _INFO_FORMATS.get(field.parse)
        value.number_format = fmt or TEXT_FORMAT
        validation = info_validation(field)
        if validation is not None:
            validation.add(value.coordinate)
            ws.add_data_validation(validation)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 44


def _width(col: Column) -> float:
    longest = max([len(col.full_header), *(len(c) for c in col.choices)])
    if col.kind == "text" and col.key != "stt":
        longest = max(longest, 24)
    if col.kind == "date":
        longest = max(longest, 12)
    return min(40, longest + 3)


def _list_sheet(ws: Worksheet, extra: Sequence[Column] = ()) -> None:
    ws.title = LIST_SHEET
    for j, col in enumerate([*COLUMNS, *extra], start=1):
        letter = get_column_letter(j)
        cell = ws.cell(row=1, column=j, value=col.full_header)
        cell.font = _BOLD
        cell.alignment = _HEADER_ALIGN
        cell.fill = _REQUIRED_FILL if col.required != "never" else _HEADER_FILL
        text = header_note(col)
        cell.comment = _note(text, _lines(text))
        dim = ws.column_dimensions[letter]
        dim.width = _width(col)
        if col.kind == "code":
            dim.number_format = TEXT_FORMAT  # typed codes stay text: leading zeros survive
        elif col.kind == "date":
            dim.number_format = DATE_FORMAT
        validation = column_validation(col)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    ws.row_dimensions[1].height = 48
    ws.freeze_panes = "A2"


def _names(cols: Iterable[Column]) -> str:
    return ", ".join(f"«{c.full_header}»" for c in cols)


def guide_lines() -> list[str]:
    """The instructions sheet, one paragraph a row (an empty string is a blank row)."""
    choice = [c for c in COLUMNS if c.kind == "choice"]
    yes_no = [c for c in COLUMNS if c.kind == "yes-no"]
    money = [c for c in COLUMNS if c.unit]
    dates = [c for c in COLUMNS if c.kind == "date"]
    codes = [c for c in COLUMNS if c.kind == "code"]
    always = [c for c in COLUMNS if c.required == "always"]
    conditional = [c for c in COLUMNS if c.required not in ("always", "never")]
    lines = [
        "HƯỚNG DẪN ĐIỀN MẪU ĐIỀU TRA KINH TẾ TẬP THỂ (THT, HTX, LHHTX)",
        "",
        "Mẫu này do lệnh «ktt template» tạo ra. Mỗi đơn vị điền một tệp gồm hai trang "
        f"«{INFO_SHEET}» và «{LIST_SHEET}», rồi kiểm tra bằng «ktt check» trước khi gửi.",
        "Rê chuột vào ô tiêu đề (ô có dấu đỏ ở góc) để xem ghi chú: cột ghi gì, có bắt buộc "
        "không và giá trị hợp lệ. Tiêu đề nền vàng là mục bắt buộc.",
        "",
        f"1. Trang «{INFO_SHEET}»",
        "Ghi giá trị vào cột B, bên phải từng mục; không sửa chữ ở cột A.",
    ]
    for field in INFO_FIELDS:
        required = "bắt buộc" if field.required else "không bắt buộc"
        lines.append(f"• «{field.label}» — {required}. {field.note} {info_rule(field)}")
    lines += [
        "",
        f"2. Trang «{LIST_SHEET}»",
        "• Mỗi tổ chức (tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã) ghi trên một dòng, "
        "bắt đầu từ dòng 2. Không cần dòng cộng.",
        "• Không sửa, xóa hay đổi tên tiêu đề ở dòng 1. Thông tin khác ghi vào cột «Ghi chú».",
        f"• Bắt buộc với mọi tổ chức: {_names(always)}.",
    ]
    lines += [f"• {_names([c])}: {_REQUIRED[c.required].lower()}" for c in conditional]
    lines += [
        f"• Cột có danh sách ({_names(choice)}): bấm vào ô, chọn giá trị trong danh sách "
        "thả xuống; không gõ giá trị khác.",
        f"• Cột Có/Không ({_names(yes_no)}): chọn «{YES_NO[0]}» nếu tổ chức đạt tiêu chí; "
        f"chọn «{YES_NO[1]}» hoặc để trống nếu không.",
    ]
    lines += [
        f"• {_names([c])}: {_CODE_HINT}. Cột đã định dạng chữ (Text); khi dán từ tệp khác, "
        "hãy dán giá trị (Paste Values) và kiểm tra lại số 0 ở đầu và mã không bị đổi thành "
        "dạng số mũ (1,8E+09)."
        for c in codes
    ]
    lines += [
        f"• Ngày ({_names(dates)}): ghi dạng {_DATE_HINT}. Nếu chỉ biết năm, ghi 01/01 của năm đó.",
        "• Số: chỉ ghi số, không ghi chữ hay đơn vị. "
        f"{_names(money)} tính bằng triệu đồng; lỗ thì ghi lợi nhuận âm.",
        "• Tổ chức đã giải thể không được tính vào chỉ tiêu; nếu vẫn ghi, «ktt check» sẽ cảnh báo.",
        "",
        "3. Kiểm tra trước khi gửi",
        "Chạy: ktt check TÊN_TỆP.xlsx — ktt liệt kê từng lỗi kèm ô (ví dụ F12), giá trị đã "
        "ghi và giá trị có lẽ đúng. Sửa hết các lỗi rồi gửi; các cảnh báo nên xem lại.",
        "",
        "4. Các cột của trang danh sách",
    ]
    lines += [f"• «{c.full_header}» — {header_note(c).replace(chr(10), ' ')}" for c in COLUMNS]
    return lines


def _guide_sheet(ws: Worksheet) -> None:
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width = 120
    for row, line in enumerate(guide_lines(), start=1):
        cell = ws.cell(row=row, column=1, value=line or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1 or re.match(r"^\d\. ", line):
            cell.font = _BOLD


def build_template(extra: Sequence[Column] = (), communes: Sequence[AdminUnit] = ()) -> Workbook:
    """The census template as an openpyxl workbook (not saved). ``extra`` are the columns a
    targets file declares (:meth:`TargetsFile.census_columns`), after the census columns;
    ``communes`` (a province's) are offered as the dropdown of «Xã/phường»."""
    wb = Workbook()
    wb.properties.creator = wb.properties.lastModifiedBy = AUTHOR
    wb.properties.title = "Mẫu điều tra kinh tế tập thể"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    info = wb.active
    assert info is not None
    _info_sheet(info)
    _list_sheet(wb.create_sheet(LIST_SHEET), extra)
    _guide_sheet(wb.create_sheet(GUIDE_SHEET))
    if communes:
        _communes_dropdown(wb, communes)
    wb.active = 0
    return wb


def _communes_dropdown(wb: Workbook, communes: Sequence[AdminUnit]) -> None:
    """The sheet of a province's ``communes`` (:mod:`.template_units`), and the dropdown of
    their names on the commune column (a warning only: another spelling is still read)."""
    formula, prompt, error = add_communes(wb, communes)
    title = COLUMNS_BY_KEY["xa_phuong"].full_header
    dropdown = _validation("list", title, prompt, error, formula1=formula, error_style="warning")
    letter = get_column_letter([c.key for c in COLUMNS].index("xa_phuong") + 1)
    dropdown.add(f"{letter}2:{letter}{LAST_ROW}")
    wb[LIST_SHEET].add_data_validation(dropdown)


def template_bytes(extra: Sequence[Column] = (), communes: Sequence[AdminUnit] = ()) -> bytes:
    """The template as .xlsx bytes, the same every time (fixed times in the zip and properties)."""
    buffer = io.BytesIO()
    build_template(extra, communes).save(buffer)
    return _pin_times(buffer.getvalue())


def _pin_times(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry times and core.xml 'modified' (openpyxl sets it to now)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            pinned = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            target.writestr(pinned, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_template(
    path: Path, extra: Sequence[Column] = (), communes: Sequence[AdminUnit] = ()
) -> None:
    """Write the template to ``path`` atomically (a temporary file in the same folder, renamed).

    Raises OSError when the file cannot be written; an existing file is replaced.
    """
    from ..core.output import write_atomic

    write_atomic(Path(path), template_bytes(extra, communes))
