"""The row rules screened column by column: which rows of a list the row rules might
report on, each rule one pass over its columns (with a C-level test first where one
exists), so that only those rows are read one by one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..read import values as v
from ..read.workbook import Sheet
from .area_units import screen_areas
from .column_values import Values
from .file_reader import FileReader
from .layout import Header
from .row_rules import months_between
from .schema import COLUMNS, LEGAL_MINIMUM, CensusInfo, LegalForm, Rating, Status


@dataclass(frozen=True)
class Screen:
    """A list sheet's parsed columns, as the screens look at them."""

    reader: FileReader
    sheet: Sheet
    header: Header
    #: The sheet's index of each organization row, by position in the columns.
    data: list[int]
    #: The cells of each column as typed.
    raw: dict[str, Sequence[Any]]
    values: Values
    #: Each row's legal form (the sheet's own where the row gives none).
    forms: list[Any]
    info: CensusInfo


def _missing_required(s: Screen) -> list[int]:
    flagged: list[int] = []
    unions = (LegalForm.HTX, LegalForm.LHHTX)
    for col in COLUMNS:
        needed = col.required in ("always", "HTX+LHHTX")
        if col.key not in s.values or not needed:
            continue
        empty = s.values.where_none(col.key)
        if col.required == "HTX+LHHTX":
            empty = [p for p in empty if s.forms[p] in unions]
        flagged += empty
    return flagged


def _missing_members(s: Screen) -> list[int]:
    if LegalForm.LHHTX not in s.forms:
        return []
    members = s.values.get("so_htx_thanh_vien")
    return [
        p for p, f in enumerate(s.forms)
        if f is LegalForm.LHHTX and (members is None or members[p] is None)
    ]  # fmt: skip


def _codes(s: Screen) -> list[int]:
    """Codes that lost their zero or were used before; notes where each is first used."""
    codes = s.values.get("ma_so")
    if codes is None:
        return []
    flagged: list[int] = []
    # A code that lost its zero comes back from the parser with a zero put in front.
    zeroed = {x for x, code in zip(s.raw["ma_so"], codes, strict=True) if code and code[0] == "0"}
    lost = {x for x in zeroed if v.code_lost_leading_zero(x)}
    if lost:
        flagged += [p for p, x in enumerate(s.raw["ma_so"]) if x in lost]
    j = s.header.columns["ma_so"].j
    first = s.reader.codes
    for p, code in enumerate(codes):
        if code:
            if code in first:
                flagged.append(p)
            else:
                first[code] = (s.sheet, s.data[p], j)
    return flagged


def _founding_dates(s: Screen) -> list[int]:
    if "ngay_thanh_lap" not in s.values:
        return []
    flagged: list[int] = []
    as_of, today = s.info.as_of, s.reader.today
    founded = s.values.distinct("ngay_thanh_lap")
    late = {
        d for d in founded
        if d is not None and (d > today or (as_of is not None and d > as_of))
    }  # fmt: skip
    young = set()
    if as_of is not None:
        young = {d for d in founded if d is not None and months_between(d, as_of) < 12}
    if late:
        flagged += s.values.where("ngay_thanh_lap", late.__contains__)
    if young - late:
        rated = "xep_loai" in s.values
        flagged += [
            p for p in s.values.where("ngay_thanh_lap", young.__contains__)
            if rated and s.values.at("xep_loai", p) not in (None, Rating.UNRATED)
        ]  # fmt: skip
    return flagged


def _dissolved(s: Screen) -> list[int]:
    if "tinh_trang" not in s.values:
        return []
    return s.values.where("tinh_trang", lambda x: x is Status.DISSOLVED)


def _below_minimum(s: Screen) -> list[int]:
    flagged: list[int] = []
    values = s.values
    for key in {key for key, _ in LEGAL_MINIMUM.values()}:
        if key not in values:
            continue
        need = {form: minimum for form, (k, minimum) in LEGAL_MINIMUM.items() if k == key}
        small = {x for x in values.distinct(key) if x is not None and x < max(need.values())}
        flagged += [
            p for p in values.where(key, small.__contains__)
            if values.at(key, p) < need.get(s.forms[p], 0)
        ]  # fmt: skip
    return flagged


def _profit(s: Screen) -> list[int]:
    profit, revenue = s.values.get("loi_nhuan"), s.values.get("doanh_thu")
    if profit is None or revenue is None:
        return []
    return [
        p for p, (a, b) in enumerate(zip(profit, revenue, strict=True))
        if a is not None and b is not None and a > b
    ]  # fmt: skip


def _areas(s: Screen) -> list[int]:
    return screen_areas(s.values, s.info)


#: One screen for each rule of :mod:`.row_rules` (the codes' also notes first uses).
SCREENS: tuple[Callable[[Screen], list[int]], ...] = (
    _missing_required,
    _missing_members,
    _codes,
    _founding_dates,
    _dissolved,
    _below_minimum,
    _profit,
    _areas,
)


def screen_rules(s: Screen, suspect: bytearray) -> None:
    """Mark the rows :func:`.row_rules.check_row` might report on, and note where each code
    is first used. A superset is fine (those rows are read one by one); missing one is not."""
    for screen in SCREENS:
        for p in screen(s):
            suspect[p] = 1
