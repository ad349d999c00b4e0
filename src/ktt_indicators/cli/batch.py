"""``ktt batch``: every workbook of a folder checked, one consolidated report written."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.i18n import Lang, os_reason, phrase
from .common import (
    DEFAULT_CELLS,
    DEFAULT_COLUMNS,
    DEFAULT_ROWS,
    DEFAULT_UNCOMPRESSED_MB,
    FINDINGS,
    OK,
    USAGE,
    LangOption,
    MaxCellsOption,
    MaxColumnsOption,
    MaxRowsOption,
    MaxUncompressedOption,
    TargetsOption,
    TodayOption,
    YearOption,
    app,
    console,
    fail,
    language_of,
    limits_of,
    load_plan,
    require_year,
    today_of,
)
from .usage import KttCommand

if TYPE_CHECKING:
    from ..batch.run import BatchResult
    from ..census.expected_units import ProvinceUnits
    from ..plan.targets import TargetsFile
    from ..read.limits import Limits

FolderArgument = Annotated[
    Path,
    typer.Argument(
        help="Folder of census workbooks (searched recursively).",
        readable=False,
        metavar="FOLDER",
    ),
]
OutdirOption = Annotated[
    Path,
    typer.Option("--output", "-o", help="Folder to write the reports into.", readable=False),
]
ExpectedOption = Annotated[
    str | None,
    typer.Option(
        "--expected",
        help="The units that must report: a province's code or name (its communes, e.g. 92 "
        "for Cần Thơ), «tỉnh» for the province the censuses name, a text file, one unit a "
        "line, or a CSV or workbook whose first column is the unit. Default: the communes of "
        "the one province censuses dated after 1 July 2025 name.",
    ),
]
DeadlineOption = Annotated[
    str | None,
    typer.Option("--deadline", help="List files modified after this date (YYYY-MM-DD) as late."),
]


@app.command(cls=KttCommand)
def batch(
    folder: FolderArgument,
    *,
    outdir: OutdirOption,
    year: YearOption = None,
    targets: TargetsOption = None,
    expected: ExpectedOption = None,
    deadline: DeadlineOption = None,
    lang: LangOption = None,
    today: TodayOption = None,
    max_rows: MaxRowsOption = DEFAULT_ROWS,
    max_columns: MaxColumnsOption = DEFAULT_COLUMNS,
    max_cells: MaxCellsOption = DEFAULT_CELLS,
    max_uncompressed_mb: MaxUncompressedOption = DEFAULT_UNCOMPRESSED_MB,
) -> None:
    """Check every workbook of a folder and write one consolidated report.

    Writes gap.json, census.xlsx (the valid files as one census), summary.json, summary.md,
    findings/<file>.json and, for a file with findings, findings/<file>.xlsx (its workbook
    with every finding marked on its cell) into the output folder.

    Example: ktt batch nop-bao-cao/ -o bao-cao-2025/
    """
    language = language_of(lang)
    plan = _plan(outdir, targets, year, language)
    when = today_of(today)
    units = _load_units(expected, language) if expected is not None else None
    due = _date_option("--deadline", deadline, language) if deadline is not None else None
    limits = limits_of(max_rows, max_columns, max_cells, max_uncompressed_mb)
    result = _run(folder, outdir, plan, year, language, when, limits, units, due)
    bad = len(result.invalid)
    print(phrase("text.batch-summary", language, files=len(result.files), valid=len(result.valid),
               bad=bad, outdir=outdir))  # fmt: skip
    raise typer.Exit(FINDINGS if bad else OK)


def _plan(outdir: Path, targets: Path | None, year: int | None, lang: Lang) -> TargetsFile:
    """The plan, unless the run would write over its file or it has no target of --year."""
    from ..batch.run import writes_over

    if targets is not None and writes_over(outdir, targets):
        fail(phrase("text.output-is-input", lang, path=targets), USAGE, lang)
    plan = load_plan(targets, lang)
    require_year(plan, year, lang)
    return plan


def _run(
    folder: Path,
    outdir: Path,
    plan: TargetsFile,
    year: int | None,
    lang: Lang,
    today: date | None,
    limits: Limits,
    units: list[str] | ProvinceUnits | None,
    due: date | None,
) -> BatchResult:
    """:func:`.batch.run_batch` with a progress bar, its refusal said as a usage mistake."""
    from datetime import datetime

    from rich.progress import Progress

    from ..batch.run import BatchError, run_batch

    generated_at = today.isoformat() if today else datetime.now().replace(microsecond=0).isoformat()
    err = console(stderr=True)
    # The bar is drawn on stderr: only where stderr can redraw a line, as rich tells it
    # (FORCE_COLOR, TTY_COMPATIBLE, TERM=dumb), and never with NO_COLOR (no-color.org).
    fancy = err.is_interactive and not err.no_color
    bar = Progress(console=err, transient=True, disable=not fancy)
    task = bar.add_task("…", total=None)
    try:
        with bar:
            return run_batch(
                folder,
                outdir,
                plan,
                year=year,
                lang=lang,
                today=today,
                generated_at=generated_at,
                limits=limits,
                on_start=lambda n: bar.update(task, total=n),
                on_done=lambda: bar.advance(task),
                expected=units,
                deadline=due,
            )
    except BatchError as exc:
        reason = os_reason(exc.error, lang) if exc.error is not None else exc.detail
        detail = f" ({reason})" if reason else ""
        fail(phrase(f"text.batch-{exc.key}", lang, path=exc.path) + detail, USAGE, lang)


def _load_units(value: str, lang: Lang) -> list[str] | ProvinceUnits:
    """The units ``--expected`` names: a province's communes, or those of a list file."""
    from ..census.expected import UnitsError, load_units

    path = Path(value)
    if not path.exists():
        from ..census.expected_units import province_units

        province = province_units(value)
        if province is not None:
            return province
    try:
        return load_units(path)
    except UnitsError as exc:
        if exc.error is not None:
            reason = os_reason(exc.error, lang)
        elif exc.reason in ("no-units", "not-utf8"):
            reason = phrase(f"text.units-{exc.reason}", lang)
        else:  # a workbook that cannot be read: as ktt check says it
            from ..census.findings import Finding, severity_of

            code = "unreadable-file"
            params = {"reason": exc.reason, **exc.params}
            finding = Finding(code, severity_of(code), str(path), params=params)
            reason = finding.message(lang)
        fail(f"--expected {path}: {reason}", USAGE, lang)


def _date_option(name: str, value: str, lang: Lang) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(phrase("text.bad-date", lang, name=name, value=value), USAGE, lang)
