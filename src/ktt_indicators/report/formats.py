"""How numbers, targets, verdicts and cells are written: 1.250,5 (vi) or 1,250.5 (en), a
target as the plan's document words it, met or not, and CSV cells that can never run as a formula.

Every report (terminal, CSV, Markdown, HTML, xlsx, docx) writes its values through these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.i18n import Lang, phrase
from ..plan.targets import Comparison

if TYPE_CHECKING:
    from ..plan.progress import Progress


def fmt_number(x: float | None, lang: Lang, decimals: int = 0) -> str:
    """A number in the language's convention: 1.250,5 (vi) or 1,250.5 (en)."""
    if x is None:
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_percent(x: float | None, lang: Lang) -> str:
    """A fraction as a percentage with one decimal: 0.625 → 62,5% (vi)."""
    return "–" if x is None else fmt_number(x * 100, lang, 1) + "%"


def fmt_amount(x: float | None, percent: bool, lang: Lang) -> str:
    """A value in its unit: a percentage for shares and ratios, else a number."""
    if percent:
        return fmt_percent(x, lang)
    whole = x is None or float(x).is_integer()
    return fmt_number(x, lang, 0 if whole else 1)


def fmt_value(p: Progress, x: float | None, lang: Lang) -> str:
    """A value in the unit of ``p``'s target."""
    return fmt_amount(x, p.kind in ("share", "ratio"), lang)


def fmt_comparison(
    comparison: Comparison, low: float | None, high: float | None, percent: bool, lang: Lang
) -> str:
    """A target as the document words it: "khoảng 2.000", "từ 80 đến 100", "trên 60,0%";
    a direction only ("tăng") has no number."""
    word = phrase(f"label.{comparison.value}", lang)
    if low is None:
        return word
    if comparison == Comparison.BETWEEN:
        to = phrase("label.to", lang)
        return f"{word} {fmt_amount(low, percent, lang)} {to} {fmt_amount(high, percent, lang)}"
    if comparison == Comparison.ALL:
        return f"{word} (100%)"
    return f"{word} {fmt_amount(low, percent, lang)}"


def fmt_target(p: Progress, lang: Lang) -> str:
    return fmt_comparison(p.comparison, p.target, p.target_high, p.kind in ("share", "ratio"), lang)


def status_text(met: bool | None, above: bool, lang: Lang) -> str:
    if met is None:
        return phrase("label.unknown", lang)
    text = phrase("label.yes" if met else "label.no", lang)
    return f"{text} ({phrase('label.above-range', lang)})" if above else text


def safe_cell(value: Any) -> Any:
    """Text from a census written to CSV can never run as a formula (=, +, -, @); a boolean
    is written true/false, as JSON writes it (not Python's True/False)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
