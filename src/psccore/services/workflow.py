"""The support workflow: assess, plan, decide at a coordination meeting, carry out
steps, record contacts, evaluate. Every rule across records is checked here,
before anything is written; each function is one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.cases import Case, CaseStatus
from psccore.domain.convert import structure
from psccore.domain.program import CaseEventKind, SupportMenuItem
from psccore.domain.workflow import (
    Assessment,
    CoordinationMeeting,
    Decision,
    Evaluation,
    Goal,
    MeetingDecision,
    Plan,
    PlanStatus,
    Step,
    StepStatus,
    SupportRecord,
)
from psccore.errors import InvalidInput, Problem, PscError
from psccore.i18n import Label
from psccore.plugins import PLUGIN_FAILED, PluginError
from psccore.services import access
from psccore.services.cases import CASE, emit
from psccore.services.context import Context, WriteUnit
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row, get

PLAN = Label("プラン", "plan")
STEP = Label("ステップ", "step")
CASE_NOT_OPEN = Label("ケース {id} は終結しています", "case {id} is closed")
NOT_ON_MENU = Label("{program}.{kind} は支援メニューにありません", "{program}.{kind} is not on the support menu")
NOT_ENROLLED = Label("このケースは {program} を利用していません（psc case enroll）",
                     "the case is not enrolled in {program} (psc case enroll)")
UNKNOWN_LOGIN = Label("職員 {login} は登録されていません", "staff member {login} is not registered")
PLAN_NOT_DRAFT = Label("プラン {id} は「{status}」のため{decision}できません",
                       "plan {id} is {status}, so it cannot be given “{decision}”")
PLAN_NOT_APPROVED = Label("プラン {id} はまだ支援調整会議で承認されていません（{status}）",
                          "plan {id} has not been approved at a coordination meeting ({status})")
STEP_WRONG_STATUS = Label("ステップ {id} は「{status}」です", "step {id} is {status}")
BEFORE_APPROVAL = Label("プランの承認日（{approved}）より前です",
                        "is before the plan was approved ({approved})")
GOAL_NOT_IN_PLAN = Label("目標 {goal} はプラン {plan} にありません", "goal {goal} is not in plan {plan}")
GOAL_TWICE = Label("目標 {goal} が2回評価されています", "goal {goal} is evaluated twice")
STEP_NOT_IN_CASE = Label("ステップ {step} はこのケースのものではありません",
                         "step {step} does not belong to this case")
PLAN_TWICE = Label("プラン {plan} について2つの決定があります", "two decisions for plan {plan}")
BEFORE_CASE = Label("ケースの受付日（{opened}）より前です", "is before the case was opened ({opened})")
BEFORE_DRAFTED = Label("会議の日付がプラン {id} の作成日（{drafted}）より前です",
                       "the meeting is before plan {id} was drafted ({drafted})")
NOT_IN_FUTURE = Label("未来の日付は入力できません", "cannot be in the future")
TOO_EARLY = Label("{earliest} より前の日付です", "is before {earliest}")
STEP_OUTSIDE_PERIOD = Label("プランの期間（{earliest}〜{latest}）の外です",
                            "is outside the plan period ({earliest} to {latest})")
ENDS_BEFORE_STARTED = Label("開始日（{started}）より前に終了できません",
                            "cannot end before it started ({started})")
NO_DECISIONS = Label("決定（承認・修正・支援終了）を1つ以上記録してください",
                     "record at least one decision (approve, revise, end)")
NEWER_DRAFT = Label("ケースにはすでに作成中のプラン {id} があります",
                    "the case already has plan {id} in progress")


@attrs.frozen
class PlanDetail:
    plan: Plan
    goals: list[Goal]
    steps: list[Step]
    decisions: list[MeetingDecision]
    evaluations: list[Evaluation]


def _fail(path: str, message: Label, **params: Any) -> InvalidInput:
    return InvalidInput([Problem(path, message, params)])


def unknown_keys(data: Mapping[str, Any], allowed: set[str], path: str) -> list[Problem]:
    from psccore.domain.convert import UNKNOWN_FIELDS

    extra = sorted(set(data) - allowed)
    return [Problem(path, UNKNOWN_FIELDS, {"names": ", ".join(extra)})] if extra else []


def dates_within(path: str, day: dt.date, earliest: dt.date | None, latest: dt.date,
                 message: Label | None = None) -> list[Problem]:
    """A date not after ``latest`` (the office's today, for "not in the future") and not
    before ``earliest``."""
    if day > latest:
        return [Problem(path, message or NOT_IN_FUTURE, {"earliest": earliest, "latest": latest})]
    if earliest is not None and day < earliest:
        return [Problem(path, message or TOO_EARLY, {"earliest": earliest, "latest": latest})]
    return []


def open_case_for_update(tx: Transaction, case_id: int) -> Case:
    case = get(tx.conn, t.cases, Case, case_id, CASE)
    if case.status is not CaseStatus.OPEN:
        raise _fail("$.case_id", CASE_NOT_OPEN, id=case_id)
    return case


def staff_ids(conn: Connection, logins: Sequence[str | None], path: str) -> list[int | None]:
    """Staff ids for logins (``None`` stays ``None``); unknown logins are input errors."""
    wanted = {login for login in logins if login}
    rows = conn.execute(sa.select(t.staff.c.login, t.staff.c.id)
                        .where(t.staff.c.login.in_(wanted))).all()
    found: dict[str, int] = {row.login: row.id for row in rows}
    problems = [Problem(f"{path}[{i}]", UNKNOWN_LOGIN, {"login": login})
                for i, login in enumerate(logins) if login and login not in found]
    if problems:
        raise InvalidInput(problems)
    return [found[login] if login else None for login in logins]


# --- assessment ----------------------------------------------------------------------

def record_assessment(ctx: Context, case_id: int, data: Mapping[str, Any]) -> Assessment:
    """Add an assessment; earlier ones stay, numbered in order."""
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_case(uow, case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, case_id)
        number = _next_number(uow.conn, t.assessments, case_id)
        assessment = structure({**data, "case_id": case_id, "number": number,
                                "staff_id": staff.id}, Assessment)
        if problems := dates_within("$.assessed_on", assessment.assessed_on, case.opened_on,
                                     uow.today):
            raise InvalidInput(problems)
        return uow.tx.insert(t.assessments, assessment, person_id=case.person_id)


def list_assessments(ctx: Context, case_id: int) -> list[Assessment]:
    with ctx.read() as uow:
        access.for_case(uow, case_id, Action.READ)
        rows = uow.conn.execute(sa.select(t.assessments).where(t.assessments.c.case_id == case_id)
                                .order_by(t.assessments.c.number))
        return [from_row(r, Assessment) for r in rows]


def _next_number(conn: Connection, table: sa.Table, case_id: int) -> int:
    current = conn.execute(sa.select(sa.func.max(table.c.number))
                           .where(table.c.case_id == case_id)).scalar()
    return int(current or 0) + 1


# --- plans ---------------------------------------------------------------------------

def draft_plan(ctx: Context, case_id: int, data: Mapping[str, Any],
               today: dt.date | None = None) -> PlanDetail:
    """Write a plan draft with its goals and steps (``steps[i].staff`` is a login)."""
    with ctx.write() as uow:
        access.for_case(uow, case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, case_id)
        draft = _current_draft(uow.conn, case_id)
        if draft is not None:
            raise _fail("$.case_id", NEWER_DRAFT, id=draft.id)
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
    plan = structure({**data, "case_id": case.id, "number": _next_number(tx.conn, t.plans, case.id or 0),
                      "created_on": today.isoformat()}, Plan)
    goals = structure([{**g, "position": i} for i, g in enumerate(goals_in)], list[Goal])
    logins = [s.get("staff") if isinstance(s, Mapping) else None for s in steps_in]
    ids = staff_ids(tx.conn, logins, "$.steps")
    steps = structure(
        [{**{k: v for k, v in s.items() if k != "staff"}, "position": i, "staff_id": ids[i]}
         for i, s in enumerate(steps_in)], list[Step])
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
            raise _fail("$.plan_id", NEWER_DRAFT, id=draft.id)
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


# --- coordination meeting ---------------------------------------------------------------

def record_meeting(ctx: Context, data: Mapping[str, Any],
                   decisions: Sequence[Mapping[str, Any]]) -> tuple[CoordinationMeeting,
                                                                   list[MeetingDecision]]:
    """Record a meeting and its decisions on plans, all at once or not at all.

    ``decisions``: ``{"plan_id": 3, "decision": "approve" | "revise" | "end", "reason": …}``.
    Only approval makes a plan active; it supersedes the case's earlier active plan.
    """
    meeting = structure(dict(data), CoordinationMeeting)
    if not decisions:
        raise _fail("$.decisions", NO_DECISIONS)
    with ctx.write() as uow:
        if problems := dates_within("$.held_on", meeting.held_on, None, uow.today):
            raise InvalidInput(problems)
        access.for_office(uow, Action.WRITE)
        staff_ids(uow.conn, meeting.staff, "$.staff")
        checked = [structure({**d, "meeting_id": 0}, MeetingDecision) for d in decisions]
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


# --- steps, records, evaluations ----------------------------------------------------------

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
            raise _fail("$.step_id", PLAN_NOT_APPROVED, id=plan.id, status=plan.status.label)
        if step.status is not source:
            raise _fail("$.step_id", STEP_WRONG_STATUS, id=step.id, status=step.status.label)
        if plan.approved_on and on < plan.approved_on:
            raise _fail("$.on", BEFORE_APPROVAL, approved=plan.approved_on)
        if step.started_on and on < step.started_on:
            raise _fail("$.on", ENDS_BEFORE_STARTED, started=step.started_on)
        if problems := dates_within("$.on", on, None, uow.today):
            raise InvalidInput(problems)
        if target is StepStatus.STARTED and not uow.conn.execute(sa.select(
                t.enrollments.c.id).where(t.enrollments.c.case_id == case.id,
                                          t.enrollments.c.program == step.program)).first():
            raise _fail("$.step_id", NOT_ENROLLED, program=step.program)
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


def add_record(ctx: Context, case_id: int, data: Mapping[str, Any]) -> SupportRecord:
    """A dated contact (支援経過記録), optionally about one plan step of the case."""
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_case(uow, case_id, Action.WRITE)
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        record = structure({"on": uow.today.isoformat(), **data, "case_id": case_id,
                            "staff_id": staff.id}, SupportRecord)
        if record.on < case.opened_on:
            raise _fail("$.on", BEFORE_CASE, opened=case.opened_on)
        if problems := dates_within("$.on", record.on, None, case.closed_on or uow.today):
            raise InvalidInput(problems)
        if record.step_id is not None:
            get(uow.conn, t.plan_steps, Step, record.step_id, STEP)
            owner = uow.conn.execute(sa.select(t.plans.c.case_id).join(
                t.plan_steps, t.plan_steps.c.plan_id == t.plans.c.id)
                .where(t.plan_steps.c.id == record.step_id)).scalar()
            if owner != case_id:
                raise _fail("$.step_id", STEP_NOT_IN_CASE, step=record.step_id)
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
