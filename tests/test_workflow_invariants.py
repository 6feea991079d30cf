"""Rules of the support workflow that no caller can get round: a plan is approved only
at a meeting, dates make sense, a case is re-opened once, an import is consistent."""

import datetime as dt
import json

import pytest

from psccore.app import Psc
from psccore.errors import InvalidInput

D = dt.date
PROGRAM = "household_budget"


@pytest.fixture
def case_id(psc: Psc) -> int:
    person = psc.add_person({"name": "伊藤 誠", "kana": "イトウ マコト", "birth_date": "1980-08-08"})
    return psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         D(2026, 4, 1)).case.id or 0


def _plan(**extra: object) -> dict[str, object]:
    return {"long_term_goal": "就職", "period_start": "2026-04-10", "period_end": "2026-09-30",
            "goals": [{"text": "履歴書"}],
            "steps": [{"program": PROGRAM, "kind": "budget_plan", "start_on": "2026-04-20"}],
            **extra}


def test_a_plan_cannot_be_written_as_already_approved(psc: Psc, case_id: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        psc.draft_plan(case_id, _plan(status="approved", approved_on="2026-04-05"),
                       today=D(2026, 4, 5))
    assert "approved_on, status" in caught.value.text("en")
    steps = [{"program": PROGRAM, "kind": "budget_plan", "start_on": "2026-04-20",
              "status": "started"}]
    with pytest.raises(InvalidInput):
        psc.draft_plan(case_id, _plan(steps=steps), today=D(2026, 4, 5))
    plan = psc.draft_plan(case_id, _plan(), today=D(2026, 4, 5))
    with pytest.raises(InvalidInput):
        psc.replan(plan.plan.id or 0, {"status": "approved"})
    assert [p.plan.status.value for p in psc.list_plans(case_id)] == ["draft"]


def test_dates_must_make_sense(psc: Psc, case_id: int) -> None:
    with pytest.raises(InvalidInput):  # a step outside the plan period
        psc.draft_plan(case_id, _plan(steps=[{"program": PROGRAM, "kind": "budget_plan",
                                              "start_on": "2027-01-01"}]), today=D(2026, 4, 5))
    with pytest.raises(InvalidInput):  # assessed before the case was opened
        psc.record_assessment(case_id, {"assessed_on": "2026-03-01", "autonomy_stage": "work"})
    with pytest.raises(InvalidInput):  # a record in the future
        psc.add_record(case_id, {"on": (psc.today() + dt.timedelta(days=3)).isoformat(),
                                 "kind": "phone", "summary": "予定"})
    with pytest.raises(InvalidInput):
        psc.add_person({"name": "古人", "kana": "フルヒト", "birth_date": "1850-01-01"})
    plan = psc.draft_plan(case_id, _plan(), today=D(2026, 4, 5))
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                     "decision": "approve"}])
    step = plan.steps[0].id or 0
    psc.start_step(step, D(2026, 4, 20))
    with pytest.raises(InvalidInput):  # ends before it started
        psc.end_step(step, D(2026, 4, 19))


def test_superseding_a_plan_ends_its_started_steps(psc: Psc, case_id: int) -> None:
    first = psc.draft_plan(case_id, _plan(), today=D(2026, 4, 5))
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": first.plan.id,
                                                     "decision": "approve"}])
    psc.start_step(first.steps[0].id or 0, D(2026, 4, 20))
    second = psc.replan(first.plan.id or 0, {}, today=D(2026, 5, 1))
    psc.record_meeting({"held_on": "2026-05-02"}, [{"plan_id": second.plan.id,
                                                     "decision": "approve"}])
    old = psc.get_plan(first.plan.id or 0)
    assert [(s.status.value, s.ended_on) for s in old.steps] == [("ended", D(2026, 5, 2))]


def test_a_case_is_reopened_once(psc: Psc, case_id: int) -> None:
    psc.close_case(case_id, "moved", on=D(2026, 5, 1))
    again = psc.reopen_case(case_id, D(2026, 6, 1))
    with pytest.raises(InvalidInput) as caught:
        psc.reopen_case(case_id, D(2026, 6, 2))
    assert f"already re-opened as case {again.case.id}" in caught.value.text("en")


def test_an_inconsistent_import_is_refused(psc: Psc, case_id: int) -> None:
    psc.draft_plan(case_id, _plan(), today=D(2026, 4, 5))
    doc = json.loads(json.dumps(__import__("psccore.domain.convert", fromlist=["x"])
                                .unstructure(psc.export_case(case_id))))
    broken = {**doc, "case": {**doc["case"], "status": "closed", "closed_on": "2026-05-01",
                              "closure_reason": "moved"}}
    with pytest.raises(InvalidInput) as caught:
        psc.import_case(broken, allow_duplicate=True)
    assert "$.plans[0].status" in [p.path for p in caught.value.problems]
    wrong = {**doc, "case": {**doc["case"], "status": "stuck"}}
    with pytest.raises(InvalidInput):
        psc.import_case(wrong, allow_duplicate=True)
