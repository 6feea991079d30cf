"""Synthetic data at scale (``psc demo --scale N``): N cases across every program, with
years of history, written in bulk, deterministically (the same seed and day give the same
data), for trying the system at an office's size and for the benchmarks.

Intake answers come from each program's own ``example_intake`` and pass its eligibility
and consent rules; enrollments are announced to the programs (``psc_case_event``) as
when staff open a case, so every program's own rows exist too. Rows are written with
``Transaction.insert_many``: each still audited. All names are invented."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo import _eligible_person
from psccore.domain.cases import Case, CaseStatus, Enrollment
from psccore.domain.catalogues import ClosureReason, ContactKind
from psccore.domain.consent import Consent, ConsentKind, DataCategory
from psccore.domain.offices import CaseOffice
from psccore.domain.placements import Employment, EmploymentType, IncomeChange
from psccore.domain.program import CaseEventKind
from psccore.domain.workflow import (
    Evaluation,
    Goal,
    GoalEvaluation,
    GoalResult,
    NextAction,
    Plan,
    PlanStatus,
    SupportRecord,
)
from psccore.services import access
from psccore.services.case_events import emit
from psccore.services.context import WriteUnit
from psccore.services.sensitive import seal, without_sealed
from psccore.store import tables as t

CHUNK = 5_000  # cases written per round, so memory stays flat at any scale
SUMMARIES = ["電話で体調を確認", "来所面談。今後の予定を相談", "ハローワークへ同行",
             "実習先の担当者と情報交換", "メールで書類を送付", "家計の状況を確認",
             "履歴書の書き方を支援", "面接の練習"]
EMPLOYERS = ["株式会社青葉プリント", "杜の食堂", "広瀬クリーンサービス", "定禅寺物流株式会社",
             "泉ケアセンター", "長町マート"]


@attrs.frozen
class ScaleSummary:
    people: int
    cases: int
    support_records: int
    plans: int
    employments: int


def load_scale(psc: Psc, cases: int, *, records_per_case: int = 20, years: int = 5,
               seed: int = 2017, today: dt.date | None = None) -> ScaleSummary:
    """Write ``cases`` cases (one person each) with their history, in one transaction."""
    today = today or psc.today()
    rng = random.Random(seed)
    programs = sorted((p for p in psc.programs.values() if p.example_intake is not None),
                      key=lambda p: p.code)
    totals = dict.fromkeys(("people", "cases", "records", "plans", "jobs"), 0)
    with psc.ctx.write() as uow:
        access.for_managers(uow, "database")  # it writes everywhere
        staff = uow.acting()
        for start in range(0, cases, CHUNK):
            made = _chunk(uow, rng, programs, min(CHUNK, cases - start), staff.id or 0,
                          records_per_case, years, today)
            for key, value in made.items():
                totals[key] += value
    return ScaleSummary(totals["people"], totals["cases"], totals["records"],
                        totals["plans"], totals["jobs"])


def _chunk(uow: WriteUnit, rng: random.Random, programs: Sequence[Any], count: int,
           staff_id: int, records_per_case: int, years: int, today: dt.date) -> dict[str, int]:
    tx, chosen = uow.tx, []
    for i in range(count):
        program = programs[i % len(programs)]
        opened = today - dt.timedelta(days=rng.randint(0, years * 365))
        intake = dict(program.example_intake(rng))
        person = _eligible_person(rng, today, opened, program, intake)
        if person is not None:
            chosen.append((program, opened, intake, person))
    person_ids = tx.insert_many(t.people, [p for *_, p in chosen])
    consents = [Consent(person_id=pid, kind=ConsentKind.COLLECT, categories=[DataCategory.HEALTH],
                        purpose="支援のための健康状態の把握", valid_from=opened,
                        valid_until=today + dt.timedelta(days=365), recorded_on=opened,
                        form_reference="取得同意書", staff_id=staff_id)
                for (program, opened, _, _), pid in zip(chosen, person_ids, strict=True)
                if program.consent_to_collect]
    tx.insert_many(t.consents, consents)  # their health answers need it
    case_objs = [Case(person_id=pid, opened_on=opened, assigned_staff_id=staff_id)
                 for (_, opened, _, _), pid in zip(chosen, person_ids, strict=True)]
    case_ids = tx.insert_many(t.cases, case_objs)
    case_objs = [attrs.evolve(c, id=i) for c, i in zip(case_objs, case_ids, strict=True)]
    tx.insert_many(t.case_offices, [  # each at the single office, from its opening
        CaseOffice(case_id=c.id or 0, office_id=c.office_id, from_on=c.opened_on)
        for c in case_objs], [c.person_id for c in case_objs])
    answers = [_plain(program, intake) for program, _, intake, _ in chosen]
    enrollments = [Enrollment(case_id=c.id or 0, program=program.code, enrolled_on=opened,
                              intake=without_sealed(program, plain))
                   for c, (program, opened, _, _), plain in zip(case_objs, chosen, answers,
                                                                strict=True)]
    person_of = {c.id: c.person_id for c in case_objs}
    enrollment_ids = tx.insert_many(  # the sealed answers bound to their rows, once made
        t.enrollments, enrollments, [c.person_id for c in case_objs],
        sealed=lambda i, new_id: {"intake": seal(uow, chosen[i][0], answers[i], new_id)})
    for case, enrollment, enrollment_id, plain in zip(case_objs, enrollments, enrollment_ids,
                                                      answers, strict=True):
        emit(uow, CaseEventKind.OPENED, case)
        emit(uow, CaseEventKind.ENROLLED, case,
             attrs.evolve(enrollment, id=enrollment_id, intake=plain))
    plans = _plans(tx, rng, case_objs, staff_id, today)
    records = 0
    for batch in _batches(_records(rng, case_objs, records_per_case, staff_id, today), 50_000):
        records += len(tx.insert_many(t.support_records, batch,
                                      [person_of[r.case_id] for r in batch]))
    jobs = _outcomes(tx, rng, case_objs, plans, staff_id, today)
    return {"people": len(person_ids), "cases": len(case_ids), "records": records,
            "plans": len(plans), "jobs": jobs}


def _plain(program: Any, intake: dict[str, Any]) -> dict[str, Any]:
    from psccore.domain.convert import structure, unstructure

    plain: dict[str, Any] = unstructure(structure(intake, program.intake))
    return plain


def _plans(tx: Any, rng: random.Random, cases: Sequence[Case], staff_id: int,
           today: dt.date) -> dict[int, tuple[int, dt.date, list[int]]]:
    """Seven cases in ten get an approved plan, six in ten of those aiming at work."""
    chosen = []
    for case in cases:
        approved = case.opened_on + dt.timedelta(days=rng.randint(7, 40))
        if rng.random() < 0.7 and approved <= today:
            chosen.append((case, approved, rng.random() < 0.6))
    plans = [Plan(case_id=c.id or 0, status=PlanStatus.APPROVED, long_term_goal="安定した生活を送る",
                  period_start=day, period_end=day + dt.timedelta(days=180),
                  employment_support=work, created_on=day - dt.timedelta(days=3),
                  approved_on=day) for c, day, work in chosen]
    person_of = {c.id: c.person_id for c in cases}
    plan_people = [person_of[p.case_id] for p in plans]
    plan_ids = tx.insert_many(t.plans, plans, plan_people)
    goals = [Goal(plan_id=pid, position=i, text=text)
             for pid in plan_ids for i, text in enumerate(("生活リズムを整える", "面接を受ける"))]
    goal_ids = tx.insert_many(t.plan_goals, goals, [who for who in plan_people for _ in (1, 2)])
    by_plan: dict[int, list[int]] = {}
    for goal, goal_id in zip(goals, goal_ids, strict=True):
        by_plan.setdefault(goal.plan_id, []).append(goal_id)
    return {c.id or 0: (pid, day, by_plan[pid])
            for (c, day, _), pid in zip(chosen, plan_ids, strict=True)}


def _records(rng: random.Random, cases: Sequence[Case], per_case: int, staff_id: int,
             today: dt.date) -> Iterator[SupportRecord]:
    kinds = list(ContactKind)
    for case in cases:
        span = max((today - case.opened_on).days, 0)
        for _ in range(per_case):
            yield SupportRecord(case_id=case.id or 0,
                                on=case.opened_on + dt.timedelta(days=rng.randint(0, span)),
                                kind=rng.choice(kinds), staff_id=staff_id,
                                summary=rng.choice(SUMMARIES))


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _outcomes(tx: Any, rng: random.Random, cases: Sequence[Case],
              plans: dict[int, tuple[int, dt.date, list[int]]], staff_id: int,
              today: dt.date) -> int:
    """Evaluations, jobs, income rises and closures, on dates after the plan."""
    evaluations, jobs, rises, closures = [], [], [], []
    for case in cases:
        if (found := plans.get(case.id or 0)) is None:
            continue
        plan_id, approved, goal_ids = found
        later = approved + dt.timedelta(days=rng.randint(60, 200))
        if later > today:
            continue
        evaluations.append(Evaluation(plan_id=plan_id, evaluated_on=later, staff_id=staff_id,
                                      next_action=NextAction.CONTINUE, results=[
                                          GoalEvaluation(goal_id=g, result=rng.choice(
                                              list(GoalResult))) for g in goal_ids]))
        roll = rng.random()
        if roll < 0.35:
            jobs.append(Employment(case_id=case.id or 0, employer_name=rng.choice(EMPLOYERS),
                                   start_on=later, employment_type=EmploymentType.PART_TIME))
        elif roll < 0.45:
            before = rng.randint(3, 12) * 10_000
            rises.append(IncomeChange(case_id=case.id or 0, on=later, before=before,
                                      after=before + rng.randint(1, 5) * 10_000,
                                      staff_id=staff_id))
        if roll < 0.5 and (closed := later + dt.timedelta(days=30)) <= today:
            reason = (ClosureReason.EMPLOYMENT if roll < 0.35 else ClosureReason.HIGHER_INCOME
                      if roll < 0.45 else rng.choice(list(ClosureReason)))
            closures.append({"id": case.id, "person": case.person_id, "closed_on": closed,
                             "reason": reason.value})
    person_of = {c.id: c.person_id for c in cases}
    by_plan = {plan_id: person_of[case] for case, (plan_id, _, _) in plans.items()}
    tx.insert_many(t.evaluations, evaluations, [by_plan[e.plan_id] for e in evaluations])
    tx.insert_many(t.employments, jobs, [person_of[j.case_id] for j in jobs])
    tx.insert_many(t.income_changes, rises, [person_of[r.case_id] for r in rises])
    if closures:
        tx.conn.execute(t.cases.update().where(t.cases.c.id == sa.bindparam("case_id")).values(
            status=CaseStatus.CLOSED.value, closed_on=sa.bindparam("closed"),
            closure_reason=sa.bindparam("why"), version=2),
            [{"case_id": c["id"], "closed": c["closed_on"], "why": c["reason"]}
             for c in closures])
        digests = tx.digests(t.cases, [c["id"] for c in closures])
        tx.audit_many([("update", "cases", c["id"], c["person"],
                        ["status", "closed_on", "closure_reason"]) for c in closures],
                      [digests[c["id"]] for c in closures])
    return len(jobs)


__all__ = ["ScaleSummary", "load_scale"]
