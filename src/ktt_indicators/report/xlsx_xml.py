"""A workbook's XML parts edited as text, so that what ktt does not touch keeps its bytes:
the namespaces and content types, a tag's prefix and attributes, a root's children, a part's
relationships, the content types declared, the workbook's list of sheets."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..read.opc import Package, normal
from ..read.workbook import cell_address
from .report_xlsx import safe_text

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
AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                 "webPublishItems", "tableParts", "extLst")  # fmt: skip


_TAG = re.compile(r"<(/?)(?:[\w.-]+:)?([\w.-]+)\b[^>]*?(/?)>|<!--.*?-->|<\?.*?\?>", re.S)


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


class CannotMarkUp(Exception):
    """The file cannot be read (again) as a workbook: there is nothing to mark."""


def xml_text(text: str) -> str:
    """Text for an XML text node."""
    return escape(_ILLEGAL_XML.sub("", safe_text(text)))


def xml_attr(text: str) -> str:
    return quoteattr(_ILLEGAL_XML.sub("", safe_text(text)), {"\n": "&#10;", "\r": "&#13;"})


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def split_ref(ref: str) -> tuple[int, int]:
    """0-based (row, column) of an A1 reference."""
    m = _CELL_REF.fullmatch(ref.replace("$", ""))
    if m is None:
        raise ValueError(ref)
    return int(m.group(2)) - 1, _col_index(m.group(1))


def column_letters(col: int) -> str:
    return re.sub(r"\d+", "", cell_address(0, col))


def prefix_of(xml: str, root: str) -> str:
    """The prefix (with its colon, or "") the root element ``root`` is written with."""
    m = re.search(rf"<(?:([\w.-]+):)?{root}\b", xml)
    return f"{m.group(1)}:" if m and m.group(1) else ""


def set_attr(tag: str, name: str, value: str | None) -> str:
    """A start tag with attribute ``name`` set to ``value`` (removed when None)."""
    tag = re.sub(rf"\s{name}=(\"[^\"]*\"|'[^']*')", "", tag)
    if value is None:
        return tag
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:end]} {name}="{value}"{tag[end:]}'


def get_attr(tag: str, name: str) -> str | None:
    m = re.search(rf"\s{name}=(?:\"([^\"]*)\"|'([^']*)')", tag)
    return None if m is None else (m.group(1) if m.group(1) is not None else m.group(2))


def top_level(xml: str, start: int) -> list[tuple[str, int]]:
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


def new_id(text: str, stem: str) -> str:
    n = 1
    while f'"{stem}{n}"' in text:
        n += 1
    return f"{stem}{n}"


def relationship(rel_id: str, kind: str, target: str) -> str:
    return f"<Relationship Id={xml_attr(rel_id)} Type={xml_attr(kind)} Target={xml_attr(target)}/>"


def new_rels_part(rels: list[str]) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            f'xmlns="{PKG_REL}">{"".join(rels)}</Relationships>')  # fmt: skip


def add_relationships(xml: str, rels: list[str]) -> str:
    p = prefix_of(xml, "Relationships")
    if p:
        rels = [r.replace("<Relationship ", f"<{p}Relationship ") for r in rels]
    m = re.search(rf"<{p}Relationships\b[^>]*?/>", xml)
    if m is not None:
        return xml[: m.end() - 2] + ">" + "".join(rels) + f"</{p}Relationships>" + xml[m.end() :]
    end = xml.rfind(f"</{p}Relationships>")
    return xml[:end] + "".join(rels) + xml[end:]


def declare_types(xml: str, types: list[tuple[str, str]]) -> str:
    p = prefix_of(xml, "Types")
    items = [f"<{p}Override PartName={xml_attr('/' + name)} ContentType={xml_attr(kind)}/>"
             for name, kind in types if kind != CT_VML]  # fmt: skip
    has_vml = re.search(r'Extension="vml"', xml, re.I) is not None
    if any(kind == CT_VML for _, kind in types) and not has_vml:
        items.insert(0, f'<{p}Default Extension="vml" ContentType="{CT_VML}"/>')
    end = xml.rfind(f"</{p}Types>")
    return xml[:end] + "".join(items) + xml[end:]


def add_first_sheet(xml: str, title: str, rel_id: str) -> str:
    """The workbook with a first sheet ``title`` and the same sheets, names and views after
    it: each sheet-local name and the active tab move one place along."""
    p = prefix_of(xml, "workbook")
    m = re.search(rf'xmlns:([\w.-]+)="{re.escape(REL)}"', xml)
    r = m.group(1) if m else "r"
    # Declared on the new element itself: a writer may declare it on each <sheet> (openpyxl
    # does), not on the root, and a prefix used undeclared makes the workbook unreadable.
    declare = f' xmlns:{r}="{REL}"'
    ids = [int(x) for x in re.findall(r'\ssheetId="(\d+)"', xml)]
    sheet = (f"<{p}sheet name={xml_attr(title)} sheetId=\"{max(ids, default=0) + 1}\""
             f"{declare} {r}:id=\"{rel_id}\"/>")  # fmt: skip
    xml = re.sub(r'(\slocalSheetId=")(\d+)"', lambda x: f'{x.group(1)}{int(x.group(2)) + 1}"', xml)

    def view(tag: re.Match[str]) -> str:
        return set_attr(set_attr(tag.group(0), "activeTab", None), "firstSheet", None)

    xml = re.sub(rf"<{p}workbookView\b[^>]*>", view, xml)
    s = re.search(rf"<{p}sheets\b[^>]*>", xml)
    if s is None:
        raise CannotMarkUp("damaged")
    return xml[: s.end()] + sheet + xml[s.end() :]


def add_legacy_drawing(xml: str, rel_id: str) -> str:
    p = prefix_of(xml, "worksheet")
    m = re.search(rf'xmlns:([\w.-]+)="{re.escape(REL)}"', xml)
    r, declare = (m.group(1), "") if m else ("r", f' xmlns:r="{REL}"')
    element = f'<{p}legacyDrawing{declare} {r}:id="{rel_id}"/>'
    data = xml.find(f"</{p}sheetData>")
    start = data if data >= 0 else 0
    children = top_level(xml, start + len(f"</{p}sheetData>") if data >= 0 else start)
    at = next((i for name, i in children if name in AFTER_LEGACY), xml.rfind(f"</{p}worksheet>"))
    return xml[:at] + element + xml[at:]


@dataclass
class PackageEdits:
    """What marking a package changes: the new text of parts it has, the parts added (in the
    order they are made), the content types to declare, and the part names taken."""

    archive: zipfile.ZipFile
    package: Package
    changed: dict[str, str] = field(default_factory=dict)  # archive name → new text
    added: dict[str, str] = field(default_factory=dict)  # new part name → text
    types: list[tuple[str, str]] = field(default_factory=list)  # (part name, content type)
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.taken = {normal(n) for n in self.archive.namelist()}

    def read(self, name: str) -> str:
        """A part's text as the archive has it."""
        return self.archive.read(name).decode("utf-8")

    def new_name(self, pattern: str) -> str:
        """A part name of ``pattern`` (``{n}``: 1, 2, …) that no part has, taken."""
        n = 1
        while normal(pattern.format(n=n)) in self.taken:
            n += 1
        name = pattern.format(n=n)
        self.taken.add(normal(name))
        return name
