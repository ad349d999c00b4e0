"""The checks of a zip workbook (.xlsx, .xlsm, .ods) before calamine reads it.

The central directory (number of parts, declared sizes, compression ratios no deflate
stream can reach, encrypted parts), then every XML part inflated (:mod:`.inflate`): no DTD,
a known encoding, shared strings that fit, and how far each sheet reaches (:mod:`.extent`).
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from typing import BinaryIO
from xml.etree import ElementTree

from . import kinds
from .extent import ods_extent, xlsx_extent
from .inflate import Budget, inflated_pieces
from .limits import Limits, Refused
from .opc import Package, normal, sheet_entries, workbook_part, workbook_relationships

#: At most this many parts in an archive (a workbook has tens; each costs memory to list).
MAX_PARTS = 10_000
#: No deflate stream inflates more than 1,032 times its size; more means lying headers.
MAX_DEFLATE_RATIO = 1032
#: A part's general-purpose flags: bit 0, encrypted; bit 6, "strong encryption" (which
#: Python's zipfile cannot read at all).
ENCRYPTED_FLAGS = 0x1 | 0x40
#: What reading a part through :mod:`zipfile` and parsing it with ElementTree may raise on
#: a broken archive that the checks before did not catch: each is a damaged file.
PART_ERRORS = (
    ElementTree.ParseError, KeyError, zipfile.BadZipFile, NotImplementedError, LookupError,
    ValueError, EOFError, zlib.error,
)  # fmt: skip

# --------------------------------------------------------------------------- zip


def check_zip(
    fp: BinaryIO, size: int, suffix: str, limits: Limits, formulas: set[str] | None = None
) -> None:
    """Refuse a zip workbook that is damaged, encrypted, forged or beyond ``limits``; note in
    ``formulas`` the sheet parts that hold a formula."""
    parts = central_directory_parts(fp, size)
    if parts > MAX_PARTS:
        raise Refused("too-many-parts", actual=str(parts), limit=str(MAX_PARTS))
    fp.seek(0)
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise Refused("damaged") from None
    with archive:
        infos = archive.infolist()
        _check_declared(infos, suffix, limits)
        package = Package([i.filename for i in infos])
        budget = Budget(limits.max_uncompressed, limits.max_uncompressed_mb)
        xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels", ".vml"))]
        if suffix == ".ods":
            _check_ods(fp, package, xml, budget, limits)
        else:
            _check_xlsx(fp, archive, package, xml, budget, limits, formulas)


def _check_declared(infos: list[zipfile.ZipInfo], suffix: str, limits: Limits) -> None:
    """What the central directory declares: no encrypted part, a known compression, sizes a
    deflate stream can reach, and no more bytes in all than the limit."""
    declared = 0
    for info in infos:
        if info.flag_bits & ENCRYPTED_FLAGS:
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


def _check_ods(
    fp: BinaryIO, package: Package, xml: list[zipfile.ZipInfo], budget: Budget, limits: Limits
) -> None:
    if package.find("content.xml") is None:
        raise Refused("not-a-workbook")
    for info in xml:
        if _ods_parsed(info.filename):
            ods_extent(inflated_pieces(fp, info, budget), limits)


def _check_xlsx(
    fp: BinaryIO,
    archive: zipfile.ZipFile,
    package: Package,
    xml: list[zipfile.ZipInfo],
    budget: Budget,
    limits: Limits,
    formulas: set[str] | None,
) -> None:
    """The parts ElementTree reads first (relationships, the workbook) scanned for DTDs, then
    the shared strings measured, then every other part's extent and text."""
    scanned: set[str] = set()

    def scan(name: str | None) -> None:  # DTDs first: ElementTree reads these parts next
        info = archive.getinfo(name) if name is not None else None
        if info is not None and info.filename not in scanned:
            scanned.add(info.filename)
            for _ in inflated_pieces(fp, info, budget):
                pass

    scan(package.find("_rels/.rels"))
    workbook = _workbook_part(archive, package)
    scan(workbook)
    scan(package.find(package.rels_of(workbook)))
    sheets = _sheet_names(archive)
    texts = _Texts(limits)
    strings = _shared_strings(archive, package)
    if strings is not None:
        scanned.add(strings.filename)
        texts.measure(inflated_pieces(fp, strings, budget), strings)
    for info in xml:
        if info.filename in scanned:
            continue
        name = sheets.get(info.filename, info.filename)
        texts.counting = texts.bound(info.file_size) > limits.max_uncompressed
        pieces = partial(_noting_formulas, fp, info, budget, formulas, texts)
        xlsx_extent(pieces, budget, limits, name)
        texts.sheet(pieces, budget, name, info.file_size)
    if _names_macrosheet(archive, package):
        raise Refused("xlm-macros")


def _workbook_part(archive: zipfile.ZipFile, package: Package) -> str:
    """The workbook part's name; an .xlsb's binary workbook, or none, is refused."""
    try:
        workbook = workbook_part(archive, package)
    except PART_ERRORS as exc:
        raise Refused("damaged", detail=f"{type(exc).__name__}: {exc}") from None
    if workbook is None:
        bin_part = any(normal(i.filename).endswith("workbook.bin") for i in archive.infolist())
        raise Refused("xlsb" if bin_part else "not-a-workbook")
    if workbook.lower().endswith(".bin"):
        raise Refused("xlsb")
    return workbook


def _names_macrosheet(archive: zipfile.ZipFile, package: Package) -> bool:
    """Whether the workbook's relationships name an Excel 4.0 macro sheet (its parts have
    been checked: they are what they say, with no DTD)."""
    try:
        _, rels = workbook_relationships(archive, package)
    except PART_ERRORS:
        return False
    return any(kinds.is_macrosheet(kind) for _, kind, _ in rels)


def _shared_strings(archive: zipfile.ZipFile, package: Package) -> zipfile.ZipInfo | None:
    """The shared strings part, as the reader finds it: by the workbook's relationship,
    else at Excel's place."""
    try:
        _, rels = workbook_relationships(archive, package)
    except PART_ERRORS:
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


def central_directory_parts(fp: BinaryIO, size: int) -> int:
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


def _noting_formulas(
    fp: BinaryIO,
    info: zipfile.ZipInfo,
    budget: Budget,
    formulas: set[str] | None,
    texts: _Texts | None = None,
) -> Iterator[bytes]:
    """:func:`.inflate.inflated_pieces`, noting in ``formulas`` whether the part holds a
    formula (``<f>`` or a prefixed ``<x:f>``) or an error cell (``t="e"``, such as #N/A),
    which the reader reads as empty (a piece never cuts a tag). Once one is found, the part
    is noted and its other pieces need no search. ``texts`` counts the cells that point at a
    shared string."""
    if texts is not None:
        texts.references = 0
    for piece in inflated_pieces(fp, info, budget):
        if (
            formulas is not None
            and info.filename not in formulas
            and (_has_formula(piece) or _has_error_cell(piece))
        ):
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
        self, pieces: Callable[[], Iterator[bytes]], budget: Budget, name: str, size: int
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


#: An error cell's type (#N/A, #DIV/0!, …), as every writer writes it.
_ERROR_CELL = b't="e"'


def _has_formula(piece: bytes) -> bool:
    """Whether ``piece`` holds a formula element. Its ``f`` is rare in a sheet's cells
    (references are capitals, values digits): the first one is found at memory speed, and
    the regexes search from there only (from the first ``:`` after it for a prefixed one)."""
    at = piece.find(b"f")
    if at < 0:
        return False
    start = max(at - 1, 0)
    if _FORMULA[0].search(piece, start):
        return True
    colon = piece.find(b":", start)
    return colon >= 0 and bool(_FORMULA[1].search(piece, colon))


def _has_error_cell(piece: bytes) -> bool:
    """Whether ``piece`` holds an error cell, searched for from its first ``e`` (found at
    memory speed: an ``e`` is rare in a sheet's cells)."""
    at = piece.find(b"e")
    return at >= 0 and piece.find(_ERROR_CELL, max(at - 4, 0)) >= 0
