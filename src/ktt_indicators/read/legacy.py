"""Legacy Vietnamese encodings → Unicode: TCVN3 (ABC) and VNI-Windows.

Before Unicode, Vietnamese offices typed with fonts that draw Vietnamese letters in the
places of Windows-1252 characters: TCVN3 (the ABC fonts .VnTime, .VnArial, and .VnTimeH,
.VnArialH for capitals) and VNI-Windows (VNI-Times, VNI-Helve…). A workbook keeps the
Windows-1252 characters themselves, so such a cell reads "Hîp t¸c x·" (TCVN3) or
"Hôïp taùc xaõ" (VNI) for "Hợp tác xã" in any other font. This module only converts text;
:mod:`.layout` decides when a sheet is in one of these encodings (never by guessing on
ordinary text: only when a sheet's header is found once converted).

- **TCVN3** is one character a letter. It has the 67 lower-case letters with marks and
  only seven capitals (Ă Â Ê Ô Ơ Ư Đ): a capital with a tone (Ấ, Ợ…) has no code, and is
  typed as its lower-case code in a capitals font (.VnTimeH), which draws every letter as a
  capital. The case of such a letter is therefore not in the text. It is decided from the
  letters around it whose case is (ASCII letters and the seven capitals): a word with such
  a letter is in capitals when it has no lower-case ASCII letter and either two capitals
  («HîP» → «HỢP») or one it does not start with («ñY» → «ỦY»); a cell with no lower-case
  ASCII letter and one word in capitals is in capitals throughout («HîP T¸C X·» →
  «HỢP TÁC XÃ»). Otherwise the letter is lower case: a capital followed by toned letters reads
  as a title, «Tæ» → «Tổ», «HTX Cê §á» → «HTX Cờ Đỏ», «X· A» → «Xã A», though «TỔ» or «XÃ A»
  typed in a capitals font read the same (an acronym, «HTX», is no sign of capitals).
- **VNI-Windows** writes a letter as its ASCII base followed by one mark character for the
  tone, or for the circumflex or breve with or without a tone ("a" + "ù" = "á", "a" + "á" =
  "ấ"); ơ, ư, đ and the toned i and ỵ are single characters ("ô", "ö", "ñ", "í", "ì", "æ",
  "ó", "ò", "î"), capitals are the same in upper case. Both cases are in the text: a base
  letter's case decides its letter's, whatever the case of the mark.

Sources of the tables, cross-checked letter by letter:

- TCVN3: the TCVN 5712 (VN1) to UCS-2 table of the XFree86 X-TrueType server
  (``xc/extras/X-TrueType/TCVN/TCVNtoUCS2.c``, T. Shiozaki and P. Saratxaga, 1998; its range
  0xA1–0xFE is VN3, the ABC fonts' set, which this module reads); ``tcvn.h`` of xvnkb
  (Dao Hai Lam, VISC, 2002); ``src/charsets.ts`` of duydev/vietnamese-conversion.
- VNI-Windows: ``vni.h`` of xvnkb (Dao Hai Lam, VISC, 2002); ``src/charsets.ts`` of
  duydev/vietnamese-conversion.

The capitals of TCVN 5712 VN1 at 0x01–0x17 and 0x80–0x9F are not read: the ABC fonts do not
have them, and in Windows-1252 those places are punctuation (– — “ ” …) that a TCVN3 text
may hold as itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.text import UNICODE_ONLY, fold

__all__ = ["ENCODINGS", "TCVN3", "VNI", "Encoding", "tcvn3_to_unicode", "vni_to_unicode"]

#: The six tones, in the order the tables list them: none, sắc, huyền, hỏi, ngã, nặng.
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
#: The twelve vowels (the Vietnamese alphabet's a ă â e ê i o ô ơ u ư y).
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _forms(vowel: str) -> list[str]:
    """A vowel with each tone, in NFC: "a" → a á à ả ã ạ."""
    return [unicodedata.normalize("NFC", vowel + tone) for tone in _TONES]


#: Every Vietnamese letter that is not ASCII, lower case: 66 toned or hatted vowels and đ.
LETTERS = tuple([form for vowel in VOWELS for form in _forms(vowel) if not form.isascii()] + ["đ"])

# --------------------------------------------------------------------------- TCVN3

#: TCVN3 codes of each vowel with its six tones (none, sắc, huyền, hỏi, ngã, nặng), as the
#: Windows-1252 byte a font draws the letter at; the toneless a, e, i, o, u, y are ASCII.
_TCVN3_VOWELS = {
    "a": "61 b8 b5 b6 b7 b9",
    "ă": "a8 be bb bc bd c6",
    "â": "a9 ca c7 c8 c9 cb",
    "e": "65 d0 cc ce cf d1",
    "ê": "aa d5 d2 d3 d4 d6",
    "i": "69 dd d7 d8 dc de",
    "o": "6f e3 df e1 e2 e4",
    "ô": "ab e8 e5 e6 e7 e9",
    "ơ": "ac ed ea eb ec ee",
    "u": "75 f3 ef f1 f2 f4",
    "ư": "ad f8 f5 f6 f7 f9",
    "y": "79 fd fa fb fc fe",
}
#: đ, and the seven capitals TCVN3 has a code for.
_TCVN3_OTHERS = {
    "đ": "ae",
    "Ă": "a1",
    "Â": "a2",
    "Ê": "a3",
    "Ô": "a4",
    "Ơ": "a5",
    "Ư": "a6",
    "Đ": "a7",
}


def _tcvn3_table() -> dict[str, str]:
    """TCVN3 character → Unicode letter."""
    table: dict[str, str] = {}
    for vowel, codes in _TCVN3_VOWELS.items():
        for letter, code in zip(_forms(vowel), codes.split(), strict=True):
            if not letter.isascii():
                table[chr(int(code, 16))] = letter
    for letter, code in _TCVN3_OTHERS.items():
        table[chr(int(code, 16))] = letter
    return table


TCVN3_TABLE = _tcvn3_table()
_TCVN3_TRANSLATE = str.maketrans(TCVN3_TABLE)
#: The TCVN3 characters of lower-case letters: drawn as capitals by the capitals fonts, so of
#: no known case.
_T3_CASELESS = "".join(sorted(c for c, letter in TCVN3_TABLE.items() if letter.islower()))
_T3_CAPITALS = "".join(sorted(c for c, letter in TCVN3_TABLE.items() if letter.isupper()))
_AMBIGUOUS = f"[{re.escape(_T3_CASELESS)}]"
_CAPITAL = f"[A-Z{re.escape(_T3_CAPITALS)}]"
_NOT_LOWER = r"[^\sa-z]"  # in a word: not a space, not a lower-case ASCII letter
_NOT_LETTER = f"[^\\sA-Za-z{re.escape(_T3_CASELESS + _T3_CAPITALS)}]"
#: A word in capitals: a letter of no known case, no lower-case ASCII letter, and either two
#: capitals or one capital it does not start with (its first letter is of no known case).
_IN_CAPITALS = re.compile(
    rf"(?<!\S)(?={_NOT_LOWER}*{_AMBIGUOUS})"
    rf"(?:(?=(?:{_NOT_LOWER}*?{_CAPITAL}){{2}})"
    rf"|(?={_NOT_LETTER}*{_AMBIGUOUS}{_NOT_LOWER}*?{_CAPITAL}))"
    rf"{_NOT_LOWER}+(?!\S)"
)
_LOWER = re.compile("[a-z]")
_WORD = re.compile(r"\S+")


def _tcvn3_word(match: re.Match[str]) -> str:
    word = match[0]
    converted = word.translate(_TCVN3_TRANSLATE)
    return converted.upper() if _IN_CAPITALS.fullmatch(word) else converted


def tcvn3_to_unicode(text: str) -> str:
    """``text`` typed in TCVN3 (ABC) as Unicode, in NFC. A letter of no known case (see the
    module's docstring) is a capital in a word in capitals, or in a cell in capitals."""
    text = unicodedata.normalize("NFC", text)
    converted = text.translate(_TCVN3_TRANSLATE)
    if _IN_CAPITALS.search(text):  # rare: a cell in capitals, or one with words in capitals
        capitals = _LOWER.search(text) is None
        converted = converted.upper() if capitals else _WORD.sub(_tcvn3_word, text)
    return unicodedata.normalize("NFC", converted)


# --------------------------------------------------------------------------- VNI

#: The VNI marks after a base letter: a tone; the circumflex (â ê ô) alone and with each
#: tone; the breve (ă) alone and with each tone. Lower case; capitals are these in upper case.
_VNI_TONE = ("", "\xf9", "\xf8", "\xfb", "\xf5", "\xef")
_VNI_HAT = ("\xe2", "\xe1", "\xe0", "\xe5", "\xe3", "\xe4")
_VNI_BREVE = ("\xea", "\xe9", "\xe8", "\xfa", "\xfc", "\xeb")
#: How VNI writes each vowel with its six tones (none, sắc, huyền, hỏi, ngã, nặng).
_VNI_VOWELS: dict[str, tuple[str, ...]] = {
    "a": tuple("a" + m for m in _VNI_TONE),
    "ă": tuple("a" + m for m in _VNI_BREVE),
    "â": tuple("a" + m for m in _VNI_HAT),
    "e": tuple("e" + m for m in _VNI_TONE),
    "ê": tuple("e" + m for m in _VNI_HAT),
    "i": ("i", "\xed", "\xec", "\xe6", "\xf3", "\xf2"),
    "o": tuple("o" + m for m in _VNI_TONE),
    "ô": tuple("o" + m for m in _VNI_HAT),
    "ơ": tuple("\xf4" + m for m in _VNI_TONE),
    "u": tuple("u" + m for m in _VNI_TONE),
    "ư": tuple("\xf6" + m for m in _VNI_TONE),
    "y": ("y", "y\xf9", "y\xf8", "y\xfb", "y\xf5", "\xee"),
}


def _vni_table() -> dict[str, str]:
    """VNI character or base-and-mark pair → Unicode letter, both cases. A pair whose mark is
    in the other case than its base is read by the base: "Aù" is Á."""
    table: dict[str, str] = {"\xf1": "đ", "\xd1": "Đ"}
    for vowel, spellings in _VNI_VOWELS.items():
        for letter, spelling in zip(_forms(vowel), spellings, strict=True):
            if letter.isascii():
                continue
            table[spelling] = letter
            table[spelling.upper()] = letter.upper()
            if len(spelling) == 2:
                table[spelling[0].upper() + spelling[1]] = letter.upper()
                table[spelling[0] + spelling[1].upper()] = letter
    return table


VNI_TABLE = _vni_table()


@cache
def _vni_pairs() -> re.Pattern[str]:
    """VNI's letters, longest first; compiled on first use (a few milliseconds that reading
    a Unicode file should not pay at start-up)."""
    return re.compile("|".join(re.escape(k) for k in sorted(VNI_TABLE, key=len, reverse=True)))


def _vni_letter(match: re.Match[str]) -> str:
    return VNI_TABLE[match[0]]


def vni_to_unicode(text: str) -> str:
    """``text`` typed in VNI-Windows as Unicode, in NFC."""
    text = unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", _vni_pairs().sub(_vni_letter, text))


# --------------------------------------------------------------------------- encodings


@dataclass(frozen=True)
class Encoding:
    """A legacy encoding: its name, the fonts it is known by, and its converter."""

    name: str
    fonts: str
    convert: Callable[[str], str]
    #: A character that is (part of) a Vietnamese letter in it: a text without one reads
    #: the same in Unicode.
    marks: re.Pattern[str]
    #: One of :attr:`marks` that is no Vietnamese letter in Unicode («¸», «§», «ø»): a text
    #: holding one is probably typed in this encoding.
    foreign: re.Pattern[str]

    def may_hold(self, texts: Iterable[str]) -> bool:
        """Whether any of ``texts`` has a character this encoding would convert."""
        return self.marks.search("\x00".join(texts)) is not None

    def convert_rows(self, rows: list[list[Any]]) -> list[list[Any]]:
        """``rows`` with every text cell typed in this encoding converted (see
        :meth:`convert_sheet`); other cells as they are."""
        return self.convert_sheet(rows)[0]

    def convert_sheet(
        self, rows: list[list[Any]], accepted: frozenset[str] = frozenset()
    ) -> tuple[list[list[Any]], int]:
        """``rows`` with every text cell typed in this encoding converted, and how many text
        cells were kept as typed because they are Unicode already (an old file that later got
        cells typed in Unicode). A text is Unicode when it holds a character no legacy font
        produces (:data:`.text.UNICODE_ONLY`, looked for before any normalising: a combining
        mark is one); or when, folded, it is one of ``accepted`` (the spellings a category
        or yes/no column takes: «Khá», «Có») and its conversion is not («Khỏ», «Cú»). Each
        distinct text is looked at once (a census repeats its categories down the sheet)."""
        convert = self.convert  # an ASCII text reads the same in every encoding here
        cells: set[Any] = set().union(*rows)
        texts = [x for x in cells if type(x) is str and not x.isascii()]
        kept: set[str] = set()
        if UNICODE_ONLY.search("\x00".join(texts)):  # one search rules out every text
            kept = set(filter(UNICODE_ONLY.search, texts))
        longest = max(map(len, accepted), default=0) * 2
        converted: dict[Any, Any] = {}
        for x in texts:
            if x in kept:
                continue
            y = convert(x)
            if len(x) <= longest and fold(x) in accepted and fold(y) not in accepted:
                kept.add(x)
            else:
                converted[x] = y
        count = sum(sum(map(kept.__contains__, row)) for row in rows) if kept else 0
        if not converted:
            return rows, count
        get = converted.get
        return [list(map(get, row, row)) for row in rows], count


def _characters(texts: Iterable[str], but: str = "") -> re.Pattern[str]:
    """A class of the characters of ``texts`` that are not ASCII, nor in ``but``."""
    found = sorted({c for text in texts for c in text if not c.isascii() and c not in but})
    return re.compile(f"[{re.escape(''.join(found))}]")


#: The Vietnamese letters that are not ASCII, both cases.
_UNICODE_LETTERS = "".join(LETTERS) + "".join(LETTERS).upper()

TCVN3 = Encoding(
    "TCVN3", ".VnTime, .VnArial, .VnTimeH", tcvn3_to_unicode, _characters(TCVN3_TABLE),
    _characters(TCVN3_TABLE, _UNICODE_LETTERS),
)  # fmt: skip
VNI = Encoding(
    "VNI-Windows", "VNI-Times, VNI-Helve", vni_to_unicode, _characters(VNI_TABLE),
    _characters(VNI_TABLE, _UNICODE_LETTERS),
)  # fmt: skip
#: The encodings a sheet is tried in, in this order.
ENCODINGS = (TCVN3, VNI)
