"""The ``ktt`` command line: parse, call the library, render, map results to exit codes.

Exit codes: 0 valid (or targets read), 1 findings that make a census invalid,
2 usage error or unreadable input. No traceback reaches the user for their
own mistake.

Each command is a module of its own (``cmd_*.py``), registered on the app as it is
imported here, in the order ``ktt --help`` lists them; what they share is ``cli_common``.
A command imports the library it calls only when it runs.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__

# The commands register themselves on the app as they are imported, in the order of ktt --help.
# isort: off
from . import check, gap, targets, template, batch, schema, serve  # noqa: F401

# isort: on
from ..core.i18n import phrase
from .common import LANG_HELP, OK, RUN, USAGE, LangChoice, app, fail, language_of, say
from .usage import argv_lang

__all__ = ["app", "main"]
#: Where a newer list of units is named for this process and those it starts.
UNITS_ENV = "KTT_UNITS"


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
    units: Annotated[
        Path | None,
        typer.Option(
            "--units",
            envvar=UNITS_ENV,
            help="A newer list of administrative units (a CSV with the columns of the bundled "
            "data/admin-units/units-2025.csv) to read areas against.",
            readable=False,
        ),
    ] = None,
) -> None:
    """ktt: collective-economy indicators from census workbooks."""
    RUN.debug, RUN.lang = debug, lang
    if units is not None:
        _use_units(units)


def _use_units(path: Path) -> None:
    """Read areas against the list at ``path`` (in this process and the ones it starts)."""
    import os

    from ..census.area_units import use_units_file
    from ..census.unit_records import UnitListError

    try:
        use_units_file(path)
    except UnitListError as exc:
        lang = language_of(None)
        line = phrase("text.units-list-line", lang, line=exc.line) if exc.line else ""
        value = f" («{exc.value}»)" if exc.value else ""
        message = phrase("text.units-list-error", lang, path=path, line=line, value=value)
        fail(message, USAGE, lang)
    os.environ[UNITS_ENV] = str(path)


def main() -> None:
    """Console-script entry point. A usage mistake is one line (exit 2); an internal error
    is one line too (exit 2), with its traceback only under --debug."""
    argv = sys.argv[1:]
    # A run makes millions of long-lived objects and no cycles worth collecting: the cyclic
    # collector would only walk them again and again (see gc_pause). The process is short.
    gc.disable()
    from ..core.interrupt import terminate_as_interrupt

    terminate_as_interrupt()  # SIGTERM unwinds as Ctrl-C does: children ended, nothing half-written
    try:
        # Usage mistakes are shown (in the user's language) by KttGroup, which returns
        # their exit code.
        code = app(args=argv, standalone_mode=False)
    except Exception as exc:
        if RUN.debug or "--debug" in argv:
            raise
        lang = argv_lang(argv)
        kind = type(exc).__name__
        say(f"{phrase('text.error', lang)}: {phrase('text.internal-error', lang, kind=kind)}")
        sys.exit(USAGE)
    sys.exit(code if isinstance(code, int) else OK)
