"""Text folding for tolerant matching of headers, labels and category values.

People type Vietnamese with or without diacritics, in any case, in NFC or NFD,
with line breaks and units in brackets. Everything that is matched by name is
compared in its *folded* form.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[\s_\-./:;,]+")
_COMBINING_DIACRITICS = re.compile("[\u0300-\u036f]")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse separators to one space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # Vietnamese marks are all in the combining diacritics block; a regex drops them at C
    # speed, and only text that still has other non-ASCII characters is walked in Python.
    stripped = _COMBINING_DIACRITICS.sub("", decomposed)
    if not stripped.isascii():
        stripped = "".join(c for c in stripped if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


def fold_header(text: str) -> str:
    """Fold a column header or label, dropping a unit in brackets: "Doanh thu (triệu đồng)"."""
    return fold(_BRACKETS.sub(" ", text))


def nfc(text: str) -> str:
    """Return text in NFC with surrounding whitespace removed and inner runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """Return the candidate nearest to ``word`` (compared folded), or None if none is near."""
    by_fold = {fold(c): c for c in candidates}
    match = difflib.get_close_matches(fold(word), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[match[0]] if match else None


_AREA_PREFIX = re.compile(
    r"^(quan|huyen|thi xa|thanh pho|tp|phuong|xa|thi tran|tinh|q|h|p|x|tt)\s+(?=\S)"
)


def area_key(name: str) -> str:
    """Fold an area name and drop its administrative prefix: "Q. Ninh Kiều" → "ninh kieu"."""
    return _AREA_PREFIX.sub("", fold(name), count=1)
