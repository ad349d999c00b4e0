"""From census workbooks to validated organization records and findings.

Data flows one way: :func:`read_workbook` gives sheets of raw cells;
:mod:`.layout` finds the information sheet, the list sheets and their headers
and tells organization rows from a form's other rows; this module parses every
cell with its column's parser, applies the row rules of the census contract and
returns a :class:`Census`: the records that can be counted and every finding,
each at its cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from itertools import compress, repeat
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from . import values as v
from .findings import Finding, severity_of
from .gc_pause import paused_gc
from .layout import (
    INFO_INDEX,
    Columns,
    Header,
    HeaderCell,
    RowKind,
    Tick,
    classify_rows,
    decode_legacy,
    find_info_sheet,
    find_list_sheets,
    is_empty_sheet,
    sheet_form,
)
from .parsed_column import ParsedColumn
from .schema import (
    COLUMNS,
    COLUMNS_BY_KEY,
    INFO_FIELDS,
    LEGAL_MINIMUM,
    SUMMABLE,
    CensusInfo,
    Column,
    LegalForm,
    Organization,
    Rating,
    RowRef,
    Status,
)
from .text import closest, fold_header
from .workbook import Limits, Sheet, Sheets, UnreadableFile, column_letter, read_workbook

if TYPE_CHECKING:
    import pandas as pd

    from .i18n import Lang


class Records(Sequence[Organization]):
    """The records of one file, counted at once and built when first used: ``ktt check``
    only counts them, and a national census holds hundreds of thousands."""

    def __init__(
        self, count: int = 0, build: Callable[[], list[Organization]] | None = None
    ) -> None:
        self._parts: list[Sequence[Organization] | Callable[[], list[Organization]]] = []
        self._count = 0
        self._built: list[Organization] | None = None
        if build is not None:
            self._parts.append(build)
            self._count = count

    def add(self, records: Sequence[Organization]) -> None:
        """Append the records of one more sheet (built or not)."""
        if isinstance(records, Records):
            self._parts += records._parts
        else:
            self._parts.append(records)
        self._count += len(records)
        self._built = None

    def _all(self) -> list[Organization]:
        if self._built is None:
            built: list[Organization] = []
            for part in self._parts:
                built += part() if callable(part) else part
            self._built, self._parts = built, [built]
        return self._built

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Organization: ...
    @overload
    def __getitem__(self, index: slice) -> list[Organization]: ...
    def __getitem__(self, index: int | slice) -> Organization | list[Organization]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Organization]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[list[Organization]], tuple[list[Organization]]]:
        return (list, (self._all(),))  # sent between processes as the plain list it is


@dataclass(frozen=True)
class CensusFile:
    """What was read from one file: its information, records and findings."""

    path: str
    info: CensusInfo
    #: The organization rows read without errors (those a census with errors left out are
    #: in :attr:`rejected_rows`); a file-level error (:attr:`unusable`) keeps them all out.
    organizations: Sequence[Organization]
    findings: list[Finding]
    #: The organization rows of its list sheets (not titles, sections, totals or signatures).
    rows_read: int = 0
    #: Row numbers of the list sheet left out of the counts because they have errors.
    rejected_rows: list[int] = field(default_factory=list)
    #: The column letter of «Mã số» in each list sheet, for findings about codes.
    code_columns: dict[str, str] = field(default_factory=dict)
    #: True when a file-level error (unreadable, no list sheet, missing column or
    #: year) means none of its rows can be counted.
    unusable: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def rows_with_errors(self) -> int:
        """The organization rows read that are not among :attr:`organizations`: rows with
        errors, and every row of a list sheet that misses a required column."""
        return max(0, self.rows_read - len(self.organizations))

    @property
    def valid(self) -> bool:
        """A file is valid when it has no errors (warnings allowed)."""
        return not self.errors

    @property
    def unreadable(self) -> bool:
        return any(f.code == "unreadable-file" for f in self.findings)


@dataclass(frozen=True)
class Census:
    """One combined census: several files (e.g. the districts of a city) read together."""

    files: list[CensusFile]

    @cached_property
    def organizations(self) -> list[Organization]:
        """Every record that can be counted: valid rows of usable files."""
        return [org for f in self.files if not f.unusable for org in f.organizations]

    @property
    def findings(self) -> list[Finding]:
        return [finding for f in self.files for finding in f.findings]

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def years(self) -> list[int]:
        """The distinct reporting years of the usable files, sorted."""
        return sorted(
            {f.info.nam_bao_cao for f in self.files if f.info.nam_bao_cao and not f.unusable}
        )

    @property
    def population(self) -> int | None:
        """The population of the territory: the sum over files, if every usable file gives one."""
        pops = [f.info.dan_so for f in self.files if not f.unusable]
        if not pops or any(p is None for p in pops):
            return None
        return sum(p for p in pops if p is not None)

    def of_year(self, year: int) -> Census:
        """The files of one reporting year, as a census of their own."""
        return Census(files=[f for f in self.files if f.info.nam_bao_cao == year])

    def by_year(self, year: int | None = None) -> tuple[int, Census, dict[int, Census]]:
        """The census of one reporting year (default: the latest) and the earlier years.

        Returns ``(year, current, earlier)``: ``current`` holds the files of ``year`` and
        those that give no year; ``earlier`` the censuses of the years before it, which
        give each target its series. Files of later years are in neither. This is how
        ``ktt gap`` reads files of several years. Raises ValueError when no usable file
        gives a reporting year and ``year`` is None.
        """
        years = self.years
        if year is None:
            if not years:
                raise ValueError("no file of the census gives its reporting year")
            year = years[-1]
        current = Census(files=[f for f in self.files if f.info.nam_bao_cao in (year, None)])
        return year, current, {y: self.of_year(y) for y in years if y < year}

    def records(self) -> list[dict[str, Any]]:
        """The organizations that can be counted, one dict a row: ``file``, ``sheet``,
        ``row``, then every census column by key (see :mod:`.census_records`)."""
        from .census_records import organization_records

        return organization_records(self.organizations)

    def to_frame(self) -> pd.DataFrame:
        """:meth:`records` as a pandas DataFrame (needs ``ktt-indicators[pandas]``)."""
        from .census_records import organization_columns
        from .frames import to_frame

        return to_frame(self.records(), organization_columns())

    def finding_records(self, lang: Lang = "vi") -> list[dict[str, Any]]:
        """Every finding of every file, one dict a row, its ``message`` in ``lang``."""
        from .census_records import finding_records

        return finding_records(self.findings, lang)

    def findings_frame(self, lang: Lang = "vi") -> pd.DataFrame:
        """:meth:`finding_records` as a pandas DataFrame (needs ``ktt-indicators[pandas]``)."""
        from .census_records import FINDING_COLUMNS
        from .frames import to_frame

        return to_frame(self.finding_records(lang), FINDING_COLUMNS)

    def info_value(self, key: str) -> float | None:
        """A numeric value of the information sheets, summed over files (``dan_so``)."""
        if key == "dan_so":
            pop = self.population
            return None if pop is None else float(pop)
        raise KeyError(key)


# --------------------------------------------------------------------------- reading

#: The columns kept in a record (the list's «STT» is not).
_RECORD_FIELDS = frozenset(Organization._fields) - {"source"}


@dataclass
class _FileReader:
    """Reads one file. Collects findings; builds records from rows without errors."""

    path: Path
    today: date
    label: str
    findings: list[Finding] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    #: Where each code was first used: sheet, row and column index.
    codes: dict[str, tuple[Sheet, int, int]] = field(default_factory=dict)
    code_columns: dict[str, str] = field(default_factory=dict)
    #: The sheets read converted from a legacy encoding (by id): their names are Unicode.
    converted: set[int] = field(default_factory=set)

    def add(
        self,
        code: str,
        sheet: Sheet | None = None,
        *,
        i: int | None = None,
        j: int | None = None,
        column: str | None = None,
        value: Any = None,
        suggestion: str | None = None,
        **params: str,
    ) -> None:
        cell = (
            sheet.address(i, j) if sheet is not None and i is not None and j is not None else None
        )
        row = sheet.row_number(i) if sheet is not None and i is not None else None
        self.findings.append(
            Finding(
                code=code,
                severity=severity_of(code),
                file=self.label,
                sheet=sheet.name if sheet else None,
                cell=cell,
                row=row,
                column=column,
                value=_as_typed(value),
                suggestion=suggestion,
                params=params,
            )
        )

    # ---------------------------------------------------------------- information sheet

    def read_info(self, sheets: Sequence[Sheet], list_sheets: Sequence[Sheet]) -> CensusInfo:
        sheet = find_info_sheet(sheets, list_sheets)
        if sheet is None:
            self.add("missing-report-year", where="no-info-sheet")
            return CensusInfo()
        found: dict[str, Any] = {}
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
        values: dict[str, Any] = {}
        for info in INFO_FIELDS:
            if info.key not in found:
                if info.key == "nam_bao_cao":
                    self.add("missing-report-year", sheet)
                elif info.required:
                    self.add("missing-value", sheet, column=info.label)
                continue
            i, j, k, label = found[info.key]
            if k is None and sheet.is_unsaved_formula(i, j + 1):
                self.add("formula-without-value", sheet, i=i, j=j + 1, column=label)
                continue
            if k is None:
                if info.key == "nam_bao_cao":
                    self.add("missing-report-year", sheet, i=i, j=j + 1, column=label)
                elif info.required:
                    self.add("missing-value", sheet, i=i, j=j + 1, column=label)
                continue
            try:
                values[info.key] = info.parse(sheet.rows[i][k])
            except v.CellError as err:
                self.add(
                    err.code,
                    sheet,
                    i=i,
                    j=k,
                    column=label,
                    value=sheet.rows[i][k],
                    suggestion=err.suggestion,
                    **err.extra,
                    expected=err.expected,
                )
        return CensusInfo(**values)

    # ---------------------------------------------------------------- declared columns

    def read_declared(
        self,
        sheet: Sheet,
        header: Header,
        records: Sequence[Organization],
        columns: Sequence[Column],
    ) -> Sequence[Organization]:
        """The columns a targets file declares, read as ordinary columns: matched among the
        headers the census contract does not know (whose unknown-column warnings they
        replace), each cell parsed by its column and a required one checked, and the values
        kept in each record's ``extra``. A row with an error here is not counted."""
        names = {
            fold_header(name): col
            for col in columns
            for name in (col.header, *col.aliases, col.key)
        }
        found: dict[str, tuple[Column, HeaderCell]] = {}
        for cell in header.unknown:
            col = names.get(fold_header(cell.shown))
            if col is not None and col.key not in found:
                found[col.key] = (col, cell)
        shown = {sheet.address(cell.i, cell.j) for _, cell in found.values()}
        self.findings = [
            f for f in self.findings
            if not (f.code == "unknown-column" and f.sheet == sheet.name and f.cell in shown)
        ]  # fmt: skip
        missing = [c for c in columns if c.required == "always" and c.key not in found]
        for col in missing:
            self.add("missing-column", sheet, i=header.last, column=col.header)
        if missing:
            return []
        if not found:
            return records
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
                    self.add(err.code, sheet, i=i, j=cell.j, column=cell.shown, value=raw,
                             suggestion=err.suggestion, **err.extra, expected=err.expected,
                             choices=", ".join(col.choices))  # fmt: skip
                    continue
                if col.required == "always" and extra[key] is None:
                    bad.add(i)
                    self.add("missing-value", sheet, i=i, j=cell.j, column=cell.shown, why="")
            values[sheet.row_number(i)] = extra
        kept = []
        for org in records:
            i = org.source.row - sheet.top - 1
            if i in bad:
                self.rejected.append(org.source.row)
                continue
            kept.append(org._replace(extra=values.get(org.source.row, {})))
        return kept

    # ---------------------------------------------------------------- list sheet

    def read_list(
        self, sheet: Sheet, header: Header, info: CensusInfo
    ) -> tuple[Sequence[Organization], int]:
        """Read the organizations of one list sheet; check its totals rows."""
        for cell in header.unknown:
            near = closest(cell.shown, [c.header for c in COLUMNS], cutoff=0.75)
            self.add("unknown-column", sheet, i=cell.i, j=cell.j, column=cell.shown,
                     value=cell.shown, suggestion=near)  # fmt: skip
        for cell, first in header.duplicates:
            self.add("duplicate-column", sheet, i=cell.i, j=cell.j, column=cell.shown,
                     value=cell.shown, other=sheet.address(first.i, first.j))  # fmt: skip
        if "ma_so" in header.columns:
            self.code_columns[sheet.name] = column_letter(sheet.left + header.columns["ma_so"].j)
        implied = sheet_form(sheet.name)
        below = Columns.of(sheet.rows[header.last + 1 :])
        kinds = classify_rows(sheet, header, below)
        data = [i for i, kind in kinds if kind == RowKind.ORGANIZATION]

        missing = [
            c for c in COLUMNS
            if c.required == "always" and c.key not in header.keys
            and not (c.key == "loai_hinh" and implied)
        ]  # fmt: skip
        forms = {implied} if implied else _legal_forms_present(sheet, data, header)
        if "ma_so" not in header.keys and forms & {LegalForm.HTX, LegalForm.LHHTX}:
            missing.insert(0, COLUMNS_BY_KEY["ma_so"])
        for col in missing:
            self.add("missing-column", sheet, i=header.last, column=col.header,
                     suggestion=_near_header(header, col))  # fmt: skip
        if missing:
            return [], len(data)
        records: Sequence[Organization]

        if header.ticks or (sheet.unsaved_formulas and _has_formula_rows(sheet, data)):
            records = self._read_rows_one_by_one(sheet, header, kinds, info, implied)
        else:
            if len(data) < len(sheet.rows) - header.last - 1:
                # a form's other rows (or blank ones): keep the organizations' cells only
                below = Columns.of([sheet.rows[i] for i in data])
            records = self._read_rows_by_column(sheet, header, kinds, data, below, info, implied)
        return records, len(data)

    def _read_rows_one_by_one(
        self,
        sheet: Sheet,
        header: Header,
        kinds: list[tuple[int, RowKind]],
        info: CensusInfo,
        implied: LegalForm | None,
    ) -> list[Organization]:
        """The reference path: every row through :meth:`_read_row`. Used for layouts the
        column path does not cover (tick columns, formulas without a saved value)."""
        self._register_codes(
            sheet, header, [i for i, kind in kinds if kind == RowKind.ORGANIZATION]
        )
        records: list[Organization] = []
        caches: dict[str, dict[tuple[type, Any], Any]] = {key: {} for key in header.columns}
        totals = _Totals([k for k in header.columns if k in SUMMABLE])
        for i, kind in kinds:
            if kind == RowKind.ORGANIZATION:
                record, parsed = self._read_row(sheet, i, header, caches, info, implied)
                totals.add(parsed)
                if record is not None:
                    records.append(record)
            elif kind == RowKind.SECTION:
                totals.new_section()
            elif kind in (RowKind.SUBTOTAL, RowKind.TOTAL):
                expected = totals.close(kind)
                self._check_totals(sheet, i, header, expected)
        return records

    def _read_rows_by_column(
        self,
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
        :meth:`_read_row`, which builds their findings exactly as the reference path does;
        every other row becomes a record straight from the parsed columns."""
        n = len(data)
        suspect = bytearray(n)  # 1: the row may have a finding and is read on its own
        raw: dict[str, Sequence[Any]] = {}
        values = _Values()
        for key, cell in header.columns.items():
            parse = COLUMNS_BY_KEY[key].parse
            if key not in _RECORD_FIELDS and parse is v.parse_text:
                continue  # «STT»: any text will do, and it is not kept
            if cell.j < len(columns.cells):
                column, distinct = columns.cells[cell.j], columns.distinct[cell.j]
            else:
                column, distinct = [""] * n, {""}
            raw[key] = column
            values.parsed[key] = parsed = ParsedColumn(parse, column, distinct)
            for p in parsed.bad:
                suspect[p] = 1
            if key in AREA_KEYS and id(sheet) not in self.converted:
                texts = [x for x in distinct if type(x) is str and not x.isascii()]
                if v.may_be_legacy(texts):  # one search of the column's distinct texts
                    legacy = set(filter(v.legacy_name, texts))
                    for p in compress(range(n), map(legacy.__contains__, column)):
                        suspect[p] = 1
        forms = values.get("loai_hinh") or [None] * n
        if implied is not None:
            forms = [implied if form is None else form for form in forms]
            values.given["loai_hinh"] = forms
        self._screen_rules(sheet, header, data, raw, values, forms, info, suspect)

        caches: dict[str, dict[tuple[type, Any], Any]] = {key: {} for key in header.columns}
        checked: dict[int, Organization | None] = {}
        p = suspect.find(1)
        while p >= 0:  # the few suspect rows, found at C speed
            checked[p], _ = self._read_row(sheet, data[p], header, caches, info, implied)
            p = suspect.find(1, p + 1)
        form_rows = len(data) < len(kinds)  # sections, totals or a signature block
        if form_rows and any(kind in (RowKind.SUBTOTAL, RowKind.TOTAL) for _, kind in kinds):
            self._check_all_totals(sheet, header, kinds, data, values)
        label, name, top = self.label, sheet.name, sheet.top

        def build() -> list[Organization]:
            source = [RowRef(label, name, top + i + 1) for i in data]
            fields: list[Iterable[Any]] = [source]
            for key in Organization._fields[1:]:
                given = values.get(key)
                fields.append(given if given is not None else repeat(_DEFAULTS.get(key)))
            make = Organization._make
            records = []
            for p, record in enumerate(zip(*fields, strict=False)):  # repeat() is endless
                if p not in checked:
                    records.append(make(record))
                elif (kept := checked[p]) is not None:
                    records.append(kept)
            return records

        count = n - len(checked) + sum(1 for r in checked.values() if r is not None)
        return Records(count, build)

    def _screen_rules(
        self,
        sheet: Sheet,
        header: Header,
        data: list[int],
        raw: dict[str, Sequence[Any]],
        values: _Values,
        forms: list[Any],
        info: CensusInfo,
        suspect: bytearray,
    ) -> None:
        """Mark the rows :meth:`_row_rules` might report on, and note where each code is
        first used. A superset is fine (those rows are read one by one); missing one is not.
        Each rule is a pass over a column, with a C-level test first where one exists."""
        flagged: list[int] = []
        unions = (LegalForm.HTX, LegalForm.LHHTX)
        for col in COLUMNS:
            needed = col.required in ("always", "HTX+LHHTX")
            if col.key not in values or not needed:
                continue
            empty = values.where_none(col.key)
            if col.required == "HTX+LHHTX":
                empty = [p for p in empty if forms[p] in unions]
            flagged += empty
        if LegalForm.LHHTX in forms:
            members = values.get("so_htx_thanh_vien")
            flagged += [
                p for p, f in enumerate(forms)
                if f is LegalForm.LHHTX and (members is None or members[p] is None)
            ]  # fmt: skip
        codes = values.get("ma_so")
        if codes is not None:
            # A code that lost its zero comes back from the parser with a zero put in front.
            zeroed = {
                x for x, code in zip(raw["ma_so"], codes, strict=True) if code and code[0] == "0"
            }
            lost = {x for x in zeroed if v.code_lost_leading_zero(x)}
            if lost:
                flagged += [p for p, x in enumerate(raw["ma_so"]) if x in lost]
            j = header.columns["ma_so"].j
            first = self.codes
            for p, code in enumerate(codes):
                if code:
                    if code in first:
                        flagged.append(p)
                    else:
                        first[code] = (sheet, data[p], j)
        if "ngay_thanh_lap" in values:
            as_of, today = info.as_of, self.today
            founded = values.distinct("ngay_thanh_lap")
            late = {
                d for d in founded
                if d is not None and (d > today or (as_of is not None and d > as_of))
            }  # fmt: skip
            young = set()
            if as_of is not None:
                young = {d for d in founded if d is not None and _months_between(d, as_of) < 12}
            if late:
                flagged += values.where("ngay_thanh_lap", late.__contains__)
            if young - late:
                rated = "xep_loai" in values
                flagged += [
                    p for p in values.where("ngay_thanh_lap", young.__contains__)
                    if rated and values.at("xep_loai", p) not in (None, Rating.UNRATED)
                ]  # fmt: skip
        if "tinh_trang" in values:
            flagged += values.where("tinh_trang", lambda x: x is Status.DISSOLVED)
        for key in {key for key, _ in LEGAL_MINIMUM.values()}:
            if key not in values:
                continue
            need = {form: minimum for form, (k, minimum) in LEGAL_MINIMUM.items() if k == key}
            small = {x for x in values.distinct(key) if x is not None and x < max(need.values())}
            flagged += [
                p for p in values.where(key, small.__contains__)
                if values.at(key, p) < need.get(forms[p], 0)
            ]  # fmt: skip
        profit, revenue = values.get("loi_nhuan"), values.get("doanh_thu")
        if profit is not None and revenue is not None:
            flagged += [
                p for p, (a, b) in enumerate(zip(profit, revenue, strict=True))
                if a is not None and b is not None and a > b
            ]  # fmt: skip
        for p in flagged:
            suspect[p] = 1

    def _register_codes(self, sheet: Sheet, header: Header, data: list[int]) -> None:
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
            if code and code not in self.codes:
                self.codes[code] = (sheet, i, cell.j)

    def _check_all_totals(
        self,
        sheet: Sheet,
        header: Header,
        kinds: list[tuple[int, RowKind]],
        data: list[int],
        values: _Values,
    ) -> None:
        """Check an official form's totals rows against the parsed columns."""
        keys = [k for k in header.columns if k in SUMMABLE]
        position = {i: p for p, i in enumerate(data)}
        totals = _Totals(keys)
        for i, kind in kinds:
            if kind == RowKind.ORGANIZATION:
                p = position[i]
                totals.add({k: values.of(k)[p] for k in keys})
            elif kind == RowKind.SECTION:
                totals.new_section()
            elif kind in (RowKind.SUBTOTAL, RowKind.TOTAL):
                self._check_totals(sheet, i, header, totals.close(kind))

    def _check_totals(
        self, sheet: Sheet, i: int, header: Header, expected: dict[str, float]
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
                self.add("totals-mismatch", sheet, i=i, j=cell.j, column=cell.shown, value=raw,
                         sum=_number_text(total))  # fmt: skip

    def _read_row(
        self,
        sheet: Sheet,
        i: int,
        header: Header,
        caches: dict[str, dict[tuple[type, Any], Any]],
        info: CensusInfo,
        implied: LegalForm | None,
    ) -> tuple[Organization | None, dict[str, Any]]:
        """Parse one organization row. Returns the record (None if the row has errors) and
        the values that could be parsed."""
        row = sheet.rows[i]
        before = len(self.findings)
        parsed: dict[str, Any] = {}
        for key, cell in header.columns.items():
            j = cell.j
            raw = row[j] if j < len(row) else ""
            if sheet.unsaved_formulas and sheet.is_unsaved_formula(i, j):  # cheap test first
                self.add("formula-without-value", sheet, i=i, j=j, column=cell.shown)
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
                self.add(err.code, sheet, i=i, j=j, column=cell.shown, value=raw,
                         suggestion=err.suggestion, **err.extra, expected=err.expected,
                         choices=", ".join(COLUMNS_BY_KEY[key].choices))  # fmt: skip
            else:
                parsed[key] = value
                if key in AREA_KEYS and type(raw) is str and id(sheet) not in self.converted:
                    self._legacy_name(sheet, i, j, cell.shown, raw)
        cells = dict(header.columns)
        for key, group in header.ticks.items():
            ticked = self._ticked(sheet, i, group)
            if ticked is not None:
                parsed[key] = COLUMNS_BY_KEY[key].parse(ticked.value if ticked.value else "")
                cells[key] = ticked.cell
        if implied is not None and parsed.get("loai_hinh") is None:
            parsed["loai_hinh"] = implied
        self._row_rules(sheet, i, cells, parsed, info)
        if any(f.severity == "error" for f in self.findings[before:]):
            self.rejected.append(sheet.row_number(i))
            return None, parsed
        ref = RowRef(file=self.label, sheet=sheet.name, row=sheet.row_number(i))
        fields = {k: x for k, x in parsed.items() if k in _RECORD_FIELDS}
        return Organization(source=ref, **fields), parsed

    def _legacy_name(self, sheet: Sheet, i: int, j: int, column: str, raw: str) -> None:
        """Warn at an area's name typed in a legacy encoding under a Unicode header («Cê §á»
        is TCVN3 for «Cờ Đỏ»): it is read as typed, and would be an area of its own."""
        legacy = v.legacy_name(raw) if not raw.isascii() else None
        if legacy is not None:
            self.add("legacy-encoded-value", sheet, i=i, j=j, column=column, value=raw,
                     suggestion=legacy.value, legacy=legacy.encoding)  # fmt: skip

    def _ticked(self, sheet: Sheet, i: int, group: list[Tick]) -> Tick | None:
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
                self.add(err.code, sheet, i=i, j=tick.cell.j, column=tick.cell.shown, value=raw,
                         suggestion=err.suggestion, **err.extra, expected=err.expected)  # fmt: skip
        if len(ticked) > 1:
            second = ticked[1]
            self.add("several-ticked", sheet, i=i, j=second.cell.j, column=second.cell.shown,
                     value=row[second.cell.j], first=ticked[0].cell.shown)  # fmt: skip
            return None
        if broken:
            return None
        return ticked[0] if ticked else Tick(group[0].cell, None)

    def _row_rules(
        self,
        sheet: Sheet,
        i: int,
        columns: dict[str, HeaderCell],
        parsed: dict[str, Any],
        info: CensusInfo,
    ) -> None:
        """The rules of the census contract that look at more than one cell."""
        row = sheet.rows[i]

        def at(key: str) -> dict[str, Any]:
            cell = columns.get(key)
            if cell is None:
                return {"j": None, "column": COLUMNS_BY_KEY[key].header, "value": None}
            value = row[cell.j] if cell.j < len(row) else None
            return {"j": cell.j, "column": cell.shown, "value": value}

        form = parsed.get("loai_hinh")
        for col in COLUMNS:
            needed = col.required == "always" or (
                col.required == "HTX+LHHTX" and form in (LegalForm.HTX, LegalForm.LHHTX)
            )
            if needed and col.key in columns and col.key in parsed and parsed[col.key] is None:
                self.add(
                    "missing-value",
                    sheet,
                    i=i,
                    **at(col.key),
                    why="" if col.required == "always" else f"required-for-{form}",
                )
        if (
            form == LegalForm.LHHTX
            and parsed.get("so_htx_thanh_vien") is None
            and ("so_htx_thanh_vien" not in columns or "so_htx_thanh_vien" in parsed)
        ):
            self.add("missing-member-cooperatives", sheet, i=i, **at("so_htx_thanh_vien"))

        code = parsed.get("ma_so")
        if code:
            first_sheet, first_i, first_j = self.codes.setdefault(
                code, (sheet, i, columns["ma_so"].j)
            )
            if (first_sheet, first_i) != (sheet, i):
                other = first_sheet.address(first_i, first_j)
                self.add("duplicate-code", sheet, i=i, **at("ma_so"), other=other)
            if v.code_lost_leading_zero(at("ma_so")["value"]):
                self.add("code-lost-leading-zero", sheet, i=i, **at("ma_so"), fixed=code)

        founded = parsed.get("ngay_thanh_lap")
        as_of = info.as_of
        if founded is not None:
            if founded > self.today:
                self.add(
                    "date-in-future",
                    sheet,
                    i=i,
                    **at("ngay_thanh_lap"),
                    today=self.today.strftime("%d/%m/%Y"),
                )
            elif as_of is not None and founded > as_of:
                self.add(
                    "date-after-as-of",
                    sheet,
                    i=i,
                    **at("ngay_thanh_lap"),
                    as_of=as_of.strftime("%d/%m/%Y"),
                )
            elif (
                as_of is not None
                and parsed.get("xep_loai") not in (None, Rating.UNRATED)
                and _months_between(founded, as_of) < 12
            ):
                self.add(
                    "rated-too-young",
                    sheet,
                    i=i,
                    **at("xep_loai"),
                    founded=founded.strftime("%d/%m/%Y"),
                    as_of=as_of.strftime("%d/%m/%Y"),
                )

        status = parsed.get("tinh_trang")
        if status == Status.DISSOLVED:
            self.add("dissolved-listed", sheet, i=i, **at("tinh_trang"))
        elif form is not None:
            key, minimum = LEGAL_MINIMUM[form]
            count = parsed.get(key)
            if count is not None and count < minimum:
                what = "member-cooperatives" if key == "so_htx_thanh_vien" else "members"
                self.add(
                    "below-legal-minimum",
                    sheet,
                    i=i,
                    **at(key),
                    form=str(form),
                    minimum=str(minimum),
                    what=what,
                )

        profit, revenue = parsed.get("loi_nhuan"), parsed.get("doanh_thu")
        if profit is not None and revenue is not None and profit > revenue:
            self.add(
                "profit-exceeds-revenue",
                sheet,
                i=i,
                **at("loi_nhuan"),
                revenue=_number_text(revenue),
            )


#: The columns that name an area: a name typed in a legacy encoding under a Unicode header
#: is warned about (``legacy-encoded-value``).
AREA_KEYS = frozenset({"xa_phuong", "quan_huyen", "tinh_cu"})

#: Defaults of the record fields a sheet may lack.
_DEFAULTS: dict[str, Any] = Organization._field_defaults


def _has_formula_rows(sheet: Sheet, data: list[int]) -> bool:
    """Whether a cell holding a formula with no saved value lies in the organization rows."""
    rows = {r - sheet.top for r, _ in sheet.unsaved_formulas}
    return not rows.isdisjoint(data)


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _as_typed(value: Any) -> str | None:
    """The value as the user typed it, as text for a message."""
    if v.is_empty(value):
        return None if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


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


class _Values:
    """The parsed columns of a list (``parsed``) and columns given outright (``given``): a
    column becomes one value per row only when :meth:`get` asks for it, so the row rules
    that look for a few values (:meth:`where`) never pay a pass over every cell."""

    def __init__(self) -> None:
        self.parsed: dict[str, ParsedColumn] = {}
        self.given: dict[str, list[Any]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.given or key in self.parsed

    def get(self, key: str) -> list[Any] | None:
        """One value per row, or None if the list has no such column."""
        if key in self.given:
            return self.given[key]
        parsed = self.parsed.get(key)
        return None if parsed is None else parsed.values

    def of(self, key: str) -> list[Any]:
        values = self.get(key)
        if values is None:
            raise KeyError(key)
        return values

    def where(self, key: str, test: Callable[[Any], bool]) -> list[int]:
        """The rows, in order, whose value in column ``key`` passes ``test``."""
        if key in self.given:
            return [p for p, x in enumerate(self.given[key]) if test(x)]
        return self.parsed[key].where(test)

    def where_none(self, key: str) -> list[int]:
        """The rows, in order, with no value in column ``key``."""
        if key in self.given:
            return [p for p, x in enumerate(self.given[key]) if x is None]
        return self.parsed[key].where_none()

    def at(self, key: str, p: int) -> Any:
        """The value of column ``key`` in row ``p``."""
        return self.given[key][p] if key in self.given else self.parsed[key].at(p)

    def distinct(self, key: str) -> set[Any]:
        """The values of column ``key``, each once."""
        return set(self.given[key]) if key in self.given else self.parsed[key].distinct()


class _Totals:
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


@paused_gc()
def read_census_file(
    path: str | PathLike[str],
    *,
    today: date | None = None,
    label: str | None = None,
    limits: Limits | None = None,
    columns: Sequence[Column] = (),
) -> CensusFile:
    """Read one census workbook into records and findings. Never raises for bad content.

    Every visible sheet with a census header is a list sheet (an official form may
    keep one per legal form); hidden and empty sheets are skipped and reported.
    ``today`` is the date used for "in the future" (default: the real today);
    ``label`` is how the file is named in findings (default: the path as given);
    ``limits`` bound the size of what is read (see :class:`Limits`); ``columns`` are the
    columns a targets file declares (:meth:`TargetsFile.census_columns`).
    """
    path = Path(path)
    reader = _FileReader(path, today or date.today(), label or str(path))
    try:
        sheets = read_workbook(path, limits)
    except UnreadableFile as exc:
        params = {"reason": exc.reason, **exc.params}
        reader.findings.append(Finding(code="unreadable-file", severity=severity_of(
            "unreadable-file"), file=reader.label, params=params))  # fmt: skip
        return CensusFile(path=reader.label, info=CensusInfo(), organizations=[],
                          findings=reader.findings, unusable=True)  # fmt: skip
    if isinstance(sheets, Sheets) and sheets.renamed:  # read for what it is: say so
        reader.add("renamed-workbook", suffix=sheets.suffix, kind=sheets.renamed)
    for sheet in sheets:
        if not sheet.visible:
            reader.add("hidden-sheet", sheet)
        elif is_empty_sheet(sheet):
            reader.add("empty-sheet", sheet)
    # A sheet typed in TCVN3 or VNI has no header its Unicode reader can find: read converted.
    decoded = decode_legacy(sheets, find_list_sheets(sheets))
    lists = decoded.lists
    reader.converted = {id(sheet) for sheet, _, _ in decoded.legacy}
    for sheet, encoding, kept in decoded.legacy:
        # cells typed in Unicode later were kept as typed: the warning says how many
        unicode, count = ("kept-unicode", str(kept)) if kept else ("", "")
        reader.add("legacy-encoding", sheet, encoding=encoding.name, fonts=encoding.fonts,
                   unicode=unicode, kept=count)  # fmt: skip
    info = reader.read_info(decoded.sheets, [s for s, _ in lists])
    if not lists:
        reader.add("no-list-sheet", sheets=", ".join(s.name for s in sheets) or "-")
        return CensusFile(path=reader.label, info=info, organizations=[],
                          findings=reader.findings, unusable=True)  # fmt: skip
    records = Records()
    rows = 0
    for sheet, header in lists:
        sheet_records, sheet_rows = reader.read_list(sheet, header, info)
        if columns:
            sheet_records = reader.read_declared(sheet, header, sheet_records, columns)
        records.add(sheet_records)
        rows += sheet_rows
    if rows == 0 and not any(f.code == "missing-column" for f in reader.findings):
        # A header and nothing under it: not a census whose every figure is 0.
        reader.add("no-organizations", lists[0][0])
    file_level = any(f.code in ("missing-column", "missing-report-year", "no-organizations")
                     for f in reader.findings)  # fmt: skip
    return CensusFile(
        path=reader.label, info=info, organizations=records, findings=reader.findings,
        rows_read=rows, rejected_rows=reader.rejected, code_columns=reader.code_columns,
        unusable=file_level,
    )  # fmt: skip


def read_census(
    paths: str | PathLike[str] | Iterable[str | PathLike[str]],
    *,
    today: date | None = None,
    limits: Limits | None = None,
    columns: Sequence[Column] = (),
) -> Census:
    """Read one file, or several as one combined census, checking codes across files.

    ``paths`` is one path (a string or a :class:`~pathlib.Path`) or several. Never raises
    for bad content: a file that cannot be read is a finding (see :attr:`Census.valid`).
    ``columns`` are the columns a targets file declares, read as ordinary columns.
    """
    if isinstance(paths, str | PathLike):
        paths = [paths]
    return combine(
        [read_census_file(p, today=today, limits=limits, columns=columns) for p in paths]
    )


def combine(files: Sequence[CensusFile]) -> Census:
    """Files read one by one (perhaps in parallel) as one census: a code used in two files
    of one reporting year is a duplicate in the later file."""
    return Census(files=_cross_file_duplicates(list(files)))


def _cross_file_duplicates(files: list[CensusFile]) -> list[CensusFile]:
    """Add a duplicate-code error to a file whose code was already used in an earlier file of
    the same reporting year (censuses of different years list the same organizations)."""
    if len(files) < 2:
        return files  # and the records of a lone file need not be built to be compared
    seen: dict[tuple[int | None, str], Organization] = {}
    result = []
    for f in files:
        extra: list[Finding] = []
        kept: list[Organization] = []
        for org in f.organizations:
            if org.ma_so and (f.info.nam_bao_cao, org.ma_so) in seen:
                first = seen[(f.info.nam_bao_cao, org.ma_so)].source
                extra.append(
                    Finding(
                        code="duplicate-code",
                        severity=severity_of("duplicate-code"),
                        file=f.path,
                        sheet=org.source.sheet,
                        row=org.source.row,
                        cell=f"{col}{org.source.row}"
                        if (col := f.code_columns.get(org.source.sheet))
                        else None,
                        column=COLUMNS_BY_KEY["ma_so"].header,
                        value=org.ma_so,
                        params={"other": f"{first.file} › {first.sheet} › {first.row}"},
                    )
                )
                continue
            kept.append(org)
        for org in kept:
            if org.ma_so:
                seen.setdefault((f.info.nam_bao_cao, org.ma_so), org)
        if extra:
            f = replace(
                f,
                findings=f.findings + extra,
                organizations=kept,
                rejected_rows=sorted([*f.rejected_rows, *(x.row for x in extra if x.row)]),
            )
        result.append(f)
    return result
