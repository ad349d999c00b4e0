"""From census workbooks to validated organization records and findings.

Data flows one way: :func:`read_workbook` gives sheets of raw cells; this
module finds the information sheet and the list sheet, matches headers
tolerantly, parses every cell with its column's parser, applies the row rules
of the census contract and returns a :class:`Census`: the records that can be
counted and every finding, each at its cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from . import values as v
from .findings import Finding, severity_of
from .schema import (
    COLUMNS,
    COLUMNS_BY_KEY,
    INFO_FIELDS,
    LEGAL_MINIMUM,
    CensusInfo,
    Column,
    LegalForm,
    Organization,
    Rating,
    RowRef,
    Status,
)
from .text import closest, fold, fold_header
from .workbook import Sheet, UnreadableFile, column_letter, read_workbook

HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
INFO_SHEET_NAMES = {fold("Thông tin chung"), fold("Thông tin"), "info", "information"}

_HEADER_INDEX: dict[str, str] = {}
for _col in COLUMNS:
    for _name in (_col.header, _col.key, _col.english, *_col.aliases):
        _HEADER_INDEX.setdefault(fold_header(_name), _col.key)
_INFO_INDEX: dict[str, str] = {}
for _info in INFO_FIELDS:
    for _name in (_info.label, _info.key, _info.english, *_info.aliases):
        _INFO_INDEX.setdefault(fold_header(_name), _info.key)

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


class CensusFile(BaseModel):
    """What was read from one file: its information, records and findings."""

    model_config = ConfigDict(frozen=True)

    path: str
    info: CensusInfo
    organizations: list[Organization]
    findings: list[Finding]
    rows_read: int = 0
    #: Row numbers of the list sheet left out of the counts because they have errors.
    rejected_rows: list[int] = []
    #: The column letter of «Mã số» in the list sheet, for findings about codes.
    code_column: str | None = None
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
    def valid(self) -> bool:
        """A file is valid when it has no errors (warnings allowed)."""
        return not self.errors

    @property
    def unreadable(self) -> bool:
        return any(f.code == "unreadable-file" for f in self.findings)


class Census(BaseModel):
    """One combined census: several files (e.g. the districts of a city) read together."""

    model_config = ConfigDict(frozen=True)

    files: list[CensusFile]

    @property
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

    def info_value(self, key: str) -> float | None:
        """A numeric value of the information sheets, summed over files (``dan_so``)."""
        if key == "dan_so":
            pop = self.population
            return None if pop is None else float(pop)
        raise KeyError(key)


# --------------------------------------------------------------------------- reading


@dataclass
class _FileReader:
    """Reads one file. Collects findings; builds records from rows without errors."""

    path: Path
    today: date
    label: str
    findings: list[Finding] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)
    code_column: str | None = None

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

    def read_info(self, sheets: Sequence[Sheet], list_sheet: Sheet | None) -> CensusInfo:
        sheet = _find_info_sheet(sheets, list_sheet)
        if sheet is None:
            self.add("missing-report-year", where="no-info-sheet")
            return CensusInfo()
        found: dict[str, Any] = {}
        for i, row in enumerate(sheet.rows):
            for j, cell in enumerate(row):
                if not isinstance(cell, str) or not cell.strip():
                    continue
                key = _INFO_INDEX.get(fold_header(cell.rstrip(": ")))
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
                    expected=err.expected,
                )
        return CensusInfo(**values)

    # ---------------------------------------------------------------- list sheet

    def read_list(
        self, sheet: Sheet, header_i: int, info: CensusInfo
    ) -> tuple[list[Organization], int]:
        header = sheet.rows[header_i]
        columns: dict[str, tuple[int, str]] = {}
        for j, cell in enumerate(header):
            if v.is_empty(cell):
                continue
            shown = " ".join(str(cell).split())
            key = _HEADER_INDEX.get(fold_header(str(cell)))
            if key is None:
                near = closest(shown, [c.header for c in COLUMNS], cutoff=0.75)
                self.add(
                    "unknown-column",
                    sheet,
                    i=header_i,
                    j=j,
                    column=shown,
                    value=shown,
                    suggestion=near,
                )
            elif key in columns:
                other = sheet.address(header_i, columns[key][0])
                self.add(
                    "duplicate-column",
                    sheet,
                    i=header_i,
                    j=j,
                    column=shown,
                    value=shown,
                    other=other,
                )
            else:
                columns[key] = (j, shown)
        if "ma_so" in columns:
            self.code_column = column_letter(sheet.left + columns["ma_so"][0])

        data = [i for i in range(header_i + 1, len(sheet.rows)) if _is_data_row(sheet.rows[i])]
        if data and _is_column_number_row(sheet.rows[data[0]]):
            data = data[1:]
        data = [i for i in data if not _is_form_row(sheet.rows[i], columns)]

        missing = [c for c in COLUMNS if c.required == "always" and c.key not in columns]
        forms = _legal_forms_present(sheet, data, columns)
        if "ma_so" not in columns and forms & {LegalForm.HTX, LegalForm.LHHTX}:
            missing.insert(0, COLUMNS_BY_KEY["ma_so"])
        for col in missing:
            self.add(
                "missing-column",
                sheet,
                i=header_i,
                column=col.header,
                suggestion=_near_header(header, col),
            )
        if missing:
            return [], len(data)

        records: list[Organization] = []
        caches: dict[str, dict[tuple[type, Any], Any]] = {key: {} for key in columns}
        for i in data:
            record = self._read_row(sheet, i, columns, caches, info)
            if record is not None:
                records.append(record)
        return records, len(data)

    def _read_row(
        self,
        sheet: Sheet,
        i: int,
        columns: dict[str, tuple[int, str]],
        caches: dict[str, dict[tuple[type, Any], Any]],
        info: CensusInfo,
    ) -> Organization | None:
        row = sheet.rows[i]
        before = len(self.findings)
        parsed: dict[str, Any] = {}
        for key, (j, shown) in columns.items():
            raw = row[j] if j < len(row) else ""
            if sheet.unsaved_formulas and sheet.is_unsaved_formula(i, j):  # cheap test first
                self.add("formula-without-value", sheet, i=i, j=j, column=shown)
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
                col = COLUMNS_BY_KEY[key]
                self.add(
                    err.code,
                    sheet,
                    i=i,
                    j=j,
                    column=shown,
                    value=raw,
                    suggestion=err.suggestion,
                    expected=err.expected,
                    choices=", ".join(col.choices),
                )
            else:
                parsed[key] = value
        self._row_rules(sheet, i, columns, parsed, info)
        if any(f.severity == "error" for f in self.findings[before:]):
            self.rejected.append(sheet.row_number(i))
            return None
        ref = RowRef(file=self.label, sheet=sheet.name, row=sheet.row_number(i))
        return Organization.model_validate({"source": ref, **parsed})

    def _row_rules(
        self,
        sheet: Sheet,
        i: int,
        columns: dict[str, tuple[int, str]],
        parsed: dict[str, Any],
        info: CensusInfo,
    ) -> None:
        """The rules of the census contract that look at more than one cell."""
        row = sheet.rows[i]

        def at(key: str) -> dict[str, Any]:
            j, shown = columns.get(key, (None, COLUMNS_BY_KEY[key].header))
            value = row[j] if j is not None and j < len(row) else None
            return {"j": j, "column": shown, "value": value}

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
            here = sheet.address(i, columns["ma_so"][0])
            if code in self.codes:
                self.add("duplicate-code", sheet, i=i, **at("ma_so"), other=self.codes[code])
            else:
                self.codes[code] = here
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


def _is_data_row(row: list[Any]) -> bool:
    return any(not v.is_empty(c) for c in row)


def _is_column_number_row(row: list[Any]) -> bool:
    """The row of column numbers under an official form's header: (1), (2), … or 1, 2, …"""
    cells = [c for c in row if not v.is_empty(c)]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(str(_as_typed(c)).strip()) for c in cells)


_TOTALS = {"tong cong", "cong", "tong so", "tong", "cong toan tinh", "cong toan thanh pho"}
_SIGNATURE = (
    "nguoi lap bieu",
    "thu truong don vi",
    "ky ghi ro ho ten",
    "ky ten dong dau",
    "ke toan truong",
    "nguoi lap",
    "xac nhan cua",
    "chu tich",
    "giam doc so",
)
_SECTION_LABEL = re.compile(r"^([IVXLC]+|[A-Z]|\d{1,2})(\s*[.)]\s*.*)?$")
_CONTENT_KEYS = ("loai_hinh", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien", "ma_so")


def _is_form_row(row: list[Any], columns: dict[str, tuple[int, str]]) -> bool:
    """A row of an official form that is not an organization: a totals row ("Tổng cộng",
    "Cộng"), a line of the signature block, or a section heading ("I. NÔNG NGHIỆP")."""

    def cell(key: str) -> Any:
        j = columns[key][0] if key in columns else None
        return row[j] if j is not None and j < len(row) else None

    texts = [fold(str(c)) for c in row if isinstance(c, str) and c.strip()]
    first = texts[0] if texts else ""
    if fold(str(cell("ten") or "")) in _TOTALS or first in _TOTALS:
        return True
    if any(t.startswith(_SIGNATURE) for t in texts):
        return True
    if any(not v.is_empty(cell(key)) for key in _CONTENT_KEYS):
        return False
    heading = [str(c).strip() for c in (cell("stt"), cell("ten")) if not v.is_empty(c)]
    return bool(heading) and all(
        _SECTION_LABEL.match(h) or (h.upper() == h and any(ch.isalpha() for ch in h))
        for h in heading
    )


def _header_matches(row: list[Any]) -> set[str]:
    return {key for c in row if isinstance(c, str) and (key := _HEADER_INDEX.get(fold_header(c)))}


def _find_list_sheet(sheets: Sequence[Sheet]) -> tuple[Sheet, int] | None:
    """The visible sheet and row whose cells match the most census headers."""
    best: tuple[int, Sheet, int] | None = None
    for sheet in sheets:
        if not sheet.visible:
            continue
        for i, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            score = len(_header_matches(row))
            if score >= MIN_HEADER_MATCHES and (best is None or score > best[0]):
                best = (score, sheet, i)
    return (best[1], best[2]) if best else None


def _find_info_sheet(sheets: Sequence[Sheet], list_sheet: Sheet | None) -> Sheet | None:
    """The sheet named like «Thông tin chung», else the one whose labels match the most fields."""
    candidates = [s for s in sheets if s is not list_sheet]
    for sheet in candidates:
        if fold(sheet.name) in INFO_SHEET_NAMES:
            return sheet
    best: tuple[int, Sheet] | None = None
    for sheet in candidates:
        labels = {
            _INFO_INDEX.get(fold_header(str(c).rstrip(": ")))
            for row in sheet.rows[:40]
            for c in row[:3]
            if isinstance(c, str)
        }
        score = len(labels - {None})
        if score >= 2 and (best is None or score > best[0]):
            best = (score, sheet)
    return best[1] if best else None


def _legal_forms_present(
    sheet: Sheet, data: Iterable[int], columns: dict[str, tuple[int, str]]
) -> set[LegalForm]:
    if "loai_hinh" not in columns:
        return set()
    j = columns["loai_hinh"][0]
    forms: set[LegalForm] = set()
    for i in data:
        row = sheet.rows[i]
        try:
            form = COLUMNS_BY_KEY["loai_hinh"].parse(row[j] if j < len(row) else "")
        except v.CellError:
            continue
        if form is not None:
            forms.add(form)
    return forms


def _near_header(header: list[Any], col: Column) -> str | None:
    """An unmatched header cell that looks like the missing column, if any."""
    unmatched = [
        str(c) for c in header if isinstance(c, str) and not _HEADER_INDEX.get(fold_header(c))
    ]
    return closest(col.header, unmatched, cutoff=0.6)


def read_census_file(
    path: Path | str, *, today: date | None = None, label: str | None = None
) -> CensusFile:
    """Read one census workbook into records and findings. Never raises for bad content.

    ``today`` is the date used for "in the future" (default: the real today);
    ``label`` is how the file is named in findings (default: the path as given).
    """
    path = Path(path)
    reader = _FileReader(path, today or date.today(), label or str(path))
    try:
        sheets = read_workbook(path)
    except UnreadableFile as exc:
        reader.add("unreadable-file", reason=exc.reason)
        return CensusFile(
            path=reader.label,
            info=CensusInfo(),
            organizations=[],
            findings=reader.findings,
            unusable=True,
        )
    found = _find_list_sheet(sheets)
    info = reader.read_info(sheets, found[0] if found else None)
    if found is None:
        reader.add("no-list-sheet", sheets=", ".join(s.name for s in sheets) or "-")
        return CensusFile(
            path=reader.label, info=info, organizations=[], findings=reader.findings, unusable=True
        )
    sheet, header_i = found
    records, rows = reader.read_list(sheet, header_i, info)
    file_level = any(f.code in ("missing-column", "missing-report-year") for f in reader.findings)
    return CensusFile(
        path=reader.label,
        info=info,
        organizations=records,
        findings=reader.findings,
        rows_read=rows,
        rejected_rows=reader.rejected,
        code_column=reader.code_column,
        unusable=file_level,
    )


def read_census(paths: Sequence[Path | str], *, today: date | None = None) -> Census:
    """Read several files as one combined census, checking codes across files."""
    files = [read_census_file(p, today=today) for p in paths]
    return Census(files=_cross_file_duplicates(files))


def _cross_file_duplicates(files: list[CensusFile]) -> list[CensusFile]:
    """Add a duplicate-code error to a file whose code was already used in an earlier file."""
    seen: dict[str, Organization] = {}
    result = []
    for f in files:
        extra: list[Finding] = []
        kept: list[Organization] = []
        for org in f.organizations:
            if org.ma_so and org.ma_so in seen:
                first = seen[org.ma_so].source
                extra.append(
                    Finding(
                        code="duplicate-code",
                        severity=severity_of("duplicate-code"),
                        file=f.path,
                        sheet=org.source.sheet,
                        row=org.source.row,
                        cell=f"{f.code_column}{org.source.row}" if f.code_column else None,
                        column=COLUMNS_BY_KEY["ma_so"].header,
                        value=org.ma_so,
                        params={"other": f"{first.file} › {first.sheet} › {first.row}"},
                    )
                )
                continue
            kept.append(org)
        for org in kept:
            if org.ma_so:
                seen.setdefault(org.ma_so, org)
        if extra:
            f = f.model_copy(
                update={
                    "findings": f.findings + extra,
                    "organizations": kept,
                    "rejected_rows": sorted([*f.rejected_rows, *(x.row for x in extra if x.row)]),
                }
            )
        result.append(f)
    return result
