"""Checking a received file with ktt's reader, in a process of its own.

The web process never parses a user's file: a parser that aborts, runs out of memory or
loops would take every page down with it. Each check is a child process (forked from a
fork server that has imported the reader once, so a check starts in milliseconds), which
reads the file under ktt's guard and limits (:func:`.read_census_file`), writes the
marked-up copy (:func:`.mark_up`) and its findings as JSON, durably, and exits. A child that
dies or runs past its time leaves no result: the file is then unreadable, and the server
goes on. At most one child per processor runs at once; the others wait their turn.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..census.expected_units import own_commune
from ..census.findings import Finding
from ..census.reader import CensusFile, read_census_file
from ..core.i18n import LANGS, phrase
from ..plan.targets_loader import load_targets
from ..read.limits import Limits
from ..report.markup import mark_up
from ..report.xlsx_xml import CannotMarkUp
from .store import INVALID, UNREADABLE, VALID
from .uploads import write_durable

#: The most findings a result keeps (a file of 100,000 bad rows is not shown whole).
MAX_FINDINGS = 500
#: How long a check may take, in seconds, before its child is ended.
CHECK_SECONDS = 300.0

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([__name__])
_TURNS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))


@dataclass(frozen=True)
class CheckJob:
    """One file to check: where it is, how findings name it, where the results go."""

    path: Path
    label: str
    plan: Path
    result: Path
    marked: Path
    #: The season's reporting year: a census of another year is no submission for it.
    year: int | None = None
    #: The unit whose link received the file, and its province: a census that names
    #: another commune is no submission of this one.
    unit_code: str | None = None
    province_code: str | None = None
    limits: Limits = field(default_factory=Limits)


def _finding(f: Finding) -> dict[str, Any]:
    whole = f.as_dict("vi")
    entry = {k: whole[k] for k in ("code", "severity", "sheet", "cell", "value")}
    entry["title"] = {lang: f.title(lang) for lang in LANGS}
    entry["message"] = {lang: f.message(lang) for lang in LANGS}
    return entry


def summary(file: CensusFile) -> dict[str, Any]:
    """What the pages show of a checked file: its state, counts and first findings."""
    state = UNREADABLE if file.unreadable else VALID if file.valid else INVALID
    return {
        "state": state,
        "errors": len(file.errors),
        "warnings": len(file.warnings),
        "rows": file.rows_read,
        "organizations": len(file.organizations),
        "unit": file.info.don_vi_bao_cao,
        "year": file.info.nam_bao_cao,
        "findings": [_finding(f) for f in file.findings[:MAX_FINDINGS]],
        "more": max(0, len(file.findings) - MAX_FINDINGS),
        "marked": False,
    }


def check_file(job: CheckJob) -> None:
    """Check ``job.path`` and write its results (the child's work; it may be called
    directly in tests)."""
    columns = load_targets(job.plan).census_columns()
    file = read_census_file(job.path, label=job.label, limits=job.limits, columns=columns)
    result = summary(file)
    if job.year is not None and file.info.nam_bao_cao not in (None, job.year):
        fields: dict[str, Any] = {"found": file.info.nam_bao_cao, "season": job.year}
        _refused(result, "wrong-year", str(file.info.nam_bao_cao), fields)
    if job.unit_code is not None and job.province_code is not None:
        named = own_commune(file.info.don_vi_bao_cao, file.organizations, job.province_code)
        if named is not None and named.code != job.unit_code:
            fields = {"found": f"{named.name} ({named.code})"}
            _refused(result, "other-unit", file.info.don_vi_bao_cao or named.name, fields)
    if file.findings and not file.unreadable:
        try:
            copy = mark_up(job.path, file, lang="vi", limits=job.limits, shown_name=job.label)
        except CannotMarkUp:
            copy = None
        if copy is not None:
            write_durable(job.marked, copy)
            result["marked"] = True
    write_durable(job.result, json.dumps(result, ensure_ascii=False).encode("utf-8"))


def _refused(result: dict[str, Any], key: str, value: str, fields: dict[str, Any]) -> None:
    """What makes a file no submission of this unit in this season (``key``: another year,
    another unit): an error of the submission, first among its findings."""
    finding = {
        "code": key,
        "severity": "error",
        "sheet": None,
        "cell": None,
        "value": value,
        "title": {lang: phrase(f"web.{key}-title", lang) for lang in LANGS},
        "message": {lang: phrase(f"web.{key}", lang, **fields) for lang in LANGS},
    }
    result["findings"].insert(0, finding)
    result["errors"] += 1
    if result["state"] == VALID:
        result["state"] = INVALID


def failed(kind: str) -> dict[str, Any]:
    """The result of a check whose child left none (it died or ran out of time)."""
    messages = {lang: phrase(f"web.check-{kind}", lang) for lang in LANGS}
    finding = {
        "code": "unreadable-file",
        "severity": "error",
        "sheet": None,
        "cell": None,
        "value": None,
        "title": messages,
        "message": messages,
    }
    return {
        "state": UNREADABLE,
        "errors": 1,
        "warnings": 0,
        "rows": 0,
        "organizations": 0,
        "unit": None,
        "year": None,
        "findings": [finding],
        "more": 0,
        "marked": False,
    }


def in_child(target: Any, args: tuple[Any, ...], seconds: float) -> str:
    """Run ``target(*args)`` in a child process, at most one per processor at once, ended
    after ``seconds``: "done", "time" (ended) or "crash" (it died); blocking, so call it
    from a worker thread."""
    with _TURNS:
        child = _CONTEXT.Process(target=target, args=args)
        child.start()
        child.join(seconds)
        if child.is_alive():
            child.kill()
            child.join()
            return "time"
    return "done" if child.exitcode == 0 else "crash"


def run_check(job: CheckJob, seconds: float = CHECK_SECONDS) -> dict[str, Any]:
    """Check a file in a child process and return its result. Whatever the child does, a
    result comes back."""
    ended = in_child(check_file, (job,), seconds)
    try:
        result: dict[str, Any] = json.loads(job.result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return failed("time" if ended == "time" else "crash")
    return result
