"""Spreadsheets a person may send, made on the fly (issue 13): no binary file is committed.

Each builder is a pure function that writes one file into a folder and returns its path.
The bytes are built here: a BIFF8 writer (:func:`biff8_workbook`) inside an OLE2 writer
(:func:`compound_file`, any number of streams and FAT sectors) makes real .xls files,
valid or broken on purpose; the raw zip writer of :mod:`hostile` makes .xlsx/.ods files
whose part names, namespaces and attributes Excel, LibreOffice or Gnumeric would write;
and a few other formats (SYLK, DIF, SpreadsheetML, BIFF2-5, flat ODS, Unicode text) are
written as those programs write them.

What a broken file does to python-calamine 0.9.1 (measured on its own, in a subprocess
under ``ulimit -v`` and ``timeout``) is said in each builder's docstring.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from conftest import DEFAULT_INFO, INFO_LABELS, census_keys, complete_rows

# --------------------------------------------------------------------------- OLE2 (CFB)

END_OF_CHAIN, FREE_SECT, FAT_SECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class CompoundLayout:
    """Where :func:`compound_file` put things, so that a builder can break them."""

    fat_sectors: list[int]
    directory_sector: int
    #: Stream name → (first sector, number of sectors).
    streams: dict[str, tuple[int, int]]

    @staticmethod
    def offset(sector: int) -> int:
        """The file offset of a sector (512-byte sectors, after the 512-byte header)."""
        return 512 + sector * 512


def _directory_entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, NO_STREAM, right, child)
        + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )  # fmt: skip


def compound_bytes(streams: dict[str, bytes]) -> tuple[bytes, CompoundLayout]:
    """An OLE2 compound file (version 3, 512-byte sectors) holding ``streams``, and where
    each thing lies. Every stream is padded to whole sectors and at least 4096 bytes (the
    mini-stream cutoff), so none lives in the mini stream; its declared size is the padded
    size. The FAT takes as many sectors as needed (up to the 109 the header lists)."""
    padded = {n: s.ljust(max(4096, -(-len(s) // 512) * 512), b"\0") for n, s in streams.items()}
    data_sectors = sum(len(s) // 512 for s in padded.values())
    dir_sectors = -(-(len(streams) + 1) // 4)
    fat_count = 1
    while fat_count * 128 < fat_count + dir_sectors + data_sectors:
        fat_count += 1
    assert fat_count <= 109, "too large for a header-only DIFAT"
    fat = [FAT_SECT] * fat_count
    directory_sector = len(fat)
    fat += [directory_sector + k + 1 for k in range(dir_sectors - 1)] + [END_OF_CHAIN]
    layout = CompoundLayout(list(range(fat_count)), directory_sector, {})
    body = b""
    entries = []
    for name, content in padded.items():
        start, count = len(fat), len(content) // 512
        fat += [start + k + 1 for k in range(count - 1)] + [END_OF_CHAIN]
        layout.streams[name] = (start, count)
        entries.append((name, start, len(content)))
        body += content
    fat += [FREE_SECT] * (fat_count * 128 - len(fat))
    directory = _directory_entry("Root Entry", 5, END_OF_CHAIN, 0, NO_STREAM,
                                 1 if entries else NO_STREAM)  # fmt: skip
    for n, (name, start, size) in enumerate(entries, 1):
        right = n + 1 if n < len(entries) else NO_STREAM
        directory += _directory_entry(name, 2, start, size, right, NO_STREAM)
    directory = directory.ljust(dir_sectors * 512, b"\0")
    difat = list(range(fat_count)) + [FREE_SECT] * (109 - fat_count)
    header = (
        CFB_MAGIC + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_count, directory_sector, 0, 4096, END_OF_CHAIN, 0,
                      END_OF_CHAIN, 0)
        + struct.pack("<109I", *difat)
    )  # fmt: skip
    assert len(header) == 512
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + body, layout


def compound_file(path: Path, streams: dict[str, bytes]) -> Path:
    """Write :func:`compound_bytes` of ``streams`` to ``path``."""
    path.write_bytes(compound_bytes(streams)[0])
    return path


# --------------------------------------------------------------------------- BIFF8


def record(kind: int, data: bytes = b"") -> bytes:
    """One BIFF record: its type, its length, its data."""
    return struct.pack("<HH", kind, len(data)) + data


BOF, EOF, CODEPAGE, DATEMODE, FONT, XF, BOUNDSHEET, SST, CONTINUE = (
    0x0809, 0x000A, 0x0042, 0x0022, 0x0031, 0x00E0, 0x0085, 0x00FC, 0x003C,
)  # fmt: skip
DIMENSIONS, LABELSST, NUMBER, MULRK, RK, FILEPASS, FORMAT = (
    0x0200, 0x00FD, 0x0203, 0x00BD, 0x027E, 0x002F, 0x041E,
)  # fmt: skip
#: The XF (cell format) indexes the writer uses: 15 the default, 16 a date (format 14).
XF_GENERAL, XF_DATE = 15, 16
#: What a BIFF8 cell may hold, as written by :func:`biff8_workbook`.
Value = str | int | float | date | None


def bof(kind: int, version: int = 0x0600) -> bytes:
    """A BIFF8 BOF: ``kind`` 0x0005 the workbook globals, 0x0010 a worksheet."""
    return record(BOF, struct.pack("<HHHHII", version, kind, 0x0DBB, 0x07CC, 0x000100C1, 0x0406))


def xl_string(text: str, length_bytes: int = 2) -> bytes:
    """An XLUnicodeString: its length in characters, a flags byte (0: Latin-1, 1: UTF-16),
    its characters."""
    wide = any(ord(ch) > 0xFF for ch in text)
    chars = text.encode("utf-16-le") if wide else text.encode("latin-1")
    count = len(chars) // 2 if wide else len(chars)
    return struct.pack("<H" if length_bytes == 2 else "<B", count) + bytes([wide]) + chars


def font(name: str = "Arial") -> bytes:
    return record(FONT, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
                  + xl_string(name, 1))  # fmt: skip


def xf(number_format: int, *, style: bool) -> bytes:
    flags = 0xFFF5 if style else 0x0001  # a style XF has no parent; a cell XF's is style 0
    return record(XF, struct.pack("<HHHBBBBIIH", 0, number_format, flags, 0x20, 0, 0, 0, 0,
                                  0, 0x20C0))  # fmt: skip


def sst_records(texts: Sequence[str]) -> bytes:
    """The shared strings: an SST record, continued in CONTINUE records at string
    boundaries when longer than a record may be (8,224 bytes)."""
    out, current = b"", struct.pack("<II", len(texts), len(texts))
    kind = SST
    for text in texts:
        item = xl_string(text)
        if len(current) + len(item) > 8224:
            out += record(kind, current)
            kind, current = CONTINUE, b""
        current += item
    return out + record(kind, current)


def _excel_serial(day: date) -> float:
    moment = datetime(day.year, day.month, day.day) if not isinstance(day, datetime) else day
    return (moment - datetime(1899, 12, 30)).total_seconds() / 86400


def cell_records(row: int, column: int, value: Value, strings: dict[str, int]) -> bytes:
    """The record of one cell (0-based position): LABELSST for a text, NUMBER otherwise."""
    if value is None or value == "":
        return b""
    where = struct.pack("<HH", row, column)
    if isinstance(value, str):
        index = strings.setdefault(value, len(strings))
        return record(LABELSST, where + struct.pack("<HI", XF_GENERAL, index))
    if isinstance(value, date):
        return record(NUMBER, where + struct.pack("<Hd", XF_DATE, _excel_serial(value)))
    return record(NUMBER, where + struct.pack("<Hd", XF_GENERAL, float(value)))


def dimensions(rows: int, columns: int) -> bytes:
    """DIMENSIONS: first row, last row + 1, first column, last column + 1."""
    return record(DIMENSIONS, struct.pack("<IIHHH", 0, rows, 0, columns, 0))


def biff8_workbook(
    sheets: dict[str, Sequence[Sequence[Value]]],
    *,
    before_sheets: bytes = b"",
    sheet_extra: dict[str, bytes] | None = None,
    declared: dict[str, tuple[int, int]] | None = None,
) -> bytes:
    """The "Workbook" stream of a BIFF8 .xls holding ``sheets`` (name → rows of values).

    The globals: BOF, ``before_sheets`` (a FILEPASS goes there), CODEPAGE 1200, DATEMODE,
    five FONTs, 15 style XFs and two cell XFs (general and date), one BOUNDSHEET8 per
    sheet (with its substream's offset), the SST, EOF. Each worksheet: BOF, DIMENSIONS
    (the grid, or ``declared[name]`` as (rows, columns)), its cells, ``sheet_extra[name]``,
    EOF."""
    strings: dict[str, int] = {}
    bodies = []
    for name, rows in sheets.items():
        cells = b"".join(
            cell_records(r, c, value, strings)
            for r, row in enumerate(rows)
            for c, value in enumerate(row)
        )
        height, width = (declared or {}).get(name, (len(rows), max(map(len, rows), default=0)))
        bodies.append(bof(0x0010) + dimensions(height, width) + cells
                      + (sheet_extra or {}).get(name, b"") + record(EOF))  # fmt: skip
    head = (
        bof(0x0005) + before_sheets + record(CODEPAGE, struct.pack("<H", 1200))
        + record(DATEMODE, struct.pack("<H", 0))
        + b"".join(font() for _ in range(5))
        + b"".join(xf(0, style=True) for _ in range(15))
        + xf(0, style=False) + xf(14, style=False)
    )  # fmt: skip
    tail = sst_records(sorted(strings, key=strings.__getitem__)) + record(EOF)
    names = [record(BOUNDSHEET, struct.pack("<IBB", 0, 0, 0) + xl_string(n, 1)) for n in sheets]
    offset = len(head) + sum(map(len, names)) + len(tail)
    placed = b""
    for name, body in zip(names, bodies, strict=True):
        placed += name[:4] + struct.pack("<I", offset) + name[8:]
        offset += len(body)
    return head + placed + tail + b"".join(bodies)


def write_xls(path: Path, sheets: dict[str, Sequence[Sequence[Value]]], **kwargs: Any) -> Path:
    """A valid BIFF8 .xls of ``sheets`` (see :func:`biff8_workbook` for ``kwargs``)."""
    return compound_file(path, {"Workbook": biff8_workbook(sheets, **kwargs)})


# --------------------------------------------------------------------------- censuses


def census_sheets(
    rows: Sequence[dict[str, Any]], info: dict[str, Any] | None = None
) -> dict[str, list[list[Any]]]:
    """The two sheets of a census as ``conftest.write_census`` writes them, as values."""
    from ktt_indicators.schema import COLUMNS

    full_rows = complete_rows(rows)
    keys = census_keys(full_rows)
    header_of = {c.key: c.header for c in COLUMNS}
    facts = DEFAULT_INFO if info is None else info
    return {
        "Thông tin chung": [[INFO_LABELS.get(k, k), v] for k, v in facts.items()],
        "Danh sách tổ chức": [[header_of[k] for k in keys]]
        + [[r.get(k) for k in keys] for r in full_rows],
    }


def xls_census(path: Path, rows: Sequence[dict[str, Any]], **kwargs: Any) -> Path:
    """The census ``write_census(path, rows)`` would write, as a BIFF8 .xls."""
    return write_xls(path, census_sheets(rows), **kwargs)


# --------------------------------------------------------------------------- broken .xls

#: The census every builder below writes, unless it says otherwise.
CENSUS_ROWS: list[dict[str, Any]] = [{"ten": "HTX Một"}, {"ten": "HTX Hai", "so_thanh_vien": 25}]


def _set_field(data: bytes, at: int, fmt: str, *values: int) -> bytes:
    changed = bytearray(data)
    struct.pack_into(fmt, changed, at, *values)
    return bytes(changed)


def xls_panic(path: Path) -> Path:
    """A census .xls whose CODEPAGE record is empty (length 0 instead of 2).

    python-calamine 0.9.1 raises pyo3's ``PanicException`` (a BaseException, not an
    Exception) from ``CalamineWorkbook.from_path``: "range end index 2 out of range for
    slice of length 0"; Rust prints the panic and "note: run with RUST_BACKTRACE=1" on
    stderr. An empty DATEMODE, FILEPASS, EXTERNSHEET or MERGEDCELLS record, a BOUNDSHEET8
    of 2 bytes or a FORMULA cut short panic the same way. 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    at = stream.index(struct.pack("<HHH", CODEPAGE, 2, 1200))
    stream = stream[:at] + record(CODEPAGE) + stream[at + 6 :]
    stream = _fix_offsets(stream, -2)
    return compound_file(path, {"Workbook": stream})


def _fix_offsets(stream: bytes, delta: int) -> bytes:
    """Move every BOUNDSHEET8's substream offset by ``delta`` (after a record changed size)."""
    out, at = bytearray(stream), 0
    while at + 4 <= len(out):
        kind, size = struct.unpack_from("<HH", out, at)
        if kind == BOUNDSHEET:
            (offset,) = struct.unpack_from("<I", out, at + 4)
            struct.pack_into("<I", out, at + 4, offset + delta)
        at += 4 + size
    return bytes(out)


def xls_panic_short_stream(path: Path) -> Path:
    """A census .xls whose directory says the Workbook stream is 100 bytes long.

    python-calamine 0.9.1 raises ``PanicException``: "index out of bounds: the len is 0
    but the index is 2". 5.6 kB."""
    data, layout = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    entry = layout.offset(layout.directory_sector) + 128  # the first entry after the root
    return _write(path, _set_field(data, entry + 120, "<Q", 100))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def xls_directory_loop(path: Path) -> Path:
    """An .xls of 1,536 bytes (header, FAT, one directory sector) whose FAT entry for the
    directory sector points back to itself: the directory's chain never ends.

    python-calamine 0.9.1 follows the chain, appending the same 512 bytes for ever,
    until an allocation fails and the process aborts (SIGABRT, "memory allocation of N
    bytes failed"): 2.6 s under ``ulimit -v 2000000``; unbounded, it takes all the memory
    of the machine. No exception, nothing to catch."""
    data, layout = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    fat = layout.offset(layout.fat_sectors[0])
    data = _set_field(data, fat + 4 * layout.directory_sector, "<I", layout.directory_sector)
    return _write(path, data[: layout.offset(layout.directory_sector + 1)])


def xls_stream_loop(path: Path) -> Path:
    """A census .xls whose Workbook stream's last sector points back to its first, and
    whose directory says the stream is 4 GB (0xFFFFFFFF bytes).

    python-calamine 0.9.1 goes round the loop until an allocation fails and aborts
    (SIGABRT): 2.7 s under ``ulimit -v 2000000``. 5.6 kB."""
    data, layout = compound_bytes({"Workbook": biff8_workbook(census_sheets(CENSUS_ROWS))})
    start, count = layout.streams["Workbook"]
    fat = layout.offset(layout.fat_sectors[0])
    data = _set_field(data, fat + 4 * (start + count - 1), "<I", start)
    entry = layout.offset(layout.directory_sector) + 128
    return _write(path, _set_field(data, entry + 120, "<Q", 0xFFFFFFFF))


def xls_full_grid(path: Path) -> Path:
    """A census .xls whose list sheet's DIMENSIONS claims 65,536 rows × 256 columns (all
    a BIFF8 sheet can hold) and which has a number in its last cell, IV65536.

    DIMENSIONS alone changes nothing; the cell in IV65536 makes python-calamine 0.9.1
    build the whole grid of 16.8 million cells: 1.06 GB peak (RSS), 2.6 s, for
    ``get_sheet_by_name`` alone, before any Python object is made. 5.6 kB."""
    sheets = census_sheets(CENSUS_ROWS)
    corner = record(NUMBER, struct.pack("<HHHd", 65535, 255, XF_GENERAL, 1.0))
    stream = biff8_workbook(sheets, sheet_extra={"Danh sách tổ chức": corner},
                            declared={"Danh sách tổ chức": (65536, 256)})  # fmt: skip
    return compound_file(path, {"Workbook": stream})


def xls_inverted_dimensions(path: Path) -> Path:
    """A census .xls whose list sheet's DIMENSIONS says the first row is 10 and the last 2.

    python-calamine 0.9.1 computes the grid's size from it with a wrapping subtraction and
    aborts at once (SIGABRT): "memory allocation of 171798691520 bytes failed", whatever
    the memory limit. 5.6 kB."""
    stream = biff8_workbook(census_sheets(CENSUS_ROWS))
    sheet = stream.index(struct.pack("<HH", DIMENSIONS, 14), stream.index(b"\x10\x00\xbb\x0d"))
    return compound_file(path, {"Workbook": _set_field(stream, sheet + 4, "<II", 10, 2)})
