"""The records of administrative units (a province, a unit, a succession) and the CSV files they
are read from: rows in NFC, and the line that is wrong.

The list in force (:mod:`.units`) and the crosswalk (:mod:`.crosswalk`) are both such files;
reading them is the only I/O.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .unit_names import without_kind

Level = Literal["district", "commune"]

#: A combining mark: a line holding one is composed (NFC). Normalizing the whole file would
#: cost more than reading it.
_MARK = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


class UnitListError(Exception):
    """A list of units (or a crosswalk) cannot be read. ``line`` is the file's line (1 is the
    header), None for the file as a whole; ``reason`` says why, in English (for --debug and
    the phrase book's key); ``value`` is what the line holds there."""

    def __init__(self, path: Path, line: int | None, reason: str, value: str = "") -> None:
        where = f"{path}" if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {reason}" + (f": {value!r}" if value else ""))
        self.path, self.line, self.reason, self.value = path, line, reason, value


@dataclass(frozen=True, slots=True)
class Province:
    """A province in force: «92», «Thành phố Cần Thơ», «thành phố»."""

    code: str
    name: str
    kind: str

    @property
    def short_name(self) -> str:
        """The name without its kind: «Cần Thơ»."""
        return without_kind(self.name, self.kind)


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """A commune-level unit, in force or before the reform, or a district before it.

    ``code`` is the statistics office's five digits ("" for an old district: the crosswalk
    has no district codes); ``kind`` is «xã», «phường», «đặc khu», «thị trấn» (before the
    reform) or, for a district, «quận», «huyện», «thị xã», «thành phố». ``province_code``
    and ``province_name`` are the province in force, for an old unit too (the one it lies
    in now). An old unit also has ``old_province`` (its province then) and, for a commune,
    ``district`` (its district then).
    """

    code: str
    name: str
    kind: str
    province_code: str
    province_name: str
    level: Level = "commune"
    district: str = ""
    old_province: str = ""

    @property
    def current(self) -> bool:
        """In force since 1 July 2025 (the list's), not a unit before the reform."""
        return not self.old_province

    @property
    def short_name(self) -> str:
        """The name without its kind: «Cái Khế», «12»."""
        return without_kind(self.name, self.kind)


@dataclass(frozen=True, slots=True)
class Succession:
    """Where a unit before the reform went: ``new`` is its main successor; ``divided`` when
    the crosswalk names it with several new units (``also``: the others)."""

    old: AdminUnit
    new: AdminUnit
    also: tuple[AdminUnit, ...] = ()

    @property
    def divided(self) -> bool:
        return bool(self.also)


def _nfc(text: str) -> str:
    """``text`` in NFC, composing only the lines that hold a combining mark."""
    pieces, end = [], 0
    for mark in _MARK.finditer(text):
        if mark.start() < end:
            continue  # on a line already composed
        start = text.rfind("\n", 0, mark.start()) + 1
        stop = text.find("\n", mark.start())
        stop = len(text) if stop < 0 else stop
        pieces += [text[end:start], unicodedata.normalize("NFC", text[start:stop])]
        end = stop
    return "".join([*pieces, text[end:]]) if pieces else text


def _text(path: Path) -> str:
    """The file's text in NFC, or :class:`UnitListError` naming the line that is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnitListError(path, None, str(exc.strerror or exc)) from None
    try:
        return _nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnitListError(path, line, "not UTF-8 text") from None


def csv_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV file with ``columns`` (in any order, others ignored), as
    (line, values in the order of ``columns``); empty rows are skipped."""
    reader = csv.reader(io.StringIO(_text(path), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in columns if c not in header]
        if missing:
            raise UnitListError(path, 1, "missing columns", ", ".join(missing))
        where = [header.index(c) for c in columns]
        width = max(where) + 1
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < width:
                raise UnitListError(path, reader.line_num, "too few columns", ",".join(row))
            yield reader.line_num, [row[i].strip() for i in where]
    except csv.Error as exc:
        raise UnitListError(path, reader.line_num, f"not CSV ({exc})") from None
