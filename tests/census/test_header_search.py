"""The header search scores each candidate row on its runs of equal cells, and reads only
the winner cell by cell; the result is the definition's: every candidate read cell by cell.

An .ods repeats a cell across a row with one attribute (1,024 columns of «Năm báo cáo»
are one element), and a workbook may hold a thousand such sheets: reading each candidate
row cell by cell made the search grow with sheets × width × rows.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ktt_indicators.census import layout, legacy_sheets
from ktt_indicators.census.layout import Header, find_header, header_at
from ktt_indicators.census.legacy_sheets import decode_legacy
from ktt_indicators.read import values as v
from ktt_indicators.read.legacy import TCVN3_TABLE
from ktt_indicators.read.workbook import Sheet


def by_definition(sheet: Sheet) -> Header | None:
    """Every row of the first 30, alone and with the next as sub-columns, read cell by cell;
    the best score wins (the first of equals)."""
    best: tuple[tuple[int, bool, int], Header] | None = None
    rows = sheet.rows
    for r in range(min(layout.HEADER_SCAN_ROWS, len(rows))):
        single = header_at(sheet, r, False)
        options = [(single, False)]
        if r + 1 < len(rows) and not layout._is_column_numbers(rows[r + 1]):
            pair = header_at(sheet, r, True)
            clean = not any(c.i == r + 1 for c in pair.unknown)
            options.append((pair, clean and any(not v.is_empty(c) for c in rows[r + 1])))
        for header, clean in options:
            score = (len(header.keys), clean, len(single.keys))
            if score[0] >= layout.MIN_HEADER_MATCHES and (best is None or score > best[0]):
                best = (score, header)
    return best[1] if best else None


CELLS = st.sampled_from(
    ["Tên tổ chức", "Loại hình", "Mã số", "Số thành viên", "Tổng số", "Nữ", "Xếp loại", "Tốt",
     "Khá", "Yếu", "Lĩnh vực", "Nông nghiệp", "Vốn điều lệ", "Tổng", "Danh sách", "(1)", "(2)",
     "(3)", "", "", "", " ", "Có", "TRUE", 1, 1.0, True, False, 0, -0.0, 2.5, 2025,
     datetime.date(2025, 1, 1), float("nan")]
)  # fmt: skip
#: A cell and how many times it is repeated across.
RUNS = st.lists(st.tuples(CELLS, st.sampled_from([1, 1, 2, 7])), max_size=12)
MERGES = st.lists(st.tuples(st.integers(-1, 5), st.integers(-1, 20), st.integers(0, 2),
                            st.integers(-1, 6)), max_size=6)  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(RUNS, min_size=1, max_size=6), MERGES, st.sampled_from([(0, 0), (2, 1)]))
def test_the_header_found_is_the_definitions(
    runs: list[list[tuple[Any, int]]],
    merges: list[tuple[int, int, int, int]],
    corner: tuple[int, int],
) -> None:
    rows = [[cell for cell, n in row for _ in range(n)] for row in runs]
    top, left = corner
    merged = tuple((top + r, left + c, top + r + h, left + c + w) for r, c, h, w in merges)
    sheet = Sheet("Danh sách", True, rows, top, left, merged=merged)
    assert repr(find_header(sheet)) == repr(by_definition(sheet))


def test_shown_row_is_each_cell_as_merged_value_shows_it() -> None:
    rows = [["Nhóm", "", "", "x", "", "y"], ["a", "b", "c", "d", "e", "f"]]
    merged = ((0, 0, 1, 2), (0, 2, 0, 4), (1, 5, 1, 9), (0, -1, 0, 0))
    sheet = Sheet("S", True, rows, 0, 0, merged=merged)
    for i in range(2):
        expected = [sheet.merged_value(i, j) for j in range(8)]
        assert sheet.shown_row(i, 8) == expected
    assert sheet.shown_row(0, 8)[:5] == ["Nhóm", "Nhóm", "", "", ""]


@pytest.fixture
def columns_read(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Each header column :func:`layout._column` is asked about."""
    read: list[Any] = []
    real = layout._column

    def counting(top: Any, sub: Any, group: str) -> tuple[str, str, bool, str | None, Any]:
        read.append((top, sub))
        return real(top, sub, group)

    monkeypatch.setattr(layout, "_column", counting)
    return read


def test_a_cell_repeated_across_is_looked_at_once(columns_read: list[Any]) -> None:
    """The information block of a census with one label repeated over 1,024 columns: no
    candidate is read column by column."""
    width = 1025
    rows = [
        ["Đơn vị báo cáo", "UBND xã Thử Nghiệm"] + [""] * (width - 2),
        ["Năm báo cáo"] * 1024 + [2025.0],
        ["Ngày số liệu", datetime.date(2025, 12, 15)] + [""] * (width - 2),
    ]
    sheets = [Sheet("Thông tin chung", True, rows, 0, 0) for _ in range(20)]
    assert all(find_header(sheet) is None for sheet in sheets)
    assert 0 < len(columns_read) <= 20 * 20


def test_only_the_winner_is_read_cell_by_cell(columns_read: list[Any]) -> None:
    rows = [
        ["Tên tổ chức"] * 400 + ["Loại hình"] * 400 + ["Mã số"] * 200,
        ["HTX Một", "HTX", "0101"] + [""] * 997,
    ]
    header = find_header(Sheet("Danh sách", True, rows, 0, 0))
    assert header is not None and header.first == header.last == 0
    assert header.keys == {"ten", "loai_hinh", "ma_so"}
    assert len(header.duplicates) == 997
    assert 1000 <= len(columns_read) <= 1000 + 30


def test_a_sheet_whose_texts_no_encoding_converts_is_not_searched_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sheet without a census header is searched again as TCVN3 or VNI only when one of
    its texts converts; one typed in Unicode («Đơn vị», «Năm») converts nothing."""
    searched: list[Sheet] = []
    real = legacy_sheets.find_header

    def counting(sheet: Sheet) -> Header | None:
        searched.append(sheet)
        return real(sheet)

    monkeypatch.setattr(legacy_sheets, "find_header", counting)
    unicode = Sheet("Thông tin", True, [["Đơn vị báo cáo", "Năm báo cáo", "Người lập biểu"]], 0, 0)
    assert decode_legacy([unicode]).legacy == []
    assert searched == []
    legacy = {u: c for c, u in TCVN3_TABLE.items()}
    typed = ["".join(legacy.get(ch, ch) for ch in t) for t in ("Tên tổ chức", "Loại hình", "Mã số")]
    tcvn3 = Sheet("Danh sách", True, [typed, ["HTX Một", "HTX", "0101"]], 0, 0)
    searched.clear()
    decoded = decode_legacy([tcvn3])
    assert [encoding.name for _, encoding, _ in decoded.legacy] == ["TCVN3"]
    assert searched  # searched converted
