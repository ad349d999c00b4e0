"""User-facing words in Vietnamese (default) and English: the phrase book.

Library objects carry language-neutral data (codes, keys, numbers); this
module turns them into sentences. Only renderers and the command line call it.
Every phrase is in one catalogue per language, ``phrases/vi.json`` and
``phrases/en.json`` (loaded once, when a phrase of that language is first asked
for), under a namespaced key: ``text.…`` (sentences of the command line),
``label.…`` (column headings and labels), ``vocab.…``, ``os.<errno>``,
``yaml-syntax.…``, ``finding.<code>.title`` and ``.message``, ``finding-phrase.…``,
``markup.…``, ``batch-notes.…``, ``changes.…``. Each phrase is a :meth:`str.format`
template (a literal brace is doubled). The namespaces in :data:`VI_ONLY` are in the
Vietnamese catalogue only: their English is the source text itself (typer's words,
the help of options and commands, the problems the library words in English).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

#: Namespaces only the Vietnamese catalogue has, keyed by (or worded after) the English.
VI_ONLY = ("target-problem.", "history-problem.", "typer.", "help.", "command-help.")

_FOLDER = Path(__file__).parent / "phrases"


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    """Every phrase of ``lang`` by key, read from its catalogue once."""
    with (_FOLDER / f"{lang}.json").open(encoding="utf-8") as file:
        phrases: dict[str, str] = json.load(file)
    return phrases


def phrase(key: str, lang: Lang, /, **fields: object) -> str:
    """The phrase ``key`` in ``lang`` with ``fields`` filled in; a field not given is
    left empty (a finding's or a problem's params may lack one)."""
    return catalogue(lang)[key].format_map(_Blank(fields))


class _Blank(dict[str, object]):
    """A format map that leaves an unknown field empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def os_reason(exc: OSError, lang: Lang) -> str:
    """Why the operating system refused, in ``lang`` (its own words for a rare errno)."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    if f"os.{name}" in catalogue(lang):
        return phrase(f"os.{name}", lang)
    return str(exc.strerror or exc)


def count(n: int, lang: Lang) -> str:
    """A whole number as the tables write it: 1.749 (vi), 1,749 (en)."""
    return f"{n:,}".replace(",", "." if lang == "vi" else ",")


def word(key: str, lang: Lang) -> str:
    """A vocabulary word in ``lang``; an unknown key is returned as it is."""
    return phrase(f"vocab.{key}", lang) if f"vocab.{key}" in catalogue(lang) else key


def yaml_syntax(params: dict[str, str], lang: Lang) -> str:
    """A YAML syntax error in ``lang``: ``lỗi cú pháp YAML: thiếu dấu «:» sau khóa``."""
    key = f"yaml-syntax.{params.get('kind', '')}"
    if key not in catalogue(lang):  # a kind this table lacks: PyYAML's words, in English only
        return (
            f"YAML syntax error: {params.get('problem', '')}"
            if lang == "en"
            else ("lỗi cú pháp YAML")
        )
    return ("lỗi cú pháp YAML: " if lang == "vi" else "YAML syntax error: ") + phrase(key, lang)


def target_problem(path: str, code: str, params: dict[str, str], english: str, lang: Lang) -> str:
    """One targets-file problem as a line ``path: message`` in ``lang``.

    Codes without a Vietnamese wording fall back to the English message.
    """
    if code == "yaml-syntax":
        if "line" in params:
            line_word, column_word = ("dòng", "cột") if lang == "vi" else ("line", "column")
            path = f"{line_word} {params['line']}, {column_word} {params['column']}"
        elif path == "(file)" and lang == "vi":
            path = "(tệp)"
        return f"{path}: {yaml_syntax(params, lang)}"
    if lang == "en" or f"target-problem.{code}" not in catalogue(lang):
        if "line" in params:
            return f"line {params['line']} ({path}): {english}"
        return f"{path}: {english}"
    fields = {k: x.replace(" or ", " hoặc ") if k == "expected" else x for k, x in params.items()}
    message = phrase(f"target-problem.{code}", lang, **fields)
    if params.get("choices"):
        message += f" (một trong: {params['choices']})"
    if params.get("near"):
        message += "; " + phrase("text.probably", lang, value=params["near"])
    if "line" in params:
        path = f"dòng {params['line']} ({path})"
    elif path == "(file)":
        path = "(tệp)"
    return f"{path}: {message}"


def history_problem(
    line: int | None, where: str, code: str, params: dict[str, str], english: str, lang: Lang
) -> str:
    """One history-file problem as a line ``place: message`` in ``lang``:
    ``line 2: unknown target «htx_count_203»; did you mean «htx_count_2030»?``."""
    line_word, file_word = ("line", "(file)") if lang == "en" else ("dòng", "(tệp)")
    if code == "yaml-syntax":
        message = yaml_syntax(params, lang)
    elif lang == "en":
        message = english
    else:
        keys = (f"history-problem.{code}", f"target-problem.{code}")
        key = next((k for k in keys if k in catalogue(lang)), None)
        message = phrase(key, lang, **params) if key else english
        if params.get("near"):
            message += "; " + phrase("text.probably", lang, value=params["near"])
    if line is None:
        place = file_word if where == "(file)" else where
    else:
        place = f"{line_word} {line}" + (f" ({where})" if where else "")
    return f"{place}: {message}"
