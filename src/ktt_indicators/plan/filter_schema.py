"""The JSON Schema of a filter of a targets file: census columns and their values as ktt reads them.

Under ``count:``, ``where:``, ``universe:``, ``scope:`` and a share's ``numerator:`` and
``denominator:``, an editor completes the census column keys, and after a category column its
categories, which ktt reads as tolerantly as census cells ("kha" is Khá): the pattern for a
category accepts the same spellings. Part of :mod:`.targets_schema`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..census.schema import COLUMNS, SUMMABLE, Column
from ..core.text import fold
from ..read import values as v
from .plan_columns import DECLARED_KEY
from .targets_values import NUMBER_TEXT

Schema = dict[str, Any]


def describe(vi: str, en: str) -> str:
    """A description in both languages."""
    return f"{vi}\n\n{en}"


_d = describe


# ------------------------------------------------------------------ spellings as patterns

#: What fold() turns into one space: whitespace and the ASCII separators.
_SEPARATORS = r"[\s_\-./:;,]"
_LETTER_RANGES = (range(0x20, 0x250), range(0x1E00, 0x1F00))


@cache
def _variants() -> dict[str, str]:
    """For each character a folded text can hold, every character that folds to it."""
    found: dict[str, set[str]] = {}
    for block in _LETTER_RANGES:
        for code in block:
            ch = chr(code)
            folded = fold(ch)
            if len(folded) == 1 and folded.strip():
                found.setdefault(folded, set()).add(ch)
    return {k: "".join(sorted(chs)) for k, chs in found.items()}


def _fold_pattern(folded: str) -> str:
    """A regular expression of the texts whose fold() is ``folded``: any case, with or
    without diacritics (composed or not), separators of any kind and number."""
    variants = _variants()
    marks = "[\u0300-\u036f]*"
    parts = []
    for ch in folded:
        if ch == " ":
            parts.append(f"{_SEPARATORS}+")
        elif ch in variants:
            parts.append(f"[{re.escape(variants[ch])}]{marks}")
        else:
            parts.append(re.escape(ch) + marks)
    return f"{_SEPARATORS}*" + "".join(parts) + f"{_SEPARATORS}*"


def _spellings_pattern(spellings: frozenset[str]) -> str:
    words: list[str] = []
    symbols: list[str] = []
    for s in sorted(spellings):
        (words if fold(s) == s and s else symbols).append(s)
    alternatives = [_fold_pattern(w) for w in words]
    alternatives += [rf"\s*{re.escape(s)}\s*" for s in symbols]  # kept as typed
    return "^(?:" + "|".join(alternatives) + ")$"


# ------------------------------------------------------------------ filter values

_NUMBER: Schema = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_TEXT}]}
_EMPTY_TEXT: Schema = {"type": "string", "pattern": r"^\s*$"}


def _column_value(col: Column) -> Schema:
    """One value of a filter on ``col``, as ktt reads it."""
    if col.kind == "choice":
        spellings = v.ACCEPTED_SPELLINGS[col.choices]
        return {
            "anyOf": [
                {"enum": list(col.choices)},  # what an editor completes
                {"type": "string", "pattern": _spellings_pattern(spellings)},
                {"type": "null"},
                _EMPTY_TEXT,
            ],
        }
    if col.kind == "yes-no":
        return {
            "anyOf": [
                {"type": "boolean"},
                {"enum": [0, 1]},
                {"enum": ["Có", "Không"]},
                {"type": "string", "pattern": _spellings_pattern(v.YES_NO_SPELLINGS)},
                {"type": "null"},
                _EMPTY_TEXT,
            ]
        }
    if col.kind in ("count", "number"):
        minimum = None if col.parse is v.parse_signed_amount else 0
        number: Schema = {"type": "integer" if col.kind == "count" else "number"}
        if minimum is not None:
            number["minimum"] = minimum
        return {"anyOf": [number, {"type": "string", "pattern": NUMBER_TEXT},
                          {"type": "null"}, _EMPTY_TEXT]}  # fmt: skip
    if col.kind == "date":
        return {"type": ["string", "number", "null"]}
    return {"type": ["string", "number", "boolean", "null"]}  # text and codes: as written


def _condition(col: Column) -> Schema:
    value = _column_value(col)
    values: Schema = {"type": "array", "items": value}
    comparisons: Schema = {}
    if col.key in SUMMABLE:
        comparisons = {k: {**_NUMBER, "description": _d(vi, en)} for k, vi, en in (
            ("gt", "lớn hơn", "greater than"),
            ("gte", "lớn hơn hoặc bằng", "at least"),
            ("lt", "nhỏ hơn", "less than"),
            ("lte", "nhỏ hơn hoặc bằng", "at most"),
        )}  # fmt: skip
    mapping: Schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "any_of": {**values, "description": _d("Một trong các giá trị.", "One of.")},
            "not": {
                "anyOf": [value, values],
                "description": _d("Khác (các) giá trị này.", "None of these."),
            },
            **comparisons,
            **(_PERIOD if col.kind == "date" else {}),
            "empty": {
                "type": "boolean",
                "description": _d(
                    "Ô bỏ trống (true) hay có giá trị (false).",
                    "The cell is empty (true) or filled (false).",
                ),
            },
        },
    }
    return {
        "description": _d(
            f"«{col.header}»: một giá trị, một danh sách (một trong), hoặc not/"
            + ("gt/gte/lt/lte/" if comparisons else "") + "empty.",
            f"{col.english}: a value, a list (any of them), or not/"
            + ("gt/gte/lt/lte/" if comparisons else "") + "empty.",
        ),
        "anyOf": [value, values, mapping],
    }  # fmt: skip


#: A period on a date column, both ends included (a year alone, or a date).
_PERIOD: Schema = {
    end: {"type": ["string", "integer"], "description": _d(vi, en)}
    for end, vi, en in (("from", "Từ (năm hoặc ngày).", "From (a year or a date)."),
                        ("to", "Đến (năm hoặc ngày).", "To (a year or a date)."))
}  # fmt: skip


def filter_schema(description: str | None = None) -> Schema:
    schema: Schema = {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {c.key: _condition(c) for c in COLUMNS},
        # a column the plan declares (columns:), checked by ktt against its declaration
        "patternProperties": {DECLARED_KEY: {}},
    }
    if description:
        schema["description"] = description
    return schema
