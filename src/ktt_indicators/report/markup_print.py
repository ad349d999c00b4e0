"""The marked-up copy set to print: each sheet on A4, upright or across as its width needs,
fitted to as few pages across as keep it legible (:class:`PrintSetup`), columns of codes and
numbers widened to show them whole, and the rows and columns to repeat on every page."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from ..census.legacy_sheets import decode_legacy
from ..read.workbook import Sheet
from .xlsx_xml import (
    AFTER_LEGACY,
    column_letters,
    get_attr,
    prefix_of,
    set_attr,
    top_level,
    xml_text,
)

#: A4 (``paperSize`` 9) less ktt's margins of 0.4 inch each side: the printable width of a
#: page in inches, upright and across.
PAGE_WIDTH_IN = {"portrait": 8.27 - 0.8, "landscape": 11.69 - 0.8}


#: The smallest print scale ktt chooses: a sheet too wide for one page at this scale prints
#: on as many pages across as it needs (the columns that name a row repeated on each).
MIN_SCALE = 0.5


#: A column of codes and numbers is widened to show its longest value whole, up to this.
MAX_CODE_WIDTH = 30.0


#: Excel's width when a sheet names none (characters of the default font).
DEFAULT_WIDTH = 8.43


#: The width of the printed findings column, and of the results sheet's columns.
FINDINGS_WIDTH = 50.0


_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class SheetLayout:
    """What printing a sheet needs from its content: the cells as read (legacy text
    converted); for a list sheet, its header rows (1-based, first and last) and the columns
    that name a row (STT, code, name: 0-based), repeated on each page across."""

    sheet: Sheet
    header: tuple[int, int] | None = None
    names_row: tuple[int, ...] = ()


def layouts(sheets: Sequence[Sheet], names: dict[str, str]) -> dict[str, SheetLayout]:
    """Each sheet's :class:`SheetLayout`, by its name in the copy."""
    decoded = decode_legacy(sheets)
    headers = {s.name: h for s, h in decoded.lists}
    out = {}
    for sheet in decoded.sheets:
        header = headers.get(sheet.name)
        if header is None:
            out[names.get(sheet.name, sheet.name)] = SheetLayout(sheet)
            continue
        naming = [header.columns[k].j for k in ("stt", "ma_so", "ten") if k in header.columns]
        last = sheet.left + max(naming) if naming else -1
        out[names.get(sheet.name, sheet.name)] = SheetLayout(
            sheet,
            (sheet.row_number(header.first), sheet.row_number(header.last)),
            tuple(range(last + 1)) if 0 <= last <= 3 else (),
        )
    return out


def shown_width(value: object) -> float | None:
    """How many characters a code or a number needs to show whole; None for a text of
    words (it may wrap or run on, and a column sized to it would be too wide)."""
    if isinstance(value, bool) or value in ("", None):
        return None
    if isinstance(value, datetime | date):
        return 10.0 if not isinstance(value, datetime) or value.time() == time() else 16.0
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return float(len(str(int(value))))
    if isinstance(value, float):
        return float(min(len(repr(value)), 11))
    text = str(value)
    return None if _SPACE.search(text) else float(len(text))


def code_widths(sheet: Sheet) -> dict[int, float]:
    """Column (0-based) → the width its codes and numbers need (a margin of 1.5 included)."""
    need: dict[int, float] = {}
    for row in sheet.rows:
        for j, value in enumerate(row):
            w = shown_width(value)
            if w is not None:
                col = sheet.left + j
                need[col] = max(need.get(col, 0.0), min(w + 1.5, MAX_CODE_WIDTH))
    return need


#: Points a line of ktt's text takes (Arial 11), a row's least height, and how many
#: characters of the text fill one unit of column width (a little fewer than they do).
LINE_PT, ROW_PT, CHARS_PER_WIDTH = 13.0, 15.0, 1.2


def text_height(text: str, width: float) -> float:
    """How tall (points) ``text`` stands wrapped in a column ``width`` wide."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    lines = sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))
    return max(ROW_PT, LINE_PT * lines + 2)


def inches(width: float) -> float:
    """A column ``width`` characters wide, in inches (7 pixels a character and 5 of padding,
    at 96 pixels an inch, as Excel draws its default font)."""
    return (width * 7 + 5) / 96


def _cols(xml: str) -> tuple[list[tuple[int, int, str]], float, re.Match[str] | None]:
    """The sheet's ``<col>`` elements as (first, last 0-based column, tag), its default
    column width, and where its ``<cols>`` block is."""
    p = prefix_of(xml, "worksheet")
    fmt = re.search(rf"<{p}sheetFormatPr\b[^>]*>", xml)
    default = DEFAULT_WIDTH
    if fmt is not None:
        given = get_attr(fmt.group(0), "defaultColWidth")
        base = get_attr(fmt.group(0), "baseColWidth")
        default = float(given) if given else (float(base) + 0.71 if base else DEFAULT_WIDTH)
    block = re.search(rf"<{p}cols\b[^>]*>(.*?)</{p}cols>", xml, re.S)
    found = []
    if block is not None:
        for m in re.finditer(rf"<{p}col\b[^>]*?/?>", block.group(1)):
            tag = m.group(0)
            lo, hi = get_attr(tag, "min"), get_attr(tag, "max")
            if lo and hi:
                found.append((int(lo) - 1, int(hi) - 1, tag))
    return found, default, block


def column_widths(xml: str, upto: int) -> list[float]:
    """The widths of columns 0..``upto`` (0-based) as the sheet sets them; a hidden column
    is 0 wide."""
    found, default, _ = _cols(xml)
    widths = [default] * (upto + 1)
    for lo, hi, tag in found:
        hidden = get_attr(tag, "hidden") in ("1", "true")
        w = 0.0 if hidden else float(get_attr(tag, "width") or default)
        for c in range(lo, min(hi, upto) + 1):
            widths[c] = w
    return widths


def widen(xml: str, need: dict[int, float]) -> str:
    """The sheet with each column of ``need`` at least that wide (a ``<col>`` range split
    where only some of its columns widen); every other column keeps its width."""
    p = prefix_of(xml, "worksheet")
    found, default, block = _cols(xml)
    widths: dict[int, tuple[float, str | None]] = {}  # column → (width, the tag it came from)
    for lo, hi, tag in found:
        for c in range(lo, hi + 1) if hi - lo < 16384 else ():
            widths[c] = (float(get_attr(tag, "width") or default), tag)
    changed = False
    for c, w in need.items():
        have, source = widths.get(c, (default, None))
        hidden = source is not None and get_attr(source, "hidden") in ("1", "true")
        if w > have + 0.01 and not hidden:
            widths[c] = (round(w, 2), source)
            changed = True
    if not changed:
        return xml
    out = []
    for c in sorted(widths):
        w, source = widths[c]
        col = source or f'<{p}col min="1" max="1" width="{w}" customWidth="1"/>'
        col = set_attr(set_attr(col, "min", str(c + 1)), "max", str(c + 1))
        out.append(set_attr(set_attr(col, "width", str(w)), "customWidth", "1"))
    merged = _merge_cols(out)
    if block is not None:
        open_tag = re.match(rf"<{p}cols\b[^>]*>", block.group(0))
        assert open_tag is not None
        return xml[: block.start()] + open_tag.group(0) + "".join(merged) + xml[block.end() - len(
            f"</{p}cols>"):]  # fmt: skip
    at = xml.find(f"<{p}sheetData")
    return xml[:at] + f"<{p}cols>{''.join(merged)}</{p}cols>" + xml[at:]


def _merge_cols(tags: list[str]) -> list[str]:
    """Neighbouring ``<col>`` elements alike but for their columns, as one range."""
    out: list[str] = []
    for tag in tags:
        if out:
            prev = out[-1]
            same = set_attr(set_attr(prev, "min", "0"), "max", "0") == set_attr(
                set_attr(tag, "min", "0"), "max", "0")  # fmt: skip
            if same and int(get_attr(prev, "max") or 0) + 1 == int(get_attr(tag, "min") or 0):
                out[-1] = set_attr(prev, "max", get_attr(tag, "max"))
                continue
        out.append(tag)
    return out


#: The children of a worksheet that come after ``pageSetup`` (ECMA-376, CT_Worksheet).
_AFTER_PAGE_SETUP = ("headerFooter", "rowBreaks", "colBreaks", "customProperties",
                     "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
                     *AFTER_LEGACY)  # fmt: skip


@dataclass(frozen=True)
class PrintSetup:
    """How a sheet prints: upright or across, how many pages across (as many down as it
    takes), with the grid lines or not."""

    orientation: str
    across: int
    grid: bool

    @classmethod
    def of(cls, width_in: float, grid: bool) -> PrintSetup:
        """Upright if the sheet fits a page upright, else across, on as few pages across as
        keep the scale at :data:`MIN_SCALE` or more."""
        if width_in <= PAGE_WIDTH_IN["portrait"]:
            return cls("portrait", 1, grid)
        across = max(1, math.ceil(width_in * MIN_SCALE / PAGE_WIDTH_IN["landscape"]))
        return cls("landscape", across, grid)


def print_setup(xml: str, setup: PrintSetup) -> str:
    """The sheet set to print on A4 as ``setup`` says, fitted to its pages across; the rest
    of a page setup of its own (a printer's settings, its header and footer) is kept."""
    p = prefix_of(xml, "worksheet")
    fit = f'<{p}pageSetUpPr fitToPage="1"/>'
    pr = re.search(rf"<{p}sheetPr\b[^>]*?(/?)>", xml)
    if pr is None:
        root = re.search(rf"<{p}worksheet\b[^>]*>", xml)
        assert root is not None
        xml = xml[: root.end()] + f"<{p}sheetPr>{fit}</{p}sheetPr>" + xml[root.end() :]
    elif pr.group(1):
        xml = xml[: pr.start()] + pr.group(0)[:-2].rstrip() + f">{fit}</{p}sheetPr>" + xml[
            pr.end():]  # fmt: skip
    else:
        end = xml.find(f"</{p}sheetPr>", pr.end())
        inner = xml[pr.end() : end]
        old = re.search(rf"<{p}pageSetUpPr\b[^>]*?/>", inner)
        inner = (inner[: old.start()] + set_attr(old.group(0), "fitToPage", "1")
                 + inner[old.end():]) if old else inner + fit  # fmt: skip
        xml = xml[: pr.end()] + inner + xml[end:]
    own = re.search(rf"<{p}pageSetup\b[^>]*?/>", xml)
    tag = own.group(0) if own else f"<{p}pageSetup/>"
    for name, value in (("paperSize", "9"), ("orientation", setup.orientation),
                        ("fitToWidth", str(setup.across)), ("fitToHeight", "0"),
                        ("scale", None)):  # fmt: skip
        tag = set_attr(tag, name, value)
    xml = re.sub(rf"<{p}(?:printOptions|pageMargins|pageSetup)\b[^>]*?/>", "", xml)
    grid = ' gridLines="1"' if setup.grid else ""
    block = (f'<{p}printOptions horizontalCentered="1"{grid}/><{p}pageMargins left="0.4" '
             f'right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>{tag}')  # fmt: skip
    data = xml.find(f"</{p}sheetData>")
    children = top_level(xml, data + len(f"</{p}sheetData>")) if data >= 0 else []
    at = next((i for name, i in children if name in _AFTER_PAGE_SETUP),
              xml.rfind(f"</{p}worksheet>"))  # fmt: skip
    return xml[:at] + block + xml[at:]


def print_titles(xml: str, titles: dict[int, str]) -> str:
    """The workbook with each sheet of ``titles`` (its 0-based place → the rows and columns
    to repeat on every page, e.g. ``'Danh sách'!$A:$C,'Danh sách'!$1:$1``) given them,
    instead of any it had."""
    if not titles:
        return xml
    p = prefix_of(xml, "workbook")
    for n in titles:
        xml = re.sub(rf'<{p}definedName\b(?=[^>]*\sname="_xlnm\.Print_Titles")(?=[^>]*'
                     rf'\slocalSheetId="{n}")[^>]*>.*?</{p}definedName>', "", xml,
                     flags=re.S)  # fmt: skip
    names = "".join(f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                    f"{xml_text(value)}</{p}definedName>"
                    for n, value in sorted(titles.items()))  # fmt: skip
    block = re.search(rf"<{p}definedNames\b[^>]*?(/?)>", xml)
    if block is not None and block.group(1):
        return (xml[: block.start()] + f"<{p}definedNames>{names}</{p}definedNames>"
                + xml[block.end():])  # fmt: skip
    if block is not None:
        end = xml.find(f"</{p}definedNames>", block.end())
        return xml[:end] + names + xml[end:]
    after = [m for e in ("sheets", "functionGroups", "externalReferences")
             if (m := re.search(rf"</{p}{e}>|<{p}{e}\b[^>]*/>", xml))]  # fmt: skip
    at = max(m.end() for m in after) if after else xml.rfind(f"</{p}workbook>")
    return xml[:at] + f"<{p}definedNames>{names}</{p}definedNames>" + xml[at:]


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def titles_ref(sheet: str, rows: tuple[int, int] | None, cols: Sequence[int]) -> str | None:
    """A print-titles reference: ``'Sheet'!$A:$C,'Sheet'!$1:$2``; None for nothing."""
    parts = []
    if cols:
        parts.append(f"{_quoted(sheet)}!${column_letters(cols[0])}:${column_letters(cols[-1])}")
    if rows:
        parts.append(f"{_quoted(sheet)}!${rows[0]}:${rows[1]}")
    return ",".join(parts) or None
