"""The browser's short path, on SQLite and (as its name says, see conftest) on
PostgreSQL too: sign in, find a person by kana, open a case through the generated
intake form, add a support record, see it on Today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from psccore.testing import consent_to_collect

Office = SignIn = Any  # the fixtures of conftest.py


def test_web_postgres_smoke_path(office: Office, page: Any, sign_in: SignIn) -> None:
    from playwright.sync_api import expect

    person = office.psc.add_person({"name": "小野 次郎", "kana": "オノ ジロウ",
                                    "birth_date": "1985-02-03"}).id or 0
    consent_to_collect(office.psc, person, dt.date(2026, 1, 1))
    sign_in("sato", office.password)
    expect(page.get_by_role("heading", name="担当の受付中ケース")).to_be_visible()

    page.goto("/search?q=おの　じろう")  # kana, with a full-width space
    page.get_by_role("link", name="小野 次郎").click()
    page.get_by_role("link", name="ケースを受け付ける").click()
    page.get_by_role("link", name=office.psc.program("household_budget").label.ja).click()
    page.get_by_label("月収", exact=False).fill("80000")
    page.locator("[name=housing]").first.check()  # the first of its choices
    page.get_by_role("button", name="受け付ける").click()
    page.wait_for_url("**/cases/*")
    [opened] = office.psc.list_cases(person_id=person)

    page.get_by_label("内容").fill("電話で来所日を確認。")
    page.get_by_role("button", name="記録する").click()
    expect(page.locator("table.records")).to_contain_text("電話で来所日を確認。")
    assert [r.summary for r in office.psc.list_records(opened.case.id or 0)] == [
        "電話で来所日を確認。"]
    [entry] = [e for e in office.psc.audit_log(person_id=person)
               if e.entity == "support_records" and e.action == "create"]
    assert entry.staff == "sato"  # the web write is the signed-in staff member's

    # the opener is the case's caseworker: named on the case, not offered to take it over
    expect(page.locator("dl.facts")).to_contain_text("佐藤 裕子")
    expect(page.get_by_role("button", name="自分の担当にする")).to_have_count(0)
    page.get_by_role("link", name="今日").click()
    expect(page.get_by_role("link", name=f"#{opened.case.id} 小野 次郎")).to_be_visible()
