"""The building blocks of a Word document in the style of Decree 30/2020: an A4 page with its
margins, Times New Roman for every script, paragraphs, centred lines and rules, bordered tables
whose header row repeats, borderless layout tables, the page number from the second page.

python-docx is imported only where a .docx is made (``-o report.docx`` or ``.pdf``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..core.i18n import Lang

FONT = "Times New Roman"


BODY_PT = 14


TABLE_PT = 12


#: Decree 30/2020, Appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def set_font(run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    every_script(run._element.get_or_add_rPr())


def every_script(rpr: Any) -> None:
    """Set the font for every script of a run's properties (Vietnamese is "complex" text to
    Word where it mixes marks, so w:cs too), not only w:ascii."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def paragraph(
    where: Any,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    before: float = 0,
    after: float = 6,
    keep_next: bool = False,
) -> Paragraph:
    """A paragraph of one run; ``where`` is the document or a table cell."""
    p: Paragraph = where.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Mm(10) if indent else Mm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.15
    fmt.keep_with_next = keep_next
    if text:
        set_font(p.add_run(text), size, bold, italic)
    return p


def centred(where: Any, text: str, size: float, *, bold: bool = False, italic: bool = False,
            after: float = 0) -> Paragraph:  # fmt: skip
    p = paragraph(where, text, size=size, bold=bold, italic=italic,
                  align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=after)  # fmt: skip
    p.paragraph_format.line_spacing = 1.0
    return p


def rule(
    where: Any, length_mm: float, width_mm: float, after: float = 0, before: float = 0
) -> Paragraph:
    """A solid line ``length_mm`` long, centred in ``width_mm``: the line under the issuer,
    the motto and the title (an empty paragraph with a bottom border, indented)."""
    p = centred(where, "", 2, after=after)
    p.paragraph_format.line_spacing = Pt(4)  # exactly: the line sits just under the text
    p.paragraph_format.space_before = Pt(before)
    inset = max(0.0, (width_mm - length_mm) / 2)
    p.paragraph_format.left_indent = Mm(inset)
    p.paragraph_format.right_indent = Mm(inset)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.insert(0, border)
    return p


def no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def column_widths(table: Table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(w).twips)))


def repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    for row in table.rows:
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)


def write_cell(cell: _Cell, text: str, *, bold: bool = False, align: Any = None,
               size: float = TABLE_PT) -> None:  # fmt: skip
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = Mm(0)
    if align is not None:
        p.alignment = align
    set_font(p.add_run(text), size, bold)


def grid_table(doc: Any, heads: list[str], rows: list[list[str]], widths: Sequence[float],
               right: frozenset[int] | set[int] = frozenset()) -> Table:  # fmt: skip
    """A bordered table with a bold header row that repeats on every page."""
    table = doc.add_table(rows=1 + len(rows), cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, head in enumerate(heads):
        write_cell(table.rows[0].cells[i], head, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.RIGHT if i in right else None
            write_cell(table.rows[r].cells[i], value, align=align)
    column_widths(table, widths)
    repeat_header(table)
    return cast(Table, table)


def page_number_header(section: Any, lang: Lang) -> None:
    """The page number at the top centre, from the second page (Decree 30)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)


def a4_portrait(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    every_script(normal.element.get_or_add_rPr())
