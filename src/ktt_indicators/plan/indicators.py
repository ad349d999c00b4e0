"""The indicator engine: a target's measure evaluated over a census.

Every value keeps the organizations it counted (numerator and denominator),
so that any figure can be traced back to rows of the input files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from operator import attrgetter
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, SkipValidation

from ..census.reader import Census
from ..census.schema import COLUMNS_BY_KEY, Organization
from ..core.text import area_key, fold
from .measures import (
    Condition,
    CountQuantity,
    Filter,
    InfoQuantity,
    Measure,
    RatioMeasure,
    ShareMeasure,
    SumQuantity,
)
from .targets import AREA_COLUMNS, Target, TargetsFile
from .unit_areas import AreasNote, area_of


class Indicator(BaseModel):
    """The value of a measure over one set of organizations.

    For a share or ratio, ``numerator`` and ``denominator`` are given and
    ``value`` is their quotient (None when the denominator is 0 or missing).
    ``counted`` are the organizations of the numerator (or of the count or
    sum); ``base`` those of the denominator, where it is a set of organizations.
    """

    model_config = ConfigDict(frozen=True)

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    # The census built these records: validating them again would rebuild every one, for
    # every target (seconds at national scale).
    counted: Annotated[list[Organization], SkipValidation] = []
    base: Annotated[list[Organization], SkipValidation] = []
    info_key: str | None = None
    #: Why there is no value: "empty-denominator" or "missing-info".
    missing: str | None = None


class AreaIndicator(BaseModel):
    """The indicator in one area (e.g. one former district). ``area`` None: not given."""

    model_config = ConfigDict(frozen=True)

    area: str | None
    indicator: Indicator
    #: False for organizations with no area, and for areas outside a target's declared
    #: ``areas``: they are shown, but the target is not judged on them.
    judged: bool = True


class ContextValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    label_vi: str
    label_en: str
    indicator: Indicator


class Evaluation(BaseModel):
    """A target's measure over the whole census, per area where it has group_by, and its context."""

    model_config = ConfigDict(frozen=True)

    target_id: str
    overall: Indicator
    areas: list[AreaIndicator] = []
    context: list[ContextValue] = []
    #: How the areas were made of the units the census names (:mod:`.unit_areas`), to be said
    #: beside the figure: communes rolled up to their old districts, old communes mapped.
    areas_note: AreasNote | None = None


def condition_matches(cond: Condition, value: Any) -> bool:
    """Whether one column's value meets a condition."""
    if cond.any_of is not None and value not in cond.any_of:
        return False
    if cond.not_ is not None and value in cond.not_:
        return False
    if cond.empty is not None and (value is None) != cond.empty:
        return False
    bounds: list[tuple[float | None, Callable[[float, float], bool]]] = [
        (cond.gt, lambda x, b: x > b),
        (cond.gte, lambda x, b: x >= b),
        (cond.lt, lambda x, b: x < b),
        (cond.lte, lambda x, b: x <= b),
    ]
    for bound, ok in bounds:
        if bound is not None and (value is None or not ok(value, bound)):
            return False
    if cond.from_ is not None and (value is None or value < cond.from_):
        return False
    return not (cond.to is not None and (value is None or value > cond.to))


_STANDARD = frozenset(Organization._fields)


def column_getter(column: str) -> Callable[[Organization], Any]:
    """How a record's value of a column is read: a field of the record, or a column the
    targets file declared (kept in the record's ``extra``)."""
    if column in _STANDARD:
        return attrgetter(column)
    return lambda org: org.extra.get(column) if org.extra else None


def _text_key(column: str) -> Callable[[Any], Any] | None:
    """How a text column is compared: area names without their prefix, other text folded."""
    col = COLUMNS_BY_KEY.get(column)
    if col is None or col.kind != "text":  # declared columns are never free text
        return None
    keyed = area_key if column in AREA_COLUMNS else fold
    return lambda value: None if value is None else keyed(value)


def select(orgs: Iterable[Organization], flt: Filter) -> list[Organization]:
    """The organizations that meet every condition of ``flt``.

    Text columns compare tolerantly: "can tho" is Cần Thơ, "Q. Ninh Kiều" is Ninh Kiều.
    """
    checks: list[tuple[str, Condition, Callable[[Any], Any] | None]] = []
    for column, cond in flt.conditions.items():
        key = _text_key(column)
        if key is not None:
            cond = cond.model_copy(update={
                name: tuple(key(x) for x in values)
                for name in ("any_of", "not_") if (values := getattr(cond, name)) is not None
            })  # fmt: skip
        checks.append((column, cond, key))
    chosen = list(orgs)
    for column, cond, key in checks:
        # A condition looks at one value: decide it once per distinct value of the column.
        values = list(map(column_getter(column), chosen))
        distinct = set(values)
        passing = {x for x in distinct if condition_matches(cond, key(x) if key else x)}
        if len(passing) < len(distinct):
            chosen = list(compress(chosen, map(passing.__contains__, values)))
    return chosen


def _quantity(
    q: CountQuantity | SumQuantity | InfoQuantity, orgs: Sequence[Organization], census: Census
) -> Indicator:
    if isinstance(q, CountQuantity):
        chosen = select(orgs, q.count)
        return Indicator(value=float(len(chosen)), counted=chosen)
    if isinstance(q, SumQuantity):
        chosen = select(orgs, q.where)
        value_of = column_getter(q.sum)
        total = sum(float(value_of(o) or 0) for o in chosen)
        return Indicator(value=total, counted=chosen)
    value = census.info_value(q.info)
    return Indicator(value=value, info_key=q.info, missing=None if value else "missing-info")


def evaluate_measure(measure: Measure, orgs: Sequence[Organization], census: Census) -> Indicator:
    """The value of ``measure`` over ``orgs`` (already restricted to the universe)."""
    if isinstance(measure, CountQuantity | SumQuantity):
        return _quantity(measure, orgs, census)
    if isinstance(measure, ShareMeasure):
        base = select(orgs, measure.share.denominator)
        counted = select(base, measure.share.numerator)
        return _quotient(float(len(counted)), float(len(base)), counted, base, None)
    if isinstance(measure, RatioMeasure):
        num = _quantity(measure.ratio.numerator, orgs, census)
        den = _quantity(measure.ratio.denominator, orgs, census)
        return _quotient(
            num.value, den.value, num.counted, den.counted, den.info_key or num.info_key
        )
    raise TypeError(f"unknown measure {type(measure).__name__}")


def _quotient(
    num: float | None,
    den: float | None,
    counted: list[Organization],
    base: list[Organization],
    info_key: str | None,
) -> Indicator:
    if den is None or num is None:
        return Indicator(
            value=None,
            numerator=num,
            denominator=den,
            counted=counted,
            base=base,
            info_key=info_key,
            missing="missing-info",
        )
    if den == 0:
        return Indicator(
            value=None,
            numerator=num,
            denominator=den,
            counted=counted,
            base=base,
            info_key=info_key,
            missing="empty-denominator",
        )
    return Indicator(
        value=num / den,
        numerator=num,
        denominator=den,
        counted=counted,
        base=base,
        info_key=info_key,
    )


def evaluate(
    target: Target,
    targets: TargetsFile,
    census: Census,
    *,
    judge_areas: bool = True,
    universes: dict[str, list[Organization]] | None = None,
) -> Evaluation:
    """Evaluate one target over the census: overall, per area, and its context figures.

    With ``judge_areas`` False the areas are only shown (a city-wide count split by area).
    ``universes`` keeps the organizations each universe selects, for the next target of the
    same census (most targets share the plan's universe).
    """
    flt = targets.universe_of(target)
    key = flt.model_dump_json()
    universe = universes.get(key) if universes is not None else None
    if universe is None:
        universe = select(census.organizations, flt)
        if universes is not None:
            universes[key] = universe
    overall = evaluate_measure(target.measure, universe, census)
    areas: list[AreaIndicator] = []
    areas_note: AreasNote | None = None
    if target.group_by is not None:
        area, areas_note = area_of(target.group_by, census)
        declared = {area_key(a) for a in target.areas}
        areas = [
            AreaIndicator(
                area=name,
                indicator=evaluate_measure(target.measure, members, census),
                judged=judge_areas
                and name is not None
                and (not declared or area_key(name) in declared),
            )
            for name, members in group_by_area(
                universe, census.organizations, target.group_by, target.areas, area
            )
        ]
    context = [
        ContextValue(
            label_vi=c.label.vi,
            label_en=c.label.en,
            indicator=evaluate_measure(c.measure, universe, census),
        )
        for c in target.context
    ]
    return Evaluation(target_id=target.id, overall=overall, areas=areas, context=context,
                      areas_note=areas_note)  # fmt: skip


def group_by_area(
    universe: Sequence[Organization],
    everyone: Sequence[Organization],
    column: str,
    declared: Sequence[str] = (),
    area: Callable[[Organization], Any] | None = None,
) -> list[tuple[str | None, list[Organization]]]:
    """Split ``universe`` by an area column, matching names tolerantly ("Q. Ninh Kiều").

    Areas are the declared ones first (shown even when nothing in them
    counts), then any other area of the census in alphabetical order, then
    None for organizations with no area given. ``area`` is how an organization's area is
    read (default: its value of ``column``).
    """
    area = area or attrgetter(column)
    names: dict[str, str] = {area_key(a): a for a in declared}
    for value in dict.fromkeys(map(area, everyone)):  # distinct, in order
        if value is not None:
            names.setdefault(area_key(value), value)
    groups: dict[str | None, list[Organization]] = {key: [] for key in names}
    unknown: list[Organization] = []
    distinct = set(map(area, universe))
    keys = {value: area_key(value) for value in distinct if value is not None}
    for org in universe:
        value = area(org)
        (groups[keys[value]] if value is not None else unknown).append(org)
    declared_keys = [area_key(a) for a in declared]
    others = sorted((k for k in names if k not in declared_keys), key=lambda k: fold(names[k]))
    result: list[tuple[str | None, list[Organization]]] = [
        (names[k], groups[k]) for k in [*declared_keys, *others]
    ]
    if unknown:
        result.append((None, unknown))
    return result
