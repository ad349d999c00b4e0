"""``ktt targets``: the targets of a targets file with their source, or the bundled plans."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.i18n import phrase
from .common import (
    OK,
    USAGE,
    LangOption,
    TableFormat,
    TargetsOption,
    YearOption,
    app,
    emit,
    fail,
    json_text,
    language_of,
    load_plan,
)
from .usage import KttCommand


@app.command("targets", cls=KttCommand)
def list_targets(
    *,
    year: YearOption = None,
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
    from ..core.resources import bundled_plans
    from ..report.render_lists import plans_json, plans_table, targets_json, targets_table

    language = language_of(lang)
    if plans:
        loaded = [(path, load_plan(path, language)) for path in bundled_plans()]
        if fmt == TableFormat.json:
            emit(json_text(plans_json(loaded)), None, language)
        else:
            emit(plans_table(loaded, language), None, language)
        raise typer.Exit(OK)
    plan = load_plan(targets, language)
    chosen = plan.for_year(year)
    if not chosen:
        years = ", ".join(str(y) for y in sorted({t.year for t in plan.targets}))
        fail(phrase("text.no-targets-for-year", language, year=year, years=years), USAGE, language)
    if fmt == TableFormat.json:
        emit(json_text(targets_json(chosen)), None, language)
    else:
        emit(targets_table(plan, chosen, language), None, language)
