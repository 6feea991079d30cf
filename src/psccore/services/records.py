"""Support records (支援経過記録) and evaluations of a plan; each function is one
transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from psccore.domain.access import Action
from psccore.domain.cases import Case
from psccore.domain.convert import structure
from psccore.domain.workflow import (
    Evaluation,
    Plan,
    PlanStatus,
    Step,
    SupportRecord,
)
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE
from psccore.services.context import Context
from psccore.services.plans import BEFORE_APPROVAL, PLAN_NOT_APPROVED, _plan_detail
from psccore.services.workflow_rules import PLAN, STEP, dates_within, fail, open_case_for_update
from psccore.store import tables as t
from psccore.store.db import from_row, get

GOAL_NOT_IN_PLAN = Label("目標 {goal} はプラン {plan} にありません", "goal {goal} is not in plan {plan}")
GOAL_TWICE = Label("目標 {goal} が2回評価されています", "goal {goal} is evaluated twice")
STEP_NOT_IN_CASE = Label("ステップ {step} はこのケースのものではありません",
                         "step {step} does not belong to this case")
AFTER_CLOSURE = Label("終結日（{latest}）より後の記録はできません",
                      "cannot be after the case was closed ({latest})")
BEFORE_CASE = Label("ケースの受付日（{opened}）より前です", "is before the case was opened ({opened})")


def add_record(ctx: Context, case_id: int, data: Mapping[str, Any]) -> SupportRecord:
    """A dated contact (支援経過記録), optionally about one plan step of the case."""
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_case(uow, case_id, Action.WRITE)
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        record = structure({"on": uow.today.isoformat(), **data, "case_id": case_id,
                            "staff_id": staff.id}, SupportRecord)
        if record.on < case.opened_on:
            raise fail("$.on", BEFORE_CASE, opened=case.opened_on)
        # a closed case takes late entries of its contacts, none after its closure
        if problems := dates_within("$.on", record.on, None, case.closed_on or uow.today,
                                    AFTER_CLOSURE if case.closed_on else None):
            raise InvalidInput(problems)
        if record.step_id is not None:
            get(uow.conn, t.plan_steps, Step, record.step_id, STEP)
            owner = uow.conn.execute(sa.select(t.plans.c.case_id).join(
                t.plan_steps, t.plan_steps.c.plan_id == t.plans.c.id)
                .where(t.plan_steps.c.id == record.step_id)).scalar()
            if owner != case_id:
                raise fail("$.step_id", STEP_NOT_IN_CASE, step=record.step_id)
        return uow.tx.insert(t.support_records, record, person_id=case.person_id)


def evaluate(ctx: Context, plan_id: int, data: Mapping[str, Any]) -> Evaluation:
    """Monitoring: each goal achieved, partly or not, and what comes next."""
    with ctx.write() as uow:
        staff = uow.acting()
        detail = _plan_detail(uow.conn, get(uow.conn, t.plans, Plan, plan_id, PLAN))
        access.for_case(uow, detail.plan.case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, detail.plan.case_id)
        evaluation = structure({**data, "plan_id": plan_id, "staff_id": staff.id}, Evaluation)
        problems: list[Problem] = []
        if detail.plan.status is not PlanStatus.APPROVED:
            problems.append(Problem("$.plan_id", PLAN_NOT_APPROVED,
                                    {"id": plan_id, "status": detail.plan.status.label}))
        goal_ids, seen = {g.id for g in detail.goals}, set()
        for i, result in enumerate(evaluation.results):
            if result.goal_id not in goal_ids:
                problems.append(Problem(f"$.results[{i}].goal_id", GOAL_NOT_IN_PLAN,
                                        {"goal": result.goal_id, "plan": plan_id}))
            elif result.goal_id in seen:
                problems.append(Problem(f"$.results[{i}].goal_id", GOAL_TWICE,
                                        {"goal": result.goal_id}))
            seen.add(result.goal_id)
        problems += dates_within("$.evaluated_on", evaluation.evaluated_on, None, uow.today)
        approved = detail.plan.approved_on
        if approved and evaluation.evaluated_on < approved:
            problems.append(Problem("$.evaluated_on", BEFORE_APPROVAL, {"approved": approved}))
        if problems:
            raise InvalidInput(problems)
        return uow.tx.insert(t.evaluations, evaluation, person_id=case.person_id)


def list_records(ctx: Context, case_id: int) -> list[SupportRecord]:
    with ctx.read() as uow:
        access.for_case(uow, case_id, Action.READ)
        rows = uow.conn.execute(sa.select(t.support_records)
                                .where(t.support_records.c.case_id == case_id)
                                .order_by(t.support_records.c.on, t.support_records.c.id))
        return [from_row(r, SupportRecord) for r in rows]
