"""The programs' pages and the JOB card in a real browser: the readiness timetable from
the menu, attendance recorded with the form (a wrong answer first), and a JOB card
completed and written; with screenshots (see ``conftest.shot``)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

Office = Shot = SignIn = Any  # the fixtures of conftest.py


def _last_weekday_before(day: dt.date) -> dt.date:
    from psccore import public_holiday

    day -= dt.timedelta(days=1)
    while day.weekday() >= 5 or public_holiday(day):
        day -= dt.timedelta(days=1)
    return day


def test_timetable_attendance_and_job_card_by_hand(office: Office, page: Any, shot: Shot,
                                                   sign_in: SignIn) -> None:
    from playwright.sync_api import expect

    from psc_readiness.sessions import add_session, roster

    psc = office.psc
    held = _last_weekday_before(psc.today())
    person = psc.add_person({"name": "鈴木 花子", "kana": "スズキ ハナコ",
                             "birth_date": "1990-02-03", "phone": "022-555-0101"})
    example = psc.programs["readiness"].example_intake
    case = psc.open_case(person.id or 0, "readiness",
                         example(random.Random(1)) if example else {},
                         held - dt.timedelta(days=20)).case.id or 0
    session = add_session(psc, {"held_on": held.isoformat(), "half": "am", "activity": "pc"})
    add_session(psc, {"held_on": held.isoformat(), "half": "pm", "activity": "piecework"})

    sign_in("kato", office.password)
    page.get_by_role("link", name="プログラム予定表").click()
    page.goto(f"/programs/readiness/timetable?month={held:%Y-%m}")
    expect(page.locator("table.timetable").first).to_contain_text("PC講座")
    shot("programs-readiness-timetable")

    page.get_by_role("link", name="PC講座").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("出欠の記録")
    page.get_by_label("鈴木 花子").check()
    page.get_by_label("出欠").select_option("absent")  # no reason: refused, nothing saved
    page.get_by_role("button", name="記録する").click()
    expect(page.locator("#reason-error")).to_contain_text("欠席の理由")
    shot("programs-readiness-attendance-errors")
    with psc.acting_as("kato").program_read("readiness") as conn:
        assert roster(conn, session.id or 0) == []
    page.get_by_label("鈴木 花子").check()
    page.get_by_label("出欠").select_option("late")
    page.get_by_label("理由（欠席・遅刻・早退）").select_option("overslept")
    page.get_by_label("遅刻（分）").fill("20")
    page.get_by_role("button", name="記録する").click()
    expect(page.locator("table.program-table")).to_contain_text("遅刻 20分")
    shot("programs-readiness-attendance")

    page.goto(f"/cases/{case}")
    page.get_by_role("link", name="ジョブ・カードを作成する").click()
    expect(page.locator("[id='f-basics.name']")).to_have_value("鈴木 花子")
    page.get_by_label("事業所名").first.fill("株式会社みやぎ物流")
    page.get_by_label("就業期間（開始）").first.fill("令和2年4月1日")
    page.get_by_label("就業期間（終了）").first.fill("2019-03-31")  # before it starts
    page.get_by_label("自己PR").fill("決められた手順を守って丁寧に作業できます。")
    page.get_by_role("button", name="印刷用（.html）で書き出す").click()
    expect(page.locator("[id='work_history.0.ended_on-error']")).to_contain_text("開始日より前")
    shot("jobcard-errors")
    page.get_by_label("就業期間（終了）").first.fill("令和5年3月31日")
    with page.expect_download() as download:
        page.get_by_role("button", name="印刷用（.html）で書き出す").click()
    written = download.value.path().read_text(encoding="utf-8")
    assert "株式会社みやぎ物流" in written and "丁寧に作業できます" in written
    page.goto(f"/cases/{case}/jobcard")
    shot("jobcard")
