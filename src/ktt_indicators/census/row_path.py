"""The reference path of a list sheet: every organization row read on its own, each cell
parsed by its column, tick columns resolved and the row rules applied; a row without
errors becomes a record."""

from __future__ import annotations

from typing import Any

from ..read import values as v
from ..read.workbook import Sheet
from .file_reader import FileReader
from .form_totals import Totals, check_totals, summed_keys
from .layout import Header, RowKind, Tick
from .row_rules import check_row
from .schema import COLUMNS_BY_KEY, CensusInfo, LegalForm, Organization, RowRef

#: The columns that name an area: a name typed in a legacy encoding under a Unicode header
#: is warned about (``legacy-encoded-value``).
AREA_KEYS = frozenset({"xa_phuong", "quan_huyen", "tinh_cu"})

#: The columns kept in a record (the list's «STT» is not).
RECORD_FIELDS = frozenset(Organization._fields) - {"source"}

#: Each column's parsed cells by type and value: the value, or the parser's error.
Caches = dict[str, dict[tuple[type, Any], Any]]


def read_rows_one_by_one(
    reader: FileReader,
    sheet: Sheet,
    header: Header,
    kinds: list[tuple[int, RowKind]],
    info: CensusInfo,
    implied: LegalForm | None,
) -> list[Organization]:
    """The reference path: every row through :func:`read_row`. Used for the layout the
    column path does not cover (tick columns)."""
    register_codes(reader, sheet, header, [i for i, kind in kinds if kind == RowKind.ORGANIZATION])
    records: list[Organization] = []
    caches: Caches = {key: {} for key in header.columns}
    totals = Totals(summed_keys(header))
    for i, kind in kinds:
        if kind == RowKind.ORGANIZATION:
            record, parsed = read_row(reader, sheet, i, header, caches, info, implied)
            totals.add(parsed)
            if record is not None:
                records.append(record)
        elif kind == RowKind.SECTION:
            totals.new_section()
        elif kind in (RowKind.SUBTOTAL, RowKind.TOTAL):
            check_totals(reader, sheet, i, header, totals.close(kind))
    return records


def register_codes(reader: FileReader, sheet: Sheet, header: Header, data: list[int]) -> None:
    """Note where each code of this sheet is first used, before any row is checked, so
    a row's code is a duplicate exactly when an earlier row of the file used it."""
    cell = header.columns.get("ma_so")
    if cell is None:
        return
    parse = COLUMNS_BY_KEY["ma_so"].parse
    for i in data:
        row = sheet.rows[i]
        if cell.j >= len(row) or sheet.is_unsaved_formula(i, cell.j):
            continue
        try:
            code = parse(row[cell.j])
        except v.CellError:
            continue
        if code and code not in reader.codes:
            reader.codes[code] = (sheet, i, cell.j)


def read_row(
    reader: FileReader,
    sheet: Sheet,
    i: int,
    header: Header,
    caches: Caches,
    info: CensusInfo,
    implied: LegalForm | None,
) -> tuple[Organization | None, dict[str, Any]]:
    """Parse one organization row. Returns the record (None if the row has errors) and
    the values that could be parsed."""
    before = len(reader.findings)
    parsed = _parse_cells(reader, sheet, i, header, caches)
    cells = dict(header.columns)
    for key, group in header.ticks.items():
        ticked = _ticked(reader, sheet, i, group)
        if ticked is not None:
            parsed[key] = COLUMNS_BY_KEY[key].parse(ticked.value if ticked.value else "")
            cells[key] = ticked.cell
    if implied is not None and parsed.get("loai_hinh") is None:
        parsed["loai_hinh"] = implied
    check_row(reader, sheet, i, cells, parsed, info)
    if any(f.severity == "error" for f in reader.findings[before:]):
        reader.rejected.append(sheet.row_number(i))
        return None, parsed
    ref = RowRef(file=reader.label, sheet=sheet.name, row=sheet.row_number(i))
    fields = {k: x for k, x in parsed.items() if k in RECORD_FIELDS}
    return Organization(source=ref, **fields), parsed


def _parse_cells(
    reader: FileReader, sheet: Sheet, i: int, header: Header, caches: Caches
) -> dict[str, Any]:
    """The row's cells parsed by their columns (each distinct cell once per column); a cell
    that cannot be parsed is a finding and has no value."""
    row = sheet.rows[i]
    parsed: dict[str, Any] = {}
    for key, cell in header.columns.items():
        j = cell.j
        raw = row[j] if j < len(row) else ""
        if sheet.unsaved_formulas and sheet.is_unsaved_formula(i, j):  # cheap test first
            reader.add("formula-without-value", sheet, i=i, j=j, column=cell.shown)
            continue
        if sheet.errors and (error := sheet.error_at(i, j)) is not None:
            reader.add("error-value", sheet, i=i, j=j, column=cell.shown, value=error)
            continue
        cache = caches[key]
        cache_key = (type(raw), raw)
        result = cache.get(cache_key)
        if result is None:
            try:
                result = (COLUMNS_BY_KEY[key].parse(raw), None)
            except v.CellError as problem:
                result = (None, problem)
            cache[cache_key] = result
        value, err = result
        if err is not None:
            reader.add_cell_error(err, sheet, i=i, j=j, column=cell.shown, value=raw,
                                  choices=", ".join(COLUMNS_BY_KEY[key].choices))  # fmt: skip
        else:
            parsed[key] = value
            if key in AREA_KEYS and type(raw) is str and id(sheet) not in reader.converted:
                _legacy_name(reader, sheet, i, j, cell.shown, raw)
    return parsed


def _legacy_name(reader: FileReader, sheet: Sheet, i: int, j: int, column: str, raw: str) -> None:
    """Warn at an area's name typed in a legacy encoding under a Unicode header («Cê §á»
    is TCVN3 for «Cờ Đỏ»): it is read as typed, and would be an area of its own."""
    legacy = v.legacy_name(raw) if not raw.isascii() else None
    if legacy is not None:
        reader.add("legacy-encoded-value", sheet, i=i, j=j, column=column, value=raw,
                   suggestion=legacy.value, legacy=legacy.encoding)  # fmt: skip


def _ticked(reader: FileReader, sheet: Sheet, i: int, group: list[Tick]) -> Tick | None:
    """The one ticked column of a tick group; an empty Tick when none is ticked, and None
    (with a finding) when a tick cell is unreadable or several are ticked."""
    row = sheet.rows[i]
    ticked: list[Tick] = []
    broken = False
    for tick in group:
        raw = row[tick.cell.j] if tick.cell.j < len(row) else ""
        try:
            if v.parse_yes_no(raw):
                ticked.append(tick)
        except v.CellError as err:
            broken = True
            reader.add_cell_error(err, sheet, i=i, j=tick.cell.j, column=tick.cell.shown,
                                  value=raw)  # fmt: skip
    if len(ticked) > 1:
        second = ticked[1]
        reader.add("several-ticked", sheet, i=i, j=second.cell.j, column=second.cell.shown,
                   value=row[second.cell.j], first=ticked[0].cell.shown)  # fmt: skip
        return None
    if broken:
        return None
    return ticked[0] if ticked else Tick(group[0].cell, None)
