"""*Find*: one search box for people (name, kana, phone) and case numbers."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from psccore.web.serving import Ask, page


def search(ask: Ask) -> Response:
    text = ask.request.query_params.get("q", "").strip()[:100]
    found = ask.me.search(text) if text else None
    template = "_results.html" if ask.request.headers.get("hx-request") else "search.html"
    return ask.render(template, q=text, found=found, programs=ask.me.programs)


ROUTES = [Route("/search", page(search), methods=["GET"])]
