"""Who has not sent, when the units that must report are a province's communes by code.

``--expected 92`` (or «Cần Thơ», or the word «tỉnh» for the province the censuses name
themselves) expects every commune in force of the province (103 for Cần Thơ). A submission
is matched to its commune by the unit it names before its file's name: its «Đơn vị báo
cáo» («UBND xã Thới Lai», «UBND phường Cái Khế»), else the one commune all its rows lie in,
else its file's name («Thới Lai.xlsx», «Cờ Đỏ đợt 2.xlsx»). A district («UBND huyện Thới
Lai») is never taken for the commune of its name: there are no districts since 1 July 2025.

The result has the shape of :func:`.expected.match_units`; each unit is labelled with its
name and code («Xã Thới Lai (31258)»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from ..core.text import fold
from .area_units import census_era, census_province, unit_list
from .expected import Submission
from .schema import CensusInfo, Organization
from .unit_names import DISTRICT_KINDS, Resolver
from .unit_records import AdminUnit, Province

#: What ``--expected`` says for the province the censuses name themselves (folded).
OWN_PROVINCE: Final = frozenset({"tinh", "province"})
_BRACKETS = re.compile(r"\([^)]*\)|\[[^]]*\]")


@dataclass(frozen=True)
class ProvinceUnits:
    """The units that must report are the communes of ``province`` (None: the province the
    censuses' information sheets name)."""

    province: Province | None = None


def province_units(text: str) -> ProvinceUnits | None:
    """What ``--expected`` names when it is no file: a province by its code or name, or the
    censuses' own; None when it names none."""
    if fold(text) in OWN_PROVINCE:
        return ProvinceUnits()
    province = unit_list().province(text)
    return None if province is None else ProvinceUnits(province)


def default_units(infos: Sequence[CensusInfo]) -> ProvinceUnits | None:
    """Who must report when ``--expected`` is not given: the communes of the one province
    the censuses name, when each dated census is after the 1 July 2025 reform (at least one
    dated); None otherwise (the districts that reported before it are no such list)."""
    units = unit_list()
    dated = [info for info in infos if info.as_of is not None]
    if not dated or any(census_era(info) == "before" for info in dated):
        return None
    provinces = {p.code: p for info in infos if (p := census_province(info, units)) is not None}
    return ProvinceUnits(*provinces.values()) if len(provinces) == 1 else None


def label(unit: AdminUnit) -> str:
    """How a unit is listed: «Xã Thới Lai (31258)»."""
    return f"{unit.name} ({unit.code})"


def _commune(resolver: Resolver, text: str, province: Province) -> AdminUnit | None:
    """The commune in force of ``province`` that ``text`` names, never a district."""
    found = resolver.resolve(text, level="commune")
    unit = found.unit
    if unit is None or found.kind_typed in DISTRICT_KINDS or not unit.current:
        return None
    return unit if unit.province_code == province.code else None


def _by_file_name(resolver: Resolver, path: str, province: Province) -> AdminUnit | None:
    """The commune a file is named after: its name without brackets, or its first words
    («Cờ Đỏ đợt 2»: the longest that is a commune)."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = _BRACKETS.sub(" ", stem).replace("_", " ").replace("-", " ").split()
    for end in range(len(words), 0, -1):
        unit = _commune(resolver, " ".join(words[:end]), province)
        if unit is not None:
            return unit
    return None


def communes_of(organizations: Sequence[Organization]) -> tuple[str, ...]:
    """The codes of the communes in force that ``organizations`` lie in."""
    return tuple(sorted({o.ma_xa for o in organizations if o.ma_xa}))


def own_commune(
    unit: str | None, organizations: Sequence[Organization], province_code: str
) -> AdminUnit | None:
    """The commune of ``province_code`` a census names itself (its «Đơn vị báo cáo»
    ``unit``, else the one commune its organizations lie in); None when it names none."""
    units = unit_list()
    province = units.province(province_code)
    if province is None:
        return None
    submission = Submission("", unit, communes=communes_of(organizations))
    named = named_unit(units.resolver(province), submission, province)
    return None if named == "district" else named


def named_unit(
    resolver: Resolver, submission: Submission, province: Province
) -> AdminUnit | Literal["district"] | None:
    """The commune a submission names itself: its reporting unit, else the one commune all
    its rows lie in; ``"district"`` for a district's submission; None when it names none."""
    if submission.unit:
        unit = _commune(resolver, submission.unit, province)
        if unit is not None:
            return unit
        if resolver.resolve(submission.unit, level="district").unit is not None:
            return "district"  # a district's submission: no commune's
    if len(submission.communes) == 1:
        unit = unit_list().commune(submission.communes[0])
        if unit is not None and unit.province_code == province.code:
            return unit
    return None


def submission_unit(
    resolver: Resolver, submission: Submission, province: Province
) -> AdminUnit | None:
    """The commune a submission is from: by its reporting unit, its rows, then its name."""
    named = named_unit(resolver, submission, province)
    if named == "district":
        return None
    if named is not None:
        return named
    return _by_file_name(resolver, submission.path, province)


def match_communes(
    expected: ProvinceUnits, submissions: Sequence[Submission], infos: Sequence[CensusInfo]
) -> dict[str, Any]:
    """Who has sent and who has not among the province's communes (the province of the
    first census that names one when ``expected`` does not): ``province``, ``expected``,
    ``missing``, ``unexpected``, ``several`` and ``received`` as :func:`.match_units`."""
    units = unit_list()
    province = expected.province or next(
        (p for info in infos if (p := census_province(info, units)) is not None), None
    )
    if province is None:
        return {"province": None, "expected": 0, "missing": [], "received": {}, "several": [],
                "unexpected": [{"file": s.path, "unit": s.unit} for s in submissions]}  # fmt: skip
    communes = units.communes_of(province)
    resolver = units.resolver(province)
    received: dict[str, list[str]] = {label(u): [] for u in communes}
    unexpected = []
    for s in submissions:
        unit = submission_unit(resolver, s, province)
        if unit is None:
            unexpected.append({"file": s.path, "unit": s.unit})
        else:
            received[label(unit)].append(s.path)
    return {
        "province": f"{province.name} ({province.code})",
        "expected": len(communes),
        "missing": [u for u, files in received.items() if not files],
        "unexpected": unexpected,
        "several": [{"unit": u, "files": f} for u, f in received.items() if len(f) > 1],
        "received": {u: f for u, f in received.items() if f},
    }
