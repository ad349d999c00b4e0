"""Unit names and codes as people type them, and the :class:`Resolver` that finds their units.

«P. Cái Khế», «phuong Cai Khe», «Cái Khế», «Phường Cái Khế», «P.Cái Khế», «P12», a code
(31117, «031117»): a name is its kind (a word or its abbreviation) and the rest, folded
(no diacritics, lower-case, numbers without leading zeros); a code is its digits. A
:class:`Resolver` is given the units to look among as :class:`UnitIndex` data (the list in
force, the crosswalk's old units) and looks in one province first; it tells a commune from
an old district of the same name by the kind typed, or says the name is ambiguous, or gives
the clearly nearest unit as a hint.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from ..core.text import fold, fold_many

if TYPE_CHECKING:
    from .unit_records import AdminUnit, Level

#: Which units a census names: those in force ("after" 1 July 2025) or those before them.
Era = Literal["after", "before"]
Status = Literal["resolved", "ambiguous", "unknown", "empty"]

#: Each kind of unit, as its official name starts (lower-case), with what people type for it
#: (folded): the word itself and its abbreviation.
KINDS: Final[dict[str, tuple[str, ...]]] = {
    "thành phố": ("thanh pho", "tp"),
    "thị trấn": ("thi tran", "tt"),
    "thị xã": ("thi xa", "tx"),
    "đặc khu": ("dac khu", "dk"),
    "phường": ("phuong", "p"),
    "huyện": ("huyen", "h"),
    "quận": ("quan", "q"),
    "tỉnh": ("tinh",),
    "xã": ("xa", "x"),
}
COMMUNE_KINDS: Final = frozenset({"xã", "phường", "đặc khu", "thị trấn"})
DISTRICT_KINDS: Final = frozenset({"quận", "huyện", "thị xã", "thành phố"})
_TYPED_KIND = {typed: kind for kind, words in KINDS.items() for typed in words}
#: A typed name's kind: a word or abbreviation, then a space, or a digit («P12»); «UBND»
#: (the people's committee) before it is dropped.
_TYPED = re.compile(
    r"^(?:(?:ubnd|uy ban nhan dan)\s+)?(?:(?P<kind>"
    + "|".join(sorted(map(re.escape, _TYPED_KIND), key=len, reverse=True))
    + r")(?:\s+|(?=\d)))?(?P<rest>\S.*)$"
)
_KIND = re.compile(f"({'|'.join(sorted(KINDS, key=len, reverse=True))}) ", re.IGNORECASE)
_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")

#: A hint is given when the nearest name is at least this similar (difflib's ratio) …
HINT_CUTOFF: Final = 0.75
#: … and this much more similar than the runner-up.
HINT_MARGIN: Final = 0.08


def without_kind(name: str, kind: str) -> str:
    """An official name without its kind: «Cái Khế» of «Phường Cái Khế»."""
    return name[len(kind) + 1 :] if name[: len(kind)].lower() == kind else name


def kind_of(name: str, kinds: Container[str] = KINDS) -> str | None:
    """The kind an official name starts with («Thị trấn Thới Lai»: «thị trấn»), if one of
    ``kinds``."""
    match = _KIND.match(name)
    kind = match[1].lower() if match else None
    return kind if kind in kinds else None


def name_key(folded: str) -> str:
    """A folded name as indexed: numbers without leading zeros («Phường 01» is «Phường 1»)."""
    return _LEADING_ZEROS.sub("", folded)


def typed(text: str) -> tuple[str | None, str, str]:
    """The kind typed (official word, or None), the rest's key, and the whole text's key."""
    folded = fold(text)
    match = _TYPED.match(folded)
    if match is None:
        return None, name_key(folded), name_key(folded)
    kind = match["kind"]
    return (_TYPED_KIND[kind] if kind else None), name_key(match["rest"]), name_key(folded)


def as_text(value: object) -> str:
    """A cell's value as text: a code typed as a number (31117, 31117.0) as its digits."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def digits(text: str, width: int) -> str | None:
    """``text`` as a code of ``width`` digits (leading zeros added or dropped), or None."""
    if len(text) == width and text.isdigit():
        return text
    stripped = text.strip()
    if not stripped.isdigit():
        return None
    code = stripped.lstrip("0").zfill(width)
    return code if len(code) == width else None


def name_index(units: Sequence[AdminUnit]) -> dict[str, list[AdminUnit]]:
    """Units by their name's key, without the kind («cai khe»)."""
    index: dict[str, list[AdminUnit]] = defaultdict(list)
    for unit, key in zip(units, fold_many([u.short_name for u in units]), strict=True):
        index[name_key(key)].append(unit)
    return dict(index)


@dataclass(frozen=True, slots=True)
class UnitIndex:
    """The units of one era a :class:`Resolver` looks among: by code and by name's key."""

    by_code: Mapping[str, AdminUnit]
    by_name: Mapping[str, list[AdminUnit]]


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed name or code is: one unit, several (``candidates``), or none (with the
    clearly nearest units as ``hints``, possibly none)."""

    text: str
    unit: AdminUnit | None = None
    candidates: tuple[AdminUnit, ...] = ()
    hints: tuple[AdminUnit, ...] = ()
    #: The kind the text names («xã» for «X. Cái Khế»), None when it names none.
    kind_typed: str | None = None
    by_code: bool = False

    @property
    def status(self) -> Status:
        if self.unit is not None:
            return "resolved"
        if self.candidates:
            return "ambiguous"
        return "unknown" if self.text.strip() else "empty"

    @property
    def kind_differs(self) -> bool:
        """The unit was found by its name, but the kind typed is not its kind («Xã Cái Khế»
        for Phường Cái Khế)."""
        return self.unit is not None and self.kind_typed not in (None, self.unit.kind)


_Pools = list[Callable[[], list[Mapping[str, list["AdminUnit"]]]]]


class Resolver:
    """Names and codes to units, looking in one province first (if bound to one), among the
    units of one era first: those in force (``after``) or the communes before the reform
    (``before``), whose old districts (``districts``, by name's key) are looked among too."""

    def __init__(
        self,
        after: UnitIndex,
        before: Callable[[], tuple[UnitIndex, Mapping[str, list[AdminUnit]]]],
        province_code: str | None = None,
        era: Era = "after",
    ) -> None:
        """``before`` gives the communes before the reform and their old districts; it is
        called on first need only (reading the crosswalk is most of what a small census
        costs, and a census naming communes in force with their kind never needs it)."""
        self.after, self._before = after, before
        self.province_code, self.era = province_code, era

    @functools.cached_property
    def _old(self) -> tuple[UnitIndex, Mapping[str, list[AdminUnit]]]:
        return self._before()

    @property
    def before(self) -> UnitIndex:
        """The communes before the reform."""
        return self._old[0]

    @property
    def districts(self) -> Mapping[str, list[AdminUnit]]:
        """The old districts, by name's key."""
        return self._old[1]

    def _pools(self, level: Level | None) -> _Pools:
        """The indexes to look in, in order: the era's units (and the old districts), then
        the other era's communes; each pool is made when first looked in, so that a name
        found among the units in force never reads the crosswalk."""

        def after() -> list[Mapping[str, list[AdminUnit]]]:
            return [self.after.by_name]

        def before() -> list[Mapping[str, list[AdminUnit]]]:
            return [self.before.by_name]

        def districts() -> list[Mapping[str, list[AdminUnit]]]:
            return [self.districts]

        own, other = (after, before) if self.era == "after" else (before, after)
        if level == "district":
            return [districts]
        if level == "commune":
            return [own, other]
        return [lambda: [*own(), *districts()], other]

    def _by_code(self, code: str) -> AdminUnit | None:
        new = self.after.by_code.get(code)
        if new is not None and self.era == "after":
            return new
        return self.before.by_code.get(code) or new

    def resolve(
        self,
        text: object,
        *,
        level: Level | None = None,
        district: str | None = None,
        hints: bool = True,
    ) -> Resolution:
        """The unit a cell names. A code (five digits, leading zeros optional) is looked up
        first; a name in the bound province before the others, a unit of the kind typed
        before the others, the era's units before the other era's. ``district`` narrows the
        communes before the reform to that old district's («Phường 12» of «Quận Gò Vấp»);
        ``hints`` False spares the search for the nearest names of a name not found."""
        raw = as_text(text)
        if not raw.strip():
            return Resolution(raw)
        if level != "district" and (code := digits(raw, 5)) is not None:
            found = self._by_code(code)
            if found is not None:
                return Resolution(raw, found, by_code=True)
        kind, rest, whole = typed(raw)
        pools = self._pools(level)
        district_key = None if district is None else typed(district)[1]
        kinds = [kind, None] if kind else [None]
        for scope in self._scopes():
            for wanted in kinds:
                for pool in pools:
                    for key in dict.fromkeys((rest, whole)):
                        units = [
                            u
                            for index in pool()
                            for u in index.get(key, ())
                            if (scope is None or u.province_code == scope)
                            and (wanted is None or u.kind == wanted)
                            and (district_key is None or _in_district(u, district_key))
                        ]
                        if len(units) == 1:
                            return Resolution(raw, units[0], kind_typed=kind)
                        if units:
                            return Resolution(raw, candidates=tuple(units), kind_typed=kind)
        near = self._hints(rest, pools) if hints else ()
        return Resolution(raw, hints=near, kind_typed=kind)

    def _scopes(self) -> list[str | None]:
        """The bound province (if any), then anywhere."""
        return [self.province_code, None] if self.province_code else [None]

    def _hints(self, key: str, pools: _Pools) -> tuple[AdminUnit, ...]:
        """The units whose name is clearly the nearest to ``key``, looking in the bound
        province first, then anywhere, among the era's units first: the first place with a
        name near at all decides, and gives no hint when its runner-up is about as near."""
        for scope in self._scopes():
            for pool in pools:
                names: dict[str, list[AdminUnit]] = defaultdict(list)
                for index in pool():
                    for name, units in index.items():
                        for unit in units:
                            if scope is None or unit.province_code == scope:
                                names[name].append(unit)
                near = _near(key, list(names))
                if near:  # the nearest names of the first pool with any: one, or no hint
                    return tuple(names[near[0]]) if len(near) == 1 else ()
        return ()


def _in_district(unit: AdminUnit, district_key: str) -> bool:
    return not unit.district or typed(unit.district)[1] == district_key


def _near(key: str, names: Sequence[str]) -> list[str]:
    """The names near ``key`` (at least :data:`HINT_CUTOFF`), nearest first: only the
    nearest when it is clearly so (by :data:`HINT_MARGIN`), else the two nearest."""
    import difflib  # only a name not found needs it

    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    scores: list[tuple[float, str]] = []
    for name in names:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= HINT_CUTOFF and matcher.quick_ratio() >= HINT_CUTOFF:
            scores.append((matcher.ratio(), name))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < HINT_CUTOFF:
        return []
    if len(scores) > 1 and scores[0][0] - scores[1][0] < HINT_MARGIN:
        return [scores[0][1], scores[1][1]]
    return [scores[0][1]]
