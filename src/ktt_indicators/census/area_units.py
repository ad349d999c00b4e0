"""The area columns of a census read as administrative units: the commune («Xã/phường»), the
old district («Quận/huyện») and the old province («Tỉnh/thành cũ») of each row resolved
against the list of units, looking in the census's province first.

Every spelling of a unit («P. Cái Khế», «phuong Cai Khe», «Cái Khế», its code 31120) is
kept as the unit's official name, and the code of the commune in force is kept beside it
(``ma_xa``: for a commune before the reform, the one it went into), so that the same commune
is one area however it was typed, before and after the reform. A name that is no unit is a finding
at its cell with the clearly nearest unit as a hint; a name that is two units (two old
districts «Châu Thành», a name in two provinces) is a finding listing them, unless the row's
old province or district tells them apart. A census before 1 July 2025 is read among the
units before the reform first; a census after it that names a commune before the reform is
counted in the commune in force it went into, and says so.

The census's province is its information sheet's («Địa bàn», else «Đơn vị báo cáo»:
«Thành phố Cần Thơ (cũ)», «Sở Tài chính thành phố Cần Thơ», «UBND xã Thới Lai»). The list
is the bundled one unless a newer file was given (:func:`use_units_file`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, islice, repeat
from pathlib import Path
from typing import Any, Final

from ..read.values import legacy_name
from .column_values import Values
from .schema import CensusInfo
from .unit_names import Era, Resolution, typed
from .unit_records import AdminUnit, Level, Province
from .units import UnitList, load_units

#: The day the units of the reform came into force.
REFORM: Final = date(2025, 7, 1)
#: The area columns, each with the level of unit it names (None: a province).
AREA_LEVELS: Final[dict[str, Level | None]] = {
    "xa_phuong": "commune",
    "quan_huyen": "district",
    "tinh_cu": None,
}
#: A census's names not found that get the nearest units as hints: past these, a name not
#: found is said to be none without a search (a list of made-up names stays fast).
HINTED_NAMES: Final = 50
_POSITION: Final = {key: p for p, key in enumerate(AREA_LEVELS)}
_BRACKETS = re.compile(r"\([^)]*\)")

_units_file: Path | None = None


def use_units_file(path: Path | None) -> None:
    """Read areas against the list at ``path`` (same columns as the bundled one), or the
    bundled list (None). Raises :class:`.UnitListError` naming the line that is wrong."""
    global _units_file
    load_units(path)
    _units_file = path
    census_areas.cache_clear()


def unit_list() -> UnitList:
    """The list of units areas are read against: the one given (:func:`use_units_file`),
    else the one ``KTT_UNITS`` names (a process ``ktt --units`` started), else the bundled."""
    if _units_file is None and os.environ.get("KTT_UNITS"):
        return load_units(Path(os.environ["KTT_UNITS"]))
    return load_units(_units_file)


def census_era(info: CensusInfo) -> Era:
    """Which units a census names: those before the reform if its figures are as of a day
    before 1 July 2025, else those in force."""
    as_of = info.as_of
    return "before" if as_of is not None and as_of < REFORM else "after"


def census_province(info: CensusInfo, units: UnitList) -> Province | None:
    """The province a census's information sheet names, if any: its area («Địa bàn») or its
    reporting unit, by the province's name (ending the text, in force or before the reform)
    or by the commune it names."""
    for text in (info.dia_ban, info.don_vi_bao_cao):
        if not text:
            continue
        text = _BRACKETS.sub("", text).strip()
        found = units.province(text)
        if found is not None:
            return found
        key = typed(text)[2]
        for province in units.provinces:
            names = (province.short_name, *units.former_provinces(province))
            if any(key.endswith(" " + typed(name)[1]) for name in names):
                return province
        if typed(text)[0] is not None:  # «UBND xã Thới Lai», «UBND huyện Phong Điền»
            unit = units.resolve(text).unit
            if unit is not None:
                return units.province(unit.province_code)
    return None


@dataclass(frozen=True, slots=True)
class AreaProblem:
    """A finding about one area cell: ``code`` (``unknown-area``, ``ambiguous-area``,
    ``former-area``), its column ``key``, what was probably meant and the other fields."""

    code: str
    key: str
    suggestion: str | None = None
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AreaReading:
    """What one row's area cells name: the official names of the units found (by column
    key), the commune's code, and the findings."""

    names: dict[str, str]
    code: str | None
    problems: tuple[AreaProblem, ...]


def _names(units: tuple[AdminUnit, ...]) -> str:
    return ", ".join(
        f"{u.name} ({u.old_province})" if u.old_province and u.level == "district" else u.name
        for u in units
    )


class CensusAreas:
    """The area cells of one census read as units, each combination of cells once."""

    def __init__(self, info: CensusInfo) -> None:
        self.units = unit_list()
        self.province = census_province(info, self.units)
        self.era = census_era(info)
        self.resolver = self.units.resolver(self.province, self.era)
        self._memo: dict[tuple[object, object, object], AreaReading] = {}
        self._hinted = 0
        self._provinces: dict[object, tuple[str, str]] = {}

    def read(self, commune: object, district: object, old_province: object) -> AreaReading:
        """The units a row's commune, old district and old province cells name."""
        key = (commune, district, old_province)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._read(commune, district, old_province)
        return found

    def _read(self, commune: object, district: object, old_province: object) -> AreaReading:
        names: dict[str, str] = {}
        problems: list[AreaProblem] = []
        old = self._old_province(old_province)
        if old is not None and not old[1]:
            problems.append(AreaProblem("unknown-area", "tinh_cu"))
        place = self._find(district, "district", old) if district else None
        where = place.unit.name if place is not None and place.unit is not None else None
        code = None
        if commune:
            found = self._find(commune, "commune", old)
            if found.candidates and where is not None:  # «Phường 1» of its old district
                found = self._find(commune, "commune", old, where)
            unit = self._one("xa_phuong", found, problems)
            if place is not None and place.unit is None and unit is not None:
                # two old districts of one name: the commune's tells them apart
                homes = self._old_districts(unit)
                place = _narrowed(place, lambda d: (d.name, d.old_province) in homes)
            now = self._in_force(unit)
            if now is not None and unit is not None and self.era == "after" and now != unit:
                problems.append(self._former(unit, now))
                unit = now
            if unit is not None:
                names["xa_phuong"] = unit.name
            code = None if now is None else now.code
        if place is not None and (unit := self._one("quan_huyen", place, problems)):
            names["quan_huyen"] = unit.name
        return AreaReading(names, code, tuple(problems))

    def _find(
        self, text: object, level: Level, old: tuple[str, str] | None, district: str | None = None
    ) -> Resolution:
        """What a cell names; a name read as typed in a legacy encoding is tried converted,
        and candidates are told apart by the row's old province where they differ in it."""
        hints = self._hinted < HINTED_NAMES
        found = self.resolver.resolve(text, level=level, district=district, hints=hints)
        if found.unit is None and isinstance(text, str) and not text.isascii():
            legacy = legacy_name(text)  # «Cê §á»: read as typed, and warned about
            if legacy is not None:
                decoded = self.resolver.resolve(legacy.value, level=level, district=district)
                found = decoded if decoded.status != "unknown" else found
        self._hinted += found.status == "unknown"
        if found.candidates and isinstance(text, str):  # «Tân Thạnh», not «Tân Thành»
            typed_as = " " + " ".join(text.casefold().split())
            found = _narrowed(found, lambda u: typed_as.endswith(" " + u.short_name.casefold()))
        if found.candidates and old is not None:
            found = _narrowed(found, lambda u: _in_old_province(u, old))
        return found

    @staticmethod
    def _one(key: str, found: Resolution, problems: list[AreaProblem]) -> AdminUnit | None:
        """The unit found, or None with a finding at column ``key``."""
        if found.unit is None and found.candidates:
            units = {"units": _names(found.candidates)}
            problems.append(AreaProblem("ambiguous-area", key, None, units))
        elif found.unit is None:
            problems.append(_unknown(key, found))
        return found.unit

    def _former(self, unit: AdminUnit, now: AdminUnit) -> AreaProblem:
        """The finding that a commune before the reform is counted in ``now``, naming the
        other units it was divided between, if any."""
        params = {"unit": unit.name, "new": now.name}
        succession = self.units.crosswalk.successor(unit)
        if succession is not None and succession.divided:
            others = ", ".join(u.name for u in succession.also)
            params |= {"divided": "divided-into", "others": others}
        return AreaProblem("former-area", "xa_phuong", None, params)

    def _in_force(self, unit: AdminUnit | None) -> AdminUnit | None:
        """The unit in force a unit is, or went into (its main successor)."""
        if unit is None or unit.current:
            return unit
        succession = self.units.crosswalk.successor(unit)
        return None if succession is None else succession.new

    def _old_province(self, cell: object) -> tuple[str, str] | None:
        """A row's old province: its name's key, and the code of the province it is now in."""
        if not cell:
            return None
        found = self._provinces.get(cell)
        if found is None:
            now = self.units.province(str(cell))
            found = self._provinces[cell] = (typed(str(cell))[1], now.code if now else "")
        return found

    def _old_districts(self, unit: AdminUnit) -> set[tuple[str, str]]:
        """The old districts (name, province then) a commune lay in, or its predecessors."""
        olds = (unit,) if not unit.current else self.units.crosswalk.predecessors(unit)
        return {(u.district, u.old_province) for u in olds}


def _narrowed(found: Resolution, keep: Callable[[AdminUnit], bool]) -> Resolution:
    """The candidates that ``keep`` keeps: the one unit if one is left, all if none is (names
    folded alike, «Tân Thạnh» and «Tân Thành», are told apart by their diacritics)."""
    kept = tuple(c for c in found.candidates if keep(c))
    if len(kept) == 1:
        return Resolution(found.text, kept[0], kind_typed=found.kind_typed)
    return Resolution(found.text, candidates=kept or found.candidates, kind_typed=found.kind_typed)


def _in_old_province(unit: AdminUnit, old: tuple[str, str]) -> bool:
    """Whether a unit lies in a row's old province: a unit before the reform by its province
    then, a unit in force by the province the old one went into."""
    if unit.old_province:
        return typed(unit.old_province)[1] == old[0]
    return unit.province_code == old[1]


def _unknown(key: str, found: Resolution) -> AreaProblem:
    hint = found.hints[0].name if len({u.name for u in found.hints}) == 1 else None
    return AreaProblem("unknown-area", key, hint)


@functools.lru_cache(maxsize=16)
def census_areas(info: CensusInfo) -> CensusAreas:
    """The areas of the census this information sheet heads (one reader per sheet's
    information, so that each combination of cells is resolved once)."""
    return CensusAreas(info)


def read_row_areas(parsed: dict[str, Any], info: CensusInfo) -> tuple[AreaProblem, ...]:
    """The rule on one parsed row: its area cells become the units' official names and the
    commune's code (``ma_xa``); returns the findings."""
    if "xa_phuong" not in parsed:
        return ()
    reading = census_areas(info).read(*(parsed.get(key) for key in AREA_LEVELS))
    parsed.update(reading.names)
    parsed["ma_xa"] = reading.code
    return reading.problems


def screen_areas(values: Values, info: CensusInfo) -> list[int]:
    """The rule on a list's parsed columns: the rows with a finding (to be read one by one),
    and every other row's area values replaced by the units' names and codes. Each distinct
    combination of area cells is read once; the rows are mapped to it at C speed."""
    communes = values.get("xa_phuong")
    if communes is None:
        return []
    given = {key: values.get(key) for key in AREA_LEVELS}
    columns = [given[key] or repeat(None) for key in AREA_LEVELS]
    rows = list(islice(zip(*columns, strict=False), len(communes)))  # repeat() is endless
    read = census_areas(info).read
    readings = {cells: read(*cells) for cells in dict.fromkeys(rows)}
    for key, column in given.items():
        if column:
            at = _POSITION[key]
            named = {c: r.names.get(key, c[at]) for c, r in readings.items()}
            values.given[key] = list(map(named.__getitem__, rows))
    codes = {cells: reading.code for cells, reading in readings.items()}
    values.given["ma_xa"] = list(map(codes.__getitem__, rows))
    found = {cells for cells, reading in readings.items() if reading.problems}
    return list(compress(range(len(rows)), map(found.__contains__, rows))) if found else []
