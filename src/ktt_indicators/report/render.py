"""The gap report for people and machines: the terminal table, JSON, CSV and Markdown.

Renderers take the library's data (:class:`GapReport`) and a language, and return text or rich
renderables. They compute nothing. Numbers are written by :mod:`.formats`, the status over time
by :mod:`.render_trend`, what changed since last year by :mod:`.render_changes`.
"""

from __future__ import annotations

import csv
import io
from typing import Any, NamedTuple

from rich.console import Group, RenderableType
from rich.text import Text

from ..core.i18n import Lang, phrase
from ..core.text import printable
from ..plan.progress import AreaProgress, GapReport, Progress
from .formats import fmt_number, fmt_percent, fmt_target, fmt_value, safe_cell, status_text
from .render_changes import changes_json, changes_markdown, changes_renderable
from .render_trend import areas_behind_sentence, trend_sentence


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
        **({"changes": changes_json(report.changes)} if report.changes else {}),
    }


def current_text(p: Progress, lang: Lang) -> str:
    """The current value as shown: the value, why there is none, and areas met for a
    per-area target."""
    current = fmt_value(p, p.value, lang)
    if p.missing:
        current = phrase(f"label.{p.missing}", lang, key=p.info_key or "")
    if p.group_by and p.areas_met is not None:
        current += " · " + phrase("label.areas-met", lang, met=p.areas_met, total=p.areas_judged)
    return current


def _has_trends(report: GapReport) -> bool:
    return any(p.trend is not None for p in report.targets)


def area_status(a: AreaProgress) -> str | None:
    """An area's status over time: None where it is not judged or has no series."""
    return a.trend.status.value if a.judged and a.trend is not None else None


def _status_label(status: str | None, lang: Lang) -> str:
    return phrase(f"label.{status}", lang) if status else ""


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
            per_year += f" ({phrase('label.overdue', lang)})"
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
                *(
                    [phrase(f"label.{p.trend.status.value}", lang) if p.trend else "–"]
                    if trends
                    else []
                ),
            ]
        )
        for a in p.areas:
            rows.append(
                [
                    "",
                    "",
                    f"  · {a.area or phrase('label.no-area', lang)}",
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
    return phrase("label.gap-caption", lang, orgs=fmt_number(report.organizations, lang),
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
        [phrase(f"label.{k}", lang) for k in keys],
        cells,
        justify=justify,
        title=phrase("label.gap-title", lang, census_year=report.census_year),
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
    changes = [changes_renderable(report.changes, lang)] if report.changes else []
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


#: The columns of the gap CSV; "status" (over time) follows where there is a series.
_CSV_COLUMNS = (
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
)


def gap_csv(report: GapReport, lang: Lang) -> str:
    """One row per target and per area of a per-area target; shares as fractions."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    trends = _has_trends(report)
    writer.writerow([*_CSV_COLUMNS, *(["status"] if trends else [])])
    for p in report.targets:
        writer.writerows(map(_csv_value, row) for row in _csv_rows(p, lang, trends))
    return buf.getvalue()


def _csv_rows(p: Progress, lang: Lang, trends: bool) -> list[list[Any]]:
    """The CSV rows of one target: its own, then one per area."""
    title = p.title_en if lang == "en" else p.title_vi
    rows: list[list[Any]] = [
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
        ]
    ]
    for a in p.areas:
        rows.append(
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
            ]
        )
    return rows


def _csv_value(value: Any) -> Any:
    """A boolean as true/false; anything else as it is (area names go through safe_cell)."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def gap_markdown(report: GapReport, lang: Lang) -> str:
    lines = [f"## {phrase('label.gap-title', lang, census_year=report.census_year)}", ""]
    lines.append(gap_caption(report, lang))
    lines.append("")
    columns = gap_columns(report)
    heads = [phrase(f"label.{k}", lang) for k in columns]
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
        lines += ["", changes_markdown(report.changes, lang).rstrip("\n")]
    return "\n".join(lines) + "\n"
