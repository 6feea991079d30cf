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
    client.cookies.delete("psc_device")  # a browser not known: the login's count
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


def _lock_from_outside(office: Office, login: str) -> None:
    """Ten wrong passwords from a browser that never signed in (the tenth typed)."""
    _wrong_before(office, login, 9)
    assert "停止中" in _sign_in(_client(office), login, "a wrong guess").text


def test_wrong_passwords_from_elsewhere_do_not_lock_out_a_known_browser(
        office: Office) -> None:
    mine = _client(office)  # sato's own browser signed in before: it holds a device cookie
    first = _sign_in(mine, "sato", office.password)
    assert first.status_code == 303
    device = first.cookies["psc_device"]
    assert "HttpOnly" in first.headers["set-cookie"]
    _lock_from_outside(office, "sato")  # someone else, knowing the login, locks it
    stranger = _client(office)
    assert _sign_in(stranger, "sato", office.password).status_code == 401
    mine.cookies.delete("psc_session")
    again = _sign_in(mine, "sato", office.password)  # still signs in, the lock stays
    assert again.status_code == 303 and mine.get("/").status_code == 200
    assert office.psc.login_states()["sato"].locked
    token = _token(mine.get("/account").text)  # and may change the password
    assert _change(mine, token, office.password).status_code == 303
    borrowed = _client(office)  # the device is sato's: it does nothing for admin
    borrowed.cookies.set("psc_device", device)
    _lock_from_outside(office, "admin")
    assert _sign_in(borrowed, "admin", office.password).status_code == 401


def test_a_known_browser_has_its_own_ten_tries_then_is_a_stranger(office: Office) -> None:
    mine = _client(office)
    assert _sign_in(mine, "sato", office.password).status_code == 303
    mine.cookies.delete("psc_session")
    for n in range(5):
        assert _sign_in(mine, "sato", f"guess {n}").status_code == 401
    assert "秒後にもう一度" in _sign_in(mine, "sato", office.password).text
    assert _sign_in(_client(office), "sato", office.password).status_code == 303
    with office.psc.ctx.db.write("admin") as tx:  # as if nine, waits over
        tx.conn.execute(t.sign_in_devices.update().values(
            failures=9, last_failure_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    assert _sign_in(mine, "sato", "the tenth guess").status_code == 401
    entry = office.psc.audit_log(staff="sato", limit=1)[0]
    assert (entry.action, entry.fields) == ("lock", ["device"])
    assert not office.psc.login_states().get("sato")  # the login's own count untouched
    _lock_from_outside(office, "sato")  # a stranger again: the login's lock holds it
    assert _sign_in(mine, "sato", office.password).status_code == 401
