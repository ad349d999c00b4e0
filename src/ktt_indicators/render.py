"""Rendering reports for people and machines: rich tables, JSON, CSV and Markdown.

Renderers take the library's data (:class:`Census`, :class:`GapReport`) and a
language, and return text or rich renderables. They compute nothing.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.console import Group, RenderableType
from rich.text import Text

from .i18n import VOCAB, Lang, label
from .progress import AreaProgress, GapReport, OrgRef, Progress
from .targets import Comparison, CountQuantity, SumQuantity, Target, TargetsFile
from .text import printable
from .trend import Point, TrendStatus

if TYPE_CHECKING:
    from .official import DocumentHeader

# ------------------------------------------------------------------ numbers


def fmt_number(x: float | None, lang: Lang, decimals: int = 0) -> str:
    """A number in the language's convention: 1.250,5 (vi) or 1,250.5 (en)."""
    if x is None:
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_percent(x: float | None, lang: Lang) -> str:
    """A fraction as a percentage with one decimal: 0.625 → 62,5% (vi)."""
    return "–" if x is None else fmt_number(x * 100, lang, 1) + "%"


def fmt_amount(x: float | None, percent: bool, lang: Lang) -> str:
    """A value in its unit: a percentage for shares and ratios, else a number."""
    if percent:
        return fmt_percent(x, lang)
    whole = x is None or float(x).is_integer()
    return fmt_number(x, lang, 0 if whole else 1)


def fmt_value(p: Progress, x: float | None, lang: Lang) -> str:
    """A value in the unit of ``p``'s target."""
    return fmt_amount(x, p.kind in ("share", "ratio"), lang)


def fmt_comparison(
    comparison: Comparison, low: float | None, high: float | None, percent: bool, lang: Lang
) -> str:
    """A target as the document words it: "khoảng 2.000", "từ 80 đến 100", "trên 60,0%";
    a direction only ("tăng") has no number."""
    word = label(comparison.value, lang)
    if low is None:
        return word
    if comparison == Comparison.BETWEEN:
        to = label("to", lang)
        return f"{word} {fmt_amount(low, percent, lang)} {to} {fmt_amount(high, percent, lang)}"
    if comparison == Comparison.ALL:
        return f"{word} (100%)"
    return f"{word} {fmt_amount(low, percent, lang)}"


def fmt_target(p: Progress, lang: Lang) -> str:
    return fmt_comparison(p.comparison, p.target, p.target_high, p.kind in ("share", "ratio"), lang)


def status_text(met: bool | None, above: bool, lang: Lang) -> str:
    if met is None:
        return label("unknown", lang)
    text = label("yes" if met else "no", lang)
    return f"{text} ({label('above-range', lang)})" if above else text


def safe_cell(value: Any) -> Any:
    """Text from a census written to CSV can never run as a formula (=, +, -, @); a boolean
    is written true/false, as JSON writes it (not Python's True/False)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# ------------------------------------------------------------------ gap


def progress_dict(p: Progress, lang: Lang) -> dict[str, Any]:
    """One target as JSON: shares as fractions, gap 0 when met."""
    d: dict[str, Any] = {
        "id": p.id,
        "year": p.year,
        "title": p.title_en if lang == "en" else p.title_vi,
        "kind": p.kind,
        "comparison": p.comparison.value,
        "value": p.value,
        "target": p.target,
        "target_high": p.target_high,
        "tolerance": p.tolerance,
        "gap": p.gap,
        "met": p.met,
        "above_range": p.above_range,
        "progress": p.progress,
        "years_left": p.years_left,
        "per_year_needed": p.per_year_needed,
        "numerator": p.numerator,
        "denominator": p.denominator,
        "counted": p.counted,
        "missing": p.missing,
        "source": p.source,
        "note": p.note_en if lang == "en" else p.note_vi,
    }
    if p.areas:
        d["group_by"] = p.group_by
        d["areas_met"] = p.areas_met
        d["areas"] = [
            {
                "area": a.area,
                "value": a.value,
                "met": a.met,
                "gap": a.gap,
                "above_range": a.above_range,
                "judged": a.judged,
                **(
                    {"status": a.trend.status.value, "trend": a.trend.model_dump(mode="json")}
                    if a.trend is not None
                    else {}
                ),
            }
            for a in p.areas
        ]
    if p.trend is not None:
        d["status"] = p.trend.status.value
        d["trend"] = p.trend.model_dump(mode="json")
    if p.context:
        d["context"] = [
            {"label": c.label_en if lang == "en" else c.label_vi, "value": c.value}
            for c in p.context
        ]
    return d


def gap_json(report: GapReport, lang: Lang) -> dict[str, Any]:
    return {
        "year": report.year,
        "census_year": report.census_year,
        "plan": report.plan_id,
        "files": report.files,
        "organizations": report.organizations,
        "left_out": [lo.model_dump() for lo in report.left_out],
        "targets": [progress_dict(p, lang) for p in report.targets],
        **({"changes": _changes().changes_json(report.changes)} if report.changes else {}),
    }


def _changes() -> Any:
    from . import render_changes  # it imports this module

    return render_changes


def current_text(p: Progress, lang: Lang) -> str:
    """The current value as shown: the value, why there is none, and areas met for a
    per-area target."""
    current = fmt_value(p, p.value, lang)
    if p.missing:
        current = label(p.missing, lang, key=p.info_key or "")
    if p.group_by and p.areas_met is not None:
        current += " · " + label("areas-met", lang, met=p.areas_met, total=p.areas_judged)
    return current


def _has_trends(report: GapReport) -> bool:
    return any(p.trend is not None for p in report.targets)


def area_status(a: AreaProgress) -> str | None:
    """An area's status over time: None where it is not judged or has no series."""
    return a.trend.status.value if a.judged and a.trend is not None else None


def _status_label(status: str | None, lang: Lang) -> str:
    return label(status, lang) if status else ""


def gap_columns(report: GapReport) -> tuple[str, ...]:
    """The columns of the gap table; "status" (over time) only where there is a series."""
    return _GAP_COLUMNS + (("status",) if _has_trends(report) else ())


def gap_rows(report: GapReport, lang: Lang) -> list[list[str]]:
    """Rows of the gap table: one per target, then one per area of a per-area target."""
    rows = []
    trends = _has_trends(report)
    for p in report.targets:
        title = p.title_en if lang == "en" else p.title_vi
        current = current_text(p, lang)
        per_year = "–" if p.per_year_needed in (None, 0) else fmt_value(p, p.per_year_needed, lang)
        if p.years_left <= 0 and p.met is False:
            per_year += f" ({label('overdue', lang)})"
        rows.append(
            [
                p.id,
                str(p.year),
                title,
                current,
                fmt_target(p, lang),
                fmt_percent(p.progress, lang),
                fmt_value(p, p.gap, lang),
                status_text(p.met, p.above_range, lang),
                per_year,
                *([label(p.trend.status.value, lang) if p.trend else "–"] if trends else []),
            ]
        )
        for a in p.areas:
            rows.append(
                [
                    "",
                    "",
                    f"  · {a.area or label('no-area', lang)}",
                    fmt_value(p, a.value, lang),
                    "",
                    "",
                    fmt_value(p, a.gap, lang) if a.judged else "",
                    status_text(a.met, a.above_range, lang) if a.judged else "",
                    "",
                    *([_status_label(area_status(a), lang)] if trends else []),
                ]
            )
    return rows


_GAP_COLUMNS = (
    "id",
    "year",
    "target-title",
    "current",
    "target",
    "progress",
    "gap",
    "met",
    "per-year",
)


def gap_caption(report: GapReport, lang: Lang) -> str:
    """The line under a gap report's title: organizations read, files, plan."""
    return label("gap-caption", lang, orgs=fmt_number(report.organizations, lang),
                 files=len(report.files), plan=report.plan_id)  # fmt: skip


def gap_renderable(report: GapReport, lang: Lang) -> RenderableType:
    from .fit import Fitted, Justify

    keys = gap_columns(report)[2:]
    right = ("current", "progress", "gap", "per-year")
    justify: list[Justify] = ["right" if k in right else "left" for k in keys]
    cells: list[list[Text | str]] = []
    for row, (met, fraction, status) in zip(gap_rows(report, lang), row_facts(report), strict=True):
        style = {True: "green", False: "red", None: "yellow"}[met]
        title = Text(printable(row[2]), style="bold" if row[0] else "")
        if row[0]:
            title.append(f"\n{row[0]} · {row[1]}", style="dim")
        progress = _bar(fraction, style) + Text(f" {row[5]}") if fraction is not None else row[5]
        trend = [Text(row[9], style=_STATUS_STYLE.get(status or "", ""))] if len(row) > 9 else []
        cells.append([title, *row[3:5], progress, row[6], Text(row[7], style=style), row[8],
                      *trend])  # fmt: skip
    table = Fitted(
        [label(k, lang) for k in keys],
        cells,
        justify=justify,
        title=label("gap-title", lang, census_year=report.census_year),
        caption=gap_caption(report, lang),
        bare=[keys.index("met")],
        keep=[keys.index(k) for k in ("progress", "gap", "met", "per-year")],
        inline=[not row[0] for row in gap_rows(report, lang)],
    )
    trends = [
        Text(line)
        for p in report.targets
        for line in (trend_sentence(p, lang), areas_behind_sentence(p, lang))
        if line
    ]
    notes = [
        Text(f"{p.id}: {p.note_en if lang == 'en' else p.note_vi}", style="dim")
        for p in report.targets
        if (p.note_en if lang == "en" else p.note_vi)
    ]
    context = [
        Text(
            f"{p.id}: {c.label_en if lang == 'en' else c.label_vi}: {fmt_number(c.value, lang)}",
            style="dim",
        )
        for p in report.targets
        for c in p.context
    ]
    changes = [_changes().changes_renderable(report.changes, lang)] if report.changes else []
    return Group(table, *trends, *context, *notes, *changes)


_STATUS_STYLE = {
    "achieved": "bold green",
    "on_track": "green",
    "needs_acceleration": "yellow",
    "limited_progress": "dark_orange",
    "deterioration": "bold red",
    "insufficient_data": "dim",
}


def _bar(fraction: float, style: str, width: int = 10) -> Text:
    """A progress bar of block characters, full at 100%."""
    filled = round(max(0.0, min(fraction, 1.0)) * width)
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def trend_sentence(p: Progress, lang: Lang) -> str | None:
    """The status over time in words that need no method note, after the target's id."""
    words = trend_words(p, lang)
    return None if words is None else f"{p.id}: {words}"


def trend_words(p: Progress, lang: Lang) -> str | None:
    """The status over time in words that need no method note: what the status compares
    (the pace so far against the pace the target needs, and the threshold), then the change
    so far, the change needed from now, and where the trend leads against the target."""
    from .trend import NEEDS_ACCELERATION, ON_TRACK

    t = p.trend
    if t is not None and t.reason is not None and t.ratio is None and t.method is None:
        why = label(f"trend-reason-{t.reason}", lang, since=t.base_year)  # why no status
        return f"{label(t.status.value, lang)} — {why}"
    if t is None or t.change_per_year is None or t.status.value == "achieved":
        return None
    areas = series_of_areas(p)
    head = label(t.status.value, lang)
    if t.reason is not None:  # a status without a ratio, and why (required-zero)
        head += " — " + label(f"trend-reason-{t.reason}", lang, since=t.base_year)
    elif t.ratio is not None and t.status.value != "insufficient_data":
        threshold = {"on_track": ON_TRACK, "needs_acceleration": ON_TRACK,
                     "limited_progress": NEEDS_ACCELERATION}.get(t.status.value)  # fmt: skip
        pace = "trend-pace-areas" if areas else "trend-pace"
        head += " — " + label(pace, lang, share=fmt_percent(t.ratio, lang), since=t.base_year)
        if threshold is not None:
            key = "trend-rule-" + t.status.value.replace("_", "-")
            head += f" ({label(key, lang, share=f'{round(threshold * 100)}%')})"
        elif t.ratio < 0:
            head += f" ({label('trend-rule-away', lang)})"
    elif t.status.value == "deterioration":
        head += " — " + label("trend-lost", lang, since=t.base_year)
    parts = [head]
    parts.append(label("trend-so-far", lang, change=_signed(p, t.change_per_year, lang),
                       since=t.base_year))  # fmt: skip
    if t.needed_per_year is not None:
        parts.append(label("trend-needed", lang, change=_signed(p, t.needed_per_year, lang)))
    if t.projected is not None and areas:
        parts.append(label("trend-projected-areas", lang, value=fmt_percent(t.projected, lang),
                           year=p.year))  # fmt: skip
    elif t.projected is not None:
        parts.append(label("trend-projected", lang, value=fmt_value(p, t.projected, lang),
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
            label(
                "area-behind",
                lang,
                area=a.area or label("no-area", lang),
                status=label(f"trend-word-{t.status.value}", lang),
                base=fmt_value(p, t.base_value, lang),
                latest=fmt_value(p, t.latest_value, lang),
                since=t.base_year,
            )
        )
    return ", ".join(parts) or None


def areas_behind_sentence(p: Progress, lang: Lang) -> str | None:
    """The line under the table naming the areas of ``p`` falling behind, after its id."""
    words = areas_behind_words(p, lang)
    return None if words is None else f"{p.id}: {label('areas-behind', lang, areas=words)}"


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


class RowFacts(NamedTuple):
    """What a gap-table row shows beside its text: met or not, progress, status over time.
    Area rows have a verdict and a status over time (where judged, with a series), but no
    progress of their own."""

    met: bool | None
    progress: float | None
    status: str | None


def row_facts(report: GapReport) -> list[RowFacts]:
    """One entry per row of :func:`gap_rows`: each target, then each of its areas."""
    out: list[RowFacts] = []
    for p in report.targets:
        out.append(RowFacts(p.met, p.progress, p.trend.status.value if p.trend else None))
        out.extend(RowFacts(a.met, None, area_status(a)) for a in p.areas)
    return out


def gap_csv(report: GapReport, lang: Lang) -> str:
    """One row per target and per area of a per-area target; shares as fractions."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "year",
            "area",
            "title",
            "comparison",
            "value",
            "target",
            "target_high",
            "gap",
            "met",
            "above_range",
            "progress",
            "per_year_needed",
            "numerator",
            "denominator",
            "counted",
            *(["status"] if _has_trends(report) else []),
        ]
    )
    trends = _has_trends(report)
    for p in report.targets:
        title = p.title_en if lang == "en" else p.title_vi
        writer.writerow(
            map(
                _csv_value,
                [
                    p.id,
                    p.year,
                    "",
                    title,
                    p.comparison.value,
                    p.value,
                    p.target,
                    p.target_high,
                    p.gap,
                    p.met,
                    p.above_range,
                    p.progress,
                    p.per_year_needed,
                    p.numerator,
                    p.denominator,
                    p.counted,
                    *([p.trend.status.value if p.trend else ""] if trends else []),
                ],
            )
        )
        for a in p.areas:
            writer.writerow(
                map(
                    _csv_value,
                    [
                        p.id,
                        p.year,
                        safe_cell(a.area or ""),
                        title,
                        p.comparison.value,
                        a.value,
                        p.target,
                        p.target_high,
                        a.gap,
                        a.met,
                        a.above_range,
                        "",
                        "",
                        a.numerator,
                        a.denominator,
                        "",
                        *([area_status(a) or ""] if trends else []),
                    ],
                )
            )
    return buf.getvalue()


def _csv_value(value: Any) -> Any:
    """A boolean as true/false; anything else as it is (area names go through safe_cell)."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def gap_markdown(report: GapReport, lang: Lang) -> str:
    lines = [f"## {label('gap-title', lang, census_year=report.census_year)}", ""]
    lines.append(gap_caption(report, lang))
    lines.append("")
    columns = gap_columns(report)
    heads = [label(k, lang) for k in columns]
    lines.append("| " + " | ".join(heads) + " |")
    lines.append(
        "|"
        + "|".join(
            "---:" if k in ("current", "progress", "gap", "per-year") else "---" for k in columns
        )
        + "|"
    )
    for row in gap_rows(report, lang):
        lines.append("| " + " | ".join(_md_escape(c) for c in row) + " |")
    behind = [line for p in report.targets if (line := areas_behind_sentence(p, lang))]
    if behind:
        lines.append("")
        lines.extend(f"- {_md_escape(line)}" for line in behind)
    notes = [(p.id, p.note_en if lang == "en" else p.note_vi) for p in report.targets]
    if any(n for _, n in notes):
        lines.append("")
        lines.extend(f"- **{i}**: {_md_escape(n)}" for i, n in notes if n)
    if report.changes:
        lines += ["", _changes().changes_markdown(report.changes, lang).rstrip("\n")]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ explain and targets


def explain_rows(counted: list[OrgRef], base: list[OrgRef]) -> list[tuple[OrgRef, bool]]:
    """Organizations of the figure: the counted ones, then the rest of the denominator."""
    in_num = {(o.source.file, o.source.sheet, o.source.row) for o in counted}
    rest = [o for o in base if (o.source.file, o.source.sheet, o.source.row) not in in_num]
    return [(o, True) for o in counted] + [(o, False) for o in rest]


def explain_table(
    target: Target, counted: list[OrgRef], base: list[OrgRef], lang: Lang
) -> RenderableType:
    """The organizations of a figure; file and sheet are shown once when all rows share them."""
    from .fit import Fitted
    from .i18n import text as t

    title = t("explain-title", lang, id=target.id, n=len(counted))
    if base:
        title += f" / {len(base)}"
    rows = explain_rows(counted, base)
    places = {(o.source.file, o.source.sheet) for o, _ in rows}
    one_place = len(places) == 1
    caption = " › ".join(next(iter(places))) if one_place else None
    keys = ["org-code", "org-name", "org-form", "commune", "district"]
    keys += ["row"] if one_place else ["file", "sheet", "row"]
    if base:
        keys.append("in-numerator")
    cells = []
    for org, in_num in rows:
        row = [org.ma_so or "", org.ten, org.loai_hinh, org.xa_phuong, org.quan_huyen or ""]
        if not one_place:
            row += [org.source.file, org.source.sheet]
        row.append(str(org.source.row))
        if base:
            row.append(label("true" if in_num else "false", lang))
        cells.append([printable(c) for c in row])
    return Fitted([label(k, lang) for k in keys], cells, title=title, caption=caption,
                  head=(0, 1), keep=[keys.index("row")])  # fmt: skip


def explain_json(target: Target, counted: list[OrgRef], base: list[OrgRef]) -> dict[str, Any]:
    return {
        "id": target.id,
        "counted": [o.model_dump() for o in counted],
        "denominator": [o.model_dump() for o in base] if base else None,
    }


def explain_csv(counted: list[OrgRef], base: list[OrgRef]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "ma_so",
            "ten",
            "loai_hinh",
            "xa_phuong",
            "quan_huyen",
            "file",
            "sheet",
            "row",
            "in_numerator",
        ]
    )
    for o, in_num in explain_rows(counted, base):
        writer.writerow(
            [
                safe_cell(x)
                for x in (
                    o.ma_so or "",
                    o.ten,
                    o.loai_hinh,
                    o.xa_phuong,
                    o.quan_huyen or "",
                    o.source.file,
                    o.source.sheet,
                    o.source.row,
                    in_num,
                )
            ]
        )
    return buf.getvalue()


def targets_table(targets: TargetsFile, chosen: list[Target], lang: Lang) -> RenderableType:
    from .fit import Fitted

    keys = ("id", "year", "target-title", "target", "source")
    rows = []
    for t in chosen:
        percent = not isinstance(t.measure, CountQuantity | SumQuantity)
        rows.append(
            [
                t.id,
                str(t.year),
                t.title.get(lang),
                fmt_comparison(t.comparison, _low(t), t.high, percent, lang),
                ", ".join(x for x in (t.source.document, t.source.clause) if x),
            ]
        )
    table = Fitted([label(k, lang) for k in keys], rows, title=targets.plan.title, head=(0, 1),
                   keep=[1])  # fmt: skip
    notes = plan_notes(targets, chosen, lang)
    if not notes:
        return table
    return Group(table, *(Text(line) for line in notes))


def _low(t: Target) -> float | None:
    return t.low if t.has_number else None


def plan_notes(targets: TargetsFile, chosen: list[Target], lang: Lang) -> list[str]:
    """What a plan says about itself beside its targets: its readings of the open phrases
    (with the targets that use them), the census columns it adds, its progress method."""
    lines = []
    readings = targets.plan.readings
    for name in ("trong_do", "operating_efficiently"):
        reading = getattr(readings, name)
        if reading is None:
            continue
        users = [t.id for t in chosen if name in t.reads]
        line = f"{label(f'reading-{name}', lang)}: {label(f'reading-{reading}', lang)}"
        if users:
            line += f" ({label('reading-used-by', lang)} {', '.join(users)})"
        lines.append(line)
    if targets.columns:
        cols = ", ".join(f"«{c.header}» ({c.key})" for c in targets.columns)
        lines.append(f"{label('declared-columns', lang)}: {cols}")
    lines.append(f"{label('progress-method', lang)}: {method_words(targets, chosen, lang)}")
    return lines


def method_words(targets: TargetsFile, chosen: list[Target], lang: Lang) -> str:
    """The plan's progress method as a reader needs it: the thresholds (whose, and what each
    status needs), the base year, the rule where a growth rate is undefined, and the growth
    thresholds where some chosen target has no number."""
    m = targets.progress

    def pct(x: float) -> str:  # as many decimals as the plan gave: 97,5%, 1,25%, 95%
        digits = next((d for d in range(6) if abs(round(x * 100, d) - x * 100) < 1e-9), 6)
        return fmt_number(x * 100, lang, digits) + "%"

    high, med, low = (pct(x) for x in m.ratio_thresholds)
    whose = m.thresholds if isinstance(m.thresholds, str) else "custom"
    parts = [label(f"method-thresholds-{whose}", lang, high=high, med=med, low=low)]
    if m.base_year is None:
        parts.append(label("method-base-earliest", lang))
    else:
        parts.append(label("method-base-year", lang, year=m.base_year))
    parts.append(label(f"method-zeros-{m.zeros}", lang))
    if any(not t.has_number for t in chosen):
        g_high, g_med, g_low = (pct(x) for x in m.growth_thresholds)
        parts.append(label("method-growth", lang, high=g_high, med=g_med, low=g_low))
    return "; ".join(parts)


def plans_table(plans: list[tuple[Path, TargetsFile]], lang: Lang) -> RenderableType:
    """The bundled plans: id (what --targets takes), title, territory, targets, file."""
    from .fit import Fitted

    keys = ("plan-id", "plan", "territory", "targets-count", "path")
    rows = [
        [t.plan.id, t.plan.title, t.plan.territory or "", str(len(t.targets)), path.name]
        for path, t in plans
    ]
    return Fitted([label(k, lang) for k in keys], rows, title=label("plans-title", lang),
                  head=(0, 1))  # fmt: skip


def plans_json(plans: list[tuple[Path, TargetsFile]]) -> list[dict[str, Any]]:
    return [
        {"id": t.plan.id, "title": t.plan.title, "territory": t.plan.territory,
         "targets": len(t.targets), "file": path.name}
        for path, t in plans
    ]  # fmt: skip


def targets_json(chosen: list[Target]) -> list[dict[str, Any]]:
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in chosen]


# ------------------------------------------------------------------ schema


def columns_json() -> dict[str, Any]:
    """The census columns and information-sheet fields, for tools."""
    from .schema import COLUMNS, INFO_FIELDS

    return {
        "columns": [
            {"key": c.key, "header": c.header, "english": c.english, "kind": c.kind,
             "required": c.required, "choices": list(c.choices), "aliases": list(c.aliases)}
            for c in COLUMNS
        ],
        "information": [
            {"key": f.key, "label": f.label, "english": f.english, "required": f.required}
            for f in INFO_FIELDS
        ],
    }  # fmt: skip


def columns_table(lang: Lang) -> RenderableType:
    from .fit import Fitted
    from .schema import COLUMNS

    rows = []
    for c in COLUMNS:
        kind = ", ".join(c.choices) if c.choices else VOCAB[_KIND_WORD.get(c.kind, c.kind)][lang]
        rows.append([c.header, c.key, kind, label(f"required-{c.required}", lang)])
    keys = ("column", "key", "type", "required")
    return Fitted([label(k, lang) for k in keys], rows, title=label("columns-title", lang),
                  head=(0, 1))  # fmt: skip


#: The word for a column kind where it is not the kind's own name.
_KIND_WORD = {"count": "whole-number"}


# ------------------------------------------------------------------ report document parts


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip


def _doc_t(key: str, lang: Lang, **fields: object) -> str:
    return label(f"doc-{key}", lang, **fields)


def doc_date(header: DocumentHeader, lang: Lang, year: int) -> str:
    """ "Cần Thơ, ngày 05 tháng 02 năm 2026": the decree writes days below 10 and months
    below 3 with a leading zero. Without a date, day and month are left blank to fill in."""
    place = f"{header.place}, " if header.place else ""
    d = header.dated
    if lang == "en":
        if d is None:
            return _doc_t("date", lang, place=place, day="….", month="….", year=year)
        return _doc_t("date", lang, place=place, day=d.day, month=_MONTHS_EN[d.month - 1],
                  year=d.year)  # fmt: skip
    if d is None:
        return _doc_t("date", lang, place=place, day="     ", month="     ", year=year)
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return _doc_t("date", lang, place=place, day=day, month=month, year=d.year)


def doc_number(header: DocumentHeader, lang: Lang) -> str:
    """ "Số: 12/BC-STC", or "Số:      /BC-STC" for the records office to fill in."""
    return _doc_t("number", lang, number=header.number or "       ", symbol=header.symbol or "BC")


def signature_lines(header: DocumentHeader) -> list[str]:
    """The signature block above the signature: authority (KT., TM.) and title."""
    return [x for x in (header.signer_authority, header.signer_title) if x]
