"""The province's communes in the census template: a sheet listing them with their codes,
and what the commune column's dropdown drawn from it says.

A dropdown written in the validation itself holds at most 255 characters, a few communes'
names; so the list is a sheet of its own («Danh mục xã, phường»: name and code, as the list
of units in force names them), visible, since an officer may look a code up there, and the
validation of «Xã/phường» (:func:`.template.build_template`) points at its names. A name
typed otherwise («P. Cái Khế») is still read by ktt: the dropdown only offers the names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl.styles import Font

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ..census.unit_records import AdminUnit

UNITS_SHEET = "Danh mục xã, phường"


def add_communes(wb: Workbook, communes: Sequence[AdminUnit]) -> tuple[str, str, str]:
    """Add the sheet of ``communes`` (name, code) to ``wb``; return the formula of their
    names, and the prompt and error of the dropdown drawn from it."""
    sheet = wb.create_sheet(UNITS_SHEET)
    sheet.append(["Đơn vị hành chính", "Mã"])  # no census header: not read as a list
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit in communes:
        sheet.append([unit.name, unit.code])
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "@"
    sheet.column_dimensions["A"].width = max(24, *(len(u.name) + 2 for u in communes))
    sheet.column_dimensions["B"].width = 12
    province = communes[0].province_name if communes else ""
    rule = f"Chọn một xã, phường, đặc khu của {province} (trang «{UNITS_SHEET}»)."
    formula = f"'{UNITS_SHEET}'!$A$2:$A${len(communes) + 1}"
    return formula, rule, f"Không có trong danh mục. {rule}"
