"""Reading a spreadsheet file into sheets of raw cells, with their positions.

python-calamine reads .xlsx, .xlsm, .xls and .ods. The reader never writes to
the input. :mod:`.guard` looks at the file first (what it really is, and whether
it fits the :class:`Limits`). A file that cannot be read at all raises
:class:`UnreadableFile`; everything else about the content is left to :mod:`.census`.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .guard import inspect
from .kinds import READABLE, SUFFIX_KINDS
from .limits import SUPPORTED_SUFFIXES, Limits, Refused
from .opc import sheet_parts
from .sandbox import ParserFailed, call, in_child

__all__ = [
    "SUPPORTED_SUFFIXES", "Limits", "Sheet", "Sheets", "UnreadableFile", "cell_address",
    "column_index", "column_letter", "read_workbook", "spreadsheets_in",
]  # fmt: skip


def spreadsheets_in(folder: Path) -> list[Path]:
    """Every spreadsheet under ``folder`` (recursive), sorted by path relative to it: the
    suffixes ktt reads, in any case. Names starting with ``~$`` (Excel's lock file, there
    while a workbook is open) or ``.``, and anything in a folder whose name starts with
    ``.``, are skipped."""
    found = [
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.startswith(("~$", "."))
        and not any(part.startswith(".") for part in p.relative_to(folder).parts[:-1])
        and p.is_file()
    ]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


class UnreadableFile(Exception):
    """The file is missing, is not a file, is refused (see :mod:`.guard`), or is not a
    spreadsheet calamine can read. ``reason`` is a key of the findings' phrases; ``params``
    fill its message (``detail`` is the reader's own words, for ``--debug``)."""

    def __init__(self, path: Path, reason: str, **params: str) -> None:
        super().__init__(f"{path}: {reason}" + "".join(f" {k}={v}" for k, v in params.items()))
        self.path = path
        self.reason = reason
        self.params = params

    def __reduce__(self) -> tuple[Any, ...]:  # raised in a child process, re-raised here
        return (_unreadable, (self.path, self.reason, self.params))


def _unreadable(path: Path, reason: str, params: dict[str, str]) -> UnreadableFile:
    return UnreadableFile(path, reason, **params)


@dataclass(frozen=True, eq=False)
class Sheet:
    """The used range of one sheet.

    ``rows[i][j]`` is the cell at 0-based sheet row ``top + i`` and column
    ``left + j``; empty cells are ``""``. A sheet equals only itself: two sheets with the
    same cells are still two sheets (an .ods may hold one table many times), and comparing
    them never walks their cells.
    """

    name: str
    visible: bool
    rows: list[list[Any]]
    top: int
    left: int
    #: 0-based (row, column) of cells holding a formula whose value was never saved.
    unsaved_formulas: frozenset[tuple[int, int]] = frozenset()
    #: Merged ranges as 0-based sheet (first row, first column, last row, last column).
    merged: tuple[tuple[int, int, int, int], ...] = ()
    #: 0-based (row, column) of error cells (#N/A, #DIV/0!, …), which ``rows`` holds as
    #: empty, and the error each shows.
    errors: Mapping[tuple[int, int], str] = field(default_factory=dict)

    def merged_value(self, i: int, j: int) -> Any:
        """The value shown at ``rows[i][j]``: a merged cell shows its range's top-left value.

        The ranges over a row are indexed the first time the row is asked for (sorted by
        first column), so a cell is found by bisection, not by a search of every range:
        a header row 3,000 columns wide under 3,000 merged ranges is 3,000 lookups."""
        r, c = self.top + i, self.left + j
        starts, ranges = self._merged_over(r)
        k = bisect_right(starts, c) - 1
        if k >= 0 and c <= ranges[k][3]:
            return self._top_left(ranges[k])
        return self.rows[i][j] if i < len(self.rows) and j < len(self.rows[i]) else ""

    def shown_row(self, i: int, width: int) -> list[Any]:
        """``[merged_value(i, j) for j in range(width)]``, made a merged range at a time: a
        range's cells are one slice, not a lookup each."""
        row = self.rows[i] if i < len(self.rows) else []
        shown = row[:width] + [""] * (width - len(row))
        starts, ranges = self._merged_over(self.top + i)
        for k, merged in enumerate(ranges):
            c0, c1 = merged[1], merged[3]
            # merged_value finds the range starting last at or before a column: this one's
            # columns end where the next range starts.
            end = min(c1, starts[k + 1] - 1) if k + 1 < len(starts) else c1
            lo, hi = max(c0 - self.left, 0), min(end - self.left + 1, width)
            if lo < hi:
                shown[lo:hi] = [self._top_left(merged)] * (hi - lo)
        return shown

    def _top_left(self, merged: tuple[int, int, int, int]) -> Any:
        """The value a merged range shows: its top-left cell's ("" outside the used range)."""
        i0, j0 = merged[0] - self.top, merged[1] - self.left
        if 0 <= i0 < len(self.rows) and 0 <= j0 < len(self.rows[i0]):
            return self.rows[i0][j0]
        return ""

    def _merged_over(self, r: int) -> tuple[list[int], list[tuple[int, int, int, int]]]:
        """The first columns, and the merged ranges, over sheet row ``r``, by first column
        (ranges that overlap, which no writer makes, keep the one listed first)."""
        index = self._merged_index
        if r not in index:
            over: dict[int, tuple[int, int, int, int]] = {}
            for m in self.merged:
                if m[0] <= r <= m[2]:
                    over.setdefault(m[1], m)
            ranges = sorted(over.values(), key=lambda m: m[1])
            index[r] = ([m[1] for m in ranges], ranges)
        return index[r]

    @cached_property
    def _merged_index(self) -> dict[int, tuple[list[int], list[tuple[int, int, int, int]]]]:
        return {}

    def is_unsaved_formula(self, i: int, j: int) -> bool:
        """Whether ``rows[i][j]`` is a formula with no saved value (read as empty)."""
        return (self.top + i, self.left + j) in self.unsaved_formulas

    def error_at(self, i: int, j: int) -> str | None:
        """The error ``rows[i][j]`` shows (such as ``#N/A``), if it is an error cell."""
        return self.errors.get((self.top + i, self.left + j))

    def address(self, i: int, j: int) -> str:
        """The A1 address of ``rows[i][j]`` as the user sees it, e.g. ``F12``."""
        return cell_address(self.top + i, self.left + j)

    def row_number(self, i: int) -> int:
        """The 1-based sheet row number of ``rows[i]``."""
        return self.top + i + 1


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(row: int, col: int) -> str:
    """The A1 address of the cell at 0-based ``row`` and ``col``."""
    return f"{column_letter(col)}{row + 1}"


class Sheets(list[Sheet]):
    """The sheets of a workbook, in order, and what the file really is (``kind``: "xlsx",
    "xls" or "ods", by its bytes; see :mod:`.kinds`)."""

    def __init__(self, sheets: Iterable[Sheet] = (), kind: str = "", suffix: str = "") -> None:
        super().__init__(sheets)
        self.kind = kind
        self.suffix = suffix

    @property
    def renamed(self) -> str | None:
        """The suffix the file should have, when its own names another kind of workbook."""
        if not self.kind or SUFFIX_KINDS.get(self.suffix) == self.kind:
            return None
        return READABLE[self.kind]


def read_workbook(path: Path, limits: Limits | None = None) -> Sheets:
    """Read every sheet of the workbook at ``path``, for what its bytes say it is (an .xlsx
    named .xls is read as an .xlsx: see :attr:`Sheets.renamed`); raise UnreadableFile if it
    cannot be read or does not fit ``limits`` (default: :class:`Limits`).

    A zip workbook (.xlsx, .xlsm, .ods), bounded by :mod:`.guard` beforehand, is parsed in
    this process; an .xls in a child process under ``limits.parser_memory_mb`` and
    ``limits.parser_seconds`` (see :mod:`.sandbox`). Either way a parser that panics, runs
    out of memory or time, or dies is an UnreadableFile, never ktt's end."""
    limits = limits or Limits()
    with_formulas: set[str] = set()
    try:
        kind = inspect(path, limits, with_formulas)
    except Refused as refused:
        raise UnreadableFile(path, refused.reason, **refused.params) from None
    except Exception as exc:  # a file broken in a way no check foresaw is still only unreadable
        raise UnreadableFile(path, "damaged", detail=f"{type(exc).__name__}: {exc}") from exc
    try:
        if kind == "xls":
            import python_calamine  # noqa: F401  (once here, not again in every child)

            sheets = in_child(
                _parse, path, limits, None, kind,
                memory_mb=limits.parser_memory_mb, seconds=limits.parser_seconds,
            )  # fmt: skip
        else:
            sheets = call(partial(_parse, path, limits, with_formulas, kind))
    except ParserFailed as failed:
        raise _parser_failed(path, failed, limits) from None
    return Sheets(sheets, kind, path.suffix.lower())


def _parse(path: Path, limits: Limits, with_formulas: set[str] | None, kind: str) -> list[Sheet]:
    """The sheets as calamine reads them (the file has passed :func:`.guard.inspect`)."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        workbook = _open(CalamineWorkbook, path, kind)
        unsaved, errors = _read_as_empty(path, with_formulas) if with_formulas else ({}, {})
        sheets = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            _within(path, meta.name, sheet, limits)
            top, left = sheet.start or (0, 0)
            sheets.append(
                Sheet(
                    name=meta.name,
                    visible=meta.visible == SheetVisibleEnum.Visible,
                    rows=_cells(sheet),
                    top=top,
                    left=left,
                    unsaved_formulas=unsaved.get(meta.name, frozenset()),
                    merged=_merged_ranges(sheet),
                    errors=errors.get(meta.name, {}),
                )
            )
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises several types for a broken or foreign file
        detail = f"{type(exc).__name__}: {exc}"
        lowered = detail.lower()
        reason = "encrypted" if "password" in lowered or "encrypt" in lowered else "damaged"
        if "cell limit" in lowered:
            reason = "limit-cells-reader"
        raise UnreadableFile(path, reason, detail=detail) from exc
    return sheets


def _open(reader: Any, path: Path, kind: str) -> Any:
    """calamine's workbook of ``path``: from the path when its suffix says what the file is,
    else from its bytes (calamine then tells the format from the content)."""
    if SUFFIX_KINDS.get(path.suffix.lower()) == kind:
        return reader.from_path(str(path))
    with path.open("rb") as fp:
        return reader.from_filelike(fp)


def _parser_failed(path: Path, failed: ParserFailed, limits: Limits) -> UnreadableFile:
    """How a parser that did not return is said to the user."""
    if failed.kind == "memory":
        return UnreadableFile(
            path, "parser-memory", limit=str(limits.parser_memory_mb), detail=failed.detail
        )
    if failed.kind == "time":
        return UnreadableFile(
            path, "parser-time", limit=str(limits.parser_seconds), detail=failed.detail
        )
    return UnreadableFile(path, "parser-crash", detail=f"{failed.kind}: {failed.detail}")


#: From how many cells a sheet's repeated texts are shared as they are read.
SHARE_TEXTS_FROM = 250_000
#: A large sheet learns its texts from one row in this many (see :func:`_cells`).
LEARN_EVERY = 16


def _cells(sheet: Any) -> list[list[Any]]:
    """The cells of a calamine sheet as Python lists, row by row.

    calamine makes a new string of every text cell: a national census repeats a few
    hundred category, area and yes/no texts down millions of cells, and at a million rows
    those copies take 700 MB. A large sheet's texts are learned from one row in
    :data:`LEARN_EVERY` (every text of it, checked cell by cell), and every other row is
    looked up in what was learned in one pass at C speed (``dict.get``): a text seen
    before becomes that first copy; anything else, a rare text or a number, a date or
    TRUE, is no text's equal and stays as it was read, so TRUE, 1 and 1.0 stay apart.
    A text repeated down the sheet is learned within its first few dozen rows."""
    if sheet.height * sheet.width < SHARE_TEXTS_FROM:
        rows: list[list[Any]] = sheet.to_python()
        return rows
    shared: dict[str, str] = {}
    learn, known = shared.setdefault, shared.get
    cells: list[list[Any]] = []
    read = sheet.iter_rows()
    while chunk := list(islice(read, LEARN_EVERY)):
        cells.append([learn(x, x) if type(x) is str else x for x in chunk[0]])
        cells += [list(map(known, row, row)) for row in chunk[1:]]
    return cells


def _within(path: Path, name: str, sheet: Any, limits: Limits) -> None:
    """The grid calamine read fits the limits, before Python objects are made of it (for
    formats :mod:`.guard` cannot measure beforehand, such as .xls)."""
    rows, columns = sheet.height, sheet.width
    last_row, last_column = (sheet.end or (0, 0)) if rows and columns else (-1, -1)
    problem = None
    if last_row + 1 > limits.max_rows:
        problem = ("limit-rows", {"actual": str(last_row + 1), "limit": str(limits.max_rows)})
    elif last_column + 1 > limits.max_columns:
        actual = f"{column_letter(last_column)} ({last_column + 1})"
        problem = ("limit-columns", {"actual": actual, "limit": str(limits.max_columns)})
    elif rows * columns > limits.max_cells:
        cells = {"rows": str(rows), "columns": str(columns), "actual": str(rows * columns)}
        problem = ("limit-cells", {**cells, "limit": str(limits.max_cells)})
    if problem is not None:
        raise UnreadableFile(path, problem[0], part=name, **problem[1])


def _merged_ranges(sheet: Any) -> tuple[tuple[int, int, int, int], ...]:
    """Merged ranges of a calamine sheet, where the format gives them (else none)."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # not every format or version of calamine knows merged cells
        return ()
    return tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges)


_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _read_as_empty(
    path: Path, parts: set[str] | None = None
) -> tuple[dict[str, frozenset[tuple[int, int]]], dict[str, dict[tuple[int, int], str]]]:
    """The cells of an .xlsx/.xlsm that calamine reads as empty though they are not, by
    sheet name: those holding a formula but no saved value, and error cells (#N/A, with the
    error each shows). Either would hide a missing figure.

    Only sheets whose XML contains a formula or an error cell at all are parsed: those in
    ``parts`` (as :func:`.guard.inspect` found them), else those with a formula tag or an
    error type. Other formats: none.
    """
    unsaved: dict[str, frozenset[tuple[int, int]]] = {}
    errors: dict[str, dict[tuple[int, int], str]] = {}
    if not zipfile.is_zipfile(path):  # by its bytes: an .xlsx may be named .ods or .xls
        return unsaved, errors
    with zipfile.ZipFile(path) as archive:
        for name, member in sheet_parts(archive).items():
            if parts is not None and member not in parts:
                continue
            data = archive.read(member)
            if b"<f" not in data and b":f" not in data and b't="e"' not in data:
                continue
            cells, shown = _formulas_and_errors(data)
            if cells:
                unsaved[name] = frozenset(cells)
            if shown:
                errors[name] = shown
    return unsaved, errors


def _formulas_and_errors(data: bytes) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
    """The cells of one sheet's XML holding a formula without a saved value, and its error
    cells with the error each shows."""
    cells: set[tuple[int, int]] = set()
    shown: dict[tuple[int, int], str] = {}
    for _, elem in ElementTree.iterparse(io.BytesIO(data)):
        if elem.tag.rpartition("}")[2] != "c":  # any namespace: Strict is not ECMA's
            continue
        value = elem.find("{*}v")
        ref = _CELL_REF.match(elem.get("r", ""))
        if ref:
            at = (int(ref[2]) - 1, column_index(ref[1]))
            if elem.get("t") == "e" and value is not None and value.text:
                shown[at] = value.text.strip()
            elif (
                elem.find("{*}f") is not None
                and elem.find("{*}is") is None
                and (value is None or value.text is None)
            ):
                cells.add(at)
        elem.clear()
    return cells, shown


def column_index(letters: str) -> int:
    """0-based index of spreadsheet column letters: A → 0, AA → 26."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1
