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
import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

from ..census.findings import Finding
from ..census.layout import find_info_sheet
from ..census.legacy_sheets import decode_legacy
from ..census.reader import CensusFile
from ..core.i18n import Lang, phrase
from ..read.opc import Package, sheet_parts, workbook_relationships
from ..read.workbook import Limits, Sheet, Sheets, UnreadableFile, cell_address, read_workbook
from .markup_notes import AUTHOR, add_notes
from .markup_print import (
    FINDINGS_WIDTH,
    ROW_PT,
    PrintSetup,
    SheetLayout,
    code_widths,
    column_widths,
    inches,
    layouts,
    print_setup,
    print_titles,
    text_height,
    titles_ref,
    widen,
)
from .report_xlsx import safe_text
from .xlsx_cells import CellEdit, Styles, edit_cells, style_cells, text_edit
from .xlsx_xml import (
    CT_SHEET,
    CT_STYLES,
    MAIN,
    REL,
    T_SHEET,
    T_STYLES,
    CannotMarkUp,
    PackageEdits,
    add_first_sheet,
    add_relationships,
    column_letters,
    declare_types,
    new_id,
    new_rels_part,
    prefix_of,
    relationship,
    set_attr,
    split_ref,
    xml_attr,
    xml_text,
)

#: Fill colours (ARGB): light red for an error, light amber for a warning.
ERROR_FILL, WARNING_FILL = "FFFFC7CE", "FFFFEB9C"


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
    head = phrase("markup.error" if f.severity == "error" else "markup.warning", lang)
    lines = [f"{head}: {f.title(lang)}", replace(f, suggestion=None).message(lang)]
    if f.value not in (None, ""):
        lines.append(f"{phrase('markup.typed', lang)}: «{f.value}»")
    if f.suggestion:
        lines.append(f"{phrase('markup.meant', lang)}: «{f.suggestion}»")
    if not own:
        lines.append(phrase("markup.noted-at", lang))
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


@dataclass
class _Note:
    findings: list[tuple[Finding, bool]] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return "error" if any(f.severity == "error" for f, _ in self.findings) else "warning"


def _note_entry(note: _Note, lang: Lang) -> str:
    """The text of one cell's note: each of its findings' notes."""
    return "\n\n".join(note_text(f, lang, own) for f, own in note.findings)


def _notes_by_cell(findings: Sequence[Finding], where: Sequence[Place],
                   sheets: dict[str, str]) -> dict[str, dict[str, _Note]]:  # fmt: skip
    """Sheet → cell → the findings noted there (with whether the cell is their own)."""
    notes: dict[str, dict[str, _Note]] = {}
    for f, place in zip(findings, where, strict=True):
        if place.sheet in sheets:
            notes.setdefault(place.sheet, {}).setdefault(place.cell, _Note()).findings.append(
                (f, place.own)
            )
    return notes


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
        """The copy in three steps: every sheet marked and set to print, the results sheet
        added first, the new parts' content types declared."""
        package = Package(archive.namelist())
        workbook, wb_rels = workbook_relationships(archive, package)
        if workbook is None:
            raise CannotMarkUp("damaged")
        parts = sheet_parts(archive)
        edits = PackageEdits(archive, package)
        styles_part = next((package.find(t) for _, k, t in wb_rels if k == T_STYLES), None)
        styles = Styles(edits.read(styles_part) if styles_part else None)
        titles = self._sheets(edits, parts, workbook, findings, where, styles)
        self._results(edits, workbook, list(parts), (styles_part, styles), titles,
                      _results_sheet(findings, where, shown, styles, self.lang))  # fmt: skip
        ct = package.find("[Content_Types].xml")
        if ct is None:
            raise CannotMarkUp("damaged")
        edits.changed[ct] = declare_types(edits.read(ct), edits.types)
        return _write(archive, edits.changed, edits.added)

    def _sheets(self, edits: PackageEdits, parts: dict[str, str], workbook: str,
                findings: Sequence[Finding], where: Sequence[Place],
                styles: Styles) -> dict[int, str]:  # fmt: skip
        """Each sheet with its findings' cells filled and noted and set to print; returns the
        rows and columns each sheet repeats on every page (by its 0-based place, counting
        the results sheet that goes first)."""
        notes = _notes_by_cell(findings, where, parts)
        by_row = row_findings(findings, where)
        order = [e.get("name", "") for e in ElementTree.fromstring(edits.archive.read(workbook))
                 .iter() if e.tag.rsplit("}", 1)[-1] == "sheet"]  # fmt: skip
        titles: dict[int, str] = {}
        vml_n = 0
        for sheet_name, member in parts.items():
            xml = edits.read(member)
            before = xml
            xml = re.sub(r"<(?:[\w.-]+:)?sheetView\b[^>]*>",
                         lambda m: set_attr(m.group(0), "tabSelected", None), xml)  # fmt: skip
            cells = notes.get(sheet_name)
            if cells:
                fills = {ref: styles_fill(note.severity) for ref, note in cells.items()}
                xml = style_cells(xml, fills, styles)
                vml_n += 1
                entries = {ref: _note_entry(note, self.lang) for ref, note in cells.items()}
                xml = add_notes(edits, member, xml, entries, vml_n)
            layout = self.layout.get(sheet_name)
            if layout is not None and layout.sheet.visible and member.endswith(".xml"):
                xml, ref = self._printed(xml, sheet_name, layout, by_row.get(sheet_name, {}),
                                         styles)  # fmt: skip
                if ref and sheet_name in order:
                    titles[order.index(sheet_name) + 1] = ref
            if xml != before:
                edits.changed[member] = xml
        return titles

    def _results(self, edits: PackageEdits, workbook: str, sheets: list[str],
                 styles_at: tuple[str | None, Styles], titles: dict[int, str],
                 results_xml: str) -> None:  # fmt: skip
        """The results sheet added first, the styles written (to a part of their own where
        the workbook had none) and the workbook given its print titles."""
        archive, package, changed, added = edits.archive, edits.package, edits.changed, edits.added
        folder = posixpath.dirname(workbook)
        results = edits.new_name(posixpath.join(folder, "worksheets", "ktt-results{n}.xml"))
        sheet_title = _unique_title(phrase("markup.sheet", self.lang), sheets)
        added[results] = results_xml
        edits.types.append((results, CT_SHEET))
        wb_rels_part = package.find(package.rels_of(workbook))
        rel_id = new_id(archive.read(wb_rels_part).decode() if wb_rels_part else "", "rIdKtt")
        rel = relationship(rel_id, T_SHEET, posixpath.relpath(results, folder or "."))
        if wb_rels_part is None:
            wb_rels_part = package.rels_of(workbook)
            added[wb_rels_part] = new_rels_part([rel])
        else:
            changed[wb_rels_part] = add_relationships(edits.read(wb_rels_part), [rel])
        styles_part, styles = styles_at
        if styles_part is None:
            styles_part = edits.new_name(posixpath.join(folder, "styles{n}.xml"))
            srel = relationship(new_id(changed[wb_rels_part], "rIdKttS"), T_STYLES,
                                posixpath.relpath(styles_part, folder or "."))  # fmt: skip
            changed[wb_rels_part] = add_relationships(changed[wb_rels_part], [srel])
            edits.types.append((styles_part, CT_STYLES))
            added[styles_part] = styles.result()
        else:
            changed[styles_part] = styles.result()
        titles[0] = titles_ref(sheet_title, (5, 5), ()) or ""
        changed[workbook] = print_titles(add_first_sheet(edits.read(workbook), sheet_title,
                                                         rel_id), titles)  # fmt: skip

    def _printed(self, xml: str, name: str, layout: SheetLayout, rows: dict[int, list[Finding]],
                 styles: Styles) -> tuple[str, str | None]:  # fmt: skip
        """The sheet set up to print (see :class:`PrintSetup`), its codes shown whole, with a
        column after its last that says what is wrong on each row with a finding; and the
        rows and columns to repeat on each page."""
        p = prefix_of(xml, "worksheet")
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
                edits[cell_address(r - 1, col)] = text_edit(p, text,
                    styles.xf(0, fill, own_font=True, wrap=True))  # fmt: skip
                heights[r] = text_height(text, FINDINGS_WIDTH)
            if layout.header is not None:
                head = layout.header[0]
                text = phrase("markup.findings-column", self.lang)
                if head in rows:
                    text += "\n" + row_text(rows[head], self.lang)
                edits[cell_address(head - 1, col)] = text_edit(p, text,
                    styles.xf(0, None, bold=True, wrap=True))  # fmt: skip
                heights[head] = text_height(text, FINDINGS_WIDTH)
            xml = edit_cells(xml, edits, heights)
            need[col] = FINDINGS_WIDTH
            last = col
        xml = widen(xml, need)
        wide = sum(inches(w) for w in column_widths(xml, max(last, 0)))
        setup = PrintSetup.of(wide, grid=layout.header is not None)
        xml = print_setup(xml, setup)
        return xml, titles_ref(name, layout.header,
                               layout.names_row if setup.across > 1 else ())  # fmt: skip


def styles_fill(severity: str) -> str:
    return ERROR_FILL if severity == "error" else WARNING_FILL


def _unique_title(title: str, existing: list[str]) -> str:
    taken = {n.casefold() for n in existing}
    name, n = title, 1
    while name.casefold() in taken:
        n += 1
        name = f"{title} ({n})"
    return name


def row_findings(findings: Sequence[Finding],
                 where: Sequence[Place]) -> dict[str, dict[int, list[Finding]]]:  # fmt: skip
    """Sheet → row (1-based) → the findings noted on that row."""
    out: dict[str, dict[int, list[Finding]]] = {}
    for f, place in zip(findings, where, strict=True):
        if place.sheet and (place.own or f.row is not None):
            row = split_ref(place.cell)[0] + 1
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
            line += f" ({phrase('markup.meant', lang)} «{f.suggestion}»)"
        lines.append(line)
    return "\n".join(lines)


#: The columns of the results sheet and their widths: one page across, landscape.
RESULT_COLUMNS = [("n", 5), ("severity", 9), ("where-sheet", 16), ("cell", 6), ("column", 16),
                  ("typed", 16), ("meant", 14), ("what", 68)]  # fmt: skip


def _text_cell(ref: str, value: str, style: int) -> str:
    """A cell of the results sheet holding ``value`` as an inline string."""
    return (f'<c r="{ref}" t="inlineStr" s="{style}"><is><t xml:space="preserve">{xml_text(value)}'
            "</t></is></c>")  # fmt: skip


def _results_sheet(findings: Sequence[Finding], where: Sequence[Place], shown: str,
                   styles: Styles, lang: Lang) -> str:  # fmt: skip
    """The «Kết quả kiểm tra» sheet: the file, the counts, what to do next, every finding
    with a link to the cell where it is noted. Every text is an inline string, and every
    cell names ktt's own font (:data:`FONT`), not the workbook's default."""
    plain, bold = styles.xf(0, None, own_font=True, wrap=True), styles.xf(0, None, True)
    red = styles.xf(0, ERROR_FILL, own_font=True, wrap=True)
    amber = styles.xf(0, WARNING_FILL, own_font=True, wrap=True)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    counts = phrase("markup.counts", lang, errors=errors, warnings=warnings)
    nxt = phrase("markup.next-errors" if errors else "markup.next-warnings", lang)
    heads = [h for h, _ in RESULT_COLUMNS]
    letters = "".join(column_letters(k) for k in range(len(heads)))
    rows = [f'<row r="1">{_text_cell("A1", phrase("markup.title", lang, file=shown), bold)}</row>',
            f'<row r="2">{_text_cell("A2", counts, plain)}</row>',
            f'<row r="3">{_text_cell("A3", nxt, plain)}</row>',
            '<row r="5">' + "".join(_text_cell(f"{letters[k]}5", phrase(f"markup.{h}", lang), bold)
                                    for k, h in enumerate(heads)) + "</row>"]  # fmt: skip
    across = sum(w for _, w in RESULT_COLUMNS)
    heights = {2: text_height(counts, across), 3: text_height(nxt, across)}
    links: list[str] = []
    for n, (f, place) in enumerate(zip(findings, where, strict=True), start=1):
        r = n + 5
        severity = red if f.severity == "error" else amber
        rows.append(_finding_row(r, f, place, letters, (plain, severity), heights, lang))
        if place.sheet:
            target = "'" + place.sheet.replace("'", "''") + "'!" + place.cell
            links.append(f'<hyperlink ref="D{r}" location={xml_attr(target)} '
                         f"display={xml_attr(place.cell)}/>")  # fmt: skip
    return _results_xml(rows, links, letters[-1], heights)


def _finding_row(r: int, f: Finding, place: Place, letters: str, styles: tuple[int, int],
                 heights: dict[int, float], lang: Lang) -> str:  # fmt: skip
    """Row ``r`` of the results sheet: one finding; ``heights`` learns how tall it stands."""
    plain, severity = styles
    values = [
        None,
        phrase("markup.error" if f.severity == "error" else "markup.warning", lang),
        place.sheet,
        place.cell if place.sheet else "",
        f.column or "",
        f.value or "",
        f.suggestion or "",
        replace(f, suggestion=None).message(lang),
    ]
    cells = [f'<c r="A{r}" s="{plain}"><v>{r - 5}</v></c>']
    for k, value in enumerate(values[1:], start=1):
        if value:
            cells.append(_text_cell(f"{letters[k]}{r}", str(value), severity if k == 1 else plain))
            heights[r] = max(heights.get(r, 0), text_height(str(value), RESULT_COLUMNS[k][1]))
    return f'<row r="{r}">{"".join(cells)}</row>'


def _results_xml(rows: list[str], links: list[str], last: str, heights: dict[int, float]) -> str:
    """The results sheet's XML: its rows under a frozen header, the title and texts merged
    across to column ``last``, its links, rows as tall as their text, set to print."""
    merges = "".join(f'<mergeCell ref="A{r}:{last}{r}"/>' for r in (1, 2, 3))
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
    xml = edit_cells(xml, {}, rows_tall) if rows_tall else xml
    return print_setup(xml, PrintSetup("landscape", 1, grid=True))


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
