"""Vietnam's administrative units in force since 1 July 2025: the list read and checked, its
provinces and communes by code and name, and a resolver of names over them and the units
before the reform.

Since the reform there are 34 provinces and 3,321 commune-level units (xã, phường, đặc khu)
and no districts. The list in force and the crosswalk from every commune before the reform
to the one it went into ship with ktt (``data/admin-units``, compiled from Resolution
202/2025/QH15 and the Standing Committee's resolutions of June 2025); a newer list with the
same columns can be given instead (:func:`load_units`).

How names are typed and resolved is :mod:`.unit_names`; the units before the reform are
:mod:`.crosswalk`. Nothing is read until asked: the list on the first :func:`load_units`,
the crosswalk on the first question about the old units (:attr:`UnitList.crosswalk`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from ..core.resources import admin_units_dir
from ..core.text import fold
from .crosswalk import Crosswalk
from .unit_names import (
    COMMUNE_KINDS,
    Era,
    Resolution,
    Resolver,
    UnitIndex,
    as_text,
    digits,
    kind_of,
    name_index,
    typed,
)
from .unit_records import AdminUnit, Level, Province, UnitListError, csv_rows

UNITS_FILE: Final = "units-2025.csv"
CROSSWALK_FILE: Final = "crosswalk-2025.csv"
UNITS_COLUMNS: Final = ("province_code", "province", "place_type", "ward_code", "ward")
#: The list's ``place_type`` (folded): a province, or a centrally governed city.
_PROVINCE_KINDS: Final = {
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
    "thanh pho trung uong": "thành phố",
}
#: What people type for a province that its name does not say (folded).
_PROVINCE_ALIASES: Final = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "sai gon": "ho chi minh"}

_Province = str | int | Province


class _ListReading:
    """What reading the list line by line has gathered so far: provinces and units by code,
    each with the line it was first on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.provinces: dict[str, tuple[int, Province]] = {}
        self.units: dict[str, tuple[int, AdminUnit]] = {}

    def add(self, line: int, values: list[str]) -> None:
        """One line: a unit in force and its province."""
        pcode, pname, ptype, code, name = values
        province = self._province(line, pcode, pname, ptype)
        unit_code = digits(code, 5)
        if unit_code is None:
            raise UnitListError(self.path, line, "a unit's code is not five digits", code)
        if unit_code in self.units:
            reason = f"the code is already on line {self.units[unit_code][0]}"
            raise UnitListError(self.path, line, reason, code)
        kind = kind_of(name, COMMUNE_KINDS)
        if kind is None:
            reason = "a unit's name does not start with its kind"
            raise UnitListError(self.path, line, reason, name)
        self.units[unit_code] = (line, AdminUnit(unit_code, name, kind, province.code, pname))

    def _province(self, line: int, pcode: str, pname: str, ptype: str) -> Province:
        code = digits(pcode, 2)
        if code is None:
            raise UnitListError(self.path, line, "a province code is not two digits", pcode)
        kind = _PROVINCE_KINDS.get(fold(ptype))
        if kind is None:
            raise UnitListError(self.path, line, "not a kind of province", ptype)
        if code not in self.provinces:
            self.provinces[code] = (line, Province(code, pname, kind))
        first, known = self.provinces[code]
        if known.name != pname:
            reason = f"province {code} is named {known.name!r} on line {first}"
            raise UnitListError(self.path, line, reason, pname)
        return known


class UnitList:
    """The provinces and communes in force, and (read on first use) the units before them."""

    def __init__(self, path: Path, crosswalk: Path) -> None:
        """Read the list at ``path`` (the crosswalk at ``crosswalk`` is read on first use);
        raises :class:`UnitListError` naming the line that is wrong."""
        self.path, self.crosswalk_path = path, crosswalk
        reading = _ListReading(path)
        for line, values in csv_rows(path, UNITS_COLUMNS):
            reading.add(line, values)
        if not reading.units:
            raise UnitListError(path, None, "no units")
        self._provinces = {code: p for code, (_, p) in sorted(reading.provinces.items())}
        self.by_code = {code: unit for code, (_, unit) in reading.units.items()}
        self.communes: tuple[AdminUnit, ...] = tuple(self.by_code.values())
        self._index = UnitIndex(self.by_code, name_index(self.communes))

    @functools.cached_property
    def crosswalk(self) -> Crosswalk:
        """The units before the reform, read from the crosswalk on first use."""
        return Crosswalk(self.crosswalk_path, self.provinces, self.by_code)

    @property
    def provinces(self) -> tuple[Province, ...]:
        """The provinces in force, by code."""
        return tuple(self._provinces.values())

    def province(self, text: _Province) -> Province | None:
        """The province in force that ``text`` names: its code («92», 92, «092»), its name
        with or without its kind («TP. Cần Thơ», «Cần Thơ», «can tho»), or the name of a
        province before the reform that went into it («Sóc Trăng»: reads the crosswalk)."""
        if isinstance(text, Province):
            return text
        raw = as_text(text)
        code = digits(raw, 2)
        if code is not None:
            return self._provinces.get(code)
        _, rest, whole = typed(raw)
        keys = {rest, whole}
        keys |= {_PROVINCE_ALIASES[k] for k in keys if k in _PROVINCE_ALIASES}
        for province in self._provinces.values():
            if typed(province.name)[1] in keys:
                return province
        for code, names in self.crosswalk.former.items():
            if any(typed(name)[1] in keys for name in names):
                return self._provinces[code]
        return None

    def _province_code(self, province: _Province) -> str:
        found = self.province(province)
        if found is None:
            raise LookupError(f"not a province: {province!r}")
        return found.code

    def former_provinces(self, province: _Province) -> tuple[str, ...]:
        """The provinces before the reform that went into ``province`` (their names then)."""
        return self.crosswalk.former.get(self._province_code(province), ())

    def communes_of(self, province: _Province) -> list[AdminUnit]:
        """The province's communes in force, by code (103 for Cần Thơ, «92»)."""
        code = self._province_code(province)
        return sorted((u for u in self.communes if u.province_code == code), key=lambda u: u.code)

    def commune(self, code: str | int) -> AdminUnit | None:
        """The unit in force of this code (leading zeros optional)."""
        found = digits(as_text(code), 5)
        return None if found is None else self.by_code.get(found)

    def old_districts(self, province: _Province | None = None) -> list[AdminUnit]:
        """The districts before the reform (of the province in force they lie in, if given),
        by their province then and name."""
        code = None if province is None else self._province_code(province)
        return self.crosswalk.old_districts(code)

    def rollup(self, province: _Province) -> dict[AdminUnit, list[AdminUnit]]:
        """The province's communes in force grouped by the old district of their main
        predecessor (districts by name, communes by code); communes without a predecessor
        are left out."""
        return self.crosswalk.rollup(self.communes_of(province))

    def resolver(self, province: _Province | None = None, era: Era = "after") -> Resolver:
        """A resolver of names and codes that looks in ``province`` first (raises LookupError
        if it names no province), among the units of ``era`` first."""
        code = None if province is None else self._province_code(province)
        return Resolver(self._index, self._before_index, code, era)

    def _before_index(self) -> tuple[UnitIndex, Mapping[str, list[AdminUnit]]]:
        """The communes before the reform and their old districts (reads the crosswalk)."""
        return self.crosswalk.index, self.crosswalk.district_index

    def resolve(
        self,
        text: object,
        province: _Province | None = None,
        *,
        era: Era = "after",
        level: Level | None = None,
    ) -> Resolution:
        """What one cell names: ``self.resolver(province, era).resolve(text, level=level)``."""
        return self.resolver(province, era).resolve(text, level=level)


@functools.cache
def load_units(path: Path | None = None, crosswalk: Path | None = None) -> UnitList:
    """The list of units (the bundled one, or a newer one with the same columns at ``path``),
    read once; the crosswalk (bundled unless given) is read on first use. Raises
    :class:`UnitListError` naming the line that is wrong."""
    folder = admin_units_dir()
    return UnitList(path or folder / UNITS_FILE, crosswalk or folder / CROSSWALK_FILE)
