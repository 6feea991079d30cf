"""What a caseworker meets in a day's work, through HTTP: the case names its caseworker,
today's table keeps dates and names whole, lists in English are separated in English,
the intake asks for the office only among the staff member's own and reports every
wrong answer at once."""

from __future__ import annotations

import re
from typing import Any

from tests.web.client import signed_in as _signed_in

Office = Any


def _facts(page: str) -> str:
    found = re.search(r'<dl class="facts">(.*?)</dl>', page, re.S)
    assert found, page
    return found[1]


def test_the_case_names_its_caseworker_and_offers_take_over_only_to_others(
        office: Office) -> None:
    mine, _ = _signed_in(office, "sato")  # the case's caseworker
    page = mine.get(f"/cases/{office.case}").text
    assert "担当" in _facts(page) and "佐藤 裕子" in _facts(page)
    assert "/take-over" not in page and "自分の担当にする" not in page
    other, _ = _signed_in(office, "admin")
    page = other.get(f"/cases/{office.case}").text
    assert "佐藤 裕子" in _facts(page) and "自分の担当にする" in page


def _section(page: str, start: str) -> str:
    found = re.search(re.escape(start) + r"(.*?)</ul>", page, re.S)
    assert found, page
    return found[1]


def test_lists_are_separated_in_the_page_s_language(office: Office) -> None:
    from psccore.web.forms import show

    client, token = _signed_in(office, "sato")
    japanese = _section(client.get("/").text, '<ul class="cases">')
    assert "がん患者等就労支援、" in japanese
    assert client.post("/lang", data={"csrf": token, "lang": "en",
                                      "next": "/"}).status_code == 303
    for path in ("/", f"/people/{office.person}"):
        english = _section(client.get(path).text, '<ul class="cases">')
        assert "、" not in english and "support, " in english, english
    [spec] = [s for s in office.psc.program("consultation").fields() if s.many][:1]
    some = [c.value for c in spec.choices[:2]]
    assert "、" not in show(spec, some, "en") and ", " in show(spec, some, "en")
    assert "、" in show(spec, some, "ja")


def _new_person(office: Office) -> int:
    import datetime as dt

    from psccore.testing import consent_to_collect

    person = office.psc.add_person({"name": "青葉 花", "kana": "アオバ ハナ",
                                    "birth_date": "1990-01-02"})
    consent_to_collect(office.psc, person.id or 0, dt.date(2026, 1, 1))
    return person.id or 0


def _error_of(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="{name}-error">(.*?)</p>', page, re.S)
    return found[1] if found else ""


def test_the_intake_asks_for_an_office_among_the_staff_member_s_own_only(
        office: Office) -> None:
    office.psc.add_office("法人", {"name": "北拠点"})
    office.psc.add_staff("home.cw", "本所 担当")
    office.psc.grant("home.cw", "caseworker", "*", office="本所")
    office.psc.set_password("home.cw", office.password)
    person = _new_person(office)
    path = f"/people/{person}/open?program={office.program}"
    everywhere, _ = _signed_in(office, "sato")  # a caseworker of every office
    page = everywhere.get(path).text
    assert 'name="office"' in page and "北拠点" in page and "（選んでください）" in page
    assert "（担当の拠点）" not in page
    one, _ = _signed_in(office, "home.cw")  # nothing to choose: 本所 is theirs
    assert 'name="office"' not in one.get(path).text


def test_the_intake_reports_the_date_the_office_and_the_answers_at_once(
        office: Office) -> None:
    office.psc.add_office("法人", {"name": "北拠点"})
    person = _new_person(office)
    client, token = _signed_in(office, "sato")
    path = f"/people/{person}/open?program={office.program}"
    answer = client.post(path, data={"csrf": token, "opened_on": "2099-04-01",
                                     "track": "reemployment",
                                     "referral_date": "2026-02-30"})
    assert answer.status_code == 400
    assert "未来の日付" in _error_of(answer.text, "opened_on")
    assert "拠点" in _error_of(answer.text, "office")
    assert "2026-02-30" in answer.text and "存在しない日付です" in answer.text
    assert office.psc.list_cases(person_id=person) == []


def test_an_unreadable_intake_date_is_reported_with_the_wrong_answers(office: Office) -> None:
    person = _new_person(office)
    client, token = _signed_in(office, "sato")
    answer = client.post(f"/people/{person}/open?program={office.program}",
                         data={"csrf": token, "opened_on": "2026-02-30",
                               "track": "reemployment", "referral_date": "2026-02-30"})
    assert answer.status_code == 400
    assert "存在しない日付です" in _error_of(answer.text, "opened_on")
    assert "存在しない日付です" in _error_of(answer.text, "referral_date")
    assert office.psc.list_cases(person_id=person) == []


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="{name}-error"[^>]*>(.*?)</', page, re.S)
    return found[1] if found else ""


def _people_named(office: Office, kana: str) -> int:
    return len(office.psc.search(kana).people)


def test_a_new_person_is_registered_from_find_with_errors_beside_the_fields(
        office: Office) -> None:
    client, token = _signed_in(office, "sato")
    assert 'href="/people/new"' in client.get("/search?q=アオバ").text
    empty = client.post("/people/new", data={"csrf": token})
    assert empty.status_code == 400 and "入力が必要です" in _field_error(empty.text, "name")
    assert "入力が必要です" in _field_error(empty.text, "kana")
    for day, said in [("2026-02-30", "存在しない日付です"), ("2099-01-01", "未来")]:
        wrong = client.post("/people/new", data={"csrf": token, "name": "青葉 花",
                                                 "kana": "あおば はな", "birth_date": day})
        assert wrong.status_code == 400 and said in _field_error(wrong.text, "birth_date")
        assert 'value="青葉 花"' in wrong.text  # what was typed stays
    assert _people_named(office, "アオバ") == 0  # nothing saved
    made = client.post("/people/new", data={"csrf": token, "name": "青葉 花",
                                            "kana": "あおば はな", "birth_date": "S60.4.1"})
    assert made.status_code == 303 and made.headers["location"].startswith("/people/")
    assert "ケースを受け付ける" in client.get(made.headers["location"]).text


def test_someone_alike_is_shown_before_a_second_registration(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    same = {"csrf": token, "name": "山田 太郎", "kana": "ヤマダ タロウ"}
    alike = client.post("/people/new", data=same)
    assert alike.status_code == 409 and f'href="/people/{office.person}"' in alike.text
    assert _people_named(office, "ヤマダ タロウ") == 1
    other = client.post("/people/new", data={**same, "another_person": "yes"})
    assert other.status_code == 303 and _people_named(office, "ヤマダ タロウ") == 2


def test_staff_who_may_not_write_are_not_offered_a_registration(office: Office) -> None:
    client, _ = _signed_in(office, "yomi")  # read-only
    assert "/people/new" not in client.get("/search?q=山田").text
    assert client.get("/people/new").status_code == 404


def test_the_not_found_page_marks_no_menu_entry_as_the_current_page(office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    missing = client.get("/cases/999999")
    assert missing.status_code == 404 and ">今日</a>" in missing.text
    assert 'aria-current="page"' not in missing.text
    assert 'aria-current="page">今日</a>' in client.get("/").text


def test_a_support_record_s_errors_are_tied_to_their_fields(office: Office) -> None:
    client, token = _signed_in(office, "sato")
    answer = client.post(f"/cases/{office.case}/records",
                         data={"csrf": token, "on": "2026-02-30", "summary": ""},
                         headers={"HX-Request": "true"})
    for name in ("on", "summary"):
        assert f'aria-describedby="r-{name}-error"' in answer.text
        assert f'<p class="error" id="r-{name}-error">' in answer.text
    assert office.psc.list_records(office.case) == []


def test_the_reception_says_which_answers_it_needs_before_it_is_sent(office: Office) -> None:
    office.psc.grant("sato", "caseworker", "consultation")
    client, _ = _signed_in(office, "sato")
    form = client.get(f"/people/{office.person}/open?program=consultation").text
    for name in ("route", "topics"):
        found = re.search(rf'id="{name}-help">(.*?)</p>', form)
        assert found and "必須" in found[1], name


def test_a_persons_cases_in_the_search_say_case_and_whether_it_is_open(
        office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    found = client.get("/search?q=山田").text
    assert f'">ケース{office.case}（支援中）</a>' in found
    client.cookies.set("psc_lang", "en")
    assert f'">case {office.case} (open)</a>' in client.get("/search?q=山田").text


def test_amounts_on_the_case_page_have_their_thousands_separated(office: Office) -> None:
    client, _ = _signed_in(office, "sato")
    page = client.get(f"/cases/{office.case}").text
    assert "50,000" in page and "50000" not in page
