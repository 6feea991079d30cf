"""*Find*: one search box for people (name, kana, phone), case numbers and employers."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from psccore.domain.employers import Employer
from psccore.domain.names import id_key
from psccore.web.serving import Ask, page


def search(ask: Ask) -> Response:
    text = ask.request.query_params.get("q", "").strip()[:100]
    found = ask.me.search(text) if text else None
    template = "_results.html" if ask.request.headers.get("hx-request") else "search.html"
    return ask.render(template, q=text, found=found, programs=ask.me.programs,
                      employers=_employers(ask, text))


def _employers(ask: Ask, text: str) -> list[Employer]:
    """Employers by name, kana or phone (a number is a case's, not an employer's)."""
    from psccore.domain.access import Action

    if not text or id_key(text) is not None or not ask.me.my_grants().allows_any(Action.READ):
        return []
    return list(ask.me.resolve_employer(text).matches)


ROUTES = [Route("/search", page(search), methods=["GET"])]
