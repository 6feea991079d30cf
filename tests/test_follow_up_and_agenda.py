"""Follow-up for every placement (the seed's schedule from a template a program may
replace) and the agenda a caseworker trusts: placements starting or ending, consents
expiring, cases with no assessment or plan, referrals awaiting an outcome; each item
names the person and the staff member."""

import datetime as dt

from psccore import AgendaQuery
from psccore.app import Psc

D = dt.date
PROGRAM = "household_budget"


def _case(psc: Psc, opened: str = "2026-04-01") -> int:
    pid = psc.add_person({"name": "大友 真一", "kana": "オオトモ シンイチ"}).id or 0
    return psc.open_case(pid, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         D.fromisoformat(opened)).case.id or 0


def _host(psc: Psc, role: str = "internship_host") -> int:
    host = psc.add_employer({"name": "株式会社ホスト", "kana": "ホスト"}).id or 0
    psc.add_partner_role(host, {"role": role, "since": "2026-01-01"})
    return host


def test_an_internship_gets_the_seeds_schedule(psc: Psc) -> None:
    case = _case(psc)
    host = _host(psc)
    psc.add_internship(case, {"host_id": host, "start_on": "2026-05-11",
                              "end_on": "2026-05-29", "days": 15})
    items = psc.placements_of(case).follow_ups
    assert [(i.kind.value, i.due_on) for i in items] == [
        ("arrangements", D(2026, 5, 4)), ("accompaniment", D(2026, 5, 11)),
        ("accompaniment", D(2026, 5, 12)), ("phone_check", D(2026, 5, 13)),
        ("phone_check", D(2026, 5, 15)), ("visit", D(2026, 5, 20)),
        ("closing_review", D(2026, 5, 29))]
    assert {i.staff_id for i in items} == {psc.get_case(case).case.assigned_staff_id}
    done = psc.record_follow_up(items[0].id or 0, D(2026, 5, 4), "受入れ先と打合せ")
    assert done.done_on == D(2026, 5, 4)
    agenda = psc.agenda(AgendaQuery(today=D(2026, 5, 8), days_ahead=3, no_contact_days=365,
                                    assessment_due_days=365, plan_due_days=365))
    assert [(i.kind, i.due_on) for i in agenda if i.kind == "follow_up"] == [
        ("follow_up", D(2026, 5, 11))]  # only the one due within three days; not the done one
    starting = [i for i in agenda if i.kind == "placement_starting"]
    assert [i.due_on for i in starting] == [D(2026, 5, 11)]
    assert all(i.person_name == "大友 真一" and i.staff_name == "管理者" for i in agenda)


def test_a_certified_training_is_visited_monthly(psc: Psc) -> None:
    case = _case(psc)
    provider = _host(psc, "training_provider")
    psc.add_training(case, {"provider_id": provider, "training_type": "employment",
                            "start_on": "2026-06-01", "end_on": "2026-08-31"})
    kinds = [(i.kind.value, i.due_on) for i in psc.placements_of(case).follow_ups]
    assert [d for k, d in kinds if k == "visit"] == [D(2026, 7, 1), D(2026, 8, 1)]
    assert kinds[-1] == ("closing_review", D(2026, 8, 31))


def test_the_agenda_lists_what_a_caseworker_must_not_miss(psc: Psc) -> None:
    case = _case(psc, "2026-04-01")
    pid = psc.get_case(case).person.id or 0
    employer = _host(psc, "job_orders")
    psc.add_consent(pid, {"employer_id": employer, "categories": ["basic_profile"],
                          "purpose": "紹介", "valid_from": "2026-04-01",
                          "valid_until": "2026-05-20"})
    opening = psc.add_opening({"employer_id": employer, "title": "清掃", "duties": "清掃",
                               "hours_per_day": 4, "days_per_week": 3, "time_of_day": "daytime",
                               "wage_type": "hourly", "wage": 1000, "opened_on": "2026-04-01"})
    psc.register_seeker(pid, {"applied_on": "2026-04-01"})
    psc.refer(pid, opening.id or 0, D(2026, 4, 10))
    agenda = psc.agenda(AgendaQuery(today=D(2026, 4, 25), days_ahead=7, no_contact_days=365))
    kinds = {i.kind: i for i in agenda}
    # no assessment by 4/15 (late), no plan by 5/1, the consent ends 5/20 (within 30
    # days), the referral awaits its outcome since 4/24 (10 + 14 days)
    assert (kinds["no_assessment"].due_on, kinds["no_assessment"].late) == (D(2026, 4, 15), True)
    assert kinds["no_plan"].due_on == D(2026, 5, 1)
    assert kinds["consent_expiring"].due_on == D(2026, 5, 20)
    assert "株式会社ホスト" in kinds["consent_expiring"].text
    assert kinds["referral_waiting"].due_on == D(2026, 4, 24)
    assert all(i.staff_name for i in agenda)
    psc.set_office({"referral_wait_days": 30, "consent_notice_days": 10})  # office settings
    later = {i.kind for i in psc.agenda(AgendaQuery(today=D(2026, 4, 25), days_ahead=7,
                                                    no_contact_days=365))}
    assert "referral_waiting" not in later and "consent_expiring" not in later


def test_the_timeline_shows_who_did_what(psc: Psc) -> None:
    case = _case(psc, "2026-04-01")
    pid = psc.get_case(case).person.id or 0
    employer = _host(psc, "job_orders")
    psc.add_staff("sato", "佐藤 職員")
    psc.grant("sato", "caseworker")
    psc.add_record(case, {"on": "2026-04-02", "kind": "office_interview", "summary": "来所",
                          "at": "14:30", "minutes": 45})
    psc.add_record(case, {"on": "2026-04-03", "kind": "workplace_tour", "summary": "見学"})
    psc.add_consent(pid, {"employer_id": employer, "categories": ["basic_profile"],
                          "purpose": "紹介", "valid_from": "2026-04-01",
                          "valid_until": "2026-12-31", "recorded_on": "2026-04-03"})
    opening = psc.add_opening({"employer_id": employer, "title": "清掃", "duties": "清掃",
                               "hours_per_day": 4, "days_per_week": 3, "time_of_day": "daytime",
                               "wage_type": "hourly", "wage": 1000, "opened_on": "2026-04-01"})
    psc.register_seeker(pid, {"applied_on": "2026-04-01"})
    referral = psc.refer(pid, opening.id or 0, D(2026, 4, 5)).referral
    psc.record_referral_outcome(referral.id or 0, "rejected", D(2026, 4, 9))
    psc.assign_case(case, "sato")
    entries = {e.kind: e for e in psc.timeline(case)}
    assert entries["record"].staff == "管理者"
    assert any("（14:30 45分）" in e.text for e in psc.timeline(case) if e.kind == "record")
    assert "見学" in [e.text for e in psc.timeline(case) if e.kind == "record"][1]
    assert entries["consent"].staff == "管理者" and "株式会社ホスト" in entries["consent"].text
    assert entries["disclosure"].on == D(2026, 4, 5) and "referral" in entries["disclosure"].text
    assert entries["referral"].staff == "管理者"
    assert "不採用" in entries["referral_outcome"].text
    assert "佐藤 職員" in entries["assigned"].text and entries["assigned"].staff == "管理者"


def test_the_timeline_and_agenda_name_steps_and_consents_by_their_labels(psc: Psc) -> None:
    """A step by its support menu item and program, never ``program.kind``; a consent to
    collect (no recipient) by what it is for, never 「-」."""
    case = _case(psc, "2026-04-01")
    pid = psc.get_case(case).person.id or 0
    psc.add_consent(pid, {"kind": "collect", "categories": ["health"], "purpose": "健康状態の把握",
                          "valid_from": "2026-04-01", "valid_until": "2027-12-01",
                          "recorded_on": "2026-04-02"})
    plan = psc.draft_plan(case, {
        "long_term_goal": "仕事に就く", "period_start": "2026-04-10", "period_end": "2026-09-30",
        "goals": [{"text": "家計を整える"}],
        "steps": [{"program": PROGRAM, "kind": "budget_plan", "start_on": "2026-04-20",
                   "end_on": "2026-05-20"},
                  {"program": PROGRAM, "kind": "budget_plan", "start_on": "2026-05-01"}]},
        today=D(2026, 4, 5))
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                     "decision": "approve"}])
    psc.start_step(plan.steps[0].id or 0, D(2026, 4, 20))
    item = next(m for m in psc.support_menu() if (m.program, m.kind) == (PROGRAM, "budget_plan"))
    program = psc.program(PROGRAM).label
    texts = {e.kind: e.text for e in psc.timeline(case)}
    assert texts["step_started"] == f"ステップ開始: {item.label.ja}（{program.ja}）"
    assert texts["consent"] == "同意（要配慮個人情報の取得、2027-12-01まで）: 健康状態の把握"
    agenda = {i.kind: i.text for i in psc.agenda(AgendaQuery(today=D(2026, 5, 10)))}
    assert agenda["step_starting"] == f"ステップ開始予定: {item.label.ja}（{program.ja}）"
    assert agenda["step_ending"] == f"ステップ終了予定: {item.label.ja}（{program.ja}）"
    assert "budget_plan" not in " ".join([*texts.values(), *agenda.values()])
