"""Coordination meetings (支援調整会議) and their decisions on plans; each function is one
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.domain.access import Action
from psccore.domain.cases import Case, CaseStatus
from psccore.domain.convert import structure
from psccore.domain.program import CaseEventKind
from psccore.domain.workflow import (
    CoordinationMeeting,
    Decision,
    MeetingDecision,
    Plan,
    PlanStatus,
    Step,
    StepStatus,
)
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE, emit
from psccore.services.context import Context, WriteUnit
from psccore.services.workflow_rules import CASE_NOT_OPEN, PLAN, dates_within, staff_ids
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row, get

PLAN_NOT_DRAFT = Label("プラン {id} は「{status}」のため{decision}できません",
                       "plan {id} is {status}, so it cannot be given “{decision}”")
PLAN_TWICE = Label("プラン {plan} について2つの決定があります", "two decisions for plan {plan}")
BEFORE_DRAFTED = Label("会議の日付がプラン {id} の作成日（{drafted}）より前です",
                       "the meeting is before plan {id} was drafted ({drafted})")
NO_DECISIONS = Label("決定（承認・修正・支援終了）を1つ以上記録してください",
                     "record at least one decision (approve, revise, end)")


def record_meeting(ctx: Context, data: Mapping[str, Any],
                   decisions: Sequence[Mapping[str, Any]]) -> tuple[CoordinationMeeting,
                                                                   list[MeetingDecision]]:
    """Record a meeting and its decisions on plans, all at once or not at all.

    ``decisions``: ``{"plan_id": 3, "decision": "approve" | "revise" | "end", "reason": …}``.
    Only approval makes a plan active; it supersedes the case's earlier active plan.
    """
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        meeting, checked = _structured(data, decisions)
        if problems := dates_within("$.held_on", meeting.held_on, None, uow.today):
            raise InvalidInput(problems)
        staff_ids(uow.conn, meeting.staff, "$.staff")
        plans = _check_decisions(uow.tx, checked, meeting.held_on)
        for plan in plans:  # deciding on a plan writes to its case
            access.for_case(uow, plan.case_id, Action.WRITE)
        meeting = uow.tx.insert(t.meetings, meeting)
        written = []
        for decision, plan in zip(checked, plans, strict=True):
            case = get(uow.conn, t.cases, Case, plan.case_id, CASE)
            decision = uow.tx.insert(t.meeting_decisions,
                                     attrs.evolve(decision, meeting_id=meeting.id or 0),
                                     person_id=case.person_id)
            _apply(uow, case, plan, decision, meeting.held_on)
            written.append(decision)
        return meeting, written


def _structured(data: Mapping[str, Any], decisions: Sequence[Mapping[str, Any]]
                ) -> tuple[CoordinationMeeting, list[MeetingDecision]]:
    """The meeting and its decisions read at once: every problem is reported together,
    each decision's under ``$.decisions[i]`` (so a form shows it beside its plan)."""
    problems: list[Problem] = []
    meeting: CoordinationMeeting | None = None
    try:
        meeting = structure(dict(data), CoordinationMeeting)
    except InvalidInput as wrong:
        problems += wrong.problems
    if not decisions:
        problems.append(Problem("$.decisions", NO_DECISIONS))
    checked = []
    for i, decision in enumerate(decisions):
        try:
            checked.append(structure({**decision, "meeting_id": 0}, MeetingDecision))
        except InvalidInput as wrong:
            problems += [p._replace(path=f"$.decisions[{i}]{p.path[1:]}")
                         for p in wrong.problems]
    if problems or meeting is None:
        raise InvalidInput(problems)
    return meeting, checked


@attrs.frozen
class PlanToDecide:
    """A draft plan awaiting a coordination meeting, with whose case it is."""

    plan: Plan
    person_name: str


def plans_to_decide(ctx: Context) -> list[PlanToDecide]:
    """Draft plans of open cases the staff member may see in lists, oldest first."""
    c, p = t.cases, t.plans
    same = t.cases.alias("same_case")
    still_open = sa.exists().where(same.c.id == p.c.case_id,
                                   same.c.status == CaseStatus.OPEN.value)
    # the case's state asked of each draft (EXISTS), so that the drafts are read from their
    # own index (ix_plans_drafts) rather than every open case searched for drafts
    query = (sa.select(p, t.people.c.name.label("person_name"))
             .join(c, c.c.id == p.c.case_id).join(t.people, t.people.c.id == c.c.person_id)
             .where(p.c.status == PlanStatus.DRAFT.value, still_open))
    with ctx.read() as uow:
        if (visible := access.visible_cases(uow.registry, uow.grants())) is not None:
            query = query.where(visible)
        rows = uow.conn.execute(query.order_by(p.c.created_on, p.c.id)).all()
        return [PlanToDecide(from_row(r, Plan), r.person_name) for r in rows]


def _check_decisions(tx: Transaction, decisions: Sequence[MeetingDecision],
                     held_on: dt.date) -> list[Plan]:
    plans, seen, problems = [], set(), []
    for i, decision in enumerate(decisions):
        plan = get(tx.conn, t.plans, Plan, decision.plan_id, PLAN)
        plans.append(plan)
        if plan.id in seen:
            problems.append(Problem(f"$.decisions[{i}].plan_id", PLAN_TWICE, {"plan": plan.id}))
        seen.add(plan.id)
        allowed = ((PlanStatus.DRAFT,) if decision.decision is not Decision.END
                   else (PlanStatus.DRAFT, PlanStatus.APPROVED))
        if plan.status not in allowed:
            problems.append(Problem(f"$.decisions[{i}].decision", PLAN_NOT_DRAFT,
                                    {"id": plan.id, "status": plan.status.label,
                                     "decision": decision.decision.label}))
        if held_on < plan.created_on:
            problems.append(Problem(f"$.decisions[{i}].plan_id", BEFORE_DRAFTED,
                                    {"id": plan.id, "drafted": plan.created_on}))
        case = get(tx.conn, t.cases, Case, plan.case_id, CASE)
        if case.status is not CaseStatus.OPEN:
            problems.append(Problem(f"$.decisions[{i}].plan_id", CASE_NOT_OPEN, {"id": case.id}))
    if problems:
        raise InvalidInput(problems)
    return plans


def _apply(uow: WriteUnit, case: Case, plan: Plan, decision: MeetingDecision,
           held_on: dt.date) -> None:
    tx = uow.tx
    if decision.decision is Decision.APPROVE:
        for row in tx.conn.execute(sa.select(t.plans).where(
                t.plans.c.case_id == case.id, t.plans.c.id != plan.id,
                t.plans.c.status.in_([PlanStatus.APPROVED.value,
                                      PlanStatus.REVISION_REQUESTED.value]))).all():
            earlier = from_row(row, Plan)
            tx.update(t.plans, earlier, attrs.evolve(earlier, status=PlanStatus.SUPERSEDED),
                      person_id=case.person_id)
            wind_down(tx, earlier, held_on, case.person_id)
        tx.update(t.plans, plan, attrs.evolve(plan, status=PlanStatus.APPROVED,
                                              approved_on=held_on), person_id=case.person_id)
        emit(uow, CaseEventKind.PLAN_APPROVED, case, plan_id=plan.id,
             meeting_id=decision.meeting_id)
    elif decision.decision is Decision.REVISE:
        tx.update(t.plans, plan, attrs.evolve(plan, status=PlanStatus.REVISION_REQUESTED),
                  person_id=case.person_id)
    else:
        tx.update(t.plans, plan, attrs.evolve(plan, status=PlanStatus.ENDED),
                  person_id=case.person_id)
        wind_down(tx, plan, held_on, case.person_id)


def wind_down(tx: Transaction, plan: Plan, on: dt.date, person_id: int) -> None:
    """A plan that stops: its started steps end on ``on``, its planned ones are cancelled."""
    rows = tx.conn.execute(sa.select(t.plan_steps).where(t.plan_steps.c.plan_id == plan.id)).all()
    for step in (from_row(r, Step) for r in rows):
        if step.status is StepStatus.STARTED:
            ended = attrs.evolve(step, status=StepStatus.ENDED,
                                 ended_on=max(on, step.started_on or on))
        elif step.status is StepStatus.PLANNED:
            ended = attrs.evolve(step, status=StepStatus.CANCELLED)
        else:
            continue
        tx.update(t.plan_steps, step, ended, person_id=person_id)
