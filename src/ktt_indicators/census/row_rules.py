"""The rules of the census contract that look at more than one cell of an organization row
(required values, codes, dates, legal minimums, profit and revenue), one named function
each, run in order on a row whose cells are parsed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..read import values as v
from ..read.workbook import Sheet
from .area_units import read_row_areas
from .file_reader import FileReader, number_text
from .layout import HeaderCell
from .schema import COLUMNS, COLUMNS_BY_KEY, LEGAL_MINIMUM, CensusInfo, LegalForm, Rating, Status


class _Row:
    """One organization row as the rules see it: where it is and its parsed values."""

    __slots__ = ("columns", "form", "i", "info", "parsed", "reader", "sheet")

    def __init__(
        self,
        reader: FileReader,
        sheet: Sheet,
        i: int,
        columns: dict[str, HeaderCell],
        parsed: dict[str, Any],
        info: CensusInfo,
    ) -> None:
        self.reader, self.sheet, self.i = reader, sheet, i
        self.columns, self.parsed, self.info = columns, parsed, info
        self.form: LegalForm | None = parsed.get("loai_hinh")

    def at(self, key: str) -> dict[str, Any]:
        """Where a finding about column ``key`` of this row points: column and value."""
        cell = self.columns.get(key)
        if cell is None:
            return {"j": None, "column": COLUMNS_BY_KEY[key].header, "value": None}
        row = self.sheet.rows[self.i]
        value = row[cell.j] if cell.j < len(row) else None
        return {"j": cell.j, "column": cell.shown, "value": value}

    def add(self, code: str, key: str, **params: str) -> None:
        """A finding of ``code`` at column ``key`` of this row."""
        at = self.at(key)
        self.reader.add(code, self.sheet, i=self.i, j=at["j"], column=at["column"],
                        value=at["value"], **params)  # fmt: skip


def _missing_values(row: _Row) -> None:
    for col in COLUMNS:
        needed = col.required == "always" or (
            col.required == "HTX+LHHTX" and row.form in (LegalForm.HTX, LegalForm.LHHTX)
        )
        key = col.key
        if needed and key in row.columns and key in row.parsed and row.parsed[key] is None:
            why = "" if col.required == "always" else f"required-for-{row.form}"
            row.add("missing-value", key, why=why)


def _missing_members(row: _Row) -> None:
    key = "so_htx_thanh_vien"
    if (
        row.form == LegalForm.LHHTX
        and row.parsed.get(key) is None
        and (key not in row.columns or key in row.parsed)
    ):
        row.add("missing-member-cooperatives", key)


def _code(row: _Row) -> None:
    code = row.parsed.get("ma_so")
    if not code:
        return
    first_sheet, first_i, first_j = row.reader.codes.setdefault(
        code, (row.sheet, row.i, row.columns["ma_so"].j)
    )
    if (first_sheet, first_i) != (row.sheet, row.i):  # a sheet equals only itself
        row.add("duplicate-code", "ma_so", other=first_sheet.address(first_i, first_j))
    if v.code_lost_leading_zero(row.at("ma_so")["value"]):
        row.add("code-lost-leading-zero", "ma_so", fixed=code)


def _founding_date(row: _Row) -> None:
    founded = row.parsed.get("ngay_thanh_lap")
    if founded is None:
        return
    as_of, today = row.info.as_of, row.reader.today
    if founded > today:
        row.add("date-in-future", "ngay_thanh_lap", today=today.strftime("%d/%m/%Y"))
    elif as_of is not None and founded > as_of:
        row.add("date-after-as-of", "ngay_thanh_lap", as_of=as_of.strftime("%d/%m/%Y"))
    elif (
        as_of is not None
        and row.parsed.get("xep_loai") not in (None, Rating.UNRATED)
        and months_between(founded, as_of) < 12
    ):
        row.add("rated-too-young", "xep_loai", founded=founded.strftime("%d/%m/%Y"),
                as_of=as_of.strftime("%d/%m/%Y"))  # fmt: skip


def _status_and_size(row: _Row) -> None:
    if row.parsed.get("tinh_trang") == Status.DISSOLVED:
        row.add("dissolved-listed", "tinh_trang")
    elif row.form is not None:
        key, minimum = LEGAL_MINIMUM[row.form]
        count = row.parsed.get(key)
        if count is not None and count < minimum:
            what = "member-cooperatives" if key == "so_htx_thanh_vien" else "members"
            row.add("below-legal-minimum", key, form=str(row.form), minimum=str(minimum),
                    what=what)  # fmt: skip


def _profit(row: _Row) -> None:
    profit, revenue = row.parsed.get("loi_nhuan"), row.parsed.get("doanh_thu")
    if profit is not None and revenue is not None and profit > revenue:
        row.add("profit-exceeds-revenue", "loi_nhuan", revenue=number_text(revenue))


def _areas(row: _Row) -> None:
    """The area cells read as units (:mod:`.area_units`)."""
    for problem in read_row_areas(row.parsed, row.info):
        at = row.at(problem.key)
        row.reader.add(problem.code, row.sheet, i=row.i, j=at["j"], column=at["column"],
                       value=at["value"], suggestion=problem.suggestion,
                       **problem.params)  # fmt: skip


#: The rules, in the order their findings are listed.
RULES: tuple[Callable[[_Row], None], ...] = (
    _missing_values,
    _missing_members,
    _code,
    _founding_date,
    _status_and_size,
    _profit,
    _areas,
)


def check_row(
    reader: FileReader,
    sheet: Sheet,
    i: int,
    columns: dict[str, HeaderCell],
    parsed: dict[str, Any],
    info: CensusInfo,
) -> None:
    """Apply every row rule to row ``i``, whose cells are at ``columns``."""
    row = _Row(reader, sheet, i, columns, parsed, info)
    for rule in RULES:
        rule(row)


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)
