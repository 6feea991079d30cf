"""自立相談支援事業 as core's program: a case starts there, is screened, and the other
programs are enrolled from the approved plan's steps; the national figures count the
consultations and screenings; existing databases migrate with every case enrolled."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo import load_demo
from psccore.domain.program import ReportPeriod
from psccore.errors import InvalidInput
from psccore.store import migrate
from psccore.store import tables as t
from psccore.testing import report_figures

D = dt.date
RECEPTION = {
    "route": "referral", "referring_agency": "青葉区役所 保護課", "received_by": "加藤",
    "companion": "佐々木 花子", "companion_relation": "母",
    "topics": ["job_search", "debt", "income"], "main_topic": "debt",
    "topics_note": "消費者金融2社からの借入の返済が滞っている", "wishes": "仕事を見つけたい",
    "work_status": "unemployed", "housing": "rented", "health_insurance": "national",
    "pension": "exempt", "monthly_income": 60000, "benefits": ["unemployment"],
    "household": [{"relation": "母", "name": "佐々木 花子", "birth_date": "1960-02-03",
                   "occupation": "パート"}],
    "debts": [{"lender": "A社", "amount": 500000, "monthly": 20000, "in_arrears": True}],
    "health": "腰痛で通院中（月1回）", "disability": "none",
}


def _person(psc: Psc, name: str = "佐々木 悠斗") -> int:
    return psc.add_person({"name": name, "kana": "ササキ ユウト", "birth_date": "1998-07-07"},
                          allow_duplicate=True).id or 0


def test_a_consultation_from_reception_to_closure(psc: Psc) -> None:
    case = psc.open_case(_person(psc), "consultation", RECEPTION, D(2026, 4, 1)).case.id or 0
    psc.record_screening(case, {"outcome": "plan", "decided_on": "2026-04-02"})
    plan = psc.draft_plan(case, {
        "long_term_goal": "借金を整理して働く", "period_start": "2026-04-10",
        "period_end": "2026-09-30", "goals": [{"text": "家計を見直す"}],
        "employment_support": True,
        "steps": [{"program": "household_budget", "kind": "budget_plan", "start_on": "2026-04-20"},
                  {"program": "readiness", "kind": "work_program", "start_on": "2026-05-01"},
                  {"program": "consultation", "kind": "counselling", "start_on": "2026-04-15"}]},
        today=D(2026, 4, 5))
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id, "decision": "approve"}])
    assert psc.programs_to_enroll(case) == ["household_budget", "readiness"]
    with pytest.raises(InvalidInput) as refused:
        psc.start_step(plan.steps[0].id or 0, D(2026, 4, 20))
    assert "psc case enroll" in refused.value.problems[0].text("en")
    psc.enroll(case, "household_budget", {"monthly_income": 60000, "housing": "rented"},
               D(2026, 4, 9))
    psc.enroll(case, "readiness", {"referral_route": "consultation_center",
                                   "daily_rhythm": "irregular", "goals_for_period": "週3日通う",
                                   "autonomy_stage_at_start": "social_life"}, D(2026, 4, 9))
    assert psc.programs_to_enroll(case) == []
    for step in plan.steps:
        psc.start_step(step.id or 0, step.start_on)
    psc.add_record(case, {"on": "2026-05-02", "kind": "phone", "summary": "作業に参加した"})
    psc.evaluate(plan.plan.id or 0, {"evaluated_on": "2026-09-30", "next_action": "close",
                                     "results": [{"goal_id": plan.goals[0].id, "result": "achieved"}]})
    psc.close_case(case, "employment", on=D(2026, 10, 1))
    figures = report_figures(psc, ReportPeriod.fiscal_year(2026), "national")
    assert (figures["new_consultations"], figures["screened_plan"], figures["plans"]) == (1, 1, 1)


def test_the_reception_form_rules(psc: Psc) -> None:
    person = _person(psc)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person, "consultation", {"route": "referral", "topics": ["debt"],
                                               "main_topic": "housing"})
    assert {p.path for p in caught.value.problems} == {"$.referring_agency", "$.main_topic"}
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person, "consultation", {})
    assert {p.path for p in caught.value.problems} == {"$.route", "$.topics"}


def test_a_screening_passed_to_another_agency_names_it_and_is_recorded_once(psc: Psc) -> None:
    case = psc.open_case(_person(psc), "consultation", RECEPTION).case.id or 0
    with pytest.raises(InvalidInput):
        psc.record_screening(case, {"outcome": "referred"})
    found = psc.record_screening(case, {"outcome": "referred", "agency": "法テラス仙台"})
    assert psc.screening(case) == found
    with pytest.raises(InvalidInput):
        psc.record_screening(case, {"outcome": "plan"})


def test_health_answers_are_withheld_from_read_only_staff(psc: Psc) -> None:
    case = psc.open_case(_person(psc), "consultation", RECEPTION).case.id or 0
    psc.add_staff("etsuran", "閲覧 一郎")
    psc.grant("etsuran", "read_only")
    seen = psc.acting_as("etsuran").get_case(case)
    [enrollment] = seen.enrollments
    assert enrollment.intake["health"] is None and enrollment.intake["debts"]
    assert "consultation.health" in seen.masked_fields
    assert psc.get_case(case).enrollments[0].intake["health"] == RECEPTION["health"]


def test_case_open_without_a_program_receives_a_consultation(psc_cli: Any) -> None:
    person = json.loads(psc_cli("person", "add", "--name", "山田 花子", "--kana", "ヤマダ ハナコ",
                                "--json").stdout)
    opened = psc_cli("case", "open", str(person["id"]), "--on", "2026-04-01", "--set", "route=visit",
                     "--set", 'topics=["housing","no_food"]', "--set", "main_topic=no_food",
                     "--json")
    assert opened.exit_code == 0, opened.output
    case = json.loads(opened.stdout)
    assert [e["program"] for e in case["enrollments"]] == ["consultation"]
    case_id = str(case["case"]["id"])
    screened = psc_cli("screen", case_id, "--outcome", "information", lang="en")
    assert screened.exit_code == 0 and "information or advice only" in screened.output
    draft = psc_cli("plan", "draft", case_id, "--on", "2026-04-05", "--goal", "住まいを確保する",
                    "--short", "申請する", "--from", "2026-04-10", "--to", "2026-09-30",
                    "--step", "household_budget.budget_plan@2026-04-20", "--json")
    assert draft.exit_code == 0, draft.output
    plan_id = str(json.loads(draft.stdout)["plan"]["id"])
    met = psc_cli("meeting", "record", "--on", "2026-04-08", "--staff", "admin",
                  "--approve", plan_id, lang="en")
    assert met.exit_code == 0, met.output
    assert f"psc case enroll {case_id} --program household_budget" in met.output


def _figures(psc: Psc, years: range) -> dict[int, dict[str, Any]]:
    return {fy: report_figures(psc, ReportPeriod.fiscal_year(fy), "national") for fy in years}


def test_an_older_database_migrates_with_every_case_a_consultation(psc: Psc) -> None:
    """The demo's database as an older version kept it (no consultation enrollments, no
    screenings): after the upgrade every case is enrolled on its opening day and the
    national figures are the same, year by year."""
    load_demo(psc, people_per_program=3, seed=5, today=D(2026, 11, 1))
    years = range(2015, 2027)
    keys = ("new_consultations", "returning", "plans", "employed", "closed", "open_at_end")
    with psc.ctx.db.engine.begin() as conn:
        conn.execute(t.screenings.delete())
    before = {fy: {k: v[k] for k in keys} for fy, v in _figures(psc, years).items()}
    assert sum(v["new_consultations"] for v in before.values()) > 20
    psc.ctx.db.dispose()
    migrate.downgrade(psc.ctx.db, psc.ctx.registry, "core_0007")
    with psc.ctx.db.engine.begin() as conn:
        conn.execute(t.enrollments.delete().where(t.enrollments.c.program == "consultation"))
        cases = conn.execute(sa.select(sa.func.count()).select_from(t.cases)).scalar_one()
    psc.ctx.db.dispose()
    migrate.upgrade(psc.ctx.db, psc.ctx.registry)
    after = _figures(psc, years)
    assert {fy: {k: v[k] for k in keys} for fy, v in after.items()} == before
    with psc.ctx.db.engine.connect() as conn:
        rows = conn.execute(sa.select(t.enrollments.c.intake, t.enrollments.c.enrolled_on,
                                      t.cases.c.opened_on)
                            .join(t.cases, t.cases.c.id == t.enrollments.c.case_id)
                            .where(t.enrollments.c.program == "consultation")).all()
    assert len(rows) == cases
    assert all(r.intake == {"migrated": True} and r.enrolled_on == r.opened_on for r in rows)
    migrated = psc.get_case(1).enrollments
    assert any(e.program == "consultation" and e.intake["migrated"] for e in migrated)
