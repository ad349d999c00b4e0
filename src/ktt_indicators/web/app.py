"""The portal as an ASGI application (Starlette): :func:`build_app` gives the application
``ktt serve`` runs under uvicorn, its routes and its middleware."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .officer_pages import officer_routes
from .portal import HERE, Portal, SecurityHeaders
from .season import Season
from .store import Store
from .unit_pages import unit_routes


def build_app(season: Season, store: Store | None = None) -> Starlette:
    """The portal of ``season`` as an ASGI application."""
    portal = Portal(season, store)

    async def home(request: Request) -> Response:
        return portal.page(request, "home.html")

    async def choose_language(request: Request) -> Response:
        return _language(request)

    async def healthz(_request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/", home),
        Route("/lang", choose_language),
        Route("/healthz", healthz),
        *unit_routes(portal),
        *officer_routes(portal),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=portal.lifespan)
    app.add_middleware(SecurityHeaders)
    app.state.portal = portal
    return app


def _language(request: Request) -> Response:
    """Switch the pages' language (a cookie) and go back to the page it was asked on."""
    back = request.query_params.get("back", "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    response = RedirectResponse(back, status_code=303)
    chosen = "en" if request.query_params.get("to") == "en" else "vi"
    response.set_cookie("lang", chosen, max_age=365 * 86400, samesite="lax", httponly=True)
    return response
