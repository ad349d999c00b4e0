"""The guard's searches of a sheet's bytes start from the first rare byte a match must hold
(``f``, ``e``, ``:``): they find exactly what the regexes find over the whole piece."""

from __future__ import annotations

import itertools
import re

import pytest

from ktt_indicators.read import extent, guard_zip

CELL = b'<c r="A1" t="s"><v>0</v></c>'
#: Tags that hold the rare bytes, each with what a whole-piece search says about it.
NEEDLES = [
    b"<f>A1+1</f>",
    b"<x:f>A1+1</x:f>",
    b"<f/>",
    b'<c r="B2" t="e"><v>#N/A</v></c>',
    b'<x:c r="C3"><x:v>1</x:v></x:c>',
    b'<x:row r="4">',
    b'<dimension ref="A1:B2"/>',  # an f, an e and no formula
    b'<worksheet xmlns:x="http://e.f/">',  # every rare byte, nothing to find
    b"<is><t>ef: 12:30</t></is>",
]


def _whole(piece: bytes) -> tuple[bool, bool, bool]:
    formula = bool(re.search(rb"<f[\s/>]", piece) or re.search(rb":f[\s/>]", piece))
    error = b't="e"' in piece
    prefixed = bool(extent._PREFIXED.search(piece))
    return formula, error, prefixed


@pytest.mark.parametrize("pair", list(itertools.product(NEEDLES, repeat=2)))
def test_the_gated_searches_find_what_whole_piece_searches_find(
    pair: tuple[bytes, bytes],
) -> None:
    piece = CELL * 3 + pair[0] + CELL * 3 + pair[1] + CELL
    formula, error, prefixed = _whole(piece)
    assert guard_zip._has_formula(piece) is formula
    assert guard_zip._has_error_cell(piece) is error
    if prefixed:  # a prefixed cell or row is irregular, whatever else the piece holds
        assert extent._irregular(piece)


def test_a_piece_of_plain_cells_has_no_formula_error_or_prefix() -> None:
    piece = CELL * 100
    assert not guard_zip._has_formula(piece)
    assert not guard_zip._has_error_cell(piece)
    assert not extent._irregular(piece)
    assert guard_zip._has_formula(piece + b"<f>1</f>")
    assert guard_zip._has_error_cell(piece + b'<c r="Z9" t="e"/>')
    assert extent._irregular(piece + b'<x:c r="Z9"/>')
