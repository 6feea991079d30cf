"""Case work in a real browser: an assessment, a plan drafted with steps from the
support menu, a coordination meeting approving it, its step started, an evaluation,
the closure and the reopening, with screenshots (see ``conftest.shot``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

Office = Shot = SignIn = Any  # the fixtures of conftest.py


def _r(day: dt.date) -> str:
    return f"R{day.year - 2018}.{day.month}.{day.day}"


def test_a_plan_from_draft_to_closure(office: Office, page: Any, shot: Shot,
                                      sign_in: SignIn) -> None:
    from playwright.sync_api import expect

    today = office.psc.today()
    sign_in("sato", office.password)
    page.goto(f"/cases/{office.case}")
    page.get_by_role("link", name="アセスメントを記録").click()
    page.get_by_label("就労自立").check()
    page.get_by_label("住まい: 評価").select_option("2")
    page.get_by_label("住まい: 所見").fill("家賃を2か月滞納")
    page.get_by_label("心身の不調").check()
    shot("assessment")
    page.get_by_role("button", name="記録する").click()
    page.wait_for_url(f"**/cases/{office.case}#assessments")

    page.get_by_role("link", name="プランを作成").click()
    page.get_by_label("長期目標").fill("治療と両立しながら再就職する")
    page.get_by_label("計画期間の開始").fill(_r(today - dt.timedelta(days=7)))
    page.get_by_label("計画期間の終了").fill("令和9年3月31日")
    page.get_by_label("目標 1", exact=True).fill("週3日の通院と両立できる求人を探す")
    page.get_by_label("ステップ 1: 支援メニュー").select_option(label="再就職支援")
    page.get_by_label("ステップ 1: 開始予定日").fill("R8.2.30")  # no such day
    page.get_by_role("button", name="プラン案を保存").click()
    expect(page.locator("#s-0-start-error")).to_contain_text("日付")
    shot("plan-errors")
    assert office.psc.list_plans(office.case) == []  # nothing saved yet
    page.get_by_label("ステップ 1: 開始予定日").fill(_r(today))
    page.get_by_label("ステップ 1: 担当").select_option(label="佐藤 裕子")
    # a program the case is not enrolled in: the plan applies to it
    page.get_by_label("ステップ 2: 支援メニュー").select_option(label="スキルアッププログラム")
    page.get_by_label("ステップ 2: 開始予定日").fill(_r(today + dt.timedelta(days=14)))
    shot("plan")
    page.get_by_role("button", name="プラン案を保存").click()
    page.wait_for_url(f"**/cases/{office.case}#plans")
    expect(page.locator("#plans")).to_contain_text("案")

    page.get_by_role("link", name="支援調整会議を記録").click()
    expect(page.get_by_label("山田 太郎: 決定")).to_have_value("approve")
    page.get_by_label("出席機関（1行に1つ）").fill("ハローワーク仙台\n産業保健総合支援センター")
    shot("meeting")
    page.get_by_role("button", name="会議を記録する").click()
    page.wait_for_url(f"**/cases/{office.case}#plans")
    expect(page.locator("#plans")).to_contain_text("承認済み（実施中）")
    page.get_by_role("button", name="開始").first.click()
    page.wait_for_url(f"**/cases/{office.case}#plans")
    expect(page.locator("table.steps")).to_contain_text("実施中")
    expect(page.locator(".notice")).to_contain_text("就労準備支援")  # enroll before it starts
    shot("case-plan", near="#plans", height=1000)

    page.get_by_role("link", name="評価を記録").click()
    page.get_by_label("一部達成").check()
    page.get_by_label("終結").check()
    page.get_by_label("所見", exact=True).last.fill("就職が決まり、支援を終える")
    shot("evaluation")
    page.get_by_role("button", name="記録する").click()
    page.wait_for_url(f"**/cases/{office.case}#plans")
    expect(page.locator("#plans")).to_contain_text("一部達成")

    page.get_by_role("link", name="終結する").click()
    page.get_by_label("終結理由").select_option(label="就労")
    shot("closure")
    page.get_by_role("button", name="終結する").click()
    page.wait_for_url(f"**/cases/{office.case}")
    expect(page.locator(".facts")).to_contain_text("就労")  # the reason, by its label
    expect(page.get_by_role("link", name="再開する（新しいケース）")).to_be_visible()
    shot("case-closed", height=1200)
    records = page.locator("#records")  # no record form, the way to go on instead
    expect(records.locator("form")).to_have_count(0)
    expect(records.locator(".notice")).to_contain_text("このケースは終結しています")
    timeline = page.locator("ol.timeline")  # steps and consents by their labels, no codes
    expect(timeline).to_contain_text("ステップ開始: ")
    expect(timeline).not_to_contain_text(".reemployment")
    expect(timeline).not_to_contain_text("（-、")
    shot("case-closed-records", near="#records", height=900)
    page.get_by_role("link", name="再開する（新しいケース）").click()
    shot("reopen")
    page.get_by_role("button", name="再開する").click()
    page.wait_for_url("**/cases/*")
    expect(page.get_by_role("link", name="アセスメントを記録")).to_be_visible()  # a new case
    [plan] = office.psc.list_plans(office.case)
    assert plan.plan.status.value == "ended" and plan.evaluations[0].next_action.value == "close"
    assert office.psc.get_case(office.case).case.closure_reason.value == "employment"
