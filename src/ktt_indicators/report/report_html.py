"""A self-contained HTML report of a :class:`GapReport`: one page, inline CSS and SVG.

The page makes no network request of any kind (no scripts, fonts, images or links), so
it can be mailed, archived or opened offline. Every text from the census or the
targets file is escaped. Like :mod:`.render`, it computes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..core.i18n import Lang, phrase
from ..plan.progress import AreaProgress, GapReport, Progress
from ..plan.trend import Trend
from .formats import fmt_number, fmt_percent, fmt_target, fmt_value, status_text
from .official import DocumentHeader
from .provenance import Provenance
from .render import area_status, current_text, gap_caption, gap_columns, gap_rows, row_facts
from .render_changes import changes_html
from .render_trend import (
    areas_behind_sentence,
    fmt_series_value,
    series_goal,
    series_of_areas,
    trend_words,
)
from .report_head import doc_date, doc_number, signature_lines

_MET_CLASS = {True: "met", False: "unmet", None: "unknown"}
_STATUS_COLOUR = {
    "achieved": "#1a7f37",
    "on_track": "#2da44e",
    "needs_acceleration": "#bf8700",
    "limited_progress": "#d1242f",
    "deterioration": "#82071e",
    "insufficient_data": "#6e7781",
}

_CSS = """
body{font-family:"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:0;
padding:24px 32px;color:#1f2328;background:#f6f8fa;line-height:1.4}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;margin:28px 0 10px}
.sub{color:#57606a;margin:0 0 18px}
.cards{display:grid;align-items:start;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px 16px}
.card h3{font-size:1.05em;margin:0 0 2px}.id{color:#57606a;font-size:.85em;font-family:monospace}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:10px 0;font-size:.92em}
dt{color:#57606a}dd{margin:0}
.met{color:#1a7f37;font-weight:600}.unmet{color:#d1242f;font-weight:600}
.unknown{color:#9a6700;font-weight:600}
.status{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.85em}
table{border-collapse:collapse;background:#fff;font-size:.88em}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}td.num{text-align:right;white-space:nowrap}
table.areas{margin-top:8px;font-size:.82em}
.behind{margin:8px 0 0;font-size:.92em}
.muted{color:#57606a;font-size:.85em}code{font-size:.85em;word-break:break-all}
svg text{font-family:inherit}
table.summary th:nth-child(3),table.summary td:nth-child(3){min-width:14em}
.doc-head{display:grid;grid-template-columns:2fr 3fr;text-align:center;margin:0 0 18px;
font-family:"Times New Roman","Liberation Serif",serif}
.doc-head b{display:block}.doc-head .rule{width:40%;margin:2px auto 8px;border-top:1px solid #000}
.doc-head i{display:block}
.signature{display:grid;grid-template-columns:1fr 1fr;margin-top:28px;break-inside:avoid;
font-family:"Times New Roman","Liberation Serif",serif}
.signature .to{font-size:.85em}.signature .sign{text-align:center;font-weight:700}
.signature .space{height:6em}
@page{size:A4;margin:15mm 12mm 15mm 15mm}
@media print{
body{background:#fff;padding:0;font-size:10.5pt}
.cards{display:block}
.card{break-inside:avoid;page-break-inside:avoid;margin:0 0 10px;border-color:#8c959f}
svg.bar,svg.chart{max-width:100%;height:auto}
h2{break-after:avoid;page-break-after:avoid}
table.summary{width:100%;font-size:8pt;table-layout:fixed}
table.summary thead{display:table-header-group}
table.summary tr,table.areas tr{break-inside:avoid;page-break-inside:avoid}
table.summary th:nth-child(1){width:14%}table.summary th:nth-child(2){width:5%}
table.summary th:nth-child(3){width:20%;min-width:0}table.summary th:nth-child(4){width:11%}
table.summary th:nth-child(5){width:11%}table.summary th:nth-child(6){width:7%}
table.summary th:nth-child(7){width:7%}table.summary th:nth-child(8){width:8%}
table.summary th:nth-child(9){width:9%}table.summary th:nth-child(10){width:8%}
table.summary td:nth-child(1){overflow-wrap:anywhere}table.summary td.num{white-space:normal}
code{font-size:7.5pt}
}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _met_span(met: bool | None, above: bool, lang: Lang) -> str:
    return f'<span class="{_MET_CLASS[met]}">{_e(status_text(met, above, lang))}</span>'


def _status_badge(trend: Trend, lang: Lang) -> str:
    return _badge(trend.status.value, lang)


def _badge(status: str, lang: Lang) -> str:
    colour = _STATUS_COLOUR.get(status, "#6e7781")
    words = _e(phrase(f"label.{status}", lang))
    return f'<span class="status" style="background:{colour}">{words}</span>'


def bar_colour(p: Progress) -> str:
    """The bar's colour by status: the status over time where there is a series, else how
    close the figure is (met, at least 80%, at least 50%, below), so that 95.8% and 39% are
    not the same red."""
    if p.met:
        return "#2da44e"
    if p.trend is not None and p.trend.status.value != "insufficient_data":
        return _STATUS_COLOUR[p.trend.status.value]
    if p.met is None or p.progress is None:
        return "#6e7781"
    if p.progress >= 0.8:
        return "#bf8700"
    return "#e16f24" if p.progress >= 0.5 else "#d1242f"


def progress_bar_svg(p: Progress, lang: Lang, width: int = 480, height: int = 26) -> str:
    """A horizontal bar: the progress (capped at 100%) and a marker at the target (100%)."""
    left, right = 4, 70
    track = width - left - right
    fraction = p.progress
    filled = 0.0 if fraction is None else max(0.0, min(fraction, 1.0)) * track
    colour = bar_colour(p)
    marker = left + track
    text = _e(fmt_percent(fraction, lang))
    title = _e(f"{phrase('label.progress', lang)}: {fmt_percent(fraction, lang)}")
    return (
        f'<svg class="bar" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        f'<rect x="{left}" y="6" width="{track}" height="14" rx="3" fill="#eaeef2"/>'
        f'<rect x="{left}" y="6" width="{filled:.1f}" height="14" rx="3" fill="{colour}"/>'
        f'<line x1="{marker}" y1="1" x2="{marker}" y2="{height - 1}" stroke="#1f2328" '
        f'stroke-width="2"/>'
        f'<text x="{marker + 6}" y="18" font-size="12" fill="#1f2328">{text}</text>'
        "</svg>"
    )


@dataclass(frozen=True)
class _Plot:
    """Where a chart draws: its size, margins and the ranges of years and values."""

    width: int
    height: int
    first: int
    last: int
    top: float
    bottom: float
    ml: int = 56
    mr: int = 16
    mt: int = 12
    mb: int = 28

    @property
    def pw(self) -> int:
        return self.width - self.ml - self.mr

    @property
    def ph(self) -> int:
        return self.height - self.mt - self.mb

    def x(self, year: float) -> float:
        return self.ml + (year - self.first) / max(self.last - self.first, 1) * self.pw

    def y(self, value: float) -> float:
        return self.mt + (self.top - value) / (self.top - self.bottom) * self.ph


def trend_chart_svg(p: Progress, lang: Lang, width: int = 480, height: int = 190) -> str:
    """A line chart of the series by year, the target dashed, the projection dashed."""
    trend = p.trend
    if trend is None or len(trend.points) < 2:
        return ""
    pts = [(pt.year, pt.value) for pt in trend.points]
    goal = series_goal(p)
    values = [v for _, v in pts] + ([goal] if goal is not None else [])
    if trend.projected is not None:
        values.append(trend.projected)
    plot = _Plot(width, height, pts[0][0], max(p.year, pts[-1][0]),
                 top=max(values) * 1.1 or 1.0, bottom=min(0.0, min(values)))  # fmt: skip
    out = _chart_axes(p, plot, pts, lang)
    if goal is not None:
        out.append(_chart_target(p, plot, goal, lang))
    if trend.projected is not None and plot.last > pts[-1][0]:
        out.append(_chart_projection(p, plot, pts[-1], trend.projected, lang))
    coords = " ".join(f"{plot.x(yr):.1f},{plot.y(v):.1f}" for yr, v in pts)
    out.append(f'<polyline points="{coords}" fill="none" stroke="#0969da" stroke-width="2"/>')
    for pt in trend.points:
        fill = "#0969da" if pt.source == "census" else "#fff"
        out.append(
            f'<circle cx="{plot.x(pt.year):.1f}" cy="{plot.y(pt.value):.1f}" r="3.5" '
            f'fill="{fill}" stroke="#0969da"><title>{pt.year}: '
            f"{_e(fmt_series_value(p, pt.value, lang))} ({_e(pt.source)})</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def _chart_axes(p: Progress, plot: _Plot, pts: list[tuple[int, float]], lang: Lang) -> list[str]:
    """The chart's frame: its axes, three values up the side and the years along the foot."""
    ml, mt, pw, ph = plot.ml, plot.mt, plot.pw, plot.ph
    out = [
        f'<svg class="chart" width="{plot.width}" '
        f'height="{plot.height}" viewBox="0 0 {plot.width} {plot.height}" role="img" '
        f'aria-label="{_e(phrase("label.series", lang))}">'
        f"<title>{_e(phrase('label.series', lang))}</title>",
        f'<line x1="{ml}" y1="{mt + ph}" x2="{ml + pw}" y2="{mt + ph}" stroke="#8c959f"/>',
        f'<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{mt + ph}" stroke="#8c959f"/>',
    ]
    areas = series_of_areas(p)
    for value in (plot.bottom, (plot.bottom + plot.top) / 2, plot.top):
        if not areas and p.kind not in ("share", "ratio"):
            value = float(round(value))
        out.append(
            f'<text x="{ml - 4}" y="{plot.y(value) + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#57606a">{_e(fmt_series_value(p, value, lang))}</text>'
        )
    for yr in sorted({yr for yr, _ in pts} | {plot.last}):
        out.append(
            f'<text x="{plot.x(yr):.1f}" y="{plot.height - 10}" font-size="10" '
            f'text-anchor="middle" fill="#57606a">{yr}</text>'
        )
    return out


def _chart_target(p: Progress, plot: _Plot, goal: float, lang: Lang) -> str:
    """The target, dashed, across the whole span (a direction only has no line), labelled at
    its left end, where the projection (on the right) does not run over the label."""
    ty = plot.y(goal)
    wanted = fmt_series_value(p, goal, lang) if series_of_areas(p) else fmt_target(p, lang)
    return (
        f'<line x1="{plot.ml}" y1="{ty:.1f}" x2="{plot.ml + plot.pw}" y2="{ty:.1f}" '
        f'stroke="#d1242f" stroke-dasharray="6 4" stroke-width="1.5"/>'
        f'<text x="{plot.ml + 6}" y="{ty - 4:.1f}" font-size="10" text-anchor="start" '
        f'fill="#d1242f">{_e(phrase("label.target", lang))} {_e(wanted)}</text>'
    )


def _chart_projection(
    p: Progress, plot: _Plot, latest: tuple[int, float], projected: float, lang: Lang
) -> str:
    """The projection from the latest point to the target year, dashed; its label on the side
    of the point the line does not come from (above a rise, below a fall)."""
    lx, ly = plot.x(latest[0]), plot.y(latest[1])
    px, py = plot.x(plot.last), plot.y(projected)
    return (
        f'<path class="projection" d="M{lx:.1f},{ly:.1f} L{px:.1f},{py:.1f}" fill="none" '
        f'stroke="#0969da" stroke-dasharray="4 4" stroke-width="1.5"/>'
        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="#fff" stroke="#0969da"/>'
        f'<text x="{px - 4:.1f}" y="{py - 8 if py < ly else py + 14:.1f}" font-size="10" '
        f'text-anchor="end" '
        f'fill="#0969da">{_e(phrase("label.projection", lang))} '
        f"{_e(fmt_series_value(p, projected, lang))}</text>"
    )


def _areas_table(p: Progress, areas: list[AreaProgress], lang: Lang) -> str:
    """The areas of a per-area target; their status over time where some area has a series
    (an area not judged shows none)."""
    trends = any(area_status(a) for a in areas)
    keys = ("area", "current", "gap", "met", *(("status",) if trends else ()))
    head = "".join(f"<th>{_e(phrase(f'label.{k}', lang))}</th>" for k in keys)

    def status(a: AreaProgress) -> str:
        value = area_status(a)
        return f"<td>{_badge(value, lang) if value else ''}</td>" if trends else ""

    rows = "".join(
        "<tr>"
        f"<td>{_e(a.area or phrase('label.no-area', lang))}</td>"
        f'<td class="num">{_e(fmt_value(p, a.value, lang))}</td>'
        f'<td class="num">{_e(fmt_value(p, a.gap, lang)) if a.judged else ""}</td>'
        f"<td>{_met_span(a.met, a.above_range, lang) if a.judged else ''}</td>"
        f"{status(a)}"
        "</tr>"
        for a in areas
    )
    return f'<table class="areas"><tr>{head}</tr>{rows}</table>'


def _card(p: Progress, lang: Lang) -> str:
    title = p.title_en if lang == "en" else p.title_vi
    current = current_text(p, lang)
    items = [
        ("current", _e(current)),
        ("target", _e(f"{fmt_target(p, lang)} ({p.year})")),
        ("gap", _e(fmt_value(p, p.gap, lang))),
        ("met", _met_span(p.met, p.above_range, lang)),
    ]
    if p.trend is not None:
        items.append(("status", _status_badge(p.trend, lang)))
    dl = "".join(f"<dt>{_e(phrase(f'label.{k}', lang))}</dt><dd>{v}</dd>" for k, v in items)
    parts = [
        f'<section class="card" id="t-{_e(p.id)}">',
        f"<h3>{_e(title)}</h3>",
        f'<div class="id">{_e(p.id)}</div>',
        f"<dl>{dl}</dl>",
        progress_bar_svg(p, lang),
    ]
    chart = trend_chart_svg(p, lang)
    if chart:
        parts.append(f"<div>{chart}</div>")
    words = trend_words(p, lang)
    if words:  # what the status compares, or why there is none
        parts.append(f'<p class="trend">{_e(words)}</p>')
    if p.group_by and p.areas:
        parts.append(_areas_table(p, p.areas, lang))
    if p.source:
        parts.append(f'<p class="muted">{_e(phrase("label.source", lang))}: {_e(p.source)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _summary_table(report: GapReport, lang: Lang) -> str:
    columns = gap_columns(report)
    numeric = {"current", "progress", "gap", "per-year"}
    head = "".join(f"<th>{_e(phrase(f'label.{k}', lang))}</th>" for k in columns)
    met_col = columns.index("met")
    body = []
    for row, facts in zip(gap_rows(report, lang), row_facts(report), strict=True):
        met = facts.met
        cells = []
        for i, (key, cell) in enumerate(zip(columns, row, strict=True)):
            if i == met_col:
                cells.append(f'<td class="{_MET_CLASS[met]}">{_e(cell)}</td>')
            else:
                cls = ' class="num"' if key in numeric else ""
                cells.append(f"<td{cls}>{_e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    behind = [line for p in report.targets if (line := areas_behind_sentence(p, lang))]
    lines = "".join(f'<p class="behind">{_e(line)}</p>' for line in behind)
    return (
        f'<table class="summary"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{lines}"
    )


def _notes(report: GapReport, lang: Lang) -> str:
    items = []
    for p in report.targets:
        note = p.note_en if lang == "en" else p.note_vi
        if note:
            items.append(f"<li><b>{_e(p.id)}</b>: {_e(note)}</li>")
        for c in p.context:
            text = c.label_en if lang == "en" else c.label_vi
            items.append(f"<li><b>{_e(p.id)}</b>: {_e(text)}: {_e(fmt_number(c.value, lang))}</li>")
    for lo in report.left_out:
        what = (
            phrase("label.whole-file", lang)
            if lo.whole_file
            else f"{phrase('label.rows', lang)} " + ", ".join(str(r) for r in lo.rows)
        )
        items.append(f"<li>{_e(phrase('label.left-out', lang))}: {_e(lo.file)} ({_e(what)})</li>")
    if not items:
        return ""
    return f"<h2>{_e(phrase('label.notes', lang))}</h2><ul>{''.join(items)}</ul>"


def _provenance(prov: Provenance, lang: Lang) -> str:
    def row(kind: str, path: str, sha: str | None) -> str:
        digest = f"<code>{_e(sha)}</code>" if sha else _e(phrase("label.unreadable", lang))
        return f"<tr><td>{_e(kind)}</td><td>{_e(path)}</td><td>{digest}</td></tr>"

    rows = [row(phrase("label.inputs", lang), f.path, f.sha256) for f in prov.inputs]
    rows.append(row(phrase("label.targets-file", lang), prov.targets.path, prov.targets.sha256))
    if prov.history is not None:
        rows.append(row(phrase("label.history", lang), prov.history.path, prov.history.sha256))
    return (
        f"<h2>{_e(phrase('label.provenance', lang))}</h2>"
        f"<table><tr><th></th><th>{_e(phrase('label.file', lang))}</th><th>SHA-256</th></tr>"
        f"{''.join(rows)}</table>"
        f'<p class="muted">{_e(phrase("label.tool-version", lang))}: {_e(prov.tool_version)} · '
        f"{_e(phrase('label.generated-at', lang))}: {_e(prov.generated_at.isoformat())}</p>"
    )


def _doc_head(header: DocumentHeader, report: GapReport, lang: Lang) -> str:
    """The head of the report document (Decree 30), as the .docx has it."""
    parent = f"<span>{_e(header.parent.upper())}</span>" if header.parent else ""
    issuer = _e((header.issuer or "").upper())
    return (
        '<header class="doc-head">'
        f'<div>{parent}<b>{issuer}</b><div class="rule"></div>{_e(doc_number(header, lang))}</div>'
        f"<div><b>{_e(phrase('label.doc-motto-1', lang))}</b>"
        f"<b>{_e(phrase('label.doc-motto-2', lang))}</b>"
        f'<div class="rule"></div><i>{_e(doc_date(header, lang, report.census_year))}</i></div>'
        "</header>"
        f'<p style="text-align:center"><b>{_e(phrase("label.doc-type", lang))}</b><br>'
        f"<b>{_e(phrase('label.doc-title', lang, year=report.census_year))}</b></p>"
    )


def _signature(header: DocumentHeader, lang: Lang) -> str:
    recipients = [*header.recipients, phrase("label.doc-archive", lang)]
    items = "".join(f"<br>- {_e(r)}" for r in recipients)
    lines = "".join(f"<div>{_e(x.upper())}</div>" for x in signature_lines(header))
    return (
        '<footer class="signature">'
        f'<div class="to"><b><i>{_e(phrase("label.doc-recipients", lang))}</i></b>{items}</div>'
        f'<div class="sign">{lines}<div class="space"></div>'
        f"<div>{_e(header.signer_name or '')}</div></div></footer>"
    )


def build_report_html(
    report: GapReport,
    lang: Lang = "vi",
    prov: Provenance | None = None,
    header: DocumentHeader | None = None,
) -> str:
    """The gap report as one self-contained HTML page in ``lang``."""
    heading = phrase("label.gap-title", lang, census_year=report.census_year)
    caption = gap_caption(report, lang)
    body = [
        *([_doc_head(header, report, lang)] if header is not None else []),
        f"<h1>{_e(report.plan_title)}</h1>",
        f'<p class="sub">{_e(heading)}<br>{_e(caption)}</p>',
        '<div class="cards">',
        *(_card(p, lang) for p in report.targets),
        "</div>",
        f"<h2>{_e(phrase('label.summary', lang))}</h2>",
        _summary_table(report, lang),
        _notes(report, lang),
    ]
    if report.changes is not None:
        body.append(changes_html(report.changes, lang))
    if header is not None:
        body.append(_signature(header, lang))
    if prov is not None:
        body.append(_provenance(prov, lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(report.plan_title)} — {report.census_year}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
