"""How far a sheet reaches, found in its XML as it is inflated: its last row and column,
against the limits, for .xlsx (cell references) and .ods (rows and columns repeated)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .inflate import Budget
from .limits import Limits, Refused

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


class Extent:
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
    colon = piece.find(b":")  # at memory speed: a prefix's colon is rare in a sheet's cells
    if colon >= 0 and _PREFIXED.search(piece, colon):
        return True
    if _IRREGULAR[1].search(piece):  # rows are few: a quick regex
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
        self.extent = Extent(limits, sheet)
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


def xlsx_extent(
    pieces: Callable[[], Iterator[bytes]], budget: Budget, limits: Limits, sheet: str
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
        _walk_xlsx(pieces(), Extent(limits, sheet, from_first=True))


def _reference_extent(
    pieces: Callable[[], Iterator[bytes]], budget: Budget, limits: Limits, sheet: str
) -> None:
    """:func:`xlsx_extent`'s quick scan, over every reference."""
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
                    _walk_xlsx(pieces(), Extent(limits, sheet))
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


def _walk_xlsx(pieces: Iterator[bytes], extent: Extent) -> None:
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


def ods_extent(pieces: Iterator[bytes], limits: Limits) -> None:
    """How far each table of an OpenDocument spreadsheet reaches, and the text its
    repeated cells make.

    Rows and cells repeat (``number-rows-repeated``, ``number-columns-repeated``); only
    cells with a value or content count, as trailing empty repeats do not fill the grid.
    Each repeat is a copy of the cell's text, counted against ``max_uncompressed_mb``.
    """
    extent = Extent(limits, "", weight=ODS_CELL_WEIGHT)
    row = column = repeat = 0
    content = False
    text, opened, copies, offset = 0, -1, 0, 0
    for piece in pieces:
        for m in _ODS_TAG.finditer(piece):
            closing, tag, attrs, empty = m[1], m[2], m[3], m[4]
            if tag == b"table":
                if not closing:
                    name = _ODS_NAME.search(attrs)
                    extent = Extent(limits, name[1].decode("utf-8", "replace") if name else "",
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
