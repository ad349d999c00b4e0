"""Parsers for cell values as people really type them.

Each parser takes a raw cell value as the workbook reader returns it (``str``,
``int``, ``float``, ``bool``, ``date``, ``datetime`` or ``None``) and returns the
typed value, ``None`` for an empty cell, or raises :class:`CellError` whose
``code`` is a finding code from :mod:`.findings`. The rules are those of the
census contract: Vietnamese thousands separators, trailing units, day-first
dates, tick marks for yes/no, categories without diacritics.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, NamedTuple, TypeVar

from ..core.text import UNICODE_ONLY, fold, nearest, nfc

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


@dataclass
class CellError(Exception):
    """A cell value that cannot be read as its column's type.

    ``code`` is a finding code; ``expected`` names what was expected (a key of
    the message vocabulary); ``suggestion`` is the value probably meant, if any.
    """

    code: str
    expected: str = ""
    suggestion: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: expected {self.expected}"


def is_empty(raw: Any) -> bool:
    """True for a cell with nothing in it (None, "", or only whitespace)."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_text(raw: Any) -> str | None:
    """Text, NFC-normalised with whitespace collapsed; numbers and dates as written."""
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return nfc(str(raw))


_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_CODE_LOST_ZERO = re.compile(r"^\d{9}(-\d{3})?$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")


def parse_code(raw: Any) -> str | None:
    """A cooperative code (tax code): 10 digits, or 10 digits + "-" + 3 digits.

    A 9-digit code is taken to have lost its leading zero (typed as a number)
    and is returned with the zero restored; :func:`code_lost_leading_zero`
    tells the reader to warn about it.
    """
    if is_empty(raw):
        return None
    if isinstance(raw, bool):
        raise CellError("invalid-code", "code")
    if isinstance(raw, float):
        if not raw.is_integer():
            raise CellError("code-in-scientific-notation", "code")
        raw = int(raw)
    text = "".join(str(raw).split())
    if _SCIENTIFIC.match(text):
        raise CellError("code-in-scientific-notation", "code")
    if _CODE.match(text):
        return text
    if _CODE_LOST_ZERO.match(text):
        return "0" + text
    raise CellError("invalid-code", "code")


def code_lost_leading_zero(raw: Any) -> bool:
    """True when a code cell holds 9 digits: a 10-digit code that lost its leading zero."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return False
    return bool(_CODE_LOST_ZERO.match("".join(str(raw).split())))


_UNIT_SUFFIX = re.compile(r"^([+-]?[\d.,\s\u00a0]*\d)\s*[^\d\s.,+-][^\d]*$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}$")


def _number_from_text(text: str) -> float:
    text = text.strip()
    unit = _UNIT_SUFFIX.match(text)
    if unit:
        text = unit.group(1)
    text = text.replace("\u00a0", "").replace(" ", "")
    if "." in text and "," in text:
        # Vietnamese: "1.250,5"; English: "1,250.5". Whichever comes last is the decimal mark.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_number(raw: Any, *, minimum: float | None = None, whole: bool = False) -> float | None:
    """A number: a real number cell, or text such as "1.250", "1.250,5", "12 người"."""
    expected = "whole-number" if whole else "number"
    if is_empty(raw):
        return None
    if isinstance(raw, (bool, date | timedelta)):
        raise CellError("wrong-type", expected)
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        try:
            value = _number_from_text(str(raw))
        except ValueError:
            raise CellError("wrong-type", expected) from None
    if whole and not value.is_integer():
        raise CellError("wrong-type", expected)
    if minimum is not None and value < minimum:
        raise CellError("negative-value", expected)
    return value


def parse_count(raw: Any) -> int | None:
    """A whole number ≥ 0 (members, workers, member cooperatives)."""
    value = parse_number(raw, minimum=0, whole=True)
    return None if value is None else int(value)


def parse_amount(raw: Any) -> float | None:
    """A number ≥ 0 (capital, revenue)."""
    return parse_number(raw, minimum=0)


def parse_signed_amount(raw: Any) -> float | None:
    """A number that may be negative (profit)."""
    return parse_number(raw)


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^(\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _year_date(year: int) -> date:
    if not 1900 <= year <= 2100:
        raise CellError("wrong-type", "date")
    return date(year, 1, 1)


def parse_date(raw: Any) -> date | None:
    """A date: a real date cell, "16/3/2023", "16-03-2023", "2023-03-16", or a year alone.

    A year alone is read as 1 January of that year. A plain number above 10000 is
    an Excel date serial from a cell that lost its date format.
    """
    if is_empty(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        raise CellError("wrong-type", "date")
    if isinstance(raw, int | float):
        if float(raw).is_integer() and 1900 <= raw <= 2100:
            return _year_date(int(raw))
        if 10000 <= raw < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(raw))
        raise CellError("wrong-type", "date")
    text = str(raw).strip()
    try:
        if m := _DAY_FIRST.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _YEAR.match(text):
            return _year_date(int(m[1]))
    except ValueError:
        pass
    raise CellError("wrong-type", "date")


_YES = {"co", "x", "1", "true", "yes", "y", "dung", "v", "\u2713", "\u2714", "\u2611", "+"}
_NO = {"khong", "0", "false", "no", "n", "sai", "-", "\u2717", "\u2610"}


def parse_yes_no(raw: Any) -> bool:
    """Yes/no: "Có", "Không", "x", "✓", 1/0, TRUE/FALSE, "yes"/"no". Empty is no."""
    if is_empty(raw):
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    folded = fold(str(raw)) if isinstance(raw, str) else ""
    if isinstance(raw, str) and not folded:
        folded = raw.strip()  # a lone symbol such as "✓" or "-"
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    if isinstance(raw, str):
        legacy = legacy_reading(raw, lambda text: _YES_NO_WORD.get(fold(text)))
        if legacy is not None:
            raise legacy_error("wrong-type", "yes-no", legacy, legacy.value)
    raise CellError("wrong-type", "yes-no", suggestion=_near_yes_no(folded))


class LegacyReading(NamedTuple, Generic[T]):
    """What a text typed in a legacy encoding reads as: the encoding's name, the value it
    gives, and the text converted («Tæ hîp t¸c»: TCVN3, THT, «Tổ hợp tác»)."""

    encoding: str
    value: T
    text: str


def legacy_reading(raw: str, read: Callable[[str], T | None]) -> LegacyReading[T] | None:
    """The encoding and the value of a text typed in a legacy Vietnamese encoding (TCVN3,
    VNI) that ``read`` knows once converted: «Kh¸» is TCVN3 for «Khá». Only for a value that
    was not read as it is: a sheet whose header is in Unicode may hold values pasted from an
    old file, which the whole-sheet conversion (:mod:`.layout`) does not touch. A text
    holding a character no legacy font produces (:data:`.text.UNICODE_ONLY`) is Unicode."""
    if raw.isascii() or UNICODE_ONLY.search(raw):
        return None
    from .legacy import ENCODINGS

    for encoding in ENCODINGS:
        if encoding.may_hold([raw]):
            converted = encoding.convert(raw)
            found = read(converted)
            if found is not None:
                return LegacyReading(encoding.name, found, " ".join(converted.split()))
    return None


def legacy_error(code: str, expected: str, legacy: LegacyReading[Any], meant: str) -> CellError:
    """The error of a value typed in a legacy encoding that reads as ``meant``: its message
    names the encoding, and the text as converted when it is not ``meant`` but for case
    («Tổ hợp tác», that is «THT»)."""
    extra = {"legacy": legacy.encoding}
    if legacy.text.casefold() != meant.casefold():
        extra["read"] = legacy.text
    return CellError(code, expected, suggestion=meant, extra=extra)


#: The characters that are no Vietnamese letter in Unicode but are (part of) one in TCVN3
#: or VNI («¸» is á in TCVN3, «ø» the huyền of VNI): :attr:`.legacy.Encoding.foreign` of
#: both, written out so that a Unicode file's reader needs not build the legacy tables (a
#: test keeps it so).
LEGACY_FOREIGN = (
    "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xb5\xb6\xb7\xb8\xb9\xbb"
    "\xbc\xbd\xbe\xc4\xc5\xc6\xc7\xcb\xce\xcf\xd0\xd1\xd6\xd7\xd8\xdb\xdc\xde\xdf\xe4"
    "\xe5\xe6\xe7\xeb\xee\xef\xf1\xf6\xf7\xf8\xfb\xfc\xfe"
)
_LEGACY_FOREIGN = re.compile(f"[{re.escape(LEGACY_FOREIGN)}]")


def may_be_legacy(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` holds a character of :data:`LEGACY_FOREIGN` (one search)."""
    return _LEGACY_FOREIGN.search("\x00".join(texts)) is not None


@functools.lru_cache(maxsize=4096)
def legacy_name(raw: str) -> LegacyReading[str] | None:
    """What a name (of an area: «Cê §á») typed in a legacy encoding under a Unicode header
    reads as, when it probably is one: it holds no character a legacy font never produces
    (:data:`.text.UNICODE_ONLY`), one that is no Vietnamese letter in Unicode but is one in
    the encoding (:attr:`.legacy.Encoding.foreign`), and its conversion differs from it."""
    if not _LEGACY_FOREIGN.search(raw) or UNICODE_ONLY.search(raw):
        return None
    from .legacy import ENCODINGS

    typed = " ".join(nfc(raw).split())
    best: tuple[tuple[int, ...], LegacyReading[str]] | None = None
    for k, encoding in enumerate(ENCODINGS):
        if encoding.foreign.search(raw):
            converted = " ".join(encoding.convert(raw).split())
            if converted != typed:
                score = _misreading(raw, converted, k)
                if best is None or score < best[0]:
                    best = (score, LegacyReading(encoding.name, converted, converted))
    return best[1] if best is not None else None


def _misreading(raw: str, converted: str, order: int) -> tuple[int, ...]:
    """How wrong a reading of ``raw`` looks, least first: characters it left unconverted,
    words of several tones (VNI read as TCVN3: «Phửụứng»), then the longer reading (VNI
    reads a base and its mark as one letter, TCVN3 never shortens a text), then TCVN3."""
    left = len(_LEGACY_FOREIGN.findall(converted))
    return (left, _toned_twice(converted), len(converted) - len(raw), order)


_TONE_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323]")


def _toned_twice(text: str) -> int:
    """How many words of ``text`` have more than one tone: none in Vietnamese."""
    words = unicodedata.normalize("NFD", text).split()
    return sum(1 for word in words if len(_TONE_MARKS.findall(word)) > 1)


#: What parse_yes_no accepts: folded words, and symbols kept as typed.
YES_NO_SPELLINGS = frozenset(_YES | _NO)
#: The word each yes/no spelling stands for, as a hint gives it.
_YES_NO_WORD = {**dict.fromkeys(_YES, "Có"), **dict.fromkeys(_NO, "Không")}


def _near_yes_no(folded: str) -> str | None:
    if folded.startswith("co"):
        return "Có"
    if folded.startswith("kh"):
        return "Không"
    return None


#: The folded spellings each category column's parser accepts, by its values in order: the
#: JSON Schema of targets files (targets_schema.py) says what a filter accepts from these.
ACCEPTED_SPELLINGS: dict[tuple[str, ...], frozenset[str]] = {}


#: Words that join two parts of a category and say nothing themselves: «Thương mại và dịch vụ».
_JOINING_WORDS = frozenset({"va", "&", "+", "and"})


def expand_words(folded: str, abbreviations: Mapping[str, str]) -> str:
    """A folded text with each word that is an abbreviation written out and the joining
    words dropped: «cong nghiep ttcn» → «cong nghiep tieu thu cong nghiep»."""
    words = (abbreviations.get(w, w) for w in folded.split() if w not in _JOINING_WORDS)
    return " ".join(words)


def _words_key(phrase: str) -> frozenset[str]:
    return frozenset(phrase.split())


def _named(phrase: str, phrases: Mapping[str, E]) -> dict[E, bool]:
    """The categories whose spellings occur in ``phrase`` as whole words, leaving out an
    occurrence inside a longer one («hoat dong» in «tam ngung hoat dong»), each with whether
    ``phrase`` starts with it."""
    padded = f" {phrase} "
    spans: list[tuple[int, int, E]] = []
    for spelling, member in phrases.items():
        start = padded.find(f" {spelling} ")
        while start >= 0:
            spans.append((start, start + len(spelling) + 1, member))
            start = padded.find(f" {spelling} ", start + 1)
    named: dict[E, bool] = {}
    for s, e, m in spans:
        if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in spans):
            named[m] = named.get(m, False) or s == 0
    return named


def choice_parser(
    enum: type[E], aliases: Mapping[str, E], abbreviations: Mapping[str, str] | None = None
) -> Callable[[Any], E | None]:
    """Build a parser for a category column from its enum and folded aliases.

    ``abbreviations`` maps folded words to what they are short for («ttcn» → «tieu thu cong
    nghiep»): a value whose words, written out, are those of one category's spelling is
    that category («Công nghiệp - TTCN», «Dịch vụ và thương mại»). A value that is none is
    an error, with a hint only when it is clearly one category: it starts with that
    category's name and names no other («Nông nghiệp công nghệ cao»), or it names none and is
    near to that category's spellings and clearly nearer than to any other's
    (:func:`.text.nearest`). «Nông nghiệp - TTCN» names two categories and «Ngừng hoạt động»
    names one after a word that may negate it: neither gets a hint.
    """
    words = {fold(k): fold(w) for k, w in (abbreviations or {}).items()}
    table: dict[str, E] = {fold(member.value): member for member in enum}
    table.update({fold(member.name): member for member in enum})
    table.update({fold(alias): member for alias, member in aliases.items()})
    ACCEPTED_SPELLINGS[tuple(m.value for m in enum)] = frozenset(table)
    # Every spelling written out, and the set of its words: a value is read by its words.
    phrases = {expand_words(spelling, words): m for spelling, m in table.items()}
    by_words: dict[frozenset[str], E | None] = {}
    for phrase, member in phrases.items():
        key = _words_key(phrase)
        by_words[key] = member if by_words.get(key, member) is member else None  # ambiguous

    def read_words(text: str) -> E | None:
        folded = fold(text)
        return table.get(folded) or by_words.get(_words_key(expand_words(folded, words)))

    def hint(text: str) -> str | None:
        phrase = expand_words(fold(text), words)
        named = _named(phrase, phrases)
        if named:  # one category, at the start: what follows it may only narrow it down
            (member, first), *others = named.items()
            return member.value if first and not others else None
        near = nearest(phrase, phrases, cutoff=HINT_CUTOFF)
        return near.value if near is not None else None

    def parse(raw: Any) -> E | None:
        if is_empty(raw):
            return None
        if isinstance(raw, enum):
            return raw
        found = read_words(str(raw))
        if found is None:
            legacy = legacy_reading(str(raw), read_words)
            if legacy is not None:
                raise legacy_error("not-in-list", "choice", legacy, legacy.value.value)
            raise CellError("not-in-list", "choice", suggestion=hint(str(raw)))
        return found

    parse.__doc__ = f"One of {', '.join(m.value for m in enum)} (tolerant of case and diacritics)."
    return parse


#: How similar a category value must be to a category's spelling to be named as meant.
HINT_CUTOFF = 0.75
