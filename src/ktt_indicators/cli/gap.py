"""``ktt gap``: progress against every target, as a table, data or a report document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.i18n import Lang, phrase
from ..report.gap_output import BINARY, DOCUMENTS, GAP_SUFFIXES, GapFormat, build_document
from .common import (
    DEFAULT_CELLS,
    DEFAULT_COLUMNS,
    DEFAULT_ROWS,
    DEFAULT_UNCOMPRESSED_MB,
    FINDINGS,
    USAGE,
    LangOption,
    MaxCellsOption,
    MaxColumnsOption,
    MaxRowsOption,
    MaxUncompressedOption,
    OutputOption,
    TargetsOption,
    TodayOption,
    YearOption,
    app,
    console,
    emit,
    fail,
    guard_output,
    json_text,
    language_of,
    limits_of,
    load_plan,
    no_stray_numbers,
    once,
    output_format,
    require_year,
    say,
    say_unreadable,
    shown,
    targets_path,
    today_of,
    write_bytes,
)
from .usage import KttCommand

if TYPE_CHECKING:
    from ..census.reader import Census
    from ..plan.progress import GapReport
    from ..plan.targets import ReportHeader, TargetsFile
    from ..plan.trend import Point
    from ..read.limits import Limits
    from ..report.official import DocumentHeader


class ByColumn(StrEnum):
    xa_phuong = "xa_phuong"
    quan_huyen = "quan_huyen"
    tinh_cu = "tinh_cu"


GAP_HELP = """\
Progress against every target: current value, target, gap, and what is needed per year.

-o report.docx writes the report document to sign (Decree 30/2020/NĐ-CP), -o report.pdf
its PDF (by LibreOffice).

Example: ktt gap census-2025.xlsx --year 2030 --format json -o gap-2030.json"""

FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Census workbooks, read as one census (default: the bundled example).",
        readable=False,
        metavar="FILES...",
    ),
]
FormatOption = Annotated[
    GapFormat | None,
    typer.Option("--format", "-f", help="Output format (default: from -o's suffix, else table)."),
]
ExplainOption = Annotated[
    str | None,
    typer.Option(
        "--explain",
        "-e",
        help="List the organizations a target's figure counted.",
        metavar="TARGET_ID",
    ),
]
ByOption = Annotated[
    ByColumn | None,
    typer.Option("--by", help="Show every target in every area of this column."),
]
HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        help="Indicator values of earlier years (YAML {target: {year: value}} or CSV "
        "target,year,value), for the status over time.",
        readable=False,
    ),
]
SkipInvalidOption = Annotated[
    bool,
    typer.Option(
        "--skip-invalid", help="Leave rows with errors out of the figures, and say which."
    ),
]
IssuerOption = Annotated[
    str | None,
    typer.Option(
        "--issuer",
        help="Issuing body of the report document (.docx, .pdf); "
        "default: the targets file's plan.report.issuer.",
    ),
]
NumberOption = Annotated[
    str | None,
    typer.Option("--number", help="The document's number (default: blank, to fill in)."),
]
PlaceOption = Annotated[
    str | None,
    typer.Option(
        "--place",
        help="The place written before the date, e.g. 'Cần Thơ' (default: the targets "
        "file's plan.report).",
    ),
]
SignerTitleOption = Annotated[
    str | None,
    typer.Option(
        "--signer-title",
        help="Signer's title, e.g. 'PHÓ GIÁM ĐỐC' (default: the targets file's plan.report).",
    ),
]
SignerNameOption = Annotated[
    str | None,
    typer.Option(
        "--signer-name",
        help="Signer's name (default: the targets file's plan.report, else blank to sign by hand).",
    ),
]
ReportSettingsOption = Annotated[
    Path | None,
    typer.Option(
        "--report-settings",
        help="A YAML file of the report document's issuer, place, signer… (the keys of "
        "plan.report), over the targets file's; the options above go over both.",
        readable=False,
    ),
]


@dataclass(frozen=True)
class _Signing:
    """The report document's header options (--issuer … --signer-name, --report-settings)."""

    issuer: str | None
    number: str | None
    place: str | None
    signer_title: str | None
    signer_name: str | None
    settings: ReportHeader | None


@app.command(cls=KttCommand, help=GAP_HELP)
def gap(
    files: FilesArgument = None,
    *,
    year: YearOption = None,
    targets: TargetsOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    explain: ExplainOption = None,
    by: ByOption = None,
    history: HistoryOption = None,
    skip_invalid: SkipInvalidOption = False,
    issuer: IssuerOption = None,
    number: NumberOption = None,
    place: PlaceOption = None,
    signer_title: SignerTitleOption = None,
    signer_name: SignerNameOption = None,
    report_settings: ReportSettingsOption = None,
    lang: LangOption = None,
    today: TodayOption = None,
    max_rows: MaxRowsOption = DEFAULT_ROWS,
    max_columns: MaxColumnsOption = DEFAULT_COLUMNS,
    max_cells: MaxCellsOption = DEFAULT_CELLS,
    max_uncompressed_mb: MaxUncompressedOption = DEFAULT_UNCOMPRESSED_MB,
) -> None:
    language = language_of(lang)
    plan, settings = _plan(files, output, (targets, history, report_settings), year, language)
    chosen = output_format(fmt, output, GAP_SUFFIXES, GapFormat.table, language)
    limits = limits_of(max_rows, max_columns, max_cells, max_uncompressed_mb)
    files = once(files, language) if files else [shown(_example())]
    latest, current, earlier = _read(files, plan, today_of(today), limits, skip_invalid, language)
    if explain is not None:
        _explain_any(explain, plan, earlier.get(latest - 1), current, chosen, output, language)
        return
    report = _report(plan, current, latest, earlier, year, history, by, skip_invalid, language)
    if chosen in DOCUMENTS:
        signing = _Signing(issuer, number, place, signer_title, signer_name, settings)
        sources = (files, targets_path(targets), history)
        _write_document(report, current, plan, sources, signing, today, chosen, output, language)
    else:
        _render_gap(report, chosen, output, language)


def _example() -> Path:
    from ..core.resources import example_census

    return example_census()


def _plan(
    files: list[Path] | None,
    output: Path | None,
    inputs: tuple[Path | None, ...],
    year: int | None,
    lang: Lang,
) -> tuple[TargetsFile, ReportHeader | None]:
    """The plan and the report settings, once the files and -o are known fit to use:
    ``inputs`` (--targets, --history, --report-settings) are never written over."""
    no_stray_numbers(files or [], lang)
    guard_output(output, [*(files or []), *(p for p in inputs if p is not None)], lang)
    plan = load_plan(inputs[0], lang)
    report_settings = inputs[-1]
    settings = _load_report_settings(report_settings, lang) if report_settings else None
    require_year(plan, year, lang)
    return plan, settings


def _read(
    files: list[Path],
    plan: TargetsFile,
    today: date | None,
    limits: Limits,
    skip_invalid: bool,
    lang: Lang,
) -> tuple[int, Census, dict[int, Census]]:
    """The census to count by year: the latest year, its census and the earlier years' (with
    what changed since the year before). An unreadable file, a census with errors (unless
    --skip-invalid) or one with nothing to count ends the run here."""
    from ..census.reader import read_census

    census = read_census(files, today=today, limits=limits, columns=plan.census_columns())
    if len(census.years) > 1:  # what changed since the year before
        from ..census.changes import with_change_findings

        census = with_change_findings(census)
    if any(f.unreadable for f in census.files):
        say_unreadable(census, lang)
        raise typer.Exit(USAGE)
    if not census.valid and not skip_invalid:
        _print_findings_summary(census, lang)
        errors = sum(len(f.errors) for f in census.files)
        invalid = sum(1 for f in census.files if not f.valid)
        fail(phrase("text.census-invalid", lang, errors=errors, files=invalid), FINDINGS, lang)
    if not census.years and all(f.unusable for f in census.files):  # --skip-invalid left none
        fail(phrase("text.nothing-to-count", lang), FINDINGS, lang)
    if not census.years:
        fail(phrase("text.no-year", lang), FINDINGS if not census.valid else USAGE, lang)
    return census.by_year()


def _report(
    plan: TargetsFile,
    current: Census,
    census_year: int,
    earlier: dict[int, Census],
    year: int | None,
    history: Path | None,
    by: ByColumn | None,
    skip_invalid: bool,
    lang: Lang,
) -> GapReport:
    """The gap report of the latest year (earlier years give each target its series), and
    the rows --skip-invalid left out said on stderr."""
    from ..plan.progress import gap_report

    series = _load_history(history, plan, lang) if history else None
    report = gap_report(
        plan,
        current,
        census_year,
        year,
        earlier=earlier,
        history=series,
        by=by.value if by else None,
        skip_invalid=skip_invalid,
    )
    if report.left_out:
        _print_left_out(report, lang)
    return report


def _explain_any(
    explain: str,
    plan: TargetsFile,
    last: Census | None,
    current: Census,
    fmt: GapFormat,
    output: Path | None,
    lang: Lang,
) -> None:
    """``--explain``: a target's organizations, or those behind a count of what changed."""
    if fmt not in (GapFormat.table, GapFormat.json, GapFormat.csv):
        fail(phrase("text.explain-format", lang, format=fmt.value), USAGE, lang)
    if explain in _change_groups():
        _explain_changes(last, current, explain, fmt, output, lang)
    else:
        _explain(plan, current, explain, fmt, output, lang)


def _write_document(
    report: GapReport,
    census: Census,
    plan: TargetsFile,
    sources: tuple[list[Path], Path, Path | None],
    signing: _Signing,
    today: str | None,
    fmt: GapFormat,
    output: Path | None,
    lang: Lang,
) -> None:
    """The formatted reports: a self-contained HTML page, or an Excel workbook, the report
    document or its PDF (these need -o). ``sources``: the census files, the targets file and
    the history, whose digests the document carries."""
    from ..report.pdf import PACKAGE, PdfEngineMissing, PdfFailed
    from ..report.provenance import provenance

    prov = provenance(*sources)
    header = _header(plan, census, signing, today_of(today) or prov.generated_at.date())
    if fmt in BINARY and output is None:
        fail(phrase(f"text.{fmt.value}-needs-output", lang), USAGE, lang)
    try:
        content = build_document(fmt, report, census, plan, prov, header, lang)
    except PdfEngineMissing:
        fail(phrase("text.pdf-no-engine", lang, package=PACKAGE), USAGE, lang)
    except PdfFailed as exc:
        fail(phrase("text.pdf-failed", lang, detail=exc.detail), USAGE, lang)
    if isinstance(content, str):
        emit(content, output, lang)
    elif output is not None:
        write_bytes(content, output, lang)


def _header(plan: TargetsFile, census: Census, signing: _Signing, on: date) -> DocumentHeader:
    from ..report.official import document_header, reporting_unit

    return document_header(
        plan,
        on=on,
        issuer=signing.issuer,
        number=signing.number,
        place=signing.place,
        signer_title=signing.signer_title,
        signer_name=signing.signer_name,
        settings=signing.settings,
        reporting_unit=reporting_unit([f.info.don_vi_bao_cao for f in census.files]),
    )


def _change_groups() -> frozenset[str]:
    from ..report.render_changes import EXPLAIN_GROUPS

    return frozenset(EXPLAIN_GROUPS)


def _load_report_settings(path: Path, lang: Lang) -> ReportHeader:
    from ..report.official import ReportSettingsError, load_report_settings

    try:
        return load_report_settings(path)
    except ReportSettingsError as exc:
        fail(phrase(f"text.{exc.problem}", lang, path=path, **exc.params), USAGE, lang)


def _load_history(path: Path, plan: TargetsFile, lang: Lang) -> dict[str, list[Point]]:
    from ..plan.history import HistoryError, load_history

    try:
        return load_history(path, {t.id for t in plan.targets})
    except HistoryError as exc:
        from ..core.i18n import history_problem

        say(phrase("text.history-invalid", lang, path=path))
        for d in exc.details:
            say(f"  {history_problem(d.line, d.where, d.code, d.params, d.message, lang)}")
        raise typer.Exit(USAGE) from None


def _render_gap(report: GapReport, fmt: GapFormat, output: Path | None, lang: Lang) -> None:
    from ..report.render import gap_csv, gap_json, gap_markdown, gap_renderable

    if fmt == GapFormat.json:
        emit(json_text(gap_json(report, lang)), output, lang)
    elif fmt == GapFormat.csv:
        emit(gap_csv(report, lang), output, lang)
    elif fmt == GapFormat.markdown:
        emit(gap_markdown(report, lang), output, lang)
    else:
        emit(gap_renderable(report, lang), output, lang)


def _explain(
    plan: TargetsFile,
    census: Census,
    target_id: str,
    fmt: GapFormat,
    output: Path | None,
    lang: Lang,
) -> None:
    from ..core.text import closest
    from ..plan.progress import trace
    from ..report.render_lists import explain_csv, explain_json, explain_table

    target = plan.get(target_id)
    if target is None:
        near = closest(target_id, [t.id for t in plan.targets], cutoff=0.3) or "-"
        fail(phrase("text.unknown-target", lang, id=target_id, near=near), USAGE, lang)
    counted, base = trace(target, plan, census)
    if fmt == GapFormat.json:
        emit(json_text(explain_json(target, counted, base)), output, lang)
    elif fmt == GapFormat.csv:
        emit(explain_csv(counted, base), output, lang)
    else:
        emit(explain_table(target, counted, base, lang), output, lang)


def _explain_changes(
    last: Census | None,
    census: Census,
    group: str,
    fmt: GapFormat,
    output: Path | None,
    lang: Lang,
) -> None:
    """``--explain new|dissolved|vanished|status_changed|changes``: the organizations behind
    the counts of what changed since last year."""
    from ..census.changes import compare_censuses
    from ..report.render_changes import (
        explain_changes_csv,
        explain_changes_rows,
        explain_changes_table,
    )

    changes = compare_censuses(last, census) if last is not None else None
    if changes is None:
        year = census.years[-1]
        fail(
            phrase("changes.needs-two-years", lang, group=group, year=year, before=year - 1),
            USAGE,
            lang,
        )
    if fmt == GapFormat.json:
        emit(json_text(explain_changes_rows(changes, group, lang)), output, lang)
    elif fmt == GapFormat.csv:
        emit(explain_changes_csv(changes, group, lang), output, lang)
    else:
        emit(explain_changes_table(changes, group, lang), output, lang)


def _print_findings_summary(census: Census, lang: Lang, limit: int = 10) -> None:
    errors = [f for file in census.files for f in file.errors]
    for f in errors[:limit]:
        say(f"{f.place()}: [{f.title(lang)}] {f.message(lang)}")
    if len(errors) > limit:
        say(f"… (+{len(errors) - limit})")


def _print_left_out(report: GapReport, lang: Lang) -> None:
    err = console(stderr=True)
    rows = sum(len(lo.rows) for lo in report.left_out)
    files = sum(1 for lo in report.left_out if lo.whole_file)
    err.print(phrase("text.skipped-rows", lang, rows=rows, files=files), markup=False)
    for lo in report.left_out:
        detail = "*" if lo.whole_file else ", ".join(map(str, lo.rows))
        err.print(f"  {lo.file}: {detail}", markup=False)
