"""In a real browser: a caseworker sets up the TOTP code on their account page and signs
in with a code; an administrator unlocks a locked login from the administration screens
(and sees the office, audit log and verify pages). Screenshots of each page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp

from psccore.store import tables as t

Office = Any
Shot = Any
SignIn = Any


def _later(secret: str) -> str:
    """The next 30 seconds' code (the current one was used up confirming)."""
    return pyotp.TOTP(secret).at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))


def test_totp_set_up_sign_in_with_a_code_and_an_unlock(office: Office, page: Any, shot: Shot,
                                                        sign_in: SignIn) -> None:
    from playwright.sync_api import expect

    sign_in("sato", office.password)
    page.get_by_role("link", name="アカウント").click()
    expect(page.get_by_role("heading", name="アカウント")).to_be_visible()
    shot("account")
    page.get_by_role("button", name="設定を始める").click()
    expect(page.locator(".qr svg")).to_be_visible()
    shot("account-totp")
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("確認コード（6桁）").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="確認して有効にする").click()
    expect(page.locator(".notice")).to_contain_text("確認コードを有効にしました")
    page.get_by_role("button", name="ログアウト").click()

    page.get_by_label("ログイン名").fill("sato")
    page.get_by_label("パスワード").fill(office.password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/login/code")
    shot("login-code")
    page.get_by_label("確認コード（6桁）").fill(_later(secret))
    page.get_by_role("button", name="確認").click()
    page.wait_for_url("**/")
    expect(page.get_by_text("佐藤 裕子（sato）")).to_be_visible()
    page.get_by_role("button", name="ログアウト").click()

    with office.psc.ctx.db.write("admin") as tx:  # kato typed 10 wrong passwords
        tx.conn.execute(t.sign_in_throttle.insert().values(
            login="kato", failures=10, locked=True, last_failure_at=dt.datetime.now(dt.UTC)))
    sign_in("admin", office.password)
    page.get_by_role("link", name="管理").click()
    expect(page.get_by_role("heading", name="管理")).to_be_visible()
    shot("admin-staff")
    page.get_by_role("link", name="kato").click()
    expect(page.locator(".badge.bad")).to_have_text("停止中")
    page.get_by_role("button", name="停止を解除する").click()
    expect(page.locator(".notice")).to_contain_text("停止を解除しました")
    shot("admin-member")
    assert office.psc.login_states() == {}
    assert office.psc.audit_log(staff="admin", limit=1)[0].action == "unlock"
    for path, name in [("/admin/office", "admin-office"), ("/admin/audit", "admin-audit")]:
        page.goto(path)
        shot(name, height=1200)
    page.goto("/admin/verify")
    page.get_by_role("button", name="検証する").click()
    expect(page.locator(".badge.on").first).to_have_text("OK")
    shot("admin-verify")
