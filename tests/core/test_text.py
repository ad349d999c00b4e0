"""Folding text for matching: the bulk fold used on whole sheets equals folding one by one."""

from __future__ import annotations

import random

import pytest

from ktt_indicators.core.text import fold, fold_many

#: Vietnamese in both normal forms, other scripts, every kind of separator and whitespace,
#: combining marks inside and outside U+0300–U+036F, Greek letters that share a UTF-8 lead
#: byte with marks, a NUL and a lone surrogate.
ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyĐÁÀẢÃẠắằẳẵặếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ"
    "İßŉǰΐͰͱͲͳʹͶͷ;Ϳאבגعربي😀"
    "\u0301\u0308\u0323\u033f\u0340\u036f\u0370\u037f\u05b0\u064b\u1dc0\u20d0"
    " _-./:;,()\t\n\r\x0b\x0c\x1c\x1f\xa0\x85\u2028\u3000"
)


def test_fold_examples() -> None:
    assert fold("  Tổng   CỘNG: ") == "tong cong"
    assert fold("Đơn vị (triệu đồng)") == "don vi (trieu dong)"
    assert fold("Xã\u00a0Thới_Lai") == "xa thoi lai"


@pytest.mark.parametrize("seed", range(4))
def test_fold_many_equals_fold_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        texts = [
            "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(0, 25))
        ]
        assert fold_many(texts) == [fold(t) for t in texts], texts


@pytest.mark.parametrize("odd", ["a\x00b", "x\ud800y"])
def test_fold_many_falls_back_for_texts_it_cannot_join(odd: str) -> None:
    texts = ["Hợp tác xã", odd, "Tổng cộng"]
    assert fold_many(texts) == [fold(t) for t in texts]
