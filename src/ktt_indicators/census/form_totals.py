"""The totals rows of an official form («Cộng», «Tổng cộng») checked against the
organization rows they add up."""

from __future__ import annotations

from typing import Any

from ..read import values as v
from ..read.workbook import Sheet
from .column_values import Values
from .file_reader import FileReader, number_text
from .layout import Header, RowKind
from .schema import SUMMABLE


class Totals:
    """Running sums of the numeric columns, to check an official form's totals rows.

    "Cộng" closes a section (the rows since the last heading or sub-total);
    "Tổng cộng" adds up every organization row of the sheet above it.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.section = dict.fromkeys(keys, 0.0)
        self.sheet = dict.fromkeys(keys, 0.0)

    def add(self, parsed: dict[str, Any]) -> None:
        for key in self.keys:
            value = parsed.get(key)
            if isinstance(value, int | float):
                self.section[key] += value
                self.sheet[key] += value

    def new_section(self) -> None:
        self.section = dict.fromkeys(self.keys, 0.0)

    def close(self, kind: RowKind) -> dict[str, float]:
        """The sums a totals row of ``kind`` should show; a sub-total starts a new section."""
        if kind == RowKind.TOTAL:
            return dict(self.sheet)
        sums = self.section
        self.new_section()
        return sums


def summed_keys(header: Header) -> list[str]:
    """The columns of the list that a totals row adds up."""
    return [k for k in header.columns if k in SUMMABLE]


def check_all_totals(
    reader: FileReader,
    sheet: Sheet,
    header: Header,
    kinds: list[tuple[int, RowKind]],
    data: list[int],
    values: Values,
) -> None:
    """Check an official form's totals rows against the parsed columns."""
    keys = summed_keys(header)
    position = {i: p for p, i in enumerate(data)}
    totals = Totals(keys)
    for i, kind in kinds:
        if kind == RowKind.ORGANIZATION:
            p = position[i]
            totals.add({k: values.of(k)[p] for k in keys})
        elif kind == RowKind.SECTION:
            totals.new_section()
        elif kind in (RowKind.SUBTOTAL, RowKind.TOTAL):
            check_totals(reader, sheet, i, header, totals.close(kind))


def check_totals(
    reader: FileReader, sheet: Sheet, i: int, header: Header, expected: dict[str, float]
) -> None:
    """Warn where a totals row gives a sum that differs from the rows it adds up."""
    row = sheet.rows[i]
    for key, total in expected.items():
        cell = header.columns[key]
        raw = row[cell.j] if cell.j < len(row) else ""
        try:
            typed = v.parse_number(raw)
        except v.CellError:
            continue
        if typed is not None and abs(typed - total) > 1e-6:
            reader.add("totals-mismatch", sheet, i=i, j=cell.j, column=cell.shown, value=raw,
                       sum=number_text(total))  # fmt: skip
