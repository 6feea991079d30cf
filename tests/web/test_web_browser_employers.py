"""The employers' screens in a real browser: an employer and an opening added, the
employer moved on the board, the person matched, their consent recorded and the
introduction made, with screenshots (see ``conftest.shot``)."""

from __future__ import annotations

from typing import Any

Office = Shot = SignIn = Any  # the fixtures of conftest.py


def test_from_a_new_employer_to_an_introduction(office: Office, page: Any, shot: Shot,
                                                 sign_in: SignIn) -> None:
    from playwright.sync_api import expect

    office.psc.add_employer({"name": "東北精密株式会社", "kana": "トウホクセイミツ",
                             "industry": "製造", "ward": "泉区", "stage": "agreement"})
    sign_in("sato", office.password)
    page.get_by_role("link", name="求人開拓").click()
    page.get_by_role("link", name="事業所を登録する").click()
    page.get_by_role("button", name="登録する").click()  # nothing filled in
    expect(page.locator("#name-error")).to_be_visible()
    assert office.psc.resolve_employer("みどり").matches == []
    page.get_by_label("事業所名", exact=False).fill("株式会社みどり物流")
    page.get_by_label("フリガナ", exact=False).fill("ミドリブツリュウ")
    page.get_by_label("業種", exact=False).fill("物流")
    page.get_by_label("区・市町村", exact=False).fill("青葉区")
    page.get_by_label("電話番号", exact=False).fill("022-555-0101")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", name="株式会社みどり物流")).to_be_visible()
    employer = office.psc.resolve_employer("株式会社みどり物流").one
    assert employer is not None

    page.get_by_label("訪問日", exact=False).fill("R8.4.3")
    page.get_by_label("初回訪問").check()
    page.get_by_label("記録", exact=True).fill("人事部長と面談。軽作業の求人あり。")
    page.get_by_role("button", name="記録する").click()
    expect(page.locator("table.visits")).to_contain_text("人事部長と面談")
    shot("employer")

    page.get_by_role("link", name="求人を登録する").click()
    page.locator("#f-title").fill("倉庫内軽作業")
    page.locator("#f-duties").fill("検品と梱包")
    page.locator("#f-ward").fill("青葉区")
    page.locator("#f-hours_per_day").fill("6")
    page.locator("#f-min_hours_per_day").fill("4")
    page.locator("#f-days_per_week").fill("4")
    page.get_by_label("時間帯", exact=False).select_option(label="日中")
    page.get_by_label("時給").check()
    page.locator("#f-wage").fill("1050")
    page.get_by_label("短時間勤務可").check()
    page.get_by_label("受付日", exact=False).fill("令和8年4月1日")
    shot("opening-form")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", name="倉庫内軽作業")).to_be_visible()
    [opening] = office.psc.list_openings()

    page.get_by_role("link", name="求人開拓").click()
    card = page.locator(".card", has_text="株式会社みどり物流")
    card.get_by_label("段階を移す").select_option(label="③求人登録・協力事業所契約")
    card.get_by_role("button", name="移す").click()
    expect(page.locator("section.stage", has_text="③求人登録").locator(".card",
           has_text="株式会社みどり物流")).to_be_visible()
    assert office.psc.get_employer(employer.id or 0).employer.stage.value == "agreement"
    _shows_every_option_whole(page.locator(".card .move select").first)
    shot("employers")

    page.goto(f"/cases/{office.case}")
    page.get_by_role("link", name="求人とのマッチング").click()
    page.get_by_role("link", name="希望条件を登録する").click()
    page.locator("#f-duties").fill("軽作業、検品")
    page.locator("#f-areas").fill("青葉区、泉区")
    page.locator("#f-max_hours_per_day").fill("5")
    page.get_by_label("日中").check()
    page.get_by_role("button", name="保存する").click()
    match = page.locator("article.match", has_text="倉庫内軽作業")
    page.goto(f"/openings/{opening.id}")  # the same match, seen from the opening
    expect(page.locator("article.match", has_text="山田 太郎")).to_contain_text("1日6時間")
    shot("opening")
    page.go_back()
    expect(match).to_contain_text("緩和すれば合う")
    expect(match).to_contain_text("希望する仕事「軽作業」に合う")
    shot("matching")

    match.get_by_role("link", name="紹介・情報提供へ").click()
    expect(page.get_by_role("heading", name="提供できません: 有効な同意がありません")).to_be_visible()
    shot("consent-missing")
    page.get_by_role("button", name="同意を記録する").click()  # the form proposes this employer
    expect(page.get_by_role("heading", name="同意は有効です")).to_be_visible()
    page.get_by_role("button", name="紹介票を作成して提供を記録する").click()
    expect(page.locator(".notice")).to_contain_text("提供を記録しました")
    expect(page.locator("main")).to_contain_text("山田 太郎")
    shot("introduction")
    [disclosure] = office.psc.list_disclosures(office.person)
    assert (disclosure.employer_id, disclosure.document) == (employer.id, "introduction_sheet")
    assert opening.employer_id == employer.id


def _shows_every_option_whole(select: Any) -> None:
    """The select is wide enough for its longest option's text in its own font, beside
    its padding and the arrow (no stage name cut off on the board)."""
    room, needed = select.evaluate("""s => {
        const style = getComputedStyle(s);
        const pen = document.createElement("canvas").getContext("2d");
        pen.font = `${style.fontSize} ${style.fontFamily}`;
        const widest = Math.max(...[...s.options].map(o => pen.measureText(o.text).width));
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        return [s.clientWidth, widest + padding + 20];
    }""")
    assert room >= needed, (room, needed)
