"""``ktt schema``: the JSON Schema of targets files, or the census columns."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.i18n import phrase
from .common import (
    OK,
    USAGE,
    LangOption,
    TableFormat,
    app,
    emit,
    fail,
    json_text,
    language_of,
)
from .usage import KttCommand

FormatOption = Annotated[
    TableFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table or json (with --columns; the targets schema is JSON).",
    ),
]


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
    fmt: FormatOption = None,
    lang: LangOption = None,
) -> None:
    """Print the JSON Schema of targets files, or the census columns.

    A targets file whose first line is «# yaml-language-server: $schema=targets.schema.json»
    gets completion and checking in editors.

    Example: ktt schema > targets.schema.json; ktt schema --columns --format table
    """
    from ..plan.targets_schema import targets_json_schema
    from ..report.render_lists import columns_json, columns_table

    language = language_of(lang)
    if path:
        from ..core.resources import targets_schema

        print(targets_schema())
        raise typer.Exit(OK)
    if not columns and fmt == TableFormat.table:
        fail(phrase("text.schema-is-json", language), USAGE, language)
    if not columns:
        emit(json_text(targets_json_schema()), None, language)
    elif fmt == TableFormat.table:
        emit(columns_table(language), None, language)
    else:
        emit(json_text(columns_json()), None, language)
