"""A whole column parsed once per distinct value, with the parsers of :mod:`.values`.

A census column holds the same few values again and again (a category, a commune, a yes):
each distinct cell is parsed once, the commonest kinds (numbers in number columns, text in
text and code columns) in bulk, and the result is exactly the parser applied cell by cell.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate, compress, repeat
from operator import is_
from typing import Any

from .values import (
    CellError,
    parse_amount,
    parse_code,
    parse_count,
    parse_signed_amount,
    parse_text,
)


def parse_column(
    parse: Callable[[Any], Any], column: Sequence[Any], distinct: set[Any] | None = None
) -> tuple[list[Any], list[int]]:
    """Parse a whole column with ``parse``: each distinct cell once, and the commonest cells
    (numbers in number columns, text in text and code columns) in bulk.

    Returns the values (None where a cell has an error) and the positions of the cells with
    errors, whose findings the caller builds by parsing those cells again on their own.
    The result is exactly ``parse`` applied cell by cell. ``distinct`` is ``set(column)``,
    if the caller has it already.
    """
    parsed = ParsedColumn(parse, column, distinct)
    return parsed.values, parsed.bad


class ParsedColumn:
    """A column parsed as :func:`parse_column` does, its values made only when asked for:
    :meth:`where` finds cells by their parsed value from the distinct cells alone, so a
    column that no rule looks at row by row never costs a pass over its cells."""

    def __init__(
        self, parse: Callable[[Any], Any], column: Sequence[Any], distinct: set[Any] | None
    ) -> None:
        # True, 1 and 1.0 are equal keys of a dict: TRUE/FALSE cells among number cells are
        # parsed on their own, so that a TRUE cell and a 1 cell each get their own result.
        distinct = set(column) if distinct is None else set(distinct)
        kinds = set(map(type, distinct))
        if True in distinct or False in distinct:
            kinds = set(map(type, column))  # a set keeps one of True and 1.0: see every cell
        mixed = bool in kinds and bool(kinds & {int, float}) and not _same_for_equal_keys(parse)
        if mixed:
            distinct = {x for x in column if type(x) is not bool}
        results: dict[Any, Any] = {}
        errors: set[Any] = set()
        bulk = _BULK.get(parse)
        if bulk is not None:
            results = bulk(distinct)
            distinct -= results.keys()
        for cell in distinct:
            try:
                results[cell] = parse(cell)
            except CellError:
                results[cell] = None
                errors.add(cell)
        self.column, self.results = column, results
        self._values: list[Any] | None = None
        if not mixed:
            self.bad = _positions(column, errors)
            return
        flags: dict[bool, Any] = {}
        for flag in (True, False):
            try:
                flags[flag] = parse(flag)
            except CellError:
                flags[flag] = _ERROR
        values = [flags[x] if type(x) is bool else results[x] for x in column]
        self.bad = [
            p for p, x in enumerate(column)
            if (flags[x] is _ERROR if type(x) is bool else x in errors)
        ]  # fmt: skip
        self._values = [None if x is _ERROR else x for x in values]

    @property
    def values(self) -> list[Any]:
        """The parsed value of every cell (None where a cell has an error)."""
        if self._values is None:
            self._values = list(map(self.results.__getitem__, self.column))
        return self._values

    def at(self, p: int) -> Any:
        """The parsed value of the cell at position ``p``."""
        return self._values[p] if self._values is not None else self.results[self.column[p]]

    def distinct(self) -> set[Any]:
        """The parsed values, each once."""
        return set(self._values) if self._values is not None else set(self.results.values())

    def where_none(self) -> list[int]:
        """The positions, in order, of the cells with no value (empty, or an error): the
        same as ``where(lambda x: x is None)``, at C speed."""
        if self._values is not None:
            if None not in self._values:
                return []
            return list(compress(range(len(self._values)), map(is_, self._values, repeat(None))))
        if None not in self.results.values():
            return []
        return self.where(_is_none)

    def where(self, test: Callable[[Any], bool]) -> list[int]:
        """The positions, in order, of the cells whose parsed value passes ``test``."""
        if self._values is not None:
            return [p for p, x in enumerate(self._values) if test(x)]
        cells = {x for x, value in self.results.items() if test(value)}
        if not cells:
            return []
        return list(compress(range(len(self.column)), map(cells.__contains__, self.column)))


_ERROR = object()


def _is_none(value: Any) -> bool:
    return value is None


def _outcome(parse: Callable[[Any], Any], cell: Any) -> tuple[Any, ...]:
    try:
        value = parse(cell)
    except CellError as err:
        return ("error", err.code)
    return ("value", type(value), value)


def _same_for_equal_keys(parse: Callable[[Any], Any]) -> bool:
    """Whether ``parse`` gives TRUE the same as 1 and 1.0, and FALSE the same as 0 and 0.0
    (a yes/no column does), so that one dict key may stand for all of them."""
    return all(
        _outcome(parse, flag) == _outcome(parse, int(flag)) == _outcome(parse, float(flag))
        for flag in (True, False)
    )


def _positions(column: Sequence[Any], cells: set[Any]) -> list[int]:
    """The positions of ``cells`` in ``column``, in order: each found by the C-level
    ``index``, since error cells are few and a column is long."""
    found: list[int] = []
    for cell in cells:
        at = -1
        try:
            while True:
                at = column.index(cell, at + 1)
                found.append(at)
        except ValueError:
            pass
    return sorted(found)


def _bulk_texts(cells: set[Any]) -> dict[Any, Any]:
    """:func:`parse_text` of every text cell, NFC-normalised in one call."""
    out: dict[Any, Any] = {
        x: str(int(x)) if x.is_integer() else str(x) for x in cells if type(x) is float
    }
    texts = [x for x in cells if type(x) is str]
    joined = "\x00".join(texts)
    if not texts or joined.count("\x00") != len(texts) - 1:
        return out
    if not unicodedata.is_normalized("NFC", joined):  # NFC never composes across a NUL
        joined = unicodedata.normalize("NFC", joined)
    pieces = joined.split("\x00")
    out.update(zip(texts, pieces, strict=True))
    if "" in out:
        out[""] = None
    untidy = _untidy(joined)
    if untidy:  # the few texts whose spaces must be tidied, found by where they start
        starts = list(accumulate(map((1).__add__, map(len, pieces)), initial=0))
        for k in {bisect_right(starts, at) - 1 for at in untidy}:
            out[texts[k]] = " ".join(pieces[k].split()) or None
    return out


def _untidy(joined: str) -> list[int]:
    """Where ``" ".join(text.split())`` changes one of the texts joined by NUL in ``joined``:
    whitespace other than a space, a run of spaces, or a space at either end of a text.
    Each is looked for on its own, at C speed (one regex with all of them is ten times
    slower)."""
    found = [m.start() for m in _OTHER_WHITESPACE.finditer(joined)]
    for needle, shift in (("  ", 0), (" \x00", 0), ("\x00 ", 1)):
        at = joined.find(needle)
        while at >= 0:
            found.append(at + shift)
            at = joined.find(needle, at + 1)
    if joined.startswith(" "):
        found.append(0)
    if joined.endswith(" "):
        found.append(len(joined) - 1)
    return found


_OTHER_WHITESPACE = re.compile(r"[^\S ]")


_CODES = re.compile(r"(?:\d{10}(?:-\d{3})?\n)*\d{10}(?:-\d{3})?")
_CODE_LINE = re.compile(r"^\d{10}(?:-\d{3})?$", re.MULTILINE)


def _bulk_codes(cells: set[Any]) -> dict[Any, Any]:
    """:func:`parse_code` of the text cells, when every one is a well-formed code."""
    texts = [x for x in cells if type(x) is str and x]
    joined = "\n".join(texts)
    if not texts or joined.count("\n") != len(texts) - 1:
        return {}
    if _CODES.fullmatch(joined):
        return {text: text for text in texts}
    return {text: text for text in _CODE_LINE.findall(joined)}  # the well-formed ones


def _bulk_numbers(minimum: float | None, whole: bool) -> Callable[[set[Any]], dict[Any, Any]]:
    """:func:`parse_number` of the number cells (calamine gives floats), without the text
    parsing; cells that break a rule are left for the cell-by-cell parser to report."""

    def bulk(cells: set[Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for x in cells:
            if type(x) is float and math.isfinite(x):
                if (minimum is not None and x < minimum) or (whole and not x.is_integer()):
                    continue
                out[x] = int(x) if whole else x
            elif x == "":
                out[x] = None
        return out

    return bulk


_BULK: dict[Callable[[Any], Any], Callable[[set[Any]], dict[Any, Any]]] = {
    parse_text: _bulk_texts,
    parse_code: _bulk_codes,
    parse_amount: _bulk_numbers(0, False),
    parse_signed_amount: _bulk_numbers(None, False),
    parse_count: _bulk_numbers(0, True),
}
