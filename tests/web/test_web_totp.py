"""The TOTP second step through HTTP: set up on one's account page and confirmed with a
code; then signing in asks for a code after the password, and refuses a wrong one (counted
with wrong passwords), a replayed one and one too late; the office can require it of
administrators, who then set it up while signing in. All audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyotp
import pytest
from starlette.testclient import TestClient

from psccore.app import Psc
from psccore.store import tables as t
from psccore.web.app import create_app

Office = Any


def _token(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found[1]


def _client(office: Office) -> TestClient:
    return TestClient(create_app(office.psc), follow_redirects=False)


def _password_step(client: TestClient, office: Office, login: str) -> Any:
    form = client.get("/login")
    return client.post("/login", data={"csrf": _token(form.text), "login": login,
                                       "password": office.password})


def _signed_in(office: Office, login: str) -> tuple[TestClient, str]:
    client = _client(office)
    assert _password_step(client, office, login).headers["location"] == "/"
    return client, _token(client.get("/account").text)


def _secret(page: str) -> str:
    found = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert found, page
    return found[1]


def _code(secret: str, at: dt.datetime | None = None) -> str:
    return pyotp.TOTP(secret).at(at or dt.datetime.now(dt.UTC))


def _next(secret: str) -> str:
    """The code of the next 30 seconds (accepted: clocks may be a step apart), as the
    current one was used up confirming the set-up."""
    return _code(secret, dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))


def _enrol(office: Office, login: str) -> str:
    """``login`` sets up the code on the account page; the secret."""
    client, csrf = _signed_in(office, login)
    assert client.post("/account/totp", data={"csrf": csrf}).headers["location"] == \
        "/account/totp"
    page = client.get("/account/totp")
    assert page.status_code == 200 and "<svg" in page.text and "otpauth://totp/" in page.text
    secret = _secret(page.text)
    wrong = client.post("/account/totp/confirm", data={"csrf": csrf, "code": "000000"
                                                       if _code(secret) != "000000" else "111111"})
    assert wrong.status_code == 400 and "確認コードが違います" in wrong.text
    assert office.psc.acting_as(login).totp_state().enabled is False
    right = client.post("/account/totp/confirm", data={"csrf": csrf, "code": _code(secret)})
    assert right.headers["location"] == "/account?done=totp"
    assert office.psc.acting_as(login).totp_state().enabled is True
    return secret


def _actions(psc: Psc, login: str, since: int) -> list[str]:
    return [e.action for e in reversed(psc.audit_log(staff=login)) if e.seq > since]


def _code_step(client: TestClient, code: str) -> Any:
    form = client.get("/login/code")
    assert form.status_code == 200
    return client.post("/login/code", data={"csrf": _token(form.text), "code": code})


def test_set_up_then_sign_in_asks_for_the_code(office: Office) -> None:
    secret = _enrol(office, "sato")
    assert "totp_on" in [e.action for e in office.psc.audit_log(staff="sato")]
    client = _client(office)
    step = _password_step(client, office, "sato")
    assert step.status_code == 303 and step.headers["location"] == "/login/code"
    assert "psc_session" not in step.headers["set-cookie"]  # no session before the code
    assert client.get("/").headers["location"] == "/login"
    signed = _code_step(client, _next(secret))
    assert signed.headers["location"] == "/" and "psc_session=" in signed.headers["set-cookie"]
    assert client.get("/").status_code == 200
    assert [e.action for e in office.psc.audit_log(staff="sato", limit=3)][:2] == [
        "sign_in", "update"]


def test_a_wrong_code_is_refused_and_counted_like_a_wrong_password(office: Office) -> None:
    secret = _enrol(office, "sato")
    seq = office.psc.audit_head()[0]
    client = _client(office)
    _password_step(client, office, "sato")
    wrong = "99999" + ("1" if _code(secret)[-1] == "0" else "0")
    answer = _code_step(client, wrong)
    assert answer.status_code == 401 and "確認コードが違います" in answer.text
    assert 'aria-invalid="true"' in answer.text  # beside the field
    assert _actions(office.psc, "sato", seq) == ["sign_in_password", "sign_in_failed"]
    failed = office.psc.audit_log(staff="sato", limit=1)[0]
    assert failed.fields == ["code"]
    with office.psc.ctx.db.reading() as scope:
        assert scope.conn.execute(t.sign_in_throttle.select()).one().failures == 1
    assert _code_step(client, _next(secret)).headers["location"] == "/"  # still waiting


def test_the_tenth_wrong_code_locks_the_login(office: Office) -> None:
    secret = _enrol(office, "sato")
    client = _client(office)
    _password_step(client, office, "sato")
    with office.psc.ctx.db.write("admin") as tx:  # as if 9 had been tried, waits over
        tx.conn.execute(t.sign_in_throttle.insert().values(
            login="sato", failures=9, locked=False,
            last_failure_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    answer = _code_step(client, "00000" + ("1" if _next(secret)[-1] == "0" else "0"))
    assert answer.status_code == 401 and "停止中" in answer.text
    assert "lock" in [e.action for e in office.psc.audit_log(staff="sato", limit=3)]
    again = _client(office)
    assert _password_step(again, office, "sato").status_code == 401  # locked for all


def test_a_code_is_used_once(office: Office) -> None:
    secret = _enrol(office, "sato")  # the confirming code is used up too
    used = office.psc.audit_log(staff="sato", limit=1)
    assert used[0].action == "totp_on"
    client = _client(office)
    _password_step(client, office, "sato")
    replay = _code_step(client, _code(secret))
    now = dt.datetime.now(dt.UTC)
    if replay.status_code == 303:  # the 30 seconds turned between the two: the next one
        client = _client(office)
        _password_step(client, office, "sato")
        replay = _code_step(client, _code(secret, now))
    assert replay.status_code == 401 and "確認コードが違います" in replay.text


def test_the_code_step_expires_after_five_minutes(office: Office) -> None:
    secret = _enrol(office, "sato")
    client = _client(office)
    _password_step(client, office, "sato")
    with office.psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.sign_in_pending.update().values(
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)))
    late = _code_step(client, _next(secret))
    assert late.status_code == 401 and "もう一度ログインしてください" in late.text
    assert 'action="/login"' in late.text
    assert "expired" in office.psc.audit_log(staff="sato", limit=1)[0].fields
    with office.psc.ctx.db.reading() as scope:
        assert scope.conn.execute(t.sign_in_pending.select()).all() == []


def test_without_a_waiting_sign_in_the_code_step_signs_no_one_in(office: Office) -> None:
    client = _client(office)
    assert client.get("/login/code").headers["location"] == "/login"
    form = client.get("/login")
    answer = client.post("/login/code", data={"csrf": _token(form.text), "code": "123456"},
                         cookies={"psc_pending": "made up"})
    assert answer.status_code == 401 and "psc_session=" not in answer.headers.get(
        "set-cookie", "")


def test_the_office_requires_it_of_administrators_who_set_it_up_to_sign_in(
        office: Office) -> None:
    client, csrf = _signed_in(office, "admin")
    form = client.get("/admin/office")
    saved = client.post("/admin/office", data={
        "csrf": csrf, "version": re.search(r'name="version" value="(\d+)"', form.text)[1],
        **{k: v for k, v in _office_values(form.text).items()},
        "require_totp_for_admins": "true"})
    assert saved.headers["location"] == "/admin/office?done=office", saved.text
    assert office.psc.office().require_totp_for_admins is True
    assert _password_step(_client(office), office, "sato").headers["location"] == "/"
    fresh = _client(office)
    assert _password_step(fresh, office, "admin").headers["location"] == "/login/code"
    page = fresh.get("/login/code")
    assert "<svg" in page.text and "otpauth://totp/psccore:admin" in page.text
    signed = _code_step(fresh, _code(_secret(page.text)))
    assert signed.headers["location"] == "/"
    assert office.psc.totp_state().enabled is True
    assert {"sign_in", "totp_on"} <= {e.action for e in office.psc.audit_log(staff="admin",
                                                                            limit=6)}


def _office_values(page: str) -> dict[str, str]:
    """The office form's text inputs as shown (the checked radio of the bool too)."""
    found = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', page))
    found.pop("csrf", None)
    found.pop("version", None)
    checked = re.search(r'name="require_totp_for_admins" value="(\w+)" checked', page)
    found["require_totp_for_admins"] = checked[1] if checked else "false"
    return found


@pytest.mark.parametrize("login", ["sato", "yomi"])
def test_an_administrator_resets_a_lost_code(office: Office, login: str) -> None:
    _enrol(office, login)
    client, csrf = _signed_in(office, "admin")
    shown = client.get(f"/admin/staff/{login}")
    assert "確認コードの解除" in shown.text
    unconfirmed = client.post(f"/admin/staff/{login}/totp-reset", data={"csrf": csrf})
    assert unconfirmed.status_code == 400 and "確認のチェック" in unconfirmed.text
    assert office.psc.acting_as(login).totp_state().enabled is True
    done = client.post(f"/admin/staff/{login}/totp-reset", data={"csrf": csrf,
                                                                "confirm": "yes"})
    assert done.status_code == 303
    assert office.psc.acting_as(login).totp_state().enabled is False
    assert office.psc.audit_log(staff="admin", limit=1)[0].action == "totp_reset"
    assert _password_step(_client(office), office, login).headers["location"] == "/"
    assert office.psc.verify_data()[1] == []  # the secret's rows were audited


def test_a_key_rotation_reseals_the_secret(office: Office, tmp_path: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from psccore.crypto import add_key

    secret = _enrol(office, "sato")
    with office.psc.ctx.db.reading() as scope:
        before = scope.conn.execute(t.staff_totp.select()).one().secret
    keys = tmp_path / "psc.keys"
    keys.write_text(os.environ["PSC_KEY"].replace(":", " ", 1) + "\n")
    keys.chmod(0o600)
    add_key(keys)
    monkeypatch.delenv("PSC_KEY")
    monkeypatch.setenv("PSC_KEY_FILE", str(keys))
    rotated = Psc.open(office.url, staff="admin")
    try:
        assert rotated.rotate_keys() >= 1
        with rotated.ctx.db.reading() as scope:
            after = scope.conn.execute(t.staff_totp.select()).one().secret
        assert after != before and after.split(":")[1] != before.split(":")[1]
        client = TestClient(create_app(rotated), follow_redirects=False)
        _password_step(client, office, "sato")
        assert _code_step(client, _next(secret)).headers["location"] == "/"
        assert rotated.verify_data()[1] == []
    finally:
        rotated.close()


def test_a_session_without_the_code_carries_no_administrators_role(office: Office) -> None:
    """Once the office requires the code of administrators, a session signed in with
    the password alone ends when its staff member is (or becomes) an administrator
    without the code set up; they set it up at their next sign-in."""
    office.psc.set_office({"require_totp_for_admins": True})
    sato, _ = _signed_in(office, "sato")  # a caseworker: not asked for the code
    yomi, _ = _signed_in(office, "yomi")
    office.psc.grant("sato", "administrator", "readiness")
    assert sato.get("/").headers["location"] == "/login"
    assert yomi.get("/").status_code == 200  # no one else's session ends
    assert [e.fields for e in office.psc.audit_log(staff="admin", limit=3)
            if e.action == "sign_out"] == [["totp_required"]]
    office.psc.set_office({"require_totp_for_admins": False})
    admin, _ = _signed_in(office, "admin")
    office.psc.set_office({"require_totp_for_admins": True})
    assert admin.get("/").headers["location"] == "/login"
    assert _password_step(_client(office), office, "admin").headers["location"] == "/login/code"
