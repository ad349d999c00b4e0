"""The units before the 1 July 2025 reform: the crosswalk's old communes and districts, where
each commune went (its successors), what each unit in force was made of (its predecessors),
and the roll-up of the units in force to the old districts a plan before the reform names.

The old districts are not in the list in force: they are the crosswalk's (old_district,
old_province), with no code. The crosswalk is read against the list's provinces and units,
given as data; a newer list of some provinces only leaves the others' old units out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

from ..core.text import fold
from .unit_names import (
    COMMUNE_KINDS,
    DISTRICT_KINDS,
    UnitIndex,
    as_text,
    digits,
    kind_of,
    name_index,
    typed,
)
from .unit_records import AdminUnit, Province, Succession, UnitListError, csv_rows

CROSSWALK_COLUMNS: Final = (
    "old_ward_code",
    "old_ward",
    "old_district",
    "old_province",
    "new_ward_code",
    "new_ward",
    "new_province",
)
_NULL = "NULL"


class _Reading:
    """What reading the crosswalk line by line has gathered so far."""

    def __init__(
        self, path: Path, provinces: Sequence[Province], by_code: Mapping[str, AdminUnit]
    ) -> None:
        self.path, self.by_code = path, by_code
        self.provinces: dict[str, Province] = {p.name: p for p in provinces}
        self.provinces.update({fold(p.short_name): p for p in provinces})
        self.communes: dict[str, AdminUnit] = {}
        self.successors: dict[str, list[str]] = defaultdict(list)
        self.predecessors: dict[str, list[str]] = defaultdict(list)
        self.districts: dict[tuple[str, str], AdminUnit] = {}
        self.named: dict[str, AdminUnit] = {}  # new units the list lacks (a newer list)
        self.former: dict[str, set[str]] = defaultdict(set)

    def add(self, line: int, values: list[str]) -> None:
        """One line: an old commune, its district then, and the unit in force it went into."""
        old_code, old_name, old_district, old_province, new_code, new_name, new_prov = values
        new = digits(new_code, 5)
        if new is None:
            raise UnitListError(self.path, line, "a new unit's code is not five digits", new_code)
        if old_name == _NULL and not old_code:
            return  # a special zone made of an island district without communes
        old = digits(old_code, 5)
        if old is None:
            raise UnitListError(self.path, line, "an old unit's code is not five digits", old_code)
        province = self.provinces.get(new_prov) or self.provinces.get(typed(new_prov)[1])
        if province is None:
            return  # a newer list of some provinces only: their old units are left out
        if not old_province:
            raise UnitListError(self.path, line, "no province before the reform")
        self._district(line, old_district, old_province, province)
        if new not in self.by_code and new not in self.named:
            self.named[new] = self._commune(line, new, new_name, province)
        if old not in self.communes:
            self.communes[old] = self._commune(
                line, old, old_name, province, old_district, old_province
            )
        if new not in self.successors[old]:
            self.successors[old].append(new)
            self.predecessors[new].append(old)

    def _district(self, line: int, name: str, old_province: str, province: Province) -> None:
        if (name, old_province) in self.districts:
            return
        kind = kind_of(name, DISTRICT_KINDS)
        if kind is None:
            raise UnitListError(self.path, line, "not a kind of district", name)
        self.districts[name, old_province] = AdminUnit(
            "",
            name,
            kind,
            province.code,
            province.name,
            level="district",
            old_province=old_province,
        )
        self.former[province.code].add(old_province)

    def _commune(
        self,
        line: int,
        code: str,
        name: str,
        province: Province,
        district: str = "",
        old_province: str = "",
    ) -> AdminUnit:
        kind = kind_of(name, COMMUNE_KINDS)
        if kind is None:
            raise UnitListError(self.path, line, "not a kind of commune", name)
        return AdminUnit(
            code,
            name,
            kind,
            province.code,
            province.name,
            district=district,
            old_province=old_province,
        )


class Crosswalk:
    """The communes before the reform, their districts, and where each went."""

    def __init__(
        self, path: Path, provinces: Sequence[Province], by_code: Mapping[str, AdminUnit]
    ) -> None:
        """Read the crosswalk at ``path`` against the list's ``provinces`` and units in force
        (``by_code``); raises :class:`UnitListError` naming the line that is wrong."""
        reading = _Reading(path, provinces, by_code)
        for line, values in csv_rows(path, CROSSWALK_COLUMNS):
            reading.add(line, values)
        self.path = path
        self._communes = reading.communes
        self._successors = dict(reading.successors)
        # The main predecessor first: the old unit whose code the new one kept.
        self._predecessors = {
            new: sorted(olds, key=lambda c: (c != new, c))
            for new, olds in reading.predecessors.items()
        }
        self._districts = reading.districts
        self._new_units = {**reading.named, **by_code}
        #: The provinces before the reform (their names then) by the code of the one in force.
        self.former = {code: tuple(sorted(names)) for code, names in reading.former.items()}
        #: The old communes as a resolver looks among them.
        self.index = UnitIndex(self._communes, name_index(list(self._communes.values())))
        #: The old districts by their name's key.
        self.district_index = name_index(list(self._districts.values()))

    @property
    def old_communes(self) -> tuple[AdminUnit, ...]:
        """The communes before the reform."""
        return tuple(self._communes.values())

    def old_commune(self, code: str | int) -> AdminUnit | None:
        """The commune before the reform of this code (leading zeros optional)."""
        found = digits(as_text(code), 5)
        return None if found is None else self._communes.get(found)

    def old_districts(self, province_code: str | None = None) -> list[AdminUnit]:
        """The districts before the reform (of the province in force they lie in, by its
        code), by their province then and name."""
        return sorted(
            (
                d
                for d in self._districts.values()
                if province_code is None or d.province_code == province_code
            ),
            key=lambda d: (d.old_province, d.name),
        )

    def successor(self, old: AdminUnit | str | int) -> Succession | None:
        """Where a commune before the reform went (by the unit or its code), or None if the
        crosswalk does not know it."""
        code = old.code if isinstance(old, AdminUnit) else digits(as_text(old), 5)
        unit = None if code is None else self._communes.get(code)
        if unit is None or code is None:
            return None
        main, *others = (self._new_units[c] for c in self._successors[code])
        return Succession(unit, main, tuple(others))

    def predecessors(self, new: AdminUnit | str | int) -> tuple[AdminUnit, ...]:
        """The communes before the reform that went into a unit in force, the main one (whose
        code it kept) first, then by code."""
        code = new.code if isinstance(new, AdminUnit) else digits(as_text(new), 5)
        olds = self._predecessors.get(code or "", [])
        return tuple(self._communes[c] for c in olds)

    def old_district_of(self, new: AdminUnit | str | int) -> AdminUnit | None:
        """The district before the reform of a unit's main predecessor: where a plan written
        before the reform («in each district») counts it. None when it has no predecessor
        (a special zone made of an island district)."""
        olds = self.predecessors(new)
        if not olds:
            return None
        return self._districts[olds[0].district, olds[0].old_province]

    def rollup(self, communes: Iterable[AdminUnit]) -> dict[AdminUnit, list[AdminUnit]]:
        """Units in force grouped by the old district of their main predecessor (districts
        by their province then and name, communes in the order given); those without a
        predecessor are left out."""
        groups: dict[AdminUnit, list[AdminUnit]] = defaultdict(list)
        for unit in communes:
            district = self.old_district_of(unit)
            if district is not None:
                groups[district].append(unit)
        return {d: groups[d] for d in sorted(groups, key=lambda d: (d.old_province, d.name))}
