"""What the ``ktt`` commands share: the app, exit codes, options, messages and loaders.

Each command lives in its own module (``cmd_*.py``) and registers itself on :data:`app`;
``cli.py`` adds the global options and the entry point. Only the front imports typer and
rich's console: the library returns data, and this module says it.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType

from ..core.i18n import Lang, os_reason, phrase, target_problem
from ..read.limits import Limits
from .usage import KttGroup

if TYPE_CHECKING:
    from ..census.reader import Census
    from ..plan.targets import TargetsFile

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


class TableFormat(StrEnum):
    table = "table"
    json = "json"


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
_DEFAULT = Limits()  # the options' defaults are the library's, said in one place
DEFAULT_ROWS, DEFAULT_COLUMNS = _DEFAULT.max_rows, _DEFAULT.max_columns
DEFAULT_CELLS, DEFAULT_UNCOMPRESSED_MB = _DEFAULT.max_cells, _DEFAULT.max_uncompressed_mb
YearOption = Annotated[
    int | None, typer.Option("--year", "-y", help="Only the targets of this year.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file.", readable=False)
]


@dataclass
class RunSettings:
    """The global options of this run (``ktt --debug --lang en COMMAND``)."""

    #: --debug: show the reader's own words, and tracebacks.
    debug: bool = False
    #: --lang (or KTT_LANG) before the command: the language unless the command has --lang.
    lang: LangChoice | None = None


RUN = RunSettings()


def language_of(value: LangChoice | None) -> Lang:
    chosen = value or RUN.lang or LangChoice.vi
    return "en" if chosen == LangChoice.en else "vi"


def today_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from .usage import ui_lang

        fail(phrase("text.bad-date", ui_lang(), name="--today", value=value), USAGE, ui_lang())


def console(stderr: bool = False) -> Console:
    """A console for tables: the terminal's width, or 120 columns on a pipe (COLUMNS overrides)."""
    console = Console(stderr=stderr, soft_wrap=False, highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 120
    return console


def limits_of(rows: int, columns: int, cells: int, uncompressed_mb: int) -> Limits:
    return Limits(max_rows=rows, max_columns=columns, max_cells=cells,
                  max_uncompressed_mb=uncompressed_mb)  # fmt: skip


def say(line: str) -> None:
    """One line on stderr, never wrapped, its control characters shown (not obeyed)."""
    from ..core.text import printable

    console(stderr=True).print(printable(line), markup=False, soft_wrap=True)


def say_unreadable(census: Census, lang: Lang) -> None:
    """One line on stderr for each file that could not be read: the file and the reason."""
    for f in census.files:
        if f.unreadable:
            finding = next(x for x in f.errors if x.code == "unreadable-file")
            say(f"{phrase('text.error', lang)}: {f.path}: {finding.message(lang)}")
            if RUN.debug and finding.params.get("detail"):
                say(f"  {finding.params['detail']}")


def fail(message: str, code: int, lang: Lang) -> NoReturn:
    # One line whatever its length: a path cut in two cannot be copied or grepped.
    console(stderr=True).print(
        f"{phrase('text.error', lang)}: {message}", markup=False, soft_wrap=True
    )
    raise typer.Exit(code)


def emit(content: str | RenderableType, output: Path | None, lang: Lang) -> None:
    """Print to stdout, or write atomically to ``output``."""
    from ..core.output import write_atomic

    if output is None:
        if isinstance(content, str):
            sys.stdout.write(content)
        else:
            console().print(content, crop=False)
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
        fail(f"{output}: {os_reason(exc, lang)}", USAGE, lang)
    console(stderr=True).print(phrase("text.written", lang, path=output), markup=False)


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same path, a link to it, or a hard link."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        return False


def once(files: list[Path], lang: Lang) -> list[Path]:
    """``files`` with each file once (the same path, or a link to it, given again is said and
    dropped): read twice, a file would be its own duplicate-code error on every row."""
    kept: list[Path] = []
    seen: set[object] = set()  # each file's identity: a set, for a thousand files (--git)
    for f in files:
        keys = _identities(f)
        if keys & seen:
            say(f"{phrase('text.warning', lang)}: {phrase('text.same-file-twice', lang, path=f)}")
        else:
            kept.append(f)
            seen |= keys
    return kept


def _identities(path: Path) -> set[object]:
    """What makes two paths one file (as :func:`same_file` judges): the resolved path, and
    the device and inode of a file that exists."""
    keys: set[object] = set()
    try:
        keys.add(path.resolve())
        stat = path.stat()
        keys.add((stat.st_dev, stat.st_ino))
    except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11)
        keys.add(path)
    return keys


def no_stray_numbers(files: list[Path], lang: Lang) -> None:
    """Refuse a FILE that does not exist and is a bare number (``ktt gap a.xlsx --year 2030
    2``): no census is named so, and an option given two values leaves its second one among
    the files. Said before anything is read, as the usage mistake it is."""
    import re

    for f in files:
        if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", str(f)) and not os.path.lexists(f):
            fail(phrase("text.stray-argument", lang, value=f), USAGE, lang)


def guard_output(output: Path | None, inputs: list[Path], lang: Lang) -> None:
    """Refuse an output path that is one of the inputs: input files are never written to.
    Then make its folder, as ``ktt batch`` makes its own: every output (-o, --mark-up) gets
    the folders it names, before the work, and a folder that cannot be made stops the run
    before the work too.

    The inputs include the implicit ones (the bundled example census and targets file, read
    when no FILE or --targets is given): writing over them would break every later run.
    """
    if output is None:
        return
    from ..core.resources import default_targets, example_census

    if any(same_file(output, p) for p in [*inputs, example_census(), default_targets()]):
        fail(phrase("text.output-is-input", lang, path=output), USAGE, lang)
    folder = output.parent
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where a folder of the path should be: EEXIST
            reason = os_reason(NotADirectoryError(errno.ENOTDIR, ""), lang) if isinstance(
                exc, FileExistsError) else os_reason(exc, lang)  # fmt: skip
            fail(phrase("text.output-folder", lang, path=output, folder=folder, reason=reason),
                 USAGE, lang)  # fmt: skip


def targets_path(path: Path | None) -> Path:
    """The targets file meant: a path, else a bundled plan's id, else the default."""
    from ..core.resources import default_targets, find_plan

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


def load_plan(path: Path | None, lang: Lang) -> TargetsFile:
    from ..plan.targets_loader import TargetsFileError, load_targets

    path = targets_path(path)
    if _plan_id_like(path):  # neither a file nor a bundled plan: say which plans there are
        from ..core.resources import plan_ids
        from ..core.text import closest

        near = closest(str(path), plan_ids(), cutoff=0.5)
        fail(phrase("text.unknown-plan", lang, name=path) + (
            "; " + phrase("text.probably", lang, value=near) if near else ""
        ) + ". " + phrase("text.see-plans", lang), USAGE, lang)  # fmt: skip
    try:
        return load_targets(path)
    except TargetsFileError as exc:
        problems = [target_problem(d.path, d.code, d.params, d.message, lang) for d in exc.details]
        # One line says the file and the (first) reason; any other reasons follow, indented.
        say(f"{phrase('text.targets-invalid', lang, path=path)} {problems[0]}")
        for problem in problems[1:]:
            say(f"  {problem}")
        raise typer.Exit(USAGE) from None


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it, for shorter messages."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


F = TypeVar("F", bound=StrEnum)


def output_format(
    fmt: F | None, output: Path | None, suffixes: dict[F, tuple[str, ...]], default: F, lang: Lang
) -> F:
    """The format to write: --format, else -o's suffix, else ``default``. An -o whose
    suffix belongs to another format than --format's, or that names a folder, is refused."""
    if output is None:
        return fmt or default
    if output.is_dir() or str(output).endswith(("/", os.sep)):
        example = f"{output}/{'report'}{suffixes[fmt or default][0]}"
        fail(phrase("text.output-is-folder", lang, path=output, example=example), USAGE, lang)
    suffix = output.suffix.lower()
    by_suffix: dict[str, F] = {}
    for f, known in suffixes.items():
        for x in known:
            by_suffix.setdefault(x, f)
    if fmt is None:
        found = by_suffix.get(suffix)
        if found is None:
            fail(phrase("text.unknown-format", lang, format=output.suffix or output.name,
                       choices=", ".join(by_suffix)), USAGE, lang)  # fmt: skip
        return found
    if suffix in by_suffix and suffix not in suffixes[fmt]:
        name = output.with_suffix(suffixes[fmt][0]).name
        fail(phrase("text.format-suffix", lang, path=output, suffix=suffix, format=fmt.value,
                   name=name), USAGE, lang)  # fmt: skip
    return fmt


def write_bytes(content: bytes, output: Path, lang: Lang) -> None:
    from ..core.output import write_atomic

    try:
        write_atomic(output, content)
    except OSError as exc:
        fail(f"{output}: {os_reason(exc, lang)}", USAGE, lang)
    console(stderr=True).print(phrase("text.written", lang, path=output), markup=False)


def require_year(plan: TargetsFile, year: int | None, lang: Lang) -> None:
    """Refuse --year when the plan has no target of that year, naming the years it has."""
    if year is not None and not plan.for_year(year):
        known = ", ".join(str(y) for y in sorted({t.year for t in plan.targets}))
        fail(phrase("text.no-targets-for-year", lang, year=year, years=known), USAGE, lang)
