"""A YAML file read safely: plain values only, refused (:class:`UnsafeYaml`) when too large,
too deep or with aliases that expand to too much."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

#: libyaml's safe loader where PyYAML was built with it (several times faster), else Python's.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A YAML file of this project (targets, history) is a few thousand values deep at most.
YAML_MAX_BYTES = 10 * 1024 * 1024
YAML_MAX_DEPTH = 64
YAML_MAX_VALUES = 100_000


class UnsafeYaml(Exception):
    """A YAML text refused before it is built: too large, too deep, with aliases that
    expand to too much, or not YAML (``yaml-syntax``, with its ``kind``, ``line`` and
    ``column``). ``code`` names the reason (see i18n), ``english`` says it."""

    def __init__(self, code: str, english: str, **params: str) -> None:
        super().__init__(english)
        self.code, self.english, self.params = code, english, params


def read_yaml_file(path: Path) -> Any:
    """The data of a YAML file, read safely: plain values only (no tags that build
    objects), and refused with :class:`UnsafeYaml` when larger than
    :data:`YAML_MAX_BYTES`, nested deeper than :data:`YAML_MAX_DEPTH`, or holding more
    than :data:`YAML_MAX_VALUES` values once its aliases are expanded ("billion laughs").
    libyaml's builder recurses, and takes quadratic time, on deep nesting: the structure
    is checked on its event stream, which stops at the first excess.

    Raises OSError, UnicodeDecodeError and yaml.YAMLError as reading and parsing do.
    """
    size = path.stat().st_size
    if size > YAML_MAX_BYTES:
        raise UnsafeYaml("yaml-too-large", f"the file is larger than {YAML_MAX_BYTES} bytes",
                         limit=str(YAML_MAX_BYTES // (1024 * 1024)))  # fmt: skip
    text = path.read_text(encoding="utf-8")
    depth = 0
    counts = [0]  # values in each open collection, aliases expanded
    anchors: list[str | None] = []
    sizes: dict[str, int] = {}
    for event in _events(text):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                raise UnsafeYaml("yaml-too-deep", f"nested deeper than {YAML_MAX_DEPTH} levels",
                                 limit=str(YAML_MAX_DEPTH))  # fmt: skip
            counts.append(1)
            anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            n, anchor = counts.pop(), anchors.pop()
            if anchor:
                sizes[anchor] = n
        elif isinstance(event, yaml.ScalarEvent):
            n = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in anchors:
                raise UnsafeYaml("yaml-recursive", f"the alias *{event.anchor} refers to itself",
                                 anchor=str(event.anchor))  # fmt: skip
            n = sizes.get(event.anchor or "", 1)
        else:
            continue
        counts[-1] += n
        if sum(counts) > YAML_MAX_VALUES:
            raise UnsafeYaml("yaml-too-many", f"more than {YAML_MAX_VALUES} values once its "
                             "aliases are expanded", limit=str(YAML_MAX_VALUES))  # fmt: skip
    return yaml.load(text, Loader=_SAFE_LOADER)


def _events(text: str) -> Iterator[yaml.Event]:
    """The parser's events. PyYAML 6.0.4's scanner refuses deep nesting itself (at about
    a thousand levels, before its events reach us): that is the same refusal as ours.
    A syntax error becomes an :class:`UnsafeYaml` ``yaml-syntax`` (see :func:`_syntax`)."""
    try:
        yield from yaml.parse(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc):
            raise UnsafeYaml("yaml-too-deep", f"nested deeper than {YAML_MAX_DEPTH} levels",
                             limit=str(YAML_MAX_DEPTH)) from None  # fmt: skip
        raise _syntax(text, exc) from None


#: The kinds of YAML syntax error ktt words itself (the phrase book's yaml-syntax.…), by the
#: context or problem libyaml (or, without it, PyYAML) reports; any other is ``other``.
_SYNTAX_KINDS = {
    "while parsing a flow mapping": "unclosed-brace",
    "while parsing a flow sequence": "unclosed-bracket",
    "while scanning a quoted scalar": "unclosed-quote",
    "while scanning a simple key": "missing-colon",
    "mapping values are not allowed in this context": "colon-in-value",
    "mapping values are not allowed here": "colon-in-value",
    "did not find expected key": "indentation",
    "did not find expected '-' indicator": "indentation",
    "did not find expected node content": "missing-value",
}


def _syntax(text: str, exc: yaml.MarkedYAMLError) -> UnsafeYaml:
    """A syntax error at the line a person would fix, not where the parser noticed it.

    The parser reports where it gave up: the line after an unclosed «{», «[» or quote, or
    after a key that lacks its colon (``id x`` on one line, ``name: y`` on the next, is
    read as one value «id x name» followed by a stray colon), or past the last line when
    the file ends inside a construct. The place to fix is where the construct opened, or
    where the value that swallowed the next line starts.
    """
    problem = str(exc.problem or exc)
    kind = _SYNTAX_KINDS.get(str(exc.context)) or _SYNTAX_KINDS.get(problem)
    if kind is None and problem.startswith("expected <block end>"):
        kind = "indentation"
    mark = exc.problem_mark
    if kind in {"unclosed-brace", "unclosed-bracket", "unclosed-quote", "missing-colon"}:
        mark = exc.context_mark or mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    if kind is None and mark is not None and "cannot start any token" in problem:
        kind = "tab" if text[mark.index : mark.index + 1] == "\t" else None
    if kind == "colon-in-value":
        start = _value_start(text)
        if start is not None and start[0] < line:
            kind, (line, column) = "missing-colon", start
    lines = text.splitlines() or [""]
    if line >= len(lines):  # the end of the file, after its last line
        line = len(lines) - 1
        column = len(lines[line])
    return UnsafeYaml("yaml-syntax", problem, problem=problem, kind=kind or "other",
                      line=str(line + 1), column=str(column + 1))  # fmt: skip


def _value_start(text: str) -> tuple[int, int] | None:
    """Where the last plain value read before a syntax error starts (0-based line, column)."""
    loader = yaml.SafeLoader(text)
    last: tuple[int, int] | None = None
    try:
        while loader.check_token():
            token = loader.get_token()  # type: ignore[no-untyped-call]
            if isinstance(token, yaml.ScalarToken):
                last = (token.start_mark.line, token.start_mark.column)
    except yaml.YAMLError:
        queued = [t for t in loader.tokens if isinstance(t, yaml.ScalarToken)]
        if queued:
            last = (queued[-1].start_mark.line, queued[-1].start_mark.column)
    finally:
        loader.dispose()
    return last
