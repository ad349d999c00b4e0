"""Progress over time: is a target on track, by the method of Open SDG's progress measure
and the UN Statistics Division's progress chart, with the settings of the plan
(:class:`.targets.ProgressMethod`; the README's *Progress over time* says every rule and
where it differs from Open SDG's code).

The observed compound annual growth rate (CAGR) from the base year to the latest year of
the series is divided by the rate required to reach the target by the target year::

    observed = (x_latest / x_base) ** (1 / (latest - base)) - 1
    required = (target / x_base) ** (1 / (target_year - base)) - 1
    ratio    = observed / required

and the plan's thresholds give the status (Open SDG's, the default: on track ≥ 0.95, needs
acceleration 0.6 to 0.95, limited progress 0 to 0.6, deterioration < 0). The series is the
history and the censuses (a census wins over history for the same year); its latest point,
not the census year, says whether the target is *achieved*; a single year that does not
meet it is *insufficient data*. The base is the method's base year (or the first year after
it), else the earliest year.

Where a growth rate is undefined (a base, latest value or target of 0 or below), ``zeros:
linear`` takes the same ratio of linear rates, change per year; ``zeros: open_sdg`` puts
0.001 for a base or target of 0 and gives no status to a base and latest value of different
signs. Lower-is-better targets need no special case: both rates are negative and their
ratio is positive when the value falls. A base already past the target, followed by a latest
value that misses it, is deterioration. A base at the very threshold of a target it does not
meet («more than 100» from 100) needs a rate of 0: the status is that of the direction the
series moves (``reason: required-zero``). A target with no number is judged by its growth
rate alone (Open SDG's method without a target).
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .targets import THRESHOLDS, Comparison, ProgressMethod, Target

ON_TRACK, NEEDS_ACCELERATION, _ = THRESHOLDS["open_sdg"]


class TrendStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    INSUFFICIENT_DATA = "insufficient_data"
    #: No status can be given: see ``Trend.reason``.
    NOT_AVAILABLE = "not_available"


class Point(BaseModel):
    """One value of an indicator in one year, and where it came from ("census" or "history")."""

    model_config = ConfigDict(frozen=True)

    year: int
    value: float
    source: str


class Trend(BaseModel):
    """A target's status over time, with the figures behind it, in plain terms."""

    model_config = ConfigDict(frozen=True)

    status: TrendStatus
    method: str | None  # "cagr", "linear", "growth" (no number), or None where no rate applies
    base_year: int
    base_value: float
    latest_year: int
    latest_value: float
    observed_rate: float | None
    required_rate: float | None
    ratio: float | None
    #: The value at the target year if the observed rate goes on.
    projected: float | None
    #: Average change per year so far, and still needed per year to reach the target.
    change_per_year: float | None
    needed_per_year: float | None
    points: list[Point]
    #: Why the status is not available: "different-signs", "zero-base",
    #: "target-year-not-after-base" or "base-year-after-series"; or, for a per-area target
    #: with no census of an earlier year, "history-per-area": a history file's city-wide
    #: figures do not say how many areas met it. Or why a status has no ratio:
    #: "required-zero", a base at the threshold of a target it does not meet, judged by the
    #: direction the series moves.
    reason: str | None = None
    #: For a target with no number: the observed growth rate times the sign of the base
    #: and the wanted direction, which the growth thresholds judge.
    score: float | None = None
    #: What the points are: the target's figure ("value"), or, for a per-area target, the
    #: share of its judged areas that meet it ("areas_met"), judged against all of them.
    series: Literal["value", "areas_met"] = "value"


def merge_points(census: list[Point], history: list[Point]) -> list[Point]:
    """One point per year, sorted; a census point wins over history for the same year."""
    by_year = {p.year: p for p in history}
    by_year.update({p.year: p for p in census})
    return [by_year[y] for y in sorted(by_year)]


def _lower_is_better(target: Target) -> bool:
    return target.comparison in (Comparison.AT_MOST, Comparison.LESS_THAN, Comparison.DECREASE)


def _rates(
    base: float, latest: float, goal: float, elapsed: int, remaining_from_base: int
) -> tuple[str, float, float]:
    """(method, observed, required) rates; CAGR where defined, else linear."""
    if base > 0 and latest > 0 and goal > 0:
        observed = (latest / base) ** (1 / elapsed) - 1
        required = (goal / base) ** (1 / remaining_from_base) - 1
        return "cagr", observed, required
    return "linear", (latest - base) / elapsed, (goal - base) / remaining_from_base


def _cagr(latest: float, base: float, years: int) -> float:
    """Open SDG's growth_calculation: (latest / base) ^ (1 / years) - 1, for values of one
    sign (the caller checks)."""
    return float((latest / base) ** (1 / years) - 1)


def _same_sign(*values: float) -> bool:
    """Whether the values are all ≥ 0 or all ≤ 0 (a latest value of 0 is allowed: its
    growth rate is −100%)."""
    return all(x >= 0 for x in values) or all(x <= 0 for x in values)


def _base_point(points: list[Point], method: ProgressMethod) -> Point | None:
    """Open SDG's base: the year set by the method if the series has it, else the first year
    after it; without a base year, the earliest year of the series."""
    if method.base_year is None:
        return points[0]
    return next((p for p in points if p.year >= method.base_year), None)


def assess_trend(
    points: list[Point], target: Target, method: ProgressMethod | None = None
) -> Trend | None:
    """The status of ``target`` from its series; None for an empty series. The target is
    *achieved* when the latest point meets it (Open SDG's test), whichever source it has.

    ``method`` is the plan's (thresholds, base year, rule for zeros and sign changes);
    by default Open SDG's thresholds, the earliest year as base and linear rates where a
    growth rate is undefined.
    """
    method = method or ProgressMethod()
    points = sorted(points, key=lambda p: p.year)
    if not points:
        return None
    latest = points[-1]
    met = target.met_by(latest.value)
    base = _base_point(points, method)
    if base is None:  # the base year is after every year of the series
        return _trend(TrendStatus.NOT_AVAILABLE, points[0], latest, points,
                      reason="base-year-after-series")  # fmt: skip
    points = [p for p in points if p.year >= base.year]
    elapsed = latest.year - base.year
    change = (latest.value - base.value) / elapsed if elapsed > 0 else None
    years_left = target.year - latest.year
    goal = target.low if target.has_number else None
    needed = None
    if not met and goal is not None:
        needed = (goal - latest.value) / years_left if years_left > 0 else None
    if met:
        return _trend(TrendStatus.ACHIEVED, base, latest, points, change=change)
    if elapsed <= 0:
        return _trend(TrendStatus.INSUFFICIENT_DATA, base, latest, points, needed=needed)
    if goal is None:
        return _growth_trend(target, base, latest, points, method, change)
    if target.year <= base.year:
        return _trend(TrendStatus.NOT_AVAILABLE, base, latest, points, change=change,
                      needed=needed, reason="target-year-not-after-base")  # fmt: skip
    span = target.year - base.year
    rates = _target_rates(base.value, latest.value, goal, elapsed, span, method)
    if rates is None:
        return _trend(TrendStatus.NOT_AVAILABLE, base, latest, points, change=change,
                      needed=needed, reason="different-signs")  # fmt: skip
    kind, observed, required, stand_in = rates
    status, ratio, reason = _judge_rates(target, base.value, observed, required, method)
    projected = None if stand_in else _project(kind, latest.value, observed, years_left)
    return Trend(status=status, method=kind, observed_rate=observed, required_rate=required,
                 ratio=ratio, projected=projected, change_per_year=change,
                 needed_per_year=needed, reason=reason, **_plain(base, latest, points))  # fmt: skip


def _target_rates(
    base: float, latest: float, goal: float, elapsed: int, span: int, method: ProgressMethod
) -> tuple[str, float, float, bool] | None:
    """(method, observed, required, stand_in) rates by the plan's rule for zeros; None where
    Open SDG's rule gives none (values of different signs). ``stand_in``: a base of 0 taken
    as 0.001, whose growth rate says nothing of the years ahead."""
    if method.zeros != "open_sdg":
        return (*_rates(base, latest, goal, elapsed, span), False)
    b = 0.001 if base == 0 else base
    g = 0.001 if goal == 0 else goal
    # Open SDG compares the signs of the base and the latest value; a target of the other
    # sign has no real growth rate from the base either (its code fails there).
    if not _same_sign(b, g, latest):
        return None
    return "cagr", _cagr(latest, b, elapsed), _cagr(g, b, span), base == 0


def _judge_rates(
    target: Target, base: float, observed: float, required: float, method: ProgressMethod
) -> tuple[TrendStatus, float | None, str | None]:
    """(status, ratio, reason) of a target not met from its observed and required rates."""
    if target.met_by(base):
        # The base already met the target and the latest value does not: moving away.
        return TrendStatus.DETERIORATION, None, None
    if required == 0:
        # The base is at the threshold of a target it does not meet («more than 100» from 100):
        # no rate is needed, so no ratio; moving away is deterioration, standing still no
        # progress (a ratio of 0), as the plan's thresholds judge them.
        direction = -1.0 if _lower_is_better(target) else 1.0
        moved = observed * direction
        status = _status(math.copysign(math.inf, moved) if moved else 0.0,
                         method.ratio_thresholds)  # fmt: skip
        return status, None, "required-zero"
    ratio = observed / required
    return _status(ratio, method.ratio_thresholds), ratio, None


def _growth_trend(
    target: Target,
    base: Point,
    latest: Point,
    points: list[Point],
    method: ProgressMethod,
    change: float | None,
) -> Trend:
    """A target with a direction only: Open SDG's method without a target, the observed
    growth rate (times the sign of the base and the wanted direction) against fixed
    thresholds."""
    b = base.value
    if b == 0 and method.zeros == "open_sdg":
        b = 0.001
    if b == 0 or not _same_sign(b, latest.value):
        reason = "zero-base" if b == 0 else "different-signs"
        return _trend(TrendStatus.NOT_AVAILABLE, base, latest, points, change=change,
                      reason=reason)  # fmt: skip
    direction = -1.0 if _lower_is_better(target) else 1.0
    sign = -1.0 if b < 0 else 1.0
    growth = _cagr(latest.value, b, latest.year - base.year)
    score = sign * direction * growth
    status = _status(score, method.growth_thresholds)
    # From a base of 0 taken as 0.001, the growth rate says nothing of the years ahead.
    projected = None if base.value == 0 else _project("cagr", latest.value, growth,
                                                       target.year - latest.year)  # fmt: skip
    return Trend(status=status, method="growth", observed_rate=growth, required_rate=None,
                 ratio=None, projected=projected, change_per_year=change, needed_per_year=None,
                 score=score, **_plain(base, latest, points))  # fmt: skip


def _plain(base: Point, latest: Point, points: list[Point]) -> dict[str, Any]:
    return {"base_year": base.year, "base_value": base.value, "latest_year": latest.year,
            "latest_value": latest.value, "points": points}  # fmt: skip


def _trend(
    status: TrendStatus,
    base: Point,
    latest: Point,
    points: list[Point],
    *,
    change: float | None = None,
    needed: float | None = None,
    reason: str | None = None,
) -> Trend:
    return Trend(status=status, method=None, observed_rate=None, required_rate=None,
                 ratio=None, projected=None, change_per_year=change, needed_per_year=needed,
                 reason=reason, **_plain(base, latest, points))  # fmt: skip


def _status(ratio: float | None, thresholds: tuple[float, float, float]) -> TrendStatus:
    high, med, low = thresholds
    if ratio is None or math.isnan(ratio):
        return TrendStatus.INSUFFICIENT_DATA
    if ratio >= high:
        return TrendStatus.ON_TRACK
    if ratio >= med:
        return TrendStatus.NEEDS_ACCELERATION
    if ratio >= low:
        return TrendStatus.LIMITED_PROGRESS
    return TrendStatus.DETERIORATION


def _project(method: str, latest: float, rate: float, years: int) -> float:
    if years <= 0:
        return latest
    return latest * (1 + rate) ** years if method == "cagr" else latest + rate * years
