"""The phrase book: both catalogues hold the same phrases with the same fields, and every
phrase the code asks for by name is in them."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest

from ktt_indicators.core.i18n import LANGS, VI_ONLY, catalogue, phrase

SOURCE = Path(__file__).resolve().parents[2] / "src" / "ktt_indicators"
#: phrase("text.file-not-found", …), phrase(f"label.{k}", …), phrase("changes." + group, …)
#: or phrase('markup.title', …), the call's opening possibly on the line above.
LOOKUP = re.compile(r"""phrase\(\s*(f?)["']([^"'{]+)(["']\s*\+)?""")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def _looked_up() -> list[tuple[str, str, bool]]:
    """(file, key or key prefix, whether it is a prefix) of every lookup in the source."""
    found = []
    for path in sorted(SOURCE.glob("**/*.py")):
        for f_string, key, joined in LOOKUP.findall(path.read_text(encoding="utf-8")):
            found.append((path.name, key, bool(f_string or joined)))
    return found


def test_both_languages_have_the_same_phrases() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    shared = {k for k in vi if not k.startswith(VI_ONLY)}
    assert sorted(shared ^ set(en)) == []
    assert [k for k in en if k.startswith(VI_ONLY)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_phrase_is_a_template_with_the_same_fields(lang: str) -> None:
    vi, en = catalogue("vi"), catalogue("en")
    for key, template in catalogue(lang).items():  # type: ignore[arg-type]
        fields = _fields(template)  # a stray brace fails here
        if key in vi and key in en:
            assert fields == _fields(vi[key] if lang == "en" else en[key]), key


def test_every_phrase_the_code_names_is_in_the_book() -> None:
    vi = catalogue("vi")
    lookups = _looked_up()
    assert len(lookups) > 300  # the pattern still finds the calls
    missing = [
        (file, key)
        for file, key, prefix in lookups
        if not (any(k.startswith(key) for k in vi) if prefix else key in vi)
    ]
    assert missing == []


def test_a_phrase_is_filled_and_a_field_not_given_is_left_empty() -> None:
    assert phrase("text.file-not-found", "en", path="a.xlsx") == "File not found: a.xlsx"
    assert phrase("text.file-not-found", "vi") == "Không tìm thấy tệp: "
    # Literal braces are doubled in the book and come out single.
    assert phrase("yaml-syntax.unclosed-brace", "en") == "the «{» opened here is not closed by «}»"


def test_the_book_is_read_once_per_language() -> None:
    assert catalogue("vi") is catalogue("vi")
    assert catalogue("vi") is not catalogue("en")
