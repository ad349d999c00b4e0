"""The column path of a list sheet: each column parsed once per distinct value, the row
rules screened column by column, and only the rows that may have a finding read one by
one; every other row becomes a record straight from the parsed columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from typing import Any

from ..read import values as v
from ..read.parsed_column import ParsedColumn
from ..read.workbook import Sheet
from .column_values import Values
from .file_reader import FileReader
from .form_totals import check_all_totals
from .layout import Columns, Header, RowKind
from .lazy_records import Records
from .row_path import AREA_KEYS, RECORD_FIELDS, Caches, read_row
from .schema import COLUMNS_BY_KEY, CensusInfo, LegalForm, Organization, RowRef
from .screen_rules import Screen, screen_rules

#: Defaults of the record fields a sheet may lack.
_DEFAULTS: dict[str, Any] = Organization._field_defaults


def read_rows_by_column(
    reader: FileReader,
    sheet: Sheet,
    header: Header,
    kinds: list[tuple[int, RowKind]],
    data: list[int],
    columns: Columns,
    info: CensusInfo,
    implied: LegalForm | None,
) -> Records:
    """Parse the list column by column, each distinct value once, and screen the row
    rules column by column. Only rows that may have a finding go through
    :func:`.row_path.read_row`, which builds their findings exactly as the reference path
    does; every other row becomes a record straight from the parsed columns."""
    n = len(data)
    suspect = bytearray(n)  # 1: the row may have a finding and is read on its own
    raw, values = _parse_columns(reader, sheet, header, columns, n, suspect)
    _read_as_empty(sheet, data, suspect)
    forms = values.get("loai_hinh") or [None] * n
    if implied is not None:
        forms = [implied if form is None else form for form in forms]
        values.given["loai_hinh"] = forms
    screen_rules(Screen(reader, sheet, header, data, raw, values, forms, info), suspect)

    caches: Caches = {key: {} for key in header.columns}
    checked: dict[int, Organization | None] = {}
    p = suspect.find(1)
    while p >= 0:  # the few suspect rows, found at C speed
        checked[p], _ = read_row(reader, sheet, data[p], header, caches, info, implied)
        p = suspect.find(1, p + 1)
    form_rows = len(data) < len(kinds)  # sections, totals or a signature block
    if form_rows and any(kind in (RowKind.SUBTOTAL, RowKind.TOTAL) for _, kind in kinds):
        check_all_totals(reader, sheet, header, kinds, data, values)
    label, name, top = reader.label, sheet.name, sheet.top

    def build() -> list[Organization]:
        numbers = map((top + 1).__add__, data)
        source = map(tuple.__new__, repeat(RowRef), zip(repeat(label), repeat(name), numbers))
        return _records(source, values, checked)

    count = n - len(checked) + sum(1 for r in checked.values() if r is not None)
    return Records(count, build)


def _parse_columns(
    reader: FileReader,
    sheet: Sheet,
    header: Header,
    columns: Columns,
    n: int,
    suspect: bytearray,
) -> tuple[dict[str, Sequence[Any]], Values]:
    """Each column as typed and parsed; a row with a cell its parser refuses, or an area's
    name that may be typed in a legacy encoding, is marked suspect."""
    raw: dict[str, Sequence[Any]] = {}
    values = Values()
    for key, cell in header.columns.items():
        parse = COLUMNS_BY_KEY[key].parse
        if key not in RECORD_FIELDS and parse is v.parse_text:
            continue  # «STT»: any text will do, and it is not kept
        if cell.j < len(columns.cells):
            column, distinct = columns.cells[cell.j], columns.distinct[cell.j]
        else:
            column, distinct = [""] * n, {""}
        raw[key] = column
        values.parsed[key] = parsed = ParsedColumn(parse, column, distinct)
        for p in parsed.bad:
            suspect[p] = 1
        if key in AREA_KEYS and id(sheet) not in reader.converted:
            texts = [x for x in distinct if type(x) is str and not x.isascii()]
            if v.may_be_legacy(texts):  # one search of the column's distinct texts
                legacy = set(filter(v.legacy_name, texts))
                for p in compress(range(n), map(legacy.__contains__, column)):
                    suspect[p] = 1
    return raw, values


def _read_as_empty(sheet: Sheet, data: list[int], suspect: bytearray) -> None:
    """Mark suspect the rows with a cell read as empty that is not: a formula without a
    saved value, or an error cell (#N/A). Their findings are the row path's."""
    if not sheet.unsaved_formulas and not sheet.errors:
        return
    position = {i: p for p, i in enumerate(data)}
    for r, _ in (*sheet.unsaved_formulas, *sheet.errors):
        p = position.get(r - sheet.top)
        if p is not None:
            suspect[p] = 1


def _records(
    source: Iterable[RowRef], values: Values, checked: dict[int, Organization | None]
) -> list[Organization]:
    """The records of the list: every row made from the parsed columns at C speed, then
    the rows read one by one put in their place, and those with errors left out."""
    fields: list[Iterable[Any]] = [source]
    for key in Organization._fields[1:]:
        column = values.get(key)
        fields.append(column if column is not None else repeat(_DEFAULTS.get(key)))
    # repeat() is endless: zip stops with the rows
    rows = zip(*fields, strict=False)
    records: list[Any] = list(map(tuple.__new__, repeat(Organization), rows))
    left_out = False
    for p, kept in checked.items():
        records[p] = kept
        left_out = left_out or kept is None
    if left_out:
        records = [record for record in records if record is not None]
    return records
