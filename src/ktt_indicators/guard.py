"""What an input file really is, and whether it fits the limits, before a parser sees it.

calamine (Rust) reads a sheet into a dense grid of every cell between the first and
the last one used, decompresses whatever the archive declares, and aborts the whole
process (no exception) when an allocation fails: a 2 kB workbook with one cell in A1
and one in XFD1048576 asks for 17 billion cells. So a file is looked at first:

- what it is, by its bytes (:mod:`.kinds`), whatever its name says: an empty file, a
  PDF, a web page, a CSV or other text, an older Excel format (BIFF2-5, XML Spreadsheet
  2003, SYLK, DIF, Unicode Text), a flat OpenDocument file, Excel's lock file, an
  encrypted workbook (an OLE2 container holding ``EncryptedPackage``, an .xls with a
  FILEPASS record), an Excel 4.0 macro sheet, an archive cut short; a workbook under
  another workbook's suffix is read for what it is;
- for a zip (.xlsx, .xlsm, .ods): the central directory (number of parts, declared
  sizes against ``max_uncompressed_mb``, compression ratios no deflate stream can
  reach), then every XML part is inflated here, chunk by chunk and never whole, to
  count the bytes it really holds (an archive whose headers lie is refused when the
  data outgrows them), to refuse DTDs (entity expansion, external entities: a
  spreadsheet never has one) and to find how far each sheet reaches: its last row
  and column, against ``max_rows``, ``max_columns`` and ``max_cells``.

A refused file raises :class:`Refused` with a reason key (worded in
:mod:`.findings`) and the values that fill its message. Nothing here writes.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from . import kinds
from .cfb import Container, Damaged, sheet_extents
from .opc import Package, normal, sheet_entries, workbook_part, workbook_relationships

#: The suffixes python-calamine reads and ktt accepts.
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    """How large an input may be.

    - ``max_rows`` (1,048,576): the most rows Excel can hold; a sheet reaching further
      was not written by Excel and is refused. A full sheet of census rows is allowed.
    - ``max_columns`` (16,384): the most columns Excel can hold (XFD).
    - ``max_cells`` (33,554,432 = 1,048,576 × 32): the rows × columns of the grid a
      sheet spans, which is what the reader allocates (about 32 bytes a cell before
      Python sees it). A full-height sheet as wide as the census form (25 columns)
      fits; a sheet as tall and as wide as Excel allows (17 billion cells) does not.
    - ``max_uncompressed_mb`` (1,024): the bytes an archive inflates to. The XML of a
      full-height census sheet is some 600-900 MB; a zip bomb is refused from its
      declared sizes, or, when its headers lie, as soon as its data outgrows them.
    - ``parser_memory_mb`` (768) and ``parser_seconds`` (10): what parsing an .xls may
      take, in a child process (see :mod:`.sandbox`). The largest sheet an .xls holds
      (65,536 rows × 256 columns) of census data takes a fraction of that.
    """

    max_rows: int = EXCEL_ROWS
    max_columns: int = EXCEL_COLUMNS
    max_cells: int = EXCEL_ROWS * 32
    max_uncompressed_mb: int = 1024
    #: What a parser that cannot be bounded beforehand (an .xls's) may take in its own
    #: process: memory beyond what the process starts with, and processor seconds.
    parser_memory_mb: int = 768
    parser_seconds: int = 10

    @property
    def max_uncompressed(self) -> int:
        return self.max_uncompressed_mb * 1024 * 1024


class Refused(Exception):
    """The file is not handed to a parser. ``reason`` is a key of the findings' phrases."""

    def __init__(self, reason: str, **params: str) -> None:
        super().__init__(reason, params)
        self.reason = reason
        self.params = params


#: At most this many parts in an archive (a workbook has tens; each costs memory to list).
MAX_PARTS = 10_000
#: No deflate stream inflates more than 1,032 times its size; more means lying headers.
MAX_DEFLATE_RATIO = 1032
CHUNK = 4 * 1024 * 1024
#: A part's general-purpose flags: bit 0, encrypted; bit 6, "strong encryption" (which
#: Python's zipfile cannot read at all).
_ENCRYPTED_FLAGS = 0x1 | 0x40
#: What reading a part through :mod:`zipfile` and parsing it with ElementTree may raise on
#: a broken archive that the checks before did not catch: each is a damaged file.
_PART_ERRORS = (
    ElementTree.ParseError, KeyError, zipfile.BadZipFile, NotImplementedError, LookupError,
    ValueError, EOFError, zlib.error,
)  # fmt: skip
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def inspect(path: Path, limits: Limits, formulas: set[str] | None = None) -> str:
    """Check ``path`` before it is parsed; return what it really is, whatever its suffix
    says: "xlsx" (an .xlsm too), "xls" or "ods" (see :mod:`.kinds`).

    Raises :class:`Refused` when the file must not, or cannot, be read. The parts of an
    archive whose XML holds a formula are added to ``formulas``, if given, so that the
    reader need not inflate the others again to look for formulas without a saved value.
    """
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise Refused("xlsb")
    if suffix not in SUPPORTED_SUFFIXES:
        raise _foreign(path, suffix)
    try:
        with path.open("rb") as fp:
            head = fp.read(8192)
            if not head:
                raise Refused("empty-file")
            size = path.stat().st_size
            if kinds.is_lock_file(path.name, head, size):
                raise Refused("lock-file")
            kind = _sniff(head)
            if kind == "zip":
                kind = _zip_kind(fp, size, suffix)
                _check_zip(fp, size, _suffix_of(kind, suffix), limits, formulas)
            elif kind == "cfb":
                try:
                    container, damage = Container(fp, size), ""
                except Damaged as exc:
                    container, damage = None, exc.what
                kind = _cfb_kind(fp, suffix, container)
                if container is None:
                    raise Refused("xls-damaged", detail=damage)
                _check_xls(container, limits)
            else:
                raise _refusal(kind)
    except OSError as exc:
        raise _os_refusal(exc) from None
    return kind


#: Spreadsheets of formats ktt does not read, said as such whatever their suffix (a .fods,
#: an .slk, an Excel 2003 .xml): their own message says how to save them as .xlsx.
_SPREADSHEETS_OF_OTHER_FORMATS = frozenset(
    {"biff2", "biff3", "biff4", "spreadsheetml", "fods", "sylk", "dif", "unicode-text"}
)


def _foreign(path: Path, suffix: str) -> Refused:
    """The refusal of a file whose suffix ktt does not read: what the file is, when it is a
    spreadsheet of another format, else which suffixes ktt reads."""
    try:
        with path.open("rb") as fp:
            kind = _sniff(fp.read(8192))
    except OSError as exc:
        return _os_refusal(exc)
    if kind in _SPREADSHEETS_OF_OTHER_FORMATS:
        return _refusal(kind)
    if kind == "text" and suffix == ".csv":
        return Refused("csv", choices=", ".join(SUPPORTED_SUFFIXES))
    return Refused(
        "unsupported-suffix", suffix=suffix or path.name, choices=", ".join(SUPPORTED_SUFFIXES)
    )


def _refusal(kind: str) -> Refused:
    """The refusal of a file that is not a workbook ktt reads, saying what it is."""
    if kind in kinds.OLD_EXCEL:
        biff, excel = kinds.OLD_EXCEL[kind]
        return Refused("old-excel", biff=biff, excel=excel)
    return Refused(kind)


def _suffix_of(kind: str, suffix: str) -> str:
    """The suffix a file of ``kind`` goes by: its own when that says the kind."""
    return suffix if kinds.SUFFIX_KINDS[suffix] == kind else kinds.READABLE[kind]


def _zip_kind(fp: BinaryIO, size: int, suffix: str) -> str:
    """What a zip holds, by its parts (see :func:`.kinds.zip_kind`); a zip whose directory
    cannot be listed is taken for what its suffix says, for :func:`_check_zip` to refuse."""
    if _central_directory_parts(fp, size) <= MAX_PARTS:
        fp.seek(0)
        try:
            with zipfile.ZipFile(fp) as archive:
                names = archive.namelist()
                mimetype = _small_part(archive, "mimetype")
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
            pass
        else:
            kind = kinds.zip_kind(names, mimetype)
            if kind not in kinds.READABLE:
                raise Refused(kind)
            return kind
    return "xlsx" if suffix == ".xls" else kinds.SUFFIX_KINDS[suffix]


def _small_part(archive: zipfile.ZipFile, name: str, most: int = 4096) -> bytes | None:
    """A part of at most ``most`` bytes, as the archive holds it; None if there is none."""
    try:
        info = archive.getinfo(name)
        if info.file_size > most or info.compress_size > most:
            return None
        return archive.read(info)
    except (KeyError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, zlib.error):
        return None


def _cfb_kind(fp: BinaryIO, suffix: str, container: Container | None) -> str:
    """What an OLE2 container holds (see :func:`.kinds.cfb_kind`): "xls", or a refusal. A
    workbook stream that cannot be told is read as an .xls when the name says so."""
    kind = kinds.cfb_kind(container)
    if kind == "xls":
        return kind
    if kind == "encrypted":
        raise Refused("encrypted", suffix=suffix)
    if kind != "cfb":
        raise _refusal(kind)
    if suffix == ".xls":
        return "xls"
    raise Refused("encrypted" if _is_encrypted(fp) else "xls-renamed", suffix=suffix)


def _check_file(path: Path) -> None:
    """The path names an ordinary file that can be opened (without opening a pipe)."""
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise Refused("broken-link") from None
        raise _os_refusal(exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise Refused("not-a-file")
    if not stat.S_ISREG(st.st_mode):
        raise Refused("not-regular")
    if not os.access(path, os.R_OK):
        raise Refused("permission-denied")


def _os_refusal(exc: OSError) -> Refused:
    if exc.errno == errno.ENOENT:
        return Refused("file-not-found")
    if exc.errno == errno.ELOOP:
        return Refused("symlink-loop")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Refused("permission-denied")
    if exc.errno == errno.EISDIR:
        return Refused("not-a-file")
    name = errno.errorcode.get(exc.errno or 0, "")
    return Refused("os-error", detail=name or type(exc).__name__)


def _sniff(head: bytes) -> str:
    """What the first bytes say the file is: zip, cfb, or a reason to refuse it (see
    :func:`.kinds.sniff`)."""
    return kinds.sniff(head)


def _is_encrypted(fp: BinaryIO) -> bool:
    """Whether an OLE2 container holds an ``EncryptedPackage`` stream (an encrypted
    .xlsx, as Excel writes it), by the stream's name in the directory."""
    fp.seek(0)
    tail = b""
    while block := fp.read(1024 * 1024):
        if _ENCRYPTED_PACKAGE in tail + block:
            return True
        tail = block[-len(_ENCRYPTED_PACKAGE) :]
    return False


# --------------------------------------------------------------------------- xls


def _check_xls(container: Container, limits: Limits) -> None:
    """An .xls's workbook is not encrypted, and its sheets fit the limits, both as far as
    their cells reach and as far as their DIMENSIONS records declare (the grid calamine
    reserves); its container was followed whole (:class:`.cfb.Container`)."""
    try:
        stream = container.stream("Workbook")
    except Damaged as exc:
        raise Refused("xls-damaged", detail=exc.what) from None
    if stream is None:
        return  # no BIFF8 workbook: calamine says what it makes of it
    try:
        extents, encrypted = sheet_extents(stream)
    except Damaged as exc:
        raise Refused("xls-records", detail=exc.what) from None
    if encrypted:
        raise Refused("encrypted", suffix=".xls")
    for sheet in extents:
        extent = _Extent(limits, sheet.name)
        extent.reach(sheet.rows, sheet.columns)
        extent.reach(sheet.declared_rows, sheet.declared_columns)


# --------------------------------------------------------------------------- zip


def _check_zip(
    fp: BinaryIO, size: int, suffix: str, limits: Limits, formulas: set[str] | None = None
) -> None:
    parts = _central_directory_parts(fp, size)
    if parts > MAX_PARTS:
        raise Refused("too-many-parts", actual=str(parts), limit=str(MAX_PARTS))
    fp.seek(0)
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise Refused("damaged") from None
    with archive:
        infos = archive.infolist()
        declared = 0
        for info in infos:
            if info.flag_bits & _ENCRYPTED_FLAGS:
                raise Refused("encrypted", suffix=suffix)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refused("damaged")
            ratio_ok = info.file_size <= MAX_DEFLATE_RATIO * info.compress_size + 1024
            if info.compress_type == zipfile.ZIP_DEFLATED and not ratio_ok:
                raise Refused("forged-sizes", part=info.filename)
            if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
                raise Refused("forged-sizes", part=info.filename)
            declared += info.file_size
        if declared > limits.max_uncompressed:
            raise Refused(
                "limit-uncompressed",
                actual=str(-(-declared // (1024 * 1024))),
                limit=str(limits.max_uncompressed_mb),
            )
        package = Package([i.filename for i in infos])
        budget = _Budget(limits.max_uncompressed, limits.max_uncompressed_mb)
        xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels", ".vml"))]
        if suffix == ".ods":
            if package.find("content.xml") is None:
                raise Refused("not-a-workbook")
            for info in xml:
                if _ods_parsed(info.filename):
                    _ods_extent(_pieces(fp, info, budget), limits)
            return
        scanned: set[str] = set()

        def scan(name: str | None) -> None:  # DTDs first: ElementTree reads these parts next
            info = archive.getinfo(name) if name is not None else None
            if info is not None and info.filename not in scanned:
                scanned.add(info.filename)
                for _ in _pieces(fp, info, budget):
                    pass

        scan(package.find("_rels/.rels"))
        try:
            workbook = workbook_part(archive, package)
        except _PART_ERRORS as exc:
            raise Refused("damaged", detail=f"{type(exc).__name__}: {exc}") from None
        if workbook is None:
            bin_part = any(normal(i.filename).endswith("workbook.bin") for i in infos)
            raise Refused("xlsb" if bin_part else "not-a-workbook")
        if workbook.lower().endswith(".bin"):
            raise Refused("xlsb")
        scan(workbook)
        scan(package.find(package.rels_of(workbook)))
        sheets = _sheet_names(archive)
        texts = _Texts(limits)
        strings = _shared_strings(archive, package)
        if strings is not None:
            scanned.add(strings.filename)
            texts.measure(_pieces(fp, strings, budget), strings)
        for info in xml:
            if info.filename in scanned:
                continue
            name = sheets.get(info.filename, info.filename)
            texts.counting = texts.bound(info.file_size) > limits.max_uncompressed
            pieces = partial(_noting_formulas, fp, info, budget, formulas, texts)
            _xlsx_extent(pieces, budget, limits, name)
            texts.sheet(pieces, budget, name, info.file_size)
        if _names_macrosheet(archive, package):
            raise Refused("xlm-macros")


def _names_macrosheet(archive: zipfile.ZipFile, package: Package) -> bool:
    """Whether the workbook's relationships name an Excel 4.0 macro sheet (its parts have
    been checked: they are what they say, with no DTD)."""
    try:
        _, rels = workbook_relationships(archive, package)
    except _PART_ERRORS:
        return False
    return any(kinds.is_macrosheet(kind) for _, kind, _ in rels)


def _shared_strings(archive: zipfile.ZipFile, package: Package) -> zipfile.ZipInfo | None:
    """The shared strings part, as the reader finds it: by the workbook's relationship,
    else at Excel's place."""
    try:
        _, rels = workbook_relationships(archive, package)
    except _PART_ERRORS:
        rels = []
    named = [target for _, kind, target in rels if kind.endswith("/sharedStrings")]
    name = package.find(named[0]) if named else package.find("xl/sharedStrings.xml")
    return archive.getinfo(name) if name is not None else None


def _ods_parsed(name: str) -> bool:
    """Whether a reader parses this part of an .ods: the top-level parts and the manifest,
    not the macro libraries, dialogs or configuration that LibreOffice keeps in folders of
    their own (its Basic modules carry a DOCTYPE, which no spreadsheet reader loads)."""
    folder = normal(name).rpartition("/")[0]
    return folder in ("", "meta-inf")


def _central_directory_parts(fp: BinaryIO, size: int) -> int:
    """The number of parts the end-of-central-directory record declares; an archive
    without one was cut short."""
    fp.seek(max(0, size - 65_557))
    tail = fp.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise Refused("truncated")
    (parts,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return int(parts)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet name, for messages (parts are already known to hold no DTD). A
    part listed for two sheets is refused: the reader would read it into a grid for each
    (a 60 kB workbook listing one part 1,000 times takes gigabytes)."""
    try:
        entries = sheet_entries(archive)
    except Exception:  # a broken workbook.xml is calamine's to report
        return {}
    names: dict[str, str] = {}
    for name, member in entries:
        if member in names:
            count = sum(1 for _, m in entries if m == member)
            raise Refused("shared-sheet-part", part=member, count=str(count),
                          first=names[member], second=name)  # fmt: skip
        names[member] = name
    return names


class _Budget:
    """The bytes inflated so far, across the parts of one archive."""

    def __init__(self, limit: int, limit_mb: int) -> None:
        self.left = limit
        self.limit_mb = limit_mb

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise Refused(
                "limit-uncompressed", actual=str(self.limit_mb + 1), limit=str(self.limit_mb)
            )


def _inflate(fp: BinaryIO, info: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """The data of one part, inflated here chunk by chunk from its raw bytes, checked
    against its declared size and CRC as it comes (so lying headers are caught before
    any other reader trusts them)."""
    fp.seek(info.header_offset)
    local = fp.read(30)
    if len(local) < 30 or not local.startswith(b"PK\x03\x04"):
        raise Refused("damaged")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    local_name = fp.read(name_len)
    if _decoded_name(local_name, info.flag_bits) != info.orig_filename:
        raise Refused("zip-names-differ", part=info.filename,
                      local=_decoded_name(local_name, info.flag_bits))  # fmt: skip
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, total, crc = info.compress_size, 0, 0

    def count(out: bytes) -> bytes:
        nonlocal total, crc
        total += len(out)
        if total > info.file_size:
            raise Refused("forged-sizes", part=info.filename)
        budget.take(len(out))
        crc = zlib.crc32(out, crc)
        return out

    try:
        while left > 0:
            raw = fp.read(min(CHUNK, left))
            if not raw:
                raise Refused("truncated")
            left -= len(raw)
            if inflater is None:
                yield count(raw)
                continue
            while raw:
                out = inflater.decompress(raw, CHUNK)
                raw = inflater.unconsumed_tail
                if out:
                    yield count(out)
        if inflater is not None:
            while out := inflater.decompress(b"", CHUNK):
                yield count(out)
            if not inflater.eof:
                raise Refused("damaged")
    except zlib.error:
        raise Refused("damaged") from None
    if total != info.file_size:
        raise Refused("forged-sizes", part=info.filename)
    if crc != info.CRC:
        raise Refused("damaged")


def _decoded_name(raw: bytes, flags: int) -> str:
    """A part name from a zip header, decoded as :mod:`zipfile` decodes it (bit 11: UTF-8)."""
    return raw.decode("utf-8" if flags & 0x800 else "cp437", "replace")


_DTD = (b"<!DOCTYPE", b"<!ENTITY")
#: The start of an XML document's root element: a DTD can only come before it.
_ROOT = re.compile(rb"<[A-Za-z_]")


def _pieces(fp: BinaryIO, info: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """The inflated part in pieces that end after a ``>``, so no tag is cut in two. A DTD
    before the root element (the only place an XML parser honours one) refuses the file."""
    carry = b""
    prolog = first = True
    for out in _inflate(fp, info, budget):
        buf = carry + out if carry else out
        cut = buf.rfind(b">") + 1
        if cut == 0 and len(buf) < CHUNK:
            carry = buf
            continue
        piece, carry = (buf[:cut], buf[cut:]) if cut else (buf, b"")
        if first:
            _encoding(piece, info.filename)
            first = False
        prolog = prolog and _prolog(piece, info.filename)
        yield piece
    if carry:
        if first:
            _encoding(carry, info.filename)
        if prolog:
            _prolog(carry, info.filename)
        yield carry


_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)"""
)


def _encoding(piece: bytes, part: str) -> None:
    """Refuse a part whose XML declaration names an encoding that no codec knows (an XML
    parser stops at it)."""
    m = _DECLARED_ENCODING.match(piece)
    if m is None:
        return
    name = m[1].decode("latin-1")
    try:
        codecs.lookup(name)
    except LookupError:
        raise Refused("xml-encoding", part=part, encoding=name[:40]) from None


def _noting_formulas(
    fp: BinaryIO,
    info: zipfile.ZipInfo,
    budget: _Budget,
    formulas: set[str] | None,
    texts: _Texts | None = None,
) -> Iterator[bytes]:
    """:func:`_pieces`, noting in ``formulas`` whether the part holds a formula (``<f>`` or a
    prefixed ``<x:f>``; a piece never cuts a tag). Once one is found, the part is noted and
    its other pieces need no search. ``texts`` counts the cells that point at a shared
    string."""
    if texts is not None:
        texts.references = 0
    for piece in _pieces(fp, info, budget):
        if formulas is not None and info.filename not in formulas and _has_formula(piece):
            formulas.add(info.filename)
        if texts is not None and texts.counting:
            texts.references += piece.count(b't="s"')
        yield piece


#: The root of a shared strings part (its prefix, if any), and the count it declares.
_SST = re.compile(rb"<([\w.-]+:)?sst[\s>]")
_UNIQUE_COUNT = re.compile(rb'[^>]*?\suniqueCount\s*=\s*["\'](\d{1,20})')
#: A cell that points at a shared string, and the index it points at.
_SHARED_CELL = re.compile(rb'\st="s"[^>]*>\s*<(?:[\w.-]+:)?v>\s*(\d{1,10})\s*<')
#: What a reader reserves for each string a shared strings part declares (a string's
#: header), and the fewest bytes a string takes in the part (``<si/>``).
_STRING_HEADER, _SMALLEST_STRING = 24, 5
#: The fewest bytes of a cell that points at a shared string (``<c t="s"><v>0</v></c>``).
_SMALLEST_SHARED_CELL = 20


class _Texts:
    """The text a reader makes of shared strings: every cell that points at one gets a copy
    of its own (50,000 cells pointing at one 32,767-character string make 1.6 GB of text
    from a 100 kB file). Counted against ``max_uncompressed_mb`` across the workbook.

    A sheet is bounded first by the most cells its size can hold × the longest string, then
    (when that is too large) by its cells with ``t="s"`` × the longest string; only when
    that bound is too large too are its cells' indexes read and each string counted as
    often as it is pointed at."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.lengths: list[int] = []
        self.longest = 0
        self.references = 0
        self.total = 0
        #: Whether the cells with ``t="s"`` are being counted (see :meth:`bound`).
        self.counting = False

    def bound(self, size: int) -> int:
        """The text so far, and the most a sheet part of ``size`` bytes could add."""
        return self.total + size // _SMALLEST_SHARED_CELL * self.longest

    def measure(self, pieces: Iterator[bytes], info: zipfile.ZipInfo) -> None:
        """Each string's length in bytes (from its ``<si`` to the next: its text and tags,
        a bound on its text), from the shared strings part, split at C speed; refuse a
        declared count the part cannot hold when the reservation for it does not fit."""
        marker = b""
        for piece in pieces:
            if not marker and (root := _SST.search(piece)):
                marker = b"<" + (root[1] or b"") + b"si"
                declared = _UNIQUE_COUNT.match(piece, root.end() - 1)
                most = info.file_size // _SMALLEST_STRING + 1
                count = int(declared[1]) if declared else 0
                if count > most and count * _STRING_HEADER > self.limits.max_uncompressed:
                    raise Refused("shared-string-count", part=info.filename,
                                  actual=str(count), most=str(most))  # fmt: skip
            if not marker:
                continue
            chunks = piece.split(marker)
            if self.lengths:  # the string the last piece ended in goes on here
                self.lengths[-1] += len(chunks[0])
            self.lengths += map(len, chunks[1:])
        self.longest = max(self.lengths, default=0)

    def sheet(
        self, pieces: Callable[[], Iterator[bytes]], budget: _Budget, name: str, size: int
    ) -> None:
        """Add what the sheet just measured makes of the shared strings; refuse the file
        when the workbook's text exceeds the limit."""
        if not self.counting:
            self.total = self.bound(size)
            return
        bound = self.references * self.longest
        if self.total + bound > self.limits.max_uncompressed:
            start, counts = budget.left, Counter[bytes]()
            for piece in pieces():
                counts.update(_SHARED_CELL.findall(piece))
            budget.left = start
            lengths = self.lengths
            bound = sum(lengths[int(i)] * n for i, n in counts.items() if int(i) < len(lengths))
        self.total += bound
        if self.total > self.limits.max_uncompressed:
            mb = 1024 * 1024
            raise Refused("limit-text", part=name, actual=str(-(-self.total // mb)),
                          limit=str(self.limits.max_uncompressed_mb))  # fmt: skip


#: A formula element, searched for as two regexes: each starts with a fixed pair of bytes,
#: which the regex engine finds faster than ``bytes`` finds a pair (``<`` is every tenth
#: byte of a sheet), and far faster than one regex for both.
_FORMULA = (re.compile(rb"<f[\s/>]"), re.compile(rb":f[\s/>]"))


def _has_formula(piece: bytes) -> bool:
    return bool(_FORMULA[0].search(piece) or _FORMULA[1].search(piece))


def _prolog(piece: bytes, part: str) -> bool:
    """Refuse a DTD in the prolog part of ``piece``; whether the prolog may go on after it.
    A comment before what looks like the root may hide it: then all of the part is looked at."""
    root = _ROOT.search(piece)
    commented = b"<!--" in (piece[: root.start()] if root else piece)
    head = piece if commented or root is None else piece[: root.start()]
    if any(marker in head for marker in _DTD):
        raise Refused("xml-dtd", part=part)
    return commented or root is None


# --------------------------------------------------------------------------- extents


def column_letters(n: int) -> str:
    """Letters of the 1-based column ``n``: 1 → A, 27 → AA."""
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_number(letters: bytes) -> int:
    """A column number; one with too many letters to be real counts as beyond every limit
    (a reader that counts in 32 bits wraps it round to any column)."""
    if len(letters) > 10:
        return 10**15
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _number(digits: bytes) -> int:
    """A row number; one too long to be real counts as beyond every limit."""
    return int(digits) if len(digits) <= 15 else 10**15


class _Extent:
    """How far a sheet reaches (1-based last row and column), checked against the limits.

    The rows and columns are those of Excel's grid, from A1; the cells are those of the
    grid the reader allocates: from A1, or with ``from_first`` from the first row and
    column used (as calamine does: ten cells at FOO100000 are ten cells, not 446 million),
    each counting ``weight`` times (a reader that costs more per cell)."""

    def __init__(
        self, limits: Limits, sheet: str, *, from_first: bool = False, weight: int = 1
    ) -> None:
        self.limits = limits
        self.sheet = sheet
        self.rows = 0
        self.columns = 0
        self.from_first = from_first
        self.weight = weight
        self.top = self.left = 10**16

    def reach(self, row: int, column: int) -> None:
        if row > self.rows:
            self.rows = row
            if row > self.limits.max_rows:
                raise Refused("limit-rows", part=self.sheet, actual=str(row),
                              limit=str(self.limits.max_rows))  # fmt: skip
        if column > self.columns:
            self.columns = column
            if column > self.limits.max_columns:
                raise Refused("limit-columns", part=self.sheet,
                              actual=f"{column_letters(column)} ({column})",
                              limit=str(self.limits.max_columns))  # fmt: skip
        rows, columns = self.rows, self.columns
        if self.from_first:
            self.top, self.left = (
                min(self.top, row or self.top),
                min(self.left, column or self.left),
            )
            rows, columns = max(0, rows - self.top + 1), max(0, columns - self.left + 1)
        if rows * columns * self.weight > self.limits.max_cells:
            raise Refused("limit-cells", part=self.sheet, rows=str(rows),
                          columns=str(columns), actual=str(rows * columns),
                          limit=str(self.limits.max_cells // self.weight))  # fmt: skip


#: A cell or row tag that does not start with its reference, or has a namespace prefix:
#: such a sheet is walked tag by tag (see :func:`_walk_xlsx`).
_IRREGULAR = (
    re.compile(rb'<c(?:>|/>|\s(?!r="))'),
    re.compile(rb'<row(?:>|/>|\s(?!r="))'),
)
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")


#: Any tag starting ``<c`` but not ``<c r="``: one quick search (a fixed start, then a
#: look-ahead) that finds nothing in the cells of a regular sheet. The exact regex above
#: runs only from where it finds something (a piece with other tags that start alike,
#: such as ``<cols>``).
_NOT_A_REFERENCED_CELL = re.compile(rb'<c(?! r=")')


def _irregular(piece: bytes) -> bool:
    """Whether a row or cell tag of ``piece`` lacks a leading reference or has a prefix."""
    if _PREFIXED.search(piece) or _IRREGULAR[1].search(piece):  # rows are few: a quick regex
        return True
    near = _NOT_A_REFERENCED_CELL.search(piece)
    return near is not None and bool(_IRREGULAR[0].search(piece, near.start()))


_LAST_ROW = re.compile(rb'<row r="(\d{1,15})"')
_LAST_CELL = re.compile(rb'<c r="([A-Z]{1,4})(\d{1,15})"')


def _greater(bound: str, alphabet: str) -> str:
    """A regex for the strings over ``alphabet`` (ordered, first symbol lowest) greater than
    ``bound`` in length-then-lexical order; digits have no leading zero."""
    lo, hi = alphabet[0], alphabet[-1]
    any_ = f"[{lo}-{hi}]"
    first = f"[{alphabet[1]}-{hi}]" if lo == "0" else any_
    options = [f"{first}{any_}{{{len(bound)},}}"]
    for i, ch in enumerate(bound):
        if ch != hi:
            nxt = alphabet[alphabet.index(ch) + 1]
            options.append(f"{bound[:i]}[{nxt}-{hi}]{any_}{{{len(bound) - i - 1}}}")
    return "(?:" + "|".join(options) + ")"


_DIGITS, _LETTERS = "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _rows_beyond(rows: int) -> re.Pattern[bytes]:
    """References to a row above ``rows``, as (letters, digits)."""
    row_gt = _greater(str(rows), _DIGITS) if rows else "[1-9][0-9]*+"
    return re.compile(f'r="([A-Z]*+)0*+({row_gt})"'.encode())


def _columns_beyond(columns: int) -> re.Pattern[bytes]:
    """References to a column above ``columns``, as (letters, digits)."""
    col_gt = _greater(column_letters(columns), _LETTERS) if columns else "[A-Z]++"
    return re.compile(f'r="({col_gt})([0-9]++)"'.encode())


#: Every digit becomes 0 and every capital A, so the shape of a reference can be searched
#: for as plain bytes: ``r="AB123"`` becomes ``r="AA000"``.
_SHAPE = bytes.maketrans(_DIGITS.encode() + _LETTERS.encode(), b"0" * 10 + b"A" * 26)
_ZERO, _A = ord("0"), ord("A")


def _widest(letters: int) -> int:
    """The largest column number written with ``letters`` letters (1 → 26, 2 → 702)."""
    return sum(26**k for k in range(1, letters + 1))


class _XlsxExtent:
    """How far the references of one .xlsx part reach, piece by piece.

    Writers put each row's and cell's reference first (``<c r="B7"``) and rows in order,
    so the last references of a piece are its furthest (exact values). The shape of the
    references then bounds the rest cheaply: once the few references with more digits or
    letters than the furthest so far are found (as plain bytes), every reference lies
    within 10^digits - 1 rows and the widest column of that many letters. Where that bound
    does not fit the limits, the piece is searched exactly for references beyond the
    furthest ones (a regex pass).
    """

    def __init__(self, limits: Limits, sheet: str, *, exact: bool) -> None:
        self.extent = _Extent(limits, sheet)
        self.limits = limits
        self.exact = exact
        #: The bound of the pieces that were bounded by shape only, not searched exactly.
        self.loose = (0, 0)

    def piece(self, piece: bytes) -> None:
        extent = self.extent
        row = _last(_LAST_ROW, piece)
        if row:
            extent.reach(_number(row[1]), 0)
        cell = _last(_LAST_CELL, piece)
        if cell:
            extent.reach(_number(cell[2]), _column_number(cell[1]))
        self._longer(piece, piece.translate(_SHAPE))
        rows = 10 ** len(str(extent.rows)) - 1
        columns = _widest(len(column_letters(extent.columns)))
        if not self.exact and self._fits(rows, columns):
            self.loose = (max(self.loose[0], rows), max(self.loose[1], columns))
            return
        self._search(piece, _rows_beyond, lambda: extent.rows)
        self._search(piece, _columns_beyond, lambda: extent.columns)
        if not self._fits(max(self.loose[0], extent.rows), max(self.loose[1], extent.columns)):
            raise _Restart

    def _fits(self, rows: int, columns: int) -> bool:
        limits = self.limits
        return (rows <= limits.max_rows and columns <= limits.max_columns
                and rows * columns <= limits.max_cells)  # fmt: skip

    def _longer(self, piece: bytes, shape: bytes) -> None:
        """Reach the references with more digits, or more letters, than the furthest yet."""
        extent = self.extent
        pos = 0
        while (at := shape.find(b"0" * (len(str(extent.rows)) + 1) + b'"', pos)) >= 0:
            end = shape.index(b'"', at)
            start = at
            while start > 0 and shape[start - 1] == _ZERO:
                start -= 1
            first = start
            while first > 0 and shape[first - 1] == _A:
                first -= 1
            if shape[max(0, first - 3) : first] == b'r="' and _attribute_start(shape, first - 3):
                extent.reach(_number(piece[start:end]), _column_number(piece[first:start]))
            pos = end + 1
        pos = 0
        while (
            at := shape.find(b'r="' + b"A" * (len(column_letters(extent.columns)) + 1), pos)
        ) >= 0:
            first = start = at + 3
            while start < len(shape) and shape[start] == _A:
                start += 1
            end = start
            while end < len(shape) and shape[end] == _ZERO:
                end += 1
            if end > start and shape[end : end + 1] == b'"' and _attribute_start(shape, at):
                extent.reach(_number(piece[start:end]), _column_number(piece[first:start]))
            pos = start

    def _search(
        self, piece: bytes, beyond: Callable[[int], re.Pattern[bytes]], bound: Callable[[], int]
    ) -> None:
        pattern, pos, since = beyond(bound()), 0, 0
        while m := pattern.search(piece, pos):
            pos = m.end()
            if not _attribute_start(piece, m.start()):
                continue  # firstPageNumber="4294967293" is no reference
            self.extent.reach(_number(m[2]), _column_number(m[1]))
            since += 1
            if since == RECOMPILE_AFTER:  # a row reaching XFD makes a new bound every cell
                pattern, since = beyond(bound()), 0


#: References beyond the bound are taken this many at a time before the bound is moved to
#: the furthest of them (a compiled regex each time): a stale bound only finds a few more.
RECOMPILE_AFTER = 256


def _attribute_start(data: bytes, at: int) -> bool:
    """Whether the ``r="`` at ``at`` is an attribute of its own, not the end of a longer
    name such as ``firstPageNumber``."""
    return at == 0 or data[at - 1 : at] in (b" ", b"\t", b"\n", b"\r")


class _Restart(Exception):
    """The shape bounds of earlier pieces turned out too loose: search the part exactly."""


def _xlsx_extent(
    pieces: Callable[[], Iterator[bytes]], budget: _Budget, limits: Limits, sheet: str
) -> None:
    """How far an .xlsx part reaches, from its ``sheetData`` on (any part may be named a
    sheet by the workbook's relations). A part that does not look as writers write it
    (references missing or not first, namespace prefixes) is walked tag by tag.

    The quick scan bounds every reference, empty rows and style-only cells included. A
    sheet it finds too large is walked again, counting only the cells that hold a value,
    as the reader allocates them: LibreOffice and Gnumeric write empty rows and styled
    cells down to row 1,048,576."""
    start = budget.left
    try:
        _reference_extent(pieces, budget, limits, sheet)
    except Refused as refused:
        if refused.reason not in ("limit-rows", "limit-columns", "limit-cells"):
            raise
        budget.left = start
        _walk_xlsx(pieces(), _Extent(limits, sheet, from_first=True))


def _reference_extent(
    pieces: Callable[[], Iterator[bytes]], budget: _Budget, limits: Limits, sheet: str
) -> None:
    """:func:`_xlsx_extent`'s quick scan, over every reference."""
    start = budget.left
    for exact in (False, True):
        scan = _XlsxExtent(limits, sheet, exact=exact)
        data = False
        try:
            for piece in pieces():
                data = data or b"sheetData" in piece
                if not data:
                    continue
                if _irregular(piece):
                    budget.left = start
                    _walk_xlsx(pieces(), _Extent(limits, sheet))
                    return
                scan.piece(piece)
            return
        except _Restart:
            budget.left = start


def _last(pattern: re.Pattern[bytes], piece: bytes) -> re.Match[bytes] | None:
    """The last match of a pattern that starts with ``<`` in ``piece``."""
    prefix = pattern.pattern[: pattern.pattern.index(b'"') + 1]
    at = piece.rfind(prefix)
    return pattern.match(piece, at) if at >= 0 else None


_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c|v|is)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb'(?:^|\s)r\s*=\s*["\']([A-Z]*+)(\d*+)["\']')


def _walk_xlsx(pieces: Iterator[bytes], extent: _Extent) -> None:
    """Place every cell as calamine does: a row without a reference follows the one
    before; a cell without one, the cell before it in its row. Only a cell that holds a
    value (``<v>`` or an inline string) reaches: an empty row or a cell with a style and
    nothing else is not allocated by the reader."""
    row = column = 0
    pending: tuple[int, int] | None = None
    for piece in pieces:
        for m in _TAG.finditer(piece):
            tag = m[2]
            if m[1]:
                if tag == b"c":
                    pending = None
                continue
            if tag in (b"v", b"is"):
                if pending is not None:
                    extent.reach(*pending)
                    pending = None
                continue
            ref = _REF.search(m[3])
            if tag == b"row":
                row = _number(ref[2]) if ref and ref[2] else row + 1
                column = 0
                continue
            cell_row = row
            if ref and ref[1]:
                column = _column_number(ref[1])
                if ref[2]:
                    cell_row = _number(ref[2])
            else:
                column += 1
            pending = None if m[3].endswith(b"/") else (cell_row, column)


_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'number-rows-repeated="(\d{1,16})"')
_ODS_COLUMNS = re.compile(rb'number-columns-repeated="(\d{1,16})"')


#: What an .ods cell costs the reader against an .xlsx cell: it fills repeated rows and
#: cells one by one, through a row copy (1,048,575 rows × 32 repeated cells, an 815-byte
#: file within the cell limit, took 3.4 GB: some 100 bytes a cell, against 32).
ODS_CELL_WEIGHT = 3


def _ods_extent(pieces: Iterator[bytes], limits: Limits) -> None:
    """How far each table of an OpenDocument spreadsheet reaches, and the text its
    repeated cells make.

    Rows and cells repeat (``number-rows-repeated``, ``number-columns-repeated``); only
    cells with a value or content count, as trailing empty repeats do not fill the grid.
    Each repeat is a copy of the cell's text, counted against ``max_uncompressed_mb``.
    """
    extent = _Extent(limits, "", weight=ODS_CELL_WEIGHT)
    row = column = repeat = 0
    content = False
    text, opened, copies, offset = 0, -1, 0, 0
    for piece in pieces:
        for m in _ODS_TAG.finditer(piece):
            closing, tag, attrs, empty = m[1], m[2], m[3], m[4]
            if tag == b"table":
                if not closing:
                    name = _ODS_NAME.search(attrs)
                    extent = _Extent(limits, name[1].decode("utf-8", "replace") if name else "",
                                     weight=ODS_CELL_WEIGHT)  # fmt: skip
                    row = 0
            elif tag == b"table-row":
                if closing or empty:
                    if empty:
                        repeat, content = _times(_ODS_ROWS, attrs), False
                    if content:
                        extent.reach(row + repeat, 0)
                    row += repeat
                    content = False
                else:
                    repeat, column, content = _times(_ODS_ROWS, attrs), 0, False
            elif closing:
                if opened >= 0 and copies > 1:
                    text += (offset + m.start() - opened) * copies
                    if text > limits.max_uncompressed:
                        raise _ods_text(extent.sheet, text, limits)
                opened = -1
            else:
                times = _times(_ODS_COLUMNS, attrs)
                if not empty or b"value-type" in attrs:
                    content = True
                    extent.reach(row + 1, column + times)
                    copies = times * repeat
                    opened = -1 if empty else offset + m.end()
                    if copies > 1:
                        text += len(attrs) * copies
                column += times
        offset += len(piece)


def _ods_text(sheet: str, text: int, limits: Limits) -> Refused:
    return Refused("limit-text", part=sheet, actual=str(-(-text // (1024 * 1024))),
                   limit=str(limits.max_uncompressed_mb))  # fmt: skip


def _times(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    return _number(m[1]) if m else 1
