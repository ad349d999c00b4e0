"""The formats ``ktt gap`` writes, and the report documents each builds (HTML, xlsx, docx, PDF)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..census.reader import Census
    from ..core.i18n import Lang
    from ..plan.progress import GapReport
    from ..plan.targets import TargetsFile
    from .official import DocumentHeader
    from .provenance import Provenance


class GapFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"


#: The suffixes of each output format; the first is the one a suffix-less name would take.
GAP_SUFFIXES: dict[GapFormat, tuple[str, ...]] = {
    GapFormat.table: (".txt",),
    GapFormat.json: (".json",),
    GapFormat.csv: (".csv",),
    GapFormat.markdown: (".md", ".markdown"),
    GapFormat.html: (".html", ".htm"),
    GapFormat.xlsx: (".xlsx",),
    GapFormat.docx: (".docx",),
    GapFormat.pdf: (".pdf",),
}

#: The formatted reports: they carry the document's header and the inputs' provenance.
DOCUMENTS = (GapFormat.html, GapFormat.xlsx, GapFormat.docx, GapFormat.pdf)
#: The documents that are files, not text: written only with -o.
BINARY = (GapFormat.xlsx, GapFormat.docx, GapFormat.pdf)


def build_document(
    fmt: GapFormat,
    report: GapReport,
    census: Census,
    plan: TargetsFile,
    prov: Provenance,
    header: DocumentHeader,
    lang: Lang,
) -> str | bytes:
    """A formatted report (one of :data:`DOCUMENTS`): a self-contained HTML page (text), or
    an Excel workbook, the report document or its PDF (bytes). The PDF raises
    :class:`.pdf.PdfEngineMissing` or :class:`.pdf.PdfFailed` when it cannot be made."""
    if fmt == GapFormat.html:
        from .report_html import build_report_html

        return build_report_html(report, lang, prov, header)
    if fmt == GapFormat.xlsx:
        from .report_xlsx import build_report_xlsx

        return build_report_xlsx(report, census, plan, prov, lang)
    from .official import document_changes
    from .report_docx import build_report_docx

    changes = document_changes(report.changes)  # two census years: what changed between them
    document = build_report_docx(report, census, plan, prov, header, lang, changes=changes)
    if fmt == GapFormat.docx:
        return document
    from .pdf import docx_to_pdf

    return docx_to_pdf(document)
