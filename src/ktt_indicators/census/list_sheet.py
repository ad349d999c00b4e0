"""One list sheet of a census file: its header's unknown and duplicate columns and missing
required ones reported, its organization rows told from a form's other rows, then read by
the column path or, where that does not fit, row by row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..core.text import closest
from ..read import values as v
from ..read.workbook import Sheet, column_letter
from .column_path import read_rows_by_column
from .file_reader import FileReader
from .layout import Columns, Header, RowKind, classify_rows, sheet_form
from .row_path import read_rows_one_by_one
from .schema import COLUMNS, COLUMNS_BY_KEY, CensusInfo, Column, LegalForm, Organization


def read_list(
    reader: FileReader, sheet: Sheet, header: Header, info: CensusInfo
) -> tuple[Sequence[Organization], int]:
    """Read the organizations of one list sheet; check its totals rows. Returns the
    records and the number of organization rows."""
    _check_header(reader, sheet, header)
    implied = sheet_form(sheet.name)
    below = Columns.of(sheet.rows[header.last + 1 :])
    kinds = classify_rows(sheet, header, below)
    data = [i for i, kind in kinds if kind == RowKind.ORGANIZATION]
    if _missing_columns(reader, sheet, header, data, implied):
        return [], len(data)
    records: Sequence[Organization]
    if header.ticks:
        records = read_rows_one_by_one(reader, sheet, header, kinds, info, implied)
    else:
        if len(data) < len(sheet.rows) - header.last - 1:
            # a form's other rows (or blank ones): keep the organizations' cells only
            below = Columns.of([sheet.rows[i] for i in data])
        records = read_rows_by_column(reader, sheet, header, kinds, data, below, info, implied)
    return records, len(data)


def _check_header(reader: FileReader, sheet: Sheet, header: Header) -> None:
    """Warn at unknown and duplicate columns; note the column letter of the codes."""
    for cell in header.unknown:
        near = closest(cell.shown, [c.header for c in COLUMNS], cutoff=0.75)
        reader.add("unknown-column", sheet, i=cell.i, j=cell.j, column=cell.shown,
                   value=cell.shown, suggestion=near)  # fmt: skip
    for cell, first in header.duplicates:
        reader.add("duplicate-column", sheet, i=cell.i, j=cell.j, column=cell.shown,
                   value=cell.shown, other=sheet.address(first.i, first.j))  # fmt: skip
    if "ma_so" in header.columns:
        reader.code_columns[sheet.name] = column_letter(sheet.left + header.columns["ma_so"].j)


def _missing_columns(
    reader: FileReader,
    sheet: Sheet,
    header: Header,
    data: list[int],
    implied: LegalForm | None,
) -> bool:
    """Report each required column the list lacks; whether it lacks any."""
    missing = [
        c for c in COLUMNS
        if c.required == "always" and c.key not in header.keys
        and not (c.key == "loai_hinh" and implied)
    ]  # fmt: skip
    forms = {implied} if implied else _legal_forms_present(sheet, data, header)
    if "ma_so" not in header.keys and forms & {LegalForm.HTX, LegalForm.LHHTX}:
        missing.insert(0, COLUMNS_BY_KEY["ma_so"])
    for col in missing:
        reader.add("missing-column", sheet, i=header.last, column=col.header,
                   suggestion=_near_header(header, col))  # fmt: skip
    return bool(missing)


def _legal_forms_present(sheet: Sheet, data: Iterable[int], header: Header) -> set[LegalForm]:
    cell = header.columns.get("loai_hinh")
    if cell is None:
        return set()
    forms: set[LegalForm] = set()
    for raw in {
        row[cell.j] if cell.j < len(row) else "" for row in map(sheet.rows.__getitem__, data)
    }:
        try:
            form = COLUMNS_BY_KEY["loai_hinh"].parse(raw)
        except v.CellError:
            continue
        if form is not None:
            forms.add(form)
    return forms


def _near_header(header: Header, col: Column) -> str | None:
    """An unmatched header cell that looks like the missing column, if any."""
    return closest(col.header, [c.shown for c in header.unknown], cutoff=0.6)
