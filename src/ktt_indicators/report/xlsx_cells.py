"""A worksheet's cells edited in its XML: a cell's style filled or its text written, cells and
rows the sheet lacks added in order, rows made taller; and the workbook's styles with ktt's
fills, fonts and cell formats appended, every existing style keeping its number."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..read.workbook import cell_address
from .xlsx_xml import MAIN, CannotMarkUp, get_attr, prefix_of, set_attr, split_ref, xml_text

#: The font of what ktt writes in the copy (the results sheet, the notes): a Unicode font,
#: named, since the workbook's default may be a legacy one (.VnTime).
FONT = "Arial"


class Styles:
    """The workbook's styles, with fills, a font and cell formats appended as needed."""

    def __init__(self, xml: str | None) -> None:
        if xml is None:
            xml = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet '
                f'xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
                '</font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
                '</fill><fill><patternFill patternType="gray125"/></fill></fills><borders '
                'count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
                '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
                'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
                'fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>'
            )
        self.xml = xml
        self.p = prefix_of(xml, "styleSheet")
        self.fills = self._items("fills", "fill")
        self.fonts = self._items("fonts", "font")
        self.xfs = self._items("cellXfs", "xf")
        self.new_fills: list[str] = []
        self.new_fonts: list[str] = []
        self.new_xfs: list[str] = []
        self.made: dict[tuple[int, str | None, bool, bool, bool], int] = {}
        self.fill_ids: dict[str, int] = {}
        self.font_ids: dict[bool, int] = {}

    def _block(self, name: str) -> tuple[int, int, int] | None:
        """(start of the start tag, end of the start tag, start of the end tag) of a block."""
        m = re.search(rf"<{self.p}{name}\b[^>]*?(/?)>", self.xml)
        if m is None:
            return None
        if m.group(1):
            return m.start(), m.end(), m.end()
        end = self.xml.find(f"</{self.p}{name}>", m.end())
        return m.start(), m.end(), end

    def _items(self, block: str, item: str) -> list[str]:
        where = self._block(block)
        if where is None:
            return []
        inner = self.xml[where[1] : where[2]]
        items, pos = [], 0
        pattern = re.compile(rf"<{self.p}{item}\b[^>]*?(/?)>")
        while (m := pattern.search(inner, pos)) is not None:
            if m.group(1):
                end = m.end()
            else:
                end = inner.find(f"</{self.p}{item}>", m.end()) + len(f"</{self.p}{item}>")
            items.append(inner[m.start() : end])
            pos = end
        return items

    def fill(self, argb: str) -> int:
        if argb not in self.fill_ids:
            p = self.p
            self.new_fills.append(
                f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{argb}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>'
            )
            self.fill_ids[argb] = len(self.fills) + len(self.new_fills) - 1
        return self.fill_ids[argb]

    def font(self, bold: bool = False) -> int:
        """ktt's own font, named (:data:`FONT`): a workbook typed in TCVN3 may have .VnTime
        as its default font, which draws Unicode text wrong."""
        if bold not in self.font_ids:
            p = self.p
            b = f"<{p}b/>" if bold else ""
            self.new_fonts.append(f'<{p}font>{b}<{p}sz val="11"/><{p}name val="{FONT}"/>'
                                  f'<{p}family val="2"/></{p}font>')  # fmt: skip
            self.font_ids[bold] = len(self.fonts) + len(self.new_fonts) - 1
        return self.font_ids[bold]

    def xf(self, base: int, fill: str | None = None, bold: bool = False,
           own_font: bool = False, wrap: bool = False) -> int:  # fmt: skip
        """The index of a cell format like ``base`` with ``fill``, and with ktt's own font
        (:meth:`font`) when ``own_font`` or ``bold``; ``base``'s font otherwise. ``wrap``: the
        text wraps within the column, top-aligned."""
        key = (base, fill, bold, own_font, wrap)
        if key not in self.made:
            p = self.p
            if 0 <= base < len(self.xfs):
                xf = self.xfs[base]
            elif self.xfs:
                xf = self.xfs[0]
            else:
                xf = f'<{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            start = xf[: xf.index(">") + 1]
            rest = xf[len(start) :]
            if fill is not None:
                start = set_attr(set_attr(start, "fillId", str(self.fill(fill))), "applyFill",
                                  "1")  # fmt: skip
            if bold or own_font:
                start = set_attr(set_attr(start, "fontId", str(self.font(bold))), "applyFont",
                                  "1")  # fmt: skip
            if wrap:
                start = set_attr(start, "applyAlignment", "1")
                rest = re.sub(rf"<{p}alignment\b[^>]*?(/>|>.*?</{p}alignment>)", "", rest,
                              flags=re.S)  # fmt: skip
                align = f'<{p}alignment vertical="top" wrapText="1"/>'
                if start.endswith("/>"):
                    start, rest = start[:-2].rstrip() + ">", f"</{p}xf>"
                rest = align + rest
            self.new_xfs.append(start + rest)
            self.made[key] = len(self.xfs) + len(self.new_xfs) - 1
        return self.made[key]

    def _append(self, xml: str, block: str, before: tuple[str, ...], items: list[str],
                count: int) -> str:  # fmt: skip
        if not items:
            return xml
        p = self.p
        m = re.search(rf"<{p}{block}\b[^>]*?(/?)>", xml)
        if m is None:  # no such block: make one before the first block that follows it
            at = next((i.start() for b in before if (i := re.search(rf"<{p}{b}\b", xml))),
                      xml.rfind(f"</{p}styleSheet>"))  # fmt: skip
            return (
                xml[:at] + f'<{p}{block} count="{count}">{"".join(items)}</{p}{block}>' + xml[at:]
            )
        tag = set_attr(m.group(0).replace("/>", ">") if m.group(1) else m.group(0), "count",
                        str(count))  # fmt: skip
        if m.group(1):
            return xml[: m.start()] + tag + "".join(items) + f"</{p}{block}>" + xml[m.end() :]
        end = xml.find(f"</{p}{block}>", m.end())
        return xml[: m.start()] + tag + xml[m.end() : end] + "".join(items) + xml[end:]

    def result(self) -> str:
        xml = self.xml
        xml = self._append(xml, "fonts", ("fills", "borders", "cellStyleXfs", "cellXfs"),
                           self.new_fonts, len(self.fonts) + len(self.new_fonts))  # fmt: skip
        xml = self._append(xml, "fills", ("borders", "cellStyleXfs", "cellXfs"),
                           self.new_fills, len(self.fills) + len(self.new_fills))  # fmt: skip
        return self._append(xml, "cellXfs", ("cellStyles", "dxfs", "tableStyles", "colors",
                                            "extLst"),
                           self.new_xfs, len(self.xfs) + len(self.new_xfs))  # fmt: skip


#: What becomes of one cell: given its element as the sheet has it (None when it has none),
#: the style a new cell takes from its row and its A1 reference, the cell's new element.
CellEdit = Callable[[str | None, int, str], str]


def fill_edit(p: str, argb: str, styles: Styles) -> CellEdit:
    """A cell given a copy of its style filled with ``argb``; its content is kept."""

    def edit(cell: str | None, base: int, ref: str) -> str:
        if cell is None:
            return f'<{p}c r="{ref}" s="{styles.xf(base, argb)}"/>'
        tag = re.match(rf"<{p}c\b[^>]*?/?>", cell)
        assert tag is not None
        old = int(get_attr(tag.group(0), "s") or 0)
        return set_attr(tag.group(0), "s", str(styles.xf(old, argb))) + cell[tag.end() :]

    return edit


def text_edit(p: str, text: str, style: int) -> CellEdit:
    """A cell holding ``text`` (an inline string) in ``style``, whatever it held before."""

    def edit(cell: str | None, base: int, ref: str) -> str:
        return (f'<{p}c r="{ref}" s="{style}" t="inlineStr"><{p}is><{p}t xml:space="preserve">'
                f"{xml_text(text)}</{p}t></{p}is></{p}c>")  # fmt: skip

    return edit


def style_cells(xml: str, fills: dict[str, str], styles: Styles) -> str:
    """The sheet with each cell of ``fills`` (A1 → ARGB) given a copy of its style filled with
    that colour; a cell (or a row) the sheet does not have is added, empty."""
    p = prefix_of(xml, "worksheet")
    return edit_cells(xml, {ref: fill_edit(p, argb, styles) for ref, argb in fills.items()})


def edit_cells(xml: str, edits: dict[str, CellEdit],
                heights: dict[int, float] | None = None) -> str:  # fmt: skip
    """The sheet with each cell of ``edits`` (A1 → edit) edited; a cell (or a row) the sheet
    does not have is added, in order. A row of ``heights`` (1-based → points) is made at least
    that tall."""
    p = prefix_of(xml, "worksheet")
    by_row: dict[int, dict[int, CellEdit]] = {}
    for ref, edit in edits.items():
        r, c = split_ref(ref)
        by_row.setdefault(r + 1, {})[c] = edit
    tall = heights or {}
    m = re.search(rf"<{p}sheetData\b[^>]*?(/?)>", xml)
    if m is None:
        raise CannotMarkUp("damaged")
    if m.group(1):
        xml = xml[: m.start()] + f"<{p}sheetData></{p}sheetData>" + xml[m.end() :]
        m = re.search(rf"<{p}sheetData\b[^>]*>", xml)
        assert m is not None
    data_end = xml.find(f"</{p}sheetData>", m.end())
    row_tag = re.compile(rf"<{p}row\b[^>]*?(/?)>")
    out: list[str] = []
    pos = m.end()
    last = 0
    pending = sorted(by_row)
    while True:
        rm = row_tag.search(xml, pos, data_end)
        if rm is None:
            break
        r_attr = get_attr(rm.group(0), "r")
        number = int(r_attr) if r_attr else last + 1
        last = number
        end = rm.end() if rm.group(1) else xml.find(f"</{p}row>", rm.end()) + len(f"</{p}row>")
        while pending and pending[0] < number:  # rows the sheet lacks, before this one
            out.append(xml[pos : rm.start()])
            pos = rm.start()
            out.append(_tall(_new_row(p, pending[0], by_row[pending.pop(0)]), tall))
        if pending and pending[0] == number:
            out.append(xml[pos : rm.start()])
            out.append(_tall(_edit_row(p, xml[rm.start() : end], rm.group(1) == "/", number,
                                       by_row[pending.pop(0)]), tall))  # fmt: skip
            pos = end
        elif not pending and number > max(tall, default=0):
            break
        else:
            out.append(xml[pos : rm.start()])
            row = xml[rm.start() : end]
            out.append(_tall(row, tall) if number in tall else row)
            pos = end
    out.append(xml[pos:data_end])
    for number in pending:
        out.append(_tall(_new_row(p, number, by_row[number]), tall))
    return xml[: m.end()] + "".join(out) + xml[data_end:]


def _tall(row: str, heights: dict[int, float]) -> str:
    """A row element at least as tall as ``heights`` says for its number."""
    tag = re.match(r"<[^>]*>", row)
    assert tag is not None
    number = int(get_attr(tag.group(0), "r") or 0)
    want = heights.get(number)
    if want is None or float(get_attr(tag.group(0), "ht") or 0) >= want:
        return row
    start = set_attr(set_attr(tag.group(0), "ht", f"{want:g}"), "customHeight", "1")
    return start + row[tag.end() :]


def _new_row(p: str, number: int, cols: dict[int, CellEdit]) -> str:
    cells = "".join(edit(None, 0, cell_address(number - 1, c)) for c, edit in sorted(cols.items()))
    return f'<{p}row r="{number}">{cells}</{p}row>'


def _edit_row(p: str, row: str, empty: bool, number: int, cols: dict[int, CellEdit]) -> str:
    """One row with the cells of ``cols`` edited (added where missing, in column order)."""
    start = row[: row.index(">") + 1]
    base_style = int(get_attr(start, "s") or 0) if get_attr(start, "customFormat") in (
        "1", "true") else 0  # fmt: skip
    inner = "" if empty else row[len(start) :]
    close = f"</{p}row>" if empty else ""
    start = set_attr(start, "spans", None)  # a hint that the added cells may not fit
    if empty:
        start = start[:-2].rstrip() + ">"
    cell_tag = re.compile(rf"<{p}c\b[^>]*?(/?)>")
    out: list[str] = []
    pos, last = 0, -1
    pending = sorted(cols)
    while pending and (cm := cell_tag.search(inner, pos)) is not None:
        ref = get_attr(cm.group(0), "r")
        col = split_ref(ref)[1] if ref else last + 1
        last = col
        end = cm.end() if cm.group(1) else inner.find(f"</{p}c>", cm.end()) + len(f"</{p}c>")
        while pending and pending[0] < col:
            out.append(inner[pos : cm.start()])
            pos = cm.start()
            c = pending.pop(0)
            out.append(cols[c](None, base_style, cell_address(number - 1, c)))
        out.append(inner[pos : cm.start()])
        if pending and pending[0] == col:
            out.append(cols[pending.pop(0)](inner[cm.start() : end], base_style,
                                            ref or cell_address(number - 1, col)))  # fmt: skip
        else:
            out.append(inner[cm.start() : end])
        pos = end
    tail = inner[pos:]
    end_tag = f"</{p}row>"
    if tail.endswith(end_tag):
        out.append(tail[: -len(end_tag)])
        tail = end_tag
    out += [cols[c](None, base_style, cell_address(number - 1, c)) for c in pending]
    return start + "".join(out) + tail + close
