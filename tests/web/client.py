"""Signing in through HTTP for the web tests (Starlette's TestClient): the CSRF token a
page's forms carry, and a client signed in as a staff member of the ``office`` fixture."""

from __future__ import annotations

import re
from typing import Any

from starlette.testclient import TestClient

from psccore.web.app import create_app


def token_of(page: str) -> str:
    """The CSRF token of the page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found[1]


def signed_in(office: Any, login: str, password: str | None = None, *,
              lang: str = "ja") -> tuple[TestClient, str]:
    """A browser signed in as ``login`` (on Today, in ``lang``) and its session's token."""
    client = TestClient(create_app(office.psc), follow_redirects=False)
    if lang == "en":
        client.cookies.set("psc_lang", "en")
    form = client.get("/login")
    answer = client.post("/login", data={"csrf": token_of(form.text), "login": login,
                                         "password": password or office.password})
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text
    return client, token_of(client.get("/").text)
