"""What changed since last year: two consecutive censuses, organization by organization.

Organizations are matched by their code (``ma_so``); an organization without a code (many
THT), or whose code is not in the other year's list, is matched by its name and commune
(both folded; the commune by its code where it is a unit, else without its «Xã»/«Phường»
prefix) against the other year's organizations that have no code of their own there. Such a
match is said to be by name. Across the reform of 1 July 2025 (last year's census of the
units before it, this year's of those in force), last year's communes are the units they
went into (their ``ma_xa``, :mod:`.area_units`), and the changes say so (``across_reform``).

Each organization of either year lands in at most one group, by legal form:

- ``new``: in this year's list, not in last year's;
- ``dissolved``: not dissolved last year, listed as dissolved («Đã giải thể») now;
- ``vanished``: in last year's list (not dissolved there), absent from this year's: it
  quietly lowers every count, so it is also a warning finding of the later year
  (``vanished-since-last-year``, naming last year's file and row);
- ``status_changed``: any other change of status (active → suspended, …).

Pure data: the census records in, the groups out; no file is read here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from pydantic import BaseModel, ConfigDict

from ..core.text import area_key, fold
from .area_units import census_era
from .findings import Finding, severity_of
from .reader import Census, CensusFile
from .schema import LegalForm, Organization, Status
from .unit_names import Era

#: The groups, in the order the reports show them.
GROUPS = ("new", "dissolved", "vanished", "status_changed")
FORMS = tuple(f.value for f in LegalForm)
VANISHED = "vanished-since-last-year"


class Change(BaseModel):
    """One organization of a group: who it is, where each year's list has it, and how it
    was matched (``by_name``: no code to match by)."""

    model_config = ConfigDict(frozen=True)

    code: str | None
    name: str
    commune: str
    form: str
    by_name: bool = False
    before: str | None = None  # last year's status
    after: str | None = None  # this year's status
    last_file: str | None = None
    last_sheet: str | None = None
    last_row: int | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None


class Changes(BaseModel):
    """The changes from ``from_year``'s census to ``to_year``'s, each group in list order."""

    model_config = ConfigDict(frozen=True)

    from_year: int
    to_year: int
    from_files: list[str]
    new: list[Change]
    dissolved: list[Change]
    vanished: list[Change]
    status_changed: list[Change]
    #: Pairs matched in all (by code or by name), and of them by name.
    matched: int = 0
    matched_by_name: int = 0
    #: Last year's census listed the units before the reform, this year's those in force:
    #: last year's communes were matched as the units they went into.
    across_reform: bool = False

    def group(self, name: str) -> list[Change]:
        return list(getattr(self, name))

    def counts(self) -> dict[str, dict[str, int]]:
        """Group → legal form → how many (every form present, zeros included)."""
        return {g: {f: sum(1 for c in self.group(g) if c.form == f) for f in FORMS} for g in GROUPS}


def _name_key(org: Organization) -> tuple[str, str]:
    """An organization as matched by name: its name and its commune in force (by code)."""
    return fold(org.ten), org.ma_xa or area_key(org.xa_phuong)


def _change(
    org: Organization,
    *,
    last: Organization | None = None,
    now: Organization | None = None,
    by_name: bool = False,
) -> Change:
    return Change(
        code=org.ma_so,
        name=org.ten,
        commune=org.xa_phuong,
        form=str(org.loai_hinh),
        by_name=by_name,
        before=str(last.tinh_trang) if last is not None else None,
        after=str(now.tinh_trang) if now is not None else None,
        last_file=last.source.file if last is not None else None,
        last_sheet=last.source.sheet if last is not None else None,
        last_row=last.source.row if last is not None else None,
        file=now.source.file if now is not None else None,
        sheet=now.source.sheet if now is not None else None,
        row=now.source.row if now is not None else None,
    )


#: A matched pair: (index in last year's list, index in this year's, matched by name).
_Pair = tuple[int, int, bool]


def _match_by_code(
    last: Sequence[Organization], now: Sequence[Organization], matched_last: bytearray
) -> tuple[list[_Pair], list[int]]:
    """This year's organizations matched to last year's by code; those left unmatched."""
    by_code: dict[str, int] = {}
    for i, org in enumerate(last):
        if org.ma_so:
            by_code.setdefault(org.ma_so, i)
    pairs: list[_Pair] = []
    unmatched_now: list[int] = []
    for k, org in enumerate(now):
        hit = by_code.get(org.ma_so) if org.ma_so else None
        if hit is not None and not matched_last[hit]:
            matched_last[hit] = 1
            pairs.append((hit, k, False))
        else:
            unmatched_now.append(k)
    return pairs, unmatched_now


def _match_by_name(
    last: Sequence[Organization],
    now: Sequence[Organization],
    unmatched_now: list[int],
    matched_last: bytearray,
) -> tuple[list[_Pair], list[int]]:
    """By name and commune, where one side has no code to match by; those still unmatched."""
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, org in enumerate(last):
        if not matched_last[i]:
            by_name.setdefault(_name_key(org), []).append(i)
    pairs: list[_Pair] = []
    still: list[int] = []
    for k in unmatched_now:
        org = now[k]
        candidates = by_name.get(_name_key(org), [])
        free = (i for i in candidates if not matched_last[i])
        found = next((i for i in free if not (org.ma_so and last[i].ma_so)), None)
        if found is None:
            still.append(k)
        else:
            matched_last[found] = 1
            pairs.append((found, k, True))
    return pairs, still


def compare(
    last: Sequence[Organization],
    now: Sequence[Organization],
    *,
    from_year: int,
    to_year: int,
    from_files: Iterable[str] = (),
    last_era: Era = "after",
) -> Changes:
    """The changes from last year's organizations to this year's (see the module docstring);
    ``last_era`` "before": last year's list names the units before the reform."""
    matched_last = bytearray(len(last))
    pairs, unmatched_now = _match_by_code(last, now, matched_last)
    if unmatched_now:
        named, unmatched_now = _match_by_name(last, now, unmatched_now, matched_last)
        pairs += named
    dissolved: list[Change] = []
    changed: list[Change] = []
    for i, k, by_name in sorted(pairs, key=lambda p: p[1]):
        before, after = last[i].tinh_trang, now[k].tinh_trang
        if before == after:
            continue
        change = _change(now[k], last=last[i], now=now[k], by_name=by_name)
        (dissolved if after == Status.DISSOLVED else changed).append(change)
    vanished = [
        _change(org, last=org, by_name=not org.ma_so)
        for i, org in enumerate(last)
        if not matched_last[i] and org.tinh_trang != Status.DISSOLVED
    ]
    return Changes(
        from_year=from_year,
        to_year=to_year,
        from_files=list(dict.fromkeys(from_files)),
        new=[_change(now[k], now=now[k]) for k in unmatched_now],
        dissolved=dissolved,
        vanished=vanished,
        status_changed=changed,
        matched=len(pairs),
        matched_by_name=sum(1 for p in pairs if p[2]),
        across_reform=last_era == "before",
    )


def _listed(census: Census) -> list[Organization]:
    """Every organization a census lists, the dissolved ones included (they are records)."""
    return list(census.organizations)


def compare_censuses(last: Census, now: Census) -> Changes | None:
    """The changes between two censuses of consecutive years, or None when they are not."""
    years_last, years_now = last.years, now.years
    if not years_last or not years_now or years_now[-1] - years_last[-1] != 1:
        return None
    return compare(
        _listed(last),
        _listed(now),
        from_year=years_last[-1],
        to_year=years_now[-1],
        from_files=[f.path for f in last.files if not f.unusable],
        last_era=_era(last) if _era(now) == "after" else "after",
    )


def _era(census: Census) -> Era:
    """Which units a census's lists name (its first usable file's, as :func:`census_era`)."""
    usable = [f for f in census.files if not f.unusable] or census.files
    return census_era(usable[0].info) if usable else "after"


def changes_of(census: Census, year: int | None = None) -> Changes | None:
    """The changes into ``year`` (default: the census's latest) from the year before, when
    the census holds both years."""
    years = census.years
    if not years:
        return None
    year = years[-1] if year is None else year
    if year - 1 not in years or year not in years:
        return None
    return compare_censuses(census.of_year(year - 1), census.of_year(year))


def _homes(files: list[CensusFile]) -> dict[str, CensusFile]:
    """Commune (as :func:`.text.area_key` folds it) → the later year's file listing most of
    its organizations: where a vanished organization of that commune is reported."""
    counts: dict[str, dict[int, int]] = {}
    for n, f in enumerate(files):
        for org in f.organizations:
            per_file = counts.setdefault(area_key(org.xa_phuong), {})
            per_file[n] = per_file.get(n, 0) + 1
    return {
        commune: files[max(per_file, key=lambda n: (per_file[n], -n))]
        for commune, per_file in counts.items()
    }


def vanished_finding(change: Change, file: str) -> Finding:
    """The warning, in the later year's ``file``, that an organization vanished."""
    return Finding(
        code=VANISHED,
        severity=severity_of(VANISHED),
        file=file,
        value=change.code or change.name,
        params={
            "name": change.name,
            "code": change.code or "-",
            "commune": change.commune,
            "last_file": change.last_file or "",
            "last_sheet": change.last_sheet or "",
            "last_row": str(change.last_row or ""),
            "by_name": "yes" if change.by_name else "no",
        },
    )


def with_change_findings(census: Census) -> Census:
    """``census`` with a ``vanished-since-last-year`` warning in the later year's files for
    each organization of the year before that they no longer list, for every two consecutive
    years the census holds. A census of one year is returned as it is."""
    years = census.years
    pairs = [(y - 1, y) for y in years if y - 1 in years]
    if not pairs:
        return census
    extra: dict[str, list[Finding]] = {}
    for before, year in pairs:
        changes = compare_censuses(census.of_year(before), census.of_year(year))
        if changes is None or not changes.vanished:
            continue
        later = [f for f in census.files if f.info.nam_bao_cao == year and not f.unusable]
        if not later:
            continue
        homes = _homes(later)
        for change in changes.vanished:
            home = homes.get(area_key(change.commune), later[0])
            extra.setdefault(home.path, []).append(vanished_finding(change, home.path))
    if not extra:
        return census
    files = [
        replace(f, findings=f.findings + extra[f.path]) if f.path in extra else f
        for f in census.files
    ]
    return Census(files=files)
