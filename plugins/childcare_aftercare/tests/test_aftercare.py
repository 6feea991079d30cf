"""Consent fitting the age, follow-ups after leaving care (dates by hand), SST, events,
consultations, mailings, every report figure, and the demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from psc_childcare_aftercare import service
from psccore import AgendaQuery, InvalidInput, Psc, ReportPeriod, enrollment_of

CODE = "childcare_aftercare"
OPENED = dt.date(2026, 4, 1)


def young(psc: Psc, age: int, status: str = "in_care", left: str | None = None,
          name: str = "菅原 悠斗", **changes: Any) -> int:
    born = dt.date(OPENED.year - age, OPENED.month, OPENED.day)  # that age on OPENED
    person = psc.add_person({"name": name, "kana": "スガワラ ユウト", "birth_date": born},
                            allow_duplicate=True)
    answers: dict[str, Any] = {
        "status": status, "left_care_on": left, "home_or_foster_family": "児童養護施設 青葉の家",
        "placed_by_city": True, "guardian_contact": "施設長 022-300-1234",
        "consent_given_by": "both"}
    answers.update(changes)
    return psc.open_case(person.id or 0, CODE, answers, opened_on=OPENED).case.id or 0


@pytest.mark.parametrize(("age", "given_by", "ok"), [
    (14, "guardian", True), (14, "self", False), (15, "guardian", False), (15, "both", True),
    (17, "self", False), (17, "both", True), (18, "self", True), (18, "guardian", False),
])
def test_consent_fits_the_age_on_the_intake_date(psc: Psc, age: int, given_by: str,
                                                 ok: bool) -> None:
    if ok:
        young(psc, age, consent_given_by=given_by)
        return
    with pytest.raises(InvalidInput) as caught:
        young(psc, age, consent_given_by=given_by)
    assert [p.path for p in caught.value.problems] == ["$.consent_given_by"]
    assert f"at {age}, consent is given by" in caught.value.text("en")


def test_a_minor_needs_a_guardian_or_home_contact(psc: Psc) -> None:
    with pytest.raises(InvalidInput) as caught:
        young(psc, 17, guardian_contact=None)
    assert [p.path for p in caught.value.problems] == ["$.guardian_contact"]
    young(psc, 18, guardian_contact=None, consent_given_by="self")


def followups(psc: Psc, case_id: int) -> list[tuple[int, str, str | None]]:
    with psc.program_read(CODE) as conn:
        found = service.followups_of(conn, [enrollment_of(conn, case_id, CODE).id or 0])
    return [(f.month, f.due_on.isoformat(), f.done_on and f.done_on.isoformat()) for f in found]


def test_follow_ups_at_1_3_6_and_12_months_after_leaving(psc: Psc,
                                                        psc_cli: Callable[..., Any]) -> None:
    # left on 31 March 2026: month ends carry (30 Apr, 30 Jun), then 30 Sep, 31 Mar 2027
    left = young(psc, 18, "left_care", "2026-03-31", consent_given_by="self")
    assert followups(psc, left) == [(1, "2026-04-30", None), (3, "2026-06-30", None),
                                    (6, "2026-09-30", None), (12, "2027-03-31", None)]
    # taken on a year and a half after leaving: only what is still to come
    later = young(psc, 20, "left_care", "2024-11-15", "阿部 さくら", consent_given_by="self")
    assert followups(psc, later) == []
    # leaving during support schedules them from that day
    in_care = young(psc, 17, name="遠藤 蓮")
    result = psc_cli(CODE, "left-care", str(in_care), "--on", "2026-05-31")
    assert result.exit_code == 0, result.output
    assert [d for _, d, _ in followups(psc, in_care)] == ["2026-06-30", "2026-08-31",
                                                          "2026-11-30", "2027-05-31"]
    again = psc_cli(CODE, "left-care", str(in_care), "--on", "2026-06-01", lang="en")
    assert again.exit_code == 2 and "has already left care" in again.output


def test_follow_ups_are_in_the_agenda_until_done(psc: Psc, psc_cli: Callable[..., Any]) -> None:
    left = young(psc, 18, "left_care", "2026-03-31", consent_given_by="self")
    query = AgendaQuery(today=dt.date(2026, 5, 5), days_ahead=60)
    due = [(i.due_on.isoformat(), i.late) for i in psc.agenda(query)
           if i.kind == "aftercare_followup"]
    assert due == [("2026-04-30", True), ("2026-06-30", False)]
    with psc.program_read(CODE) as conn:
        mine = [enrollment_of(conn, left, CODE).id or 0]
        first = next(f for f in service.followups_of(conn, mine) if f.month == 1)
    done = psc_cli(CODE, "followup-done", str(first.id), "--on", "2026-05-06", "--note",
                   "アルバイトを始めた")
    assert done.exit_code == 0, done.output
    assert [i.due_on.day for i in psc.agenda(query) if i.kind == "aftercare_followup"] == [30]
    assert psc.list_records(left)[-1].summary == "退所後1か月のフォロー: アルバイトを始めた"


def _three_young_people(psc: Psc) -> dict[str, int]:
    """入所 一郎 in care, 退所 二郎 left before the year, 退所予定 三郎 leaves on 30
    September 2026; their sessions, events, consultations, mailings and jobs."""
    in_care = young(psc, 16, name="入所 一郎")
    leaver = young(psc, 19, "left_care", "2026-03-20", "退所 二郎", consent_given_by="self")
    later_leaver = young(psc, 17, name="退所予定 三郎")
    service.left_care(psc, later_leaver, dt.date(2026, 9, 30))
    service.hold_sst(psc, dt.date(2026, 5, 10), "sns", "青葉の家", [in_care, later_leaver])
    service.hold_sst(psc, dt.date(2026, 6, 14), "living_costs", "青葉の家", [in_care])
    service.hold_event(psc, dt.date(2026, 7, 1), "salon", "サロン", [leaver])
    service.hold_event(psc, dt.date(2026, 8, 1), "exchange", "交流会", [leaver, in_care,
                                                                    later_leaver])
    service.consult(psc, leaver, dt.date(2026, 5, 1), "phone", "money", "家賃の相談")
    service.consult(psc, leaver, dt.date(2026, 6, 1), "phone", "work", "仕事の相談")
    service.consult(psc, later_leaver, dt.date(2026, 10, 2), "in_person", "housing", "住まい")
    service.send(psc, dt.date(2026, 7, 15), "newsletter", "通信 第12号", [leaver, later_leaver])
    service.send(psc, dt.date(2026, 7, 20), "information", "就職説明会のお知らせ", [leaver])
    psc.add_employment(leaver, {"employer_name": "物流センター", "start_on": "2026-09-01",
                                "employment_type": "contract"})
    psc.add_employment(in_care, {"employer_name": "アルバイト先", "start_on": "2026-09-01",
                                 "employment_type": "part_time"})  # not a leaver: not counted
    return {"in_care": in_care, "leaver": leaver, "later_leaver": later_leaver}


def test_every_figure_of_the_section(psc: Psc) -> None:
    _three_young_people(psc)
    [section] = psc.report(ReportPeriod.fiscal_year(2026), [CODE])
    assert {r.label.en: r.value for r in section.rows} == {
        "young people in care supported": 1,  # 入所 一郎 (三郎 left during the year)
        "care leavers supported": 2,
        "SST sessions held": 2, "SST attendances": 3,
        "consultations by phone": 2, "consultations in person": 1,
        "consultations by message": 0,
        "leavers' salons held": 1, "leavers' salon attendances": 1,
        "exchange events held": 1, "exchange event attendances": 3,
        "newsletter sent (copies)": 2, "information sent (copies)": 1,
        "leavers who found work": 1}
    [june] = psc.report(ReportPeriod.month(2026, 6), [CODE])
    figures = {r.label.en: r.value for r in june.rows}
    assert figures["young people in care supported"] == 2  # 三郎 still in care in June
    assert figures["SST sessions held"] == 1


HOME, NORTH, ORG = "本所", "北拠点", "法人"
#: events, each counted for the office holding the case that day: they sum
EVENTS = ("SST attendances", "consultations by phone", "consultations in person",
          "consultations by message", "leavers' salon attendances",
          "exchange event attendances", "newsletter sent (copies)",
          "information sent (copies)", "leavers who found work")
HELD = ("SST sessions held", "leavers' salons held", "exchange events held")


def _by_office(psc: Psc, **scope: str) -> dict[str, object]:
    [section] = psc.report(ReportPeriod.fiscal_year(2026), [CODE], **scope)
    return {r.label.en: r.value for r in section.rows}


def test_each_office_counts_what_happened_while_it_held_the_case(psc: Psc) -> None:
    """退所 二郎 moves to 北拠点 on 1 July 2026: his two phone consultations stay with
    本所; the salon that day, the exchange event, his copies and his job go with him.
    Sessions and events held belong to no case: ``-``."""
    cases = _three_young_people(psc)
    psc.add_office(ORG, {"name": NORTH})
    psc.transfer_case(cases["leaver"], NORTH, with_sensitive=False, on=dt.date(2026, 7, 1))
    home, north = _by_office(psc, office=HOME), _by_office(psc, office=NORTH)
    not_a_case = dict.fromkeys(HELD, "-")
    assert home == {"young people in care supported": 1, "care leavers supported": 2,
                    "SST attendances": 3, "consultations by phone": 2,
                    "consultations in person": 1, "consultations by message": 0,
                    "leavers' salon attendances": 0, "exchange event attendances": 2,
                    "newsletter sent (copies)": 1, "information sent (copies)": 0,
                    "leavers who found work": 0, **not_a_case}
    assert north == {"young people in care supported": 0, "care leavers supported": 1,
                     "SST attendances": 0, "consultations by phone": 0,
                     "consultations in person": 0, "consultations by message": 0,
                     "leavers' salon attendances": 1, "exchange event attendances": 1,
                     "newsletter sent (copies)": 1, "information sent (copies)": 1,
                     "leavers who found work": 1, **not_a_case}
    org = _by_office(psc, organisation=ORG)
    assert {k: org[k] for k in EVENTS} == {k: home[k] + north[k] for k in EVENTS}  # type: ignore[operator]
    assert org["care leavers supported"] == 2  # 二郎 once for the organisation
    whole = _by_office(psc)
    assert {k: whole[k] for k in EVENTS} == {k: org[k] for k in EVENTS}
    assert [whole[k] for k in HELD] == [2, 1, 1]


def test_bad_input_is_named(psc: Psc, psc_cli: Callable[..., Any]) -> None:
    case_id = young(psc, 16)
    with pytest.raises(InvalidInput) as caught:
        service.consult(psc, case_id, dt.date(2026, 5, 1), "phone", "gossip", "x")
    assert caught.value.problems[0].path == "$.topic"
    for empty in (lambda: service.send(psc, dt.date(2026, 5, 1), "newsletter", "通信", []),
                  lambda: service.hold_sst(psc, dt.date(2026, 5, 1), "sns", "家", []),
                  lambda: service.hold_event(psc, dt.date(2026, 5, 1), "salon", " ", [case_id])):
        with pytest.raises(InvalidInput):
            empty()
    with pytest.raises(InvalidInput):  # before the case was taken on
        service.hold_sst(psc, dt.date(2026, 3, 1), "sns", "青葉の家", [case_id])
    result = psc_cli(CODE, "sst", "ゲーム", "--on", "2026-05-01", "--place", "x", str(case_id))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_the_demo_has_young_people_in_care_and_leavers(psc: Psc) -> None:
    from psccore.demo import load_demo

    load_demo(psc, today=dt.date(2026, 11, 27), history=False)
    names = {c.person_name for c in psc.list_cases(program=CODE)}
    assert {"菅原 悠斗", "阿部 さくら", "遠藤 蓮"} <= names
    [section] = psc.report(ReportPeriod.fiscal_year(2026), [CODE])
    figures = {r.label.en: r.value for r in section.rows}
    assert figures["SST sessions held"] >= 3 and figures["care leavers supported"] >= 2


def test_export_and_erasure_keep_counts_but_not_the_person(psc: Psc) -> None:
    import json

    from psc_childcare_aftercare.privacy import erase_person

    leaver = young(psc, 19, "left_care", "2026-03-20", "退所 二郎", consent_given_by="self")
    other = young(psc, 20, "left_care", "2026-03-25", "別人 四郎", consent_given_by="self")
    service.send(psc, dt.date(2026, 7, 15), "newsletter", "通信 第12号", [leaver, other])
    with psc.program_read(CODE) as conn:
        mine = [enrollment_of(conn, leaver, CODE).id or 0]
        first = service.followups_of(conn, mine)[0]
    service.complete_followup(psc, first.id or 0, dt.date(2026, 4, 25), "元気そう")
    with psc.program_read(CODE) as conn:
        second = service.followups_of(conn, mine)[1]
    with pytest.raises(InvalidInput):  # not before leaving care
        service.complete_followup(psc, second.id or 0, dt.date(2026, 3, 1))
    person_id = psc.get_case(leaver).person.id or 0
    held = json.dumps(psc.export_person(person_id), ensure_ascii=False, default=str)
    assert "通信 第12号" in held and "元気そう" in held
    with psc.program_write(CODE, person_id=person_id) as tx:
        erase_person(person_id, tx)
    [section] = psc.report(ReportPeriod.fiscal_year(2026), [CODE])
    assert {r.label.en: r.value for r in section.rows}["newsletter sent (copies)"] == 2
    with psc.program_read(CODE) as conn:
        assert service.followups_of(conn, mine)[0].note is None
    later = json.dumps(psc.export_person(psc.get_case(other).person.id or 0),
                       ensure_ascii=False, default=str)
    assert "通信 第12号" in later  # the other recipient keeps theirs
