"""A history file: a plan's indicator values in years without a census (YAML or CSV), each
mistake reported at its line with the target id it most likely meant."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.text import closest
from ..core.yaml_file import UnsafeYaml, read_yaml_file
from .trend import Point


@dataclass(frozen=True)
class HistoryProblem:
    """One mistake in a history file: its line (when known), where inside the file
    (``target.year``, ``(file)``, ``(top)``, or nothing for a CSV row), a stable code, the
    values that fill its message (i18n ``history_problem``), and the message in English."""

    line: int | None
    where: str
    code: str
    params: dict[str, str]
    message: str

    def place(self) -> str:
        """Where, in English: ``line 3 (htx_count_2030.2022)``, ``line 3`` or ``(file)``."""
        if self.line is None:
            return self.where
        return f"line {self.line}" + (f" ({self.where})" if self.where else "")


class HistoryError(Exception):
    """A history file cannot be read or is not valid.

    ``details`` are its problems; ``problems`` the same as (where, English message) pairs.
    """

    def __init__(self, path: Path, details: list[HistoryProblem]) -> None:
        self.path = path
        self.details = details
        self.problems = [(d.place(), d.message) for d in details]
        super().__init__("\n".join(f"{path}: {w}: {m}" for w, m in self.problems))


def _file_problem(code: str, message: str, **params: str) -> HistoryProblem:
    return HistoryProblem(None, "(file)", code, params, message)


def _yaml_lines(text: str) -> dict[str, tuple[int, dict[str, int]]]:
    """The line of each target id of a YAML history file, and of each of its years."""
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, tuple[int, dict[str, int]]] = {}
    if isinstance(tree, yaml.MappingNode):
        for key, value in tree.value:
            years = {}
            if isinstance(value, yaml.MappingNode):
                years = {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
            lines.setdefault(str(key.value), (key.start_mark.line + 1, years))
    return lines


def load_history(path: Path | str, known_ids: set[str] | None = None) -> dict[str, list[Point]]:
    """Aggregate history: indicator values by target id and year, for years without a census.

    YAML: ``{target_id: {year: value}}``; CSV: columns ``target,year,value``. Values may
    be written "57%" for shares. A year given twice for one target is an error, and so is
    a target id that ``known_ids`` (the targets file's) does not have: it is reported with
    its line and the id it most likely meant.
    """
    path = Path(path)
    text = _read_text(path)
    problems: list[HistoryProblem] = []
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path, text)
    else:
        rows = _yaml_rows(path, text, problems)
    series = _series(rows, known_ids, problems)
    if problems:
        raise HistoryError(path, problems)
    return {tid: sorted(by_year.values(), key=lambda p: p.year) for tid, by_year in series.items()}


#: A value of a history file: target id, its line, year, value, the value's line, and where
#: inside the file.
_Row = tuple[str, int | None, Any, Any, int | None, str]


def _read_text(path: Path) -> str:
    """The file's text; one that cannot be read is a :class:`HistoryError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HistoryError(path, [_file_problem("file-not-found", "file not found")]) from None
    except IsADirectoryError:
        raise HistoryError(path, [_file_problem("not-a-file", "not a file (a folder?)")]) from None
    except PermissionError:
        raise HistoryError(
            path, [_file_problem("permission-denied", "no permission to read the file")]
        ) from None
    except UnicodeDecodeError:
        raise HistoryError(
            path, [_file_problem("not-utf8", "the file is not UTF-8 text")]
        ) from None
    except OSError as exc:
        raise HistoryError(path, [_file_problem("unreadable", str(exc), reason=str(exc))]) from None
    return text


def _csv_rows(path: Path, text: str) -> list[_Row]:
    """The rows of a CSV history file (columns ``target,year,value``)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("target", "year", "value") if c not in (reader.fieldnames or [])]
    if missing:
        found = ",".join(reader.fieldnames or [])
        raise HistoryError(path, [HistoryProblem(
            1, "", "csv-columns", {"missing": ", ".join(missing), "found": found},
            f"the columns are target,year,value (missing: {', '.join(missing)})",
        )])  # fmt: skip
    return [
        (rec.get("target") or "", n, rec.get("year"), rec.get("value"), n, "")
        for n, rec in enumerate(reader, start=2)
    ]


def _yaml_rows(path: Path, text: str, problems: list[HistoryProblem]) -> list[_Row]:
    """The values of a YAML history file, each at its line; a target whose value is not a
    mapping of years goes to ``problems``."""
    try:
        data = read_yaml_file(path) or {}
    except UnsafeYaml as exc:
        if "line" in exc.params:  # a syntax error, at its line
            raise HistoryError(path, [HistoryProblem(
                int(exc.params["line"]), "", exc.code, exc.params, exc.english,
            )]) from None  # fmt: skip
        raise HistoryError(path, [_file_problem(exc.code, exc.english, **exc.params)]) from None
    except yaml.YAMLError as exc:
        problem = str(getattr(exc, "problem", None) or exc)
        raise HistoryError(path, [_file_problem(
            "yaml-syntax", problem, problem=problem, kind="other",
        )]) from None  # fmt: skip
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryError(path, [_file_problem("unreadable", str(exc), reason=str(exc))]) from None
    if not isinstance(data, Mapping):
        raise HistoryError(path, [HistoryProblem(
            None, "(top)", "not-a-mapping", {}, "expected {target_id: {year: value}}",
        )])  # fmt: skip
    lines = _yaml_lines(text)
    rows: list[_Row] = []
    for tid, years in data.items():
        tid_line, year_lines = lines.get(str(tid), (None, {}))
        if not isinstance(years, Mapping):
            problems.append(HistoryProblem(tid_line, str(tid), "not-year-map", {},
                                           "expected {year: value}"))  # fmt: skip
            continue
        rows += [(str(tid), tid_line, y, val, year_lines.get(str(y), tid_line), f"{tid}.{y}")
                 for y, val in years.items()]  # fmt: skip
    return rows


def _series(
    rows: list[_Row], known_ids: set[str] | None, problems: list[HistoryProblem]
) -> dict[str, dict[int, Point]]:
    """The points of each target by year; an unknown target (once, at its own line), a value
    that is not a year and a number, and a year given twice go to ``problems``."""
    series: dict[str, dict[int, Point]] = {}
    unknown: set[str] = set()
    for tid, tid_line, year, value, line, where in rows:
        if known_ids is not None and tid not in known_ids:
            if tid not in unknown:  # said once, at the id's own line
                unknown.add(tid)
                near = closest(tid, known_ids, cutoff=0.6) or ""
                hint = f"; did you mean «{near}»?" if near else ""
                problems.append(HistoryProblem(tid_line, "", "unknown-target",
                                               {"id": tid, "near": near},
                                               f"unknown target «{tid}»{hint}"))  # fmt: skip
            continue
        try:
            point = Point(year=int(str(year)), value=_number(value), source="history")
        except (TypeError, ValueError):
            problems.append(HistoryProblem(
                line, where, "bad-point", {"year": str(year), "value": str(value)},
                f"expected a year and a number, got {year!r}: {value!r}",
            ))  # fmt: skip
            continue
        if point.year in series.setdefault(tid, {}):
            problems.append(HistoryProblem(
                line, where, "year-twice", {"year": str(point.year), "id": tid},
                f"year {point.year} is given twice for {tid}",
            ))  # fmt: skip
        else:
            series[tid][point.year] = point
    return series


def _number(value: Any) -> float:
    if isinstance(value, str) and value.strip().endswith("%"):
        return float(value.strip().rstrip("%").replace(",", ".")) / 100
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    return float(value)
