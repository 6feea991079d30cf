"""Every route the app registers, found by walking ``create_app().routes`` (so pages
added later are checked without editing this file): without a session a page sends to
the sign-in page (or answers 404), never 500; every state-changing request without the
CSRF token is refused (403) and writes nothing; every answer carries the security
headers; no answer shows a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from starlette.routing import BaseRoute, Mount, Route
from starlette.testclient import TestClient

from psccore.web.app import create_app

Office = Any
#: Pages anyone may open without signing in (a new one is a decision: add it here).
PUBLIC = {"/login"}
SAFE = {"GET", "HEAD"}
HEADERS = {"content-security-policy": "script-src 'self'", "x-frame-options": "DENY",
           "referrer-policy": "no-referrer", "x-content-type-options": "nosniff"}
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def routes(office: Office) -> Iterator[tuple[str, str, str]]:
    """(method, path template, path with ids of the office) for every route."""
    for method, template in _walk(create_app(office.psc).routes, ""):
        yield method, template, PARAM.sub(lambda m: _value(office, m[1]), template)


def _walk(found: Sequence[BaseRoute], prefix: str) -> Iterator[tuple[str, str]]:
    """Routes, and those of mounted groups of pages (a program's pages, say); a mount
    without routes (/static) serves files, not pages."""
    for route in found:
        if isinstance(route, Route):
            for method in sorted(route.methods or {"GET"}):
                if method != "HEAD":
                    yield method, prefix + route.path
        elif isinstance(route, Mount) and route.routes:
            yield from _walk(route.routes, prefix + route.path)


def _value(office: Office, name: str) -> str:
    """The office's own ids for the names the pages use; 1 for any other."""
    return str({"person_id": office.person, "case_id": office.case}.get(name, 1))


def _client(office: Office) -> TestClient:
    return TestClient(create_app(office.psc), follow_redirects=False,
                      raise_server_exceptions=False)


def _signed_in(office: Office, login: str) -> TestClient:
    client = _client(office)
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token, form
    answer = client.post("/login", data={"csrf": token[1], "login": login,
                                         "password": office.password})
    assert answer.status_code == 303, answer.text
    return client


def _sound(method: str, path: str, answer: Any) -> list[str]:
    """What is wrong with one answer: a 5xx, a missing header, a traceback."""
    wrong = [f"{method} {path}: {answer.status_code}"] if answer.status_code >= 500 else []
    wrong += [f"{method} {path}: {name} missing" for name, part in HEADERS.items()
              if part not in answer.headers.get(name, "")]
    if TRACEBACK.search(answer.text):
        wrong.append(f"{method} {path}: a traceback")
    return wrong


def test_the_walk_finds_the_pages(office: Office) -> None:
    found = {(m, t) for m, t, _ in routes(office)}
    assert {("GET", "/login"), ("GET", "/"), ("GET", "/search"), ("GET", "/cases/{case_id}"),
            ("POST", "/cases/{case_id}/records"), ("POST", "/logout")} <= found


def test_without_a_session_every_page_sends_to_sign_in(office: Office) -> None:
    client, wrong = _client(office), []
    for method, template, path in routes(office):
        answer = client.request(method, path)
        wrong += _sound(method, path, answer)
        to_sign_in = answer.status_code == 404 or (
            answer.status_code in (302, 303) and answer.headers["location"] == "/login")
        if method in SAFE and template not in PUBLIC and not to_sign_in:
            wrong.append(f"{method} {path}: {answer.status_code} without a session")
        if method not in SAFE and not (to_sign_in or answer.status_code == 403):
            wrong.append(f"{method} {path}: {answer.status_code} without a session")
        htmx = client.request(method, path, headers={"HX-Request": "true"})
        wrong += _sound(method, path + " (htmx)", htmx)
    assert wrong == []


@pytest.mark.parametrize("login", ["admin", "kato"])
def test_signed_in_no_page_breaks_or_shows_a_traceback(office: Office, login: str) -> None:
    """As the administrator (sees everything) and as a caseworker of another program
    (sees nothing of the office's case); ids that exist, do not, and are not ids."""
    client, wrong = _signed_in(office, login), []
    for method, template, path in routes(office):
        if method not in SAFE:
            continue
        odd = [PARAM.sub(v, template) for v in ("999999", "x%27%3Cb%3E", "0", "-1")]
        for tried in [path, *odd] if PARAM.search(template) else [path]:
            answer = client.get(tried)
            wrong += _sound(method, tried, answer)
            if answer.status_code == 200 and "no-store" not in answer.headers.get(
                    "cache-control", ""):
                wrong.append(f"GET {tried}: may be cached")
    assert wrong == []


@pytest.mark.parametrize("token", ["none", "wrong"])
def test_every_state_changing_request_needs_the_csrf_token(office: Office,
                                                           token: str) -> None:
    """Signed in as the administrator, who may do everything: without the right token
    every POST (and any other unsafe method) is refused and nothing is written."""
    client, wrong = _signed_in(office, "admin"), []
    head = office.psc.audit_head()
    unsafe = [(m, p) for m, _, p in routes(office) if m not in SAFE]
    assert unsafe, "the app has state-changing routes"
    for method, path in unsafe:
        data = {"summary": "x", "kind": "phone", "lang": "en", "version": "1",
                **({"csrf": "not-the-token"} if token == "wrong" else {})}
        for headers in ({}, {"HX-Request": "true"}):
            answer = client.request(method, path, data=data, headers=headers)
            wrong += _sound(method, path, answer)
            if answer.status_code != 403:
                wrong.append(f"{method} {path}: {answer.status_code} without the token")
    assert wrong == []
    assert office.psc.audit_head() == head
    assert client.get("/").status_code == 200  # still signed in: /logout was refused too
