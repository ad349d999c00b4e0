"""``ktt batch``: check every workbook of a folder and write one consolidated report.

Files are read in parallel (one process each, results kept in path order), codes are
checked across files, and the valid files are consolidated into one census: the gap
report (which names the files left out) and a census workbook of their organizations.
Every output is written atomically; the only non-deterministic content is the
``generated_at`` line.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..census.changes import with_change_findings
from ..census.expected import Submission, late_files, match_units
from ..census.expected_units import ProvinceUnits, communes_of, default_units, match_communes
from ..census.findings import CATALOG
from ..census.reader import Census, CensusFile, combine, read_census_file
from ..census.schema import Column
from ..core.i18n import Lang, phrase
from ..core.interrupt import adopt_orphans, deferred, kill_group, reap_group
from ..core.output import write_atomic
from ..plan.progress import LeftOut, gap_report
from ..plan.targets import TargetsFile
from ..read.workbook import SUPPORTED_SUFFIXES, Limits, spreadsheets_in
from ..report.batch_notes import findings_sections, md_text, units_sections
from ..report.census_xlsx import CREATOR, build_census_xlsx
from ..report.render import gap_json
from ..report.render_check import check_json

#: How many errors of a file the summary shows.
FIRST_ERRORS = 5
#: The consolidated census workbook, in the output folder.
CENSUS_XLSX = "census.xlsx"


class BatchError(Exception):
    """The run cannot happen (folder missing, no workbooks, output not writable).

    ``key`` names the reason for the message catalog (i18n ``batch-<key>``); ``error`` is
    the operating system's refusal behind it, if any (i18n ``os_reason`` words it).
    """

    def __init__(
        self, key: str, path: Path, detail: str = "", error: OSError | None = None
    ) -> None:
        detail = detail or (str(error.strerror or error) if error is not None else "")
        super().__init__(f"{path}: {key}{': ' + detail if detail else ''}")
        self.key, self.path, self.detail, self.error = key, path, detail, error


def find_workbooks(folder: Path) -> list[Path]:
    """Every workbook under ``folder`` (recursive), sorted by relative path
    (:func:`.workbook.spreadsheets_in`)."""
    if not folder.is_dir():
        raise BatchError("not-a-folder", folder)
    return spreadsheets_in(folder)


def is_own_census(path: Path) -> bool:
    """Whether ``path`` is a census workbook that ``ktt batch`` wrote (its creator says so).

    An output folder that is the input folder (or lies inside it) holds the census.xlsx of
    the last run: it is no submission. Only the workbook's properties are read.
    """
    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as core:
            head = core.read(4096)
    except (OSError, KeyError, RuntimeError, zipfile.BadZipFile):
        return False
    # openpyxl declares the namespace on the element itself when lxml is installed
    # (<dc:creator xmlns:dc="…">), on the root otherwise.
    return re.search(rf"<dc:creator(?:\s[^>]*)?>{CREATOR}</dc:creator>".encode(), head) is not None


def writes_over(outdir: Path, path: Path) -> bool:
    """Whether a run into ``outdir`` may write or remove ``path`` (a targets file kept there
    as ``gap.json`` or ``findings/x.json`` would be lost)."""
    try:
        path, outdir = path.resolve(), outdir.resolve()
    except OSError:
        return False
    names = {"gap.json", "summary.json", "summary.md", CENSUS_XLSX}
    return (path.parent == outdir and path.name in names) or (
        path.parent == outdir / "findings" and path.suffix == ".json"
    )


def safe_name(relative: str) -> str:
    """A file name from a relative path: separators and unsafe characters become ``_``.

    Letters of any script (Vietnamese included), digits, ``-``, ``_`` and ``.`` are kept.
    """
    name = relative.replace(os.sep, "_").replace("/", "_")
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name).lstrip(".") or "_"


def _read_one(
    path: str,
    label: str,
    today: date | None,
    limits: Limits | None,
    columns: Sequence[Column] = (),
) -> CensusFile:
    return read_census_file(path, today=today, label=label, limits=limits, columns=columns)


def read_files(
    folder: Path,
    paths: list[Path],
    *,
    today: date | None = None,
    limits: Limits | None = None,
    on_done: Callable[[], None] | None = None,
    columns: Sequence[Column] = (),
) -> list[CensusFile]:
    """Read ``paths`` in parallel processes; results in the order of ``paths``.

    Each file is labelled by its path relative to ``folder`` (POSIX separators);
    ``columns`` are the columns the plan declares, read as ordinary columns.
    """
    labels = [p.relative_to(folder).as_posix() for p in paths]
    workers = max(1, min(os.cpu_count() or 1, len(paths)))
    results: list[CensusFile | None] = [None] * len(paths)
    adopt_orphans()  # a worker's .xls child, killed with it, is reaped here
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_own_group)
    try:
        futures = {
            pool.submit(_read_one, str(p), label, today, limits, columns): i
            for i, (p, label) in enumerate(zip(paths, labels, strict=True))
        }
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if on_done is not None:
                on_done()
    except BaseException:  # Ctrl-C, SIGTERM: no worker, nor a child of one, reads on
        groups = list(getattr(pool, "_processes", None) or {})
        for pid in groups:
            kill_group(pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # not in its own group yet
        pool.shutdown(wait=True, cancel_futures=True)
        for pid in groups:
            reap_group(pid)
        raise
    pool.shutdown(wait=True)
    return [r for r in results if r is not None]


def _own_group() -> None:
    """A worker's first step: a process group of its own, with its children. Ctrl-C at the
    terminal then reaches the parent alone, which ends each worker's group whole."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)


@dataclass
class BatchResult:
    files: list[CensusFile]
    outputs: list[Path] = field(default_factory=list)

    @property
    def valid(self) -> list[CensusFile]:
        return [f for f in self.files if f.valid]

    @property
    def invalid(self) -> list[CensusFile]:
        return [f for f in self.files if not f.valid]


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def summary_dict(
    files: list[CensusFile],
    findings: dict[str, str],
    lang: Lang,
    marked: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The deterministic part of ``summary.json`` (no ``generated_at``). ``marked``: the
    marked-up copy of each file that has one (:mod:`.markup`)."""
    copies = marked or {}
    entries = []
    for f in files:
        entries.append(
            {
                "path": f.path,
                "valid": f.valid,
                "errors": len(f.errors),
                "warnings": len(f.warnings),
                "rows_read": f.rows_read,
                "organizations": len(f.organizations),
                "rows_with_errors": f.rows_with_errors,
                # A file with errors is left out of the report whole.
                "organizations_counted": len(f.organizations) if f.valid else 0,
                "first_errors": [
                    {
                        "code": e.code,
                        "sheet": e.sheet,
                        "cell": e.cell,
                        "message": e.message(lang),
                    }
                    for e in f.errors[:FIRST_ERRORS]
                ],
                "findings": f"findings/{findings[f.path]}",
                "marked_up": f"findings/{copies[f.path]}" if f.path in copies else None,
            }
        )
    valid = [f for f in files if f.valid]
    return {
        "files": entries,
        "valid_files": len(valid),
        "invalid_files": len(files) - len(valid),
        "left_out": [f.path for f in files if not f.valid],
        "organizations_counted": sum(len(f.organizations) for f in valid),
    }


def summary_markdown(
    summary: dict[str, Any],
    generated_at: str,
    lang: Lang,
    gap: bool,
    files: list[CensusFile] | None = None,
) -> str:
    """summary.md: the table of files, who has not sent (with --expected), the late files,
    then every finding of each file with what to do next (``files`` gives them; without,
    the first errors of the files left out)."""
    lines = [
        f"# {phrase('label.batch-title', lang)}",
        "",
        f"{phrase('label.batch-generated', lang)}: {generated_at}",
        "",
        f"{phrase('label.batch-files', lang)}: {len(summary['files'])} "
        f"({summary['valid_files']} {phrase('label.batch-valid', lang)}, "
        f"{summary['invalid_files']} {phrase('label.batch-invalid', lang)})",
        "",
        phrase("label.batch-header", lang),
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for e in summary["files"]:
        yes = phrase("label.batch-yes" if e["valid"] else "label.batch-no", lang)
        lines.append(
            f"| {md_text(e['path'])} | {yes} | {e['errors']} | {e['warnings']} "
            f"| {e['rows_read']} | {e['organizations']} | {e['organizations_counted']} |"
        )
    lines += ["", phrase("label.batch-counts", lang)]
    lines += units_sections(summary, lang)
    if files is not None:
        lines += findings_sections(summary, files, lang)
    elif summary["left_out"]:
        lines += ["", f"## {phrase('label.batch-left-out', lang)}", ""]
        for e in summary["files"]:
            if e["valid"]:
                continue
            lines.append(f"- **{md_text(e['path'])}**")
            for x in e["first_errors"]:
                where = " › ".join(str(p) for p in (x["sheet"], x["cell"]) if p)
                where = f" ({md_text(where)})" if where else ""
                title = md_text(CATALOG[x["code"]].title(lang))
                lines.append(f"  - «{title}»{where}: {md_text(x['message'])}")
    if not gap:
        lines += ["", phrase("label.batch-no-gap", lang)]
    return "\n".join(lines) + "\n"


def run_batch(
    folder: Path,
    outdir: Path,
    plan: TargetsFile,
    *,
    year: int | None = None,
    lang: Lang = "vi",
    today: date | None = None,
    generated_at: str,
    limits: Limits | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[], None] | None = None,
    expected: list[str] | ProvinceUnits | None = None,
    deadline: date | None = None,
    mark_up: bool = True,
) -> BatchResult:
    """Read every workbook under ``folder`` and write the reports into ``outdir``.

    ``expected``: the units that must report, or a province's communes (summary lists
    who is missing, unexpected or sent twice); ``deadline``: files modified after it are
    listed as late; ``mark_up``: a marked-up copy of each file with findings beside its
    findings (:mod:`.markup`).
    Raises :class:`BatchError` when the run cannot happen. Input files are only read.
    """
    paths = _submissions(folder, outdir)
    resolved_in = {p.resolve() for p in paths}
    _writable(outdir)  # made only when every output is ready (_put_in_place)

    if on_start is not None:
        on_start(len(paths))
    columns = plan.census_columns()
    read = read_files(folder, paths, today=today, limits=limits, on_done=on_done, columns=columns)
    files = combine(read).files
    # An organization of last year's files that this year's no longer list: a warning there.
    files = with_change_findings(Census(files=files)).files
    result = BatchResult(files=files)

    names = _findings_names(files)
    outputs: dict[Path, str | bytes] = {}
    for f in files:
        outputs[outdir / "findings" / names[f.path]] = _dumps(check_json(Census(files=[f]), lang))
    # The marked-up copies are written after the reports, before the summary.
    marked, copies = (
        _marked_copies(files, paths, names, outdir, lang, limits) if mark_up else ({}, {})
    )
    outputs.update(_gap_outputs(plan, result, year, lang, columns, outdir))
    outputs.update(copies)
    gap = outdir / "gap.json" in outputs
    submissions = _submissions_of(files, paths)
    summary = _summary(files, names, marked, submissions, expected, deadline, lang)
    outputs[outdir / "summary.json"] = _dumps({**summary, "generated_at": generated_at})
    outputs[outdir / "summary.md"] = summary_markdown(summary, generated_at, lang, gap, files)

    for path in outputs:
        if path.resolve() in resolved_in:
            raise BatchError("output-is-input", path)
    _put_in_place(outdir, outputs)
    result.outputs = sorted(outputs)
    return result


def _submissions_of(files: list[CensusFile], paths: list[Path]) -> list[Submission]:
    """What matching the files to the units that must report needs of each."""
    return [
        Submission(f.path, f.info.don_vi_bao_cao, _modified(p), communes_of(f.organizations))
        for f, p in zip(files, paths, strict=True)
    ]


def _summary(
    files: list[CensusFile],
    names: dict[str, str],
    marked: dict[str, str],
    submissions: list[Submission],
    expected: list[str] | ProvinceUnits | None,
    deadline: date | None,
    lang: Lang,
) -> dict[str, Any]:
    """The summary of the run (:func:`summary_dict`), with who has not sent (``expected``)
    and who sent late (``deadline``)."""
    summary = summary_dict(files, names, lang, marked)
    infos = [f.info for f in files]
    if expected is None:
        expected = default_units(infos)
    if isinstance(expected, ProvinceUnits):
        summary["units"] = match_communes(expected, submissions, infos)
    elif expected is not None:
        summary["units"] = match_units(expected, submissions)
    if deadline is not None:
        summary["deadline"] = deadline.isoformat()
        summary["late"] = late_files(submissions, deadline)
    return summary


def _submissions(folder: Path, outdir: Path) -> list[Path]:
    """The workbooks under ``folder``, but for what an earlier run into ``outdir`` wrote
    there (its census workbook, its marked-up copies). Raises :class:`BatchError` when
    there is none."""
    own = (outdir / CENSUS_XLSX).resolve()
    paths = [
        p
        for p in find_workbooks(folder)
        if not (p.resolve() == own and is_own_census(p)) and not _own_copy(p, outdir)
    ]
    if not paths:
        raise BatchError("no-workbooks", folder, ", ".join(SUPPORTED_SUFFIXES))
    return paths


def _findings_names(files: list[CensusFile]) -> dict[str, str]:
    """Each file's findings file name (``findings/<name>``), by its path: its path made
    safe, numbered where two paths make the same name."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for f in files:
        base = safe_name(f.path)
        name, n = f"{base}.json", 2
        while name in used:
            name, n = f"{base}-{n}.json", n + 1
        used.add(name)
        names[f.path] = name
    return names


def _marked_copies(
    files: list[CensusFile],
    paths: list[Path],
    names: dict[str, str],
    outdir: Path,
    lang: Lang,
    limits: Limits | None,
) -> tuple[dict[str, str], dict[Path, bytes]]:
    """The marked-up copy of each readable file with findings: its name by the file's path,
    and its content by its output path (a file that cannot be marked up has none)."""
    from ..report.markup import mark_up as marked_copy
    from ..report.xlsx_xml import CannotMarkUp

    marked: dict[str, str] = {}
    copies: dict[Path, bytes] = {}
    for f, path in zip(files, paths, strict=True):
        if not f.findings or f.unreadable:
            continue
        try:
            copy = marked_copy(path, f, lang=lang, limits=limits)
        except CannotMarkUp:
            continue
        marked[f.path] = names[f.path].removesuffix(".json") + ".xlsx"
        copies[outdir / "findings" / marked[f.path]] = copy
    return marked, copies


def _gap_outputs(
    plan: TargetsFile,
    result: BatchResult,
    year: int | None,
    lang: Lang,
    columns: Sequence[Column],
    outdir: Path,
) -> dict[Path, str | bytes]:
    """gap.json and census.xlsx of the valid files (none when no valid file has a year)."""
    consolidated = Census(files=result.valid)
    years = consolidated.years
    if not years:
        return {}
    current = Census(
        files=[f for f in consolidated.files if f.info.nam_bao_cao in (years[-1], None)]
    )
    earlier = {y: consolidated.of_year(y) for y in years[:-1]}
    report = gap_report(plan, current, years[-1], year, earlier=earlier)
    # A submission with errors is left out whole; the report says so, as --skip-invalid does.
    left_out = [LeftOut(file=f.path, rows=[], whole_file=True) for f in result.invalid]
    report = report.model_copy(update={"left_out": left_out})
    return {
        outdir / "gap.json": _dumps(gap_json(report, lang)),
        outdir / CENSUS_XLSX: build_census_xlsx(current, lang, columns),
    }


def _writable(outdir: Path) -> None:
    """Raise :class:`BatchError` unless ``outdir`` (or, where it does not exist yet, the
    nearest folder above it that does) is a folder this process can write in. Nothing is
    made: a run stopped before its outputs are ready leaves no empty folder behind."""
    folder = outdir
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if folder.exists() and not folder.is_dir():
        error = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        raise BatchError("not-writable", outdir, error=error)
    for path in (folder, outdir / "findings"):
        if path.exists() and not os.access(path, os.W_OK | os.X_OK):
            raise BatchError("not-writable", outdir)


def _put_in_place(outdir: Path, outputs: Mapping[Path, str | bytes]) -> None:
    """Write ``outputs`` (paths in ``outdir``) into a temporary folder beside them, then put
    them all in place with Ctrl-C held (a new ``outdir`` is that folder, renamed; an
    existing one gets each file by a rename, and loses what an earlier run wrote and this
    one did not). Stopped or failing before, nothing of this run is left anywhere."""
    fresh = not outdir.exists()
    try:
        if fresh:
            outdir.parent.mkdir(parents=True, exist_ok=True)
        where = outdir.parent if fresh else outdir
        stage = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.ktt-", dir=where))
    except OSError as exc:
        raise BatchError("not-writable", outdir, error=exc) from None
    try:
        (stage / "findings").mkdir()
        for path, content in outputs.items():
            write_atomic(stage / path.relative_to(outdir), content)
        with deferred():
            if fresh:
                umask = os.umask(0)
                os.umask(umask)
                stage.chmod(0o777 & ~umask)  # mkdtemp makes it 0700; an output is ordinary
                stage.rename(outdir)
            else:
                (outdir / "findings").mkdir(exist_ok=True)
                for path in outputs:
                    (stage / path.relative_to(outdir)).replace(path)
                _remove_stale(outdir, outputs)
    except OSError as exc:
        raise BatchError("not-writable", outdir, error=exc) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _remove_stale(outdir: Path, written: Mapping[Path, object]) -> None:
    """Remove what an earlier run wrote and this one did not: the findings of a submission
    no longer in the folder, and the report and census of a run that now has no valid file.
    Only after every new output is in place, so a run stopped half way removes nothing. A
    census.xlsx that ktt batch did not write is never touched."""
    stale = [p for p in (outdir / "findings").glob("*.json") if p not in written]
    # A marked-up copy is ours when its findings file is (this run's or a stale one).
    stale += [p for p in (outdir / "findings").glob("*.xlsx")
              if p not in written and p.with_suffix(".json").is_file()]  # fmt: skip
    for path in (outdir / "gap.json", outdir / CENSUS_XLSX):
        ours = path.name != CENSUS_XLSX or (path.is_file() and is_own_census(path))
        if path not in written and path.is_file() and ours:
            stale.append(path)
    for path in stale:
        path.unlink(missing_ok=True)


def _own_copy(path: Path, outdir: Path) -> bool:
    """Whether ``path`` is a marked-up copy an earlier run wrote (an output folder inside the
    input folder): it lies in the findings folder beside its findings file."""
    try:
        ours = path.parent.resolve() == (outdir / "findings").resolve()
    except OSError:
        return False
    return ours and path.suffix.lower() == ".xlsx" and path.with_suffix(".json").is_file()


def _modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None
