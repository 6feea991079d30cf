"""The web app in a real browser (Playwright driving Debian's headless chromium): the
day's path by hand, with screenshots (see ``conftest.shot``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from psccore.testing import consent_to_collect

Office = Shot = SignIn = Any  # the fixtures of conftest.py


def test_the_days_path_by_hand(office: Office, page: Any, shot: Shot,
                                  sign_in: SignIn) -> None:
    from playwright.sync_api import expect

    person = office.psc.add_person({"name": "新井 花子", "kana": "アライ ハナコ",
                                    "birth_date": "1979-09-12"}).id or 0
    consent_to_collect(office.psc, person, dt.date(2026, 1, 1))
    page.goto("/login")
    shot("login")
    sign_in("sato", office.password)
    expect(page.get_by_role("heading", name="担当の受付中ケース")).to_be_visible()
    shot("today")

    page.get_by_role("link", name="検索").click()
    page.get_by_label("氏名・フリガナ・電話番号・ケース番号").fill("あらい　はなこ")  # typed: htmx
    expect(page.get_by_role("link", name="新井 花子")).to_be_visible()
    shot("search")
    page.get_by_role("link", name="新井 花子").click()
    page.get_by_role("link", name="ケースを受け付ける").click()
    page.get_by_role("link", name=office.psc.program(office.program).label.ja).click()

    page.get_by_label("再就職", exact=False).first.check()
    page.get_by_label("紹介日", exact=False).fill("令和8年2月30日")  # no such day
    page.get_by_role("button", name="受け付ける").click()
    expect(page.locator("#referral_date-error")).to_contain_text("日付")
    expect(page.locator(".field.invalid").first).to_be_visible()
    shot("intake-errors")
    assert office.psc.list_cases(person_id=person) == []  # nothing saved yet

    page.get_by_label("紹介日", exact=False).fill("R8.4.1")
    page.get_by_label("紹介元（病院・診療科）", exact=False).fill("腫瘍内科")
    page.get_by_label("治療の状況", exact=False).fill("通院で経過観察")
    page.get_by_role("button", name="受け付ける").click()
    page.wait_for_url("**/cases/*")
    [opened] = office.psc.list_cases(person_id=person)

    page.get_by_label("内容").fill("初回面談。来週もう一度来所の予定。")
    page.get_by_role("button", name="記録する").click()  # htmx: the list is replaced
    expect(page.locator("table.records")).to_contain_text("初回面談")
    assert [r.summary for r in office.psc.list_records(opened.case.id or 0)] == [
        "初回面談。来週もう一度来所の予定。"]
    shot("case")

    page.get_by_role("link", name="今日").click()
    expect(page.get_by_role("link", name=f"#{opened.case.id} 新井 花子")).to_be_visible()


def test_read_only_staff_see_withheld_answers(office: Office, page: Any, shot: Shot,
                                  sign_in: SignIn) -> None:
    from playwright.sync_api import expect

    sign_in("yomi", office.password)
    page.goto(f"/cases/{office.case}")
    expect(page.locator(".withheld").first).to_be_visible()
    assert office.canary not in page.content()
    shot("case-read-only")


def test_the_intake_form_by_keyboard_alone(office: Office, page: Any, shot: Shot,
                                  sign_in: SignIn) -> None:
    """Every input has a label and is reached with Tab; the form is sent with Enter."""
    sign_in("sato", office.password)
    page.goto(f"/people/{office.person}/open?program=household_budget")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        'main input:not([type=hidden]), main select, main textarea')].filter(e =>
        !e.labels.length).map(e => e.name)""")
    assert unlabelled == []
    page.locator("#f-opened_on").focus()
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.name || document.activeElement.tagName"))
    assert {"monthly_income", "housing"} <= reached


def test_an_administrator_exports_a_case_as_a_file(office: Office, page: Any, shot: Shot,
                                                   sign_in: SignIn) -> None:
    """The case page's export button saves the case in the transfer format under a
    Japanese file name, audited as an export under the administrator."""
    import json
    from pathlib import Path

    from playwright.sync_api import expect

    sign_in("admin", office.password)
    page.goto(f"/cases/{office.case}")
    button = page.get_by_role("button", name="ケースを書き出す")
    expect(button).to_be_visible()
    shot("case-export", height=450)
    with page.expect_download() as caught:
        button.click()
    saved = caught.value
    assert saved.suggested_filename.startswith(f"ケース{office.case}_書き出し_")
    document = json.loads(Path(saved.path()).read_text(encoding="utf-8"))
    assert document["person"]["name"] == "山田 太郎"
    assert any(e.entity == "cases" and e.entity_id == office.case
               for e in office.psc.audit_log(staff="admin", limit=50) if e.action == "export")
