"""An .xls looked at before calamine parses it: its OLE2 container and its BIFF records.

An .xls is a Compound File Binary (OLE2) container: a FAT of sector chains, a directory
of streams, and a ``Workbook`` stream of BIFF8 records. calamine trusts all of it: a
chain that loops makes it allocate until the process aborts, and a DIMENSIONS record is
taken for the size of the grid to reserve. So the chains are followed here first, each
sector at most once and never outside the file, and the ``Workbook`` stream is walked
record by record to find how far each sheet really reaches (its cells, and what its
DIMENSIONS record declares), against :class:`.limits.Limits`, before calamine allocates
anything. A workbook that is encrypted (a FILEPASS record) is refused as such.

This bounds what can be known from the structure; the parse itself still runs in a child
process (:mod:`.sandbox`), because calamine's record decoders are not bounded here.
"""

from __future__ import annotations

import struct
from array import array
from typing import BinaryIO

#: Sector ids with a meaning of their own; any id from MAX_REGULAR up ends a chain.
MAX_REGULAR = 0xFFFFFFFA
END_OF_CHAIN = 0xFFFFFFFE
#: Cell records (BIFF8) whose payload starts with the row and the column (2 bytes each).
CELLS = frozenset(
    {0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006, 0x00D6, 0x0001, 0x0002, 0x0003,
     0x0004, 0x0005, 0x0206, 0x0406}
)  # fmt: skip
#: Records holding a run of cells in one row: row, first column, ..., last column (at end).
RUNS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK
BOF, EOF, DIMENSIONS, BOUNDSHEET, FILEPASS = 0x0809, 0x000A, 0x0200, 0x0085, 0x002F


class Damaged(Exception):
    """The container's structure is broken (``what`` says how, for ``--debug``)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Container:
    """The sectors, FAT and directory of an OLE2 file, read once, every chain checked."""

    def __init__(self, fp: BinaryIO, size: int) -> None:
        self.fp = fp
        fp.seek(0)
        header = fp.read(512)
        if len(header) < 512:
            raise Damaged("header cut short")
        shift, mini_shift = struct.unpack_from("<HH", header, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise Damaged(f"sector size 2^{shift}")
        self.sector = 1 << shift
        self.sectors = max(0, (size - self.sector) // self.sector)
        fat_count, first_dir = struct.unpack_from("<II", header, 0x2C)
        self.cutoff, self.first_minifat, _, first_difat = struct.unpack_from("<IIII", header, 0x38)
        self.fat = self._read_fat(header, fat_count, first_difat)
        directory = self.stream_from(first_dir)
        self.root, self.entries = self._read_directory(directory)
        self._streams: dict[str, bytes | None] = {}

    def _read_fat(self, header: bytes, fat_count: int, first_difat: int) -> array[int]:
        """The sector allocation table: its sectors listed in the header and the DIFAT chain,
        each sector claimed once."""
        fat_ids = [i for i in struct.unpack_from("<109I", header, 0x4C) if i < MAX_REGULAR]
        seen: set[int] = set()
        sector = first_difat
        per_difat = self.sector // 4 - 1
        while sector < MAX_REGULAR and len(fat_ids) < fat_count:
            self._claim(sector, seen, "DIFAT")
            ids = struct.unpack(f"<{per_difat + 1}I", self._read_sector(sector))
            fat_ids += [i for i in ids[:per_difat] if i < MAX_REGULAR]
            sector = ids[per_difat]
        if len(fat_ids) > self.sectors + 1:
            raise Damaged("more FAT sectors than the file has")
        fat = array("I")
        for sector in fat_ids:
            self._claim(sector, seen, "FAT")
            fat.frombytes(self._read_sector(sector))
        if fat.itemsize != 4:  # pragma: no cover - array("I") is 4 bytes everywhere ktt runs
            raise Damaged("platform")
        if struct.pack("=I", 1) != struct.pack("<I", 1):  # pragma: no cover
            fat.byteswap()
        return fat

    def _read_directory(
        self, directory: bytes
    ) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
        """The root entry (first sector, size) and the root storage's own streams."""
        # The root storage's own streams: name → (first sector, size). An embedded
        # object's streams live in storages below it, and are not the workbook's.
        entries: dict[str, tuple[int, int]] = {}
        count = len(directory) // 128
        if count == 0 or directory[66] != 5:
            raise Damaged("no root entry")
        root = (
            struct.unpack_from("<I", directory, 116)[0],
            self._size(directory, 0),
        )
        listed: set[int] = set()
        todo = [struct.unpack_from("<I", directory, 76)[0]]
        while todo:
            n = todo.pop()
            if n >= count or n in listed:
                continue
            listed.add(n)
            at = n * 128
            left, right = struct.unpack_from("<II", directory, at + 68)
            todo += [left, right]
            length = struct.unpack_from("<H", directory, at + 64)[0]
            name = directory[at : at + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
            start, low, high = struct.unpack_from("<III", directory, at + 116)
            if directory[at + 66] == 2:
                entries.setdefault(name, (start, low if self.sector == 512 else low | high << 32))
        return root, entries

    def _size(self, directory: bytes, at: int) -> int:
        """A directory entry's stream size (version 3 files keep only its low half)."""
        low, high = struct.unpack_from("<II", directory, at + 120)
        return int(low) if self.sector == 512 else int(low | high << 32)

    def _claim(self, sector: int, seen: set[int], what: str) -> None:
        if sector >= self.sectors:
            raise Damaged(f"{what} sector {sector} outside the file")
        if sector in seen:
            raise Damaged(f"{what} sectors loop")
        seen.add(sector)

    def _read_sector(self, sector: int) -> bytes:
        self.fp.seek((sector + 1) * self.sector)
        data = self.fp.read(self.sector)
        if len(data) < self.sector:
            raise Damaged("file cut short")
        return data

    def chain(self, start: int) -> list[int]:
        """The sectors of the chain from ``start``, each once, all within the file."""
        sectors: list[int] = []
        seen: set[int] = set()
        sector = start
        while sector < MAX_REGULAR:
            self._claim(sector, seen, "stream")
            sectors.append(sector)
            if sector >= len(self.fat):
                raise Damaged("chain beyond the FAT")
            sector = self.fat[sector]
        if sector != END_OF_CHAIN and sectors:
            raise Damaged(f"chain ends with {sector:#x}")
        return sectors

    def stream_from(self, start: int, size: int | None = None) -> bytes:
        data = b"".join(self._read_sector(s) for s in self.chain(start))
        if size is not None:
            if size > len(data):
                raise Damaged("stream larger than its chain")
            data = data[:size]
        return data

    def stream(self, name: str) -> bytes | None:
        """The top-level stream named ``name`` (from the mini stream if it is small), or
        None; read once."""
        if name not in self._streams:
            self._streams[name] = self._read_stream(name)
        return self._streams[name]

    def _read_stream(self, name: str) -> bytes | None:
        entry = self.entries.get(name)
        if entry is None:
            return None
        start, size = entry
        if size >= self.cutoff:
            return self.stream_from(start, size)
        mini = self.stream_from(*self.root)
        minifat = array("I", self.stream_from(self.first_minifat))
        out, seen, sector = bytearray(), set(), start
        while sector < MAX_REGULAR and len(out) < size:
            if sector in seen or sector >= len(minifat) or (sector + 1) * 64 > len(mini):
                raise Damaged("mini stream chain")
            seen.add(sector)
            out += mini[sector * 64 : (sector + 1) * 64]
            sector = minifat[sector]
        if len(out) < size:
            raise Damaged("stream larger than its chain")
        return bytes(out[:size])


class SheetExtent:
    """How far one sheet's cells reach, and what its DIMENSIONS record declares (1-based
    last row and column; 0 when there is none)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = self.columns = 0
        self.declared_rows = self.declared_columns = 0


def sheet_extents(workbook: bytes) -> tuple[list[SheetExtent], bool]:
    """Each sheet's extent, from the BIFF records of a ``Workbook`` stream, and whether
    the workbook is encrypted (then the cells cannot be read, and are not). A sheet's record
    (or a sheet's name) that runs past the end of the stream raises :class:`Damaged`."""
    names: dict[int, str] = {}
    extents: list[SheetExtent] = []
    current: SheetExtent | None = None
    unpack = struct.unpack_from
    pos, end = 0, len(workbook) - 4
    first = True
    while pos <= end:
        kind, length = unpack("<HH", workbook, pos)
        body = pos + 4
        if body + length > len(workbook):
            if current is None and kind != BOUNDSHEET:
                break  # padding after the last sheet, say: calamine stops there too
            raise Damaged(f"record 0x{kind:04X} at {pos} runs {body + length - len(workbook)} "
                          "bytes past the end of the Workbook stream")  # fmt: skip
        if first:
            first = False
        elif kind == FILEPASS and current is None:
            return extents, True
        if kind in CELLS and current is not None and length >= 4:
            row, column = unpack("<HH", workbook, body)
            if row >= current.rows:
                current.rows = row + 1
            if column >= current.columns:
                current.columns = column + 1
        elif kind in RUNS and current is not None and length >= 6:
            row = unpack("<H", workbook, body)[0]
            last = unpack("<H", workbook, body + length - 2)[0]
            current.rows = max(current.rows, row + 1)
            current.columns = max(current.columns, last + 1)
        elif kind == BOF and pos in names:
            current = SheetExtent(names[pos])
            extents.append(current)
        elif kind == EOF:
            current = None
        elif kind == BOUNDSHEET and length >= 8:
            offset = unpack("<I", workbook, body)[0]
            names[offset] = _sheet_name(workbook[body + 6 : body + length])
        elif kind == DIMENSIONS and current is not None and length >= 14:
            _, last_row, _, last_column = unpack("<IIHH", workbook, body)
            current.declared_rows, current.declared_columns = last_row, last_column
        pos = body + length
    return extents, False


def _sheet_name(raw: bytes) -> str:
    """A BOUNDSHEET's name: a length, a flag (compressed Latin-1 or UTF-16), the text."""
    if len(raw) < 2:
        return ""
    length, wide = raw[0], raw[1] & 1
    text = raw[2 : 2 + length * (2 if wide else 1)]
    return text.decode("utf-16-le" if wide else "latin-1", "replace")
