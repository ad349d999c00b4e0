"""The raw screens of row classification pass every text that folds to a totals label or
starts a signature line, whatever characters it is typed in.

Row classification folds only the texts that pass the screens (a national census has a
hundred thousand distinct names). Missing one would turn a "Tổng cộng" row into an
organization, so the screened result is compared with the definition: fold every text,
then look.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ktt_indicators.census import layout
from ktt_indicators.census.layout import (
    _PLACE_AND_DATE,
    _SIGNATURE,
    _SUBTOTALS,
    _TOTALS,
    _raw_screens,
    _special_texts,
)
from ktt_indicators.core.text import fold

LABELS = _TOTALS | _SUBTOTALS


def special_by_definition(text: str) -> bool:
    folded = fold(text)
    bare = folded.strip("() ")
    return (
        folded in LABELS
        or bare in LABELS
        or bare.startswith(_SIGNATURE)
        or bool(_PLACE_AND_DATE.search(bare))
    )


@pytest.fixture(autouse=True)
def always_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screen however few the texts (a sheet is screened from SCREEN_FROM texts on)."""
    monkeypatch.setattr(layout, "SCREEN_FROM", 0)


def screened(texts: list[str]) -> set[str]:
    return set(_special_texts([set(texts)]))


def test_the_forms_own_rows_are_found() -> None:
    texts = [
        "Tổng cộng", "TỔNG CỘNG", "(Cộng)", "Cộng:", "tong so", "Toàn tỉnh", "Người lập biểu",
        "KÝ TÊN, ĐÓNG DẤU", "Cần Thơ, ngày 15 tháng 12 năm 2025", "Ngay 1 thang 1 nam 2024",
        "T\u00f4\u0309ng c\u00f4\u0323ng",  # decomposed marks
        "Chủ tịch UBND", "Tổ hợp tác số 5", "HTX Nông nghiệp Tân Long", "Xã Phú Hòa 12",
    ]  # fmt: skip
    found = screened(texts)
    assert found == {t for t in texts if special_by_definition(t)}
    assert "Tổ hợp tác số 5" not in found and "Tổng cộng" in found and len(found) == 12


def test_every_character_of_the_bmp_around_a_label() -> None:
    """Each character of the Basic Multilingual Plane, before, inside and after a label and
    a signature date: the screens never drop a text the definition calls special."""
    texts = []
    for cp in range(0x10000):
        c = chr(cp)
        if 0xD800 <= cp < 0xE000:
            continue  # surrogates are not characters a cell can hold
        texts += [f"{c}cong", f"co{c}ng", f"cong{c}", f"t{c}ng so",
                  f"ngay{c}1 thang 1 nam 2024"]  # fmt: skip
    first, dated, unusual = _raw_screens()
    missed = [
        t for t in texts
        if special_by_definition(t)
        and not (first.match(t) or dated.search(t) or unusual.search(t))
    ]  # fmt: skip
    assert missed == []


PIECES = st.sampled_from(
    ["Tổng", "cộng", "CỘNG", "c\u00f4\u0323ng", "Cong", "số", "toàn", "tỉnh", "Người", "lập",
     "biểu", "ngày", "tháng", "năm", "15", "2025", "(", ")", " ", "  ", "-", ":", ",", ".",
     "\u0301", "\u00a0", "\t", "ß", "\u212a", "İ", "ŉ", "\ufb00", "x", "Tổ", "hợp", "tác",
     "ký", "tên", "chủ", "tịch", "٣", "\u200b", "co\u1ab0ng", "\u037e", "\u212aý", "ghi"]
)  # fmt: skip


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.lists(PIECES, max_size=9).map("".join), min_size=1, max_size=20))
def test_screened_texts_are_the_special_ones(texts: list[str]) -> None:
    assert screened(texts) == {t for t in texts if special_by_definition(t)}
