"""The proof that core's privacy machinery holds for a real medical program: consent to
collect before any medical answer, medical fields kept from staff without the right
role (library and CLI, each attempt audited), canaries never in the database file;
and the program's support: referrals, follow-ups, a phased return, the accommodation
summary for an employer, the report section and the demo."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from psc_cancer_reemployment import service
from psccore import AgendaQuery, InvalidInput, Psc, PscError, ReportPeriod, fiscal_year, unstructure
from psccore.testing import consent_to_collect

CODE = "cancer_reemployment"
START = dt.date(2026, 4, 1)
TODAY = dt.date(2026, 11, 27)
MEDICAL = ("referral_department", "treatment_status", "treatment_outlook", "hours_needed",
           "rest_needed", "commuting_needs", "tasks_to_avoid", "hospital_visits")


def intake(track: str = "return_to_work", **changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "track": track, "referral_department": "仙台市立病院 乳腺外科", "referral_date": START,
        "treatment_status": "手術後、ホルモン療法を継続中", "treatment_outlook": "半年で一段落",
        "expected_treatment_end": "2026-09-30", "hours_needed": "1日6時間まで",
        "rest_needed": "午後に15分", "commuting_needs": "時差出勤", "tasks_to_avoid": "重い物",
        "hospital_visits": "月1回（平日午前）",
        "current_employer": None if track == "reemployment" else "東北フーズ株式会社",
        "leave_status": None if track == "reemployment" else "on_leave"}
    answers.update(changes)
    return answers


def person(psc: Psc, name: str = "山田 花子", consent: bool = True) -> int:
    found = psc.add_person({"name": name, "kana": "ヤマダ ハナコ", "birth_date": "1975-01-01"},
                           allow_duplicate=True)
    if consent:
        consent_to_collect(psc, found.id or 0, START - dt.timedelta(days=3))
    return found.id or 0


def case(psc: Psc, track: str = "return_to_work", name: str = "山田 花子", **changes: Any) -> int:
    return psc.open_case(person(psc, name), CODE, intake(track, **changes),
                         opened_on=START).case.id or 0


def test_medical_answers_need_the_consent_to_collect_first(
        psc: Psc, psc_cli: Callable[..., Any]) -> None:
    someone = person(psc, consent=False)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(someone, CODE, intake(), opened_on=START)
    assert caught.value.problems[0].path == "$.referral_department"
    assert "needs the person's consent to collect it" in caught.value.text("en")
    assert psc.list_cases() == []
    # without medical answers there is nothing to consent to
    bare = {k: v for k, v in intake("reemployment").items()
            if k not in (*MEDICAL, "expected_treatment_end")}
    with pytest.raises(InvalidInput):  # treatment status is required, so: consent first
        psc.open_case(someone, CODE, bare, opened_on=START)
    result = psc_cli("consent", "add", str(someone), "--collect", "--category", "health",
                     "--purpose", "治療状況の把握", "--from", "2026-03-29", "--until", "2099-03-31")
    assert result.exit_code == 0, result.output
    psc.open_case(someone, CODE, intake(), opened_on=START)
    later = person(psc, "佐藤 一郎", consent=False)
    psc_cli("consent", "add", str(later), "--collect", "--category", "health", "--purpose",
            "治療状況の把握", "--from", "2026-03-29", "--until", "2099-03-31")
    [consent] = psc.list_consents(later)
    psc.withdraw_consent(consent.id or 0, dt.date(2026, 4, 10))
    with pytest.raises(InvalidInput):  # withdrawn before the day: no longer in force
        psc.open_case(later, CODE, intake(), opened_on=dt.date(2026, 4, 12))


def test_a_collect_consent_names_no_recipient_and_covers_health(psc: Psc) -> None:
    someone = person(psc, consent=False)
    with pytest.raises(InvalidInput) as caught:
        psc.add_consent(someone, {"kind": "collect", "categories": ["basic_profile"],
                                  "employer_id": 1, "purpose": "x", "valid_from": START,
                                  "valid_until": TODAY})
    assert {p.path for p in caught.value.problems} == {"$.employer_id", "$.categories"}


def test_medical_fields_are_kept_from_staff_without_the_right_role_and_audited(
        psc: Psc, psc_cli: Callable[..., Any]) -> None:
    case_id = case(psc)
    service.follow_up(psc, case_id, {"on": "2026-05-01", "work_status": "on_leave",
                                     "note": "副作用で倦怠感あり"}, today=TODAY)
    psc.add_staff("ono.a", "小野 亜希")
    psc.grant("ono.a", "read_only", CODE)  # this program's staff, without sensitive reading
    reader = psc.acting_as("ono.a")
    detail = reader.get_case(case_id)
    assert detail.enrollments == []  # taking part in it is itself health data
    shown = psc_cli("case", "show", str(case_id), staff="ono.a", lang="en")
    assert shown.exit_code == 0 and "ホルモン療法" not in shown.output
    assert "副作用" not in psc_cli(CODE, "followups", str(case_id), staff="ono.a").output
    withheld = [e for e in psc.audit_log(staff="ono.a") if e.action == "refuse"]
    assert len(withheld) >= 2 and all(e.entity == "enrollments" for e in withheld)
    assert ["participation"] in [e.fields for e in withheld]
    read_notes = [e for e in psc.audit_log() if e.action == "read"
                  and e.entity == "cancer_reemployment_followups"]
    assert read_notes == []  # the withheld note was never opened
    # no role at all: refused outright, and audited
    psc.add_staff("kato.m", "加藤 誠")
    with pytest.raises(PscError):
        psc.acting_as("kato.m").get_case(case_id)
    denied = psc_cli(CODE, "followups", str(case_id), staff="kato.m")
    assert denied.exit_code != 0 and "副作用" not in denied.output
    assert [e.action for e in psc.audit_log(staff="kato.m")].count("refuse") == 2
    others = sorted(set(psc.programs) - {CODE})
    if others:  # staff of another program, even a caseworker, see nothing of it
        psc.grant("kato.m", "caseworker", others[0])
        with pytest.raises(PscError):
            psc.acting_as("kato.m").get_case(case_id)
    # the caseworker of this program reads them, and the reading is audited
    psc.grant("ono.a", "caseworker", CODE)
    notes = psc.acting_as("ono.a")
    assert notes.get_case(case_id).enrollments[0].intake["treatment_status"] == \
        "手術後、ホルモン療法を継続中"
    assert service.followups(notes, case_id)[0].note == "副作用で倦怠感あり"
    assert any(e.entity == "cancer_reemployment_followups" and e.fields == ["note"]
               for e in psc.audit_log(staff="ono.a") if e.action == "read")


def test_canaries_never_reach_the_database_file(psc: Psc) -> None:
    file = psc.ctx.db.sqlite_file
    if file is None:
        pytest.skip("the raw file is SQLite's")
    canaries = {f"{name}": f"CANARY-{i:02d}-cancer" for i, name in enumerate(MEDICAL)}
    case_id = case(psc, **canaries)
    service.follow_up(psc, case_id, {"on": "2026-05-01", "work_status": "on_leave",
                                     "note": "CANARY-NOTE-cancer"}, today=TODAY)
    referral = service.refer(psc, case_id, "hospital_center", dt.date(2026, 5, 2),
                             "CANARY-PURPOSE-cancer", today=TODAY)
    service.record_outcome(psc, referral.id or 0, "resolved", dt.date(2026, 5, 9),
                           "CANARY-OUTCOME-cancer", today=TODAY)
    values = [*canaries.values(), "CANARY-NOTE-cancer", "CANARY-PURPOSE-cancer",
              "CANARY-OUTCOME-cancer"]
    raw = b"".join(p.read_bytes() for p in (file, Path(f"{file}-wal")) if p.exists())
    assert [v for v in values if v.encode() in raw] == []
    shown = json.dumps([psc.get_case(case_id).enrollments[0].intake,
                        [f.note for f in service.followups(psc, case_id)],
                        [(r.purpose, r.outcome_note) for r in service.referrals(psc, case_id)]],
                       ensure_ascii=False)
    assert all(v in shown for v in values)  # and yet they read back for those allowed
    assert not any(v in json.dumps([e.fields for e in psc.audit_log(limit=1000)])
                   for v in values)


def test_the_accommodation_summary_holds_only_what_was_consented(
        psc: Psc, psc_cli: Callable[..., Any]) -> None:
    case_id = case(psc)
    person_id = psc.get_case(case_id).person.id or 0
    employer = psc.add_employer({"name": "東北フーズ株式会社"}).id or 0
    psc.add_consent(person_id, {"employer_id": employer, "categories": ["basic_profile"],
                                "purpose": "職場復帰の調整", "valid_from": START,
                                "valid_until": TODAY})
    basic = psc_cli(CODE, "summary", str(person_id), "--employer", str(employer),
                    "--on", "2026-06-01")
    assert basic.exit_code == 0, basic.output
    assert "1日6時間まで" not in basic.output and "健康状態を含む提供の同意がない" in basic.output
    psc.add_consent(person_id, {"employer_id": employer, "categories": ["basic_profile", "health"],
                                "purpose": "職場復帰の調整", "valid_from": "2026-06-02",
                                "valid_until": TODAY})
    full = psc_cli(CODE, "summary", str(person_id), "--employer", str(employer),
                   "--date", "2026-06-03")  # entered afterwards, dated that day
    assert full.exit_code == 0, full.output
    assert "勤務時間の配慮: 1日6時間まで" in full.output and "通院の予定: 月1回（平日午前）" in full.output
    assert "ホルモン療法" not in full.output  # treatment itself is not for the employer
    disclosures = psc.list_disclosures(person_id)
    assert len(disclosures) == 2
    assert disclosures[1].on.isoformat() == "2026-06-03"
    assert "health.cancer_reemployment.accommodation.hours_needed" in disclosures[1].items
    assert not any("accommodation" in i for i in disclosures[0].items)


def test_a_phased_return_needs_consent_for_the_employer_meeting(psc: Psc) -> None:
    case_id = case(psc)
    person_id = psc.get_case(case_id).person.id or 0
    plan = {"return_on": "2026-07-01", "meeting_on": "2026-06-15",
            "phases": [{"starts_on": "2026-07-01", "hours_per_day": 4, "days_per_week": 3},
                       {"starts_on": "2026-08-01", "hours_per_day": 6, "days_per_week": 5}]}
    with pytest.raises(InvalidInput) as caught:
        service.plan_return(psc, case_id, plan)
    assert caught.value.problems[0].path == "$.consent_id"
    employer = psc.add_employer({"name": "東北フーズ株式会社"}).id or 0
    consent = psc.add_consent(person_id, {"employer_id": employer, "categories": ["health"],
                                          "purpose": "復職面談", "valid_from": "2026-06-01",
                                          "valid_until": "2026-12-31"})
    with pytest.raises(InvalidInput) as order:
        service.plan_return(psc, case_id, {**plan, "consent_id": consent.id,
                                           "phases": list(reversed(plan["phases"]))})
    assert order.value.problems[0].path == "$.phases"
    service.plan_return(psc, case_id, {**plan, "consent_id": consent.id})
    items = [i for i in psc.agenda(AgendaQuery(today=dt.date(2026, 7, 25), days_ahead=10))
             if i.kind == "cancer_phase"]
    assert [(i.due_on, "6") for i in items] == [(dt.date(2026, 8, 1), "6")]
    keeping = case(psc, "keep_working", "鈴木 一郎")
    with pytest.raises(InvalidInput):  # a return plan is for return-to-work support
        service.plan_return(psc, keeping, {**plan, "meeting_on": None})


def test_referrals_and_follow_ups_with_the_next_in_the_agenda(
        psc: Psc, psc_cli: Callable[..., Any]) -> None:
    case_id = case(psc, "keep_working")
    result = psc_cli(CODE, "refer", str(case_id), "社会保険労務士", "--on", "2026-04-10",
                     "--purpose", "傷病手当金の相談")
    assert result.exit_code == 0, result.output
    assert psc_cli(CODE, "referral-outcome", "1", "resolved", "--on", "2026-04-20").exit_code == 0
    listing = psc_cli(CODE, "referrals", str(case_id)).output
    assert "傷病手当金の相談" in listing and "解決" in listing
    followed = psc_cli(CODE, "followup", str(case_id), "reduced", "--on", "2026-05-01",
                       "--next", "2026-06-01", "--by", "phone")
    assert followed.exit_code == 0, followed.output
    assert psc.list_records(case_id)[-1].kind.value == "phone"  # a contact, no medical note
    due = [i for i in psc.agenda(AgendaQuery(today=dt.date(2026, 6, 3)))
           if i.kind == "cancer_followup"]
    assert [(i.due_on, i.late, i.case_id) for i in due] == [(dt.date(2026, 6, 1), True, case_id)]
    bad = psc_cli(CODE, "followup", str(case_id), "reduced", "--on", "2026-05-02",
                  "--next", "2026-05-01", lang="en")
    assert bad.exit_code == 2 and "must come after this one" in bad.output


def _three_people(psc: Psc) -> dict[str, int]:
    """再就職 一郎 finds work (twice), 復職 二郎 returns on 7 May 2026 and is working on 10
    November, 継続 三郎 is followed up on 1 September and 1 November."""
    jobless = case(psc, "reemployment", "再就職 一郎")
    back = case(psc, "return_to_work", "復職 二郎")
    keeping = case(psc, "keep_working", "継続 三郎")
    psc.add_employment(jobless, {"employer_name": "事務センター", "start_on": "2026-05-01",
                                 "employment_type": "part_time"})
    psc.add_employment(jobless, {"employer_name": "前の会社", "start_on": "2026-04-01",
                                 "employment_type": "part_time"})  # same person: counted once
    service.plan_return(psc, back, {"return_on": "2026-05-07"})
    service.follow_up(psc, back, {"on": "2026-11-10", "work_status": "working"}, today=TODAY)
    service.follow_up(psc, keeping, {"on": "2026-09-01", "work_status": "reduced"}, today=TODAY)
    service.follow_up(psc, keeping, {"on": "2026-11-01", "work_status": "reduced"}, today=TODAY)
    return {"jobless": jobless, "back": back, "keeping": keeping}


def test_the_section_counts_tracks_returns_jobs_and_six_months(psc: Psc) -> None:
    _three_people(psc)
    [section] = psc.report(ReportPeriod.fiscal_year(2026), [CODE])
    figures = {r.label.en: r.value for r in section.rows}
    assert figures == {
        "people: re-employment": 1, "people: return to work": 1, "people: keeping work": 1,
        "returned to work": 1, "found new work": 1,
        # 二郎: working on 10 Nov, six months after 7 May; 三郎: 1 Nov is seven months
        # after support began on 1 Apr (1 Sep was too early)
        "still working six months on": 2, "referrals to experts": 0}
    text = json.dumps([r.value for r in section.rows])
    assert "ホルモン" not in text


HOME, NORTH, ORG = "本所", "北拠点", "法人"
PEOPLE = ("people: re-employment", "people: return to work", "people: keeping work")
#: events, each counted for the office holding the case that day: they sum
EVENTS = ("returned to work", "found new work", "still working six months on",
          "referrals to experts")


def _by_office(psc: Psc, **scope: str) -> dict[str, object]:
    [section] = psc.report(ReportPeriod.fiscal_year(2026), [CODE], **scope)
    return {r.label.en: r.value for r in section.rows}


def test_each_office_counts_what_happened_while_it_held_the_case(psc: Psc) -> None:
    """二郎 moves to 北拠点 on 1 August 2026, after his return (本所's) and before his
    referral on 1 September and his six-month follow-up (北拠点's)."""
    cases = _three_people(psc)
    psc.add_office(ORG, {"name": NORTH})
    psc.transfer_case(cases["back"], NORTH, with_sensitive=True, on=dt.date(2026, 8, 1))
    service.refer(psc, cases["back"], "社会保険労務士", dt.date(2026, 9, 1), "手当の相談",
                  today=TODAY)
    home, north = _by_office(psc, office=HOME), _by_office(psc, office=NORTH)
    assert home == {"people: re-employment": 1, "people: return to work": 1,
                    "people: keeping work": 1, "returned to work": 1, "found new work": 1,
                    "still working six months on": 1, "referrals to experts": 0}
    assert north == {"people: re-employment": 0, "people: return to work": 1,
                     "people: keeping work": 0, "returned to work": 0, "found new work": 0,
                     "still working six months on": 1, "referrals to experts": 1}
    org = _by_office(psc, organisation=ORG)
    assert {k: org[k] for k in EVENTS} == {k: home[k] + north[k] for k in EVENTS}  # type: ignore[operator]
    assert [org[k] for k in PEOPLE] == [1, 1, 1]  # 二郎 once for the organisation
    assert org == _by_office(psc)  # one organisation: the whole installation's


def test_the_demo_has_people_on_all_three_tracks(psc: Psc) -> None:
    from psccore.demo import load_demo

    load_demo(psc, today=TODAY, history=False)
    named = {c.person_name: service.track_of_case(psc, c.case.id or 0)
             for c in psc.list_cases(program=CODE)}
    assert {named["高橋 恵子"], named["佐々木 誠"], named["小野寺 明美"]} == {
        "reemployment", "return_to_work", "keep_working"}


def test_readers_without_sensitive_rights_do_not_learn_who_takes_part(
        psc: Psc, psc_cli: Callable[..., Any]) -> None:
    case_id = case(psc)
    service.follow_up(psc, case_id, {"on": "2026-05-01", "work_status": "on_leave",
                                     "note": "副作用あり", "next_on": "2026-06-01"}, today=TODAY)
    psc.add_staff("ono.a", "小野 亜希")
    psc.grant("ono.a", "read_only", CODE)
    reader = psc.acting_as("ono.a")
    assert reader.list_cases(program=CODE) == [] and reader.list_cases() == []
    assert [i for i in reader.agenda(AgendaQuery(today=dt.date(2026, 6, 2)))
            if i.case_id == case_id] == []
    assert "がん" not in json.dumps([e.text for e in reader.timeline(case_id)],
                                    ensure_ascii=False)
    shown = psc_cli("case", "show", str(case_id), "--json", staff="ono.a").output
    assert "withheld" not in shown and "sensitive_read" not in shown and CODE not in shown
    [record] = psc.list_records(case_id)
    assert record.summary == "状況確認（面談・電話）"  # a contact, told without health words
    with pytest.raises(PscError):  # a person's export is all of it or nothing
        reader.export_person(psc.get_case(case_id).person.id or 0)
    psc.add_staff("kato.m", "加藤 誠")  # no role at all: the refusal names no program
    refused = psc_cli("case", "show", str(case_id), staff="kato.m", lang="en")
    assert refused.exit_code != 0 and CODE not in refused.output
    assert psc.acting_as("kato.m").open_sealed(CODE, "t", 1, 1, {"note": "x"}) is None
    assert "refuse" in [e.action for e in psc.audit_log(staff="kato.m")]


def test_the_export_holds_the_programs_records_and_import_needs_the_consent(psc: Psc) -> None:
    case_id = case(psc)
    service.follow_up(psc, case_id, {"on": "2026-05-01", "work_status": "on_leave",
                                     "note": "副作用あり"}, today=TODAY)
    person_id = psc.get_case(case_id).person.id or 0
    held = json.dumps(psc.export_person(person_id), ensure_ascii=False, default=str)
    assert "副作用あり" in held and "cancer_reemployment" in held
    document = json.loads(json.dumps(unstructure(psc.export_case(case_id)), ensure_ascii=False))
    assert [c["purpose"] for c in document["collect_consents"]] == ["支援のための健康状態の把握"]
    copy = psc.import_case(document, allow_duplicate=True)  # the consent travels with it
    assert psc.list_consents(copy.case.person_id)[0].kind.value == "collect"
    with pytest.raises(InvalidInput):  # without it, medical answers are not taken in
        psc.import_case({**document, "collect_consents": []}, allow_duplicate=True)


def test_back_dating_gets_round_no_withdrawal(psc: Psc) -> None:
    someone = person(psc, consent=False)
    consent = psc.add_consent(someone, {"kind": "collect", "categories": ["health"],
                                        "purpose": "把握", "valid_from": START,
                                        "valid_until": "2099-12-31"})
    psc.withdraw_consent(consent.id or 0, dt.date(2026, 5, 1))
    with pytest.raises(InvalidInput):  # dated before the withdrawal, recorded after it
        psc.open_case(someone, CODE, intake(), opened_on=START)
    kept = case(psc, "keep_working", "別人 花子")
    [mine] = [c for c in psc.list_consents(psc.get_case(kept).person.id or 0)]
    psc.withdraw_consent(mine.id or 0, dt.date(2026, 6, 1))
    with pytest.raises(InvalidInput):  # nor a note about treatment afterwards
        service.follow_up(psc, kept, {"on": "2026-05-15", "work_status": "reduced",
                                      "note": "治療の話"}, today=TODAY)
    service.follow_up(psc, kept, {"on": "2026-06-15", "work_status": "reduced"}, today=TODAY)


def test_return_plans_meet_the_employer_and_the_latest_counts(psc: Psc) -> None:
    case_id = case(psc)
    person_id = psc.get_case(case_id).person.id or 0
    to_office = psc.add_consent(person_id, {"organisation": "ハローワーク", "categories": ["health"],
                                            "purpose": "相談", "valid_from": START,
                                            "valid_until": "2026-12-31"})
    plan = {"return_on": "2026-07-01", "meeting_on": "2026-06-15", "consent_id": to_office.id}
    with pytest.raises(InvalidInput):  # an organisation is not the employer
        service.plan_return(psc, case_id, plan)
    with pytest.raises(InvalidInput):  # before the support began
        service.plan_return(psc, case_id, {"return_on": "2026-03-01"})
    with pytest.raises(InvalidInput):  # the meeting after the return
        service.plan_return(psc, case_id, {"return_on": "2026-07-01", "meeting_on": "2026-07-05",
                                           "consent_id": to_office.id})
    service.plan_return(psc, case_id, {"return_on": "2026-07-01"})
    employer = psc.add_employer({"name": "東北フーズ株式会社"}).id or 0
    consent = psc.add_consent(person_id, {"employer_id": employer, "categories": ["health"],
                                          "purpose": "復職面談", "valid_from": START,
                                          "valid_until": "2026-12-31"})
    service.plan_return(psc, case_id, {"return_on": "2026-08-01", "meeting_on": "2026-07-20",
                                       "consent_id": consent.id})
    facts = [f.value for f in psc.get_case(case_id).program_facts[CODE]]
    assert dt.date(2026, 8, 1) in facts and dt.date(2026, 7, 1) not in facts  # the latest
    from psc_cancer_reemployment.privacy import erase_person
    with psc.program_write(CODE, person_id=person_id) as tx:
        erase_person(person_id, tx)  # lets go of the consent, which core erasure removes
    with psc.program_read(CODE) as conn:
        assert {p.consent_id for p in service.return_plans(
            conn, [service.participant(conn, case_id).enrollment_id])} == {None}


def test_the_section_counts_only_what_happened(psc: Psc) -> None:
    soon = case(psc, "return_to_work", "未来 一郎")
    coming = psc.today() + dt.timedelta(days=60)
    service.plan_return(psc, soon, {"return_on": coming.isoformat()})
    earlier = case(psc, "reemployment", "以前 二郎")
    psc.add_employment(earlier, {"employer_name": "前職", "start_on": "2026-03-01",
                                 "employment_type": "part_time"})  # before support began
    left = case(psc, "keep_working", "離職 三郎")
    service.follow_up(psc, left, {"on": "2026-11-01", "work_status": "reduced"}, today=TODAY)
    service.follow_up(psc, left, {"on": "2026-11-20", "work_status": "left_job"}, today=TODAY)
    [section] = psc.report(ReportPeriod.fiscal_year(2026), [CODE])
    figures = {r.label.en: r.value for r in section.rows}
    assert figures["found new work"] == 0 and figures["still working six months on"] == 0
    [later] = psc.report(ReportPeriod.fiscal_year(fiscal_year(coming)), [CODE])
    assert {r.label.en: r.value for r in later.rows}["returned to work"] == 0  # still to come


def test_staff_of_another_program_on_a_shared_case_see_nothing_of_this_one(
        psc: Psc, psc_cli: Callable[..., Any]) -> None:
    other = "readiness"
    if other not in psc.programs:
        pytest.skip("needs a second program installed (the full suite has four)")
    case_id = case(psc)
    example = psc.programs[other].example_intake
    assert example is not None
    import random
    psc.enroll(case_id, other, dict(example(random.Random(1))), enrolled_on=START)
    person_id = psc.get_case(case_id).person.id or 0
    for login, role in (("rd.cw", "caseworker"), ("rd.sv", "supervisor")):
        psc.add_staff(login, login)
        psc.grant(login, role, other)
    worker = psc.acting_as("rd.cw")
    assert [e.program for e in worker.get_case(case_id).enrollments] == [other]
    shown = psc_cli("case", "show", str(case_id), staff="rd.cw").output
    assert "ホルモン療法" not in shown and "がん" not in shown
    assert ["participation"] in [e.fields for e in psc.audit_log(staff="rd.cw")
                                 if e.action == "refuse"]
    assert worker.list_cases(program=CODE) == []
    employer = psc.add_employer({"name": "東北フーズ株式会社"}).id or 0
    psc.add_consent(person_id, {"employer_id": employer, "categories": ["basic_profile", "health"],
                                "purpose": "紹介", "valid_from": START, "valid_until": "2099-12-31"})
    sheet = psc.acting_as("rd.sv").introduce(person_id, employer, on=dt.date(2026, 6, 1))
    given = [i.key for s in sheet.sections for i in s.items]
    assert not any(CODE in key for key in given)  # not this program's to give
    assert all("health.*" in d.items or not any(i.startswith("health.") for i in d.items)
               for d in worker.list_disclosures(person_id))
