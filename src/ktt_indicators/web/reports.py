"""The officer's reports, remade whenever the set of valid submissions changes: the latest
valid submission of each unit (not returned), consolidated as ``ktt batch`` does it
(census.xlsx, gap.json, summary.md, summary.json) and the report document to sign as
``ktt gap -o report.docx`` writes it.

A set of submissions has a key (a digest of their ids); its reports go to
``reports/<key>/`` in a child process (:func:`.checking.in_child`), and ``reports/latest.json``
then names them. The pages read only that file, so they never wait for a consolidation.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..batch.run import BatchError, run_batch, safe_name
from ..census.reader import read_census
from ..plan.progress import gap_report
from ..plan.targets import TargetsFile
from ..plan.targets_loader import load_targets
from ..report.gap_output import GapFormat, build_document
from ..report.official import document_header
from ..report.provenance import provenance
from .status import VIETNAM
from .uploads import write_durable

LATEST = "latest.json"
#: The files an officer downloads, by the name in the download's address.
DOWNLOADS = {
    "census": "census.xlsx",
    "gap": "gap.json",
    "summary": "summary.md",
    "report": "report.docx",
}
#: How long a consolidation may take, in seconds.
CONSOLIDATION_SECONDS = 1800.0


@dataclass(frozen=True)
class Included:
    """A submission consolidated: its id, its unit and where its file is."""

    submission: int
    unit_code: str
    unit_name: str
    stored: str


def key_of(included: Sequence[Included]) -> str:
    ids = ",".join(str(i.submission) for i in sorted(included, key=lambda i: i.submission))
    return hashlib.sha256(ids.encode()).hexdigest()[:16]


def latest(reports: Path) -> dict[str, Any] | None:
    """What ``reports/latest.json`` says of the last consolidation, if any."""
    try:
        found: dict[str, Any] = json.loads((reports / LATEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found


def _stage(reports: Path, uploads: Path, included: Sequence[Included], key: str) -> Path:
    """A folder of links to the included files, each named by its unit (as ``ktt batch``
    matches files to the units expected)."""
    stage = reports / f".stage-{key}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    for i in included:
        source = uploads / i.stored
        target = stage / f"{safe_name(i.unit_name)}{source.suffix}"
        if target.exists():
            target = stage / f"{safe_name(i.unit_name)}-{i.unit_code}{source.suffix}"
        os.link(source, target)
    return stage


def consolidate(
    plan_path: Path,
    uploads: Path,
    reports: Path,
    included: list[Included],
    expected: list[str],
    today: date,
) -> None:
    """Make the reports of ``included`` and name them in latest.json (a child's work)."""
    key = key_of(included)
    outdir = reports / key
    stage = _stage(reports, uploads, included, key)
    generated = datetime.now(VIETNAM).replace(microsecond=0, tzinfo=None)  # as people read it
    plan = load_targets(plan_path)
    files = sorted(Path(p.name) for p in stage.iterdir())
    os.link(plan_path, stage / plan_path.name)
    os.chdir(stage)  # the report names the files as the units sent them, not where they lie
    try:
        if included and not outdir.exists():
            run_batch(
                stage,
                outdir,
                plan,
                lang="vi",
                today=today,
                mark_up=False,
                generated_at=generated.isoformat(),
                expected=expected,
            )
            _document(plan, Path(plan_path.name), files, outdir, today, generated)
    except BatchError:
        pass
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    made = {name: file for name, file in DOWNLOADS.items() if (outdir / file).is_file()}
    entry = {
        "key": key,
        "generated_at": generated.isoformat(),
        "files": made,
        "included": [asdict(i) for i in included],
    }
    write_durable(reports / LATEST, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    for old in reports.iterdir():  # earlier consolidations, no longer named
        if old.is_dir() and old.name != key and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


def _document(
    plan: TargetsFile,
    plan_path: Path,
    files: list[Path],
    outdir: Path,
    today: date,
    generated: datetime,
) -> None:
    """report.docx of the consolidated files, as ``ktt gap FILES -o report.docx``
    (``plan`` read from ``plan_path``)."""
    census = read_census(files, today=today, columns=plan.census_columns())
    if not census.years or not census.valid:
        return
    latest_year, current, earlier = census.by_year()
    report = gap_report(plan, current, latest_year, None, earlier=earlier)
    prov = provenance(files, plan_path, now=generated)
    header = document_header(plan, on=today)
    document = build_document(GapFormat.docx, report, current, plan, prov, header, "vi")
    if isinstance(document, bytes):
        write_durable(outdir / DOWNLOADS["report"], document)
