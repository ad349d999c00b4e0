"""``ktt check``: census workbooks checked against the census format, every finding listed."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.i18n import Lang, phrase
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
    OutputOption,
    TodayOption,
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
    same_file,
    say,
    say_unreadable,
    today_of,
    write_bytes,
)
from .usage import KttCommand

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..census.reader import Census
    from ..read.limits import Limits


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    junit = "junit"
    github = "github"


#: The suffixes of each output format; the first is the one a suffix-less name would take.
CHECK_SUFFIXES: dict[CheckFormat, tuple[str, ...]] = {
    CheckFormat.table: (".txt",),
    CheckFormat.json: (".json",),
    CheckFormat.junit: (".xml",),
    CheckFormat.github: (".txt", ".log"),
}

FilesArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Census workbooks (.xlsx, .xlsm, .xls, .ods), or folders of them.",
        readable=False,
        metavar="FILES...",
    ),
]
GitOption = Annotated[
    bool,
    typer.Option(
        "--git",
        help="Check the spreadsheets staged in git (without FILE; every tracked one when "
        "none is staged), their codes judged against every spreadsheet of the repository.",
    ),
]
FormatOption = Annotated[
    CheckFormat | None,
    typer.Option("--format", "-f", help="Output format (default: from -o's suffix, else table)."),
]
MarkUpOption = Annotated[
    Path | None,
    typer.Option(
        "--mark-up",
        help="Also write a copy of FILE (one file) with every finding "
        "marked on its cell, as .xlsx.",
        readable=False,
        metavar="OUT.xlsx",
    ),
]
ColumnsOfOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        "-t",
        help="Also check the census columns this targets file (or plan id) declares.",
        readable=False,
    ),
]


@app.command(cls=KttCommand)
def check(
    files: FilesArgument = None,
    *,
    git: GitOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
    mark_up: MarkUpOption = None,
    lang: LangOption = None,
    today: TodayOption = None,
    targets: ColumnsOfOption = None,
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
    language = language_of(lang)
    files, others = _files_to_check(files, git, language)
    _refuse_outputs(files, output, mark_up, language)
    fmt = output_format(fmt, output, CHECK_SUFFIXES, CheckFormat.table, language)
    limits = limits_of(max_rows, max_columns, max_cells, max_uncompressed_mb)
    files, census = _read(files, others, targets, today_of(today), limits, language)
    emit(_rendered(census, fmt, language), output, language)
    _say_summaries(census, fmt == CheckFormat.table and output is None, language)
    if any(f.unreadable for f in census.files):
        say_unreadable(census, language)
        raise typer.Exit(USAGE)
    if mark_up is not None:
        _write_mark_up(files[0], census, mark_up, limits, language)
    raise typer.Exit(OK if census.valid else FINDINGS)


def _files_to_check(
    files: list[Path] | None, git: bool, lang: Lang
) -> tuple[list[Path], list[Path]]:
    """The files to check (folders opened, --git's files found) and, with --git, the
    repository's other spreadsheets, read for their codes only."""
    others: list[Path] = []
    if files:
        files = _spreadsheets_of(files, lang)
    if git:
        files, others = _repository_files(files, lang)
    elif not files:  # FILE is optional only with --git: click's own usage error
        from typer._click.exceptions import MissingParameter  # typer's own copy of click
        from typer._click.globals import get_current_context

        ctx = get_current_context()
        param = next(p for p in ctx.command.params if p.name == "files")
        raise MissingParameter(ctx=ctx, param=param)
    no_stray_numbers(files, lang)
    return files, others


def _refuse_outputs(
    files: list[Path], output: Path | None, mark_up: Path | None, lang: Lang
) -> None:
    """Refuse -o and --mark-up where they cannot be written, before anything is read."""
    if mark_up is not None and len(files) != 1:
        fail(phrase("text.mark-up-one-file", lang, files=len(files)), USAGE, lang)
    if mark_up is not None and mark_up.suffix.lower() != ".xlsx":
        fail(phrase("text.mark-up-suffix", lang, path=mark_up), USAGE, lang)
    guard_output(output, files, lang)
    guard_output(mark_up, files, lang)


def _read(
    files: list[Path],
    others: list[Path],
    targets: Path | None,
    today: date | None,
    limits: Limits,
    lang: Lang,
) -> tuple[list[Path], Census]:
    """The files checked (each once) and their census, with the columns --targets declares;
    ``others`` are read with them for their codes, and left out of the census."""
    from ..census.reader import Census, read_census

    columns = load_plan(targets, lang).census_columns() if targets else ()
    files = once(files, lang)
    census = read_census([*others, *files], today=today, limits=limits, columns=columns)
    if others:  # read only for their codes: the report is of the files checked
        census = Census(files=census.files[len(others) :])
    if len(census.years) > 1:  # changes.py imports pydantic, which checking one year need not
        from ..census.changes import with_change_findings

        census = with_change_findings(census)  # an organization vanished since the year before
    return files, census


def _rendered(census: Census, fmt: CheckFormat, lang: Lang) -> str | RenderableType:
    from ..report.render_check import check_github, check_json, check_junit, check_renderable

    if fmt == CheckFormat.json:
        return json_text(check_json(census, lang))
    if fmt == CheckFormat.junit:
        return check_junit(census, lang)
    if fmt == CheckFormat.github:
        return check_github(census, lang)
    return check_renderable(census, lang)


def _say_summaries(census: Census, table_on_stdout: bool, lang: Lang) -> None:
    """Each file's one-line summary on stderr, whatever the format, unless the table has just
    shown it: on the same terminal, or whole into the same log (``2>&1``, a pre-commit
    hook's output; a path too long for one line is shown on its own line there, and a log
    is searched for «path: status»). An unreadable file's line is its error (say_unreadable)."""
    from ..report.render_check import summary_line

    lines = [(f.path, summary_line(f, lang)) for f in census.files if not f.unreadable]
    shown = _shown_whole(lines) if table_on_stdout else set()
    for path, line in lines:
        if path not in shown:
            say(line)


def _write_mark_up(file: Path, census: Census, out: Path, limits: Limits, lang: Lang) -> None:
    from ..report.markup import mark_up as marked_copy
    from ..report.xlsx_xml import CannotMarkUp

    try:
        copy = marked_copy(file, census.files[0], lang=lang, limits=limits)
    except CannotMarkUp as exc:
        fail(f"--mark-up: {file}: {exc}", USAGE, lang)
    write_bytes(copy, out, lang)


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
    width = console().width
    return {path for path, line in lines if cell_len(line) <= width} if same else set()


def _spreadsheets_of(paths: list[Path], lang: Lang) -> list[Path]:
    """``paths`` with each folder replaced by the spreadsheets under it, as ``ktt batch``
    finds them (recursive, sorted; lock files and hidden names skipped). A folder without
    one is a usage mistake, said before anything is read."""
    from ..read.workbook import SUPPORTED_SUFFIXES, spreadsheets_in

    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        inside = spreadsheets_in(path)
        if not inside:
            detail = f" ({', '.join(SUPPORTED_SUFFIXES)})"
            fail(phrase("text.batch-no-workbooks", lang, path=path) + detail, USAGE, lang)
        found += inside
    return found


def _repository_files(files: list[Path] | None, lang: Lang) -> tuple[list[Path], list[Path]]:
    """``ktt check --git``: the files to check (FILE, else the staged spreadsheets, else every
    tracked one) and the repository's other spreadsheets, read for their codes."""
    from .repository import NotARepository, repository_files

    try:
        found = repository_files()
    except NotARepository as exc:
        fail(phrase("text.not-a-repository", lang, reason=exc.reason), USAGE, lang)
    if not files:
        if not found.checked:
            say(phrase("text.no-spreadsheet-in-repository", lang))
            raise typer.Exit(OK)
        return found.checked, found.others
    given = [f for f in files if f.exists()]
    others = [o for o in [*found.checked, *found.others] if not any(same_file(o, f) for f in given)]
    return files, others
