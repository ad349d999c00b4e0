"""The parsed columns of a list sheet, asked for by key: one value per row, the rows whose
value passes a test, or the distinct values, without a pass over every cell when a rule
only looks for a few values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..read.parsed_column import ParsedColumn


class Values:
    """The parsed columns of a list (``parsed``) and columns given outright (``given``): a
    column becomes one value per row only when :meth:`get` asks for it, so the row rules
    that look for a few values (:meth:`where`) never pay a pass over every cell."""

    def __init__(self) -> None:
        self.parsed: dict[str, ParsedColumn] = {}
        self.given: dict[str, list[Any]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.given or key in self.parsed

    def get(self, key: str) -> list[Any] | None:
        """One value per row, or None if the list has no such column."""
        if key in self.given:
            return self.given[key]
        parsed = self.parsed.get(key)
        return None if parsed is None else parsed.values

    def of(self, key: str) -> list[Any]:
        values = self.get(key)
        if values is None:
            raise KeyError(key)
        return values

    def where(self, key: str, test: Callable[[Any], bool]) -> list[int]:
        """The rows, in order, whose value in column ``key`` passes ``test``."""
        if key in self.given:
            return [p for p, x in enumerate(self.given[key]) if test(x)]
        return self.parsed[key].where(test)

    def where_none(self, key: str) -> list[int]:
        """The rows, in order, with no value in column ``key``."""
        if key in self.given:
            return [p for p, x in enumerate(self.given[key]) if x is None]
        return self.parsed[key].where_none()

    def at(self, key: str, p: int) -> Any:
        """The value of column ``key`` in row ``p``."""
        return self.given[key][p] if key in self.given else self.parsed[key].at(p)

    def distinct(self, key: str) -> set[Any]:
        """The values of column ``key``, each once."""
        return set(self.given[key]) if key in self.given else self.parsed[key].distinct()
