"""Text folding for tolerant matching of headers, labels and category values.

People type Vietnamese with or without diacritics, in any case, in NFC or NFD,
with line breaks and units in brackets. Everything that is matched by name is
compared in its *folded* form.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[\s_\-./:;,]+")
_COMBINING_DIACRITICS = re.compile("[\u0300-\u036f]")
T = TypeVar("T", bound=Hashable)


#: C0 and C1 control characters (but tab and newline) and DEL, as the symbols Unicode keeps
#: for them (␛ for ESC): a census cell shown on a terminal cannot move its cursor, ring its
#: bell or retitle its window.
_CONTROL_PICTURES = {
    **{c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)},
    0x7F: 0x2421,
    **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),
}


#: The characters of Windows-1252 at 0x80–0x9F (– — ‘ ’ “ ” … € ™…): a text typed in a legacy
#: Vietnamese font (TCVN3, VNI) may hold them as themselves.
CP1252_PUNCTUATION = bytes(
    b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
).decode("cp1252")
#: A character no legacy Vietnamese font produces: above U+00FF (combining marks included)
#: and not one of :data:`CP1252_PUNCTUATION`. A text holding one is Unicode.
UNICODE_ONLY = re.compile(f"[^\\x00-\\xff{re.escape(CP1252_PUNCTUATION)}]")


def printable(text: str) -> str:
    """``text`` for a terminal: control characters shown as symbols, not obeyed."""
    return text.translate(_CONTROL_PICTURES)


def _fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse separators to one space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # Vietnamese marks are all in the combining diacritics block; a regex drops them at C
    # speed, and only text that still has other non-ASCII characters is walked in Python.
    stripped = _COMBINING_DIACRITICS.sub("", decomposed)
    if not stripped.isascii():
        stripped = "".join(c for c in stripped if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


#: Headers, categories and areas repeat from row to row; a cache folds each once.
fold = functools.lru_cache(maxsize=65536)(_fold)


#: A table that turns the ASCII separators into spaces (UTF-8 never hides an ASCII byte
#: inside another character).
_SEPARATOR_BYTES = b"_-./:;,\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_ASCII_SEPARATORS = bytes.maketrans(_SEPARATOR_BYTES, b" " * len(_SEPARATOR_BYTES))


def _drop_marks(data: bytes) -> str:
    """Decode UTF-8 ``data`` without the combining diacritics U+0300–U+036F.

    U+0300–U+033F are the lead byte CC and one continuation byte: deleting every CC leaves
    the continuation bytes orphaned, and decoding with "ignore" drops exactly those (the
    rest is valid UTF-8). CD also leads U+0370–U+037F (Greek letters), so U+0340–U+036F are
    cut by splitting at CD and looking at the byte after it.
    """
    if b"\xcd" in data:
        head, *rest = data.split(b"\xcd")
        data = head + b"".join(
            [part[1:] if part[:1] < b"\xb0" else b"\xcd" + part for part in rest]
        )
    return data.translate(None, b"\xcc").decode("utf-8", "ignore")


def fold_many(texts: Sequence[str]) -> list[str]:
    """``[fold(t) for t in texts]``, computed on one joined string with C-speed steps.

    Folding works character by character (a mark never crosses a NUL, a run of separators
    never spans one), so folding the texts joined by NUL and splitting gives the same result.
    Marks and separators are removed on the UTF-8 bytes, where a regular expression would
    pay for every match.
    """
    if not texts:
        return []
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:  # a text holds a NUL itself
        return [fold(t) for t in texts]
    decomposed = unicodedata.normalize("NFD", joined.replace("đ", "d").replace("Đ", "D"))
    try:
        stripped = _drop_marks(decomposed.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: fold one by one
        return [fold(t) for t in texts]
    if not stripped.isascii():  # drop the other combining marks: find which occur first
        marks = [c for c in set(stripped) if not c.isascii() and unicodedata.combining(c)]
        if marks:
            stripped = re.sub("|".join(map(re.escape, marks)), "", stripped)
    folded = stripped.casefold()
    spaced = folded.encode("utf-8").translate(_ASCII_SEPARATORS)
    if folded.isascii():  # every whitespace character is now a space, and bytes split faster
        collapsed = b" ".join(spaced.split()).decode("ascii")
    else:
        collapsed = " ".join(spaced.decode("utf-8").split())
    return [piece.strip() for piece in collapsed.split("\x00")]


#: The blocks Vietnamese is typed in, beside ASCII: Latin-1, Latin Extended-A and -B, Latin
#: Extended Additional, and the combining marks.
_LATIN = "\u0080-\u024f\u1e00-\u1eff"
_MARKS = "\u0300-\u036f"


@functools.cache
def _latin_classes() -> tuple[dict[str, str], str]:
    """For each ASCII letter, the characters of the Latin blocks that fold to it alone;
    and the characters of those blocks that fold to nothing, to several characters or to
    another ASCII character (such as ß → ss), whose texts :func:`unfolded_word` cannot follow."""
    classes = {c: c + c.upper() for c in "abcdefghijklmnopqrstuvwxyz"}
    odd = []
    for cp in (*range(0x80, 0x250), *range(0x1E00, 0x1F00)):
        c = chr(cp)
        if _SEPARATORS.fullmatch(c):
            continue  # a separator in raw text as in folded text
        folded = _fold(c)
        if len(folded) == 1 and folded in classes:
            classes[folded] += c
        elif len(folded) != 1 or folded.isascii():
            odd.append(c)
    return classes, "".join(odd)


def unfolded_word(word: str) -> str:
    """A regular expression that matches, in raw text, what folds to ``word`` (lower-case
    ASCII letters): each letter in either case, with or without Vietnamese marks, composed
    or decomposed. Texts matched by :func:`unusual_characters` may fold to ``word`` without
    being matched: test those by folding them."""
    classes, _ = _latin_classes()
    return "".join(f"[{re.escape(classes[ch])}][{_MARKS}]*" for ch in word)


def unusual_characters() -> re.Pattern[str]:
    """A character outside ASCII and the Latin blocks, or one of those blocks that folds to
    nothing or to several characters: the texts :func:`unfolded_word` does not cover."""
    _, odd = _latin_classes()  # one class, not an alternation: searched at C speed
    return re.compile(f"[\u0250-\u02ff\u0370-\u1dff\u1f00-\U0010ffff{re.escape(odd)}]")


def fold_header(text: str) -> str:
    """Fold a column header or label, dropping a unit in brackets: "Doanh thu (triệu đồng)"."""
    return fold(_BRACKETS.sub(" ", text))


def nfc(text: str) -> str:
    """Return text in NFC with surrounding whitespace removed and inner runs collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


#: How much nearer than the runner-up the nearest candidate must be to be named as what was
#: probably meant (a similarity from 0 to 1): «Nong ngiep» is nearer «Nông nghiệp» (0.95)
#: than «Công nghiệp» (0.86) by enough; a value as near to two candidates names neither.
MARGIN = 0.05


def nearest(
    word: str, options: Mapping[str, T], cutoff: float = 0.6, margin: float = MARGIN
) -> T | None:
    """What the option nearest to ``word`` stands for: ``options`` maps folded spellings to
    what they mean (several spellings may mean one thing). None unless the nearest spelling
    is at least ``cutoff`` similar (difflib's ratio) and nearer by ``margin`` than the
    nearest spelling of anything else: a hint must be clearly right, or not be given."""
    import difflib  # only a finding with a suggestion needs it: not imported at start-up

    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(fold(word))
    best: dict[T, float] = {}  # the best similarity of each meaning
    floor = cutoff - margin
    for spelling, meaning in options.items():
        matcher.set_seq1(spelling)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        score = matcher.ratio()
        if score >= floor and score > best.get(meaning, -1.0):
            best[meaning] = score
    ranked = sorted(best.items(), key=lambda ms: ms[1], reverse=True)
    if not ranked or ranked[0][1] < cutoff:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < margin:
        return None
    return ranked[0][0]


def closest(
    word: str, candidates: Iterable[str], cutoff: float = 0.6, margin: float = MARGIN
) -> str | None:
    """The candidate nearest to ``word`` (compared folded), or None if none is near, or if
    another is about as near (:func:`nearest`)."""
    return nearest(word, {fold(c): c for c in candidates}, cutoff, margin)


_AREA_PREFIX = re.compile(
    r"^(quan|huyen|thi xa|thanh pho|tp|phuong|xa|thi tran|tinh|q|h|p|x|tt)\s+(?=\S)"
)


@functools.lru_cache(maxsize=65536)
def area_key(name: str) -> str:
    """Fold an area name and drop its administrative prefix: "Q. Ninh Kiều" → "ninh kieu"."""
    return _AREA_PREFIX.sub("", fold(name), count=1)
