"""The columns a targets file declares, read from a list sheet as ordinary columns: matched
among the headers the census contract does not know, each cell parsed, the values kept in
each record's ``extra``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.text import fold_header
from ..read import values as v
from ..read.workbook import Sheet
from .file_reader import FileReader
from .layout import Columns, Header, HeaderCell, RowKind, classify_rows
from .schema import Column, Organization


def read_declared(
    reader: FileReader,
    sheet: Sheet,
    header: Header,
    records: Sequence[Organization],
    columns: Sequence[Column],
) -> Sequence[Organization]:
    """The columns a targets file declares, read as ordinary columns: matched among the
    headers the census contract does not know (whose unknown-column warnings they
    replace), each cell parsed by its column and a required one checked, and the values
    kept in each record's ``extra``. A row with an error here is not counted."""
    found = _match(reader, sheet, header, columns)
    missing = [c for c in columns if c.required == "always" and c.key not in found]
    for col in missing:
        reader.add("missing-column", sheet, i=header.last, column=col.header)
    if missing:
        return []
    if not found:
        return records
    values, bad = _parse(reader, sheet, header, found)
    kept = []
    for org in records:
        i = org.source.row - sheet.top - 1
        if i in bad:
            reader.rejected.append(org.source.row)
            continue
        kept.append(org._replace(extra=values.get(org.source.row, {})))
    return kept


def _match(
    reader: FileReader, sheet: Sheet, header: Header, columns: Sequence[Column]
) -> dict[str, tuple[Column, HeaderCell]]:
    """The declared columns found among the unknown headers, whose warnings are taken back."""
    names = {
        fold_header(name): col for col in columns for name in (col.header, *col.aliases, col.key)
    }
    found: dict[str, tuple[Column, HeaderCell]] = {}
    for cell in header.unknown:
        col = names.get(fold_header(cell.shown))
        if col is not None and col.key not in found:
            found[col.key] = (col, cell)
    shown = {sheet.address(cell.i, cell.j) for _, cell in found.values()}
    reader.findings = [
        f for f in reader.findings
        if not (f.code == "unknown-column" and f.sheet == sheet.name and f.cell in shown)
    ]  # fmt: skip
    return found


def _parse(
    reader: FileReader,
    sheet: Sheet,
    header: Header,
    found: dict[str, tuple[Column, HeaderCell]],
) -> tuple[dict[int, dict[str, Any]], set[int]]:
    """The declared values of each organization row by row number, and the rows in error."""
    kinds = classify_rows(sheet, header, Columns.of(sheet.rows[header.last + 1 :]))
    values: dict[int, dict[str, Any]] = {}
    bad: set[int] = set()
    for i, kind in kinds:
        if kind != RowKind.ORGANIZATION:
            continue
        row = sheet.rows[i]
        extra: dict[str, Any] = {}
        for key, (col, cell) in found.items():
            raw = row[cell.j] if cell.j < len(row) else None
            try:
                extra[key] = col.parse(raw)
            except v.CellError as err:
                bad.add(i)
                reader.add_cell_error(err, sheet, i=i, j=cell.j, column=cell.shown, value=raw,
                                      choices=", ".join(col.choices))  # fmt: skip
                continue
            if col.required == "always" and extra[key] is None:
                bad.add(i)
                reader.add("missing-value", sheet, i=i, j=cell.j, column=cell.shown, why="")
        values[sheet.row_number(i)] = extra
    return values, bad
