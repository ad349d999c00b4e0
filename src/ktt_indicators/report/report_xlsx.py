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

from ..census.reader import Census
from ..core.i18n import LANGS, Lang, phrase
from ..plan.progress import GapReport, Progress, trace
from ..plan.targets import Comparison, TargetsFile
from . import render_changes
from .formats import fmt_value
from .provenance import Provenance
from .render import gap_caption
from .render_lists import explain_rows
from .render_trend import areas_behind_sentence

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
    # A heading wraps to at most two lines in its width; the row is as high as that, so the
    # heading does not run over the first row.
    lines = max(1 + len(h) // max(w - 1, 1) for h, w in zip(heads, widths, strict=True))
    ws.row_dimensions[row].height = 15 * min(lines, 3)
    ws.freeze_panes = f"A{row + 1}"
    ws.auto_filter.ref = f"A{row}:{get_column_letter(len(heads))}{row}"
    ws.print_title_rows = f"{row}:{row}"


#: Print setup of every sheet: A4, one page wide, header rows repeated (print_title_rows),
#: the report's title in the page header and "page n/N" in the footer.
def print_setup(ws: Worksheet, title: str, lang: Lang, *, one_page: bool = False) -> None:
    widths = sum(
        (ws.column_dimensions[get_column_letter(c)].width or 13)
        for c in range(1, ws.max_column + 1)
    )
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    # About 95 characters of Calibri 11 fit across a portrait A4 page, 140 across a landscape.
    ws.page_setup.orientation = "landscape" if widths > 95 else "portrait"
    setup = ws.sheet_properties.pageSetUpPr
    assert setup is not None
    setup.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    head, foot = ws.oddHeader, ws.oddFooter
    assert head is not None and foot is not None
    head.center.text = safe_text(title.replace("&", "&&"))[:250]
    head.center.size = 9
    foot.left.text = "&A"
    foot.left.size = 9
    foot.right.text = f"{phrase('label.page', lang)} &P/&N"
    foot.right.size = 9


#: The locale of the summary's number formats, so that the cells read as the captions and
#: the other reports write numbers (1.749 and 57,5% in Vietnamese) whatever the locale of
#: the spreadsheet program; LibreOffice follows it, Excel uses the system's separators.
LOCALE_PREFIX = {"vi": "[$-42A]", "en": "[$-409]"}


def localize_formats(ws: Worksheet, lang: Lang) -> None:
    for line in ws.iter_rows():
        for cell in line:
            if cell.number_format != "General" and not cell.number_format.startswith("[$"):
                cell.number_format = LOCALE_PREFIX[lang] + cell.number_format


def _value_format(p: Progress, x: float | None) -> str:
    if p.kind in ("share", "ratio"):
        return PERCENT_FORMAT
    if x is None or float(x).is_integer():
        return COUNT_FORMAT
    return AMOUNT_FORMAT


def _words(text: str) -> str:
    """Text as a literal inside a number format."""
    return '"' + text.replace('"', "") + '"'


def target_format(p: Progress, lang: Lang) -> str:
    """The target cell's number format, which keeps the document's words around the number:
    "khoảng 2.000", "từ 80 đến 100", "trên 60,0%" (the cell stays a number, the low end)."""
    word = phrase(f"label.{p.comparison.value}", lang)
    number = _value_format(p, p.target)
    if p.comparison == Comparison.ALL:
        return _words(f"{word} (") + "0%" + _words(")")
    if p.comparison == Comparison.BETWEEN and p.target_high is not None:
        high = fmt_value(p, p.target_high, lang)
        return _words(f"{word} ") + number + _words(f" {phrase('label.to', lang)} {high}")
    return _words(f"{word} ") + number


def current_format(p: Progress, lang: Lang) -> str:
    """The current value's format; a per-area target adds its verdict: "8 · 6/9 địa bàn đạt"."""
    number = _value_format(p, p.value)
    if p.group_by and p.areas_met is not None:
        judged = sum(1 for a in p.areas if a.judged)
        verdict = phrase("label.areas-met", lang, met=p.areas_met, total=judged)
        return number + _words(f" · {verdict}")
    return number


def overdue(p: Progress) -> bool:
    return p.years_left <= 0 and p.met is False


def _per_year_format(p: Progress) -> str:
    return PERCENT_FORMAT if p.kind in ("share", "ratio") else PER_YEAR_FORMAT


def _met_text(met: bool | None, lang: Lang) -> str:
    return phrase("label.unknown" if met is None else ("label.yes" if met else "label.no"), lang)


def _fill(met: bool | None) -> PatternFill:
    return AMBER if met is None else (GREEN if met else RED)


#: Columns of the summary sheet, by key; "status" only when some target has a trend. The
#: target cell shows its words and both ends of a range ("từ 80 đến 100"), so the upper end
#: needs no column of its own.
SUMMARY_COLUMNS = (
    "id", "target-title", "year", "current", "target",
    "gap", "met", "progress", "per-year",
)  # fmt: skip
SUMMARY_WIDTHS = {"id": 24, "target-title": 40, "year": 6, "current": 22, "target": 18,
                  "gap": 11, "met": 11, "progress": 10, "per-year": 18, "status": 17}  # fmt: skip
SUMMARY_HEADER_ROW = 3
#: The id column is as wide as the longest id (an id is never cut), within these.
ID_WIDTHS = (12, 36)


def summary_widths(report: GapReport) -> dict[str, int]:
    """Each summary column's width; the id column's from the ids it shows."""
    longest = max((len(p.id) for p in report.targets), default=0)
    return {**SUMMARY_WIDTHS, "id": max(ID_WIDTHS[0], min(ID_WIDTHS[1], longest + 2))}


def summary_columns(report: GapReport) -> list[str]:
    trends = any(p.trend is not None for p in report.targets)
    return [*SUMMARY_COLUMNS, *(["status"] if trends else [])]


def _summary(ws: Worksheet, report: GapReport, lang: Lang) -> None:
    columns = summary_columns(report)
    widths = summary_widths(report)
    title = phrase("label.gap-title", lang, census_year=report.census_year)
    last = get_column_letter(len(columns))
    for row, (text_, font, height) in enumerate(
        ((f"{title} · {phrase('label.plan', lang)}: {report.plan_title}", TITLE_FONT, 36),
         (gap_caption(report, lang), None, 16)), start=1
    ):  # fmt: skip
        cell = _put(ws, row, 1, text_)
        if font is not None:
            cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = height
    _header(
        ws,
        SUMMARY_HEADER_ROW,
        [phrase(f"label.{k}", lang) for k in columns],
        [widths.get(k, 14) for k in columns],
    )
    for r, p in enumerate(report.targets, start=SUMMARY_HEADER_ROW + 1):
        per_year = None if p.per_year_needed in (None, 0) else p.per_year_needed
        per_year_format = _per_year_format(p)
        if overdue(p):  # the whole gap is due now, in the value's unit
            per_year_format = _value_format(p, per_year) + _words(
                f" ({phrase('label.overdue', lang)})"
            )
        title_text = p.title_en if lang == "en" else p.title_vi
        values: dict[str, tuple[Any, str | None]] = {
            "id": (p.id, None),
            "target-title": (title_text, None),
            "year": (p.year, "0"),
            "current": (p.value, current_format(p, lang)),
            "target": (p.target, target_format(p, lang)),
            "gap": (p.gap, _value_format(p, p.gap)),
            "met": (_met_text(p.met, lang), None),
            "progress": (p.progress, PERCENT_FORMAT),
            "per-year": (per_year, per_year_format),
            "status": (phrase(f"label.{p.trend.status.value}", lang) if p.trend else None, None),
        }
        for c, key in enumerate(columns, start=1):
            value, number_format = values[key]
            cell = _put(ws, r, c, value, number_format)
            cell.alignment = Alignment(wrap_text=key in ("target-title", "status"),
                                       vertical="top")  # fmt: skip
            if key == "met":
                cell.fill = _fill(p.met)
        lines = 1 + len(title_text) // (widths["target-title"] - 2)
        ws.row_dimensions[r].height = 15 * lines
    if report.targets:
        col = get_column_letter(columns.index("progress") + 1)
        first, end = SUMMARY_HEADER_ROW + 1, SUMMARY_HEADER_ROW + len(report.targets)
        ws.conditional_formatting.add(
            f"{col}{first}:{col}{end}",
            DataBarRule(  # type: ignore[no-untyped-call]
                start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"
            ),
        )
    _behind(ws, report, lang, SUMMARY_HEADER_ROW + len(report.targets) + 2, last)


def _behind(ws: Worksheet, report: GapReport, lang: Lang, row: int, last: str) -> None:
    """Under the table, a line per target naming the areas falling behind (the summary has
    a row per target only)."""
    widths = summary_widths(report)
    width = sum(widths.get(k, 14) for k in summary_columns(report))
    for p in report.targets:
        line = areas_behind_sentence(p, lang)
        if line is None:
            continue
        cell = _put(ws, row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = 15 * (1 + len(line) // max(width - 2, 1))
        row += 1


def target_sheet_names(report: GapReport, lang: Lang = "vi") -> dict[str, str]:
    """A sheet name for each target: the annex number, in the summary's order ("PL 1"), and
    as much of the target's id as fits in 31 characters; the sheet's first row names it in
    full, so a name is never the only place an id is cut."""
    taken = {phrase(f"label.{key}", x).casefold() for key in SHEETS for x in LANGS}
    names: dict[str, str] = {}
    for n, p in enumerate(report.targets, start=1):
        head = f"{phrase('label.annex-short', lang)} {n} "
        name = (head + p.id)[:31]
        if name.casefold() in taken:
            name = head.strip()
        taken.add(name.casefold())
        names[p.id] = name
    return names


def _target_sheet(
    ws: Worksheet, p: Progress, number: int, targets: TargetsFile, census: Census, lang: Lang
) -> None:
    """Annex ``number``: the organizations behind one target's figure."""
    target = targets.get(p.id)
    counted, base = trace(target, targets, census) if target is not None else ([], [])
    keys = ["org-code", "org-name", "org-form", "commune", "district", "file", "sheet", "row"]
    widths = [12, 20, 8, 12, 12, 12, 12, 6]
    if base:
        keys.append("in-numerator")
        widths.append(9)
    title = p.title_en if lang == "en" else p.title_vi
    _put(ws, 1, 1, f"{phrase('label.annex', lang)} {number}: {title} ({p.id})").font = TITLE_FONT
    rows = explain_rows(counted, base)
    # Each column as wide as its longest text (names are never cut by the next column);
    # the page is then scaled to one page wide.
    texts = [(o.ma_so or "", o.ten, o.loai_hinh, o.xa_phuong, o.quan_huyen or "",
              o.source.file, o.source.sheet) for o, _ in rows]  # fmt: skip
    for c, column in enumerate(zip(*texts, strict=True) if texts else []):
        widths[c] = max(widths[c], min(70, 2 + max(len(x) for x in column)))
    _header(ws, 2, [phrase(f"label.{k}", lang) for k in keys], widths)
    for r, (org, in_num) in enumerate(rows, start=3):
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
            cells.append(phrase("label.true" if in_num else "label.false", lang))
        for c, value in enumerate(cells, start=1):
            _put(ws, r, c, value)


FINDING_WIDTHS = (24, 16, 7, 10, 20, 18, 18, 60)


def _findings(ws: Worksheet, census: Census, lang: Lang) -> None:
    keys = ["file", "sheet", "cell", "severity", "kind", "column", "value", "message"]
    _header(ws, 1, [phrase(f"label.{k}", lang) for k in keys], list(FINDING_WIDTHS))
    wrap = Alignment(wrap_text=True, vertical="top")
    r = 2
    for f in census.files:
        for x in f.findings:
            cells = [
                x.file,
                x.sheet or "",
                x.cell or "",
                phrase(f"text.{x.severity.value}", lang),
                x.title(lang),
                x.column or "",
                x.value or "",
                x.message(lang),
            ]
            for c, value in enumerate(cells, start=1):
                cell = _put(ws, r, c, value)
                if c in (1, 5, 6, 7, 8):
                    cell.alignment = wrap
                if c == 4:
                    cell.fill = RED if x.severity.value == "error" else AMBER
            # Wrapped cells are as high as their longest text needs (LibreOffice does not
            # grow a row it reads from a file).
            lines = max(1 + len(str(v)) // w for v, w in zip(cells, FINDING_WIDTHS, strict=True))
            ws.row_dimensions[r].height = 15 * min(lines, 20)
            r += 1


def _changes_sheet_name(report: GapReport, names: dict[str, str], lang: Lang) -> str:
    name, taken = (
        phrase("changes.title", lang, year=report.census_year - 1)[:31],
        set(names.values()),
    )
    return name if name not in taken else name[:29] + "~2"


def _changes(ws: Worksheet, report: GapReport, lang: Lang) -> None:
    """The counts of what changed since last year (the names: ``ktt gap --explain``)."""
    assert report.changes is not None
    _put(ws, 1, 1, render_changes.title(report.changes, lang)).font = TITLE_FONT
    heads = render_changes.counts_header(lang)
    _header(ws, 2, heads, [60, *([10] * (len(heads) - 1))])
    r = 3
    for row in render_changes.counts_rows(report.changes, lang):
        for c, value in enumerate(row, start=1):
            _put(ws, r, c, value if c == 1 else int(value), None if c == 1 else COUNT_FORMAT)
        r += 1
    for line in render_changes.footnotes(report.changes, lang):
        _put(ws, r + 1, 1, line)
        r += 1


def _provenance(ws: Worksheet, prov: Provenance, lang: Lang) -> None:
    _header(
        ws, 1, [phrase("label.kind", lang), phrase("label.path", lang), "SHA-256"], [22, 50, 68]
    )
    rows = [(phrase("label.input", lang), f.path, f.sha256) for f in prov.inputs]
    rows.append((phrase("label.targets-file", lang), prov.targets.path, prov.targets.sha256))
    if prov.history is not None:
        rows.append((phrase("label.history-file", lang), prov.history.path, prov.history.sha256))
    r = 2
    for kind, path, digest in rows:
        for c, value in enumerate(
            (kind, path, digest or phrase("label.unreadable", lang)), start=1
        ):
            _put(ws, r, c, value)
        r += 1
    _put(ws, r, 1, phrase("label.tool-version", lang))
    _put(ws, r, 2, prov.tool_version)
    _put(ws, r + 1, 1, phrase("label.generated-at", lang))
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
    summary.title = phrase("label.sheet-summary", lang)
    _summary(summary, report, lang)
    localize_formats(summary, lang)
    title = phrase("label.gap-title", lang, census_year=report.census_year)
    print_setup(summary, title, lang, one_page=True)
    names = target_sheet_names(report, lang)
    for n, p in enumerate(report.targets, start=1):
        ws = wb.create_sheet(names[p.id])
        _target_sheet(ws, p, n, targets, census, lang)
        print_setup(ws, f"{title} · {phrase('label.annex', lang)} {n}", lang)
    if report.changes is not None:
        changes = wb.create_sheet(_changes_sheet_name(report, names, lang))
        _changes(changes, report, lang)
        print_setup(changes, title, lang)
    findings = wb.create_sheet(phrase("label.sheet-findings", lang))
    _findings(findings, census, lang)
    print_setup(findings, title, lang)
    provenance_ws = wb.create_sheet(phrase("label.sheet-provenance", lang))
    _provenance(provenance_ws, prov, lang)
    print_setup(provenance_ws, title, lang)
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
