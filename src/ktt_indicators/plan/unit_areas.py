"""How a per-area target sees an organization's area: by the administrative unit it lies in.

- ``xa_phuong``: the commune in force (by the record's ``ma_xa``), so that a census of the
  units before 1 July 2025 is counted in the communes they went into (and the report says
  so), and a census after it by its communes however typed; a commune that is no unit, as
  typed.
- ``quan_huyen``: the old district typed (in a census before the reform, the district of
  then); where a census after the reform (there are no districts any more) gives none, the
  old district of the main predecessor of the organization's commune in force, as a plan
  written before the reform («in each district») counts it, and the report says so beside
  the figure.
- anything else (``tinh_cu``): as read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

from ..census.area_units import census_era, unit_list

if TYPE_CHECKING:
    from ..census.reader import Census
    from ..census.schema import CensusInfo, Organization

AreaOf = Callable[["Organization"], Any]
#: What the report says beside a per-area figure (the phrase ``plan.<note>``).
AreasNote = Literal["rolled-up", "mapped"]


def _after_reform(infos: Sequence[CensusInfo]) -> bool:
    return bool(infos) and all(census_era(info) == "after" for info in infos)


def area_of(column: str, census: Census) -> tuple[AreaOf, AreasNote | None]:
    """How the organizations of ``census`` are put in areas of ``column``, and what is to be
    said beside the figure: that communes were rolled up to the old districts, or old
    communes taken as the communes in force they went into."""
    getter: AreaOf = attrgetter(column)
    if column not in ("xa_phuong", "quan_huyen"):
        return getter, None
    units = unit_list()
    after = _after_reform([f.info for f in census.files if not f.unusable])
    if column == "xa_phuong":

        def commune(org: Organization) -> Any:
            unit = units.commune(org.ma_xa) if org.ma_xa else None
            return org.xa_phuong if unit is None else unit.name

        mapped = not after and any(commune(o) != o.xa_phuong for o in census.organizations)
        return commune, "mapped" if mapped else None
    if not after:
        return getter, None
    orgs = census.organizations
    if not any(o.quan_huyen is None and o.ma_xa is not None for o in orgs):
        return getter, None
    districts: dict[str, str | None] = {}

    def district(org: Organization) -> Any:
        code = org.ma_xa
        if org.quan_huyen is not None or code is None:
            return org.quan_huyen
        if code not in districts:
            old = units.crosswalk.old_district_of(code)
            districts[code] = None if old is None else old.name
        return districts[code]

    return district, "rolled-up"
