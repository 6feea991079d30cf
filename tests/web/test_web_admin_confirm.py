"""The administration pages ask an administrator for their password again when it was
last proven (signing in, or confirming) more than 15 minutes ago: a session left open
on a desk hands over no one's access. The confirmation returns to the page it came
from, never elsewhere; wrong passwords count and lock as at sign-in."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

from psccore.store import tables as t
from tests.web.client import signed_in as _signed_in
from tests.web.client import token_of as _token
from tests.web.conftest import PASSWORD

Office = Any


def _proven_long_ago(office: Office, login: str) -> None:
    """The staff member's sessions began 20 minutes ago, in use since (not idle)."""
    now = dt.datetime.now(dt.UTC)
    with office.psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.web_sessions.update()
                        .where(t.web_sessions.c.staff_id == office.psc.staff_id(login))
                        .values(created_at=now - dt.timedelta(minutes=20), seen_at=now))


def _next_of(answer: Any) -> str:
    location = answer.headers["location"]
    assert urlsplit(location).path == "/confirm", location
    return parse_qs(urlsplit(location).query)["next"][0]


def _roles(office: Office, login: str) -> dict[str, Any]:
    return dict(next(d for d in office.psc.staff_roles() if d.staff.login == login).roles)


def test_a_fresh_sign_in_goes_straight_to_the_administration(office: Office) -> None:
    client, _ = _signed_in(office, "admin")
    assert client.get("/admin/staff/sato").status_code == 200


def test_after_a_while_the_password_is_asked_again_then_the_page_comes_back(
        office: Office) -> None:
    client, csrf = _signed_in(office, "admin")
    _proven_long_ago(office, "admin")
    assert client.get("/").status_code == 200  # the daily pages are not asked
    assert _next_of(client.get("/admin/staff/sato")) == "/admin/staff/sato"
    before = _roles(office, "sato")
    refused = client.post("/admin/staff/sato/grant",
                          data={"csrf": csrf, "role": "read_only", "program": "readiness"})
    assert _next_of(refused) == "/admin/staff/sato" and _roles(office, "sato") == before
    asked = client.get("/confirm?next=/admin/staff/sato")
    assert asked.status_code == 200 and "もう一度お聞きします" in asked.text
    wrong = client.post("/confirm", data={"csrf": _token(asked.text), "password": "not it",
                                          "next": "/admin/staff/sato"})
    assert wrong.status_code == 400 and "パスワードが違います" in wrong.text
    assert office.psc.audit_log(staff="admin", limit=1)[0].action == "password_refused"
    right = client.post("/confirm", data={"csrf": csrf, "password": PASSWORD,
                                          "next": "/admin/staff/sato"})
    assert right.status_code == 303 and right.headers["location"] == "/admin/staff/sato"
    assert office.psc.audit_log(staff="admin", limit=1)[0].action == "confirm"
    assert client.get("/admin/staff/sato").status_code == 200
    granted = client.post("/admin/staff/sato/grant",
                          data={"csrf": csrf, "role": "read_only", "program": "readiness"})
    assert granted.status_code == 303 and _roles(office, "sato") != before


def test_the_confirmation_returns_only_to_the_administration(office: Office) -> None:
    client, csrf = _signed_in(office, "admin")
    _proven_long_ago(office, "admin")
    for elsewhere in ("https://evil.example/", "//evil.example/admin", "/cases/1",
                      "/admin\\@evil", "/admin//evil.example"):
        done = client.post("/confirm", data={"csrf": csrf, "password": PASSWORD,
                                             "next": elsewhere})
        assert done.headers["location"] == "/admin", elsewhere


def test_staff_who_are_not_administrators_still_find_no_such_pages(office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    _proven_long_ago(office, "sato")
    assert client.get("/admin").status_code == 404  # not a question of a password


def test_wrong_passwords_at_the_confirmation_wait_and_lock_as_at_sign_in(
        office: Office) -> None:
    client, csrf = _signed_in(office, "admin")
    _proven_long_ago(office, "admin")
    answers = [client.post("/confirm", data={"csrf": csrf, "password": f"guess {n}"})
               for n in range(5)]
    assert [a.status_code for a in answers] == [400] * 5
    waiting = client.post("/confirm", data={"csrf": csrf, "password": PASSWORD})
    assert waiting.status_code == 400 and "秒後にもう一度" in waiting.text  # not checked
    assert client.get("/admin").status_code == 303
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with office.psc.ctx.db.write("admin") as tx:  # the tenth guess, after the waits
        tx.conn.execute(t.sign_in_devices.update().values(failures=9,
                                                          last_failure_at=long_ago))
    locked = client.post("/confirm", data={"csrf": csrf, "password": "guess 10"})
    assert locked.headers["location"] == "/login"  # the session guessing ended
    assert client.get("/").headers["location"] == "/login"
