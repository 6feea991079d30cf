"""Signing in and staying signed in, attacked over HTTP (Starlette's TestClient): the
ways round the wrong-password throttle, and the ways to lock staff out with it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from starlette.testclient import TestClient

from psccore.store import tables as t
from psccore.web.app import create_app

Office = Any
NEW = "a brand new password 7"


def _token(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found[1]


def _client(office: Office) -> TestClient:
    return TestClient(create_app(office.psc), follow_redirects=False)


def _sign_in(client: TestClient, login: str, password: str) -> Any:
    form = client.get("/login")
    return client.post("/login", data={"csrf": _token(form.text), "login": login,
                                       "password": password})


def _signed_in(office: Office, login: str) -> tuple[TestClient, str]:
    client = _client(office)
    assert _sign_in(client, login, office.password).status_code == 303
    return client, _token(client.get("/account").text)


def _wrong_before(office: Office, login: str, failures: int) -> None:
    """As if ``failures`` wrong passwords had been typed for ``login``, waits over."""
    with office.psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.sign_in_throttle.delete().where(t.sign_in_throttle.c.login == login))
        tx.conn.execute(t.sign_in_throttle.insert().values(
            login=login, failures=failures, locked=False,
            last_failure_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))


def _change(client: TestClient, token: str, current: str) -> Any:
    return client.post("/account/password", data={"csrf": token, "current": current,
                                                   "new": NEW, "again": NEW})


def test_the_account_page_gives_no_more_password_guesses_than_the_sign_in(
        office: Office) -> None:
    client, token = _signed_in(office, "sato")
    for n in range(5):  # a session left open: its password guessed on the account page
        wrong = _change(client, token, f"guess number {n}")
        assert wrong.status_code == 400 and "現在のパスワードが違います" in wrong.text
    waiting = _change(client, token, office.password)  # even the right one now waits
    assert waiting.status_code == 400 and "秒後にもう一度" in waiting.text
    other = _client(office)  # the sign-in form waits as well: one count for the login
    assert "秒後にもう一度" in _sign_in(other, "sato", office.password).text
    _wrong_before(office, "sato", 9)
    locked = _change(client, token, "the tenth guess")
    assert locked.status_code == 400 and "停止中" in locked.text
    actions = [e.action for e in office.psc.audit_log(staff="sato", limit=2)]
    assert actions == ["lock", "password_refused"]
    assert client.get("/").headers["location"] == "/login"  # its sessions have ended
    assert _sign_in(_client(office), "sato", office.password).status_code == 401
    office.psc.unlock_login("sato")
    client, token = _signed_in(office, "sato")
    assert _change(client, token, office.password).status_code == 303
