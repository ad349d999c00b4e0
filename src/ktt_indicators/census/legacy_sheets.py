"""Sheets typed in a legacy encoding (TCVN3, VNI: see :mod:`..read.legacy`), found by what
converting them makes of their first rows, and converted.

A file typed in .VnTime or VNI-Times fonts holds text that reads as «Tæ hîp t¸c» in
Unicode: its list sheets have no header :func:`.layout.find_header` can find, and its
information sheet's labels name nothing. Each is converted when converting finds one.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..read import values as v
from ..read.workbook import Sheet
from .layout import (
    HEADER_SCAN_ROWS,
    INFO_SCAN_ROWS,
    Header,
    find_header,
    find_info_sheet,
    find_list_sheets,
    info_labels,
    label_cells,
    visible_but,
)

if TYPE_CHECKING:  # the tables are built on import: only a sheet without a header needs them
    from ..read.legacy import Encoding


@dataclass(frozen=True)
class Decoded:
    """The sheets of a workbook as read, the ones typed in a legacy encoding converted."""

    sheets: list[Sheet]
    lists: list[tuple[Sheet, Header]]
    #: Each converted sheet (as converted), its encoding and how many of its text cells
    #: were kept as typed because they are Unicode already, in workbook order.
    legacy: list[tuple[Sheet, Encoding, int]]


def decode_legacy(
    sheets: Sequence[Sheet], lists: Sequence[tuple[Sheet, Header]] | None = None
) -> Decoded:
    """``sheets`` with those typed in a legacy encoding (TCVN3, VNI: see :mod:`.legacy`)
    converted to Unicode, their list sheets (``lists``: :func:`find_list_sheets` of
    ``sheets``, found here when not given) and which sheets were converted.

    Nothing is guessed from ordinary text: a visible sheet without a census header is in an
    encoding when its first rows, converted, hold one; the information sheet when its
    labels, converted, name more fields than they do as typed (at least two, or one in a
    sheet named «Thông tin chung»). A sheet that reads as a census in Unicode is never
    converted, and a workbook whose sheets all do costs nothing here. In a converted sheet,
    a text cell typed in Unicode (an old file that later got cells typed in Unicode) is kept
    as typed (:meth:`.legacy.Encoding.convert_sheet`)."""
    lists = list(find_list_sheets(sheets) if lists is None else lists)
    listed = {id(s) for s, _ in lists}
    out = list(sheets)
    legacy: list[tuple[Sheet, Encoding, int]] = []
    found: dict[int, tuple[Sheet, Header]] = {}
    for k, sheet in enumerate(sheets):
        if not sheet.visible or id(sheet) in listed:
            continue
        decoded = _decoded_list(sheet)
        if decoded is not None:
            out[k] = decoded[0]
            found[k] = (decoded[0], decoded[1])
            legacy.append((decoded[0], decoded[2], decoded[3]))
    if found:
        position = {id(s): k for k, s in enumerate(sheets)}
        by_position = {position[id(s)]: (s, h) for s, h in lists} | found
        lists = [by_position[k] for k in sorted(by_position)]
    info = _decoded_info(out, [s for s, _ in lists])
    if info is not None:
        k, sheet, encoding, kept = info
        out[k] = sheet
        legacy.append((sheet, encoding, kept))
        order = {id(s): n for n, s in enumerate(out)}
        legacy.sort(key=lambda item: order[id(item[0])])
    return Decoded(out, lists, legacy)


def _decoded_list(sheet: Sheet) -> tuple[Sheet, Header, Encoding, int] | None:
    """``sheet`` converted, its header, its encoding and how many text cells were kept as
    typed (Unicode already), when converting its first rows makes them hold a census
    header."""
    from ..read.legacy import ENCODINGS

    top = sheet.rows[: HEADER_SCAN_ROWS + 1]
    texts = [c for c in set().union(*top) if type(c) is str]  # each distinct text once
    best: tuple[int, Encoding] | None = None
    for encoding in ENCODINGS:
        if not encoding.may_hold(texts):
            continue
        converted = encoding.convert_rows(top)
        if converted is top:  # no text converts: the rows hold no header, as they did
            continue
        header = find_header(replace(sheet, rows=converted))
        if header is not None and (best is None or len(header.keys) > best[0]):
            best = (len(header.keys), encoding)
    if best is None:
        return None
    encoding = best[1]
    rows, kept = encoding.convert_sheet(sheet.rows, accepted_spellings())
    decoded = replace(sheet, rows=rows)
    header = find_header(decoded)
    return None if header is None else (decoded, header, encoding, kept)


def _decoded_info(
    sheets: list[Sheet], lists: list[Sheet]
) -> tuple[int, Sheet, Encoding, int] | None:
    """The information sheet converted (its position, itself, its encoding, how many text
    cells were kept as typed), when its labels are typed in a legacy encoding; None when
    they read as they are, or no sheet is one."""
    info = find_info_sheet(sheets, lists)
    if info is not None and info_labels(info) >= 2:
        return None
    from ..read.legacy import ENCODINGS

    named = info is not None  # found by its name: its labels are not read
    candidates = [info] if info is not None else visible_but(sheets, lists)
    for sheet in candidates:
        texts = label_cells(sheet)
        typed = info_labels(sheet)
        for encoding in ENCODINGS:
            if not encoding.may_hold(texts):
                continue
            trial = replace(sheet, rows=encoding.convert_rows(sheet.rows[:INFO_SCAN_ROWS]))
            score = info_labels(trial)
            if score > typed and score >= (1 if named else 2):
                rows, kept = encoding.convert_sheet(sheet.rows, accepted_spellings())
                k = next(k for k, s in enumerate(sheets) if s is sheet)
                return k, replace(sheet, rows=rows), encoding, kept
    return None


@functools.cache
def accepted_spellings() -> frozenset[str]:
    """Every folded spelling a category or yes/no column takes («kha», «co», «khong»): a
    cell of a converted sheet that is one, and whose conversion is not, was typed in
    Unicode (:meth:`.legacy.Encoding.convert_sheet`)."""
    return frozenset().union(v.YES_NO_SPELLINGS, *v.ACCEPTED_SPELLINGS.values())
