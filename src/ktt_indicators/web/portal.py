"""The portal's state (:class:`Portal`): the season, the records, the pages' rendering and
the background work (checks in child processes, the reports remade when valid submissions
change).

Every page is rendered by Jinja2 with autoescaping on, so a value typed in a cell is shown
as text, never run. Each answer carries headers that keep the pages to themselves: no
script or frame from elsewhere (Content-Security-Policy), no link's address passed on
(``Referrer-Policy: no-referrer``: a unit's link is its key), nothing cached.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import anyio
import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..core.i18n import Lang, phrase
from .checking import CheckJob, in_child, run_check
from .reports import CONSOLIDATION_SECONDS, Included, consolidate, key_of, latest
from .season import Season
from .status import local, overview, shown_time
from .store import VALID, Store, now
from .uploads import store_file

T = TypeVar("T")
HERE = Path(__file__).parent
HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


class SecurityHeaders:
    """ASGI middleware: :data:`HEADERS` on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class Portal:
    """One season's portal: its records, pages and background work."""

    def __init__(self, season: Season, store: Store | None = None) -> None:
        self.season = season
        self.store = store or Store(season.database_url)
        self.secret = season.secret
        # Autoescaping on every template: a value typed in a cell is shown as text.
        pages = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True
        )
        self.templates = Jinja2Templates(env=pages)
        self.checks = season.folder / "checks"
        self._wanted = asyncio.Event()
        self._threads = anyio.CapacityLimiter(400)  # waiting for a check's child
        self._writer = anyio.CapacityLimiter(1)
        self._disk = anyio.CapacityLimiter(8)  # files being written and flushed
        self.login_failures: dict[str, list[float]] = {}

    async def db(self, call: Callable[..., T], *args: Any) -> T:
        """A call that reads the records (or the disk), in a worker thread: the page loop
        never waits on disk."""
        return await anyio.to_thread.run_sync(partial(call, *args))

    async def keep(self, source: BinaryIO, path: Path) -> tuple[int, str]:
        """Store a received file durably (:func:`.store_file`), in a thread of the few that
        write files: a hundred uploads flushing at once leave the pages' threads free."""
        return await anyio.to_thread.run_sync(store_file, source, path, limiter=self._disk)

    async def write(self, call: Callable[..., T], *args: Any) -> T:
        """A call that writes the records, in the one writer thread: writes wait for each
        other there, not in the threads that pages read with (SQLite takes one writer at a
        time, and each commit waits for the disk)."""
        return await anyio.to_thread.run_sync(partial(call, *args), limiter=self._writer)

    # ------------------------------------------------------------------------- pages

    def lang(self, request: Request) -> Lang:
        return "en" if request.cookies.get("lang") == "en" else "vi"

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        lang = self.lang(request)
        context.update(
            request=request,
            lang=lang,
            t=lambda key, **fields: phrase(f"web.{key}", lang, **fields),
            season=self.season,
            when=shown_time,
        )
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def refusal(self, request: Request, key: str, status: int) -> Response:
        """A page that says why the request was refused, and nothing else."""
        return self.page(request, "message.html", status=status, key=key)

    # ---------------------------------------------------------------- checking, reports

    async def check(self, sid: int) -> None:
        """Check submission ``sid`` in a child process and record its result."""
        row = await self.db(self.store.submission, sid)
        self.checks.mkdir(exist_ok=True)
        job = CheckJob(
            self.season.uploads / row.stored,
            row.file_name,
            self.season.plan_path,
            self.checks / f"{sid}.json",
            self.checks / f"{sid}.xlsx",
            self.season.year,
            unit_code=row.unit_code,
            province_code=self.season.province_code,
        )
        result = await anyio.to_thread.run_sync(run_check, job, limiter=self._threads)
        marked = job.marked.name if result.get("marked") else None
        await self.write(
            self.store.finish_submission,
            sid,
            result["state"],
            result["errors"],
            result["warnings"],
            json.dumps(result, ensure_ascii=False),
            marked,
        )
        if result["state"] == VALID:
            self.want_reports()

    def want_reports(self) -> None:
        self._wanted.set()

    def _included(self) -> tuple[list[Included], list[str]]:
        """The latest valid submission of each unit, and the names of every unit."""
        units = self.store.units()
        statuses = overview(units, self.store.all_submissions(), self.season.deadline)
        included = [
            Included(s.latest_valid.id, s.unit.code, s.unit.name, s.latest_valid.stored)
            for s in statuses
            if s.latest_valid is not None
        ]
        return included, [u.name for u in units]

    async def _reports_loop(self) -> None:
        """Remake the reports whenever asked and the valid submissions have changed."""
        while True:
            await self._wanted.wait()
            self._wanted.clear()
            included, names = await self.db(self._included)
            done = latest(self.season.reports)
            if done is not None and done.get("key") == key_of(included):
                continue
            today = local(now()).date()
            args = (
                self.season.plan_path,
                self.season.uploads,
                self.season.reports,
                included,
                names,
                today,
            )
            await anyio.to_thread.run_sync(in_child, consolidate, args, CONSOLIDATION_SECONDS)

    async def _recheck_pending(self) -> None:
        """Check what was received but not checked when the server last stopped."""
        for row in await self.db(self.store.pending):
            await self.check(row.id)

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        await self.db(self.store.create)
        self.season.reports.mkdir(exist_ok=True)
        tasks = [
            asyncio.create_task(self._reports_loop()),
            asyncio.create_task(self._recheck_pending()),
        ]
        self.want_reports()
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            self.store.close()
