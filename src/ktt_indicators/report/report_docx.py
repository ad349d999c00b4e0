"""The gap report as the administrative document an official signs (``-o report.docx``).

Laid out as Decree 30/2020/NĐ-CP prescribes: A4, Times New Roman, margins of 20 mm top
and bottom, 30 mm left and 15 mm right; the issuing body top left and the national motto
top right, the number and symbol, the place and date, the document type and title; the
body; "Nơi nhận" and the signature block; page numbers at the top centre from page 2.

The body says what the figures rest on, gives one section per group of targets (each
figure, its target, the gap, the status in words, the change since the previous figure,
the areas of a per-area target), a summary table, what changed since last year and which
units sent their figures (where given, see :mod:`.official`). Target ids, file paths and
hashes appear only in the annex. Like :mod:`.render`, it computes nothing. python-docx is
imported only here and in :mod:`.docx_parts` (the page, fonts, paragraphs and tables), so
only ``-o report.docx`` (and ``.pdf``) needs it.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from ..census.reader import Census
from ..census.schema import COLUMNS_BY_KEY, LegalForm, Status
from ..core.i18n import Lang, phrase
from ..plan.progress import GapReport, Progress
from ..plan.targets import Comparison, TargetsFile
from .docx_parts import (
    a4_portrait,
    centred,
    column_widths,
    grid_table,
    no_borders,
    page_number_header,
    paragraph,
    rule,
    set_font,
)
from .formats import fmt_number, fmt_percent, fmt_target, fmt_value, status_text
from .official import CHANGE_GROUPS, Changes, DocumentHeader, Units
from .provenance import Provenance
from .render import area_status, current_text
from .render_trend import areas_behind_words, previous_point, trend_words
from .report_head import doc_date, doc_number, signature_lines

# ------------------------------------------------------------------ the document's parts


#: The two columns of the head: issuer (left) and motto (right), as wide as the text.
HEAD_WIDTHS_MM = (62, 103)


def _head(doc: Any, header: DocumentHeader, report: GapReport, lang: Lang) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].paragraph_format.space_after = Pt(0)
    right.paragraphs[0].paragraph_format.space_after = Pt(0)
    if header.parent:
        centred(left, header.parent.upper(), 12)
    if header.issuer:  # else left blank to write in, not dotted: a name belongs there
        centred(left, header.issuer.upper(), 12, bold=True)
    rule(left, 22, HEAD_WIDTHS_MM[0], after=8)
    centred(left, doc_number(header, lang), 13)
    centred(right, phrase("label.doc-motto-1", lang), 12, bold=True)
    centred(right, phrase("label.doc-motto-2", lang), 13, bold=True)
    rule(right, 62 if lang == "vi" else 76, HEAD_WIDTHS_MM[1], after=8)
    centred(right, doc_date(header, lang, report.census_year), 13, italic=True)
    column_widths(table, list(HEAD_WIDTHS_MM))
    for cell in (left, right):  # drop the empty first paragraph a new cell has
        first = cell.paragraphs[0]
        if not first.text:
            first._p.getparent().remove(first._p)
    paragraph(doc, "", after=6)
    centred(doc, phrase("label.doc-type", lang), 14, bold=True)
    centred(doc, phrase("label.doc-title", lang, year=report.census_year), 14, bold=True)
    rule(doc, 40, 165, before=8, after=16)
    note = phrase("label.doc-translation", lang)
    if note:
        centred(doc, note, 12, italic=True, after=12)


def _as_of(census: Census) -> str:
    dates = [f.info.as_of for f in census.files if f.info.as_of is not None]
    return max(dates).strftime("%d/%m/%Y") if dates else "–"


def _conditions(targets: TargetsFile, lang: Lang) -> str | None:
    """The universe and scope of the targets file in words: «Tình trạng» là Đang hoạt động."""
    merged = targets.universe.merged(targets.scope)
    parts = []
    for key, cond in merged.conditions.items():
        if cond.any_of is None or key not in COLUMNS_BY_KEY:
            continue
        column = COLUMNS_BY_KEY[key]
        name = column.header if lang == "vi" else column.english
        values = [str(v) for v in cond.any_of if v is not None]
        if values and None not in cond.any_of:
            parts.append(f"«{name}» {'là' if lang == 'vi' else 'of'} {', '.join(values)}")
    return "; ".join(parts) or None


def census_names(census: Census, lang: Lang) -> dict[str, str]:
    """Each census file's path → how the body names it: by its reporting unit («Số liệu điều
    tra của UBND xã …»), never by its file name (that is in the annex)."""
    return {
        f.path: phrase("label.doc-census-of", lang, unit=f.info.don_vi_bao_cao.strip())
        if f.info.don_vi_bao_cao and f.info.don_vi_bao_cao.strip()
        else phrase("label.doc-census-nth", lang, n=n)
        for n, f in enumerate(census.files, start=1)
    }


def _basis(doc: Any, report: GapReport, census: Census, targets: TargetsFile, lang: Lang) -> None:
    _heading(doc, f"I. {phrase('label.doc-basis', lang)}")
    paragraph(doc, phrase("label.doc-files", lang, n=len(census.files)))
    names = census_names(census, lang)
    for f in census.files:
        line = phrase("label.doc-file", lang, unit=names[f.path],
                  as_of=f.info.as_of.strftime("%d/%m/%Y") if f.info.as_of else "–",
                  orgs=fmt_number(len(f.organizations), lang))  # fmt: skip
        paragraph(doc, f"- {line}")
    forms = Counter(o.loai_hinh for o in census.organizations)
    active = sum(1 for o in census.organizations if o.tinh_trang == Status.ACTIVE)
    form_text = ", ".join(f"{fmt_number(forms[f], lang)} {f.value}" for f in LegalForm if forms[f])
    paragraph(
        doc,
        phrase(
            "label.doc-orgs",
            lang,
            total=fmt_number(report.organizations, lang),
            forms=form_text,
            active=fmt_number(active, lang),
        ),
    )
    conditions = _conditions(targets, lang)
    if conditions:
        paragraph(doc, phrase("label.doc-universe", lang, conditions=conditions,
                          excluded=fmt_number(report.organizations - active, lang)))  # fmt: skip
    if not report.left_out:
        paragraph(doc, phrase("label.doc-nothing-left-out", lang))
    for lo in report.left_out:
        name = names.get(lo.file) or phrase("label.doc-census-nth", lang, n=len(names) + 1)
        if lo.whole_file:
            paragraph(doc, phrase("label.doc-left-out-file", lang, file=name))
        else:
            rows = ", ".join(str(r) for r in lo.rows)
            paragraph(
                doc, phrase("label.doc-left-out-rows", lang, file=name, n=len(lo.rows), rows=rows)
            )


def _heading(doc: Any, text: str, *, upper: bool = True) -> None:
    paragraph(doc, text, bold=True, before=6, keep_next=True, indent=upper)


def _title(p: Progress, lang: Lang) -> str:
    return p.title_en if lang == "en" else p.title_vi


def groups(report: GapReport) -> list[tuple[str, int, list[Progress]]]:
    """The targets by year, then by kind: counts and sums ("count"), then shares and ratios
    ("share"); one section of the document each."""
    out: dict[tuple[int, str], list[Progress]] = {}
    for p in report.targets:
        kind = "share" if p.kind in ("share", "ratio") else "count"
        out.setdefault((p.year, kind), []).append(p)
    order = sorted(out, key=lambda k: (k[0], k[1] != "count"))
    return [(kind, year, out[(year, kind)]) for year, kind in order]


def _change_text(p: Progress, census_year: int, lang: Lang) -> str:
    prev = previous_point(p, census_year)
    if prev is None or p.value is None:
        return phrase("label.doc-no-change", lang)
    delta = p.value - prev.value
    percent = p.kind in ("share", "ratio")
    if percent:
        amount = phrase("label.doc-points", lang, x=fmt_number(abs(delta) * 100, lang, 1))
    else:
        amount = fmt_value(p, abs(delta), lang)
    if abs(delta) < 1e-12:
        change = phrase("label.doc-change-same", lang)
    else:
        change = phrase(
            "label.doc-change-up" if delta > 0 else "label.doc-change-down", lang, x=amount
        )
    return phrase("label.doc-change", lang, year=prev.year, before=fmt_value(p, prev.value, lang),
              change=change)  # fmt: skip


def assessment_text(p: Progress, lang: Lang) -> str:
    """The status of a target in plain words, with the gap and what it needs per year."""
    if p.met is None:
        return phrase("label.doc-unknown", lang)
    if p.met:
        return phrase("label.doc-met-above" if p.above_range else "label.doc-met", lang)
    gap = gap_text(p, p.gap, lang)
    if p.years_left <= 0:
        return phrase("label.doc-unmet-overdue", lang, year=p.year, gap=gap)
    if p.group_by and p.areas_met is not None:
        return phrase("label.doc-unmet-areas", lang, gap=gap)
    lower = p.comparison in (Comparison.AT_MOST, Comparison.LESS_THAN)
    verb = phrase("label.doc-decrease" if lower else "label.doc-increase", lang)
    return phrase(
        "label.doc-unmet",
        lang,
        gap=gap,
        verb=verb,
        per_year=gap_text(p, p.per_year_needed, lang),
        year=p.year,
    )


def gap_text(p: Progress, x: float | None, lang: Lang, *, short: bool = False) -> str:
    """A difference in the unit of ``p``'s target: a count as a number, a share's in
    percentage points («4,0 điểm phần trăm»; ``short``: «4,0 điểm %»), not in per cent."""
    if x is None or p.kind not in ("share", "ratio"):
        return fmt_value(p, x, lang)
    return phrase(
        "label.doc-points-short" if short else "label.doc-points",
        lang,
        x=fmt_number(x * 100, lang, 1),
    )


def _areas_text(p: Progress, lang: Lang) -> str:
    """The areas' verdicts: those met, those not met (with each one's status over time where
    it has a series: an area met has achieved it), those not judged."""

    def names(areas: list[Any]) -> str:
        return ", ".join(f"{a.area or phrase('label.no-area', lang)} ({figure(a)})" for a in areas)

    def figure(a: Any) -> str:
        status = area_status(a) if not a.met else None
        value = fmt_value(p, a.value, lang)
        return f"{value}, {phrase(f'label.trend-word-{status}', lang)}" if status else value

    parts = []
    if p.areas_met is not None:
        parts.append(phrase("label.areas-met", lang, met=p.areas_met,
                           total=sum(1 for a in p.areas if a.judged)))  # fmt: skip
    met = [a for a in p.areas if a.judged and a.met]
    unmet = [a for a in p.areas if a.judged and not a.met]
    shown = [a for a in p.areas if not a.judged]
    if met:
        parts.append(phrase("label.doc-areas-met", lang, areas=names(met)))
    if unmet:
        parts.append(phrase("label.doc-areas-unmet", lang, areas=names(unmet)))
    if shown:
        parts.append(phrase("label.doc-areas-shown", lang, areas=names(shown)))
    return phrase("label.doc-areas", lang, verdict="; ".join(parts))


def _result_text(p: Progress, as_of: str, lang: Lang) -> str:
    if p.value is None:
        return phrase("label.doc-result-none", lang, why=current_text(p, lang))
    parts = ""
    if p.kind == "share" and p.numerator is not None and p.denominator is not None:
        parts = f" ({fmt_number(p.numerator, lang)}/{fmt_number(p.denominator, lang)})"
    return phrase(
        "label.doc-result",
        lang,
        as_of=as_of,
        value=fmt_value(p, p.value, lang),
        parts=parts,
        progress=fmt_percent(p.progress, lang),
    )


def _results(doc: Any, report: GapReport, census: Census, lang: Lang) -> None:
    _heading(doc, f"II. {phrase('label.doc-results', lang)}")
    as_of = _as_of(census)
    for g, (kind, year, items) in enumerate(groups(report), start=1):
        _heading(doc, f"{g}. {phrase('label.doc-group-' + kind, lang, year=year)}", upper=True)
        for i, p in enumerate(items, start=1):
            _heading(doc, f"{g}.{i}. {_title(p, lang)}")
            lines = [
                phrase(
                    "label.doc-target",
                    lang,
                    target=fmt_target(p, lang),
                    year=p.year,
                    source=p.source or "–",
                ),
                _result_text(p, as_of, lang),
                assessment_text(p, lang),
            ]
            if p.group_by and p.areas:
                lines.append(_areas_text(p, lang))
                behind = areas_behind_words(p, lang)
                if behind:
                    lines.append(phrase("label.doc-areas-behind", lang, areas=behind))
            lines.append(_change_text(p, report.census_year, lang))
            words = trend_words(p, lang)
            if words:
                lines.append(phrase("label.doc-trend", lang, text=words))
            for c in p.context:
                text = c.label_en if lang == "en" else c.label_vi
                lines.append(f"{text}: {fmt_number(c.value, lang)}.")
            note = p.note_en if lang == "en" else p.note_vi
            if note:
                lines.append(phrase("label.doc-note", lang, text=note))
            for line in lines:
                paragraph(doc, f"- {line}")


def summary_rows(report: GapReport, lang: Lang) -> list[list[str]]:
    """The rows of the summary table: number, title, target, result, progress, gap, status."""
    rows = []
    for n, p in enumerate(report.targets, start=1):
        rows.append(
            [
                str(n),
                _title(p, lang),
                f"{fmt_target(p, lang)} ({p.year})",
                current_text(p, lang),
                fmt_percent(p.progress, lang),
                gap_text(p, p.gap, lang, short=True),
                status_text(p.met, p.above_range, lang)
                + (
                    f" ({phrase('label.overdue', lang)})"
                    if p.years_left <= 0 and p.met is False
                    else ""
                ),
            ]
        )
    return rows


#: The summary table's columns (mm, 165 in all): «TT» on one line, a gap of seven digits
#: and «Chưa đạt» whole in theirs.
SUMMARY_WIDTHS_MM = [10, 42, 27, 22, 17, 23, 24]
#: The annex's columns: number, id, title, source, organizations counted.
ANNEX_WIDTHS_MM = [10, 52, 45, 36, 22]


def _summary(doc: Any, report: GapReport, lang: Lang) -> None:
    _heading(doc, f"III. {phrase('label.doc-summary', lang)}")
    heads = [
        phrase("label.doc-col-no", lang),
        phrase("label.target-title", lang),
        phrase("label.target", lang),
        phrase("label.doc-col-result", lang, year=report.census_year),
        phrase("label.doc-col-progress", lang),
        phrase("label.gap", lang),
        phrase("label.doc-col-assessment", lang),
    ]
    grid_table(doc, heads, summary_rows(report, lang), SUMMARY_WIDTHS_MM, right={3, 4, 5})
    paragraph(doc, "", after=0)


def _changes(doc: Any, changes: Changes, number: str, lang: Lang) -> None:
    _heading(doc, f"{number}. {phrase('label.doc-changes', lang, year=changes.previous_year)}")
    paragraph(
        doc,
        phrase("label.doc-changes-intro", lang, year=changes.year, previous=changes.previous_year),
    )
    forms = sorted({f for g in CHANGE_GROUPS for f in getattr(changes, g)})
    heads = [phrase("label.doc-col-change", lang), *forms, phrase("label.doc-col-total", lang)]
    rows = []
    for g in CHANGE_GROUPS:
        by_form: dict[str, list[Any]] = getattr(changes, g)
        counts = [len(by_form.get(f, [])) for f in forms]
        rows.append([phrase(f"label.doc-change-{g}", lang), *(fmt_number(n, lang) for n in counts),
                     fmt_number(sum(counts), lang)])  # fmt: skip
    first = 165 - 18 * (len(forms) + 1)
    grid_table(doc, heads, rows, [first] + [18] * (len(forms) + 1),
               right=set(range(1, len(forms) + 2)))  # fmt: skip
    vanished = [o.ten for f in forms for o in changes.vanished.get(f, [])]
    if vanished:
        paragraph(doc, "", after=0)
        paragraph(doc, phrase("label.doc-vanished-list", lang, names="; ".join(vanished)))


def _units(doc: Any, units: Units, number: str, lang: Lang) -> None:
    _heading(doc, f"{number}. {phrase('label.doc-units', lang)}")
    paragraph(
        doc,
        phrase("label.doc-units-sent", lang, n=len(units.sent), names=", ".join(units.sent) or "–"),
    )
    if units.missing:
        paragraph(doc, phrase("label.doc-units-missing", lang, n=len(units.missing),
                          names=", ".join(units.missing)))  # fmt: skip
    else:
        paragraph(doc, phrase("label.doc-units-none-missing", lang))


def _signature(doc: Any, header: DocumentHeader, lang: Lang) -> None:
    paragraph(doc, "", after=6)
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    set_font(p.add_run(phrase("label.doc-recipients", lang)), 12, bold=True, italic=True)
    p.paragraph_format.space_after = Pt(0)
    for r in [*header.recipients, phrase("label.doc-archive", lang)]:
        item = paragraph(left, f"- {r.rstrip(';.')};", size=11,
                         indent=False, after=0, align=WD_ALIGN_PARAGRAPH.LEFT)  # fmt: skip
        item.paragraph_format.line_spacing = 1.0
    last = left.paragraphs[-1]
    last.runs[0].text = last.runs[0].text.rstrip(";.") + "."
    lines = signature_lines(header)
    first = right.paragraphs[0]
    first.paragraph_format.space_after = Pt(0)
    for i, line in enumerate(lines):
        target = first if i == 0 else right.add_paragraph()
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.space_after = Pt(0)
        set_font(target.add_run(line.upper()), 14, bold=True)
    for _ in range(5):  # room for the signature and the seal
        centred(right, "", 14)
    centred(right, header.signer_name or "", 14, bold=True)
    column_widths(table, [80, 85])


def _annex(
    doc: Any,
    report: GapReport,
    prov: Provenance,
    changes: Changes | None,
    lang: Lang,
) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    centred(doc, phrase("label.doc-annex", lang), 14, bold=True)
    centred(doc, phrase("label.doc-annex-title", lang), 14, bold=True, after=12)
    heads = [
        phrase("label.doc-col-no", lang),
        phrase("label.id", lang),
        phrase("label.target-title", lang),
        phrase("label.source", lang),
        phrase("label.doc-col-counted", lang),
    ]
    rows = [[str(n), breakable_id(p.id), _title(p, lang), p.source or "–",
             fmt_number(p.counted, lang)]
            for n, p in enumerate(report.targets, start=1)]  # fmt: skip
    grid_table(doc, heads, rows, ANNEX_WIDTHS_MM, right={4})
    paragraph(doc, "", after=0)
    files = [(phrase("label.input", lang), f.path, f.sha256) for f in prov.inputs]
    files.append((phrase("label.targets-file", lang), prov.targets.path, prov.targets.sha256))
    if prov.history is not None:
        files.append((phrase("label.history-file", lang), prov.history.path, prov.history.sha256))
    heads = [phrase("label.kind", lang), phrase("label.path", lang), "SHA-256"]
    grid_table(doc, heads, [[k, p, d or phrase("label.unreadable", lang)] for k, p, d in files],
               [30, 55, 80])  # fmt: skip
    paragraph(doc, f"{phrase('label.tool-version', lang)}: {prov.tool_version} · "
                   f"{phrase('label.generated-at', lang)}: {prov.generated_at.isoformat()}",
              size=11, indent=False)  # fmt: skip
    if changes is not None:
        centred(doc, phrase("label.doc-annex-changes", lang), 14, bold=True, after=6)
        rows = []
        for g in CHANGE_GROUPS:
            for form, orgs in sorted(getattr(changes, g).items()):
                for o in orgs:
                    status = f"{o.before} → {o.after}" if o.before or o.after else ""
                    rows.append(
                        [phrase(f"label.doc-change-{g}", lang), form, o.ma_so or "", o.ten, status]
                    )
        heads = [
            phrase("label.doc-col-change", lang),
            phrase("label.doc-col-form", lang),
            phrase("label.org-code", lang),
            phrase("label.org-name", lang),
            phrase("label.status", lang),
        ]
        grid_table(doc, heads, rows, [35, 18, 30, 52, 30])


#: Where a line may break without a mark (ZERO WIDTH SPACE).
BREAK = "\u200b"


def breakable_id(target_id: str) -> str:
    """An id that wraps, if it must, after an underscore (``lhhtx_member_htx_`` /
    ``2030``), not mid-word."""
    return target_id.replace("_", "_" + BREAK)


def build_report_docx(
    report: GapReport,
    census: Census,
    targets: TargetsFile,
    prov: Provenance,
    header: DocumentHeader,
    lang: Lang = "vi",
    *,
    changes: Changes | None = None,
    units: Units | None = None,
) -> bytes:
    """The report document as the bytes of a .docx (see the module docstring)."""
    doc = Document()
    a4_portrait(doc)
    page_number_header(doc.sections[0], lang)
    # A new document holds one empty paragraph; the head table goes before it.
    _head(doc, header, report, lang)
    if header.issuer:
        paragraph(
            doc,
            phrase(
                "label.doc-intro",
                lang,
                plan=targets.plan.title,
                issuer=header.issuer,
                year=report.census_year,
            ),
        )
    else:
        paragraph(
            doc,
            phrase(
                "label.doc-intro-no-issuer", lang, plan=targets.plan.title, year=report.census_year
            ),
        )
    _basis(doc, report, census, targets, lang)
    _results(doc, report, census, lang)
    _summary(doc, report, lang)
    numerals = iter(("IV", "V"))
    if changes is not None:
        _changes(doc, changes, next(numerals), lang)
    if units is not None:
        _units(doc, units, next(numerals), lang)
    _signature(doc, header, lang)
    _annex(doc, report, prov, changes, lang)
    first = doc.paragraphs[0]
    if not first.text:
        first._p.getparent().remove(first._p)
    when = prov.generated_at.replace(tzinfo=None)
    doc.core_properties.author = f"ktt {prov.tool_version}"
    doc.core_properties.title = phrase("label.doc-title", lang, year=report.census_year)
    doc.core_properties.created = when
    doc.core_properties.modified = when
    doc.core_properties.last_modified_by = ""
    doc.core_properties.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    from .report_xlsx import fix_times

    return fix_times(buf.getvalue(), when)
