"""``ktt serve``: the submission portal of one province's reporting year.

``ktt serve FOLDER --init …`` makes the season folder (its units, links and officer);
``ktt serve FOLDER`` runs the portal; ``--reissue``/``--revoke`` manage the units' links.
The web packages (the ``web`` extra) are imported only here, and only when it runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.i18n import Lang, phrase
from .common import OK, USAGE, LangOption, TargetsOption, app, fail, language_of, targets_path
from .usage import KttCommand

if TYPE_CHECKING:
    from ..web.season import Season

SeasonArgument = Annotated[
    Path, typer.Argument(help="The season folder.", readable=False, metavar="FOLDER")
]
InitOption = Annotated[
    bool,
    typer.Option("--init", help="Make the season folder: units, links.csv, officer."),
]
ProvinceOption = Annotated[
    str | None,
    typer.Option("--province", help="With --init: the province, by code or name (92, Cần Thơ)."),
]
ReportYearOption = Annotated[
    int | None, typer.Option("--year", help="With --init: the reporting year of the census.")
]
DueOption = Annotated[
    str | None, typer.Option("--deadline", help="With --init: the deadline (YYYY-MM-DD).")
]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="With --init: a PostgreSQL URL (postgresql+psycopg://…) instead of SQLite "
        "in the folder; KTT_DATABASE_URL overrides it when serving.",
    ),
]
UrlOption = Annotated[
    str,
    typer.Option("--url", help="With --init: the portal's public address, for the links."),
]
ReissueOption = Annotated[
    list[str] | None,
    typer.Option(
        "--reissue", help="Give this unit (a code, or all) a new link; its old one stops."
    ),
]
RevokeOption = Annotated[
    list[str] | None, typer.Option("--revoke", help="Stop this unit's link (a code).")
]
HostOption = Annotated[str, typer.Option("--host", help="Address to listen on.")]
PortOption = Annotated[int, typer.Option("--port", help="Port to listen on.")]


@app.command(cls=KttCommand)
def serve(
    folder: SeasonArgument,
    *,
    init: InitOption = False,
    province: ProvinceOption = None,
    targets: TargetsOption = None,
    year: ReportYearOption = None,
    deadline: DueOption = None,
    database: DatabaseOption = None,
    url: UrlOption = "http://127.0.0.1:8000",
    reissue: ReissueOption = None,
    revoke: RevokeOption = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    lang: LangOption = None,
) -> None:
    """Run the submission portal of a season folder, or make one with --init.

    Each unit hands in its census through its own private link and sees its findings at
    once; the province officer logs in to see who has sent what and to download the
    consolidated census, the gap report and the report document.

    Example: ktt serve nop-2025/ --init --province 92 --targets nq-20-tw-2022 --year 2025
    --deadline 2025-12-31
    """
    language = language_of(lang)
    _web_installed(language)
    if init:
        _init(folder, province, targets, year, deadline, (database, url), language)
        raise typer.Exit(OK)
    season = _season(folder, language)
    if reissue or revoke:
        _links(season, reissue or [], revoke or [], language)
        raise typer.Exit(OK)
    _run(season, host, port, language)


def _web_installed(lang: Lang) -> None:
    import importlib.util

    for module in ("starlette", "uvicorn", "jinja2", "sqlalchemy", "argon2", "multipart"):
        if importlib.util.find_spec(module) is None:
            fail(phrase("web.serve-missing-extra", lang, module=module), USAGE, lang)


def _init(
    folder: Path,
    province: str | None,
    targets: Path | None,
    year: int | None,
    deadline: str | None,
    where: tuple[str | None, str],
    lang: Lang,
) -> None:
    """Make the season folder and say where its links and the officer's password are."""
    from ..web.season import SeasonError, init_season
    from .common import load_plan

    for option, value in (("--province", province), ("--year", year), ("--deadline", deadline)):
        if value is None:
            fail(phrase("web.serve-init-needs", lang, option=option), USAGE, lang)
    assert province is not None and year is not None and deadline is not None
    due = _date(deadline, lang)
    load_plan(targets, lang)  # a plan that cannot be read is said here, as ktt gap says it
    try:
        season, password = init_season(
            folder,
            province=province,
            plan=targets_path(targets),
            year=year,
            deadline=due,
            database=where[0],
            base_url=where[1],
        )
    except SeasonError as exc:
        fail(phrase(f"web.season-{exc.key}", lang, **exc.params), USAGE, lang)
    from ..web.season import LINKS
    from ..web.store import Store

    store = Store(season.database_url)
    units = len(store.units())
    store.close()
    print(
        phrase(
            "web.serve-made",
            lang,
            path=folder,
            units=units,
            province=season.province_name,
            year=year,
            deadline=due.isoformat(),
        )
    )
    print(phrase("web.serve-links", lang, path=season.folder / LINKS))
    print(phrase("web.serve-password", lang, officer=season.officer, password=password))


def _date(value: str, lang: Lang) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(phrase("text.bad-date", lang, name="--deadline", value=value), USAGE, lang)


def _season(folder: Path, lang: Lang) -> Season:
    from ..web.season import SeasonError, load_season

    try:
        return load_season(folder)
    except SeasonError as exc:
        fail(phrase(f"web.season-{exc.key}", lang, **exc.params), USAGE, lang)


def _links(season: Season, reissue: list[str], revoke: list[str], lang: Lang) -> None:
    """New links for ``reissue`` (written to links.csv), none for ``revoke``."""
    from ..web.season import LINKS, SeasonError, issue_links
    from ..web.store import Store

    store = Store(season.database_url)
    try:
        codes = [u.code for u in store.units()] if "all" in reissue else reissue
        if codes:
            issue_links(season, store, codes)
            print(phrase("web.serve-links", lang, path=season.folder / LINKS))
        for code in revoke:
            if store.unit(code) is None:
                fail(phrase("web.season-unknown-unit", lang, unit=code), USAGE, lang)
            store.revoke_links(code)
            store.audit("ktt serve", "link-revoked", code)
        if revoke:
            print(phrase("web.serve-revoked", lang, count=len(revoke)))
    except SeasonError as exc:
        fail(phrase(f"web.season-{exc.key}", lang, **exc.params), USAGE, lang)
    finally:
        store.close()


def _run(season: Season, host: str, port: int, lang: Lang) -> None:
    import uvicorn

    from ..web.app import build_app

    print(phrase("web.serve-running", lang, host=host, port=port), flush=True)
    # No access log: a unit's address is its key, and the audit log says who did what.
    uvicorn.run(
        build_app(season),
        host=host,
        port=port,
        access_log=False,
        proxy_headers=True,
        log_level="warning",
        timeout_graceful_shutdown=10,
    )
