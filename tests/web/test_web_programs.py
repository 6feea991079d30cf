"""The pages programs add through ``Program.pages()`` and the JOB card form, through HTTP:
each program's page for staff with a role in it and, for staff without one, the same
404 as a page that does not exist, with none of the program's data; attendance recorded
with a form (all or nothing); the JOB card checked by the library's rules, written, and
not written when its records changed since the form was opened."""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.web.client import signed_in as _signed_in

Office = Any
READINESS = "readiness"


def _last_weekday_before(day: dt.date) -> dt.date:
    from psccore import public_holiday

    day -= dt.timedelta(days=1)
    while day.weekday() >= 5 or public_holiday(day):
        day -= dt.timedelta(days=1)
    return day


@pytest.fixture
def readiness(office: Office) -> dict[str, Any]:
    """A readiness participant (鈴木 花子) and a session they may be recorded at."""
    from psc_readiness.sessions import add_session

    psc = office.psc
    code = psc.programs[READINESS]
    today = psc.today()
    held = _last_weekday_before(today)
    person = psc.add_person({"name": "鈴木 花子", "kana": "スズキ ハナコ",
                             "birth_date": "1990-02-03"})
    intake = code.example_intake(random.Random(1)) if code.example_intake else {}
    case = psc.open_case(person.id or 0, READINESS, intake, held - dt.timedelta(days=20))
    session = add_session(psc, {"held_on": held.isoformat(), "half": "am", "activity": "pc"})
    return {"case": case.case.id, "session": session.id, "held": held,
            "month": f"{held.year:04d}-{held.month:02d}"}


def _not_found(client: TestClient, path: str = "/programs/nonesuch/page") -> str:
    answer = client.get(path)
    assert answer.status_code == 404
    return answer.text


def test_the_timetable_is_a_menu_entry_and_a_page_only_for_the_programs_staff(
        office: Office, readiness: dict[str, Any]) -> None:
    kato, _ = _signed_in(office, "kato")
    assert 'href="/programs/readiness/timetable"' in kato.get("/").text
    grid = kato.get(f"/programs/readiness/timetable?month={readiness['month']}")
    assert grid.status_code == 200, grid.text
    timetable = grid.text.split('class="timetable"', 1)[1].split("</table>")[0]
    assert "<td>PC講座</td>" in timetable  # in the grid's morning, in-center skill-up row
    assert f'href="sessions/{readiness["session"]}"' in grid.text
    kato.cookies.set("psc_lang", "en")
    english = kato.get(f"/programs/readiness/timetable?month={readiness['month']}")
    assert english.status_code == 200 and "Timetable" in english.text
    assert "PC course" in english.text and "morning" in english.text.lower()
    kato.cookies.set("psc_lang", "ja")
    sato, _ = _signed_in(office, "sato")
    assert "/programs/readiness" not in sato.get("/").text
    for path in (f"/programs/readiness/timetable?month={readiness['month']}",
                 f"/programs/readiness/sessions/{readiness['session']}"):
        refused = sato.get(path)
        assert refused.status_code == 404
        assert refused.text == _not_found(sato)  # the same page as what does not exist
        assert "鈴木" not in refused.text
    assert kato.get("/programs/readiness/nothing-here").text == _not_found(kato)
    assert kato.get("/programs/readiness/sessions/999999").text == _not_found(kato)


def test_attendance_is_recorded_with_the_form(office: Office,
                                              readiness: dict[str, Any]) -> None:
    from psc_readiness.sessions import roster

    kato, token = _signed_in(office, "kato")
    path = f"/programs/readiness/sessions/{readiness['session']}"
    shown = kato.get(path)
    assert shown.status_code == 200 and "鈴木 花子" in shown.text
    assert 'for="f-presence"' in shown.text and 'for="f-reason"' in shown.text
    wrong = kato.post(path, data={"csrf": token, "case": str(readiness["case"]),
                                  "presence": "absent", "minutes_late": "十"})
    assert wrong.status_code == 400
    assert 'id="minutes_late-error"' in wrong.text and "数字で入力してください" in wrong.text
    nobody = kato.post(path, data={"csrf": token, "presence": "present"})
    assert nobody.status_code == 400 and 'id="case-error"' in nobody.text
    absent = kato.post(path, data={"csrf": token, "case": str(readiness["case"]),
                                   "presence": "absent"})
    assert absent.status_code == 400 and 'id="reason-error"' in absent.text
    assert "欠席の理由を選んでください" in absent.text
    forged = kato.post(path, data={"case": str(readiness["case"]), "presence": "present"})
    assert forged.status_code == 403  # no CSRF token: refused like every other form
    with office.psc.acting_as("kato").program_read(READINESS) as conn:
        assert roster(conn, readiness["session"]) == []  # nothing saved by a wrong form
    done = kato.post(path, data={"csrf": token, "case": str(readiness["case"]),
                                 "presence": "late", "reason": "overslept",
                                 "minutes_late": "15"})
    assert done.status_code == 303 and done.headers["location"] == path
    page = kato.get(path).text
    assert "遅刻 15分" in page and "寝坊" in page
    sato, sato_token = _signed_in(office, "sato")
    refused = sato.post(path, data={"csrf": sato_token, "case": str(readiness["case"]),
                                    "presence": "absent", "reason": "family"})
    assert refused.status_code == 404
    with office.psc.acting_as("kato").program_read(READINESS) as conn:
        [(_, record)] = roster(conn, readiness["session"])
    assert record.presence.value == "late"  # not changed by staff without the role


@pytest.mark.parametrize(("program", "path", "allowed", "refused"), [
    ("jm_training", "/programs/jm_training/milestones", "admin", "kato"),
    ("childcare_aftercare", "/programs/childcare_aftercare/events", "admin", "sato"),
    ("cancer_reemployment", "/programs/cancer_reemployment/participants", "sato", "kato"),
])
def test_each_programs_page_for_its_staff_only(office: Office, program: str, path: str,
                                               allowed: str, refused: str) -> None:
    if program not in office.psc.programs:
        pytest.skip(f"{program} is not installed")
    client, _ = _signed_in(office, allowed)
    assert f'href="{path}"' in client.get("/").text
    shown = client.get(path)
    assert shown.status_code == 200, shown.text
    assert office.psc.programs[program].label.ja in shown.text
    other, _ = _signed_in(office, refused)
    assert f'href="{path}"' not in other.get("/").text
    answer = other.get(path)
    assert answer.status_code == 404 and answer.text == _not_found(other)


def test_cancer_participants_only_to_who_may_read_the_programs_health_data(
        office: Office) -> None:
    """Taking part in cancer support is itself health data: its caseworker sees the
    treatment status; read-only staff of the program (who may not read sensitive data)
    are not shown the page, its menu entry, a name or the treatment."""
    path = "/programs/cancer_reemployment/participants"
    sato, _ = _signed_in(office, "sato")
    page = sato.get(path).text
    assert "山田 太郎" in page and office.canary in page
    yomi, _ = _signed_in(office, "yomi")
    assert path not in yomi.get("/").text
    refused = yomi.get(path)
    assert refused.status_code == 404 and refused.text == _not_found(yomi)
    assert "山田" not in refused.text and office.canary not in refused.text


def _card_form(client: TestClient, office: Office) -> dict[str, str]:
    shown = client.get(f"/cases/{office.case}/jobcard")
    assert shown.status_code == 200, shown.text
    values = dict(re.findall(r'<input id="f-[^"]+" name="([^"]+)" value="([^"]*)"', shown.text))
    values.update(re.findall(r'name="(csrf|filled)" value="([^"]*)"', shown.text))
    return values


def test_the_job_card_is_edited_in_a_form_and_written(office: Office) -> None:
    sato, _ = _signed_in(office, "sato")
    form = _card_form(sato, office)
    assert form["basics.name"] == "山田 太郎" and form["basics.birth_date"] == "1980-05-06"
    wrong = sato.post(f"/cases/{office.case}/jobcard", data={
        **form, "work_history.0.employer_name": "株式会社テスト",
        "work_history.0.started_on": "2020-04-01", "work_history.0.ended_on": "2019-03-31",
        "basics.name": "", "format": "html"})
    assert wrong.status_code == 400
    assert 'id="basics.name-error"' in wrong.text
    assert 'id="work_history.0.ended_on-error"' in wrong.text and "終了日が開始日より前" in wrong.text
    assert 'value="株式会社テスト"' in wrong.text  # what was typed is kept
    written = sato.post(f"/cases/{office.case}/jobcard", data={
        **form, "work_history.0.employer_name": "株式会社テスト",
        "work_history.0.started_on": "令和2年4月1日", "licences.0.name": "普通自動車免許",
        "career_plan.self_pr": "こつこつ取り組めます", "format": "html"})
    assert written.status_code == 200, written.text
    assert written.headers["content-disposition"] == 'attachment; filename="jobcard.html"'
    for text in ("山田 太郎", "株式会社テスト", "普通自動車免許", "こつこつ取り組めます"):
        assert text in written.text
    book = sato.post(f"/cases/{office.case}/jobcard", data={**form, "format": "xlsx"})
    assert book.status_code == 200 and book.content[:2] == b"PK"  # a zip: the workbook


def test_a_job_card_whose_records_changed_is_shown_not_written(office: Office) -> None:
    sato, _ = _signed_in(office, "sato")
    form = _card_form(sato, office)
    office.psc.add_work_history(office.person, {"employer_name": "東北物産",
                                                "started_on": "2015-04-01"})
    stale = sato.post(f"/cases/{office.case}/jobcard", data={
        **form, "career_plan.self_pr": "書きかけの自己PR", "format": "html"})
    assert stale.status_code == 409 and "他の人が変更しました" in stale.text
    assert "書きかけの自己PR" in stale.text  # kept, not lost, and not written
    assert "content-disposition" not in stale.headers
    again = dict(form, filled=re.findall(r'name="filled" value="([^"]*)"', stale.text)[0])
    assert sato.post(f"/cases/{office.case}/jobcard",
                     data={**again, "format": "html"}).status_code == 200


def test_the_job_card_of_a_case_one_may_not_see_is_not_found(office: Office) -> None:
    kato, token = _signed_in(office, "kato")
    assert kato.get(f"/cases/{office.case}/jobcard").text == _not_found(
        kato, "/cases/999999/jobcard")
    answer = kato.post(f"/cases/{office.case}/jobcard", data={"csrf": token,
                                                              "basics.name": "x"})
    assert answer.status_code == 404 and "山田" not in answer.text


def test_a_page_of_the_contract_is_checked_when_made() -> None:
    from psccore import Label, PageContent, ProgramPage

    def handler(_: object) -> PageContent:
        return PageContent(title="x")

    title = Label("行事", "Events")
    for path in ("Events", "/events", "events/", "events/{id:str}", "a b"):
        with pytest.raises(ValueError, match="path"):
            ProgramPage(path=path, title=title, handler=handler)
    with pytest.raises(ValueError, match="no menu entry"):
        ProgramPage(path="events/{event_id:int}", title=title, handler=handler, menu=True)
    assert ProgramPage(path="events/{event_id:int}/people", title=title, handler=handler)


def test_the_conformance_suite_refuses_a_page_titled_in_one_language() -> None:
    from psccore import Label, PageContent, ProgramPage
    from psccore.testing import bilingual

    page = ProgramPage(path="events", title=Label("行事", "行事"),
                       handler=lambda _: PageContent(title="x"))
    with pytest.raises(AssertionError, match="not English"):
        bilingual(page.title, f"page {page.path}")
