"""The employers' screens through HTTP: the pipeline board and its stale moves, the
employer's page (visits, agreements, openings), the new-employer, opening, preferences
and consent forms (valid and invalid: nothing saved until valid), matching with the
explanation, and introducing or referring only under a consent in force."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.web.client import signed_in as _signed_in

Office = Any
OPENING = {"title": "軽作業スタッフ", "duties": "検品と梱包", "ward": "青葉区",
           "hours_per_day": 4, "days_per_week": 3, "time_of_day": "daytime",
           "wage_type": "hourly", "wage": 1000, "opened_on": "2026-04-01"}


def _error_beside(page: str, name: str) -> bool:
    return f'id="{name}-error"' in page


@pytest.fixture
def employer(office: Office) -> int:
    return office.psc.add_employer({"name": "株式会社みどり物流", "kana": "ミドリブツリュウ",
                                    "industry": "物流", "ward": "青葉区"}).id or 0


def test_the_board_shows_employers_by_stage_and_moves_them(office: Office,
                                                           employer: int) -> None:
    client, token = _signed_in(office, "sato")
    board = client.get("/employers")
    assert board.status_code == 200 and "①情報収集" in board.text and "④マッチング" in board.text
    assert "株式会社みどり物流" in board.text and 'href="/employers"' in board.text  # the menu
    version = office.psc.get_employer(employer).employer.version
    moved = client.post(f"/employers/{employer}/stage",
                        data={"csrf": token, "stage": "visit", "version": str(version)})
    assert moved.status_code == 303
    assert office.psc.get_employer(employer).employer.stage.value == "visit"
    history = office.psc.get_employer(employer).history
    assert [h.stage.value for h in history] == ["research", "visit"]


def test_a_long_stage_shows_its_first_cards_and_the_rest_on_asking(office: Office) -> None:
    for n in range(15):
        office.psc.add_employer({"name": f"事業所{n:02d}", "industry": "清掃"})
    client, _ = _signed_in(office, "sato")
    board = client.get("/employers").text
    assert board.count('class="card"') == 12 and "（15）" in board
    assert 'href="/employers?stage=research#stage-research">残り3件を表示' in board
    whole = client.get("/employers?stage=research").text
    assert whole.count('class="card"') == 15 and "残り" not in whole


def test_a_stale_move_is_shown_not_overwritten(office: Office, employer: int) -> None:
    client, token = _signed_in(office, "sato")
    seen = office.psc.get_employer(employer).employer.version
    office.psc.move_employer_stage(employer, "agreement")  # meanwhile, someone else
    stale = client.post(f"/employers/{employer}/stage",
                        data={"csrf": token, "stage": "visit", "version": str(seen)})
    assert stale.status_code == 409 and "他の人が変更しました" in stale.text
    assert "③求人登録・協力事業所契約" in stale.text  # the board as it is now
    detail = office.psc.get_employer(employer)
    assert detail.employer.stage.value == "agreement"
    assert [h.stage.value for h in detail.history] == ["research", "agreement"]


def test_a_move_without_the_csrf_token_changes_nothing(office: Office, employer: int) -> None:
    client, _ = _signed_in(office, "sato")
    head = office.psc.audit_head()
    refused = client.post(f"/employers/{employer}/stage", data={"stage": "visit"})
    assert refused.status_code == 403 and office.psc.audit_head() == head
    assert office.psc.get_employer(employer).employer.stage.value == "research"


def test_the_new_employer_form_saves_nothing_until_valid(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    form = client.get("/employers/new").text
    assert 'name="stage"' in form and "①情報収集" in form and 'value="research"' in form
    wrong = client.post("/employers/new", data={"csrf": token, "kana": "ひらがな",
                                                "phone": "電話", "employees": "many"})
    assert wrong.status_code == 400 and "まだ保存されていません" in wrong.text
    for name in ("name", "phone", "employees"):
        assert _error_beside(wrong.text, name), name
    assert office.psc.list_employers() == []
    right = client.post("/employers/new", data={
        "csrf": token, "name": "有限会社あおば食品", "kana": "アオバショクヒン",
        "industry": "食品製造", "ward": "泉区", "phone": "022-333-4444", "employees": "35",
        "stage": "visit"})
    assert right.status_code == 303
    [added] = office.psc.list_employers()
    assert (added.name, added.stage.value, added.employees) == ("有限会社あおば食品", "visit", 35)
    assert right.headers["location"] == f"/employers/{added.id}"
    entry = office.psc.audit_log(staff="sato", limit=5)
    assert any(e.entity == "employers" and e.action == "create" for e in entry)


def test_visits_and_agreements_on_the_employer_page(office: Office, employer: int) -> None:
    client, token = _signed_in(office, "sato")
    page = client.get(f"/employers/{employer}").text
    assert "訪問記録" in page and "初回訪問" in page and "職業体験実習 受入れ" in page
    path = f"/employers/{employer}"
    wrong = client.post(f"{path}/visits", data={"csrf": token, "on": "令和8年13月1日",
                                                 "purpose": "first_visit"})
    assert wrong.status_code == 400 and _error_beside(wrong.text, "on")
    assert office.psc.get_employer(employer).visits == []
    right = client.post(f"{path}/visits", data={"csrf": token, "on": "R8.4.3",
                                                 "purpose": "first_visit", "notes": "人事部長と面談"})
    assert right.status_code == 303
    [visit] = office.psc.get_employer(employer).visits
    assert (visit.on, visit.purpose.value) == (dt.date(2026, 4, 3), "first_visit")
    assert "人事部長と面談" in client.get(path).text

    backwards = client.post(f"{path}/roles", data={"csrf": token, "role": "internship_host",
                                                    "since": "2026-04-10",
                                                    "until": "令和8年4月1日"})
    assert backwards.status_code == 400 and _error_beside(backwards.text, "until")
    assert office.psc.get_employer(employer).roles == []
    agreed = client.post(f"{path}/roles", data={"csrf": token, "role": "internship_host",
                                                 "since": "2026-04-01"})
    assert agreed.status_code == 303
    [role] = office.psc.get_employer(employer).roles
    assert role.since == dt.date(2026, 4, 1) and role.until is None
    ended = client.post(f"{path}/roles/end", data={"csrf": token, "role": "internship_host"})
    assert ended.status_code == 303
    assert office.psc.get_employer(employer).roles[0].until == office.psc.today()


def test_an_opening_with_its_conditions_then_closed(office: Office, employer: int) -> None:
    client, token = _signed_in(office, "sato")
    path = f"/employers/{employer}/openings/new"
    form = client.get(path).text
    assert "時間帯" in form and "日中" in form and 'name="relaxations"' in form
    wrong = client.post(path, data={"csrf": token, "hours_per_day": "20",
                                    "days_per_week": "3", "time_of_day": "daytime",
                                    "wage_type": "hourly", "wage": "1000"})
    assert wrong.status_code == 400
    for name in ("title", "duties", "hours_per_day"):
        assert _error_beside(wrong.text, name), name
    assert office.psc.list_openings(None) == []
    right = client.post(path, data={
        "csrf": token, "title": "倉庫内軽作業", "duties": "検品・梱包", "ward": "青葉区",
        "hours_per_day": "6", "min_hours_per_day": "4", "days_per_week": "5",
        "time_of_day": "morning", "wage_type": "hourly", "wage": "1050",
        "relaxations": ["short_hours", "fewer_days"], "opened_on": "令和8年4月1日"})
    assert right.status_code == 303, right.text
    [opening] = office.psc.list_openings()
    assert opening.opened_on == dt.date(2026, 4, 1) and opening.min_hours_per_day == 4
    assert {r.value for r in opening.relaxations} == {"short_hours", "fewer_days"}
    page = client.get(f"/openings/{opening.id}").text
    assert "倉庫内軽作業" in page and "短時間勤務可" in page and "午前" in page
    closed = client.post(f"/openings/{opening.id}/status", data={"csrf": token,
                                                                 "status": "closed"})
    assert closed.status_code == 303
    assert office.psc.get_opening(opening.id or 0).status.value == "closed"


def test_preferences_and_matching_with_the_explanation(office: Office, employer: int) -> None:
    client, token = _signed_in(office, "sato")
    opening = office.psc.add_opening({**OPENING, "employer_id": employer})
    path = f"/people/{office.person}/preferences?case={office.case}"
    before = client.get(f"/cases/{office.case}/matching").text
    assert "希望条件がまだ登録されていません" in before
    wrong = client.post(path, data={"csrf": token, "max_days_per_week": "9"})
    assert wrong.status_code == 400 and _error_beside(wrong.text, "max_days_per_week")
    assert office.psc.get_preferences(office.person) is None
    right = client.post(path, data={"csrf": token, "duties": "軽作業、検品", "areas": "青葉区",
                                    "max_hours_per_day": "5", "max_days_per_week": "3",
                                    "times_of_day": ["daytime", "morning"]})
    assert right.status_code == 303
    assert right.headers["location"] == f"/cases/{office.case}/matching"
    wanted = office.psc.get_preferences(office.person)
    assert wanted is not None and wanted.duties == ["軽作業", "検品"]
    again = client.get(path).text
    assert 'value="軽作業、検品"' in again  # shown as typed, for changing
    matching = client.get(f"/cases/{office.case}/matching").text
    assert "軽作業スタッフ" in matching and "希望する仕事「軽作業」に合う" in matching
    assert f"/people/{office.person}/introduce/{employer}?opening={opening.id}" in matching
    ranked = client.get(f"/openings/{opening.id}").text
    assert "山田 太郎" in ranked and "1日4時間（上限5時間）" in ranked
    english = client.post("/lang", data={"csrf": token, "lang": "en",
                                         "next": f"/openings/{opening.id}"})
    assert english.status_code == 303
    assert "4 h a day (limit 5 h)" in client.get(f"/openings/{opening.id}").text


def test_introduce_is_refused_without_consent_and_allowed_with_it(office: Office,
                                                                  employer: int) -> None:
    client, token = _signed_in(office, "sato")
    opening = office.psc.add_opening({**OPENING, "employer_id": employer})
    path = f"/people/{office.person}/introduce/{employer}?opening={opening.id}"
    check = client.get(path).text
    assert "有効な同意がありません" in check and "この事業所への同意は記録されていません" in check
    assert 'name="purpose"' in check  # the consent form, proposing this employer:
    assert re.search(f'name="employer_id" value="{employer}" checked|'
                     f'<option value="{employer}" selected', check)
    refused = client.post(f"/people/{office.person}/introduce/{employer}", data={"csrf": token})
    assert refused.status_code == 409 and "何も提供・記録していません" in refused.text
    assert office.psc.list_disclosures(office.person) == []

    consent = {"csrf": token, "employer": str(employer), "opening": str(opening.id),
               "kind": "provide", "employer_id": str(employer), "purpose": "就職のための紹介",
               "categories": ["basic_profile", "work_history"],
               "valid_from": "R8.4.1", "valid_until": "2026-03-31"}
    wrong = client.post(f"/people/{office.person}/consents", data=consent)
    assert wrong.status_code == 400 and _error_beside(wrong.text, "valid_until")
    assert "有効な同意がありません" in wrong.text  # still on the introduction page
    assert office.psc.list_consents(office.person) == [] or all(
        c.kind.value == "collect" for c in office.psc.list_consents(office.person))
    right = client.post(f"/people/{office.person}/consents",
                        data={**consent, "valid_until": "令和9年3月31日"})
    assert right.status_code == 303 and right.headers["location"] == path
    holds = client.get(path).text
    assert "同意は有効です" in holds and 'value="basic_profile"' in holds
    sheet = client.post(f"/people/{office.person}/introduce/{employer}",
                        data={"csrf": token, "categories": ["basic_profile"]})
    assert sheet.status_code == 200 and "紹介票" in sheet.text and "山田 太郎" in sheet.text
    [disclosure] = office.psc.list_disclosures(office.person)
    assert disclosure.employer_id == employer and disclosure.document == "introduction_sheet"
    assert "basic_profile.name" in disclosure.items
    assert not any(i.startswith("work_history") for i in disclosure.items)
    audit = office.psc.audit_log(person_id=office.person, limit=5)
    assert any(e.action == "disclose" and e.staff == "sato" for e in audit)
    listed = client.get(f"/people/{office.person}/consents").text
    assert "紹介票" in listed and "株式会社みどり物流" in listed


def test_a_referral_needs_a_job_application_and_is_recorded(office: Office,
                                                          employer: int) -> None:
    client, token = _signed_in(office, "sato")
    opening = office.psc.add_opening({**OPENING, "employer_id": employer})
    office.psc.add_consent(office.person, {
        "employer_id": employer, "purpose": "紹介", "categories": ["basic_profile"],
        "valid_from": "2026-01-01", "valid_until": "2027-12-31"})
    path = f"/people/{office.person}/introduce/{employer}?opening={opening.id}"
    assert "有効な求職登録がないため紹介できません" in client.get(path).text
    registered = client.post(f"/people/{office.person}/seeker",
                             data={"csrf": token, "employer": str(employer),
                                   "opening": str(opening.id)})
    assert registered.status_code == 303 and registered.headers["location"] == path
    referred = client.post(f"/people/{office.person}/refer/{opening.id}", data={"csrf": token})
    assert referred.status_code == 200 and "職業紹介" in referred.text
    [referral] = office.psc.list_referrals(person_id=office.person)
    assert referral.opening_id == opening.id
    [disclosure] = office.psc.list_disclosures(office.person)
    assert disclosure.document == "referral"
    again = client.post(f"/people/{office.person}/refer/{opening.id}", data={"csrf": token})
    assert again.status_code == 409 and "すでに" in again.text
    assert len(office.psc.list_disclosures(office.person)) == 1


def test_a_withdrawn_consent_stops_introductions(office: Office, employer: int) -> None:
    client, token = _signed_in(office, "sato")
    consent = office.psc.add_consent(office.person, {
        "employer_id": employer, "purpose": "紹介", "categories": ["basic_profile"],
        "valid_from": "2026-01-01", "valid_until": "2027-12-31"})
    withdrawn = client.post(f"/people/{office.person}/consents/{consent.id}/withdraw",
                            data={"csrf": token})
    assert withdrawn.status_code == 303
    check = client.get(f"/people/{office.person}/introduce/{employer}").text
    assert "撤回されています" in check and "有効な同意がありません" in check
    assert client.post(f"/people/{office.person}/consents/999999/withdraw",
                       data={"csrf": token}).status_code == 404


def test_employers_are_found_by_name(office: Office, employer: int) -> None:
    client, _ = _signed_in(office, "sato")
    for text in ("みどり", "ﾐﾄﾞﾘ", "株式会社みどり物流"):
        assert f'href="/employers/{employer}"' in client.get("/search", params={"q": text}).text


def test_staff_without_a_role_see_no_employers(office: Office, employer: int) -> None:
    office.psc.add_staff("norole", "役割 なし")
    office.psc.set_password("norole", office.password)
    client, token = _signed_in(office, "norole")
    assert 'href="/employers"' not in client.get("/").text
    for path in ("/employers", f"/employers/{employer}", "/employers/new",
                 f"/cases/{office.case}/matching", f"/people/{office.person}/consents",
                 f"/people/{office.person}/introduce/{employer}"):
        page = client.get(path)
        assert page.status_code == 404 and "みどり" not in page.text, path
    moved = client.post(f"/employers/{employer}/stage", data={"csrf": token, "stage": "visit"})
    assert moved.status_code == 404
    assert office.psc.get_employer(employer).employer.stage.value == "research"


def test_another_programs_caseworker_cannot_reach_the_person(office: Office,
                                                             employer: int) -> None:
    client, token = _signed_in(office, "kato")  # employers yes, this person no
    assert client.get(f"/employers/{employer}").status_code == 200
    for path in (f"/people/{office.person}/introduce/{employer}",
                 f"/people/{office.person}/consents", f"/cases/{office.case}/matching"):
        page = client.get(path)
        assert page.status_code == 404 and "山田" not in page.text, path
    refused = client.post(f"/people/{office.person}/introduce/{employer}",
                          data={"csrf": token})
    assert refused.status_code == 404 and office.psc.list_disclosures(office.person) == []


def test_read_only_staff_get_no_forms(office: Office, employer: int) -> None:
    client, token = _signed_in(office, "yomi")
    board = client.get("/employers").text
    assert "株式会社みどり物流" in board and 'action="/employers/' not in board
    assert "訪問を記録する" not in client.get(f"/employers/{employer}").text
    assert client.get("/employers/new").status_code == 404
    assert client.get(f"/employers/{employer}/openings/new").status_code == 404
    refused = client.post("/employers/new", data={"csrf": token, "name": "読取会社"})
    assert refused.status_code == 404 and len(office.psc.list_employers()) == 1
