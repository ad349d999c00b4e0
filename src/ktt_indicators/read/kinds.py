"""What a file is, by its bytes, whatever its name says.

People send what Excel or another program saved, under whatever name: an old Excel 5.0
workbook, an "XML Spreadsheet 2003", a SYLK or DIF export, Excel's "Unicode Text", a
password-protected .xls, an .xlsx renamed .xls, Excel's own lock file (``~$Name.xlsx``).
The functions here tell them apart from their bytes alone, so that :mod:`.guard` can say
what a file really is, and the reader can read a workbook whose name is wrong.

Every function is pure: it is given bytes, names, or a function that reads bytes at an
offset, and returns a kind: one of the :data:`READABLE` kinds python-calamine reads
("xlsx", "xls", "ods"), or the key of a reason a file is refused (worded in
:mod:`.findings`). Nothing here opens a file or prints.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Collection

from .cfb import Container, Damaged

#: The kinds python-calamine reads, and the suffix each goes by.
READABLE = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods"}
#: The kind each suffix ktt accepts says a file is (.xlsm is an .xlsx with macros).
SUFFIX_KINDS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}

#: BIFF versions too old for the reader, by kind: (BIFF number, the Excel that wrote it).
OLD_EXCEL = {
    "biff2": ("2", "2.1"),
    "biff3": ("3", "3.0"),
    "biff4": ("4", "4.0"),
    "biff5": ("5", "5.0/95"),
}

CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# --------------------------------------------------------------------------- first bytes


def sniff(head: bytes) -> str:
    """What the first bytes of a file (a few kilobytes) say it is.

    "zip" and "cfb" (an OLE2 container) are containers, to be looked into with
    :func:`zip_kind` and :func:`cfb_kind`; anything else is a reason to refuse the file:
    "pdf", "biff2", "biff3", "biff4", "spreadsheetml", "fods", "html", "xml",
    "unicode-text", "sylk", "dif", "text" or "unknown-content".
    """
    if head.startswith(ZIP_SIGNATURES):
        return "zip"
    if head.startswith(CFB_SIGNATURE):
        return "cfb"
    if head.startswith(b"%PDF"):
        return "pdf"
    biff = _old_biff(head)
    if biff:
        return biff
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as Excel's "Unicode Text"
        decoded = head[2:].decode("utf-16-le" if head[0] == 0xFF else "utf-16-be", "ignore")
        text = decoded.lstrip().encode("utf-8")
        return _markup(text) if text.startswith(b"<") else "unicode-text"
    if head.startswith((b"<\x00", b"\x00<")):  # XML in UTF-16 without a byte order mark
        decoded = head.decode("utf-16-le" if head[0] else "utf-16-be", "ignore")
        return _markup(decoded.encode("utf-8"))
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return _markup(text)
    if _SYLK.match(head) and _SYLK_RECORD.search(head):
        return "sylk"
    if _DIF.match(head):
        return "dif"
    if b"\x00" not in head and _is_utf8(head):
        return "text"
    return "unknown-content"


def _is_utf8(head: bytes) -> bool:
    """Whether ``head``, the first bytes of a file, is UTF-8 text: a character cut in two at
    the end of the window (one to three bytes of a sequence that wants more) is allowed, so
    that the answer does not depend on where the window ends."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(head) - 3
    return True


#: The first record of a BIFF2, BIFF3 or BIFF4 file (a worksheet, chart, macro sheet or
#: Excel 4.0 workbook saved alone, not in an OLE2 container): BOF, its type by version.
_BIFF_BOF = {0x0009: "biff2", 0x0209: "biff3", 0x0409: "biff4"}
#: What a BOF says its substream is: worksheet, chart, macro sheet, workbook globals.
_BOF_TYPES = (0x0010, 0x0020, 0x0040, 0x0100)


def _old_biff(head: bytes) -> str | None:
    """BIFF2/3/4 by the BOF record the file starts with: its type, a length that fits, and
    a substream type BIFF knows."""
    if len(head) < 8:
        return None
    record, length, _version, substream = struct.unpack("<HHHH", head[:8])
    kind = _BIFF_BOF.get(record)
    if kind is None or not 4 <= length <= 16 or substream not in _BOF_TYPES:
        return None
    return kind


#: SYLK: the ID record first (Excel writes ``ID;PWXL;N;E``), then records such as C;, F;, P;.
_SYLK = re.compile(rb"ID;P[^\r\n]*\r?\n")
_SYLK_RECORD = re.compile(rb"(?m)^(?:[BCFOPW]|N[NUE]);|^E\r?$")
#: DIF: the TABLE header item, then its vector number and value (``0,1``).
_DIF = re.compile(rb"TABLE\r?\n0,1\r?\n")

_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
#: The first element of an XML document (processing instructions and the DTD start with
#: ``<?`` and ``<!``, so they are passed over).
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
SPREADSHEETML_NS = b"urn:schemas-microsoft-com:office:spreadsheet"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _markup(text: bytes) -> str:
    """What a document starting with ``<`` is: Excel 2003's XML Spreadsheet, a flat
    OpenDocument spreadsheet (.fods), a web page, or some other XML."""
    bare = _COMMENT.sub(b"", text)
    root = _ROOT.search(bare)
    name = root[2].lower() if root else b""
    if b'progid="excel.sheet"' in bare[: root.start() if root else None].lower() or (
        name == b"workbook" and SPREADSHEETML_NS in text
    ):
        return "spreadsheetml"
    if name == b"document" and ODS_MIMETYPE in text:
        return "fods"
    if _HTML.search(text):
        return "html"
    return "xml"


#: A web page: its doctype, or an html or table element (not OpenDocument's ``table:table``).
_HTML = re.compile(rb"<!doctype\s+html|<(?:html|table)[\s/>]", re.IGNORECASE)


# --------------------------------------------------------------------------- lock files

#: An Excel lock file is 165 bytes (Word's, 162); at most this many is taken for one.
LOCK_FILE_MAX = 512


def is_lock_file(name: str, head: bytes, size: int) -> bool:
    """Whether a file is the lock file Excel keeps beside a workbook while it is open
    (``~$Name.xlsx``): by its name (``~$``) and small size, or by its shape, whatever its
    name: the length of the user's name in the first byte, the name, then spaces or
    zeros up to byte 54, in a file of some 165 bytes. A zip or OLE2 file is no lock file."""
    if not head or size > LOCK_FILE_MAX or head.startswith((CFB_SIGNATURE, *ZIP_SIGNATURES)):
        return False
    if name.startswith("~$"):
        return True
    n = head[0]
    return (
        size >= 100
        and len(head) >= 54
        and 1 <= n <= 53
        and all(b >= 0x20 for b in head[1 : 1 + n])
        and not head[1 + n : 54].strip(b" \x00")
    )


# --------------------------------------------------------------------------- zip


def zip_kind(names: Collection[str], mimetype: bytes | None = None) -> str:
    """What a zip is, by its parts (``names``) and its ``mimetype`` part, if it has one:
    "ods"; "xlm-macros" (an Excel 4.0 macro sheet, under ``xl/macrosheets/``);
    "not-a-workbook" (another OpenDocument file, such as a text); "word-document" or
    "presentation" (an Office Open XML document or slide show, .docx or .pptx, under
    another name: its ``word/`` or ``ppt/`` parts, and no ``xl/`` part); else "xlsx", an
    Office Open XML package or what claims to be one (the zip checks find its workbook
    part, in any case or slash, or say it has none, or a binary one: .xlsb)."""
    normal = {n.replace("\\", "/").lstrip("/").lower() for n in names}
    if mimetype is not None and mimetype.strip().startswith(b"application/vnd.oasis."):
        return "ods" if mimetype.strip() == ODS_MIMETYPE else "not-a-workbook"
    if any(n.startswith("xl/macrosheets/") for n in normal):
        return "xlm-macros"
    if "[content_types].xml" in normal and not any(n.startswith("xl/") for n in normal):
        if any(n.startswith("word/") for n in normal):
            return "word-document"
        if any(n.startswith("ppt/") for n in normal):
            return "presentation"
    if "content.xml" in normal and "[content_types].xml" not in normal:
        return "ods"  # an OpenDocument file that lost its mimetype: calamine says the rest
    return "xlsx"


def is_macrosheet(relationship_type: str) -> bool:
    """Whether a relationship's type is that of an Excel 4.0 macro sheet (or an
    international one), wherever its part is."""
    return relationship_type.rsplit("/", 1)[-1].lower() in ("xlmacrosheet", "xlintlmacrosheet")


# --------------------------------------------------------------------------- OLE2


def cfb_kind(container: Container | None) -> str:
    """What an OLE2 container holds (None: one whose structure cannot be followed, see
    :class:`.cfb.Container`), by its top streams and the first records of its workbook
    stream:

    - "xls": a BIFF8 ``Workbook`` stream (Excel 97-2003), not encrypted;
    - "encrypted": an ``EncryptedPackage`` (a password-protected .xlsx), or a BIFF8 stream
      whose globals start with a FILEPASS record (an .xls with a password: XOR, RC4 or
      RC4 CryptoAPI; :func:`xls_encryption` names which);
    - "biff5": a ``Book`` stream, or a ``Workbook`` stream whose BOF says version 5
      (Excel 5.0/95);
    - "ole-document": no workbook at all (a Word .doc, say);
    - "cfb": a ``Workbook`` stream whose first records are not a BIFF BOF, or a container
      that cannot be followed.
    """
    if container is None:
        return "cfb"
    streams = container.entries
    if "EncryptedPackage" in streams:
        return "encrypted"
    if "Workbook" in streams:
        try:
            head = (container.stream("Workbook") or b"")[:64]
        except Damaged:
            return "cfb"
        version = _bof_version(head)
        if version == 0x0600:
            return "encrypted" if xls_encryption(head) else "xls"
        if version == 0x0500:
            return "biff5"
        return "cfb"
    if "Book" in streams:
        return "biff5"
    return "ole-document"


def _bof_version(stream: bytes) -> int | None:
    """The BIFF version a BIFF5-8 workbook stream's first record (BOF, 0x0809) gives."""
    if len(stream) < 8:
        return None
    record, length, version = struct.unpack("<HHH", stream[:6])
    if record != 0x0809 or length < 4:
        return None
    return int(version)


def xls_encryption(stream: bytes) -> str | None:
    """How a BIFF8 workbook stream is encrypted, from its first records: a FILEPASS record
    (0x002F) right after the globals' BOF (a WRITEPROT record may come between) says "XOR",
    "RC4" or "RC4 CryptoAPI"; None when there is none."""
    at = 4 + struct.unpack("<H", stream[2:4])[0] if len(stream) >= 4 else len(stream)
    for _ in range(2):
        if len(stream) < at + 4:
            return None
        record, length = struct.unpack("<HH", stream[at : at + 4])
        if record == 0x0086:  # WRITEPROT: the file is to be opened read-only
            at += 4 + length
            continue
        if record != 0x002F:
            return None
        data = stream[at + 4 : at + 4 + length]
        if data[:2] == b"\x00\x00":
            return "XOR"
        major = struct.unpack("<H", data[2:4])[0] if len(data) >= 4 else 1
        return "RC4" if major == 1 else "RC4 CryptoAPI"
    return None
