"""``ktt template``: the census workbook to fill in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.i18n import Lang, os_reason, phrase
from .common import (
    OK,
    USAGE,
    LangOption,
    app,
    console,
    fail,
    guard_output,
    language_of,
    load_plan,
)
from .usage import KttCommand

if TYPE_CHECKING:
    from ..census.schema import Column
    from ..census.unit_records import AdminUnit


ColumnsOption = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        "-t",
        help="Add the census columns this targets file (or plan id) declares.",
        readable=False,
    ),
]


@app.command(cls=KttCommand)
def template(
    *,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The workbook to write (.xlsx).", readable=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it already exists.")
    ] = False,
    targets: ColumnsOption = None,
    province: Annotated[
        str | None,
        typer.Option(
            "--province",
            help="Offer this province's communes (its code or name, "
            "e.g. 92) as the dropdown of the commune column.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Write the census workbook to fill in: both sheets, dropdowns, notes and instructions.

    The workbook is in Vietnamese. Filled in with valid values, it passes ktt check. With
    --targets, the columns the plan declares follow the census columns.

    Example: ktt template -o dieu-tra-2025.xlsx --targets qd-340-ttg-2021
    """
    language = language_of(lang)
    extra = load_plan(targets, language).census_columns() if targets else ()
    if output.suffix.lower() != ".xlsx":
        fail(
            phrase("text.template-suffix", language, suffix=output.suffix or output.name),
            USAGE,
            language,
        )
    guard_output(output, [], language)  # not even with --force over a bundled file
    if output.exists() and not force:
        fail(phrase("text.output-exists", language, path=output), USAGE, language)
    communes = _communes(province, language) if province else []
    _write(output, extra, communes, language)
    raise typer.Exit(OK)


def _communes(province: str, lang: Lang) -> list[AdminUnit]:
    """The communes in force of the province ``--province`` names, or a usage mistake."""
    from ..census.area_units import unit_list

    units = unit_list()
    found = units.province(province)
    if found is None:
        fail(phrase("text.unknown-province", lang, value=province), USAGE, lang)
    return units.communes_of(found)


def _write(output: Path, extra: Sequence[Column], communes: Sequence[AdminUnit],
           lang: Lang) -> None:  # fmt: skip
    """Write the template, then say where and what to do next."""
    from ..report.template import write_template

    try:
        write_template(output, extra, communes)
    except OSError as exc:
        fail(f"{output}: {os_reason(exc, lang)}", USAGE, lang)
    err = console(stderr=True)
    err.print(phrase("text.written", lang, path=output), markup=False)
    err.print(phrase("text.template-next", lang, path=output), markup=False)
