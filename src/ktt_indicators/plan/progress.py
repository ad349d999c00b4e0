"""Progress against targets: is each target met, what gap remains, what is needed per year.

The gap is in the target's own unit (organizations, members, or a fraction for
shares) and is 0 when the target is met. For a per-area target every area is
judged on its own; the target is met when every area meets it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, field_serializer

from ..census.changes import Changes, compare_censuses
from ..census.reader import Census
from ..census.schema import Organization, RowRef
from ..core.gc_pause import paused_gc
from ..core.i18n import Lang, phrase
from ..core.text import area_key
from .indicators import Evaluation, Indicator, evaluate
from .measures import CountQuantity, SumQuantity
from .targets import Comparison, ProgressMethod, Target, TargetsFile, above
from .trend import Point, Trend, TrendStatus, assess_trend, merge_points

if TYPE_CHECKING:
    import pandas as pd

    from ..core.i18n import Lang


@dataclass(frozen=True)
class Judgement:
    met: bool | None
    gap: float | None
    above_range: bool = False


def judge(target: Target, value: float | None) -> Judgement:
    """Compare one value with a target.

    "more than" and "less than" need one more whole unit when the measure counts
    whole things (organizations, members), so the gap to "more than 80,000" from
    80,000 is 1.
    """
    if value is None or not target.has_number:
        return Judgement(None, None)  # a direction only is judged over time (trend.py)
    low, high = target.low, target.high
    step = 1.0 if is_whole(target) else 0.0
    c = target.comparison
    met = target.met_by(value)
    if c in (Comparison.AT_LEAST, Comparison.ALL):
        return Judgement(met, 0.0 if met else low - value)
    if c == Comparison.MORE_THAN:
        return Judgement(met, 0.0 if met else low - value + step)
    if c == Comparison.ABOUT:
        over = above(value, low * (1 + target.tolerance))
        return Judgement(met, 0.0 if met else low - value, over)
    if c == Comparison.BETWEEN:
        assert high is not None
        return Judgement(met, 0.0 if met else low - value, above(value, high))
    if c == Comparison.AT_MOST:
        return Judgement(met, 0.0 if met else value - low)
    if c == Comparison.LESS_THAN:
        return Judgement(met, 0.0 if met else value - low + step)
    raise ValueError(c)


def is_whole(target: Target) -> bool:
    """Whether the measure counts whole things (a count, or a sum of a whole-number column)."""
    m = target.measure
    return isinstance(m, CountQuantity) or (isinstance(m, SumQuantity) and m.whole)


def kind_of(target: Target) -> str:
    """ "count", "sum", "share" or "ratio": how the value reads."""
    m = target.measure
    if isinstance(m, CountQuantity):
        return "count"
    if isinstance(m, SumQuantity):
        return "sum"
    return "share" if target.is_share else "ratio"


class OrgRef(BaseModel):
    """An organization as it appears in a trace: code, name, form, area and where it was read."""

    model_config = ConfigDict(frozen=True)

    ma_so: str | None
    ten: str
    loai_hinh: str
    xa_phuong: str
    quan_huyen: str | None
    source: RowRef

    @field_serializer("source")
    def _source(self, source: RowRef) -> dict[str, Any]:
        return source._asdict()  # an object {file, sheet, row}, not a list


class AreaProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    area: str | None
    value: float | None
    numerator: float | None
    denominator: float | None
    met: bool | None
    gap: float | None
    above_range: bool
    #: False when shown only: no area given, or an area outside the declared ones.
    judged: bool = True
    #: Status over time in this area, where earlier censuses give it a series.
    trend: Trend | None = None


class ContextFigure(BaseModel):
    model_config = ConfigDict(frozen=True)

    label_vi: str
    label_en: str
    value: float | None


class Progress(BaseModel):
    """One target against one census: the figures a report needs, in the target's unit."""

    model_config = ConfigDict(frozen=True)

    id: str
    year: int
    title_vi: str
    title_en: str
    kind: str
    comparison: Comparison
    value: float | None
    #: None for a target with a direction only (increase, decrease).
    target: float | None
    target_high: float | None
    tolerance: float | None
    met: bool | None
    gap: float | None
    above_range: bool
    progress: float | None
    years_left: int
    per_year_needed: float | None
    numerator: float | None
    denominator: float | None
    counted: int
    missing: str | None
    info_key: str | None
    group_by: str | None
    areas: list[AreaProgress]
    areas_met: int | None
    context: list[ContextFigure]
    note_vi: str | None
    note_en: str | None
    source: str

    @property
    def areas_judged(self) -> int:
        """How many areas decide a per-area target (those shown only do not)."""
        return sum(1 for a in self.areas if a.judged)

    #: Status over time, where earlier censuses or history give a series.
    trend: Trend | None = None


def _progress_fraction(target: Target, value: float | None) -> float | None:
    """How far along: value over target (target over value where lower is better)."""
    if value is None or not target.has_number:
        return None
    if target.comparison in (Comparison.AT_MOST, Comparison.LESS_THAN):
        return 1.0 if value <= 0 else target.low / value
    return None if target.low == 0 else value / target.low


class _Verdict(NamedTuple):
    """What a target's figures say: met, the gap, above the range, areas met, how far along,
    and what is missing."""

    met: bool | None
    gap: float | None
    above_range: bool
    areas_met: int | None
    fraction: float | None
    missing: str | None


def _verdict(target: Target, overall: Indicator, areas: list[AreaProgress]) -> _Verdict:
    """Judge a target by its areas (a per-area target) or by its overall figure."""
    # Only a per-area target (group_by in the targets file) is decided by its areas; areas
    # added for display (``--by``) are judged each on its own but do not decide the target.
    judged = [a for a in areas if a.judged] if target.group_by else []
    if target.group_by and not judged and target.has_number:
        # No area to judge (the census lacks the column, or no row names one): the city's
        # total says nothing of each area, so the target is not judged.
        return _Verdict(None, None, False, None, None, overall.missing or "no-areas")
    if judged:
        met = all(a.met for a in judged) if target.has_number else None
        gaps = [a.gap if a.gap is not None else _whole_gap(target) for a in judged]
        gap = sum(gaps) if is_whole(target) else max(gaps, default=0.0)
        above = any(a.above_range for a in judged)
        met_count = sum(1 for a in judged if a.met)
        return _Verdict(met, gap, above, met_count, met_count / len(judged), overall.missing)
    j = judge(target, overall.value)
    fraction = _progress_fraction(target, overall.value)
    return _Verdict(j.met, j.gap, j.above_range, None, fraction, overall.missing)


def assess(target: Target, evaluation: Evaluation, census_year: int) -> Progress:
    """Judge one evaluated target and work out the gap and what is needed per year."""
    overall = evaluation.overall
    areas = [_area_progress(target, a.area, a.indicator, a.judged) for a in evaluation.areas]
    verdict = _verdict(target, overall, areas)
    gap = verdict.gap
    years_left = target.year - census_year
    per_year = None
    if gap is not None:
        per_year = gap / years_left if years_left > 0 else gap
    source = target.source
    return Progress(
        id=target.id,
        year=target.year,
        title_vi=target.title.vi,
        title_en=target.title.en,
        kind=kind_of(target),
        comparison=target.comparison,
        value=overall.value,
        target=target.low if target.has_number else None,
        target_high=target.high,
        tolerance=target.tolerance if target.comparison == Comparison.ABOUT else None,
        met=verdict.met,
        gap=gap,
        above_range=verdict.above_range,
        progress=verdict.fraction,
        years_left=years_left,
        per_year_needed=per_year,
        numerator=overall.numerator,
        denominator=overall.denominator,
        counted=len(overall.counted),
        missing=verdict.missing,
        info_key=overall.info_key,
        group_by=target.group_by,
        areas=areas,
        areas_met=verdict.areas_met,
        context=[
            ContextFigure(label_vi=c.label_vi, label_en=c.label_en, value=c.indicator.value)
            for c in evaluation.context
        ],
        note_vi=_note(target, evaluation, "vi"),
        note_en=_note(target, evaluation, "en"),
        source=", ".join(x for x in (source.document, source.clause) if x),
    )


def _note(target: Target, evaluation: Evaluation, lang: Lang) -> str | None:
    """The target's note, and how its areas were made of the units the census names."""
    note = getattr(target.note, lang) if target.note else None
    if evaluation.areas_note is None:
        return note
    said = phrase(f"plan.{evaluation.areas_note}", lang)
    return f"{note} {said}" if note else said


def _whole_gap(target: Target) -> float:
    """The gap of an area with no value: the whole target (none for a direction only)."""
    return target.low if target.has_number else 0.0


def _area_progress(target: Target, area: str | None, ind: Indicator, judged: bool) -> AreaProgress:
    j = judge(target, ind.value) if judged else Judgement(None, None)
    return AreaProgress(
        area=area,
        value=ind.value,
        numerator=ind.numerator,
        denominator=ind.denominator,
        met=j.met,
        gap=j.gap,
        above_range=j.above_range,
        judged=judged,
    )


class LeftOut(BaseModel):
    """Rows and files left out of the figures (with --skip-invalid)."""

    model_config = ConfigDict(frozen=True)

    file: str
    rows: list[int]
    whole_file: bool


class GapReport(BaseModel):
    """Progress against every selected target of a targets file, for one census."""

    model_config = ConfigDict(frozen=True)

    plan_id: str
    plan_title: str
    year: int | None
    census_year: int
    files: list[str]
    organizations: int
    left_out: list[LeftOut]
    targets: list[Progress]
    #: What changed since the year before, when ``earlier`` holds it (:mod:`.changes`).
    changes: Changes | None = None

    def records(self, lang: Lang = "vi") -> list[dict[str, Any]]:
        """One dict per target: value, target, gap, met, progress… (see
        :mod:`.progress_records`)."""
        from .records import progress_records

        return progress_records(self, lang)

    def to_frame(self, lang: Lang = "vi") -> pd.DataFrame:
        """:meth:`records` as a pandas DataFrame, indexed by target id (needs
        ``ktt-indicators[pandas]``)."""
        from ..core.frames import to_frame
        from .records import PROGRESS_COLUMNS

        return to_frame(self.records(lang), PROGRESS_COLUMNS).set_index("id")


class InvalidCensusError(ValueError):
    """A gap report was asked of a census with errors (or unreadable files), which
    ``ktt gap`` refuses too. ``census`` is the census; ``errors`` its error findings.
    Pass ``skip_invalid=True`` to count it anyway, as ``ktt gap --skip-invalid`` does."""

    def __init__(self, census: Census) -> None:
        self.census = census
        self.errors = [x for f in census.files for x in f.errors]
        bad = sum(1 for f in census.files if not f.valid)
        super().__init__(
            f"the census has {len(self.errors)} errors in {bad} of {len(census.files)} files "
            "(census.findings lists them; skip_invalid=True leaves the rows with errors out)"
        )


@paused_gc()
def gap_report(
    targets: TargetsFile,
    census: Census,
    census_year: int | None = None,
    year: int | None = None,
    *,
    earlier: Mapping[int, Census] | None = None,
    history: Mapping[str, list[Point]] | None = None,
    by: str | None = None,
    skip_invalid: bool = False,
) -> GapReport:
    """Assess every target of ``year`` (all years when None) against the census.

    The figures are those of ``ktt gap`` on the same files: when the census holds files of
    several reporting years, the latest (or ``census_year``) is the census counted and the
    earlier ones give each target its series (:meth:`.Census.by_year`), unless ``earlier``
    is given, in which case ``census`` is counted whole. ``census_year`` defaults to the
    census's latest reporting year. ``earlier`` censuses (by year) and aggregate
    ``history`` (by target id) give each target a series, from which its status over time
    is judged (:mod:`.trend`).

    A census with errors is refused with :class:`InvalidCensusError`, as ``ktt gap``
    refuses it; with ``skip_invalid`` its rows with errors and its unusable files are left
    out and listed in :attr:`GapReport.left_out` (``ktt gap --skip-invalid``). Raises
    ValueError when no file gives a reporting year and ``census_year`` is None.
    """
    if not skip_invalid and not census.valid:
        raise InvalidCensusError(census)
    if earlier is None and len(census.years) > 1:
        census_year, census, earlier = census.by_year(census_year)
    elif census_year is None:
        census_year = census.by_year()[0]
    progress = []
    universes: dict[str, list[Organization]] = {}  # most targets share one universe
    for t in targets.for_year(year):
        shown_t, evaluation = _evaluate(t, targets, census, by, universes)
        p = assess(t, evaluation, census_year)
        if earlier or history:
            p = _over_time(t, shown_t, p, targets, census_year, earlier or {}, history or {})
        progress.append(p)
    last_year = (earlier or {}).get(census_year - 1)
    changes = compare_censuses(last_year, census) if last_year is not None else None
    return GapReport(
        changes=changes,
        plan_id=targets.plan.id,
        plan_title=targets.plan.title,
        year=year,
        census_year=census_year,
        files=[f.path for f in census.files],
        organizations=len(census.organizations),
        left_out=_left_out(census),
        targets=progress,
    )


def _evaluate(
    t: Target,
    targets: TargetsFile,
    census: Census,
    by: str | None,
    universes: dict[str, list[Organization]],
) -> tuple[Target, Evaluation]:
    """The target as shown (by the areas of ``by`` where it has none of its own) and its
    evaluation; areas added for display are judged only where the value is a share or ratio."""
    if by is not None and t.group_by is None:
        shown_t = t.model_copy(update={"group_by": by})
        judged = not is_whole(t) and kind_of(t) in ("share", "ratio")
        return shown_t, evaluate(shown_t, targets, census, judge_areas=judged, universes=universes)
    return t, evaluate(t, targets, census, universes=universes)


def _over_time(
    t: Target,
    shown_t: Target,
    p: Progress,
    targets: TargetsFile,
    census_year: int,
    earlier: Mapping[int, Census],
    history: Mapping[str, list[Point]],
) -> Progress:
    """``p`` with its status over time, from the earlier censuses and the history file, and
    each area's where earlier censuses give it a series."""
    past_evaluations = [
        (y, evaluate(shown_t, targets, past)) for y, past in sorted(earlier.items())
    ]
    observed = [
        Point(year=y, value=ev.overall.value, source="census")
        for y, ev in past_evaluations
        if ev.overall.value is not None
    ]
    if p.value is not None:
        observed.append(Point(year=census_year, value=p.value, source="census"))
    points = merge_points(observed, list(history.get(t.id, [])))
    method = targets.progress
    if t.group_by and t.has_number:
        trend = _areas_met_trend(t, p, past_evaluations, census_year, method)
        alone = trend is not None and trend.status == TrendStatus.INSUFFICIENT_DATA
        if trend is not None and alone and history.get(t.id):
            trend = trend.model_copy(update={"reason": "history-per-area"})
    else:
        trend = assess_trend(points, t, method)
    update: dict[str, Any] = {"trend": trend}
    if p.areas and past_evaluations:
        update["areas"] = _area_trends(t, p, past_evaluations, census_year, method)
    return p.model_copy(update=update)


def _left_out(census: Census) -> list[LeftOut]:
    """The files left out whole and the rows left out of the others (``skip_invalid``)."""
    return [
        LeftOut(file=f.path, rows=[] if f.unusable else f.rejected_rows, whole_file=f.unusable)
        for f in census.files
        if f.unusable or f.rejected_rows
    ]


class Trace(NamedTuple):
    """What a target's figure counted (:func:`trace`): the organizations ``counted``, and
    those of its ``denominator`` when the denominator is a set of organizations (a share),
    else an empty list."""

    counted: list[OrgRef]
    denominator: list[OrgRef]

    def records(self) -> list[dict[str, Any]]:
        """One dict per organization: of the denominator (each with ``in_numerator``) where
        there is one, else of those counted; where each was read as ``file``, ``sheet``,
        ``row``."""
        from .records import orgref_records

        return orgref_records(self.counted, self.denominator)

    def to_frame(self) -> pd.DataFrame:
        """:meth:`records` as a pandas DataFrame (needs ``ktt-indicators[pandas]``)."""
        from ..core.frames import to_frame
        from .records import ORGREF_COLUMNS

        columns = (*ORGREF_COLUMNS, "in_numerator") if self.denominator else ORGREF_COLUMNS
        return to_frame(self.records(), columns)


def _areas_met_trend(
    target: Target,
    p: Progress,
    past: list[tuple[int, Evaluation]],
    census_year: int,
    method: ProgressMethod,
) -> Trend | None:
    """A per-area target's status over time: the share of its judged areas that meet it,
    year by year, against all of them by the target year. Its city-wide figure is not what
    the target asks for (1–2 exemplary HTX in each district is not 9–18 in the city), and a
    history file's city-wide figures cannot say how many areas met it, so only censuses
    give this series. A share, not a count, so that years with other areas (districts
    merged or abolished) compare: 5 of 9 is less than 2 of 3. None when no area is judged
    this year."""
    if not p.areas_judged:
        return None
    points = []
    for year, ev in past:
        then = assess(target, ev, year)
        if then.areas_met is not None and then.areas_judged:
            share = then.areas_met / then.areas_judged
            points.append(Point(year=year, value=share, source="census"))
    share = (p.areas_met or 0) / p.areas_judged
    points.append(Point(year=census_year, value=share, source="census"))
    every = target.model_copy(update={"comparison": Comparison.ALL, "value": None})
    trend = assess_trend(points, every, method)
    if trend is None:
        return None
    projected = None if trend.projected is None else max(0.0, min(trend.projected, 1.0))
    return trend.model_copy(update={"series": "areas_met", "projected": projected})


def _area_trends(
    target: Target,
    p: Progress,
    past: list[tuple[int, Evaluation]],
    census_year: int,
    method: ProgressMethod,
) -> list[AreaProgress]:
    """Each judged area's status over time, from the censuses of earlier years (history
    files hold city-wide figures only). An area matches across years by its name, tolerantly."""
    series: dict[str, list[Point]] = {}
    for year, ev in past:
        for shown in ev.areas:
            if shown.area is not None and shown.indicator.value is not None:
                point = Point(year=year, value=shown.indicator.value, source="census")
                series.setdefault(area_key(shown.area), []).append(point)
    areas: list[AreaProgress] = []
    for a in p.areas:
        if a.area is None or not a.judged:
            areas.append(a)
            continue
        points = list(series.get(area_key(a.area), []))
        if a.value is not None:
            points.append(Point(year=census_year, value=a.value, source="census"))
        trend = assess_trend(points, target, method)
        areas.append(a.model_copy(update={"trend": trend}))
    return areas


def trace(target: Target | str, targets: TargetsFile, census: Census) -> Trace:
    """The organizations a target's figure counted, and those of its denominator (if a set),
    as ``ktt gap --explain`` lists them. ``target`` is a target of ``targets`` or its id
    (KeyError if there is none). Of a census of several reporting years, the latest is
    traced, as ``ktt gap --explain`` does."""
    if isinstance(target, str):
        found = targets.get(target)
        if found is None:
            raise KeyError(target)
        target = found
    if len(census.years) > 1:
        census = census.by_year()[1]
    ev = evaluate(target, targets, census)

    def refs(orgs: list[Organization]) -> list[OrgRef]:
        return [
            OrgRef(
                ma_so=o.ma_so,
                ten=o.ten,
                loai_hinh=o.loai_hinh.value,
                xa_phuong=o.xa_phuong,
                quan_huyen=o.quan_huyen,
                source=o.source,
            )
            for o in orgs
        ]

    return Trace(refs(ev.overall.counted), refs(ev.overall.base))
