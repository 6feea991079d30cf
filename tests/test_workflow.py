"""The rules of the support workflow, through the library: each broken rule fails
cleanly and writes nothing."""

import datetime as dt
import json

import pytest

from psccore.app import Psc
from psccore.domain.convert import unstructure
from psccore.errors import InvalidInput, NotAllowed

PROGRAM = "household_budget"
D = dt.date


@pytest.fixture
def case_id(psc: Psc) -> int:
    person = psc.add_person({"name": "斎藤 和也", "kana": "サイトウ カズヤ",
                             "birth_date": "1985-02-03"})
    detail = psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 50000,
                                                     "housing": "rented"}, D(2026, 4, 1))
    return detail.case.id or 0


def _plan(psc: Psc, case_id: int, **extra: object) -> object:
    data = {"long_term_goal": "仕事に就く", "period_start": "2026-04-10",
            "period_end": "2026-09-30", "goals": [{"text": "履歴書を書く"}],
            "steps": [{"program": PROGRAM, "kind": "budget_plan", "start_on": "2026-04-20"}],
            **extra}
    return psc.draft_plan(case_id, data, today=D(2026, 4, 5))


def _audit(psc: Psc) -> int:
    return psc.verify_audit()[0]


def _refused(psc: Psc, call, path: str) -> InvalidInput:  # type: ignore[no-untyped-def]
    before = _audit(psc)
    with pytest.raises(InvalidInput) as caught:
        call()
    assert path in [p.path for p in caught.value.problems], caught.value.text("en")
    assert _audit(psc) == before  # nothing written
    return caught.value


def test_a_step_cannot_start_before_its_plan_is_approved(psc: Psc, case_id: int) -> None:
    plan = _plan(psc, case_id)
    error = _refused(psc, lambda: psc.start_step(plan.steps[0].id, D(2026, 4, 20)), "$.step_id")
    assert "has not been approved" in error.text("en")


def test_closing_needs_a_reason(psc: Psc, case_id: int) -> None:
    _refused(psc, lambda: psc.close_case(case_id, ""), "$.closure_reason")
    _refused(psc, lambda: psc.close_case(case_id, "other"), "$.closure_note")
    assert psc.get_case(case_id).case.status.value == "open"


def test_a_plan_period_cannot_end_before_it_starts(psc: Psc, case_id: int) -> None:
    _refused(psc, lambda: _plan(psc, case_id, period_end="2026-04-01"), "$.period_end")
    assert psc.list_plans(case_id) == []


def test_evaluating_a_goal_that_does_not_exist(psc: Psc, case_id: int) -> None:
    plan = _plan(psc, case_id)
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                     "decision": "approve"}])
    _refused(psc, lambda: psc.evaluate(plan.plan.id, {
        "evaluated_on": "2026-07-01", "next_action": "continue",
        "results": [{"goal_id": 9999, "result": "achieved"}]}), "$.results[0].goal_id")
    assert psc.get_plan(plan.plan.id).evaluations == []


def test_revise_and_end_need_a_reason_and_only_drafts_are_decided(psc: Psc, case_id: int) -> None:
    plan = _plan(psc, case_id)
    _refused(psc, lambda: psc.record_meeting({"held_on": "2026-04-08"}, [
        {"plan_id": plan.plan.id, "decision": "revise"}]), "$.decisions[0].reason")
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                     "decision": "approve"}])
    _refused(psc, lambda: psc.record_meeting({"held_on": "2026-04-09"}, [
        {"plan_id": plan.plan.id, "decision": "approve"}]), "$.decisions[0].decision")


def test_steps_come_from_the_menu_of_an_enrolled_program(psc: Psc, case_id: int) -> None:
    _refused(psc, lambda: _plan(psc, case_id, steps=[
        {"program": PROGRAM, "kind": "no_such_thing", "start_on": "2026-04-20"}]),
        "$.steps[0].kind")


def test_approval_supersedes_the_earlier_plan_which_stays_readable(psc: Psc, case_id: int) -> None:
    first = _plan(psc, case_id)
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": first.plan.id,
                                                     "decision": "approve"}])
    second = psc.replan(first.plan.id, {"long_term_goal": "正社員になる"}, today=D(2026, 6, 1))
    psc.record_meeting({"held_on": "2026-06-05"}, [{"plan_id": second.plan.id,
                                                     "decision": "approve"}])
    old, new = psc.list_plans(case_id)
    assert (old.plan.status.value, new.plan.status.value) == ("superseded", "approved")
    assert old.plan.long_term_goal == "仕事に就く" and new.plan.long_term_goal == "正社員になる"
    assert [g.text for g in new.goals] == ["履歴書を書く"]


def test_reassessment_keeps_every_version(psc: Psc, case_id: int) -> None:
    for day, stage in ((3, "daily_living"), (20, "social_life")):
        psc.record_assessment(case_id, {"assessed_on": f"2026-04-{day:02}",
                                        "autonomy_stage": stage, "barriers": ["health"]})
    assert [(a.number, a.autonomy_stage.value) for a in psc.list_assessments(case_id)] == [
        (1, "daily_living"), (2, "social_life")]


def test_reopening_makes_a_new_linked_case(psc: Psc, case_id: int) -> None:
    psc.close_case(case_id, "lost_contact", on=D(2026, 5, 1))
    again = psc.reopen_case(case_id, D(2026, 8, 1))
    assert again.case.previous_case_id == case_id and again.case.status.value == "open"
    assert [e.program for e in again.enrollments] == [PROGRAM]


def test_export_import_export_is_identical(psc: Psc, case_id: int) -> None:
    plan = _plan(psc, case_id)
    psc.record_assessment(case_id, {"assessed_on": "2026-04-03", "autonomy_stage": "work",
                                    "ratings": [{"domain": "debt", "rating": 2}]})
    psc.record_meeting({"held_on": "2026-04-08", "staff": ["admin"]},
                       [{"plan_id": plan.plan.id, "decision": "approve"}])
    psc.start_step(plan.steps[0].id, D(2026, 4, 20))
    psc.add_record(case_id, {"on": "2026-04-21", "kind": "phone", "summary": "電話で確認",
                             "step_id": plan.steps[0].id})
    psc.evaluate(plan.plan.id, {"evaluated_on": "2026-07-01", "next_action": "continue",
                                "results": [{"goal_id": plan.goals[0].id, "result": "partly"}]})
    exported = json.dumps(unstructure(psc.export_case(case_id)), ensure_ascii=False)
    with pytest.raises(NotAllowed):  # the same person again: flagged, as at intake
        psc.import_case(json.loads(exported))
    copy = psc.import_case(json.loads(exported), allow_duplicate=True)
    assert copy.person.id != psc.get_case(case_id).person.id
    again = json.dumps(unstructure(psc.export_case(copy.case.id)), ensure_ascii=False)
    assert again == exported


def test_an_import_with_unknown_staff_writes_nothing(psc: Psc, case_id: int) -> None:
    doc = unstructure(psc.export_case(case_id))
    doc["case"]["assigned_staff"] = "nobody"
    _refused(psc, lambda: psc.import_case(doc), "$.staff[0]")


def test_agenda_lists_plan_steps_and_monitoring(psc: Psc, case_id: int) -> None:
    from psccore.services.agenda import AgendaQuery

    plan = _plan(psc, case_id)
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                     "decision": "approve"}])
    items = psc.agenda(AgendaQuery(today=D(2026, 4, 15), days_ahead=7, no_contact_days=365,
                                   assessment_due_days=365))
    assert [(i.kind, i.due_on, i.late) for i in items] == [
        ("step_starting", D(2026, 4, 20), False)]
    psc.start_step(plan.steps[0].id or 0, D(2026, 4, 20))
    later = psc.agenda(AgendaQuery(today=D(2026, 7, 10), days_ahead=0, no_contact_days=365,
                                   assessment_due_days=365))
    assert [(i.kind, i.due_on, i.late) for i in later] == [("monitoring", D(2026, 7, 7), True)]


def test_a_plan_and_a_meeting_report_every_problem_at_once_each_at_its_path(
        psc: Psc, case_id: int) -> None:
    error = _refused(psc, lambda: _plan(psc, case_id, long_term_goal="",
                                        goals=[{"text": "履歴書を書く"}, {"text": ""}],
                                        steps=[{"program": PROGRAM, "kind": "budget_plan",
                                                "start_on": "令和8年2月30日"}]),
                     "$.long_term_goal")
    assert {"$.goals[1].text", "$.steps[0].start_on"} <= {p.path for p in error.problems}
    plan = _plan(psc, case_id)
    error = _refused(psc, lambda: psc.record_meeting({"held_on": "R8.2.30"}, [
        {"plan_id": plan.plan.id, "decision": "approve"},
        {"plan_id": plan.plan.id, "decision": "end"}]), "$.held_on")
    assert "$.decisions[1].reason" in {p.path for p in error.problems}


def test_drafts_awaiting_a_meeting_are_listed_for_those_who_may_see_their_case(
        psc: Psc, case_id: int) -> None:
    plan = _plan(psc, case_id)
    [waiting] = psc.plans_to_decide()
    assert waiting.plan.id == plan.plan.id and waiting.person_name == "斎藤 和也"
    psc.add_staff("other", "他 事業")
    psc.grant("other", "caseworker", "readiness")
    assert psc.acting_as("other").plans_to_decide() == []
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                     "decision": "approve"}])
    assert psc.plans_to_decide() == []
    assert {(m.program, m.kind) for m in psc.support_menu()} >= {(PROGRAM, "budget_plan")}


def test_a_closed_case_takes_late_records_up_to_its_closure_only(psc: Psc, case_id: int) -> None:
    """The refusal names the rule that applies (the closure date), not "the future"."""
    psc.close_case(case_id, "lost_contact", on=D(2026, 5, 1))
    psc.add_record(case_id, {"on": "2026-05-01", "kind": "phone", "summary": "最後の連絡"})
    error = _refused(psc, lambda: psc.add_record(
        case_id, {"on": "2026-05-02", "kind": "phone", "summary": "終結後"}), "$.on")
    assert error.text("ja").count("終結日（2026-05-01）より後の記録はできません") == 1
    assert "未来" not in error.text("ja")
    assert [r.summary for r in psc.list_records(case_id)] == ["最後の連絡"]


def test_an_evaluation_s_results_are_listed_in_each_language_s_way(
        psc: Psc, case_id: int) -> None:
    from psccore.i18n import reset_lang, set_lang

    plan = _plan(psc, case_id, goals=[{"text": "履歴書を書く"}, {"text": "面接に行く"}])
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                     "decision": "approve"}])
    psc.evaluate(plan.plan.id, {"evaluated_on": "2026-07-01", "next_action": "continue",
                                "results": [{"goal_id": g.id, "result": "partly"}
                                            for g in plan.goals]})
    [ja] = [e.text for e in psc.timeline(case_id) if e.kind == "evaluation"]
    assert "一部達成、一部達成" in ja
    token = set_lang("en")
    try:
        [en] = [e.text for e in psc.timeline(case_id) if e.kind == "evaluation"]
    finally:
        reset_lang(token)
    assert "partly achieved, partly achieved" in en and "、" not in en
