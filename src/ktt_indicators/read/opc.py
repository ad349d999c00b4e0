"""Where an .xlsx keeps its workbook and sheets: the Open Packaging Conventions.

A package names its main part in ``_rels/.rels`` (the ``officeDocument`` relationship),
and the workbook names its sheets through its own relationships part. Excel writes
``xl/workbook.xml``, but other writers put parts at the root or elsewhere, write names
with backslashes (``xl\\workbook.xml``, some Windows tools) or in another case
(``XL/Workbook.xml``), and ISO/IEC 29500 Strict workbooks use other namespaces. Parts are
found here as calamine finds them: by relationship, with names compared without regard
to case or to the kind of slash. Nothing here checks sizes or DTDs: :mod:`.guard` does,
before any of these parts is parsed.
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree import ElementTree

#: Where Excel puts the workbook, for a package whose ``_rels/.rels`` does not say.
DEFAULT_WORKBOOK = "xl/workbook.xml"


def normal(name: str) -> str:
    """A part name as compared: forward slashes, no leading slash, lower case."""
    return name.replace("\\", "/").lstrip("/").lower()


class Package:
    """The parts of a zip, found by their normal names."""

    def __init__(self, names: list[str]) -> None:
        self.parts: dict[str, str] = {}
        for name in names:
            self.parts.setdefault(normal(name), name)

    def find(self, name: str) -> str | None:
        """The archive's own name of the part ``name`` (compared normally), or None."""
        return self.parts.get(normal(name))

    def rels_of(self, part: str) -> str:
        """The normal name of the relationships part of ``part``."""
        folder, base = posixpath.split(normal(part))
        return posixpath.join(folder, "_rels", base + ".rels")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse(data: bytes) -> ElementTree.Element:
    """A part's XML. A part whose declaration names an encoding the XML parser cannot read
    (UTF-7; GBK, one of several bytes a character) or that its bytes are not (UTF-16) is
    read as UTF-8, as calamine reads it: else a workbook could hide from the guard what
    calamine reads in it. Its structure and relationship ids are ASCII either way."""
    try:
        return ElementTree.fromstring(data)
    except (ValueError, LookupError, ElementTree.ParseError):  # malformed: raised again
        parser = ElementTree.XMLParser(encoding="utf-8")
        parser.feed(data.decode("utf-8", "replace").encode())
        return parser.close()


def relationships(data: bytes, source: str) -> list[tuple[str, str, str]]:
    """(id, type, normal target name) of each internal relationship in the ``.rels`` part
    of ``source`` (the source's normal part name; "" for the package's own)."""
    found = []
    for rel in parse(data).iter():
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode", "") == "External":
            continue
        target = rel.get("Target", "").replace("\\", "/")
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), normal(resolved)))
    return found


def workbook_part(archive: zipfile.ZipFile, package: Package | None = None) -> str | None:
    """The archive's name of the workbook part: the package's ``officeDocument``
    relationship, else ``xl/workbook.xml``; None when there is neither."""
    package = package or Package(archive.namelist())
    root_rels = package.find("_rels/.rels")
    if root_rels is not None:
        for _, kind, target in relationships(archive.read(root_rels), ""):
            if kind.endswith("/officeDocument") and package.find(target):
                return package.find(target)
    return package.find(DEFAULT_WORKBOOK)


def workbook_relationships(
    archive: zipfile.ZipFile, package: Package | None = None
) -> tuple[str | None, list[tuple[str, str, str]]]:
    """The workbook part's name and its relationships (none when it has no ``.rels``)."""
    package = package or Package(archive.namelist())
    workbook = workbook_part(archive, package)
    if workbook is None:
        return None, []
    rels = package.find(package.rels_of(workbook))
    if rels is None:
        return workbook, []
    return workbook, relationships(archive.read(rels), normal(workbook))


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the archive's name of its part, in the workbook's order."""
    return dict(sheet_entries(archive))


def sheet_entries(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, the archive's name of its part) of every sheet the workbook lists, in
    its order (two entries may name one part: a reader then reads that part twice)."""
    package = Package(archive.namelist())
    workbook, rels = workbook_relationships(archive, package)
    if workbook is None:
        return []
    targets = {rel_id: target for rel_id, _, target in rels}
    members = []
    for sheet in parse(archive.read(workbook)).iter():
        if _local(sheet.tag) != "sheet":
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
        member = package.find(targets.get(rel_id, ""))
        if member is not None:
            members.append((sheet.get("name", ""), member))
    return members
