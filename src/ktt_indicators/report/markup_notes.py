"""Notes on cells: ktt's notes added to a comments part and its VML drawing, a sheet's own
(a note already on a cell keeps its text, ktt's follows) or new ones."""

from __future__ import annotations

import posixpath
import re

from ..read.opc import normal, relationships
from .xlsx_cells import FONT
from .xlsx_xml import (
    CT_COMMENTS,
    CT_VML,
    MAIN,
    T_COMMENTS,
    T_VML,
    PackageEdits,
    add_legacy_drawing,
    add_relationships,
    new_id,
    new_rels_part,
    prefix_of,
    relationship,
    split_ref,
    xml_text,
)

#: Who wrote the notes.
AUTHOR = "ktt"


def add_comments(xml: str, entries: dict[str, str]) -> str:
    """A comments part with ktt's notes on ``entries`` (A1 → text); a cell that already has a
    note keeps it, and ktt's text follows it."""
    p = prefix_of(xml, "comments")
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
               f'<{p}t xml:space="preserve">{xml_text(text)}</{p}t></{p}r>')  # fmt: skip
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
    row, col = split_ref(ref)
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


def new_vml(refs: list[str], n: int) -> str:
    shapes = "".join(_shape(ref, n * 1024 + k + 1) for k, ref in enumerate(refs))
    return _VML_HEAD.format(n=n) + shapes + "</xml>\n"


def add_vml_shapes(vml: str, refs: list[str], n: int) -> str:
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


def add_notes(edits: PackageEdits, member: str, xml: str, entries: dict[str, str], n: int) -> str:
    """Add the notes ``entries`` (A1 → text) to the sheet ``member``: to its own comments part
    and VML drawing if it has them, else to new ones (the ``n``-th). Returns the sheet's new
    text."""
    package, changed, added = edits.package, edits.changed, edits.added
    rels_name = package.rels_of(member)
    rels_part = package.find(rels_name)
    rels_text = edits.read(rels_part) if rels_part else None
    rels = relationships(rels_text.encode(), normal(member)) if rels_text else []
    comments = next((t for _, k, t in rels if k == T_COMMENTS and package.find(t)), None)
    vml = next((t for _, k, t in rels if k == T_VML and package.find(t)), None)
    has_legacy = re.search(r"<(?:[\w.-]+:)?legacyDrawing\b", xml) is not None
    if comments is not None and vml is not None and has_legacy:
        name = package.find(comments)
        vname = package.find(vml)
        assert name is not None and vname is not None
        changed[name] = add_comments(changed.get(name) or edits.read(name), entries)
        changed[vname] = add_vml_shapes(changed.get(vname) or edits.read(vname), list(entries), n)
        return xml
    folder = posixpath.dirname(posixpath.dirname(member)) or "xl"
    comments_name = edits.new_name(posixpath.join(folder, "comments-ktt{n}.xml"))
    vml_name = edits.new_name(posixpath.join(folder, "drawings", "vmlDrawing-ktt{n}.vml"))
    added[comments_name] = add_comments(
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN}">'
        "<authors></authors><commentList></commentList></comments>",
        entries,
    )
    added[vml_name] = new_vml(list(entries), n)
    edits.types.extend([(comments_name, CT_COMMENTS), (vml_name, CT_VML)])
    here = posixpath.dirname(member)
    base = rels_text or ""
    c_id = new_id(base, "rIdKttC")
    v_id = new_id(base + c_id, "rIdKttV")
    new = [
        relationship(c_id, T_COMMENTS, posixpath.relpath(comments_name, here)),
        relationship(v_id, T_VML, posixpath.relpath(vml_name, here)),
    ]
    if rels_part is None:
        added[rels_name] = new_rels_part(new)
    else:
        changed[rels_part] = add_relationships(changed.get(rels_part) or rels_text or "", new)
    if has_legacy:  # a drawing for form controls or the like: keep it, notes cannot go in
        return xml
    return add_legacy_drawing(xml, v_id)
