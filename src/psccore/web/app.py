"""The ASGI application: ``create_app()`` for ``psc serve`` (uvicorn) and for tests."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from psccore.app import Psc
from psccore.web.routes import (
    account,
    admin,
    cases,
    casework,
    consent,
    documents,
    employers,
    find,
    intake,
    jobcard,
    matching,
    plans,
    programs,
    reports,
    signin,
    today,
    transfer,
)
from psccore.web.serving import Guard, plain_error

STATIC = Path(__file__).with_name("static")
#: The modules of pages, each with its ``ROUTES``.
PAGES = (signin, today, find, cases, intake, casework, plans, employers, matching, consent,
         reports, documents, account, admin, programs, jobcard, transfer)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and wrong methods: the error page, never Starlette's text."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    return plain_error(request, 404 if status in (404, 405) else status)


def create_app(psc: Psc | None = None) -> Starlette:
    """The staff web app over ``psc`` (default: ``Psc.open()`` on the configured
    database, acting as no one: each request acts as its signed-in staff member)."""
    base = (psc or Psc.open()).acting_as(None)
    app = Starlette(
        routes=[*(route for pages in PAGES for route in pages.ROUTES),
                Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(Guard)],
        exception_handlers={HTTPException: _http_error, Exception: _http_error},
    )
    app.state.psc = base
    return app
