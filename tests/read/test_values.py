"""The cell parsers: values as people really type them (census-format.md, «How people type»)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ktt_indicators.census.schema import (
    Gender,
    LegalForm,
    Product,
    Rating,
    Sector,
    Status,
    parse_gender,
    parse_legal_form,
    parse_population,
    parse_product,
    parse_rating,
    parse_sector,
    parse_status,
    parse_year,
)
from ktt_indicators.core.text import area_key, fold, fold_header
from ktt_indicators.read import parsed_column, values
from ktt_indicators.read.values import CellError


def nfd(text: str) -> str:
    """The same text in decomposed Unicode, as some keyboards and macOS produce it."""
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text, "the test input must really change under NFD"
    return decomposed


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.250", 1250),
        ("1.263.000", 1_263_000),
        ("12 người", 12),
        (" 1 250 ", 1250),
        ("1\u00a0250", 1250),
        ("1.000.000 đồng", 1_000_000),
        (12.0, 12),
        (12, 12),
        ("0", 0),
        (0, 0),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_count_reads_vietnamese_numbers(raw: Any, expected: int | None) -> None:
    result = values.parse_count(raw)
    assert result == expected
    if expected is not None:
        assert type(result) is int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.250", 1250.0),
        ("1.250,5", 1250.5),
        ("1.263.000", 1_263_000.0),
        ("1,5", 1.5),
        ("0,25", 0.25),
        ("12 người", 12.0),
        (" 1 250 ", 1250.0),
        ("1.250,5 triệu đồng", 1250.5),
        (12.0, 12.0),
        (1.5, 1.5),
        (7, 7.0),
        ("", None),
        (None, None),
    ],
)
def test_parse_amount_reads_vietnamese_numbers(raw: Any, expected: float | None) -> None:
    assert values.parse_amount(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("-5", -5.0), (-5, -5.0), ("-1.250,5", -1250.5), ("1.250", 1250.0), ("0", 0.0)],
)
def test_parse_signed_amount_accepts_negative_profit(raw: Any, expected: float) -> None:
    assert values.parse_signed_amount(raw) == expected


@pytest.mark.parametrize(
    ("parser", "raw", "code"),
    [
        (values.parse_count, "-5", "negative-value"),
        (values.parse_count, -5, "negative-value"),
        (values.parse_amount, "-5", "negative-value"),
        (values.parse_amount, "-1.250,5", "negative-value"),
        (values.parse_count, "abc", "wrong-type"),
        (values.parse_amount, "abc", "wrong-type"),
        (values.parse_signed_amount, "abc", "wrong-type"),
        (values.parse_count, True, "wrong-type"),
        (values.parse_count, False, "wrong-type"),
        (values.parse_amount, True, "wrong-type"),
        (values.parse_signed_amount, True, "wrong-type"),
        (values.parse_count, 1.5, "wrong-type"),
        (values.parse_count, "1,5", "wrong-type"),
        (values.parse_count, "1.250,5", "wrong-type"),
        (values.parse_count, date(2023, 3, 16), "wrong-type"),
    ],
)
def test_number_parsers_reject_bad_values(
    parser: Callable[[Any], Any], raw: Any, code: str
) -> None:
    with pytest.raises(CellError) as info:
        parser(raw)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("parser", "raw", "expected"),
    [
        (parse_year, 2025, 2025),
        (parse_year, "2025", 2025),
        (parse_year, 2025.0, 2025),
        (parse_year, 2000, 2000),
        (parse_year, 2100, 2100),
        (parse_population, "1.263.000", 1_263_000),
        (parse_population, 1_263_000, 1_263_000),
        (parse_population, "1.263.000 người", 1_263_000),
    ],
)
def test_information_values(parser: Callable[[Any], Any], raw: Any, expected: int) -> None:
    assert parser(raw) == expected


@pytest.mark.parametrize(
    ("parser", "raw", "code"),
    [
        (parse_year, 1990, "out-of-range"),
        (parse_year, 1999, "out-of-range"),
        (parse_year, 2101, "out-of-range"),
        (parse_year, "năm nay", "wrong-type"),
        (parse_year, 2025.5, "wrong-type"),
        (parse_population, 0, "out-of-range"),
        (parse_population, "-10", "out-of-range"),
        (parse_population, "nhiều", "wrong-type"),
    ],
)
def test_information_values_rejected(parser: Callable[[Any], Any], raw: Any, code: str) -> None:
    with pytest.raises(CellError) as info:
        parser(raw)
    assert info.value.code == code


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2023, 3, 16), date(2023, 3, 16)),
        (datetime(2023, 3, 16, 0, 0), date(2023, 3, 16)),
        (datetime(2023, 3, 16, 14, 30), date(2023, 3, 16)),
        ("16/3/2023", date(2023, 3, 16)),
        ("16/03/2023", date(2023, 3, 16)),
        ("1/2/2023", date(2023, 2, 1)),  # day first: 1 February, not 2 January
        ("16-03-2023", date(2023, 3, 16)),
        ("2023-03-16", date(2023, 3, 16)),
        (" 16/3/2023 ", date(2023, 3, 16)),
        ("2019", date(2019, 1, 1)),
        (2019, date(2019, 1, 1)),
        (2019.0, date(2019, 1, 1)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw: Any, expected: date | None) -> None:
    result = values.parse_date(raw)
    assert result == expected
    if expected is not None:
        assert type(result) is date


@pytest.mark.parametrize(
    "raw", ["32/13/2020", "31/02/2023", "16/3", "hôm qua", "2023-13-01", True, 3.5]
)
def test_parse_date_rejects(raw: Any) -> None:
    with pytest.raises(CellError) as info:
        values.parse_date(raw)
    assert info.value.code == "wrong-type"


# --------------------------------------------------------------------------- yes / no


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Có", True),
        ("có", True),
        ("CÓ", True),
        (nfd("Có"), True),
        ("co", True),
        ("Không", False),
        ("không", False),
        (nfd("Không"), False),
        ("khong", False),
        ("x", True),
        ("X", True),
        (" x ", True),
        ("✓", True),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        (True, True),
        (False, False),
        ("TRUE", True),
        ("FALSE", False),
        ("true", True),
        ("yes", True),
        ("Yes", True),
        ("no", False),
        ("", False),
        ("  ", False),
        (None, False),
    ],
)
def test_parse_yes_no(raw: Any, expected: bool) -> None:
    assert values.parse_yes_no(raw) is expected


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [("có lẽ", "Có"), ("không rõ", "Không"), ("abc", None), (2, None)],
)
def test_parse_yes_no_rejects_with_suggestion(raw: Any, suggestion: str | None) -> None:
    with pytest.raises(CellError) as info:
        values.parse_yes_no(raw)
    assert info.value.code == "wrong-type"
    assert info.value.suggestion == suggestion


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1801234567", "1801234567"),
        ("0312345678", "0312345678"),  # typed as text: the leading zero is kept
        ("1801234567-001", "1801234567-001"),
        (" 1801234567 ", "1801234567"),
        (1801234567, "1801234567"),
        (1801234567.0, "1801234567"),
        (312345678, "0312345678"),  # typed as a number: 9 digits, zero restored
        (312345678.0, "0312345678"),
        ("", None),
        (None, None),
    ],
)
def test_parse_code(raw: Any, expected: str | None) -> None:
    assert values.parse_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1.8E+09", "code-in-scientific-notation"),
        ("1,8E+09", "code-in-scientific-notation"),
        ("1.80123E+9", "code-in-scientific-notation"),
        (1.5, "code-in-scientific-notation"),
        ("18012345", "invalid-code"),
        ("18012345678", "invalid-code"),
        ("1801234567-1", "invalid-code"),
        ("HTX-001", "invalid-code"),
        (True, "invalid-code"),
    ],
)
def test_parse_code_rejects(raw: Any, code: str) -> None:
    with pytest.raises(CellError) as info:
        values.parse_code(raw)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("raw", "lost"),
    [
        (312345678, True),
        (312345678.0, True),
        ("1801234567", False),
        ("0312345678", False),
        (1801234567, False),
        (None, False),
    ],
)
def test_code_lost_leading_zero(raw: Any, lost: bool) -> None:
    assert values.code_lost_leading_zero(raw) is lost


# --------------------------------------------------------------------------- categories


@pytest.mark.parametrize(
    ("parser", "raw", "expected"),
    [
        (parse_rating, "kha", Rating.FAIR),
        (parse_rating, "Khá", Rating.FAIR),
        (parse_rating, "KHÁ", Rating.FAIR),
        (parse_rating, nfd("Khá"), Rating.FAIR),
        (parse_rating, "TB", Rating.AVERAGE),
        (parse_rating, "trung binh", Rating.AVERAGE),
        (parse_rating, "tot", Rating.GOOD),
        (parse_rating, "yeu", Rating.WEAK),
        (parse_rating, "", Rating.UNRATED),
        (parse_rating, None, Rating.UNRATED),
        (parse_rating, "Chưa xếp loại", Rating.UNRATED),
        (parse_legal_form, "hop tac xa", LegalForm.HTX),
        (parse_legal_form, "Hợp tác xã", LegalForm.HTX),
        (parse_legal_form, "htx", LegalForm.HTX),
        (parse_legal_form, "Liên hiệp HTX", LegalForm.LHHTX),
        (parse_legal_form, "Liên hiệp hợp tác xã", LegalForm.LHHTX),
        (parse_legal_form, "LHHTX", LegalForm.LHHTX),
        (parse_legal_form, "Tổ hợp tác", LegalForm.THT),
        (parse_legal_form, "to hop tac", LegalForm.THT),
        (parse_legal_form, "THT", LegalForm.THT),
        (parse_sector, "Nông nghiệp", Sector.AGRICULTURE),
        (parse_sector, nfd("Nông nghiệp"), Sector.AGRICULTURE),
        (parse_sector, "NONG NGHIEP", Sector.AGRICULTURE),
        (parse_sector, "cong nghiep - tieu thu cong nghiep", Sector.INDUSTRY),
        (parse_sector, "Tín dụng", Sector.CREDIT),
        (parse_status, "dang hoat dong", Status.ACTIVE),
        (parse_status, "Đã giải thể", Status.DISSOLVED),
        (parse_status, nfd("Tạm ngừng hoạt động"), Status.SUSPENDED),
        (parse_gender, "nu", Gender.FEMALE),
        (parse_gender, "Nam", Gender.MALE),
        (parse_product, "trai cay", Product.FRUIT),
        (parse_product, "Lúa gạo", Product.RICE),
    ],
)
def test_category_parsers(parser: Callable[[Any], Any], raw: Any, expected: Any) -> None:
    assert parser(raw) is expected


@pytest.mark.parametrize(
    ("parser", "raw"), [(parse_sector, ""), (parse_legal_form, None), (parse_status, "  ")]
)
def test_category_parsers_empty_is_none(parser: Callable[[Any], Any], raw: Any) -> None:
    assert parser(raw) is None


@pytest.mark.parametrize(
    ("parser", "raw", "suggestion"),
    [
        (parse_sector, "nong nghiep x", "Nông nghiệp"),
        (parse_rating, "Khaa", "Khá"),
        (parse_status, "Dang hoat dongg", "Đang hoạt động"),
    ],
)
def test_category_not_in_list(
    parser: Callable[[Any], Any], raw: str, suggestion: str | None
) -> None:
    with pytest.raises(CellError) as info:
        parser(raw)
    assert info.value.code == "not-in-list"
    assert info.value.suggestion == suggestion


# --------------------------------------------------------------------------- text folding


def test_fold_header_with_line_break_matches_english_key() -> None:
    assert fold("Số thành\nviên") == "so thanh vien"
    assert fold("so_thanh_vien") == "so thanh vien"
    assert fold(nfd("Số thành viên")) == "so thanh vien"
    assert fold("  SỐ   THÀNH VIÊN ") == "so thanh vien"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Doanh thu (triệu đồng)", "doanh thu"),
        ("Vốn điều lệ [tr.đ]", "von dieu le"),
        ("Đơn vị báo cáo", "don vi bao cao"),
        ("Xã/phường", "xa phuong"),
    ],
)
def test_fold_header(raw: str, expected: str) -> None:
    assert fold_header(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Q. Ninh Kiều", "ninh kieu"),
        ("Quận Ninh Kiều", "ninh kieu"),
        ("quan ninh kieu", "ninh kieu"),
        ("Ninh Kiều", "ninh kieu"),
        ("Huyện Phong Điền", "phong dien"),
        ("Phường Cái Khế", "cai khe"),
        ("Xã Thới Lai", "thoi lai"),
        ("TP. Cần Thơ", "can tho"),
    ],
)
def test_area_key(raw: str, expected: str) -> None:
    assert area_key(raw) == expected


# ------------------------------------------------------------------ whole columns

_CELLS: list[object] = [
    "", " ", "\u3000", "x", "Có", "không", "Hợp tác xã  An  Bình", "Ho\u0323p ta\u0301c xa\u0303",
    "1878838103", "1878838103-002", "187883810", "1878838103\n", "18788 38103", "١٢٣٤٥٦٧٨٩٠",
    "1.250", "1.250,5", "12 người", "-3", "abc", "16/3/2023", "2023-03-16", "2023", "a\x00b",
    " An Bình ", "Tổ hợp tác\t", "a\nb", "\u00a0x",
    0.0, -0.0, 1.0, 2.0, 5.5, -2.0, 1878838103.0, 187883810.0, 1.5e12, 2023.0, 45000.0,
    0, 1, 7, True, False, date(2024, 5, 6), datetime(2024, 5, 6, 7, 8),
]  # fmt: skip


@pytest.mark.parametrize(
    "parse",
    [
        values.parse_text,
        values.parse_code,
        values.parse_amount,
        values.parse_signed_amount,
        values.parse_count,
        values.parse_date,
        values.parse_yes_no,
    ],
)
@pytest.mark.parametrize("seed", range(12))
def test_parse_column_is_parse_cell_by_cell(parse: Callable[[Any], Any], seed: int) -> None:
    """Bulk parsing of a column gives each cell what parsing it alone gives, and the error
    positions are exactly the cells whose own parse raises."""
    rng = random.Random(seed)
    pool = [
        c for c in _CELLS
        if (seed % 2 or not isinstance(c, bool)) and (seed % 3 == 0 or c != "a\x00b")
    ]  # fmt: skip
    column = [rng.choice(pool) for _ in range(60)]
    parsed, bad = parsed_column.parse_column(parse, column)
    expected, errors = [], []
    for p, cell in enumerate(column):
        try:
            expected.append(parse(cell))
        except values.CellError:
            expected.append(None)
            errors.append(p)
    assert parsed == expected
    assert [type(x) for x in parsed] == [type(x) for x in expected]
    assert bad == errors


@pytest.mark.parametrize(
    "parse",
    [values.parse_text, values.parse_amount, values.parse_count, values.parse_yes_no],
)
@pytest.mark.parametrize("column", [[True, 1.0], [1.0, True, 2.0], [False, 0.0, ""], [1, True]])
def test_parse_column_tells_true_from_one(parse: Callable[[Any], Any], column: list[Any]) -> None:
    """TRUE and 1.0 are one key of a set: each still gets what its own parse gives."""
    expected = []
    for cell in column:
        try:
            expected.append(parse(cell))
        except values.CellError:
            expected.append(None)
    parsed, _ = parsed_column.parse_column(parse, column)
    assert parsed == expected
    assert [type(x) for x in parsed] == [type(x) for x in expected]


@pytest.mark.parametrize(
    "column",
    [
        ["1878838103", "0312345678-001", "", "1878838103", "١٢٣٤٥٦٧٨٩٠"],
        ["1878838103", "1878838103\n1878838103", ""],  # a line break inside one cell
        ["1878838103", 187883810.0, " 1878838103 "],
    ],
)
def test_parse_column_of_codes(column: list[Any]) -> None:
    parsed, bad = parsed_column.parse_column(values.parse_code, column)
    expected = []
    for cell in column:
        try:
            expected.append(values.parse_code(cell))
        except values.CellError:
            expected.append(None)
    assert parsed == expected
    assert bad == [p for p, x in enumerate(expected) if x is None and column[p] != ""]


_PIECES = st.sampled_from(
    ["a", "ô", "o\u0302", " ", "\t", "\n", "\u00a0", "\u3000", "\x85", "\x1f", "-"]
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=12))
def test_text_columns_are_tidied_as_cell_by_cell(column: list[str]) -> None:
    """The bulk text path finds every text whose spaces need tidying, wherever it is."""
    parsed, bad = parsed_column.parse_column(values.parse_text, column)
    assert parsed == [values.parse_text(cell) for cell in column]
    assert bad == []


@pytest.mark.parametrize(
    "untidy", [[" a", " b"], ["a ", "b "], ["a  b", "c  d"], ["a\tb", "c\u00a0d"]]
)
def test_untidy_texts_anywhere_in_a_column(untidy: list[str]) -> None:
    """Two of each kind, so that one of them is not the first text however a set orders
    them (the bulk path joins the distinct texts)."""
    column = ["Tân An", *untidy, "Phú Hòa", "An Bình"]
    parsed, _ = parsed_column.parse_column(values.parse_text, column)
    assert parsed == [values.parse_text(cell) for cell in column]
    assert all(" " not in (x or "")[:1] + (x or "")[-1:] for x in parsed)


@pytest.mark.parametrize(
    "parse", [values.parse_text, values.parse_code, values.parse_count, values.parse_yes_no]
)
@pytest.mark.parametrize("seed", range(6))
def test_a_parsed_column_answers_without_its_values_as_with_them(
    parse: Callable[[Any], Any], seed: int
) -> None:
    """where, where_none, at and distinct give from the distinct cells what the values
    (one per cell) give, before and after the values are made."""
    rng = random.Random(seed)
    column = [rng.choice(_CELLS) for _ in range(50)]
    lazy = parsed_column.ParsedColumn(parse, column, None)
    answers = []
    for _ in range(2):  # before the values are made, then after
        answers.append(
            (
                lazy.where(lambda x: isinstance(x, str) and len(x) > 1),
                lazy.where_none(),
                [lazy.at(p) for p in range(len(column))],
                lazy.distinct(),
            )
        )
        made = lazy.values
    assert answers[0] == answers[1]
    where, where_none, at, distinct = answers[0]
    assert where == [p for p, x in enumerate(made) if isinstance(x, str) and len(x) > 1]
    assert where_none == [p for p, x in enumerate(made) if x is None]
    assert at == made and distinct == set(made)
    assert where_none  # every parser meets an empty cell or an error in 50 cells
