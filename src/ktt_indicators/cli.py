"""The ``ktt`` command line: parse, call the library, render, map results to exit codes.

Exit codes: 0 valid (or targets read), 1 findings that make a census invalid,
2 usage error or unreadable input. No traceback reaches the user for their
own mistake.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType

from . import __version__
from .i18n import Lang, os_reason, target_problem, text
from .usage import KttCommand, KttGroup, argv_lang

if TYPE_CHECKING:
    from .census import Census
    from .limits import Limits
    from .official import DocumentHeader
    from .progress import GapReport
    from .provenance import Provenance
    from .targets import ReportHeader, TargetsFile
    from .trend import Point

app = typer.Typer(
    name="ktt",
    cls=KttGroup,
    help=(
        "Progress of the collective economy (THT, HTX, LHHTX) against plan targets, from census "
        "workbooks.\n\nMessages are in Vietnamese; add --lang en (before or after the command) "
        "for English."
    ),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

OK, FINDINGS, USAGE = 0, 1, 2


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    junit = "junit"
    github = "github"


class TableFormat(StrEnum):
    table = "table"
    json = "json"


class ByColumn(StrEnum):
    xa_phuong = "xa_phuong"
    quan_huyen = "quan_huyen"
    tinh_cu = "tinh_cu"


class GapFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"


class LangChoice(StrEnum):
    vi = "vi"
    en = "en"


LANG_HELP = "Language of messages and help: vi or en (default: KTT_LANG, else vi)."
# After the command; the same option before it (ktt --lang en gap) is the program's, and it
# reads KTT_LANG. The one after the command wins.
LangOption = Annotated[LangChoice | None, typer.Option("--lang", help=LANG_HELP)]
TargetsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        "-t",
        help=(
            "Targets file, or the id of a bundled plan (ktt targets --list); default: the "
            "bundled Cần Thơ plan."
        ),
        envvar="KTT_TARGETS",
        readable=False,  # ktt says why a file cannot be read, in the user's language
    ),
]
TodayOption = Annotated[
    str | None, typer.Option("--today", hidden=True, help="Pretend today is this ISO date.")
]
# Limits on the size of an input workbook (defaults and reasons: limits.Limits).
MaxRowsOption = Annotated[
    int,
    typer.Option("--max-rows", envvar="KTT_MAX_ROWS", min=1,
                 help="Refuse a sheet that reaches beyond this row."),
]  # fmt: skip
MaxColumnsOption = Annotated[
    int,
    typer.Option("--max-columns", envvar="KTT_MAX_COLUMNS", min=1,
                 help="Refuse a sheet that reaches beyond this column."),
]  # fmt: skip
MaxCellsOption = Annotated[
    int,
    typer.Option("--max-cells", envvar="KTT_MAX_CELLS", min=1,
                 help="Refuse a sheet whose rows × columns exceed this."),
]  # fmt: skip
MaxUncompressedOption = Annotated[
    int,
    typer.Option("--max-uncompressed-mb", envvar="KTT_MAX_UNCOMPRESSED_MB", min=1,
                 help="Refuse a workbook that inflates to more megabytes than this."),
]  # fmt: skip
DEFAULT_ROWS, DEFAULT_COLUMNS = 1_048_576, 16_384
DEFAULT_CELLS, DEFAULT_UNCOMPRESSED_MB = 1_048_576 * 32, 1024

#: Set by the global --debug option: show the reader's own words, and tracebacks.
_debug = False
#: Set by the global --lang option (or KTT_LANG): the language unless the command has --lang.
_global_lang: LangChoice | None = None


def _lang(value: LangChoice | None) -> Lang:
    chosen = value or _global_lang or LangChoice.vi
    return "en" if chosen == LangChoice.en else "vi"


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from .usage import ui_lang

        _fail(text("bad-date", ui_lang(), name="--today", value=value), USAGE, ui_lang())


def _shown_whole(lines: list[tuple[str, str]]) -> set[str]:
    """The files (of ``lines``: each file's path and summary line) whose line the check table
    on stdout has shown where stderr shows too: every file on a terminal; in one log or pipe
    for both (``2>&1``), those whose line fits the table's width whole; none where stdout
    and stderr show apart."""
    from rich.cells import cell_len

    if sys.stdout.isatty() and sys.stderr.isatty():
        return {path for path, _ in lines}
    try:
        same = os.path.sameopenfile(sys.stdout.fileno(), sys.stderr.fileno())
    except (OSError, ValueError):  # no file descriptor (CliRunner, a captured stream)
        return set()
    width = _console().width
    return {path for path, line in lines if cell_len(line) <= width} if same else set()


def _console(stderr: bool = False) -> Console:
    """A console for tables: the terminal's width, or 120 columns on a pipe (COLUMNS overrides)."""
    console = Console(stderr=stderr, soft_wrap=False, highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 120
    return console


def _limits(rows: int, columns: int, cells: int, uncompressed_mb: int) -> Limits:
    from .limits import Limits

    return Limits(max_rows=rows, max_columns=columns, max_cells=cells,
                  max_uncompressed_mb=uncompressed_mb)  # fmt: skip


def _say(line: str) -> None:
    """One line on stderr, never wrapped, its control characters shown (not obeyed)."""
    from .text import printable

    _console(stderr=True).print(printable(line), markup=False, soft_wrap=True)


def _say_unreadable(census: Census, lang: Lang) -> None:
    """One line on stderr for each file that could not be read: the file and the reason."""
    for f in census.files:
        if f.unreadable:
            finding = next(x for x in f.errors if x.code == "unreadable-file")
            _say(f"{text('error', lang)}: {f.path}: {finding.message(lang)}")
            if _debug and finding.params.get("detail"):
                _say(f"  {finding.params['detail']}")


def _fail(message: str, code: int, lang: Lang) -> NoReturn:
    # One line whatever its length: a path cut in two cannot be copied or grepped.
    _console(stderr=True).print(f"{text('error', lang)}: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def _emit(content: str | RenderableType, output: Path | None, lang: Lang) -> None:
    """Print to stdout, or write atomically to ``output``."""
    from .output import write_atomic

    if output is None:
        if isinstance(content, str):
            sys.stdout.write(content)
        else:
            _console().print(content, crop=False)
        return
    if not isinstance(content, str):
        capture = Console(width=160, no_color=True, highlight=False)
        with capture.capture() as cap:
            capture.print(content)
        content = cap.get()
    if output.suffix.lower() == ".csv":
        # Excel on Windows reads a CSV without a byte-order mark as ANSI, garbling Vietnamese.
        content = "\ufeff" + content
    try:
        write_atomic(output, content)
    except OSError as exc:
        _fail(f"{output}: {os_reason(exc, lang)}", USAGE, lang)
    _console(stderr=True).print(text("written", lang, path=output), markup=False)


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same path, a link to it, or a hard link."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        return False


def _once(files: list[Path], lang: Lang) -> list[Path]:
    """``files`` with each file once (the same path, or a link to it, given again is said and
    dropped): read twice, a file would be its own duplicate-code error on every row."""
    kept: list[Path] = []
    seen: set[object] = set()  # each file's identity: a set, for a thousand files (--git)
    for f in files:
        keys = _identities(f)
        if keys & seen:
            _say(f"{text('warning', lang)}: {text('same-file-twice', lang, path=f)}")
        else:
            kept.append(f)
            seen |= keys
    return kept


def _identities(path: Path) -> set[object]:
    """What makes two paths one file (as :func:`_same_file` judges): the resolved path, and
    the device and inode of a file that exists."""
    keys: set[object] = set()
    try:
        keys.add(path.resolve())
        stat = path.stat()
        keys.add((stat.st_dev, stat.st_ino))
    except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        keys.add(path)
    return keys


def _no_stray_numbers(files: list[Path], lang: Lang) -> None:
    """Refuse a FILE that does not exist and is a bare number (``ktt gap a.xlsx --year 2030
    2``): no census is named so, and an option given two values leaves its second one among
    the files. Said before anything is read, as the usage mistake it is."""
    import re

    for f in files:
        if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", str(f)) and not os.path.lexists(f):
            _fail(text("stray-argument", lang, value=f), USAGE, lang)


def _guard_output(output: Path | None, inputs: list[Path], lang: Lang) -> None:
    """Refuse an output path that is one of the inputs: input files are never written to.
    Then make its folder, as ``ktt batch`` makes its own: every output (-o, --mark-up) gets
    the folders it names, before the work, and a folder that cannot be made stops the run
    before the work too.

    The inputs include the implicit ones (the bundled example census and targets file, read
    when no FILE or --targets is given): writing over them would break every later run.
    """
    if output is None:
        return
    from .resources import default_targets, example_census

    if any(_same_file(output, p) for p in [*inputs, example_census(), default_targets()]):
        _fail(text("output-is-input", lang, path=output), USAGE, lang)
    folder = output.parent
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where a folder of the path should be: EEXIST
            reason = os_reason(NotADirectoryError(errno.ENOTDIR, ""), lang) if isinstance(
                exc, FileExistsError) else os_reason(exc, lang)  # fmt: skip
            _fail(text("output-folder", lang, path=output, folder=folder, reason=reason), USAGE,
                  lang)  # fmt: skip


def _targets_path(path: Path | None) -> Path:
    """The targets file meant: a path, else a bundled plan's id, else the default."""
    from .resources import default_targets, find_plan

    if path is None:
        return default_targets()
    if _plan_id_like(path):
        found = find_plan(str(path))
        if found is not None:
            return found
    return path


def _plan_id_like(path: Path) -> bool:
    """Whether --targets names no file but could be a plan id (no folder, no suffix)."""
    return not path.exists() and path.suffix == "" and len(path.parts) == 1


def _load_targets(path: Path | None, lang: Lang) -> TargetsFile:
    from .targets import TargetsFileError, load_targets

    path = _targets_path(path)
    if _plan_id_like(path):  # neither a file nor a bundled plan: say which plans there are
        from .resources import plan_ids
        from .text import closest

        near = closest(str(path), plan_ids(), cutoff=0.5)
        _fail(text("unknown-plan", lang, name=path) + (
            "; " + text("probably", lang, value=near) if near else ""
        ) + ". " + text("see-plans", lang), USAGE, lang)  # fmt: skip
    try:
        return load_targets(path)
    except TargetsFileError as exc:
        problems = [target_problem(d.path, d.code, d.params, d.message, lang) for d in exc.details]
        # One line says the file and the (first) reason; any other reasons follow, indented.
        _say(f"{text('targets-invalid', lang, path=path)} {problems[0]}")
        for problem in problems[1:]:
            _say(f"  {problem}")
        raise typer.Exit(USAGE) from None


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@app.command(cls=KttCommand)
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Census workbooks (.xlsx, .xlsm, .xls, .ods), or folders of them.",
            readable=False,
            metavar="FILES...",
        ),
    ] = None,
    *,
    git: Annotated[
        bool,
        typer.Option(
            "--git",
            help="Check the spreadsheets staged in git (without FILE; every tracked one when "
            "none is staged), their codes judged against every spreadsheet of the repository.",
        ),
    ] = False,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format", "-f", help="Output format (default: from -o's suffix, else table)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", readable=False)
    ] = None,
    mark_up: Annotated[
        Path | None,
        typer.Option(
            "--mark-up",
            help="Also write a copy of FILE (one file) with every finding "
            "marked on its cell, as .xlsx.",
            readable=False,
            metavar="OUT.xlsx",
        ),
    ] = None,
    lang: LangOption = None,
    today: TodayOption = None,
    targets: Annotated[
        Path | None,
        typer.Option(
            "--targets",
            "-t",
            help="Also check the census columns this targets file (or plan id) declares.",
            readable=False,
        ),
    ] = None,
    max_rows: MaxRowsOption = DEFAULT_ROWS,
    max_columns: MaxColumnsOption = DEFAULT_COLUMNS,
    max_cells: MaxCellsOption = DEFAULT_CELLS,
    max_uncompressed_mb: MaxUncompressedOption = DEFAULT_UNCOMPRESSED_MB,
) -> None:
    """Check census workbooks against the census format and list every finding.

    Several files are checked together: a code used in two files is a duplicate. A folder
    stands for the spreadsheets in it and its subfolders. With --git
    (the pre-commit hook), the files are those staged in git and every other spreadsheet of
    the repository is read too, so that a code they share is found. With
    --targets, the columns the plan declares are checked too.

    Example: ktt check quan-ninh-kieu.xlsx quan-cai-rang.xlsx --format json
    """
    from .census import Census, read_census
    from .render_check import check_github, check_json, check_junit, check_renderable, summary_line

    language = _lang(lang)
    others: list[Path] = []
    if files:
        files = _spreadsheets_of(files, language)
    if git:
        files, others = _repository_files(files, language)
    elif not files:  # FILE is optional only with --git: click's own usage error
        from typer._click.exceptions import MissingParameter  # typer's own copy of click
        from typer._click.globals import get_current_context

        ctx = get_current_context()
        param = next(p for p in ctx.command.params if p.name == "files")
        raise MissingParameter(ctx=ctx, param=param)
    _no_stray_numbers(files, language)
    if mark_up is not None and len(files) != 1:
        _fail(text("mark-up-one-file", language, files=len(files)), USAGE, language)
    if mark_up is not None and mark_up.suffix.lower() != ".xlsx":
        _fail(text("mark-up-suffix", language, path=mark_up), USAGE, language)
    _guard_output(output, files, language)
    _guard_output(mark_up, files, language)
    fmt = _output_format(fmt, output, CHECK_SUFFIXES, CheckFormat.table, language)
    limits = _limits(max_rows, max_columns, max_cells, max_uncompressed_mb)
    columns = _load_targets(targets, language).census_columns() if targets else ()
    files = _once(files, language)
    census = read_census([*others, *files], today=_today(today), limits=limits, columns=columns)
    if others:  # read only for their codes: the report is of the files checked
        census = Census(files=census.files[len(others) :])
    if len(census.years) > 1:  # changes.py imports pydantic, which checking one year need not
        from .changes import with_change_findings

        census = with_change_findings(census)  # an organization vanished since the year before
    if fmt == CheckFormat.json:
        _emit(_json(check_json(census, language)), output, language)
    elif fmt == CheckFormat.junit:
        _emit(check_junit(census, language), output, language)
    elif fmt == CheckFormat.github:
        _emit(check_github(census, language), output, language)
    else:
        _emit(check_renderable(census, language), output, language)
    # Each file's one-line summary on stderr, whatever the format, unless the table has just
    # shown it: on the same terminal, or whole into the same log (``2>&1``, a pre-commit
    # hook's output; a path too long for one line is shown on its own line there, and a log
    # is searched for «path: status»). An unreadable file's line is its error, below.
    lines = [(f.path, summary_line(f, language)) for f in census.files if not f.unreadable]
    shown = _shown_whole(lines) if fmt == CheckFormat.table and output is None else set()
    for path, line in lines:
        if path not in shown:
            _say(line)
    if any(f.unreadable for f in census.files):
        _say_unreadable(census, language)
        raise typer.Exit(USAGE)
    if mark_up is not None:
        from .markup import mark_up as marked_copy
        from .xlsx_xml import CannotMarkUp

        try:
            copy = marked_copy(files[0], census.files[0], lang=language, limits=limits)
        except CannotMarkUp as exc:
            _fail(f"--mark-up: {files[0]}: {exc}", USAGE, language)
        _write_bytes(copy, mark_up, language)
    raise typer.Exit(OK if census.valid else FINDINGS)


def _spreadsheets_of(paths: list[Path], lang: Lang) -> list[Path]:
    """``paths`` with each folder replaced by the spreadsheets under it, as ``ktt batch``
    finds them (recursive, sorted; lock files and hidden names skipped). A folder without
    one is a usage mistake, said before anything is read."""
    from .workbook import SUPPORTED_SUFFIXES, spreadsheets_in

    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        inside = spreadsheets_in(path)
        if not inside:
            detail = f" ({', '.join(SUPPORTED_SUFFIXES)})"
            _fail(text("batch-no-workbooks", lang, path=path) + detail, USAGE, lang)
        found += inside
    return found


def _repository_files(files: list[Path] | None, lang: Lang) -> tuple[list[Path], list[Path]]:
    """``ktt check --git``: the files to check (FILE, else the staged spreadsheets, else every
    tracked one) and the repository's other spreadsheets, read for their codes."""
    from .repository import NotARepository, repository_files

    try:
        found = repository_files()
    except NotARepository as exc:
        _fail(text("not-a-repository", lang, reason=exc.reason), USAGE, lang)
    if not files:
        if not found.checked:
            _say(text("no-spreadsheet-in-repository", lang))
            raise typer.Exit(OK)
        return found.checked, found.others
    given = [f for f in files if f.exists()]
    others = [
        o for o in [*found.checked, *found.others] if not any(_same_file(o, f) for f in given)
    ]
    return files, others


def _change_groups() -> frozenset[str]:
    from .render_changes import EXPLAIN_GROUPS

    return frozenset(EXPLAIN_GROUPS)


@app.command(cls=KttCommand)
def gap(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Census workbooks, read as one census (default: the bundled example).",
            readable=False,
            metavar="FILES...",
        ),
    ] = None,
    *,
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Only the targets of this year.")
    ] = None,
    targets: TargetsOption = None,
    fmt: Annotated[
        GapFormat | None,
        typer.Option(
            "--format", "-f", help="Output format (default: from -o's suffix, else table)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", readable=False)
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            "-e",
            help="List the organizations a target's figure counted.",
            metavar="TARGET_ID",
        ),
    ] = None,
    by: Annotated[
        ByColumn | None,
        typer.Option("--by", help="Show every target in every area of this column."),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help="Indicator values of earlier years (YAML {target: {year: value}} or CSV "
            "target,year,value), for the status over time.",
            readable=False,
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Leave rows with errors out of the figures, and say which."
        ),
    ] = False,
    issuer: Annotated[
        str | None,
        typer.Option(
            "--issuer",
            help="Issuing body of the report document (.docx, .pdf); "
            "default: the targets file's plan.report.issuer.",
        ),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option("--number", help="The document's number (default: blank, to fill in)."),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            "--place",
            help="The place written before the date, e.g. 'Cần Thơ' (default: the targets "
            "file's plan.report).",
        ),
    ] = None,
    signer_title: Annotated[
        str | None,
        typer.Option(
            "--signer-title",
            help="Signer's title, e.g. 'PHÓ GIÁM ĐỐC' (default: the targets file's plan.report).",
        ),
    ] = None,
    signer_name: Annotated[
        str | None,
        typer.Option(
            "--signer-name",
            help="Signer's name (default: the targets file's "
            "plan.report, else blank to sign by hand).",
        ),
    ] = None,
    report_settings: Annotated[
        Path | None,
        typer.Option(
            "--report-settings",
            help="A YAML file of the report document's issuer, place, signer… (the keys of "
            "plan.report), over the targets file's; the options above go over both.",
            readable=False,
        ),
    ] = None,
    lang: LangOption = None,
    today: TodayOption = None,
    max_rows: MaxRowsOption = DEFAULT_ROWS,
    max_columns: MaxColumnsOption = DEFAULT_COLUMNS,
    max_cells: MaxCellsOption = DEFAULT_CELLS,
    max_uncompressed_mb: MaxUncompressedOption = DEFAULT_UNCOMPRESSED_MB,
) -> None:
    """Progress against every target: current value, target, gap, and what is needed per year.

    -o report.docx writes the report document to sign (Decree 30/2020/NĐ-CP), -o report.pdf
    its PDF (by LibreOffice).

    Example: ktt gap census-2025.xlsx --year 2030 --format json -o gap-2030.json
    """
    from .census import read_census
    from .progress import gap_report
    from .resources import example_census

    language = _lang(lang)
    _no_stray_numbers(files or [], language)
    inputs = [*(files or []), *(p for p in (targets, history, report_settings) if p is not None)]
    _guard_output(output, inputs, language)
    plan = _load_targets(targets, language)
    settings = _load_report_settings(report_settings, language) if report_settings else None
    if year is not None and not plan.for_year(year):
        known = ", ".join(str(y) for y in sorted({t.year for t in plan.targets}))
        _fail(text("no-targets-for-year", language, year=year, years=known), USAGE, language)
    chosen = _output_format(fmt, output, GAP_SUFFIXES, GapFormat.table, language)
    limits = _limits(max_rows, max_columns, max_cells, max_uncompressed_mb)
    files = _once(files, language) if files else None
    census = read_census(
        files or [_shown(example_census())],
        today=_today(today),
        limits=limits,
        columns=plan.census_columns(),
    )
    if len(census.years) > 1:  # what changed since the year before
        from .changes import with_change_findings

        census = with_change_findings(census)

    if any(f.unreadable for f in census.files):
        _say_unreadable(census, language)
        raise typer.Exit(USAGE)
    if not census.valid and not skip_invalid:
        _print_findings_summary(census, language)
        errors = sum(len(f.errors) for f in census.files)
        _fail(
            text(
                "census-invalid",
                language,
                errors=errors,
                files=sum(1 for f in census.files if not f.valid),
            ),
            FINDINGS,
            language,
        )
    if not census.years and all(f.unusable for f in census.files):  # --skip-invalid left none
        _fail(text("nothing-to-count", language), FINDINGS, language)
    if not census.years:
        _fail(text("no-year", language), FINDINGS if not census.valid else USAGE, language)
    # The latest year is the census; earlier years only give each target its series.
    census_year, current, earlier = census.by_year()

    if explain is not None and explain in _change_groups():
        _explain_changes(earlier.get(census_year - 1), current, explain, chosen, output, language)
        return
    if explain is not None:
        _explain(plan, current, explain, chosen, output, language)
        return
    series = _load_history(history, plan, language) if history else None
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
        _print_left_out(report, language)
    if chosen in (GapFormat.html, GapFormat.xlsx, GapFormat.docx, GapFormat.pdf):
        from .official import document_header, reporting_unit
        from .provenance import provenance

        prov = provenance(
            files or [_shown(example_census())],
            _targets_path(targets),
            history,
        )
        header = document_header(
            plan,
            on=_today(today) or prov.generated_at.date(),
            issuer=issuer,
            number=number,
            place=place,
            signer_title=signer_title,
            signer_name=signer_name,
            settings=settings,
            reporting_unit=reporting_unit([f.info.don_vi_bao_cao for f in current.files]),
        )
        _render_report(report, current, plan, prov, header, chosen, output, language)
        return
    _render_gap(report, chosen, output, language)


def _load_units(path: Path, lang: Lang) -> list[str]:
    from .expected import UnitsError, load_units

    try:
        return load_units(path)
    except UnitsError as exc:
        if exc.error is not None:
            reason = os_reason(exc.error, lang)
        elif exc.reason in ("no-units", "not-utf8"):
            reason = text(f"units-{exc.reason}", lang)
        else:  # a workbook that cannot be read: as ktt check says it
            from .findings import Finding, severity_of

            code = "unreadable-file"
            params = {"reason": exc.reason, **exc.params}
            finding = Finding(code, severity_of(code), str(path), params=params)
            reason = finding.message(lang)
        _fail(f"--expected {path}: {reason}", USAGE, lang)


def _date_option(name: str, value: str, lang: Lang) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(text("bad-date", lang, name=name, value=value), USAGE, lang)


def _load_report_settings(path: Path, lang: Lang) -> ReportHeader:
    from .official import ReportSettingsError, load_report_settings

    try:
        return load_report_settings(path)
    except ReportSettingsError as exc:
        _fail(text(exc.problem, lang, path=path, **exc.params), USAGE, lang)


def _load_history(path: Path, plan: TargetsFile, lang: Lang) -> dict[str, list[Point]]:
    from .trend import HistoryError, load_history

    try:
        return load_history(path, {t.id for t in plan.targets})
    except HistoryError as exc:
        from .i18n import history_problem

        _say(text("history-invalid", lang, path=path))
        for d in exc.details:
            _say(f"  {history_problem(d.line, d.where, d.code, d.params, d.message, lang)}")
        raise typer.Exit(USAGE) from None


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it, for shorter messages."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


F = TypeVar("F", bound=StrEnum)

#: The suffixes of each output format; the first is the one a suffix-less name would take.
CHECK_SUFFIXES: dict[CheckFormat, tuple[str, ...]] = {
    CheckFormat.table: (".txt",),
    CheckFormat.json: (".json",),
    CheckFormat.junit: (".xml",),
    CheckFormat.github: (".txt", ".log"),
}
GAP_SUFFIXES: dict[GapFormat, tuple[str, ...]] = {
    GapFormat.table: (".txt",),
    GapFormat.json: (".json",),
    GapFormat.csv: (".csv",),
    GapFormat.markdown: (".md", ".markdown"),
    GapFormat.html: (".html", ".htm"),
    GapFormat.xlsx: (".xlsx",),
    GapFormat.docx: (".docx",),
    GapFormat.pdf: (".pdf",),
}


def _output_format(
    fmt: F | None, output: Path | None, suffixes: dict[F, tuple[str, ...]], default: F, lang: Lang
) -> F:
    """The format to write: --format, else -o's suffix, else ``default``. An -o whose
    suffix belongs to another format than --format's, or that names a folder, is refused."""
    if output is None:
        return fmt or default
    if output.is_dir() or str(output).endswith(("/", os.sep)):
        example = f"{output}/{'report'}{suffixes[fmt or default][0]}"
        _fail(text("output-is-folder", lang, path=output, example=example), USAGE, lang)
    suffix = output.suffix.lower()
    by_suffix: dict[str, F] = {}
    for f, known in suffixes.items():
        for x in known:
            by_suffix.setdefault(x, f)
    if fmt is None:
        found = by_suffix.get(suffix)
        if found is None:
            _fail(text("unknown-format", lang, format=output.suffix or output.name,
                       choices=", ".join(by_suffix)), USAGE, lang)  # fmt: skip
        return found
    if suffix in by_suffix and suffix not in suffixes[fmt]:
        name = output.with_suffix(suffixes[fmt][0]).name
        _fail(text("format-suffix", lang, path=output, suffix=suffix, format=fmt.value,
                   name=name), USAGE, lang)  # fmt: skip
    return fmt


def _render_gap(report: GapReport, fmt: GapFormat, output: Path | None, lang: Lang) -> None:
    from .render import gap_csv, gap_json, gap_markdown, gap_renderable

    if fmt == GapFormat.json:
        _emit(_json(gap_json(report, lang)), output, lang)
    elif fmt == GapFormat.csv:
        _emit(gap_csv(report, lang), output, lang)
    elif fmt == GapFormat.markdown:
        _emit(gap_markdown(report, lang), output, lang)
    else:
        _emit(gap_renderable(report, lang), output, lang)


def _render_report(
    report: GapReport,
    census: Census,
    plan: TargetsFile,
    prov: Provenance,
    header: DocumentHeader,
    fmt: GapFormat,
    output: Path | None,
    lang: Lang,
) -> None:
    """The formatted reports: a self-contained HTML page, or an Excel workbook, the report
    document or its PDF (these need -o)."""
    if fmt == GapFormat.html:
        from .report_html import build_report_html

        _emit(build_report_html(report, lang, prov, header), output, lang)
        return
    if output is None:
        _fail(text(f"{fmt.value}-needs-output", lang), USAGE, lang)
    if fmt == GapFormat.xlsx:
        from .report_xlsx import build_report_xlsx

        _write_bytes(build_report_xlsx(report, census, plan, prov, lang), output, lang)
        return
    from .official import document_changes
    from .report_docx import build_report_docx

    changes = document_changes(report.changes)  # two census years: what changed between them
    document = build_report_docx(report, census, plan, prov, header, lang, changes=changes)
    if fmt == GapFormat.docx:
        _write_bytes(document, output, lang)
        return
    from .pdf import PACKAGE, PdfEngineMissing, PdfFailed, docx_to_pdf

    try:
        pdf = docx_to_pdf(document)
    except PdfEngineMissing:
        _fail(text("pdf-no-engine", lang, package=PACKAGE), USAGE, lang)
    except PdfFailed as exc:
        _fail(text("pdf-failed", lang, detail=exc.detail), USAGE, lang)
    _write_bytes(pdf, output, lang)


def _write_bytes(content: bytes, output: Path, lang: Lang) -> None:
    from .output import write_atomic

    try:
        write_atomic(output, content)
    except OSError as exc:
        _fail(f"{output}: {os_reason(exc, lang)}", USAGE, lang)
    _console(stderr=True).print(text("written", lang, path=output), markup=False)


def _explain(
    plan: TargetsFile,
    census: Census,
    target_id: str,
    fmt: GapFormat,
    output: Path | None,
    lang: Lang,
) -> None:
    from .progress import trace
    from .render_lists import explain_csv, explain_json, explain_table
    from .text import closest

    if fmt not in (GapFormat.table, GapFormat.json, GapFormat.csv):
        _fail(text("explain-format", lang, format=fmt.value), USAGE, lang)
    target = plan.get(target_id)
    if target is None:
        near = closest(target_id, [t.id for t in plan.targets], cutoff=0.3) or "-"
        _fail(text("unknown-target", lang, id=target_id, near=near), USAGE, lang)
    counted, base = trace(target, plan, census)
    if fmt == GapFormat.json:
        _emit(_json(explain_json(target, counted, base)), output, lang)
    elif fmt == GapFormat.csv:
        _emit(explain_csv(counted, base), output, lang)
    else:
        _emit(explain_table(target, counted, base, lang), output, lang)


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
    from .changes import compare_censuses
    from .render_changes import (
        explain_changes_csv,
        explain_changes_rows,
        explain_changes_table,
        word,
    )

    if fmt not in (GapFormat.table, GapFormat.json, GapFormat.csv):
        _fail(text("explain-format", lang, format=fmt.value), USAGE, lang)
    changes = compare_censuses(last, census) if last is not None else None
    if changes is None:
        year = census.years[-1]
        _fail(word("needs-two-years", lang, group=group, year=year, before=year - 1), USAGE, lang)
    if fmt == GapFormat.json:
        _emit(_json(explain_changes_rows(changes, group, lang)), output, lang)
    elif fmt == GapFormat.csv:
        _emit(explain_changes_csv(changes, group, lang), output, lang)
    else:
        _emit(explain_changes_table(changes, group, lang), output, lang)


def _print_findings_summary(census: Census, lang: Lang, limit: int = 10) -> None:
    errors = [f for file in census.files for f in file.errors]
    for f in errors[:limit]:
        _say(f"{f.place()}: [{f.title(lang)}] {f.message(lang)}")
    if len(errors) > limit:
        _say(f"… (+{len(errors) - limit})")


def _print_left_out(report: GapReport, lang: Lang) -> None:
    err = _console(stderr=True)
    rows = sum(len(lo.rows) for lo in report.left_out)
    files = sum(1 for lo in report.left_out if lo.whole_file)
    err.print(text("skipped-rows", lang, rows=rows, files=files), markup=False)
    for lo in report.left_out:
        detail = "*" if lo.whole_file else ", ".join(map(str, lo.rows))
        err.print(f"  {lo.file}: {detail}", markup=False)


@app.command("targets", cls=KttCommand)
def list_targets(
    *,
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Only the targets of this year.")
    ] = None,
    targets: TargetsOption = None,
    fmt: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TableFormat.table,
    plans: Annotated[
        bool, typer.Option("--list", help="List the bundled plans, with their ids.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """List the targets of a targets file, with their source, or the bundled plans.

    Example: ktt targets --year 2030 --targets nq-20-tw-2022
    """
    from .render_lists import plans_json, plans_table, targets_json, targets_table
    from .resources import bundled_plans

    language = _lang(lang)
    if plans:
        loaded = [(path, _load_targets(path, language)) for path in bundled_plans()]
        if fmt == TableFormat.json:
            _emit(_json(plans_json(loaded)), None, language)
        else:
            _emit(plans_table(loaded, language), None, language)
        raise typer.Exit(OK)
    plan = _load_targets(targets, language)
    chosen = plan.for_year(year)
    if not chosen:
        years = ", ".join(str(y) for y in sorted({t.year for t in plan.targets}))
        _fail(text("no-targets-for-year", language, year=year, years=years), USAGE, language)
    if fmt == TableFormat.json:
        _emit(_json(targets_json(chosen)), None, language)
    else:
        _emit(targets_table(plan, chosen, language), None, language)


@app.command(cls=KttCommand)
def template(
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The workbook to write (.xlsx).", readable=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it already exists.")
    ] = False,
    targets: Annotated[
        Path | None,
        typer.Option(
            "--targets",
            "-t",
            help="Add the census columns this targets file (or plan id) declares.",
            readable=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Write the census workbook to fill in: both sheets, dropdowns, notes and instructions.

    The workbook is in Vietnamese. Filled in with valid values, it passes ktt check. With
    --targets, the columns the plan declares follow the census columns.

    Example: ktt template -o dieu-tra-2025.xlsx --targets qd-340-ttg-2021
    """
    from .template import write_template

    language = _lang(lang)
    extra = _load_targets(targets, language).census_columns() if targets else ()
    if output.suffix.lower() != ".xlsx":
        _fail(
            text("template-suffix", language, suffix=output.suffix or output.name), USAGE, language
        )
    _guard_output(output, [], language)  # not even with --force over a bundled file
    if output.exists() and not force:
        _fail(text("output-exists", language, path=output), USAGE, language)
    try:
        write_template(output, extra)
    except OSError as exc:
        _fail(f"{output}: {os_reason(exc, language)}", USAGE, language)
    err = _console(stderr=True)
    err.print(text("written", language, path=output), markup=False)
    err.print(text("template-next", language, path=output), markup=False)
    raise typer.Exit(OK)


@app.command(cls=KttCommand)
def batch(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Folder of census workbooks (searched recursively).",
            readable=False,
            metavar="FOLDER",
        ),
    ],
    *,
    outdir: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder to write the reports into.", readable=False),
    ],
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Only the targets of this year.")
    ] = None,
    targets: TargetsOption = None,
    expected: Annotated[
        Path | None,
        typer.Option(
            "--expected",
            help="The units that must report: a text file, one unit a "
            "line, or a CSV or workbook whose first column is the unit.",
            readable=False,
        ),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline", help="List files modified after this date (YYYY-MM-DD) as late."
        ),
    ] = None,
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
    from datetime import datetime

    from rich.progress import Progress

    from .batch import BatchError, run_batch, writes_over

    language = _lang(lang)
    if targets is not None and writes_over(outdir, targets):
        _fail(text("output-is-input", language, path=targets), USAGE, language)
    plan = _load_targets(targets, language)
    if year is not None and not plan.for_year(year):
        known = ", ".join(str(y) for y in sorted({t.year for t in plan.targets}))
        _fail(text("no-targets-for-year", language, year=year, years=known), USAGE, language)
    when = _today(today)
    units = _load_units(expected, language) if expected is not None else None
    due = _date_option("--deadline", deadline, language) if deadline is not None else None
    generated_at = when.isoformat() if when else datetime.now().replace(microsecond=0).isoformat()
    console = _console(stderr=True)
    # The bar is drawn on stderr: only where stderr can redraw a line, as rich tells it
    # (FORCE_COLOR, TTY_COMPATIBLE, TERM=dumb), and never with NO_COLOR (no-color.org).
    fancy = console.is_interactive and not console.no_color
    bar = Progress(console=console, transient=True, disable=not fancy)
    task = bar.add_task("…", total=None)
    try:
        with bar:
            result = run_batch(
                folder,
                outdir,
                plan,
                year=year,
                lang=language,
                today=when,
                generated_at=generated_at,
                limits=_limits(max_rows, max_columns, max_cells, max_uncompressed_mb),
                on_start=lambda n: bar.update(task, total=n),
                on_done=lambda: bar.advance(task),
                expected=units,
                deadline=due,
            )
    except BatchError as exc:
        reason = os_reason(exc.error, language) if exc.error is not None else exc.detail
        detail = f" ({reason})" if reason else ""
        _fail(text(f"batch-{exc.key}", language, path=exc.path) + detail, USAGE, language)
    bad = len(result.invalid)
    print(text("batch-summary", language, files=len(result.files), valid=len(result.valid),
               bad=bad, outdir=outdir))  # fmt: skip
    raise typer.Exit(FINDINGS if bad else OK)


@app.command("schema", cls=KttCommand)
def schema(
    *,
    columns: Annotated[
        bool, typer.Option("--columns", help="The census columns instead of the targets file.")
    ] = False,
    path: Annotated[
        bool,
        typer.Option("--path", help="Where the installed targets schema is, for an editor."),
    ] = False,
    fmt: Annotated[
        TableFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format: table or json (with --columns; the targets schema is JSON).",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of targets files, or the census columns.

    A targets file whose first line is «# yaml-language-server: $schema=targets.schema.json»
    gets completion and checking in editors.

    Example: ktt schema > targets.schema.json; ktt schema --columns --format table
    """
    from .render_lists import columns_json, columns_table
    from .targets_schema import targets_json_schema

    language = _lang(lang)
    if path:
        from .resources import targets_schema

        print(targets_schema())
        raise typer.Exit(OK)
    if not columns and fmt == TableFormat.table:
        _fail(text("schema-is-json", language), USAGE, language)
    if not columns:
        _emit(_json(targets_json_schema()), None, language)
    elif fmt == TableFormat.table:
        _emit(columns_table(language), None, language)
    else:
        _emit(_json(columns_json()), None, language)


def _version(value: bool) -> None:
    if value:
        print(f"ktt {__version__}")
        raise typer.Exit(OK)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="KTT_DEBUG",
            help="Show the reader's own words for an unreadable file, and a traceback for an "
            "internal error.",
        ),
    ] = False,
    lang: Annotated[
        LangChoice | None, typer.Option("--lang", envvar="KTT_LANG", help=LANG_HELP)
    ] = None,
) -> None:
    """ktt: collective-economy indicators from census workbooks."""
    global _debug, _global_lang
    _debug, _global_lang = debug, lang


def main() -> None:
    """Console-script entry point. A usage mistake is one line (exit 2); an internal error
    is one line too (exit 2), with its traceback only under --debug."""
    argv = sys.argv[1:]
    # A run makes millions of long-lived objects and no cycles worth collecting: the cyclic
    # collector would only walk them again and again (see gc_pause). The process is short.
    gc.disable()
    from .interrupt import terminate_as_interrupt

    terminate_as_interrupt()  # SIGTERM unwinds as Ctrl-C does: children ended, nothing half-written
    try:
        # Usage mistakes are shown (in the user's language) by KttGroup, which returns
        # their exit code.
        code = app(args=argv, standalone_mode=False)
    except Exception as exc:
        if _debug or "--debug" in argv:
            raise
        lang = argv_lang(argv)
        _say(f"{text('error', lang)}: {text('internal-error', lang, kind=type(exc).__name__)}")
        sys.exit(USAGE)
    sys.exit(code if isinstance(code, int) else OK)
