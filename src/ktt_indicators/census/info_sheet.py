"""The information sheet of a census file (province, reporting year, population…) read
into a :class:`CensusInfo`: each label found, the value to its right parsed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.text import fold_header
from ..read import values as v
from ..read.workbook import Sheet
from .file_reader import FileReader
from .layout import INFO_INDEX, find_info_sheet
from .schema import INFO_FIELDS, CensusInfo

#: Where a label was found: its row, its column, the column of its value (None if the row
#: has none to its right) and the label as shown.
_Found = tuple[int, int, int | None, str]


def read_info(
    reader: FileReader, sheets: Sequence[Sheet], list_sheets: Sequence[Sheet]
) -> CensusInfo:
    """The file's information, each missing or unreadable value a finding."""
    sheet = find_info_sheet(sheets, list_sheets)
    if sheet is None:
        reader.add("missing-report-year", where="no-info-sheet")
        return CensusInfo()
    found = _labels(sheet)
    values: dict[str, Any] = {}
    for info in INFO_FIELDS:
        if info.key not in found:
            if info.key == "nam_bao_cao":
                reader.add("missing-report-year", sheet)
            elif info.required:
                reader.add("missing-value", sheet, column=info.label)
            continue
        i, j, k, label = found[info.key]
        if k is None and sheet.is_unsaved_formula(i, j + 1):
            reader.add("formula-without-value", sheet, i=i, j=j + 1, column=label)
            continue
        if k is None and (error := sheet.error_at(i, j + 1)) is not None:
            reader.add("error-value", sheet, i=i, j=j + 1, column=label, value=error)
            continue
        if k is None:
            if info.key == "nam_bao_cao":
                reader.add("missing-report-year", sheet, i=i, j=j + 1, column=label)
            elif info.required:
                reader.add("missing-value", sheet, i=i, j=j + 1, column=label)
            continue
        try:
            values[info.key] = info.parse(sheet.rows[i][k])
        except v.CellError as err:
            reader.add_cell_error(err, sheet, i=i, j=k, column=label, value=sheet.rows[i][k])
    return CensusInfo(**values)


def _labels(sheet: Sheet) -> dict[str, _Found]:
    """The first cell of each information label and the value to its right, by key."""
    found: dict[str, _Found] = {}
    for i, row in enumerate(sheet.rows):
        for j, cell in enumerate(row):
            if not isinstance(cell, str) or not cell.strip():
                continue
            key = INFO_INDEX.get(fold_header(cell.rstrip(": ")))
            if key is None or key in found:
                continue
            k = next((k for k in range(j + 1, len(row)) if not v.is_empty(row[k])), None)
            found[key] = (i, j, k, cell.strip().rstrip(":").strip())
            break
    return found
