"""Marked-up copies: the submitter's own workbook, with every finding on its cell.

For a file with findings, :func:`mark_up` returns an .xlsx copy of it in which each cell
with a finding is filled (:data:`ERROR_FILL` for an error, :data:`WARNING_FILL` for a
warning) and carries a note in the reader's language (Vietnamese by default): what is
wrong, the value as typed, what was probably meant. A finding with no cell of its own is
noted where a person looks for it (:func:`places`): a missing column on the first cell of
the header row, a sheet's finding on the sheet's first cell, a file's finding (the year,
a missing list sheet, an organization vanished since last year) on the information
sheet's first cell. A first sheet «Kết quả kiểm tra» lists every finding, each with a
link to its cell, and says what to do next.

The copy is made to be printed and fixed from paper (:func:`_Marker._printed`): every sheet
prints on A4, upright or across as its width needs, fitted to as few pages across as keep
it legible (:class:`PrintSetup`), with a list's header rows, and where it prints on more
than one page across its STT, code and name columns, repeated on each page; a column of
codes or numbers too narrow to show them whole is widened (:func:`code_widths`); a column
after the last says on each row with a finding what is wrong there (notes do not print);
the results sheet prints one page across, its texts wrapped.

Everything else stays as the submitter made it. An .xlsx (or .xlsm) is copied part by part
and only the parts that must change are edited, as text: the marked cells' style
references, the styles (two fills and ktt's two fonts appended, each named, since a TCVN3
workbook's default font may be .VnTime; every existing style keeps its number), the notes
(a comments part and its VML drawing, or the sheet's own, added to), the workbook's list
of sheets and the package's relationships and content types. Values, formulas with their
saved values, number formats, widths, merges, validations, drawings, even parts ktt does not
know, are the original's bytes. (openpyxl cannot keep a formula and its saved value at once,
and drops what it does not model.) An .xls or .ods
has no package to edit: its copy is built from the cells ktt read (values, merged cells,
hidden sheets), then marked the same way; its widths and number formats are not carried, and
a sheet typed in a legacy encoding (TCVN3, VNI) is written in Unicode, since its font is not
carried either.

The copy is deterministic: the same file and findings give the same bytes. Nothing here
writes a file; the caller writes the bytes (atomically, :mod:`.output`).
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from .census import CensusFile
from .findings import Finding
from .i18n import Lang
from .layout import decode_legacy, find_info_sheet
from .opc import Package, normal, relationships, sheet_parts, workbook_relationships
from .report_xlsx import safe_text
from .workbook import Limits, Sheet, Sheets, UnreadableFile, cell_address, read_workbook

#: Fill colours (ARGB): light red for an error, light amber for a warning.
ERROR_FILL, WARNING_FILL = "FFFFC7CE", "FFFFEB9C"
#: Who wrote the notes.
AUTHOR = "ktt"
#: The font of what ktt writes in the copy (the results sheet, the notes): a Unicode font,
#: named, since the workbook's default may be a legacy one (.VnTime).
FONT = "Arial"

_WORDS: dict[str, dict[Lang, str]] = {
    "sheet": {"vi": "Kết quả kiểm tra", "en": "Check results"},
    "title": {"vi": "Kết quả kiểm tra tệp «{file}»", "en": "Check results for «{file}»"},
    "counts": {
        "vi": "{errors} lỗi, {warnings} cảnh báo. Các ô có lỗi được tô đỏ, ô có cảnh báo được "
        "tô vàng; mỗi ô có ghi chú nói rõ sai ở đâu.",
        "en": "{errors} errors, {warnings} warnings. Cells with an error are filled red, cells "
        "with a warning amber; each carries a note that says what is wrong.",
    },
    "next-errors": {
        "vi": "Việc cần làm: sửa từng lỗi dưới đây trong tệp gốc của đơn vị (không sửa trên "
        "bản này), rồi gửi lại tệp đã sửa. Bấm vào ô ở cột «Ô» để tới ô có lỗi. Cảnh báo "
        "không làm tệp bị loại, nhưng hãy xem lại.",
        "en": "What to do: fix each error below in your own file (not in this copy), then send "
        "the fixed file again. Click a cell of the «Cell» column to go to it. Warnings do "
        "not keep the file out, but check them.",
    },
    "next-warnings": {
        "vi": "Việc cần làm: tệp không có lỗi và đã được tính; hãy xem lại các cảnh báo dưới "
        "đây và sửa trong tệp gốc nếu cần.",
        "en": "What to do: the file has no errors and is counted; check the warnings below and "
        "fix your own file where needed.",
    },
    "n": {"vi": "STT", "en": "No."},
    "severity": {"vi": "Mức độ", "en": "Severity"},
    "error": {"vi": "Lỗi", "en": "Error"},
    "warning": {"vi": "Cảnh báo", "en": "Warning"},
    "where-sheet": {"vi": "Trang", "en": "Sheet"},
    "cell": {"vi": "Ô", "en": "Cell"},
    "column": {"vi": "Cột", "en": "Column"},
    "what": {"vi": "Nội dung", "en": "Finding"},
    "typed": {"vi": "Giá trị đã nhập", "en": "Value as typed"},
    "meant": {"vi": "Có lẽ là", "en": "Probably meant"},
    "findings-column": {"vi": "Kết quả kiểm tra (ktt)", "en": "Check results (ktt)"},
    "noted-at": {
        "vi": "(ghi chú đặt tại đây vì lỗi không thuộc một ô)",
        "en": "(noted here: the finding has no cell of its own)",
    },
}


def word(key: str, lang: Lang, **fields: object) -> str:
    return _WORDS[key][lang].format(**fields)


class CannotMarkUp(Exception):
    """The file cannot be read (again) as a workbook: there is nothing to mark."""


# --------------------------------------------------------------------------- where


@dataclass(frozen=True)
class Place:
    """Where a finding is noted: the sheet and the A1 cell; ``own``: the finding's own cell
    (else the place chosen for a finding without one)."""

    sheet: str
    cell: str
    own: bool


def _first_cell(sheet: Sheet, i: int | None = None) -> str:
    """The first non-empty cell of row ``i`` (default: of the sheet), else its first cell."""
    rows = range(len(sheet.rows)) if i is None else [i]
    for r in rows:
        if 0 <= r < len(sheet.rows):
            for j, value in enumerate(sheet.rows[r]):
                if value not in ("", None):
                    return sheet.address(r, j)
    if i is not None:
        return cell_address(sheet.top + i, sheet.left)
    return cell_address(sheet.top, sheet.left)


def places(file: CensusFile, sheets: Sequence[Sheet]) -> list[Place]:
    """Where each of ``file.findings`` is noted, in order (see the module docstring). The
    sheets are read as :mod:`.census` reads them: typed in a legacy encoding, converted."""
    decoded = decode_legacy(sheets)
    sheets = decoded.sheets
    by_name = {s.name: s for s in sheets}
    lists = [s for s, _ in decoded.lists]
    info = find_info_sheet(sheets, lists) or next((s for s in sheets if s.visible), None)
    home = info or (sheets[0] if sheets else None)
    found = []
    for f in file.findings:
        sheet = by_name.get(f.sheet or "")
        if sheet is not None and f.cell:
            found.append(Place(sheet.name, f.cell, True))
        elif sheet is not None and f.row is not None:
            found.append(Place(sheet.name, _first_cell(sheet, f.row - 1 - sheet.top), False))
        elif sheet is not None:
            found.append(Place(sheet.name, _first_cell(sheet), False))
        elif home is not None:
            found.append(Place(home.name, _first_cell(home), False))
        else:
            found.append(Place("", "A1", False))
    return found


def note_text(f: Finding, lang: Lang, own: bool = True) -> str:
    """A finding as its note: what is wrong, the value as typed, what was probably meant."""
    head = word("error" if f.severity == "error" else "warning", lang)
    lines = [f"{head}: {f.title(lang)}", replace(f, suggestion=None).message(lang)]
    if f.value not in (None, ""):
        lines.append(f"{word('typed', lang)}: «{f.value}»")
    if f.suggestion:
        lines.append(f"{word('meant', lang)}: «{f.suggestion}»")
    if not own:
        lines.append(word("noted-at", lang))
    return "\n".join(lines)


# --------------------------------------------------------------------------- entry point


def mark_up(
    path: Path | str,
    file: CensusFile,
    *,
    lang: Lang = "vi",
    limits: Limits | None = None,
    shown_name: str | None = None,
) -> bytes:
    """The marked-up copy of the workbook at ``path`` (read as ``file``), as .xlsx bytes.

    Raises :class:`CannotMarkUp` when the file cannot be read as a workbook. ``shown_name``
    is how the results sheet names the file (default: ``file.path``).
    """
    path = Path(path)
    try:
        sheets = read_workbook(path, limits)
    except UnreadableFile as exc:
        raise CannotMarkUp(exc.reason) from None
    where = places(file, sheets)
    kind = sheets.kind if isinstance(sheets, Sheets) else ""
    names: dict[str, str] = {s.name: s.name for s in sheets}
    if kind in ("", "xlsx"):
        data = path.read_bytes()  # a legacy encoding's text keeps its own font there
    else:  # the copy has no fonts: text typed in TCVN3 or VNI is written in Unicode
        data, names = _xlsx_from_sheets(decode_legacy(sheets).sheets)
    return _Marker(data, lang, layouts(sheets, names)).mark(
        file.findings, [replace(p, sheet=names.get(p.sheet, p.sheet)) for p in where],
        shown_name or file.path,
    )  # fmt: skip


# --------------------------------------------------------------------------- .xls, .ods

_BAD_TITLE = re.compile(r"[\\/*?:\[\]]")


def _xlsx_from_sheets(sheets: Sequence[Sheet]) -> tuple[bytes, dict[str, str]]:
    """A plain .xlsx of the cells ktt read, and each sheet's name in it (Excel allows 31
    characters and no ``\\ / * ? : [ ]``)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    names: dict[str, str] = {}
    taken: set[str] = set()
    for sheet in sheets:
        title = _BAD_TITLE.sub("_", sheet.name)[:31] or "Sheet"
        n = 1
        while title.casefold() in taken:
            n += 1
            title = f"{title[:28]}~{n}"
        taken.add(title.casefold())
        names[sheet.name] = title
        ws = wb.create_sheet(title)
        if not sheet.visible:
            ws.sheet_state = "hidden"
        for i, row in enumerate(sheet.rows):
            for j, value in enumerate(row):
                if value in ("", None):
                    continue
                cell = ws.cell(row=sheet.top + i + 1, column=sheet.left + j + 1)
                if isinstance(value, str):
                    cell.value = safe_text(value)
                    cell.data_type = "s"  # never a formula
                elif isinstance(value, datetime | date):
                    cell.value = value
                    cell.number_format = "dd/mm/yyyy" if not isinstance(value, datetime) or (
                        value.time() == time()) else "dd/mm/yyyy hh:mm"  # fmt: skip
                elif isinstance(value, bool | int | float):
                    cell.value = value
                else:
                    cell.value = str(value)
                    cell.data_type = "s"
        for r0, c0, r1, c1 in sheet.merged:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1,
                           end_column=c1 + 1)  # fmt: skip
    if first is not None and sheets:
        wb.remove(first)
    when = datetime(2000, 1, 1)
    wb.properties.creator = AUTHOR
    wb.properties.created = wb.properties.modified = when
    buffer = io.BytesIO()
    wb.save(buffer)
    from .report_xlsx import fix_times

    return fix_times(buffer.getvalue(), when), names


# --------------------------------------------------------------------------- the package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
T_SHEET = REL + "/worksheet"
T_COMMENTS = REL + "/comments"
T_VML = REL + "/vmlDrawing"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
T_STYLES = REL + "/styles"

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The children of a worksheet that come after ``legacyDrawing`` (ECMA-376, CT_Worksheet).
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst")  # fmt: skip
_TAG = re.compile(r"<(/?)(?:[\w.-]+:)?([\w.-]+)\b[^>]*?(/?)>|<!--.*?-->|<\?.*?\?>", re.S)
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _x(text: str) -> str:
    """Text for an XML text node."""
    return escape(_ILLEGAL_XML.sub("", safe_text(text)))


def _attr(text: str) -> str:
    return quoteattr(_ILLEGAL_XML.sub("", safe_text(text)), {"\n": "&#10;", "\r": "&#13;"})


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _split(ref: str) -> tuple[int, int]:
    """0-based (row, column) of an A1 reference."""
    m = _CELL_REF.fullmatch(ref.replace("$", ""))
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)) - 1, _col_index(m.group(1))


def _prefix(xml: str, root: str) -> str:
    """The prefix (with its colon, or "") the root element ``root`` is written with."""
    m = re.search(rf"<(?:([\w.-]+):)?{root}\b", xml)
    return f"{m.group(1)}:" if m and m.group(1) else ""


def _set_attr(tag: str, name: str, value: str | None) -> str:
    """A start tag with attribute ``name`` set to ``value`` (removed when None)."""
    tag = re.sub(rf"\s{name}=(\"[^\"]*\"|'[^']*')", "", tag)
    if value is None:
        return tag
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:end]} {name}="{value}"{tag[end:]}'


def _get_attr(tag: str, name: str) -> str | None:
    m = re.search(rf"\s{name}=(?:\"([^\"]*)\"|'([^']*)')", tag)
    return None if m is None else (m.group(1) if m.group(1) is not None else m.group(2))


def _top_level(xml: str, start: int) -> list[tuple[str, int]]:
    """(local name, index) of each child element of the root found from ``start`` on,
    where ``start`` lies at depth 1 (between the root's children)."""
    depth, found = 1, []
    for m in _TAG.finditer(xml, start):
        if m.group(2) is None:  # a comment or a processing instruction
            continue
        closing, name, empty = m.group(1), m.group(2), m.group(3)
        if closing:
            depth -= 1
            if depth == 0:
                break
        else:
            if depth == 1:
                found.append((name, m.start()))
            if not empty:
                depth += 1
    return found


class _Styles:
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
        self.p = _prefix(xml, "styleSheet")
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
                start = _set_attr(_set_attr(start, "fillId", str(self.fill(fill))), "applyFill",
                                  "1")  # fmt: skip
            if bold or own_font:
                start = _set_attr(_set_attr(start, "fontId", str(self.font(bold))), "applyFont",
                                  "1")  # fmt: skip
            if wrap:
                start = _set_attr(start, "applyAlignment", "1")
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
        tag = _set_attr(m.group(0).replace("/>", ">") if m.group(1) else m.group(0), "count",
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


@dataclass
class _Note:
    findings: list[tuple[Finding, bool]] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return "error" if any(f.severity == "error" for f, _ in self.findings) else "warning"


def _read(archive: zipfile.ZipFile, name: str) -> str:
    return archive.read(name).decode("utf-8")


class _Marker:
    def __init__(self, data: bytes, lang: Lang, layout: dict[str, SheetLayout]) -> None:
        self.data = data
        self.lang = lang
        self.layout = layout

    def mark(self, findings: Sequence[Finding], where: Sequence[Place], shown: str) -> bytes:
        try:
            archive = zipfile.ZipFile(io.BytesIO(self.data))
        except zipfile.BadZipFile:
            raise CannotMarkUp("damaged") from None
        with archive:
            return self._mark(archive, findings, where, shown)

    def _mark(self, archive: zipfile.ZipFile, findings: Sequence[Finding],
              where: Sequence[Place], shown: str) -> bytes:  # fmt: skip
        package = Package(archive.namelist())
        workbook, wb_rels = workbook_relationships(archive, package)
        if workbook is None:
            raise CannotMarkUp("damaged")
        parts = sheet_parts(archive)
        changed: dict[str, str] = {}  # archive name → new text
        added: dict[str, str] = {}  # new part name → text
        types: list[tuple[str, str]] = []  # (part name, content type) to declare
        lang = self.lang

        styles_part = next((package.find(t) for _, k, t in wb_rels if k == T_STYLES), None)
        styles = _Styles(_read(archive, styles_part) if styles_part else None)
        taken = {normal(n) for n in archive.namelist()}

        def new_name(pattern: str) -> str:
            n = 1
            while normal(pattern.format(n=n)) in taken:
                n += 1
            name = pattern.format(n=n)
            taken.add(normal(name))
            return name

        folder = posixpath.dirname(workbook)
        notes: dict[str, dict[str, _Note]] = {}
        for f, place in zip(findings, where, strict=True):
            if place.sheet in parts:
                notes.setdefault(place.sheet, {}).setdefault(place.cell, _Note()).findings.append(
                    (f, place.own)
                )
        vml_n = 0
        by_row = row_findings(findings, where)
        order = [e.get("name", "") for e in ElementTree.fromstring(archive.read(workbook)).iter()
                 if e.tag.rsplit("}", 1)[-1] == "sheet"]  # fmt: skip
        titles: dict[int, str] = {}
        for sheet_name, member in parts.items():
            xml = _read(archive, member)
            before = xml
            xml = re.sub(r"<(?:[\w.-]+:)?sheetView\b[^>]*>",
                         lambda m: _set_attr(m.group(0), "tabSelected", None), xml)  # fmt: skip
            cells = notes.get(sheet_name)
            if cells:
                fills = {ref: styles_fill(note.severity) for ref, note in cells.items()}
                xml = _style_cells(xml, fills, styles)
                vml_n += 1
                xml = self._comments(archive, package, member, xml, cells, vml_n, new_name,
                                     changed, added, types)  # fmt: skip
            layout = self.layout.get(sheet_name)
            if layout is not None and layout.sheet.visible and member.endswith(".xml"):
                xml, ref = self._printed(xml, sheet_name, layout, by_row.get(sheet_name, {}),
                                         styles)  # fmt: skip
                if ref and sheet_name in order:
                    titles[order.index(sheet_name) + 1] = ref
            if xml != before:
                changed[member] = xml

        # The results sheet, first.
        results = new_name(posixpath.join(folder, "worksheets", "ktt-results{n}.xml"))
        sheet_title = _unique_title(word("sheet", lang), list(parts))
        added[results] = _results_sheet(findings, where, shown, styles, lang)
        types.append((results, CT_SHEET))
        wb_rels_part = package.find(package.rels_of(workbook))
        rel_id = _new_id(archive.read(wb_rels_part).decode() if wb_rels_part else "", "rIdKtt")
        rel = _relationship(rel_id, T_SHEET, posixpath.relpath(results, folder or "."))
        if wb_rels_part is None:
            wb_rels_part = package.rels_of(workbook)
            added[wb_rels_part] = _rels_part([rel])
        else:
            changed[wb_rels_part] = _add_relationships(_read(archive, wb_rels_part), [rel])
        if styles_part is None:
            styles_part = new_name(posixpath.join(folder, "styles{n}.xml"))
            srel = _relationship(_new_id(changed[wb_rels_part], "rIdKttS"), T_STYLES,
                                 posixpath.relpath(styles_part, folder or "."))  # fmt: skip
            changed[wb_rels_part] = _add_relationships(changed[wb_rels_part], [srel])
            types.append((styles_part, CT_STYLES))
            added[styles_part] = styles.result()
        else:
            changed[styles_part] = styles.result()
        titles[0] = titles_ref(sheet_title, (5, 5), ()) or ""
        changed[workbook] = _print_titles(_add_first_sheet(_read(archive, workbook), sheet_title,
                                                           rel_id), titles)  # fmt: skip

        ct = package.find("[Content_Types].xml")
        if ct is None:
            raise CannotMarkUp("damaged")
        changed[ct] = _declare_types(_read(archive, ct), types)
        return _write(archive, changed, added)

    def _printed(self, xml: str, name: str, layout: SheetLayout, rows: dict[int, list[Finding]],
                 styles: _Styles) -> tuple[str, str | None]:  # fmt: skip
        """The sheet set up to print (see :class:`PrintSetup`), its codes shown whole, with a
        column after its last that says what is wrong on each row with a finding; and the
        rows and columns to repeat on each page."""
        p = _prefix(xml, "worksheet")
        sheet = layout.sheet
        last = sheet.left + max((len(r) for r in sheet.rows), default=0) - 1
        need = code_widths(sheet)
        if rows and last + 1 < 16384:
            col = last + 1
            edits: dict[str, CellEdit] = {}
            heights: dict[int, float] = {}
            for r, found in rows.items():
                fill = ERROR_FILL if any(f.severity == "error" for f in found) else WARNING_FILL
                text = row_text(found, self.lang)
                edits[cell_address(r - 1, col)] = _text_edit(p, text,
                    styles.xf(0, fill, own_font=True, wrap=True))  # fmt: skip
                heights[r] = text_height(text, FINDINGS_WIDTH)
            if layout.header is not None:
                head = layout.header[0]
                text = word("findings-column", self.lang)
                if head in rows:
                    text += "\n" + row_text(rows[head], self.lang)
                edits[cell_address(head - 1, col)] = _text_edit(p, text,
                    styles.xf(0, None, bold=True, wrap=True))  # fmt: skip
                heights[head] = text_height(text, FINDINGS_WIDTH)
            xml = _edit_cells(xml, edits, heights)
            need[col] = FINDINGS_WIDTH
            last = col
        xml = _widen(xml, need)
        wide = sum(inches(w) for w in column_widths(xml, max(last, 0)))
        setup = PrintSetup.of(wide, grid=layout.header is not None)
        xml = _print_setup(xml, setup)
        return xml, titles_ref(name, layout.header,
                               layout.names_row if setup.across > 1 else ())  # fmt: skip

    def _comments(self, archive: zipfile.ZipFile, package: Package, member: str, xml: str,
                  cells: dict[str, _Note], n: int, new_name: Callable[[str], str],
                  changed: dict[str, str], added: dict[str, str],
                  types: list[tuple[str, str]]) -> str:  # fmt: skip
        """Add the notes of ``cells`` to the sheet ``member``: to its own comments part and
        VML drawing if it has them, else to new ones. Returns the sheet's new text."""
        rels_name = package.rels_of(member)
        rels_part = package.find(rels_name)
        rels_text = _read(archive, rels_part) if rels_part else None
        rels = relationships(rels_text.encode(), normal(member)) if rels_text else []
        comments = next((t for _, k, t in rels if k == T_COMMENTS and package.find(t)), None)
        vml = next((t for _, k, t in rels if k == T_VML and package.find(t)), None)
        has_legacy = re.search(r"<(?:[\w.-]+:)?legacyDrawing\b", xml) is not None
        lang = self.lang
        entries = {
            ref: "\n\n".join(note_text(f, lang, own) for f, own in note.findings)
            for ref, note in cells.items()
        }
        if comments is not None and vml is not None and has_legacy:
            name = package.find(comments)
            vname = package.find(vml)
            assert name is not None and vname is not None
            changed[name] = _add_comments(changed.get(name) or _read(archive, name), entries)
            changed[vname] = _add_vml_shapes(changed.get(vname) or _read(archive, vname),
                                             list(entries), n)  # fmt: skip
            return xml
        folder = posixpath.dirname(posixpath.dirname(member)) or "xl"
        comments_name = new_name(posixpath.join(folder, "comments-ktt{n}.xml"))
        vml_name = new_name(posixpath.join(folder, "drawings", "vmlDrawing-ktt{n}.vml"))
        added[comments_name] = _add_comments(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN}">'
            "<authors></authors><commentList></commentList></comments>",
            entries,
        )
        added[vml_name] = _new_vml(list(entries), n)
        types += [(comments_name, CT_COMMENTS), (vml_name, CT_VML)]
        here = posixpath.dirname(member)
        base = rels_text or ""
        c_id = _new_id(base, "rIdKttC")
        v_id = _new_id(base + c_id, "rIdKttV")
        new = [
            _relationship(c_id, T_COMMENTS, posixpath.relpath(comments_name, here)),
            _relationship(v_id, T_VML, posixpath.relpath(vml_name, here)),
        ]
        if rels_part is None:
            added[rels_name] = _rels_part(new)
        else:
            changed[rels_part] = _add_relationships(changed.get(rels_part) or rels_text or "", new)
        if has_legacy:  # a drawing for form controls or the like: keep it, notes cannot go in
            return xml
        return _add_legacy_drawing(xml, v_id)


def styles_fill(severity: str) -> str:
    return ERROR_FILL if severity == "error" else WARNING_FILL


def _unique_title(title: str, existing: list[str]) -> str:
    taken = {n.casefold() for n in existing}
    name, n = title, 1
    while name.casefold() in taken:
        n += 1
        name = f"{title} ({n})"
    return name


def _new_id(text: str, stem: str) -> str:
    n = 1
    while f'"{stem}{n}"' in text:
        n += 1
    return f"{stem}{n}"


def _relationship(rel_id: str, kind: str, target: str) -> str:
    return f"<Relationship Id={_attr(rel_id)} Type={_attr(kind)} Target={_attr(target)}/>"


def _rels_part(rels: list[str]) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            f'xmlns="{PKG_REL}">{"".join(rels)}</Relationships>')  # fmt: skip


def _add_relationships(xml: str, rels: list[str]) -> str:
    p = _prefix(xml, "Relationships")
    if p:
        rels = [r.replace("<Relationship ", f"<{p}Relationship ") for r in rels]
    m = re.search(rf"<{p}Relationships\b[^>]*?/>", xml)
    if m is not None:
        return xml[: m.end() - 2] + ">" + "".join(rels) + f"</{p}Relationships>" + xml[m.end() :]
    end = xml.rfind(f"</{p}Relationships>")
    return xml[:end] + "".join(rels) + xml[end:]


def _declare_types(xml: str, types: list[tuple[str, str]]) -> str:
    p = _prefix(xml, "Types")
    items = [f"<{p}Override PartName={_attr('/' + name)} ContentType={_attr(kind)}/>"
             for name, kind in types if kind != CT_VML]  # fmt: skip
    has_vml = re.search(r'Extension="vml"', xml, re.I) is not None
    if any(kind == CT_VML for _, kind in types) and not has_vml:
        items.insert(0, f'<{p}Default Extension="vml" ContentType="{CT_VML}"/>')
    end = xml.rfind(f"</{p}Types>")
    return xml[:end] + "".join(items) + xml[end:]


def _add_first_sheet(xml: str, title: str, rel_id: str) -> str:
    """The workbook with a first sheet ``title`` and the same sheets, names and views after
    it: each sheet-local name and the active tab move one place along."""
    p = _prefix(xml, "workbook")
    m = re.search(rf'xmlns:([\w.-]+)="{re.escape(REL)}"', xml)
    r = m.group(1) if m else "r"
    # Declared on the new element itself: a writer may declare it on each <sheet> (openpyxl
    # does), not on the root, and a prefix used undeclared makes the workbook unreadable.
    declare = f' xmlns:{r}="{REL}"'
    ids = [int(x) for x in re.findall(r'\ssheetId="(\d+)"', xml)]
    sheet = (f"<{p}sheet name={_attr(title)} sheetId=\"{max(ids, default=0) + 1}\""
             f"{declare} {r}:id=\"{rel_id}\"/>")  # fmt: skip
    xml = re.sub(r'(\slocalSheetId=")(\d+)"', lambda x: f'{x.group(1)}{int(x.group(2)) + 1}"', xml)

    def view(tag: re.Match[str]) -> str:
        return _set_attr(_set_attr(tag.group(0), "activeTab", None), "firstSheet", None)

    xml = re.sub(rf"<{p}workbookView\b[^>]*>", view, xml)
    s = re.search(rf"<{p}sheets\b[^>]*>", xml)
    if s is None:
        raise CannotMarkUp("damaged")
    return xml[: s.end()] + sheet + xml[s.end() :]


#: What becomes of one cell: given its element as the sheet has it (None when it has none),
#: the style a new cell takes from its row and its A1 reference, the cell's new element.
CellEdit = Callable[[str | None, int, str], str]


def _fill_edit(p: str, argb: str, styles: _Styles) -> CellEdit:
    """A cell given a copy of its style filled with ``argb``; its content is kept."""

    def edit(cell: str | None, base: int, ref: str) -> str:
        if cell is None:
            return f'<{p}c r="{ref}" s="{styles.xf(base, argb)}"/>'
        tag = re.match(rf"<{p}c\b[^>]*?/?>", cell)
        assert tag is not None
        old = int(_get_attr(tag.group(0), "s") or 0)
        return _set_attr(tag.group(0), "s", str(styles.xf(old, argb))) + cell[tag.end() :]

    return edit


def _text_edit(p: str, text: str, style: int) -> CellEdit:
    """A cell holding ``text`` (an inline string) in ``style``, whatever it held before."""

    def edit(cell: str | None, base: int, ref: str) -> str:
        return (f'<{p}c r="{ref}" s="{style}" t="inlineStr"><{p}is><{p}t xml:space="preserve">'
                f"{_x(text)}</{p}t></{p}is></{p}c>")  # fmt: skip

    return edit


def _style_cells(xml: str, fills: dict[str, str], styles: _Styles) -> str:
    """The sheet with each cell of ``fills`` (A1 → ARGB) given a copy of its style filled with
    that colour; a cell (or a row) the sheet does not have is added, empty."""
    p = _prefix(xml, "worksheet")
    return _edit_cells(xml, {ref: _fill_edit(p, argb, styles) for ref, argb in fills.items()})


def _edit_cells(xml: str, edits: dict[str, CellEdit],
                heights: dict[int, float] | None = None) -> str:  # fmt: skip
    """The sheet with each cell of ``edits`` (A1 → edit) edited; a cell (or a row) the sheet
    does not have is added, in order. A row of ``heights`` (1-based → points) is made at least
    that tall."""
    p = _prefix(xml, "worksheet")
    by_row: dict[int, dict[int, CellEdit]] = {}
    for ref, edit in edits.items():
        r, c = _split(ref)
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
        r_attr = _get_attr(rm.group(0), "r")
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
    number = int(_get_attr(tag.group(0), "r") or 0)
    want = heights.get(number)
    if want is None or float(_get_attr(tag.group(0), "ht") or 0) >= want:
        return row
    start = _set_attr(_set_attr(tag.group(0), "ht", f"{want:g}"), "customHeight", "1")
    return start + row[tag.end() :]


def _new_row(p: str, number: int, cols: dict[int, CellEdit]) -> str:
    cells = "".join(edit(None, 0, cell_address(number - 1, c)) for c, edit in sorted(cols.items()))
    return f'<{p}row r="{number}">{cells}</{p}row>'


def _edit_row(p: str, row: str, empty: bool, number: int, cols: dict[int, CellEdit]) -> str:
    """One row with the cells of ``cols`` edited (added where missing, in column order)."""
    start = row[: row.index(">") + 1]
    base_style = int(_get_attr(start, "s") or 0) if _get_attr(start, "customFormat") in (
        "1", "true") else 0  # fmt: skip
    inner = "" if empty else row[len(start) :]
    close = f"</{p}row>" if empty else ""
    start = _set_attr(start, "spans", None)  # a hint that the added cells may not fit
    if empty:
        start = start[:-2].rstrip() + ">"
    cell_tag = re.compile(rf"<{p}c\b[^>]*?(/?)>")
    out: list[str] = []
    pos, last = 0, -1
    pending = sorted(cols)
    while pending and (cm := cell_tag.search(inner, pos)) is not None:
        ref = _get_attr(cm.group(0), "r")
        col = _split(ref)[1] if ref else last + 1
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


def _add_legacy_drawing(xml: str, rel_id: str) -> str:
    p = _prefix(xml, "worksheet")
    m = re.search(rf'xmlns:([\w.-]+)="{re.escape(REL)}"', xml)
    r, declare = (m.group(1), "") if m else ("r", f' xmlns:r="{REL}"')
    element = f'<{p}legacyDrawing{declare} {r}:id="{rel_id}"/>'
    data = xml.find(f"</{p}sheetData>")
    start = data if data >= 0 else 0
    children = _top_level(xml, start + len(f"</{p}sheetData>") if data >= 0 else start)
    at = next((i for name, i in children if name in _AFTER_LEGACY), xml.rfind(f"</{p}worksheet>"))
    return xml[:at] + element + xml[at:]


def _add_comments(xml: str, entries: dict[str, str]) -> str:
    """A comments part with ktt's notes on ``entries`` (A1 → text); a cell that already has a
    note keeps it, and ktt's text follows it."""
    p = _prefix(xml, "comments")
    authors = re.findall(rf"<{p}author\b", xml)
    author_id = len(authors)
    if re.search(rf"<{p}authors\s*/>", xml):
        xml = re.sub(rf"<{p}authors\s*/>", f"<{p}authors></{p}authors>", xml, count=1)
    end = xml.find(f"</{p}authors>")
    xml = xml[:end] + f"<{p}author>{AUTHOR}</{p}author>" + xml[end:]
    if re.search(rf"<{p}commentList\s*/>", xml):
        xml = re.sub(rf"<{p}commentList\s*/>", f"<{p}commentList></{p}commentList>", xml, count=1)
    new = []
    for ref, text in entries.items():
        run = (f'<{p}r><{p}rPr><{p}rFont val="{FONT}"/><{p}sz val="9"/></{p}rPr>'
               f'<{p}t xml:space="preserve">{_x(text)}</{p}t></{p}r>')  # fmt: skip
        m = re.search(rf'<{p}comment\b[^>]*\sref="{ref}"[^>]*>', xml)
        if m is not None:
            close = xml.find(f"</{p}text>", m.end())
            sep = f'<{p}r><{p}t xml:space="preserve">\n\n</{p}t></{p}r>'
            xml = xml[:close] + sep + run + xml[close:]
        else:
            new.append(f'<{p}comment ref="{ref}" authorId="{author_id}"><{p}text>{run}</{p}text>'
                       f"</{p}comment>")  # fmt: skip
    end = xml.find(f"</{p}commentList>")
    return xml[:end] + "".join(new) + xml[end:]


_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
    'office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{n}"/></o:shapelayout>\n'
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>\n'
)


def _shape(ref: str, shape_id: int) -> str:
    row, col = _split(ref)
    return (
        f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:absolute;'
        "margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:110pt;z-index:1;"
        'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
        '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div>'
        '</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{col + 1}, 15, {row}, 2, {col + 5}, 15, {row + 8}, 2</x:Anchor>"
        f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column>"
        "</x:ClientData></v:shape>\n"
    )


def _new_vml(refs: list[str], n: int) -> str:
    shapes = "".join(_shape(ref, n * 1024 + k + 1) for k, ref in enumerate(refs))
    return _VML_HEAD.format(n=n) + shapes + "</xml>\n"


def _add_vml_shapes(vml: str, refs: list[str], n: int) -> str:
    """The sheet's own VML drawing with a note shape for each of ``refs`` (ids from a block
    of its own, far above what Excel numbers)."""
    shapes = "".join(_shape(ref, (n + 500) * 1024 + k + 1) for k, ref in enumerate(refs))
    if "_x0000_t202" not in vml:
        head = _VML_HEAD.split("\n", 2)[2]  # the note shape type
        shapes = head + shapes
    root = re.search(r"<xml\b[^>]*>", vml)
    if root is not None:  # the prefixes ktt's shapes use, declared where they are not
        spaces = {"v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:"
                  "office", "x": "urn:schemas-microsoft-com:office:excel"}  # fmt: skip
        tag = root.group(0)
        extra = "".join(f' xmlns:{k}="{u}"' for k, u in spaces.items() if f"xmlns:{k}=" not in tag)
        tag = tag[:-1] + extra + ">"
        vml = vml[: root.start()] + tag + vml[root.end() :]
    end = vml.rfind("</xml>")
    return vml[:end] + shapes + vml[end:]


# --------------------------------------------------------------------------- the printed copy

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
    p = _prefix(xml, "worksheet")
    fmt = re.search(rf"<{p}sheetFormatPr\b[^>]*>", xml)
    default = DEFAULT_WIDTH
    if fmt is not None:
        given = _get_attr(fmt.group(0), "defaultColWidth")
        base = _get_attr(fmt.group(0), "baseColWidth")
        default = float(given) if given else (float(base) + 0.71 if base else DEFAULT_WIDTH)
    block = re.search(rf"<{p}cols\b[^>]*>(.*?)</{p}cols>", xml, re.S)
    found = []
    if block is not None:
        for m in re.finditer(rf"<{p}col\b[^>]*?/?>", block.group(1)):
            tag = m.group(0)
            lo, hi = _get_attr(tag, "min"), _get_attr(tag, "max")
            if lo and hi:
                found.append((int(lo) - 1, int(hi) - 1, tag))
    return found, default, block


def column_widths(xml: str, upto: int) -> list[float]:
    """The widths of columns 0..``upto`` (0-based) as the sheet sets them; a hidden column
    is 0 wide."""
    found, default, _ = _cols(xml)
    widths = [default] * (upto + 1)
    for lo, hi, tag in found:
        hidden = _get_attr(tag, "hidden") in ("1", "true")
        w = 0.0 if hidden else float(_get_attr(tag, "width") or default)
        for c in range(lo, min(hi, upto) + 1):
            widths[c] = w
    return widths


def _widen(xml: str, need: dict[int, float]) -> str:
    """The sheet with each column of ``need`` at least that wide (a ``<col>`` range split
    where only some of its columns widen); every other column keeps its width."""
    p = _prefix(xml, "worksheet")
    found, default, block = _cols(xml)
    widths: dict[int, tuple[float, str | None]] = {}  # column → (width, the tag it came from)
    for lo, hi, tag in found:
        for c in range(lo, hi + 1) if hi - lo < 16384 else ():
            widths[c] = (float(_get_attr(tag, "width") or default), tag)
    changed = False
    for c, w in need.items():
        have, source = widths.get(c, (default, None))
        hidden = source is not None and _get_attr(source, "hidden") in ("1", "true")
        if w > have + 0.01 and not hidden:
            widths[c] = (round(w, 2), source)
            changed = True
    if not changed:
        return xml
    out = []
    for c in sorted(widths):
        w, source = widths[c]
        col = source or f'<{p}col min="1" max="1" width="{w}" customWidth="1"/>'
        col = _set_attr(_set_attr(col, "min", str(c + 1)), "max", str(c + 1))
        out.append(_set_attr(_set_attr(col, "width", str(w)), "customWidth", "1"))
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
            same = _set_attr(_set_attr(prev, "min", "0"), "max", "0") == _set_attr(
                _set_attr(tag, "min", "0"), "max", "0")  # fmt: skip
            if same and int(_get_attr(prev, "max") or 0) + 1 == int(_get_attr(tag, "min") or 0):
                out[-1] = _set_attr(prev, "max", _get_attr(tag, "max"))
                continue
        out.append(tag)
    return out


#: The children of a worksheet that come after ``pageSetup`` (ECMA-376, CT_Worksheet).
_AFTER_PAGE_SETUP = ("headerFooter", "rowBreaks", "colBreaks", "customProperties",
                     "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
                     *_AFTER_LEGACY)  # fmt: skip


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


def _print_setup(xml: str, setup: PrintSetup) -> str:
    """The sheet set to print on A4 as ``setup`` says, fitted to its pages across; the rest
    of a page setup of its own (a printer's settings, its header and footer) is kept."""
    p = _prefix(xml, "worksheet")
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
        inner = (inner[: old.start()] + _set_attr(old.group(0), "fitToPage", "1")
                 + inner[old.end():]) if old else inner + fit  # fmt: skip
        xml = xml[: pr.end()] + inner + xml[end:]
    own = re.search(rf"<{p}pageSetup\b[^>]*?/>", xml)
    tag = own.group(0) if own else f"<{p}pageSetup/>"
    for name, value in (("paperSize", "9"), ("orientation", setup.orientation),
                        ("fitToWidth", str(setup.across)), ("fitToHeight", "0"),
                        ("scale", None)):  # fmt: skip
        tag = _set_attr(tag, name, value)
    xml = re.sub(rf"<{p}(?:printOptions|pageMargins|pageSetup)\b[^>]*?/>", "", xml)
    grid = ' gridLines="1"' if setup.grid else ""
    block = (f'<{p}printOptions horizontalCentered="1"{grid}/><{p}pageMargins left="0.4" '
             f'right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>{tag}')  # fmt: skip
    data = xml.find(f"</{p}sheetData>")
    children = _top_level(xml, data + len(f"</{p}sheetData>")) if data >= 0 else []
    at = next((i for name, i in children if name in _AFTER_PAGE_SETUP),
              xml.rfind(f"</{p}worksheet>"))  # fmt: skip
    return xml[:at] + block + xml[at:]


def _print_titles(xml: str, titles: dict[int, str]) -> str:
    """The workbook with each sheet of ``titles`` (its 0-based place → the rows and columns
    to repeat on every page, e.g. ``'Danh sách'!$A:$C,'Danh sách'!$1:$1``) given them,
    instead of any it had."""
    if not titles:
        return xml
    p = _prefix(xml, "workbook")
    for n in titles:
        xml = re.sub(rf'<{p}definedName\b(?=[^>]*\sname="_xlnm\.Print_Titles")(?=[^>]*'
                     rf'\slocalSheetId="{n}")[^>]*>.*?</{p}definedName>', "", xml,
                     flags=re.S)  # fmt: skip
    names = "".join(f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                    f"{_x(value)}</{p}definedName>"
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


def _column_letters(col: int) -> str:
    return re.sub(r"\d+", "", cell_address(0, col))


def titles_ref(sheet: str, rows: tuple[int, int] | None, cols: Sequence[int]) -> str | None:
    """A print-titles reference: ``'Sheet'!$A:$C,'Sheet'!$1:$2``; None for nothing."""
    parts = []
    if cols:
        parts.append(f"{_quoted(sheet)}!${_column_letters(cols[0])}:${_column_letters(cols[-1])}")
    if rows:
        parts.append(f"{_quoted(sheet)}!${rows[0]}:${rows[1]}")
    return ",".join(parts) or None


def row_findings(findings: Sequence[Finding],
                 where: Sequence[Place]) -> dict[str, dict[int, list[Finding]]]:  # fmt: skip
    """Sheet → row (1-based) → the findings noted on that row."""
    out: dict[str, dict[int, list[Finding]]] = {}
    for f, place in zip(findings, where, strict=True):
        if place.sheet and (place.own or f.row is not None):
            row = _split(place.cell)[0] + 1
            out.setdefault(place.sheet, {}).setdefault(row, []).append(f)
    return out


def row_text(found: Sequence[Finding], lang: Lang) -> str:
    """The findings of one row as its printed cell: one line each, the cell, what is wrong
    and what was probably meant."""
    lines = []
    for f in found:
        line = f"{f.cell}: " if f.cell else ""
        line += replace(f, suggestion=None).message(lang)
        if f.suggestion:
            line += f" ({word('meant', lang)} «{f.suggestion}»)"
        lines.append(line)
    return "\n".join(lines)


#: The columns of the results sheet and their widths: one page across, landscape.
RESULT_COLUMNS = [("n", 5), ("severity", 9), ("where-sheet", 16), ("cell", 6), ("column", 16),
                  ("typed", 16), ("meant", 14), ("what", 68)]  # fmt: skip


def _results_sheet(findings: Sequence[Finding], where: Sequence[Place], shown: str,
                   styles: _Styles, lang: Lang) -> str:  # fmt: skip
    """The «Kết quả kiểm tra» sheet: the file, the counts, what to do next, every finding
    with a link to the cell where it is noted. Every text is an inline string, and every
    cell names ktt's own font (:data:`FONT`), not the workbook's default."""
    plain, bold = styles.xf(0, None, own_font=True, wrap=True), styles.xf(0, None, True)
    red = styles.xf(0, ERROR_FILL, own_font=True, wrap=True)
    amber = styles.xf(0, WARNING_FILL, own_font=True, wrap=True)
    rows: list[str] = []
    links: list[str] = []

    def text_cell(ref: str, value: str, style: int | None = None) -> str:
        s = f' s="{plain if style is None else style}"'
        return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_x(value)}</t></is></c>'

    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    rows.append(f'<row r="1">{text_cell("A1", word("title", lang, file=shown), bold)}</row>')
    counts = word("counts", lang, errors=errors, warnings=warnings)
    rows.append(f'<row r="2">{text_cell("A2", counts)}</row>')
    nxt = word("next-errors" if errors else "next-warnings", lang)
    rows.append(f'<row r="3">{text_cell("A3", nxt)}</row>')
    heads = [h for h, _ in RESULT_COLUMNS]
    letters = "".join(_column_letters(k) for k in range(len(heads)))
    across = sum(w for _, w in RESULT_COLUMNS)
    heights = {2: text_height(counts, across), 3: text_height(nxt, across)}
    merges = "".join(f'<mergeCell ref="A{r}:{letters[-1]}{r}"/>' for r in (1, 2, 3))
    rows.append('<row r="5">' + "".join(text_cell(f"{letters[k]}5", word(h, lang), bold)
                                        for k, h in enumerate(heads)) + "</row>")  # fmt: skip
    for n, (f, place) in enumerate(zip(findings, where, strict=True), start=1):
        r = n + 5
        sev = f.severity == "error"
        values = [
            None,
            word("error" if sev else "warning", lang),
            place.sheet,
            place.cell if place.sheet else "",
            f.column or "",
            f.value or "",
            f.suggestion or "",
            replace(f, suggestion=None).message(lang),
        ]
        cells = [f'<c r="A{r}" s="{plain}"><v>{n}</v></c>']
        for k, value in enumerate(values[1:], start=1):
            if value:
                cells.append(text_cell(f"{letters[k]}{r}", str(value),
                                       (red if sev else amber) if k == 1 else None))  # fmt: skip
                heights[r] = max(heights.get(r, 0), text_height(str(value), RESULT_COLUMNS[k][1]))
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        if place.sheet:
            target = "'" + place.sheet.replace("'", "''") + "'!" + place.cell
            links.append(f'<hyperlink ref="D{r}" location={_attr(target)} '
                         f"display={_attr(place.cell)}/>")  # fmt: skip
    cols = "".join(f'<col min="{k}" max="{k}" width="{w}" customWidth="1"/>'
                   for k, (_, w) in enumerate(RESULT_COLUMNS, start=1))  # fmt: skip
    hyperlinks = f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
        f'xmlns:r="{REL}"><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane '
        'ySplit="5" topLeftCell="A6" activePane="bottomLeft" state="frozen"/></sheetView>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'{"".join(rows)}</sheetData><mergeCells count="3">{merges}</mergeCells>'
        f"{hyperlinks}</worksheet>"
    )
    rows_tall = {r: h for r, h in heights.items() if h > ROW_PT}
    xml = _edit_cells(xml, {}, rows_tall) if rows_tall else xml
    return _print_setup(xml, PrintSetup("landscape", 1, grid=True))


def _write(archive: zipfile.ZipFile, changed: dict[str, str], added: dict[str, str]) -> bytes:
    """The package with ``changed`` parts replaced and ``added`` ones appended; every entry
    keeps its time (new ones take the first entry's), so the bytes depend only on the input."""
    infos = archive.infolist()
    stamp = infos[0].date_time if infos else (2000, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in infos:
            if item.is_dir():
                continue
            content: bytes | str = changed.get(item.filename) or archive.read(item.filename)
            info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            dst.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
        for name, text in added.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, text.encode("utf-8"))
    return out.getvalue()
