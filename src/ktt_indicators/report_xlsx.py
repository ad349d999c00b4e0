"""The gap report as a formatted Excel workbook, for people who work in Excel.

Sheets: a summary of every target (real numbers with number formats, a data bar
on progress, status colours), one sheet per target listing the organizations
behind its figure, the census findings, and the provenance of the inputs.

Every text cell is written as a string, never as a formula, so a census name
such as ``=HYPERLINK(...)`` cannot run. The workbook is deterministic: its
created and modified times, and the times of its zip entries, are
``prov.generated_at``.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import DataBarRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .census import Census
from .i18n import LANGS, Lang, label, text
from .progress import GapReport, Progress, trace
from .provenance import Provenance
from .render import explain_rows, gap_caption
from .targets import TargetsFile

COUNT_FORMAT = "#,##0"
AMOUNT_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0.0%"
PER_YEAR_FORMAT = "#,##0.0"

GREEN = PatternFill("solid", fgColor="C6EFCE")
RED = PatternFill("solid", fgColor="FFC7CE")
AMBER = PatternFill("solid", fgColor="FFEB9C")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)

#: The report's fixed sheets, by i18n label.
SHEETS = ("sheet-summary", "sheet-findings", "sheet-provenance")


#: The most characters a cell holds; Excel calls a workbook with a longer one damaged.
CELL_LIMIT = 32_767


def safe_text(value: str) -> str:
    """Text without the control characters a workbook cannot hold, cut to what a cell holds
    (a finding's message quotes a cell that may already be that long)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def _put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """Write one cell; text always as a literal string (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = safe_text(value)
        # openpyxl takes a string starting with "=" for a formula; make it a plain string.
        cell.data_type = "s"
    else:
        cell.value = value
        if number_format and value is not None:
            cell.number_format = number_format
    return cell


def _header(ws: Worksheet, row: int, heads: list[str], widths: list[int]) -> None:
    for col, (head, width) in enumerate(zip(heads, widths, strict=True), start=1):
        cell = _put(ws, row, col, head)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{row + 1}"
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(heads))}{row}"


def _value_format(p: Progress, x: float | None) -> str:
    if p.kind in ("share", "ratio"):
        return PERCENT_FORMAT
    if x is None or float(x).is_integer():
        return COUNT_FORMAT
    return AMOUNT_FORMAT


def _per_year_format(p: Progress) -> str:
    return PERCENT_FORMAT if p.kind in ("share", "ratio") else PER_YEAR_FORMAT


def _met_text(met: bool | None, lang: Lang) -> str:
    return label("unknown" if met is None else ("yes" if met else "no"), lang)


def _fill(met: bool | None) -> PatternFill:
    return AMBER if met is None else (GREEN if met else RED)


#: Columns of the summary sheet, by key; "status" only when some target has a trend.
SUMMARY_COLUMNS = (
    "id", "target-title", "year", "current", "target", "target-high",
    "gap", "met", "progress", "per-year",
)  # fmt: skip
SUMMARY_WIDTHS = {"id": 26, "target-title": 48, "year": 7, "met": 14, "status": 18}
SUMMARY_HEADER_ROW = 3


def summary_columns(report: GapReport) -> list[str]:
    trends = any(p.trend is not None for p in report.targets)
    return [*SUMMARY_COLUMNS, *(["status"] if trends else [])]


def _summary(ws: Worksheet, report: GapReport, lang: Lang) -> None:
    columns = summary_columns(report)
    title = label("gap-title", lang, census_year=report.census_year)
    _put(ws, 1, 1, f"{title} · {label('plan', lang)}: {report.plan_title}").font = TITLE_FONT
    _put(ws, 2, 1, gap_caption(report, lang))
    _header(
        ws,
        SUMMARY_HEADER_ROW,
        [label(k, lang) for k in columns],
        [SUMMARY_WIDTHS.get(k, 14) for k in columns],
    )
    for r, p in enumerate(report.targets, start=SUMMARY_HEADER_ROW + 1):
        per_year = None if p.per_year_needed in (None, 0) else p.per_year_needed
        values: dict[str, tuple[Any, str | None]] = {
            "id": (p.id, None),
            "target-title": (p.title_en if lang == "en" else p.title_vi, None),
            "year": (p.year, "0"),
            "current": (p.value, _value_format(p, p.value)),
            "target": (p.target, _value_format(p, p.target)),
            "target-high": (p.target_high, _value_format(p, p.target_high)),
            "gap": (p.gap, _value_format(p, p.gap)),
            "met": (_met_text(p.met, lang), None),
            "progress": (p.progress, PERCENT_FORMAT),
            "per-year": (per_year, _per_year_format(p)),
            "status": (label(p.trend.status.value, lang) if p.trend else None, None),
        }
        for c, key in enumerate(columns, start=1):
            value, number_format = values[key]
            cell = _put(ws, r, c, value, number_format)
            if key == "met":
                cell.fill = _fill(p.met)
            if key == "target-title":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if report.targets:
        col = get_column_letter(columns.index("progress") + 1)
        first, last = SUMMARY_HEADER_ROW + 1, SUMMARY_HEADER_ROW + len(report.targets)
        ws.conditional_formatting.add(
            f"{col}{first}:{col}{last}",
            DataBarRule(  # type: ignore[no-untyped-call]
                start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"
            ),
        )


def target_sheet_names(report: GapReport) -> dict[str, str]:
    """A unique sheet name (at most 31 characters) for each target id."""
    taken = {label(key, lang).casefold() for key in SHEETS for lang in LANGS}
    names: dict[str, str] = {}
    for p in report.targets:
        name, n = p.id[:31], 1
        while name.casefold() in taken:
            n += 1
            suffix = f"~{n}"
            name = p.id[: 31 - len(suffix)] + suffix
        taken.add(name.casefold())
        names[p.id] = name
    return names


def _target_sheet(
    ws: Worksheet, p: Progress, targets: TargetsFile, census: Census, lang: Lang
) -> None:
    target = targets.get(p.id)
    counted, base = trace(target, targets, census) if target is not None else ([], [])
    keys = ["org-code", "org-name", "org-form", "commune", "district", "file", "sheet", "row"]
    widths = [14, 40, 10, 22, 18, 30, 22, 8]
    if base:
        keys.append("in-numerator")
        widths.append(10)
    title = p.title_en if lang == "en" else p.title_vi
    _put(ws, 1, 1, f"{p.id} — {title}").font = TITLE_FONT
    _header(ws, 2, [label(k, lang) for k in keys], widths)
    for r, (org, in_num) in enumerate(explain_rows(counted, base), start=3):
        cells: list[Any] = [
            org.ma_so or "",
            org.ten,
            org.loai_hinh,
            org.xa_phuong,
            org.quan_huyen or "",
            org.source.file,
            org.source.sheet,
            org.source.row,
        ]
        if base:
            cells.append(label("true" if in_num else "false", lang))
        for c, value in enumerate(cells, start=1):
            _put(ws, r, c, value)


def _findings(ws: Worksheet, census: Census, lang: Lang) -> None:
    keys = ["file", "sheet", "cell", "severity", "code", "column", "value", "message"]
    _header(ws, 1, [label(k, lang) for k in keys], [30, 20, 8, 10, 22, 20, 20, 70])
    r = 2
    for f in census.files:
        for x in f.findings:
            cells = [
                x.file,
                x.sheet or "",
                x.cell or "",
                text(x.severity.value, lang),
                x.code,
                x.column or "",
                x.value or "",
                x.message(lang),
            ]
            for c, value in enumerate(cells, start=1):
                cell = _put(ws, r, c, value)
                if c == 4:
                    cell.fill = RED if x.severity.value == "error" else AMBER
            r += 1


def _changes_sheet_name(report: GapReport, names: dict[str, str], lang: Lang) -> str:
    from .render_changes import word

    name, taken = word("title", lang, year=report.census_year - 1)[:31], set(names.values())
    return name if name not in taken else name[:29] + "~2"


def _changes(ws: Worksheet, report: GapReport, lang: Lang) -> None:
    """The counts of what changed since last year (the names: ``ktt gap --explain``)."""
    from .render_changes import counts_header, counts_rows, footnotes, title

    assert report.changes is not None
    _put(ws, 1, 1, title(report.changes, lang)).font = TITLE_FONT
    heads = counts_header(lang)
    _header(ws, 2, heads, [60, *([10] * (len(heads) - 1))])
    r = 3
    for row in counts_rows(report.changes, lang):
        for c, value in enumerate(row, start=1):
            _put(ws, r, c, value if c == 1 else int(value), None if c == 1 else COUNT_FORMAT)
        r += 1
    for line in footnotes(report.changes, lang):
        _put(ws, r + 1, 1, line)
        r += 1


def _provenance(ws: Worksheet, prov: Provenance, lang: Lang) -> None:
    _header(ws, 1, [label("kind", lang), label("path", lang), "SHA-256"], [26, 50, 68])
    rows = [(label("input", lang), f.path, f.sha256) for f in prov.inputs]
    rows.append((label("targets-file", lang), prov.targets.path, prov.targets.sha256))
    if prov.history is not None:
        rows.append((label("history-file", lang), prov.history.path, prov.history.sha256))
    r = 2
    for kind, path, digest in rows:
        for c, value in enumerate((kind, path, digest or label("unreadable", lang)), start=1):
            _put(ws, r, c, value)
        r += 1
    _put(ws, r, 1, label("tool-version", lang))
    _put(ws, r, 2, prov.tool_version)
    _put(ws, r + 1, 1, label("generated-at", lang))
    _put(ws, r + 1, 2, prov.generated_at.replace(tzinfo=None), "yyyy-mm-dd hh:mm:ss")


def build_report_xlsx(
    report: GapReport,
    census: Census,
    targets: TargetsFile,
    prov: Provenance,
    lang: Lang = "vi",
) -> bytes:
    """The gap report as the bytes of an .xlsx workbook (see the module docstring)."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = label("sheet-summary", lang)
    _summary(summary, report, lang)
    names = target_sheet_names(report)
    for p in report.targets:
        _target_sheet(wb.create_sheet(names[p.id]), p, targets, census, lang)
    if report.changes is not None:
        _changes(wb.create_sheet(_changes_sheet_name(report, names, lang)), report, lang)
    _findings(wb.create_sheet(label("sheet-findings", lang)), census, lang)
    _provenance(wb.create_sheet(label("sheet-provenance", lang)), prov, lang)
    when = prov.generated_at.replace(tzinfo=None)
    wb.properties.creator = f"ktt {prov.tool_version}"
    wb.properties.created = when
    wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    return fix_times(buf.getvalue(), when)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fix_times(data: bytes, when: datetime) -> bytes:
    """Rewrite the zip with fixed entry times and ``when`` as the modified time.

    openpyxl stamps the modified time with the clock when it saves, and zip entries
    carry the time of writing; both would make two runs differ.
    """
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            dst.writestr(info, content)
    return out.getvalue()
