"""A unit's pages, behind its private link ``/u/<token>``: the upload form, every earlier
submission with its result and the officer's note, a submission's findings cell by cell,
and its marked-up copy. A link shows its own unit's submissions and nothing else; an
unknown or revoked link is answered as a page that does not exist."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from .credentials import csrf_ok, csrf_token, same_site, token_hash
from .portal import Portal
from .store import Unit
from .uploads import TooLarge, capped, shown_name, stored_name

#: What a form of the upload page holds besides the file.
MAX_FIELDS = 4


class UnitPages:
    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    async def _unit(self, request: Request) -> tuple[Unit, str] | None:
        """The unit of the link and the link's hash, or None for a link that is not live."""
        token = request.path_params["token"]
        if not 20 <= len(token) <= 100:
            return None
        hashed = token_hash(token)
        unit = await self.portal.db(self.portal.store.unit_of_token, hashed)
        return (unit, hashed) if unit else None

    def _not_found(self, request: Request) -> Response:
        return self.portal.refusal(request, "not-found", 404)

    async def home(self, request: Request) -> Response:
        found = await self._unit(request)
        if found is None:
            return self._not_found(request)
        unit, hashed = found
        rows = await self.portal.db(self.portal.store.submissions_of, unit.code)
        return self.portal.page(
            request,
            "unit.html",
            unit=unit,
            rows=rows,
            csrf=csrf_token(self.portal.secret, hashed),
            limit_mb=self.portal.season.max_upload_mb,
        )

    async def upload(self, request: Request) -> Response:
        found = await self._unit(request)
        if found is None:
            return self._not_found(request)
        unit, hashed = found
        if not same_site(request.headers):
            return self.portal.refusal(request, "forbidden", 403)
        limit = self.portal.season.max_upload_mb * 1024 * 1024
        if int(request.headers.get("content-length") or 0) > limit + 64 * 1024:
            return await self._too_large(request, unit)
        try:
            body = Request(request.scope, capped(request.receive, limit + 64 * 1024))
            form = await body.form(max_files=1, max_fields=MAX_FIELDS)
        except TooLarge:
            return await self._too_large(request, unit)
        try:
            if not csrf_ok(self.portal.secret, hashed, form_text(form.get("csrf"))):
                return self.portal.refusal(request, "forbidden", 403)
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.size:
                return self.portal.refusal(request, "no-file", 400)
            if upload.size > limit:
                return await self._too_large(request, unit)
            sid = await self._keep(unit, upload)
        finally:
            await form.close()
        await self.portal.check(sid)
        token = request.path_params["token"]
        return RedirectResponse(f"/u/{token}/s/{sid}", status_code=303)

    async def _keep(self, unit: Unit, upload: UploadFile) -> int:
        """Store the file and its record (both durably) before anything else happens."""
        portal = self.portal
        stored = stored_name(unit.code, upload.filename or "")
        name = shown_name(upload.filename)
        await upload.seek(0)
        size, digest = await portal.keep(upload.file, portal.season.uploads / stored)
        sid = await portal.write(portal.store.add_submission, unit.code, name, stored, size, digest)
        await portal.write(
            portal.store.audit, f"unit:{unit.code}", "upload", f"#{sid} {name} {size} {digest[:12]}"
        )
        return sid

    async def _too_large(self, request: Request, unit: Unit) -> Response:
        await self.portal.write(
            self.portal.store.audit,
            f"unit:{unit.code}",
            "upload-too-large",
            request.headers.get("content-length", "?"),
        )
        return self.portal.page(
            request,
            "message.html",
            status=413,
            key="too-large",
            limit_mb=self.portal.season.max_upload_mb,
        )

    async def _own(self, request: Request) -> tuple[Unit, Any] | None:
        found = await self._unit(request)
        if found is None:
            return None
        row = await self.portal.db(self.portal.store.submission, request.path_params["sid"])
        return (found[0], row) if row is not None and row.unit_code == found[0].code else None

    async def submission(self, request: Request) -> Response:
        own = await self._own(request)
        if own is None:
            return self._not_found(request)
        unit, row = own
        token = request.path_params["token"]
        return self.portal.page(
            request,
            "submission.html",
            unit=unit,
            row=row,
            result=json.loads(row.result) if row.result else None,
            back=f"/u/{token}",
            marked=f"/u/{token}/s/{row.id}/marked",
        )

    async def marked(self, request: Request) -> Response:
        own = await self._own(request)
        if own is None or not own[1].marked:
            return self._not_found(request)
        return marked_copy(self.portal, own[1])


def marked_copy(portal: Portal, row: Any) -> Response:
    """The marked-up copy of a submission, named after the file the unit sent."""
    stem = row.file_name.rsplit(".", 1)[0] or "bang-tinh"
    return FileResponse(
        portal.checks / row.marked,
        filename=f"{stem}-danh-dau.xlsx",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def form_text(value: Any) -> str | None:
    """A form field's value when it is text (not a file, not missing)."""
    return value if isinstance(value, str) else None


def unit_routes(portal: Portal) -> list[Route]:
    pages = UnitPages(portal)
    return [
        Route("/u/{token}", pages.home),
        Route("/u/{token}/upload", pages.upload, methods=["POST"]),
        Route("/u/{token}/s/{sid:int}", pages.submission),
        Route("/u/{token}/s/{sid:int}/marked", pages.marked),
    ]
