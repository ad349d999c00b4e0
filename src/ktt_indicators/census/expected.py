"""Who has not sent: the units that must report against the submissions of a folder.

The list of units is a text file (one unit a line; empty lines and lines starting with
``#`` are skipped), or a CSV or workbook whose first column is the unit (a first row that
says «Đơn vị» or "unit" is a heading). A submission's unit is its «Đơn vị báo cáo»,
compared tolerantly (:func:`unit_key`: case, diacritics, NFC or NFD, and the prefixes
«UBND», «Ủy ban nhân dân», «xã», «phường», «thị trấn», «quận», «huyện», «thành phố»), and
by level where both say one (:func:`unit_name`: «UBND xã Thới Lai» is not «Huyện Thới Lai»);
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

from ..core.text import fold, fold_header

_PREFIX = re.compile(
    r"^(?:ubnd|uy ban nhan dan|ubnd tp|phuong|xa|thi tran|quan|huyen|thi xa|thanh pho|tp|"
    r"tinh|so tai chinh|don vi)\s+(?=\S)"
)
#: The level of a unit its prefix says: communes and former districts share names (Thới
#: Lai, Cờ Đỏ, Phong Điền…), so «UBND xã Thới Lai» is not «Huyện Thới Lai».
_LEVELS = {
    "xa": "commune", "phuong": "commune", "thi tran": "commune",
    "huyen": "district", "quan": "district", "thi xa": "district", "thanh pho": "district",
    "tp": "district",
    "tinh": "province",
}  # fmt: skip
#: A unit's code beside its name («Xã Thới Lai (31258)», «31258 Xã Thới Lai»): not compared.
_CODE = re.compile(r"^\d{5}\s+|\s*\(\d{5}\)$")
_HEADINGS = {"don vi", "don vi bao cao", "ten don vi", "unit", "units", "unit name"}


class UnitsError(Exception):
    """The list of units cannot be read. ``reason`` says why: ``no-units``, ``not-utf8``,
    ``os-error`` (``error`` is the OSError) or, for a workbook, the reason it is unreadable
    (:class:`.workbook.UnreadableFile`'s, with its ``params``); the command line words it."""

    def __init__(
        self,
        path: Path,
        reason: str,
        *,
        error: OSError | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.error = path, reason, error
        self.params = params or {}


def unit_key(name: str) -> str:
    """A unit's name as compared: folded, without its administrative prefixes."""
    return unit_name(name)[0]


def unit_name(name: str) -> tuple[str, str | None]:
    """A unit's name as compared (:func:`unit_key`) and its level as its last prefix says
    ("commune": xã, phường, thị trấn; "district": huyện, quận, thị xã, thành phố; "province":
    tỉnh), or None where no prefix says it («Thới Lai», «Sở Tài chính»). A code beside the name
    («Xã Thới Lai (31258)») is not compared."""
    key, level = fold(_CODE.sub("", name.strip())), None
    while True:
        match = _PREFIX.match(key)
        if match is None:
            return key, level
        level = _LEVELS.get(match.group().strip(), level)
        key = key[match.end() :]


def _first_column(rows: Sequence[Sequence[Any]]) -> list[str]:
    values = [str(r[0]).strip() for r in rows if r and r[0] not in (None, "")]
    if values and fold(values[0]) in _HEADINGS:
        values = values[1:]
    return [v for v in values if v and not v.startswith("#")]


def load_units(path: Path) -> list[str]:
    """The units of the list at ``path``, in order, each once (as :func:`unit_name` compares:
    «Xã Thới Lai» and «Huyện Thới Lai» are two)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            from ..read.workbook import UnreadableFile, read_workbook

            try:
                sheets = read_workbook(path)
            except UnreadableFile as exc:
                raise UnitsError(path, exc.reason, params=exc.params) from None
            sheet = next((s for s in sheets if s.visible), None)
            units = _first_column(sheet.rows) if sheet is not None else []
        else:
            content = path.read_bytes().decode("utf-8-sig")
            if suffix == ".csv":
                units = _first_column(list(csv.reader(io.StringIO(content))))
            else:
                units = _first_column([[line] for line in content.splitlines()])
    except OSError as exc:
        raise UnitsError(path, "os-error", error=exc) from None
    except UnicodeDecodeError:
        raise UnitsError(path, "not-utf8") from None
    seen: dict[tuple[str, str | None], str] = {}
    for unit in units:
        seen.setdefault(unit_name(unit), unit)
    if not seen:
        raise UnitsError(path, "no-units")
    return list(seen.values())


@dataclass(frozen=True)
class Submission:
    """What the run knows of one file: its path (as labelled), its unit, when it was saved."""

    path: str
    unit: str | None
    modified: datetime | None = None
    #: The codes of the communes its rows lie in (:mod:`.area_units`).
    communes: tuple[str, ...] = ()


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


class _Units:
    """The units of the list by their names as compared, each with its level: a name may be
    a commune's and a former district's («Xã Thới Lai», «Huyện Thới Lai»)."""

    def __init__(self, expected: Sequence[str]) -> None:
        self.by_name: dict[str, list[tuple[str | None, str]]] = {}
        for unit in expected:
            key, level = unit_name(unit)
            self.by_name.setdefault(key, []).append((level, unit))

    def find(self, key: str, level: str | None) -> str | None:
        """The unit named ``key`` whose level agrees with ``level`` where both are known; None
        when there is none, or several that ``level`` does not tell apart."""
        units = self.by_name.get(key, [])
        agree = [u for lv, u in units if level is None or lv is None or lv == level]
        if len(agree) > 1 and level is not None:  # a unit of that very level is the one
            agree = [u for lv, u in units if lv == level] or agree
        return agree[0] if len(agree) == 1 else None

    def by_file_name(self, stem: str, level: str | None) -> str | None:
        """The unit a file is named after: its name without brackets («Thới Lai (sửa)») is
        the unit's, or starts with it («Cờ Đỏ đợt 2»); the longest such unit, of the level
        the file's name says, else ``level`` (the one its «Đơn vị báo cáo» says)."""
        key, named = unit_name(fold_header(stem))
        names = [k for k in self.by_name if key == k or key.startswith(k + " ")]
        return self.find(max(names, key=len), named or level) if names else None


def match_units(expected: Sequence[str], submissions: Sequence[Submission]) -> dict[str, Any]:
    """``missing`` (listed, no submission), ``unexpected`` (a submission from no listed unit),
    ``several`` (units that sent more than one file) and ``received`` (unit → files).

    A submission's unit and a listed unit match by name when their levels agree where both
    say one: «UBND xã Thới Lai» is not «Huyện Thới Lai»."""
    units = _Units(expected)
    received: dict[str, list[str]] = {u: [] for u in expected}
    unexpected = []
    for s in submissions:
        key, level = unit_name(s.unit) if s.unit else ("", None)
        unit = units.find(key, level) if key else None
        if unit is None:
            unit = units.by_file_name(_stem(s.path), level)
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
