"""Who has not sent: the units that must report against the submissions of a folder.

The list of units is a text file (one unit a line; empty lines and lines starting with
``#`` are skipped), or a CSV or workbook whose first column is the unit (a first row that
says «Đơn vị» or "unit" is a heading). A submission's unit is its «Đơn vị báo cáo»,
compared tolerantly (:func:`unit_key`: case, diacritics, NFC or NFD, and the prefixes
«UBND», «Ủy ban nhân dân», «xã», «phường», «thị trấn», «quận», «huyện», «thành phố»);
when that names no unit of the list (or is empty), the file's name is tried the same way
(without its suffix and anything in brackets; a name that starts with the unit's, as «Cờ
Đỏ đợt 2», is that unit's), since many submissions give the province's office or nothing.

Pure data: what the files say in, the lists out. Reading the list file is the only I/O.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .text import fold, fold_header

_PREFIX = re.compile(
    r"^(?:ubnd|uy ban nhan dan|ubnd tp|phuong|xa|thi tran|quan|huyen|thi xa|thanh pho|tp|"
    r"tinh|so tai chinh|don vi)\s+(?=\S)"
)
_HEADINGS = {"don vi", "don vi bao cao", "ten don vi", "unit", "units", "unit name"}


class UnitsError(Exception):
    """The list of units cannot be read; ``reason`` says why (in English, for --debug)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def unit_key(name: str) -> str:
    """A unit's name as compared: folded, without its administrative prefixes."""
    key = fold(name)
    while True:
        shorter = _PREFIX.sub("", key, count=1)
        if shorter == key:
            return key
        key = shorter


def _first_column(rows: Sequence[Sequence[Any]]) -> list[str]:
    values = [str(r[0]).strip() for r in rows if r and r[0] not in (None, "")]
    if values and fold(values[0]) in _HEADINGS:
        values = values[1:]
    return [v for v in values if v and not v.startswith("#")]


def load_units(path: Path) -> list[str]:
    """The units of the list at ``path``, in order, each once (as :func:`unit_key` compares)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            from .workbook import UnreadableFile, read_workbook

            try:
                sheets = read_workbook(path)
            except UnreadableFile as exc:
                raise UnitsError(path, exc.reason) from None
            sheet = next((s for s in sheets if s.visible), None)
            units = _first_column(sheet.rows) if sheet is not None else []
        else:
            content = path.read_bytes().decode("utf-8-sig")
            if suffix == ".csv":
                units = _first_column(list(csv.reader(io.StringIO(content))))
            else:
                units = _first_column([[line] for line in content.splitlines()])
    except OSError as exc:
        raise UnitsError(path, str(exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise UnitsError(path, "not UTF-8 text") from None
    seen: dict[str, str] = {}
    for unit in units:
        seen.setdefault(unit_key(unit), unit)
    if not seen:
        raise UnitsError(path, "no unit listed")
    return list(seen.values())


@dataclass(frozen=True)
class Submission:
    """What the run knows of one file: its path (as labelled), its unit, when it was saved."""

    path: str
    unit: str | None
    modified: datetime | None = None


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _by_file_name(stem: str, by_key: dict[str, str]) -> str | None:
    """The unit a file is named after: its name without brackets («Thới Lai (sửa)») is the
    unit's, or starts with it («Cờ Đỏ đợt 2»); the longest such unit."""
    key = unit_key(fold_header(stem))
    found = [k for k in by_key if key == k or key.startswith(k + " ")]
    return by_key[max(found, key=len)] if found else None


def match_units(expected: Sequence[str], submissions: Sequence[Submission]) -> dict[str, Any]:
    """``missing`` (listed, no submission), ``unexpected`` (a submission from no listed unit),
    ``several`` (units that sent more than one file) and ``received`` (unit → files)."""
    by_key = {unit_key(u): u for u in expected}
    received: dict[str, list[str]] = {u: [] for u in expected}
    unexpected = []
    for s in submissions:
        unit = by_key.get(unit_key(s.unit)) if s.unit else None
        if unit is None:
            unit = _by_file_name(_stem(s.path), by_key)
        if unit is None:
            unexpected.append({"file": s.path, "unit": s.unit})
        else:
            received[unit].append(s.path)
    return {
        "expected": len(expected),
        "missing": [u for u in expected if not received[u]],
        "unexpected": unexpected,
        "several": [{"unit": u, "files": f} for u, f in received.items() if len(f) > 1],
        "received": {u: f for u, f in received.items() if f},
    }


def late_files(submissions: Sequence[Submission], deadline: date) -> list[dict[str, str]]:
    """The files modified after the end of ``deadline`` (local time), with when."""
    end = datetime.combine(deadline, time.max)
    return [
        {"file": s.path, "modified": s.modified.replace(microsecond=0).isoformat()}
        for s in submissions
        if s.modified is not None and s.modified > end
    ]
