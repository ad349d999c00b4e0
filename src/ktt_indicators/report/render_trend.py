"""The status over time in words a reader needs no method note for: what the status
compares, the change so far and the change needed, where the trend leads, and which areas of a
per-area target fall behind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.i18n import Lang, phrase
from ..plan.trend import NEEDS_ACCELERATION, ON_TRACK, TrendStatus
from .formats import fmt_number, fmt_percent, fmt_target, fmt_value

if TYPE_CHECKING:
    from ..plan.progress import AreaProgress, Progress
    from ..plan.trend import Point


def trend_sentence(p: Progress, lang: Lang) -> str | None:
    """The status over time in words that need no method note, after the target's id."""
    words = trend_words(p, lang)
    return None if words is None else f"{p.id}: {words}"


def trend_words(p: Progress, lang: Lang) -> str | None:
    """The status over time in words that need no method note: what the status compares
    (the pace so far against the pace the target needs, and the threshold), then the change
    so far, the change needed from now, and where the trend leads against the target."""
    t = p.trend
    if t is not None and t.reason is not None and t.ratio is None and t.method is None:
        why = phrase(f"label.trend-reason-{t.reason}", lang, since=t.base_year)  # why no status
        return f"{phrase(f'label.{t.status.value}', lang)} — {why}"
    if t is None or t.change_per_year is None or t.status.value == "achieved":
        return None
    areas = series_of_areas(p)
    head = phrase(f"label.{t.status.value}", lang)
    if t.reason is not None:  # a status without a ratio, and why (required-zero)
        head += " — " + phrase(f"label.trend-reason-{t.reason}", lang, since=t.base_year)
    elif t.ratio is not None and t.status.value != "insufficient_data":
        threshold = {"on_track": ON_TRACK, "needs_acceleration": ON_TRACK,
                     "limited_progress": NEEDS_ACCELERATION}.get(t.status.value)  # fmt: skip
        pace = "trend-pace-areas" if areas else "trend-pace"
        head += " — " + phrase(
            f"label.{pace}", lang, share=fmt_percent(t.ratio, lang), since=t.base_year
        )
        if threshold is not None:
            key = "trend-rule-" + t.status.value.replace("_", "-")
            head += f" ({phrase(f'label.{key}', lang, share=f'{round(threshold * 100)}%')})"
        elif t.ratio < 0:
            head += f" ({phrase('label.trend-rule-away', lang)})"
    elif t.status.value == "deterioration":
        head += " — " + phrase("label.trend-lost", lang, since=t.base_year)
    parts = [head]
    parts.append(phrase("label.trend-so-far", lang, change=_signed(p, t.change_per_year, lang),
                       since=t.base_year))  # fmt: skip
    if t.needed_per_year is not None:
        parts.append(phrase("label.trend-needed", lang, change=_signed(p, t.needed_per_year, lang)))
    if t.projected is not None and areas:
        parts.append(
            phrase(
                "label.trend-projected-areas",
                lang,
                value=fmt_percent(t.projected, lang),
                year=p.year,
            )
        )
    elif t.projected is not None:
        parts.append(phrase("label.trend-projected", lang, value=fmt_value(p, t.projected, lang),
                           year=p.year, target=fmt_target(p, lang)))  # fmt: skip
    return "; ".join(parts)


def series_of_areas(p: Progress) -> bool:
    """Whether ``p``'s series is the share of a per-area target's areas that meet it."""
    return p.trend is not None and p.trend.series == "areas_met"


def fmt_series_value(p: Progress, x: float, lang: Lang) -> str:
    """A value of ``p``'s series: in the target's unit, or, where the series is the share of
    a per-area target's areas that meet it, a percentage."""
    return fmt_percent(x, lang) if series_of_areas(p) else fmt_value(p, x, lang)


def series_goal(p: Progress) -> float | None:
    """What ``p``'s series is judged against: the target, or all the areas of a per-area
    target whose series counts the areas that meet it."""
    return 1.0 if series_of_areas(p) else p.target


#: The statuses over time of an area that falls behind: moving away from the target, or
#: toward it at under the pace where "needs acceleration" begins.
FALLING_BEHIND = (TrendStatus.DETERIORATION, TrendStatus.LIMITED_PROGRESS)


def areas_behind(p: Progress) -> list[AreaProgress]:
    """The judged areas of ``p`` whose status over time is deterioration or limited progress,
    in the order of the table."""
    return [a for a in p.areas
            if a.judged and a.trend is not None and a.trend.status in FALLING_BEHIND]  # fmt: skip


def areas_behind_words(p: Progress, lang: Lang) -> str | None:
    """The areas falling behind, each with its status and its figure from the base year to
    now: "Cờ Đỏ (đi xuống, 800 → 700 từ 2024)"; None when no area falls behind."""
    parts = []
    for a in areas_behind(p):
        t = a.trend
        assert t is not None
        parts.append(
            phrase(
                "label.area-behind",
                lang,
                area=a.area or phrase("label.no-area", lang),
                status=phrase(f"label.trend-word-{t.status.value}", lang),
                base=fmt_value(p, t.base_value, lang),
                latest=fmt_value(p, t.latest_value, lang),
                since=t.base_year,
            )
        )
    return ", ".join(parts) or None


def areas_behind_sentence(p: Progress, lang: Lang) -> str | None:
    """The line under the table naming the areas of ``p`` falling behind, after its id."""
    words = areas_behind_words(p, lang)
    return None if words is None else f"{p.id}: {phrase('label.areas-behind', lang, areas=words)}"


def previous_point(p: Progress, census_year: int) -> Point | None:
    """The latest value of ``p``'s series before the census year (the year before where
    there is one), from earlier censuses or the history file."""
    if p.trend is None:
        return None
    before = [pt for pt in p.trend.points if pt.year < census_year]
    return max(before, key=lambda pt: pt.year) if before else None


def _signed(p: Progress, x: float, lang: Lang) -> str:
    if p.kind in ("share", "ratio") or series_of_areas(p):
        text = fmt_number(x * 100, lang, 1) + (" điểm %" if lang == "vi" else " points")
    else:
        text = fmt_number(x, lang, 0 if float(x).is_integer() else 1)
    return text if x < 0 else "+" + text
