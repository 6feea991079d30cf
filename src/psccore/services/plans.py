"""Plans and their steps: draft, re-plan, show, start and end steps. Every rule across
records is checked before anything is written; each function is one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.cases import Case
from psccore.domain.convert import structure
from psccore.domain.program import CaseEventKind, SupportMenuItem
from psccore.domain.workflow import (
    Evaluation,
    Goal,
    MeetingDecision,
    Plan,
    PlanStatus,
    Step,
    StepStatus,
)
from psccore.errors import InvalidInput, Problem, PscError
from psccore.i18n import Label
from psccore.plugins import PLUGIN_FAILED, PluginError
from psccore.services import access
from psccore.services.case_events import emit
from psccore.services.context import Context, WriteUnit
from psccore.services.workflow_rules import (
    PLAN,
    STEP,
    dates_within,
    fail,
    next_number,
    open_case_for_update,
    staff_ids,
    unknown_keys,
)
from psccore.store import tables as t
from psccore.store.db import from_row, get

NOT_ON_MENU = Label("{program}.{kind} は支援メニューにありません", "{program}.{kind} is not on the support menu")
NOT_ENROLLED = Label("このケースは{program}を利用していません（psc case enroll）",
                     "the case is not enrolled in {program} (psc case enroll)")
PLAN_NOT_APPROVED = Label("プラン {id} はまだ支援調整会議で承認されていません（{status}）",
                          "plan {id} has not been approved at a coordination meeting ({status})")
STEP_WRONG_STATUS = Label("ステップ {id} は「{status}」です", "step {id} is {status}")
BEFORE_APPROVAL = Label("プランの承認日（{approved}）より前です",
                        "is before the plan was approved ({approved})")
STEP_OUTSIDE_PERIOD = Label("プランの期間（{earliest}〜{latest}）の外です",
                            "is outside the plan period ({earliest} to {latest})")
ENDS_BEFORE_STARTED = Label("開始日（{started}）より前に終了できません",
                            "cannot end before it started ({started})")
_T = TypeVar("_T")
NEWER_DRAFT = Label("ケースにはすでに作成中のプラン {id} があります",
                    "the case already has plan {id} in progress")


@attrs.frozen
class PlanDetail:
    """A plan with its goals and steps in order, the coordination meetings'
    decisions on it and its evaluations."""

    plan: Plan
    goals: list[Goal]
    steps: list[Step]
    decisions: list[MeetingDecision]
    evaluations: list[Evaluation]


def draft_plan(ctx: Context, case_id: int, data: Mapping[str, Any],
               today: dt.date | None = None) -> PlanDetail:
    """Write a plan draft with its goals and steps (``steps[i].staff`` is a login)."""
    with ctx.write() as uow:
        access.for_case(uow, case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, case_id)
        draft = _current_draft(uow.conn, case_id)
        if draft is not None:
            raise fail("$.case_id", NEWER_DRAFT, id=draft.id)
        return _write_plan(uow, case, dict(data), today or uow.today)


def _current_draft(conn: Connection, case_id: int) -> Plan | None:
    row = conn.execute(sa.select(t.plans).where(
        t.plans.c.case_id == case_id, t.plans.c.status == PlanStatus.DRAFT.value)).first()
    return None if row is None else from_row(row, Plan)


PLAN_KEYS = {"wishes", "problems", "long_term_goal", "period_start", "period_end",
             "points_of_care", "employment_support", "goals", "steps"}
GOAL_KEYS = {"text", "short_term", "target_date"}
STEP_KEYS = {"program", "kind", "start_on", "end_on", "staff", "note"}


def _allowed(data: Mapping[str, Any]) -> None:
    """Callers give a plan's content; its status, number and dates are the service's."""
    problems = unknown_keys(data, PLAN_KEYS, "$")
    for key, allowed in (("goals", GOAL_KEYS), ("steps", STEP_KEYS)):
        items = data.get(key) or []
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, Mapping):
                problems += unknown_keys(item, allowed, f"$.{key}[{i}]")
    if problems:
        raise InvalidInput(problems)


def _write_plan(uow: WriteUnit, case: Case, data: dict[str, Any],
                today: dt.date) -> PlanDetail:
    tx = uow.tx
    _allowed(data)
    problems = dates_within("$.created_on", today, case.opened_on, uow.today)
    goals_in = list(data.pop("goals", []) or [])
    steps_in = list(data.pop("steps", []) or [])
    plan = _read(problems, "$", {**data, "case_id": case.id, "created_on": today.isoformat(),
                                 "number": next_number(tx.conn, t.plans, case.id or 0)}, Plan)
    read_goals = [_read(problems, f"$.goals[{i}]", {**g, "position": i}, Goal)
                  for i, g in enumerate(goals_in)]
    logins = [s.get("staff") if isinstance(s, Mapping) else None for s in steps_in]
    ids = staff_ids(tx.conn, logins, "$.steps")
    read_steps = [_read(problems, f"$.steps[{i}]",
                        {**{k: v for k, v in s.items() if k != "staff"}, "position": i,
                         "staff_id": ids[i]}, Step) for i, s in enumerate(steps_in)]
    goals = [g for g in read_goals if g is not None]
    steps = [s for s in read_steps if s is not None]
    if problems or plan is None:
        raise InvalidInput(problems)  # every part read: all their problems reported at once
    for i, step in enumerate(steps):
        problems += dates_within(f"$.steps[{i}].start_on", step.start_on, plan.period_start,
                                 plan.period_end, STEP_OUTSIDE_PERIOD)
        if step.end_on:
            problems += dates_within(f"$.steps[{i}].end_on", step.end_on, plan.period_start,
                                     plan.period_end, STEP_OUTSIDE_PERIOD)
    if problems:
        raise InvalidInput(problems)
    _check_steps(uow, case, steps)
    plan = tx.insert(t.plans, plan, person_id=case.person_id)
    plan_id = plan.id or 0
    goals = [tx.insert(t.plan_goals, attrs.evolve(g, plan_id=plan_id), person_id=case.person_id)
             for g in goals]
    steps = [tx.insert(t.plan_steps, attrs.evolve(s, plan_id=plan_id), person_id=case.person_id)
             for s in steps]
    return PlanDetail(plan, goals, steps, [], [])


def _read(problems: list[Problem], path: str, data: object, cls: type[_T]) -> _T | None:
    """``data`` as ``cls``, or ``None`` with its problems added under ``path``."""
    try:
        return structure(data, cls)
    except InvalidInput as wrong:
        problems += [p._replace(path=path + p.path[1:]) for p in wrong.problems]
        return None


def _check_steps(uow: WriteUnit, case: Case, steps: Sequence[Step]) -> None:
    """Steps may name programs the case is not enrolled in yet: the plan is the
    application to them (プラン兼事業等利用申込書); a step starts once the case is."""
    menu = {(m.program, m.kind): m for m in uow.registry.menu}
    problems = []
    for i, step in enumerate(steps):
        item = menu.get((step.program, step.kind))
        if item is None:
            problems.append(Problem(f"$.steps[{i}].kind", NOT_ON_MENU,
                                    {"program": step.program, "kind": step.kind}))
        elif item.period_rule is not None and step.status is StepStatus.PLANNED:
            problems += [p._replace(path=f"$.steps[{i}]{p.path[1:]}")
                         for p in _period_problems(item, step)]
    if problems:
        raise InvalidInput(problems)


def _period_problems(item: SupportMenuItem, step: Step) -> list[Problem]:
    """The program's rule for the step's dates; its failure is named, not a traceback."""
    assert item.period_rule is not None
    try:
        return list(item.period_rule(step.start_on, step.end_on))
    except PscError:
        raise
    except Exception as exc:
        raise PluginError(PLUGIN_FAILED, name=item.program,
                          error=f"{item.kind}: {type(exc).__name__}: {exc}") from exc


def replan(ctx: Context, plan_id: int, changes: Mapping[str, Any],
           today: dt.date | None = None) -> PlanDetail:
    """A new draft from an earlier plan: its goals and unfinished steps, with ``changes``.

    The earlier plan stays as it is (and readable) until the new one is approved.
    """
    with ctx.write() as uow:
        old = _plan_detail(uow.conn, get(uow.conn, t.plans, Plan, plan_id, PLAN))
        access.for_case(uow, old.plan.case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, old.plan.case_id)
        draft = _current_draft(uow.conn, case.id or 0)
        if draft is not None:
            raise fail("$.plan_id", NEWER_DRAFT, id=draft.id)
        keep = ("wishes", "problems", "long_term_goal", "period_start", "period_end",
                "points_of_care", "employment_support")
        data: dict[str, Any] = {k: getattr(old.plan, k) for k in keep}
        data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}
        logins = _logins(uow.conn)
        data["goals"] = [{"text": g.text, "short_term": g.short_term,
                          "target_date": g.target_date} for g in old.goals]
        data["steps"] = [{"program": s.program, "kind": s.kind, "start_on": s.start_on,
                          "end_on": s.end_on, "note": s.note,
                          "staff": logins.get(s.staff_id or 0)}
                         for s in old.steps if s.status in (StepStatus.PLANNED, StepStatus.STARTED)]
        data.update(changes)
        return _write_plan(uow, case, data, today or uow.today)


def _logins(conn: Connection) -> dict[int, str]:
    return {row.id: row.login for row in conn.execute(sa.select(t.staff.c.id, t.staff.c.login))}


def get_plan(ctx: Context, plan_id: int) -> PlanDetail:
    with ctx.read() as uow:
        plan = get(uow.conn, t.plans, Plan, plan_id, PLAN)
        access.for_case(uow, plan.case_id, Action.READ)
        return _plan_detail(uow.conn, plan)


def list_plans(ctx: Context, case_id: int) -> list[PlanDetail]:
    with ctx.read() as uow:
        access.for_case(uow, case_id, Action.READ)
        rows = uow.conn.execute(sa.select(t.plans).where(t.plans.c.case_id == case_id)
                                .order_by(t.plans.c.number))
        return [_plan_detail(uow.conn, from_row(r, Plan)) for r in rows]


def _plan_detail(conn: Connection, plan: Plan) -> PlanDetail:
    def rows(table: sa.Table, cls: type[Any], order: sa.Column[Any]) -> list[Any]:
        query = sa.select(table).where(table.c.plan_id == plan.id).order_by(order)
        return [from_row(r, cls) for r in conn.execute(query)]

    return PlanDetail(
        plan,
        rows(t.plan_goals, Goal, t.plan_goals.c.position),
        rows(t.plan_steps, Step, t.plan_steps.c.position),
        rows(t.meeting_decisions, MeetingDecision, t.meeting_decisions.c.id),
        rows(t.evaluations, Evaluation, t.evaluations.c.id),
    )


def start_step(ctx: Context, step_id: int, on: dt.date | None = None) -> Step:
    return _move_step(ctx, step_id, on, StepStatus.PLANNED, StepStatus.STARTED)


def end_step(ctx: Context, step_id: int, on: dt.date | None = None,
             cancelled: bool = False) -> Step:
    target = StepStatus.CANCELLED if cancelled else StepStatus.ENDED
    source = StepStatus.PLANNED if cancelled else StepStatus.STARTED
    return _move_step(ctx, step_id, on, source, target)


def _move_step(ctx: Context, step_id: int, day: dt.date | None, source: StepStatus,
               target: StepStatus) -> Step:
    with ctx.write() as uow:
        on = day or uow.today
        step = get(uow.conn, t.plan_steps, Step, step_id, STEP)
        plan = get(uow.conn, t.plans, Plan, step.plan_id, PLAN)
        access.for_case(uow, plan.case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, plan.case_id)
        if plan.status is not PlanStatus.APPROVED:
            raise fail("$.step_id", PLAN_NOT_APPROVED, id=plan.id, status=plan.status.label)
        if step.status is not source:
            raise fail("$.step_id", STEP_WRONG_STATUS, id=step.id, status=step.status.label)
        if plan.approved_on and on < plan.approved_on:
            raise fail("$.on", BEFORE_APPROVAL, approved=plan.approved_on)
        if step.started_on and on < step.started_on:
            raise fail("$.on", ENDS_BEFORE_STARTED, started=step.started_on)
        if problems := dates_within("$.on", on, None, uow.today):
            raise InvalidInput(problems)
        if target is StepStatus.STARTED and not uow.conn.execute(sa.select(
                t.enrollments.c.id).where(t.enrollments.c.case_id == case.id,
                                          t.enrollments.c.program == step.program)).first():
            known = uow.registry.program(step.program)
            raise fail("$.step_id", NOT_ENROLLED,  # named as staff know it, not by its code
                       program=known.label if known else step.program)
        if target is StepStatus.STARTED:
            after = attrs.evolve(step, status=target, started_on=on)
        else:
            after = attrs.evolve(step, status=target, ended_on=on)
        moved = uow.tx.update(t.plan_steps, step, after, person_id=case.person_id)
        kind = (CaseEventKind.STEP_STARTED if target is StepStatus.STARTED
                else CaseEventKind.STEP_ENDED)
        emit(uow, kind, case, plan_id=plan.id, step_id=step.id, program=step.program,
             step_kind=step.kind, on=on, status=target.value, start_on=step.start_on,
             end_on=step.end_on, staff_id=step.staff_id)
        return moved
