"""What a case went through (timeline) and what staff must do next (agenda)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.cases import Case, CaseStatus
from psccore.domain.catalogues import ClosureReason, ContactKind
from psccore.domain.workflow import Decision, GoalResult, NextAction, PlanStatus, StepStatus
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE
from psccore.services.context import Context
from psccore.services.programs import Participant, participants
from psccore.store import tables as t
from psccore.store.db import get


@attrs.frozen
class TimelineEntry:
    on: dt.date
    kind: str  # opened, enrolled, assessment, plan, decision, step, record, evaluation, closed
    text: str
    ref: int | None = None


_T = {
    "opened": Label("ケース受付", "case opened"),
    "reopened": Label("ケース受付（ケース {prev} の再開）", "case opened (re-opening case {prev})"),
    "enrolled": Label("事業利用開始: {program}", "enrolled in {program}"),
    "assessment": Label("アセスメント第{n}回（{stage}）", "assessment no. {n} ({stage})"),
    "plan": Label("プラン第{n}版を作成: {goal}", "plan version {n} drafted: {goal}"),
    "decision": Label("支援調整会議: プラン第{n}版を{decision}{reason}",
                      "coordination meeting: plan version {n}, {decision}{reason}"),
    "step_started": Label("ステップ開始: {program}.{kind}", "step started: {program}.{kind}"),
    "step_ended": Label("ステップ{status}: {program}.{kind}", "step {status}: {program}.{kind}"),
    "record": Label("{kind}: {summary}", "{kind}: {summary}"),
    "evaluation": Label("評価（プラン第{n}版）: {results} → {next}",
                        "evaluation (plan version {n}): {results} → {next}"),
    "internship": Label("職業体験実習: {employer}（{days}日間、{end}まで）",
                        "internship at {employer} ({days} days, until {end})"),
    "training": Label("就労訓練: {employer}（{end}まで）", "certified training at {employer} (until {end})"),
    "employment": Label("就労決定: {employer}", "employed: {employer}"),
    "retention": Label("定着支援（{month}か月後）: {state}", "retention follow-up ({month} months): {state}"),
    "still_employed": Label("就労継続中", "still employed"),
    "left_job": Label("離職", "left the job"),
    "closed": Label("終結: {reason}", "closed: {reason}"),
}


def timeline(ctx: Context, case_id: int) -> list[TimelineEntry]:
    """Every event of a case, oldest first."""
    names = {code: p.label.text() for code, p in ctx.registry.programs.items()}
    with ctx.read() as uow:
        found = access.for_case(uow, case_id, Action.READ)
        visible = access.visible_programs(uow.registry, found)
        hidden = set() if visible is None else set(ctx.registry.programs) - visible
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        entries = list(_events(uow.conn, case, names, hidden))
    order = list(_T)
    return sorted(entries, key=lambda e: (e.on, order.index(e.kind.split(":")[0]), e.ref or 0))


def _events(conn: Connection, case: Case, names: dict[str, str],
            hidden: set[str]) -> Iterator[TimelineEntry]:
    """``hidden``: programs whose part in the case the reader must not learn."""
    if case.previous_case_id:
        yield TimelineEntry(case.opened_on, "reopened",
                            _T["reopened"].format(prev=case.previous_case_id), case.id)
    else:
        yield TimelineEntry(case.opened_on, "opened", _T["opened"].format(), case.id)
    for row in conn.execute(sa.select(t.enrollments).where(t.enrollments.c.case_id == case.id,
                                                           t.enrollments.c.program.not_in(hidden))):
        yield TimelineEntry(row.enrolled_on, "enrolled",
                            _T["enrolled"].format(program=names.get(row.program, row.program)),
                            row.id)
    from psccore.domain.catalogues import AutonomyStage

    for row in conn.execute(sa.select(t.assessments).where(t.assessments.c.case_id == case.id)):
        yield TimelineEntry(row.assessed_on, "assessment", _T["assessment"].format(
            n=row.number, stage=AutonomyStage.of(row.autonomy_stage).label), row.id)
    plans = {row.id: row for row in
             conn.execute(sa.select(t.plans).where(t.plans.c.case_id == case.id))}
    for row in plans.values():
        yield TimelineEntry(row.created_on, "plan", _T["plan"].format(
            n=row.number, goal=row.long_term_goal), row.id)
    yield from _plan_events(conn, plans, hidden)
    for row in conn.execute(sa.select(t.support_records)
                            .where(t.support_records.c.case_id == case.id)):
        yield TimelineEntry(row.on, "record", _T["record"].format(
            kind=ContactKind.of(row.kind).label, summary=row.summary), row.id)
    yield from _placement_events(conn, case)
    if case.status is CaseStatus.CLOSED and case.closed_on and case.closure_reason:
        reason = case.closure_reason.label.text() + (f"（{case.closure_note}）"
                                                     if case.closure_note else "")
        yield TimelineEntry(case.closed_on, "closed", _T["closed"].format(reason=reason), case.id)


def _placement_events(conn: Connection, case: Case) -> Iterator[TimelineEntry]:
    employer = t.employers.c.name
    for row in conn.execute(sa.select(t.internships, employer).join(
            t.employers, t.employers.c.id == t.internships.c.host_id)
            .where(t.internships.c.case_id == case.id)):
        yield TimelineEntry(row.start_on, "internship", _T["internship"].format(
            employer=row.name, days=row.days, end=row.end_on), row.id)
    for row in conn.execute(sa.select(t.trainings, employer).join(
            t.employers, t.employers.c.id == t.trainings.c.provider_id)
            .where(t.trainings.c.case_id == case.id)):
        yield TimelineEntry(row.start_on, "training", _T["training"].format(
            employer=row.name, end=row.end_on), row.id)
    for row in conn.execute(sa.select(t.employments, employer.label("registered"))
                            .outerjoin(t.employers).where(t.employments.c.case_id == case.id)):
        yield TimelineEntry(row.start_on, "employment", _T["employment"].format(
            employer=row.registered or row.employer_name), row.id)
        for check in conn.execute(sa.select(t.retention_checks).where(
                t.retention_checks.c.employment_id == row.id,
                t.retention_checks.c.done_on.is_not(None))):
            state = _T["still_employed"] if check.still_employed else _T["left_job"]
            yield TimelineEntry(check.done_on, "retention", _T["retention"].format(
                month=check.month, state=state), check.id)


def _plan_events(conn: Connection, plans: dict[int, Any],
                 hidden: set[str]) -> Iterator[TimelineEntry]:
    ids = list(plans)
    for row in conn.execute(sa.select(t.meeting_decisions, t.meetings.c.held_on)
                            .join(t.meetings).where(t.meeting_decisions.c.plan_id.in_(ids))):
        reason = f"（{row.reason}）" if row.reason else ""
        yield TimelineEntry(row.held_on, "decision", _T["decision"].format(
            n=plans[row.plan_id].number, decision=Decision.of(row.decision).label, reason=reason),
            row.id)
    for row in conn.execute(sa.select(t.plan_steps).where(t.plan_steps.c.plan_id.in_(ids),
                                                          t.plan_steps.c.program.not_in(hidden))):
        if row.started_on:
            yield TimelineEntry(row.started_on, "step_started", _T["step_started"].format(
                program=row.program, kind=row.kind), row.id)
        if row.ended_on:
            yield TimelineEntry(row.ended_on, "step_ended", _T["step_ended"].format(
                status=StepStatus.of(row.status).label, program=row.program, kind=row.kind), row.id)
    for row in conn.execute(sa.select(t.evaluations).where(t.evaluations.c.plan_id.in_(ids))):
        results = ", ".join(GoalResult.of(r["result"]).label.text() for r in row.results) or "-"
        yield TimelineEntry(row.evaluated_on, "evaluation", _T["evaluation"].format(
            n=plans[row.plan_id].number, results=results,
            next=NextAction.of(row.next_action).label), row.id)


# --- agenda ------------------------------------------------------------------------------

@attrs.frozen
class AgendaQuery:
    """Whose agenda, for which program, as of when, and how far ahead; at most ``limit``
    items (the soonest), when given.

    A program's ``agenda`` method reads only the open cases in scope through
    :meth:`participants` or :meth:`enrollments` (subqueries, never id lists)."""

    today: dt.date
    staff_id: int | None = None
    program: str | None = None
    days_ahead: int = 14
    no_contact_days: int = 30
    monitoring_days: int = 90
    limit: int | None = None
    #: Programs the reader may read (``None``: all); set by the agenda itself.
    readable: frozenset[str] | None = attrs.field(default=None, repr=False)

    @property
    def horizon(self) -> dt.date:
        return self.today + dt.timedelta(days=self.days_ahead)

    def cases(self) -> sa.Select[Any]:
        """The open cases in scope (id, person's name): the reader's programs, the
        staff member's cases (assigned, or a step of theirs), the program asked for."""
        select = (sa.select(t.cases.c.id, t.people.c.name).join(t.people)
                  .where(t.cases.c.status == CaseStatus.OPEN.value))
        if self.readable is not None:  # only cases the staff member may read
            select = select.where(t.cases.c.id.in_(sa.select(t.enrollments.c.case_id).where(
                t.enrollments.c.program.in_(sorted(self.readable)))))
        if self.staff_id is not None:
            mine = sa.select(t.plans.c.case_id).join(t.plan_steps).where(
                t.plan_steps.c.staff_id == self.staff_id)
            select = select.where(sa.or_(t.cases.c.assigned_staff_id == self.staff_id,
                                         t.cases.c.id.in_(mine)))
        if self.program:
            select = select.where(t.cases.c.id.in_(sa.select(t.enrollments.c.case_id).where(
                t.enrollments.c.program == self.program)))
        return select

    def case_ids(self) -> sa.Select[Any]:
        """The ids of :meth:`cases`, for ``column.in_(…)``."""
        scope = self.cases().subquery()
        return sa.select(scope.c.id)

    def enrollments(self, program: str) -> sa.Select[Any]:
        """The ids of the enrollments in ``program`` of the open cases in scope."""
        e = t.enrollments
        return sa.select(e.c.id).where(e.c.program == program,
                                       e.c.case_id.in_(self.case_ids()))

    def participants(self, conn: Connection, program: str) -> list[Participant]:
        """Those enrolled in ``program`` whose case is open and in scope, by kana (one
        query)."""
        return participants(conn, program, self.enrollments(program))


@attrs.frozen
class AgendaItem:
    """Something to do by ``due_on``. An item of the office rather than of one case
    (e.g. a program's work order) has no ``case_id`` and names its ``program``; an item
    that names its ``program`` shows only to staff who may read that program."""

    due_on: dt.date
    kind: str
    case_id: int | None
    person_name: str | None
    text: str
    late: bool
    program: str | None = None
    staff_id: int | None = None  # who is responsible, when not the case's staff


_A = {
    "monitoring": Label("モニタリング（プラン第{n}版の評価）", "monitoring (evaluate plan version {n})"),
    "plan_expiring": Label("プラン第{n}版の期間が終わります", "plan version {n} ends"),
    "step_starting": Label("ステップ開始予定: {program}.{kind}", "step to start: {program}.{kind}"),
    "step_ending": Label("ステップ終了予定: {program}.{kind}", "step to end: {program}.{kind}"),
    "no_contact": Label("{days}日間連絡がありません", "no contact for {days} days"),
    "meeting": Label("プラン第{n}版を支援調整会議へ", "take plan version {n} to a coordination meeting"),
    "retention": Label("定着支援（就労{month}か月後）: {employer}",
                       "retention follow-up ({month} months into the job): {employer}"),
}


@attrs.frozen
class AgendaPage:
    """The soonest items (at most the query's ``limit``) and how many there are in all."""

    items: list[AgendaItem]
    total: int


def agenda(ctx: Context, query: AgendaQuery) -> list[AgendaItem]:
    """What is due by ``query.horizon`` or late, for open cases in scope; soonest first
    (at most ``query.limit``)."""
    return agenda_page(ctx, query).items


def agenda_page(ctx: Context, query: AgendaQuery) -> AgendaPage:
    """The agenda, with the count of all its items (\"50 of 13,000 shown\")."""
    items: list[AgendaItem] = []
    with ctx.read() as uow:
        readable = access.visible_programs(uow.registry, uow.grants())
        if readable is not None and query.program is not None \
                and query.program not in readable:
            return AgendaPage([], 0)  # asking by a hidden program must not tell who takes part
        query = attrs.evolve(query, readable=None if readable is None else frozenset(readable))
        cases = {row.id: row.name for row in uow.conn.execute(query.cases())}
        if cases:
            items += _plan_items(uow.conn, query, cases, readable)
            items += _contact_items(uow.conn, query, cases)
            items += _retention_items(uow.conn, query, cases)

        def register(item: AgendaItem) -> None:
            if item.program is not None and not _program_in_scope(item.program, query, readable):
                return  # a program's item is for those who may read that program
            if item.case_id in cases or (item.case_id is None and item.program is not None
                                         and _staff_in_scope(item, query)):
                items.append(item)

        uow.registry.hooks.agenda(query, uow.conn, register)
    items.sort(key=lambda i: (i.due_on, i.case_id or 0, i.kind))
    return AgendaPage(items if query.limit is None else items[:query.limit], len(items))


def _program_in_scope(program: str, query: AgendaQuery, readable: set[str] | None) -> bool:
    return (readable is None or program in readable) and query.program in (None, program)


def _staff_in_scope(item: AgendaItem, query: AgendaQuery) -> bool:
    """An office item is in one staff member's agenda when it is theirs or nobody's."""
    return query.staff_id is None or item.staff_id in (None, query.staff_id)


def _item(query: AgendaQuery, cases: dict[int, str], due: dt.date, item_kind: str,
          case_id: int, **params: Any) -> AgendaItem:
    return AgendaItem(due, item_kind, case_id, cases[case_id], _A[item_kind].format(**params),
                      due < query.today)


def _adder(items: list[AgendaItem], query: AgendaQuery, cases: dict[int, str],
           plan: Any) -> Callable[..., None]:
    def add(due: dt.date, item_kind: str, **params: Any) -> None:
        items.append(_item(query, cases, due, item_kind, plan.case_id, n=plan.number, **params))

    return add


def _plan_items(conn: Connection, query: AgendaQuery, cases: dict[int, str],
                visible: set[str] | None) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    p, ev = t.plans, t.evaluations
    last_eval = (sa.select(sa.func.max(ev.c.evaluated_on)).where(ev.c.plan_id == p.c.id)
                 .scalar_subquery())
    current = sa.and_(p.c.case_id.in_(query.case_ids()), p.c.status.in_(
        [PlanStatus.APPROVED.value, PlanStatus.DRAFT.value]))
    plans = conn.execute(sa.select(p.c.id, p.c.case_id, p.c.number, p.c.status, p.c.created_on,
                                   p.c.approved_on, p.c.period_end,
                                   sa.type_coerce(last_eval, sa.Date).label("evaluated"))
                         .where(current)).all()
    steps: dict[int, list[Any]] = {}
    for step in conn.execute(sa.select(t.plan_steps).join(p).where(  # one query for all plans
            current,
            t.plan_steps.c.status.in_([StepStatus.PLANNED.value, StepStatus.STARTED.value]))):
        steps.setdefault(step.plan_id, []).append(step)
    for plan in plans:
        add = _adder(items, query, cases, plan)
        if plan.status == PlanStatus.DRAFT.value:
            add(plan.created_on + dt.timedelta(days=14), "meeting")
            continue
        since = plan.evaluated or plan.approved_on
        due = since + dt.timedelta(days=query.monitoring_days)
        if due <= query.horizon:
            add(due, "monitoring")
        if plan.period_end <= query.horizon:
            add(plan.period_end, "plan_expiring")
        for step in steps.get(plan.id, []):
            if visible is not None and step.program not in visible:
                continue  # a step of a program the reader may not see
            if query.staff_id is not None and step.staff_id not in (None, query.staff_id):
                continue
            if step.status == StepStatus.PLANNED.value and step.start_on <= query.horizon:
                add(step.start_on, "step_starting", program=step.program, kind=step.kind)
            elif step.status == StepStatus.STARTED.value and step.end_on and \
                    step.end_on <= query.horizon:
                add(step.end_on, "step_ending", program=step.program, kind=step.kind)
    return items


def _retention_items(conn: Connection, query: AgendaQuery,
                    cases: dict[int, str]) -> list[AgendaItem]:
    rc, e = t.retention_checks, t.employments
    rows = conn.execute(
        sa.select(rc.c.due_on, rc.c.month, e.c.case_id, e.c.employer_name,
                  t.employers.c.name.label("registered"))
        .join(e, e.c.id == rc.c.employment_id).outerjoin(t.employers)
        .where(e.c.case_id.in_(query.case_ids()), rc.c.done_on.is_(None),
               e.c.ended_on.is_(None),
               rc.c.due_on <= query.horizon))
    return [_item(query, cases, r.due_on, "retention", r.case_id, month=r.month,
                  employer=r.registered or r.employer_name) for r in rows]


def _contact_items(conn: Connection, query: AgendaQuery,
                   cases: dict[int, str]) -> list[AgendaItem]:
    """Cases with no support record (or none since opening) for ``no_contact_days``."""
    c, r = t.cases, t.support_records
    last = sa.select(sa.func.max(r.c.on)).where(r.c.case_id == c.c.id).scalar_subquery()
    contact = sa.type_coerce(sa.func.coalesce(last, c.c.opened_on), sa.Date)
    quiet_since = query.today - dt.timedelta(days=query.no_contact_days)
    rows = conn.execute(sa.select(c.c.id, contact.label("contact")).where(
        c.c.id.in_(query.case_ids()), contact <= quiet_since))
    return [_item(query, cases, row.contact + dt.timedelta(days=query.no_contact_days),
                  "no_contact", row.id, days=(query.today - row.contact).days) for row in rows]


__all__ = ["AgendaItem", "AgendaPage", "AgendaQuery", "ClosureReason", "TimelineEntry", "agenda", "timeline"]
