"""The administration screens through HTTP: the one 404 for anyone but administrators of
all programs; each action works, is audited, needs the CSRF token and (destructive ones)
a confirmation; deactivation and a new password end the staff member's sessions; the
audit log pages and filters, naming whom a sensitive read was about; verify; and every
staff member's own password change."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from psccore.store import tables as t
from tests.web.client import signed_in as _signed_in

Office = Any
NEW_PASSWORD = "another horse 43"
GETS = ["/admin", "/admin/staff/sato", "/admin/office", "/admin/audit", "/admin/verify",
        "/admin/verify?run=1"]
POSTS = ["/admin/staff", "/admin/staff/sato/grant", "/admin/staff/sato/revoke",
         "/admin/staff/sato/active", "/admin/staff/sato/password", "/admin/staff/sato/unlock",
         "/admin/staff/sato/totp-reset", "/admin/office"]


def _last(office: Office) -> Any:
    return office.psc.audit_log(staff="admin", limit=1)[0]


@pytest.mark.parametrize("login", ["sato", "yomi", "kato"])
def test_no_one_but_administrators_finds_the_pages(office: Office, login: str) -> None:
    client, csrf = _signed_in(office, login)
    assert "/admin" not in client.get("/").text  # no menu entry
    missing = client.get("/cases/999999")  # the one 404 of a signed-in page
    assert missing.status_code == 404
    seq = office.psc.audit_head()[0]
    for path in GETS:
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.text == missing.text, path
    for path in POSTS:
        answer = client.post(path, data={"csrf": csrf, "login": "new.one", "name": "x",
                                         "role": "administrator", "program": "*",
                                         "confirm": "yes", "active": "false",
                                         "new": NEW_PASSWORD, "again": NEW_PASSWORD})
        assert answer.status_code == 404, path
    assert office.psc.audit_head()[0] == seq  # nothing written, not even a refusal
    assert "new.one" not in office.psc.known_logins()
    assert office.psc.acting_as("sato").acting_staff().active


def test_the_staff_list_shows_roles_locks_and_codes(office: Office) -> None:
    with office.psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.sign_in_throttle.insert().values(
            login="kato", failures=10, locked=True, last_failure_at=dt.datetime.now(dt.UTC)))
    client, _ = _signed_in(office, "admin")
    page = client.get("/admin")
    assert page.status_code == 200
    row = re.search(r'<a href="/admin/staff/kato">.*?</tr>', page.text, re.S)
    assert row and "停止中" in row[0] and "就労準備支援事業: 支援員" in row[0]
    assert "管理" in client.get("/").text


def test_adding_staff_with_a_role_and_errors_beside_the_fields(office: Office) -> None:
    client, csrf = _signed_in(office, "admin")
    bad = client.post("/admin/staff", data={"csrf": csrf, "login": "Bad Login", "name": "",
                                            "role": "caseworker", "program": "readiness"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    assert 'value="Bad Login"' in bad.text  # what was typed stays
    assert "Bad Login" not in office.psc.known_logins()
    good = client.post("/admin/staff", data={"csrf": csrf, "login": "suzuki", "name": "鈴木 一郎",
                                             "role": "caseworker", "program": "readiness"})
    assert good.headers["location"] == "/admin/staff/suzuki?done=added"
    detail = next(d for d in office.psc.staff_roles() if d.staff.login == "suzuki")
    assert {k: v.value for k, v in detail.roles.items()} == {"readiness": "caseworker"}
    assert "登録しました" in client.get(good.headers["location"]).text
    assert [e.action for e in office.psc.audit_log(staff="admin", limit=2)] == ["create",
                                                                                "create"]


def test_granting_and_revoking_roles(office: Office) -> None:
    client, csrf = _signed_in(office, "admin")
    client.post("/admin/staff/kato/grant", data={"csrf": csrf, "role": "supervisor",
                                                 "program": "jm_training"})
    roles = lambda: {k: v.value for d in office.psc.staff_roles()  # noqa: E731
                     if d.staff.login == "kato" for k, v in d.roles.items()}
    assert roles() == {"readiness": "caseworker", "jm_training": "supervisor"}
    assert _last(office).entity == "staff_roles"
    client.post("/admin/staff/kato/revoke", data={"csrf": csrf, "program": "readiness"})
    assert roles() == {"jm_training": "supervisor"}
    assert _last(office).action == "delete"
    last_admin = client.post("/admin/staff/admin/revoke", data={"csrf": csrf, "program": "*"})
    assert last_admin.status_code == 400 and "最後の全事業の管理者" in last_admin.text


def test_a_post_without_the_token_changes_nothing(office: Office) -> None:
    client, _ = _signed_in(office, "admin")
    seq = office.psc.audit_head()[0]
    answer = client.post("/admin/staff/sato/active", data={"active": "false", "confirm": "yes"})
    assert answer.status_code == 403 and office.psc.audit_head()[0] == seq


def test_deactivation_asks_to_confirm_and_ends_their_sessions(office: Office) -> None:
    sato, _ = _signed_in(office, "sato")
    client, csrf = _signed_in(office, "admin")
    unconfirmed = client.post("/admin/staff/sato/active", data={"csrf": csrf,
                                                               "active": "false"})
    assert unconfirmed.status_code == 400 and "確認のチェック" in unconfirmed.text
    assert sato.get("/").status_code == 200
    done = client.post("/admin/staff/sato/active", data={"csrf": csrf, "active": "false",
                                                        "confirm": "yes"})
    assert done.headers["location"] == "/admin/staff/sato?done=deactivated"
    with office.psc.ctx.db.reading() as scope:
        assert scope.conn.execute(t.web_sessions.select().where(
            t.web_sessions.c.staff_id == office.psc.staff_id("sato"))).all() == []
    assert sato.get("/").headers["location"] == "/login"
    assert [e.action for e in reversed(
        office.psc.audit_log(staff="admin", limit=2))] == ["update", "sign_out"]
    client.post("/admin/staff/sato/active", data={"csrf": csrf, "active": "true"})
    assert office.psc.acting_as("sato").acting_staff().active


def test_a_new_password_ends_their_sessions(office: Office) -> None:
    sato, _ = _signed_in(office, "sato")
    client, csrf = _signed_in(office, "admin")
    differ = client.post("/admin/staff/sato/password", data={
        "csrf": csrf, "new": NEW_PASSWORD, "again": "something else", "confirm": "yes"})
    assert differ.status_code == 400 and "一致しません" in differ.text
    short = client.post("/admin/staff/sato/password", data={
        "csrf": csrf, "new": "short", "again": "short", "confirm": "yes"})
    assert short.status_code == 400 and "10文字以上" in short.text
    assert sato.get("/").status_code == 200
    done = client.post("/admin/staff/sato/password", data={
        "csrf": csrf, "new": NEW_PASSWORD, "again": NEW_PASSWORD, "confirm": "yes"})
    assert done.status_code == 303
    assert sato.get("/").headers["location"] == "/login"
    assert _last(office).action == "password" and "sessions" in _last(office).fields
    _signed_in(office, "sato", NEW_PASSWORD)


def test_unlocking_a_login(office: Office) -> None:
    with office.psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.sign_in_throttle.insert().values(
            login="sato", failures=10, locked=True, last_failure_at=dt.datetime.now(dt.UTC)))
    client, csrf = _signed_in(office, "admin")
    assert "停止中" in client.get("/admin/staff/sato").text
    done = client.post("/admin/staff/sato/unlock", data={"csrf": csrf})
    assert done.headers["location"] == "/admin/staff/sato?done=unlocked"
    assert _last(office).action == "unlock"
    _signed_in(office, "sato")


def test_office_settings_with_errors_beside_the_fields_and_a_stale_form(office: Office
                                                                        ) -> None:
    client, csrf = _signed_in(office, "admin")
    form = client.get("/admin/office")
    version = re.search(r'name="version" value="(\d+)"', form.text)[1]  # type: ignore[index]
    fields = {"name": "仙台市自立相談支援センター", "population": "1090000",
              "population_on": "2026-04-01", "placement_notice_days": "14",
              "consent_notice_days": "30", "assessment_due_days": "14",
              "plan_due_days": "30", "referral_wait_days": "999",
              "require_totp_for_admins": "false"}
    wrong = client.post("/admin/office", data={"csrf": csrf, "version": version, **fields})
    assert wrong.status_code == 400 and 'value="999"' in wrong.text
    assert re.search(r'invalid.*?referral_wait_days', wrong.text, re.S)
    assert office.psc.office().name is None  # nothing saved
    saved = client.post("/admin/office", data={"csrf": csrf, "version": version,
                                               **fields, "referral_wait_days": "21"})
    assert saved.headers["location"] == "/admin/office?done=office"
    assert office.psc.office().name == "仙台市自立相談支援センター"
    assert office.psc.office().referral_wait_days == 21
    assert _last(office).entity == "office"
    stale = client.post("/admin/office", data={"csrf": csrf, "version": version, **fields})
    assert stale.status_code == 409 and office.psc.office().referral_wait_days == 21


def test_the_audit_log_pages_filters_and_names_whom_a_read_was_about(office: Office
                                                                     ) -> None:
    client, _ = _signed_in(office, "admin")
    yomi, _ = _signed_in(office, "yomi")
    assert yomi.get(f"/cases/{office.case}").status_code == 200  # a refused sensitive read
    page = client.get("/admin/audit?staff=yomi")
    assert page.status_code == 200
    rows = re.findall(r"<tr class=\"sensitive-read\">.*?</tr>", page.text, re.S)
    assert rows and all("山田 太郎" in r for r in rows)
    assert office.canary not in page.text
    assert "<td>sato</td>" not in page.text
    for _ in range(50):  # more than a page
        office.psc.unlock_login("kato")
    first = client.get("/admin/audit")
    assert "さらに古い記録" in first.text  # more than one page
    older = re.search(r'href="(/admin/audit\?[^"]*before=(\d+))"', first.text)
    assert older
    second = client.get(older[1].replace("&amp;", "&"))
    seqs = [int(s) for s in re.findall(r"<tr[^>]*>\s*<td>(\d+)</td>", second.text)]
    assert seqs and max(seqs) < int(older[2])
    future = client.get("/admin/audit?since=2099-01-01")
    assert "該当する記録はありません" in future.text
    bad = client.get("/admin/audit?since=yesterday-ish")
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text


def test_verify_shows_the_result(office: Office) -> None:
    client, _ = _signed_in(office, "admin")
    assert "検証する" in client.get("/admin/verify").text
    clean = client.get("/admin/verify?run=1")
    assert clean.status_code == 200 and clean.text.count(">OK<") == 2
    with office.psc.ctx.db.engine.begin() as conn:  # changed outside psccore
        conn.execute(t.people.update().values(phone="000-0000-0000"))
    broken = client.get("/admin/verify?run=1")
    assert "問題あり" in broken.text and "<td>people</td>" in broken.text


def test_changing_ones_own_password(office: Office) -> None:
    other, _ = _signed_in(office, "sato")
    client, csrf = _signed_in(office, "sato")
    assert "パスワードの変更" in client.get("/account").text
    wrong = client.post("/account/password", data={"csrf": csrf, "current": "not it",
                                                    "new": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert wrong.status_code == 400 and "現在のパスワードが違います" in wrong.text
    assert office.psc.audit_log(staff="sato", limit=1)[0].action == "password_refused"
    done = client.post("/account/password", data={"csrf": csrf, "current": office.password,
                                                   "new": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert done.headers["location"] == "/account?done=password"
    assert client.get("/account").status_code == 200  # this session stays
    assert other.get("/").headers["location"] == "/login"  # the other one ended
    _signed_in(office, "sato", NEW_PASSWORD)
