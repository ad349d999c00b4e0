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

import errno
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from . import kinds
from .cfb import Container, Damaged, sheet_extents
from .extent import Extent
from .guard_zip import MAX_PARTS, central_directory_parts, check_zip
from .limits import SUPPORTED_SUFFIXES, Limits, Refused

_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def inspect(path: Path, limits: Limits, formulas: set[str] | None = None) -> str:
    """Check ``path`` before it is parsed; return what it really is, whatever its suffix
    says: "xlsx" (an .xlsm too), "xls" or "ods" (see :mod:`.kinds`).

    Raises :class:`Refused` when the file must not, or cannot, be read. The parts of an
    archive whose XML holds a formula or an error cell are added to ``formulas``, if given,
    so that the reader need not inflate the others again to look for formulas without a
    saved value and for error cells.
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
                check_zip(fp, size, _suffix_of(kind, suffix), limits, formulas)
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
    cannot be listed is taken for what its suffix says, for :func:`check_zip` to refuse."""
    if central_directory_parts(fp, size) <= MAX_PARTS:
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
        extent = Extent(limits, sheet.name)
        extent.reach(sheet.rows, sheet.columns)
        extent.reach(sheet.declared_rows, sheet.declared_columns)
