"""The officer's pages, behind a login: who has sent, not sent, sent late or with errors;
each unit's submissions and their findings; accepting or returning a submission with a
note the unit sees; the consolidated reports to download; the audit log.

A session is a random id in an HttpOnly, SameSite=Strict cookie; only its hash is stored,
with the time it ends. Logging in is refused for a while after ten failures from one
address in fifteen minutes.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from ..core.i18n import Lang
from ..plan.targets import Comparison
from ..report.formats import fmt_amount, fmt_comparison, status_text
from .credentials import csrf_ok, csrf_token, new_token, password_ok, same_site, token_hash
from .portal import Portal
from .reports import DOWNLOADS, latest
from .status import counts, overview
from .store import now
from .unit_pages import form_text, marked_copy

SESSION = "ktt_session"
LOGIN = "ktt_login"
#: Failed logins from one address before it must wait, and for how long (seconds).
MAX_FAILURES, FAILURE_WINDOW = 10, 15 * 60
MAX_NOTE = 2000


class OfficerPages:
    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    async def _session(self, request: Request) -> Any:
        sid = request.cookies.get(SESSION)
        if not sid:
            return None
        return await self.portal.db(self.portal.store.session, token_hash(sid))

    def _to_login(self) -> Response:
        return RedirectResponse("/login", status_code=303)

    def _secure(self, request: Request) -> bool:
        return request.url.scheme == "https"

    async def login_form(self, request: Request, failed: bool = False) -> Response:
        nonce = request.cookies.get(LOGIN) or new_token()
        response = self.portal.page(
            request,
            "login.html",
            status=401 if failed else 200,
            csrf=csrf_token(self.portal.secret, f"login:{nonce}"),
            failed=failed,
        )
        response.set_cookie(
            LOGIN, nonce, httponly=True, samesite="strict", secure=self._secure(request)
        )
        return response

    def _throttled(self, address: str) -> bool:
        recent = [
            t
            for t in self.portal.login_failures.get(address, [])
            if t > time.monotonic() - FAILURE_WINDOW
        ]
        self.portal.login_failures[address] = recent
        return len(recent) >= MAX_FAILURES

    async def login(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=4)
        nonce = request.cookies.get(LOGIN, "")
        subject = f"login:{nonce}"
        if (
            not same_site(request.headers)
            or not nonce
            or not csrf_ok(self.portal.secret, subject, form_text(form.get("csrf")))
        ):
            return self.portal.refusal(request, "forbidden", 403)
        address = request.client.host if request.client else "?"
        if self._throttled(address):
            return self.portal.refusal(request, "throttled", 429)
        name, password = form_text(form.get("name")) or "", form_text(form.get("password")) or ""
        stored = await self.portal.db(self.portal.store.officer_hash, name)
        if not await self.portal.db(password_ok, stored, password):
            self.portal.login_failures.setdefault(address, []).append(time.monotonic())
            await self.portal.write(
                self.portal.store.audit, f"officer:{name[:60]}", "login-failed", address
            )
            return await self.login_form(request, failed=True)
        session = new_token()
        hashed = token_hash(session)
        minutes = self.portal.season.session_minutes
        await self.portal.write(
            self.portal.store.new_session,
            hashed,
            name,
            csrf_token(self.portal.secret, hashed),
            now() + timedelta(minutes=minutes),
        )
        await self.portal.write(self.portal.store.audit, f"officer:{name}", "login", address)
        response = RedirectResponse("/officer", status_code=303)
        response.set_cookie(
            SESSION,
            session,
            max_age=minutes * 60,
            httponly=True,
            samesite="strict",
            secure=self._secure(request),
        )
        response.delete_cookie(LOGIN)
        return response

    async def _posted(self, request: Request) -> tuple[Any, Any] | Response:
        """The session and form of an officer's post, or the refusal of a post that is not
        one (no session, another site, a missing or wrong CSRF token)."""
        session = await self._session(request)
        if session is None:
            return self._to_login()
        form = await request.form(max_files=0, max_fields=6)
        if not same_site(request.headers) or not csrf_ok(
            self.portal.secret, session.id_hash, form_text(form.get("csrf"))
        ):
            return self.portal.refusal(request, "forbidden", 403)
        return session, form

    async def logout(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        session, _form = posted
        await self.portal.write(self.portal.store.end_session, session.id_hash)
        await self.portal.write(self.portal.store.audit, f"officer:{session.officer}", "logout")
        response = self._to_login()
        response.delete_cookie(SESSION)
        return response

    async def dashboard(self, request: Request) -> Response:
        session = await self._session(request)
        if session is None:
            return self._to_login()
        store = self.portal.store
        units, rows = await self.portal.db(store.units), await self.portal.db(store.all_submissions)
        statuses = overview(units, rows, self.portal.season.deadline)
        statuses.sort(key=lambda s: s.state == "not-sent")  # who has sent first
        made = latest(self.portal.season.reports)
        gap = _gap(self.portal, made, self.portal.lang(request))
        log = await self.portal.db(store.audit_log, 30)
        return self.portal.page(
            request,
            "officer.html",
            statuses=statuses,
            counts=counts(statuses),
            made=made,
            gap=gap,
            log=log,
            csrf=session.csrf,
            officer=session.officer,
        )

    async def submission(self, request: Request) -> Response:
        session = await self._session(request)
        if session is None:
            return self._to_login()
        row = await self.portal.db(self.portal.store.submission, request.path_params["sid"])
        if row is None:
            return self.portal.refusal(request, "not-found", 404)
        unit = await self.portal.db(self.portal.store.unit, row.unit_code)
        history = await self.portal.db(self.portal.store.submissions_of, row.unit_code)
        return self.portal.page(
            request,
            "submission.html",
            unit=unit,
            row=row,
            result=json.loads(row.result) if row.result else None,
            back="/officer",
            marked=f"/officer/s/{row.id}/marked",
            csrf=session.csrf,
            officer=session.officer,
            history=history,
        )

    async def marked(self, request: Request) -> Response:
        if await self._session(request) is None:
            return self._to_login()
        row = await self.portal.db(self.portal.store.submission, request.path_params["sid"])
        if row is None or not row.marked:
            return self.portal.refusal(request, "not-found", 404)
        return marked_copy(self.portal, row)

    async def review(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        session, form = posted
        sid = request.path_params["sid"]
        decision = form_text(form.get("decision"))
        row = await self.portal.db(self.portal.store.submission, sid)
        if row is None or decision not in ("accepted", "returned"):
            return self.portal.refusal(request, "not-found", 404)
        note = (form_text(form.get("note")) or "").strip()[:MAX_NOTE]
        await self.portal.write(self.portal.store.review, sid, decision, note, session.officer)
        await self.portal.write(
            self.portal.store.audit,
            f"officer:{session.officer}",
            decision,
            f"#{sid} {row.unit_code}",
        )
        self.portal.want_reports()
        return RedirectResponse(f"/officer/s/{sid}", status_code=303)

    async def download(self, request: Request) -> Response:
        session = await self._session(request)
        if session is None:
            return self._to_login()
        what = request.path_params["what"]
        made = latest(self.portal.season.reports)
        if what not in DOWNLOADS or made is None or what not in made.get("files", {}):
            return self.portal.refusal(request, "not-found", 404)
        await self.portal.write(
            self.portal.store.audit, f"officer:{session.officer}", "download", what
        )
        season = self.portal.season
        name = DOWNLOADS[what]
        stem, suffix = name.rsplit(".", 1)
        shown = f"{stem}-{season.province_code}-{season.year}.{suffix}"
        return FileResponse(season.reports / made["key"] / name, filename=shown)


def _gap(portal: Portal, made: dict[str, Any] | None, lang: Lang) -> list[dict[str, str]]:
    """The targets of the latest gap report as the page shows them: numbers, targets and
    verdicts worded as ktt's reports word them."""
    if made is None or "gap" not in made.get("files", {}):
        return []
    path = portal.season.reports / made["key"] / DOWNLOADS["gap"]
    try:
        targets = json.loads(path.read_text(encoding="utf-8"))["targets"]
    except (OSError, ValueError, KeyError):
        return []
    rows = []
    for x in targets:
        percent = x["kind"] in ("share", "ratio")
        goal = fmt_comparison(
            Comparison(x["comparison"]), x["target"], x["target_high"], percent, lang
        )
        rows.append(
            {
                "title": x["title"],
                "year": str(x["year"]),
                "goal": goal,
                "value": fmt_amount(x["value"], percent, lang),
                "status": status_text(x["met"], x["above_range"], lang),
                "met": "met" if x["met"] else "unknown" if x["met"] is None else "not-met",
            }
        )
    return rows


def officer_routes(portal: Portal) -> list[Route]:
    pages = OfficerPages(portal)
    return [
        Route("/login", pages.login_form, methods=["GET"]),
        Route("/login", pages.login, methods=["POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/officer", pages.dashboard),
        Route("/officer/s/{sid:int}", pages.submission),
        Route("/officer/s/{sid:int}/marked", pages.marked),
        Route("/officer/s/{sid:int}/review", pages.review, methods=["POST"]),
        Route("/officer/download/{what}", pages.download),
    ]
