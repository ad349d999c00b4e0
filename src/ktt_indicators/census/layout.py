"""Where things are in a census sheet: the header, its columns, and which rows are organizations.

Real submissions are official forms: a title block above the header, a header
split over two rows with group labels merged across sub-columns, a rating given
as tick columns, a row of column numbers, section headings, sub-totals and a
signature block. This module finds the header by its content and classifies
rows; :mod:`.census` parses the cells it points at.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import groupby, repeat, zip_longest
from typing import Any

from ..core.text import fold, fold_header, fold_many, unfolded_word, unusual_characters
from ..read import values as v
from ..read.workbook import Sheet
from .schema import COLUMNS, COLUMNS_BY_KEY, INFO_FIELDS, LegalForm, parse_legal_form

HEADER_SCAN_ROWS = 30
INFO_SCAN_ROWS = 40
MIN_HEADER_MATCHES = 3
INFO_SHEET_NAMES = {fold("Thông tin chung"), fold("Thông tin"), "info", "information"}

HEADER_INDEX: dict[str, str] = {}
for _col in COLUMNS:
    for _name in (_col.header, _col.key, _col.english, *_col.aliases):
        HEADER_INDEX.setdefault(fold_header(_name), _col.key)
INFO_INDEX: dict[str, str] = {}
for _info in INFO_FIELDS:
    for _name in (_info.label, _info.key, _info.english, *_info.aliases):
        INFO_INDEX.setdefault(fold_header(_name), _info.key)

#: Sub-column labels that only repeat their group's label: "Số thành viên" over "Tổng số".
_GENERIC_SUB = {"tong so", "tong", "so luong", "cong", "tong cong"}


@dataclass(frozen=True)
class HeaderCell:
    """One header cell: where it is (row index ``i`` in the sheet's rows, column ``j``) and
    its text as the user sees it."""

    i: int
    j: int
    shown: str


@dataclass(frozen=True)
class Tick:
    """One tick column of a category given as a group ("Xếp loại" over "Tốt | Khá | …")."""

    cell: HeaderCell
    value: Any


@dataclass
class Header:
    """The header of a list sheet: one row, or two with group labels above sub-columns."""

    first: int
    last: int
    columns: dict[str, HeaderCell] = field(default_factory=dict)
    ticks: dict[str, list[Tick]] = field(default_factory=dict)
    unknown: list[HeaderCell] = field(default_factory=list)
    duplicates: list[tuple[HeaderCell, HeaderCell]] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return set(self.columns) | set(self.ticks)


@functools.lru_cache(maxsize=4096)
def _header_key(text: str) -> str | None:
    """The column a header text names (cached: every candidate row of the first 30 is tried
    alone and in pairs, so the same texts come back)."""
    return HEADER_INDEX.get(fold_header(text))


def _tick_value(group: str, sub: str) -> tuple[str, Any] | None:
    """(key, value) when ``sub`` is a value of the category column named by ``group``."""
    key = _header_key(group)
    if key is None or COLUMNS_BY_KEY[key].kind != "choice":
        return None
    try:
        value = COLUMNS_BY_KEY[key].parse(sub)
    except v.CellError:
        return None
    return (key, value) if value is not None else None


#: Cells that cannot name a column: their text has digits and no header's has (a test
#: keeps it so).
_NUMERIC = (int, float, datetime.date, datetime.time, datetime.timedelta)


def _distinct(row: list[Any]) -> list[tuple[Any, int]]:
    """Each distinct cell of ``row`` and how many times it is there: a cell repeated across
    (an .ods cell repeated 1,024 times) is looked at once, and the counting runs at C speed.
    1, 1.0 and TRUE are equal in Python, so cells are told apart by type too unless all are
    texts."""
    if set(map(type, row)) <= {str}:
        return list(Counter(row).items())
    typed = Counter(zip(map(type, row), row, strict=True))
    return [(c, n) for (_, c), n in typed.items()]


def _could_name(cells: list[tuple[Any, int]]) -> int:
    """How many cells (of :func:`_distinct`) could name a column: texts that are not
    blank, and TRUE or FALSE (numbers and dates cannot: see :data:`_NUMERIC`)."""
    return sum(n for c, n in cells if (type(c) is str and c and not c.isspace()) or type(c) is bool)


def _text(cell: Any) -> str:
    return "" if v.is_empty(cell) else " ".join(str(cell).split())


#: What :func:`_column` gives for a column that is no tick.
_NO_TICK = object()


def _column(top: Any, sub: Any, group: str) -> tuple[str, str, bool, str | None, Any]:
    """What one column of a header names, from its top cell as shown (a merged label shows
    over each of its columns), its sub-column cell ("" for a header of one row) and the
    group label to its left: (the group label from this column on, the header cell's text,
    whether that cell is the sub-column's, the key it names or None, and its tick value or
    :data:`_NO_TICK`). The text is "" for a blank column."""
    top_text, sub_text = _text(top), _text(sub)
    group = top_text or group
    if not sub_text:
        key = _named_key(top, [top_text]) if top_text else None
        return group, top_text, False, key, _NO_TICK
    tick = _tick_value(group, sub_text) if group else None
    if tick is not None:
        return group, sub_text, True, tick[0], tick[1]
    generic = [group] if fold(sub_text) in _GENERIC_SUB else []
    key = _named_key(sub, [sub_text, f"{group} {sub_text}", *generic])
    return group, sub_text, True, key, _NO_TICK


def _named_key(raw: Any, candidates: list[str]) -> str | None:
    """The key the first of ``candidates`` to name a column names. A number or date has
    digits, and no header has any: a wide row of data names no column (16,384 cells of it
    would each be folded, and miss the cache)."""
    if isinstance(raw, _NUMERIC) and not isinstance(raw, bool):
        return None
    return next((k for c in candidates if (k := _header_key(c))), None)


def _header_rows(sheet: Sheet, r: int, two_rows: bool) -> tuple[list[Any], list[Any]]:
    """The top cells as shown and the sub-column cells of a header at row ``r`` (padded with
    "" to the wider row; the sub-column cells all "" for a header of one row)."""
    last = r + 1 if two_rows else r
    width = max((len(sheet.rows[k]) for k in range(r, last + 1)), default=0)
    if not two_rows:
        return sheet.rows[r], [""] * width
    sub = sheet.rows[r + 1]
    return sheet.shown_row(r, width), sub + [""] * (width - len(sub))


def header_at(sheet: Sheet, r: int, two_rows: bool) -> Header:
    """Read row ``r`` (and ``r + 1`` when ``two_rows``) as the header of a list sheet."""
    header = Header(first=r, last=r + 1 if two_rows else r)
    group = ""  # the last group label to the left: it spans sub-columns whose top is empty
    for j, (top, sub) in enumerate(zip(*_header_rows(sheet, r, two_rows), strict=True)):
        group, text, below, key, tick = _column(top, sub, group)
        if not text:
            continue
        cell = HeaderCell(r + below, j, text)
        if tick is not _NO_TICK:
            header.ticks.setdefault(key or "", []).append(Tick(cell, tick))
        elif key is None:
            header.unknown.append(cell)
        elif key in header.columns or key in header.ticks:
            first = header.columns.get(key) or header.ticks[key][0].cell
            header.duplicates.append((cell, first))
        else:
            header.columns[key] = cell
    return header


def _header_keys(sheet: Sheet, r: int, two_rows: bool) -> tuple[int, bool]:
    """How many keys :func:`header_at` finds at row ``r``, and whether each sub-column cell
    names one (a column or a tick). Equal columns side by side name the same key with the
    same group label, so a run of them (a cell repeated across) is looked at once: the work
    grows with the cells a file spells out, not with the width they are repeated to."""
    keys: set[str] = set()
    clean, group = True, ""
    tops, subs = _header_rows(sheet, r, two_rows)
    texts = {*map(type, tops), *map(type, subs)} <= {str}  # else told apart by type too
    columns: Iterable[tuple[Any, ...]] = (
        zip(tops, subs, strict=True) if texts
        else zip(map(type, tops), tops, map(type, subs), subs, strict=True)
    )  # fmt: skip
    for column, _run in groupby(columns):
        top, sub = column if texts else column[1::2]
        group, text, below, key, _tick = _column(top, sub, group)
        if key is not None:
            keys.add(key)
        elif text and below:
            clean = False
    return len(keys), clean


def find_header(sheet: Sheet) -> Header | None:
    """The header of ``sheet``, found by content among the first 30 rows.

    Candidates are each row alone and each pair of rows (group labels above
    sub-columns). The winner matches the most census columns (at least three);
    on a tie, a pair whose second row is fully understood (sub-column labels or
    ticks, not data) beats a single row, and a pair whose top row is itself a
    header beats one whose top row is a title line. Each candidate is scored on its
    runs of equal columns (:func:`_header_keys`); only the winner is read cell by cell.
    """
    best: tuple[tuple[int, bool, int], int, bool] | None = None
    scanned = min(HEADER_SCAN_ROWS, len(sheet.rows))
    cells = [_distinct(row) for row in sheet.rows[: scanned + 1]]
    # At most how many columns each row could name: its texts (numbers and dates name none),
    # and one for each merged range over it (in a pair, a merged label spans sub-columns).
    # A row or pair that cannot reach MIN_HEADER_MATCHES is not read as a header at all.
    names = [_could_name(row) for row in cells]
    merges = [
        sum(r0 <= sheet.top + r <= r1 for r0, _, r1, _ in sheet.merged) for r in range(scanned)
    ]
    for r in range(scanned):
        paired = (
            r + 1 < len(sheet.rows) and names[r] + merges[r] + names[r + 1] >= MIN_HEADER_MATCHES
        )
        if names[r] < MIN_HEADER_MATCHES and not paired:
            continue
        single = _header_keys(sheet, r, False)[0]
        options = [(single, False, False)]
        if paired and not _column_numbers(cells[r + 1]):
            keys, clean = _header_keys(sheet, r, True)
            filled = any(not v.is_empty(c) for c, _ in cells[r + 1])
            options.append((keys, clean and filled, True))
        for keys, clean, two_rows in options:
            score = (keys, clean, single)
            if keys >= MIN_HEADER_MATCHES and (best is None or score > best[0]):
                best = (score, r, two_rows)
    return header_at(sheet, best[1], best[2]) if best else None


_FORM_SHEET_PREFIX = re.compile(r"^(danh sach|ds|bieu|mau)\s+")


def sheet_form(name: str) -> LegalForm | None:
    """The legal form a sheet's name implies: "HTX", "Tổ hợp tác", "Danh sách LHHTX"…; also
    a name typed in TCVN3 or VNI («Tæ hîp t¸c»), as a tab of a legacy-encoded file is."""
    form = _named_form(name)
    if form is None and not name.isascii():
        legacy = v.legacy_reading(name, _named_form)
        form = legacy[1] if legacy is not None else None
    return form


def _named_form(name: str) -> LegalForm | None:
    text = _FORM_SHEET_PREFIX.sub("", fold(name))
    try:
        return parse_legal_form(text)
    except v.CellError:
        return None


def find_list_sheets(sheets: Sequence[Sheet]) -> list[tuple[Sheet, Header]]:
    """Every visible sheet with a census header, in workbook order."""
    found = []
    for sheet in sheets:
        if sheet.visible and (header := find_header(sheet)) is not None:
            found.append((sheet, header))
    return found


def find_info_sheet(sheets: Sequence[Sheet], exclude: Sequence[Sheet]) -> Sheet | None:
    """The sheet named like «Thông tin chung», else the one whose labels match the most fields."""
    candidates = visible_but(sheets, exclude)
    for sheet in candidates:
        if fold(sheet.name) in INFO_SHEET_NAMES:
            return sheet
    best: tuple[int, Sheet] | None = None
    for sheet in candidates:
        score = info_labels(sheet)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, sheet)
    return best[1] if best else None


def visible_but(sheets: Sequence[Sheet], exclude: Sequence[Sheet]) -> list[Sheet]:
    """The visible sheets that are not one of ``exclude`` (by identity, in one pass: a
    workbook may hold thousands of list sheets)."""
    excluded = {id(s) for s in exclude}
    return [s for s in sheets if s.visible and id(s) not in excluded]


def label_cells(sheet: Sheet) -> list[str]:
    """The texts where an information sheet's labels are looked for."""
    return [c for row in sheet.rows[:INFO_SCAN_ROWS] for c in row[:3] if isinstance(c, str)]


def info_labels(sheet: Sheet) -> int:
    """How many information fields the labels of ``sheet`` name (in its first 40 rows,
    columns A to C)."""
    labels = {INFO_INDEX.get(fold_header(c.rstrip(": "))) for c in label_cells(sheet)}
    return len(labels - {None})


def is_empty_sheet(sheet: Sheet) -> bool:
    return not any(not v.is_empty(c) for row in sheet.rows for c in row)


class RowKind(StrEnum):
    """What a row below the header is."""

    ORGANIZATION = "organization"
    BLANK = "blank"
    COLUMN_NUMBERS = "column-numbers"
    SECTION = "section"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    SIGNATURE = "signature"


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_SUBTOTALS = {"cong", "cong:"}
_TOTALS = {"tong cong", "tong so", "tong", "cong toan tinh", "cong toan thanh pho", "toan tinh"}
_SIGNATURE = (
    "nguoi lap bieu", "thu truong don vi", "ky ghi ro ho ten", "ky ten dong dau",
    "ke toan truong", "nguoi lap", "xac nhan cua", "chu tich", "giam doc so",
)  # fmt: skip
_PLACE_AND_DATE = re.compile(r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\b")
_SECTION_LABEL = re.compile(r"^([IVXLC]+|[A-Z]|\d{1,2})(\s*[.)]\s*.*)?$")
_CONTENT_KEYS = ("loai_hinh", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien", "ma_so")


def row_kind(row: list[Any], header: Header) -> RowKind:
    """Classify one row under the header of an official form."""
    cells = [c for c in row if not v.is_empty(c)]
    if not cells:
        return RowKind.BLANK
    if _is_column_numbers(row):
        return RowKind.COLUMN_NUMBERS

    def cell(key: str) -> Any:
        at = header.columns.get(key)
        return row[at.j] if at is not None and at.j < len(row) else None

    texts = [fold(str(c)).strip("() ") for c in cells if isinstance(c, str)]
    labels = {fold(str(cell("ten") or "")), texts[0] if texts else ""}
    if labels & _TOTALS:
        return RowKind.TOTAL
    if labels & _SUBTOTALS:
        return RowKind.SUBTOTAL
    if any(t.startswith(_SIGNATURE) or _PLACE_AND_DATE.search(t) for t in texts):
        return RowKind.SIGNATURE
    if any(not v.is_empty(cell(key)) for key in _CONTENT_KEYS):
        return RowKind.ORGANIZATION
    heading = [str(c).strip() for c in (cell("stt"), cell("ten")) if not v.is_empty(c)]
    if heading and all(
        _SECTION_LABEL.match(h) or (h.upper() == h and any(ch.isalpha() for ch in h))
        for h in heading
    ):
        return RowKind.SECTION
    return RowKind.ORGANIZATION


@dataclass
class Columns:
    """The rows below a header, as columns, with each column's distinct cells: what both
    row classification and column-by-column parsing look at."""

    cells: list[Sequence[Any]]
    distinct: list[set[Any]]

    @classmethod
    def of(cls, rows: list[list[Any]]) -> Columns:
        cells = transpose(rows)
        return cls(cells, [set(column) for column in cells])


def transpose(rows: list[list[Any]]) -> list[Sequence[Any]]:
    """The columns of ``rows``, short rows padded with "". Walks the cells in the order they
    lie in memory, which is several times faster than gathering one column at a time."""
    if not rows:
        return []
    if len(set(map(len, rows))) == 1:
        return list(zip(*rows, strict=True))
    return list(zip_longest(*rows, fillvalue=""))


def classify_rows(
    sheet: Sheet, header: Header, columns: Columns | None = None
) -> list[tuple[int, RowKind]]:
    """The kind of every row below the header but blank ones. The signature block ("Người lập
    biểu", "…, ngày 15 tháng 12 năm 2025", the signers' names) ends the list: every row from
    its first line on belongs to it.

    Plain organization rows (a text in the first filled content column, no text that folds
    to a totals label or starts a signature) are found column by column, from the distinct
    cells of each column; only the other rows are looked at one by one. ``columns`` are the
    rows below the header as :class:`Columns` (made here if not given).
    """
    start = header.last + 1
    below = sheet.rows[start:]
    cols = columns if columns is not None else Columns.of(below)
    plain = _plain_organizations(cols, header, len(below))
    if plain.find(0) < 0:  # every row is an organization's
        return list(zip(range(start, len(sheet.rows)), repeat(RowKind.ORGANIZATION)))
    kinds = []
    signed = False
    for p, row in enumerate(below):
        if plain[p] and not signed:
            kinds.append((start + p, RowKind.ORGANIZATION))
            continue
        if row.count("") == len(row):  # blank, told at C speed: a sheet may reach far
            continue
        kind = row_kind(row, header)
        if kind != RowKind.BLANK:
            signed = signed or kind == RowKind.SIGNATURE
            kinds.append((start + p, RowKind.SIGNATURE if signed else kind))
    return kinds


def _plain_organizations(cols: Columns, header: Header, n: int) -> bytearray:
    """1 for each row :func:`row_kind` would surely call an organization: its first
    non-empty content cell is a text that is not a column number, and none of its texts is
    special (:func:`_special_texts`)."""
    plain = bytearray(n)
    undecided: Sequence[int] = range(n)
    for key in _CONTENT_KEYS:
        cell = header.columns.get(key)
        if cell is None or cell.j >= len(cols.cells) or not undecided:
            continue
        column, distinct = cols.cells[cell.j], cols.distinct[cell.j]
        good = {x for x in distinct if isinstance(x, str) and _content_text(x)}
        empty = {x for x in distinct if v.is_empty(x)}
        if isinstance(undecided, range) and distinct <= good:
            plain = bytearray(b"\x01" * n)
            undecided = []
            break
        for p in undecided:
            if column[p] in good:
                plain[p] = 1
        undecided = [p for p in undecided if column[p] in empty]
    special = _special_texts(cols.distinct)
    if special:
        for column, distinct in zip(cols.cells, cols.distinct, strict=True):
            if not special.isdisjoint(distinct):
                for p, x in enumerate(column):
                    if x in special:
                        plain[p] = 0
    return plain


def _content_text(text: str) -> bool:
    """A content cell's text that makes a row an organization's: not blank, and not a
    column number such as "(5)"."""
    stripped = text.strip()
    return bool(stripped) and not _COLUMN_NUMBER.match(stripped)


#: From how many distinct texts a sheet's texts are screened before they are folded: the
#: screens cost 20 ms to build, which folding a small sheet's texts does not.
SCREEN_FROM = 5000


@functools.cache
def _raw_screens() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Tests on raw text, before any folding, that every special text passes (and few
    others do): its first word folds to the first word of a totals label or a signature
    line; or it holds a "ngày … tháng … năm …" date; or it has a character the first two
    tests cannot follow (see :func:`.text.unfolded_word`)."""
    words = sorted({fold(p).split()[0] for p in (*_TOTALS, *_SUBTOTALS, *_SIGNATURE)})
    sep, marks = r"[\s_\-./:;,]", "[\u0300-\u036f]*"
    first = re.compile(
        rf"[\s_\-./:;,()\u0300-\u036f]*(?:{'|'.join(map(unfolded_word, words))})"
        rf"(?:[\s_\-./:;,()]|\Z)"
    )
    gap, digit = f"(?:{sep}{marks})+", rf"\d{marks}"
    dated = re.compile(
        f"{unfolded_word('ngay')}{gap}(?:{digit}){{1,2}}{gap}{unfolded_word('thang')}{gap}"
        f"(?:{digit}){{1,2}}{gap}{unfolded_word('nam')}{gap}(?:{digit}){{4}}"
    )
    return first, dated, unusual_characters()


def _special_texts(distinct: list[set[Any]]) -> frozenset[str]:
    """The texts that could make a row other than an organization: those that fold to a
    totals label or start a signature line. Only the texts that pass the raw screens
    (:func:`_raw_screens`, at C speed) are folded; each test then runs first on all the
    folded texts joined, where a miss rules out every text at C speed."""
    texts = [c for c in set().union(*distinct) if isinstance(c, str)]
    if len(texts) >= SCREEN_FROM:
        starts, dates, unusual = _raw_screens()
        screened = set(filter(starts.match, texts))
        joined = "\x00".join(texts)  # neither search crosses a NUL: one call rules out all
        for screen in (dates, unusual):
            if screen.search(joined):
                screened.update(filter(screen.search, texts))
        texts = list(screened)
    folded = fold_many(texts)
    joined = "\x00".join(folded)
    labels = _TOTALS | _SUBTOTALS
    candidates = []
    if not labels.isdisjoint(folded):
        candidates += [k for k, f in enumerate(folded) if f in labels]
    if "(" in joined or ")" in joined:  # "(Tổng cộng)" is a label too, once its brackets go
        candidates += [k for k, f in enumerate(folded) if f[:1] in "()" or f[-1:] in "()"]
    dated = "ngay" in joined and _PLACE_AND_DATE.search(joined)
    if dated or any(phrase in joined for phrase in _SIGNATURE):
        candidates += [
            k for k, f in enumerate(folded)
            if any(phrase in f for phrase in _SIGNATURE) or _PLACE_AND_DATE.search(f)
        ]  # fmt: skip
    special = set()
    for k in candidates:
        bare = folded[k].strip("() ")
        if (
            folded[k] in labels
            or bare in labels
            or bare.startswith(_SIGNATURE)
            or _PLACE_AND_DATE.search(bare)
        ):
            special.add(texts[k])
    return frozenset(special)


def _is_column_numbers(row: list[Any]) -> bool:
    """The row of column numbers under an official form's header: (1), (2), … or 1, 2, …"""
    return _column_numbers(_distinct(row))


def _column_numbers(cells: list[tuple[Any, int]]) -> bool:
    """:func:`_is_column_numbers` of a row's cells as :func:`_distinct` counts them."""
    filled = [(c, n) for c, n in cells if not v.is_empty(c)]
    return sum(n for _, n in filled) >= 3 and all(
        _COLUMN_NUMBER.match(_text(_plain(c))) for c, _ in filled
    )


def _plain(cell: Any) -> Any:
    return int(cell) if isinstance(cell, float) and cell.is_integer() else cell
