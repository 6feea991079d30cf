"""The web app through HTTP (Starlette's TestClient): sign-in, sessions, CSRF, headers,
404 sameness, no leak of a withheld value, no traceback, and that ``web/`` uses only
the ``Psc`` door."""

from __future__ import annotations

import ast
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from psccore.store import tables as t
from psccore.web.app import create_app
from tests.web.client import signed_in as _signed_in
from tests.web.client import token_of as _token

WEB = Path(__file__).parents[2] / "src" / "psccore" / "web"
Office = Any


def _client(office: Office) -> TestClient:
    return TestClient(create_app(office.psc), follow_redirects=False)


def _records(office: Office) -> int:
    return len(office.psc.list_records(office.case))


def test_signing_in_opens_today_with_a_safe_cookie(office: Office) -> None:
    client = _client(office)
    assert client.get("/").headers["location"] == "/login"
    form = client.get("/login")
    answer = client.post("/login", data={"csrf": _token(form.text), "login": "sato",
                                         "password": office.password})
    cookie = answer.headers["set-cookie"]
    assert "psc_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; over HTTPS it is Secure
    today = client.get("/")
    assert today.status_code == 200 and "今日" in today.text and "山田 太郎" in today.text
    https = TestClient(create_app(office.psc), base_url="https://testserver")
    page = https.get("/login")
    assert "Secure" in page.headers["set-cookie"]


def test_a_wrong_password_says_nothing_about_the_login(office: Office) -> None:
    client = _client(office)
    token = _token(client.get("/login").text)
    pages = [client.post("/login", data={"csrf": token, "login": login, "password": "nope"})
             for login in ("sato", "nobody")]
    assert [p.status_code for p in pages] == [401, 401]
    assert pages[0].text.replace("sato", "X") == pages[1].text.replace("nobody", "X")


def test_a_login_is_locked_after_ten_wrong_passwords(office: Office) -> None:
    client = _client(office)
    token = _token(client.get("/login").text)
    with office.psc.ctx.db.write("admin") as tx:  # as if 9 had been tried, waits over
        tx.conn.execute(t.sign_in_throttle.insert().values(
            login="sato", failures=9, locked=False,
            last_failure_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    tenth = client.post("/login", data={"csrf": token, "login": "sato", "password": "no"})
    assert "停止中" in tenth.text
    right = client.post("/login", data={"csrf": token, "login": "sato",
                                        "password": office.password})
    assert right.status_code == 401 and "psc_session" not in right.headers.get("set-cookie", "")
    office.psc.unlock_login("sato")
    assert client.post("/login", data={"csrf": token, "login": "sato",
                                       "password": office.password}).status_code == 303


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    before, head = _records(office), office.psc.audit_head()
    path = f"/cases/{office.case}/records"
    for data, headers in [({"kind": "phone", "summary": "x"}, {}),
                          ({"kind": "phone", "summary": "x", "csrf": "forged"}, {}),
                          ({"kind": "phone", "summary": "x"}, {"X-CSRF-Token": "forged"})]:
        assert client.post(path, data=data, headers=headers).status_code == 403
    assert (_records(office), office.psc.audit_head()) == (before, head)
    login = _client(office)  # the sign-in form too (double-submit cookie)
    login.get("/login")
    assert login.post("/login", data={"login": "sato", "password": office.password}
                      ).status_code == 403
    added = client.post(path, data={"kind": "phone", "summary": "電話で確認", "csrf": token})
    assert added.status_code == 303 and _records(office) == before + 1
    entry = office.psc.audit_log(person_id=office.person, limit=1)[0]
    assert (entry.action, entry.entity, entry.staff) == ("create", "support_records", "sato")
    htmx = client.post(path, data={"kind": "visit", "summary": "来所"},
                       headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert htmx.status_code == 200 and "来所" in htmx.text and "<html" not in htmx.text


def test_sessions_expire_and_end_with_sign_out_or_a_new_password(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    with office.psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.web_sessions.update().values(
            seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)))
    assert client.get("/").headers["location"] == "/login"
    client, token = _signed_in(office, "sato")
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    assert client.get("/").headers["location"] == "/login"
    client, token = _signed_in(office, "sato")
    office.psc.set_password("sato", "a brand new password")
    assert client.get("/").headers["location"] == "/login"
    client, token = _signed_in(office, "yomi")
    office.psc.set_staff_active("yomi", False)
    assert client.get("/").headers["location"] == "/login"


def test_security_headers_on_every_answer(office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    for path in ("/", "/login", "/static/psc.css", "/no/such/page", f"/cases/{office.case}"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"
    assert client.get("/").headers["cache-control"] == "no-store"


def test_not_found_and_not_yours_are_the_same_page(office: Office) -> None:
    client, _ = _signed_in(office, "kato")  # a caseworker of another program
    theirs = client.get(f"/cases/{office.case}")
    missing = client.get("/cases/999999")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.text == missing.text
    assert "山田" not in theirs.text and office.canary not in theirs.text
    person = client.get(f"/people/{office.person}")
    assert person.status_code == 404 and person.text == client.get("/people/999999").text
    assert "山田" not in client.get("/search", params={"q": "やまだ"}).text


def test_read_only_staff_see_withheld_answers_masked(office: Office,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="psccore.web")
    client, _ = _signed_in(office, "yomi")
    seen = [client.get(p).text for p in (f"/cases/{office.case}", "/", "/search?q=山田",
                                         f"/people/{office.person}")]
    assert "閲覧権限がありません" in seen[0] and "山田 太郎" in seen[0]
    assert all(office.canary not in page for page in seen)
    caseworker, _ = _signed_in(office, "sato")
    assert office.canary in caseworker.get(f"/cases/{office.case}").text
    assert office.canary not in caplog.text and "山田" not in caplog.text  # no query strings
    read = [e for e in office.psc.audit_log(person_id=office.person, limit=20)
            if e.staff == "sato" and e.action == "read"]
    assert read, "the caseworker's sensitive read is audited under their login"


def test_search_finds_people_in_any_width_or_spacing(office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    for text in ("山田　太郎", "山田太郎", "やまだたろう", "ﾔﾏﾀﾞ", "ヤマダ　タロウ", "022-111-2233",
                 "0221112233", str(office.case)):
        page = client.get("/search", params={"q": text})
        assert f"/people/{office.person}" in page.text or f"/cases/{office.case}" in page.text, text


def test_the_intake_form_is_generated_and_nothing_is_saved_until_valid(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    person = office.psc.add_person({"name": "新井 花", "kana": "アライ ハナ"}).id
    from psccore.testing import consent_to_collect

    consent_to_collect(office.psc, person or 0, dt.date(2026, 1, 1))
    path = f"/people/{person}/open?program={office.program}"
    form = client.get(path).text
    assert 'type="radio" name="track"' in form and "要配慮" in form
    cases = len(office.psc.list_cases(person_id=person))
    wrong = client.post(path, data={"csrf": token, "track": "reemployment",
                                    "referral_date": "令和8年13月1日"})
    assert wrong.status_code == 400 and "入力が必要です" in wrong.text
    assert 'id="referral_date-error"' in wrong.text or "referral_date" in wrong.text
    assert len(office.psc.list_cases(person_id=person)) == cases
    right = client.post(path, data={"csrf": token, "track": "reemployment",
                                    "referral_department": "外科", "referral_date": "R8.4.1",
                                    "treatment_status": "経過観察"})
    assert right.status_code == 303 and len(office.psc.list_cases(person_id=person)) == cases + 1
    english = client.post("/lang", data={"csrf": token, "lang": "en", "next": path})
    assert english.status_code == 303
    again = client.post(path, data={"csrf": token, "referral_date": "2026-02-30"})
    assert "is required" in again.text and "not a date" in again.text


def test_a_stale_version_is_shown_as_changed_by_someone_else(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    version = office.psc.get_case(office.case).case.version
    office.psc.assign_case(office.case, "admin")  # meanwhile
    stale = client.post(f"/cases/{office.case}/take-over",
                        data={"csrf": token, "version": str(version)})
    assert stale.status_code == 409 and "他の人が変更しました" in stale.text


def test_no_page_shows_a_traceback(office: Office, monkeypatch: pytest.MonkeyPatch,
                                   caplog: pytest.LogCaptureFixture) -> None:
    client, _ = _signed_in(office, "sato")
    from psccore.app import Psc

    def broken(self: Psc, case_id: int) -> None:
        raise RuntimeError(f"select ... [parameters: ({office.canary!r},)]")

    monkeypatch.setattr(Psc, "timeline", broken)
    page = client.get(f"/cases/{office.case}")
    assert page.status_code == 500 and "システムの内部でエラー" in page.text
    assert "Traceback" not in page.text and office.canary not in page.text
    assert "RuntimeError" in caplog.text and office.canary not in caplog.text


def _imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Attribute) and node.attr == "ctx":
            found.append(f"{ast.unparse(node)}")
    return found


def test_the_web_layer_uses_only_the_door() -> None:
    reached = {str(p.relative_to(WEB)): bad for p in sorted(WEB.rglob("*.py"))
               if (bad := [n for n in _imports(p.read_text(encoding="utf-8"))
                           if n.startswith(("psccore.services", "psccore.store"))
                           or n == "psccore.services" or ".ctx" in n])}
    assert reached == {}


def test_web_postgres_smoke(office: Office) -> None:
    """Sign in, find, read the case, add a record, sign out: on both databases."""
    client, token = _signed_in(office, "sato")
    assert f"/people/{office.person}" in client.get("/search", params={"q": "やまだ"}).text
    assert office.canary in client.get(f"/cases/{office.case}").text
    added = client.post(f"/cases/{office.case}/records",
                        data={"csrf": token, "kind": "phone", "summary": "電話"})
    assert added.status_code == 303 and _records(office) == 1
    assert client.post("/logout", data={"csrf": token}).status_code == 303


def test_with_several_offices_the_intake_form_asks_which(office: Office) -> None:
    """An administrator of every office names the office (an error beside the select
    until they do); with one office there is no question."""
    client, token = _signed_in(office, "admin")
    person = office.psc.add_person({"name": "拠点 選子", "kana": "キョテン エラコ"}).id
    path = f"/people/{person}/open?program=household_budget"
    data = {"csrf": token, "monthly_income": "0", "housing": "rented"}
    assert 'name="office"' not in client.get(path).text
    office.psc.add_office(office.psc.organisations()[0].name, {"name": "北拠点"})
    assert 'name="office"' in client.get(path).text
    unnamed = client.post(path, data=data)
    assert unnamed.status_code == 400 and 'id="office-error"' in unnamed.text
    assert office.psc.list_cases(person_id=person) == []
    named = client.post(path, data={**data, "office": "北拠点"})
    assert named.status_code == 303
    [opened] = office.psc.list_cases(person_id=person)
    [north] = [o.id for o in office.psc.offices() if o.name == "北拠点"]
    assert opened.case.office_id == north
