"""Reading a targets file: its YAML validated into a :class:`.targets.TargetsFile`, each
mistake named by its path and line in the file, with the key a typo most likely meant."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..core.yaml_file import UnsafeYaml, read_yaml_file
from .targets import TargetsFile


@dataclass(frozen=True)
class TargetsProblem:
    """One mistake in a targets file: where (the path inside the file), a stable code, the
    values that fill its message, and the message in English.

    Codes are ``ktt:…`` for this project's rules, else pydantic's error type (``missing``,
    ``extra_forbidden``…), or ``file-not-found``, ``unreadable``, ``yaml-syntax``,
    ``not-a-mapping`` for a file that cannot be read as a targets file at all.
    """

    path: str
    code: str
    params: dict[str, str]
    message: str


class TargetsFileError(Exception):
    """The targets file cannot be read or is not valid.

    ``problems`` are (path, English message) pairs; ``details`` carry the codes and
    values from which a message in another language is made.
    """

    def __init__(self, path: Path, details: list[TargetsProblem]) -> None:
        self.path = path
        self.details = details
        self.problems = [(d.path, d.message) for d in details]
        super().__init__("\n".join(f"{path}: {loc}: {msg}" for loc, msg in self.problems))


_TAGS = {"count", "sum", "info", "share", "ratio"}


def _all_keys() -> list[str]:
    """Every key a targets file can have (the fields and aliases of its models)."""
    from . import measures, plan_columns, targets

    keys: set[str] = set()
    for module in (targets, measures, plan_columns):
        for model in [obj for obj in vars(module).values() if isinstance(obj, type)]:
            if issubclass(model, BaseModel) and model is not BaseModel:
                for name, field in model.model_fields.items():
                    keys.add(field.alias or name)
    return sorted(keys)


_COLUMN_PROBLEMS = {"ktt:bad-value", "ktt:unknown-column", "ktt:not-numeric-column"}


def _loc(loc: tuple[int | str, ...], data: Any) -> str:
    """The path inside the YAML file of a validation error: ``targets[htx_count_2030].value``.

    Pydantic's location also holds union tags and internal field names; only
    the steps that exist in the YAML data are kept, and list positions of
    targets are shown by their id.
    """
    path = ""
    node = data
    for n, item in enumerate(loc):
        following = loc[n + 1] if n + 1 < len(loc) else None
        if item in _TAGS and isinstance(node, dict) and following in node:
            continue  # a union tag, followed by the key it names or by a sibling key
        if isinstance(item, int) and isinstance(node, list) and item < len(node):
            node = node[item]
            ident = node.get("id") if isinstance(node, dict) else None
            path += f"[{ident or item}]"
        elif isinstance(item, str) and isinstance(node, dict) and item in node:
            node = node[item]
            path += f".{item}" if path else item
    return path or "(top)"


def _compose(path: Path) -> Any:
    """The YAML node tree of ``path`` (positions of keys and values), or None. Only read
    once the file has passed read_yaml_file's limits."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _line(node: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the YAML file at pydantic's location ``loc``: the key's own line, or
    the line of the deepest mapping or list that exists (for a key that is missing)."""
    line = None
    for item in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, x) for k, x in node.value if k.value == item), None)
            if pair is None:
                continue  # a union tag or an internal name: not a step in the file
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int):
            if item >= len(node.value):
                break
            node = node.value[item]
            line = node.start_mark.line + 1
    return line


_TAG = re.compile(r"tag '([^']*)'")


def load_targets(path: Path | str) -> TargetsFile:
    """Read and validate a targets file. Raise :class:`TargetsFileError` on any problem."""
    path = Path(path)
    raw = _read(path)
    if not isinstance(raw, dict):
        message = "expected a mapping with plan: and targets:"
        raise TargetsFileError(path, [TargetsProblem("(top)", "not-a-mapping", {}, message)])
    try:
        return TargetsFile.model_validate(raw)
    except ValidationError as exc:
        raise TargetsFileError(path, _validation_problems(path, raw, exc)) from None


def _read(path: Path) -> Any:
    """The YAML data of a targets file; a file that cannot be read or parsed as YAML is one
    problem (:class:`TargetsFileError`)."""

    def fail(code: str, message: str, where: str = "(file)", **params: str) -> TargetsFileError:
        return TargetsFileError(path, [TargetsProblem(where, code, params, message)])

    try:
        raw = read_yaml_file(path)
    except UnsafeYaml as exc:
        where = "(file)"
        if "line" in exc.params:
            where = f"line {exc.params['line']}, column {exc.params['column']}"
        raise fail(exc.code, exc.english, where, **exc.params) from None
    except FileNotFoundError:
        raise fail("file-not-found", "file not found") from None
    except IsADirectoryError:
        raise fail("not-a-file", "not a file (a folder?)") from None
    except PermissionError:
        raise fail("permission-denied", "no permission to read the file") from None
    except UnicodeDecodeError:
        raise fail("not-utf8", "the file is not UTF-8 text") from None
    except OSError as exc:
        raise fail("unreadable", str(exc), reason=str(exc)) from None
    except yaml.constructor.ConstructorError as exc:
        tag = _TAG.search(str(exc.problem))
        if tag is None:
            raise fail("yaml-syntax", str(exc.problem), problem=str(exc.problem)) from None
        raise fail("yaml-tag", f"the tag {tag[1]} is not allowed (plain values only)",
                   tag=tag[1]) from None  # fmt: skip
    except yaml.YAMLError as exc:
        problem = str(getattr(exc, "problem", None) or exc)
        raise fail("yaml-syntax", problem, problem=problem, kind="other") from None
    return raw


def _validation_problems(
    path: Path, raw: dict[str, Any], exc: ValidationError
) -> list[TargetsProblem]:
    """Each validation error as a problem at its path inside the file and its line, once."""
    details: dict[tuple[str, str], TargetsProblem] = {}
    errors = exc.errors(include_url=False)
    tree = _compose(path)
    # A misspelt key is both an unknown key and a missing one: the missing names of the
    # same mapping are the likeliest meaning of the unknown one.
    missing: dict[str, list[str]] = {}
    for err in errors:
        if err["type"] == "missing" and isinstance(err["loc"][-1], str):
            missing.setdefault(_loc(tuple(err["loc"][:-1]), raw), []).append(err["loc"][-1])
    for err in errors:
        problem = _validation_problem(err, raw, tree, missing)
        details.setdefault((problem.path, problem.message), problem)
    return list(details.values())


def _validation_problem(
    err: ErrorDetails, raw: dict[str, Any], tree: Any, missing: dict[str, list[str]]
) -> TargetsProblem:
    """One validation error: where, its code, the values of its message and the message; an
    unknown key with the key it most likely meant (of those ``missing`` beside it, else of
    every key of the format)."""
    msg = str(err["msg"]).removeprefix("Value error, ")
    params = {k: str(x) for k, x in (err.get("ctx") or {}).items()}
    where = _loc(tuple(err["loc"]), raw)
    at = _line(tree, tuple(err["loc"]))
    if at is not None:
        params["line"] = str(at)
    if err["type"] == "missing" and isinstance(err["loc"][-1], str):
        params["field"] = err["loc"][-1]
        msg = f"«{params['field']}» is missing"
    elif err["type"] == "extra_forbidden" and isinstance(err["loc"][-1], str):
        from ..core.text import closest

        key = err["loc"][-1]
        parent = _loc(tuple(err["loc"][:-1]), raw)
        near = closest(key, missing.get(parent, []), cutoff=0.5) or closest(key, _KEYS, cutoff=0.75)
        params |= {"key": key, "near": near or ""}
        msg = f"unknown key «{key}»" + (f"; did you mean «{near}»?" if near else "")
    if err["type"] in _COLUMN_PROBLEMS:  # a filter problem: point at its column
        where = f"{where}.{params['column']}"
    return TargetsProblem(where, err["type"], params, msg)


#: Every key of the targets-file format, for suggesting the one a typo meant.
_KEYS = _all_keys()
