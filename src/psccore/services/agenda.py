"""What a case went through (timeline) and what staff must do next (agenda)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.cases import Case, CaseStatus
from psccore.domain.catalogues import ClosureReason, ContactKind
from psccore.domain.consent import ConsentKind
from psccore.domain.workflow import Decision, GoalResult, NextAction, PlanStatus, StepStatus
from psccore.i18n import Label
from psccore.plugins import Registry
from psccore.services import access
from psccore.services.case_events import CASE
from psccore.services.context import Context
from psccore.services.programs import Participant, participants
from psccore.store import tables as t
from psccore.store.db import get
from psccore.store.sql import among


@attrs.frozen
class TimelineEntry:
    """One event of a case's timeline: its day, its ``kind`` (``opened``, ``assessment``,
    ``plan``, ``decision``, ``step_started``, ``record``, ``closed``, … or a program's
    own), its text in the current language, the id of its record
    (``ref``) and who did it, where recorded."""

    on: dt.date
    kind: str  # opened, enrolled, assessment, plan, decision, step, record, evaluation, closed
    text: str
    ref: int | None = None
    staff: str | None = None  # who did it, where recorded


_T = {
    "opened": Label("ケース受付", "case opened"),
    "reopened": Label("ケース受付（ケース {prev} の再開）", "case opened (re-opening case {prev})"),
    "enrolled": Label("事業利用開始: {program}", "enrolled in {program}"),
    "assessment": Label("アセスメント第{n}回（{stage}）", "assessment no. {n} ({stage})"),
    "plan": Label("プラン第{n}版を作成: {goal}", "plan version {n} drafted: {goal}"),
    "decision": Label("支援調整会議: プラン第{n}版を{decision}{reason}",
                      "coordination meeting: plan version {n}, {decision}{reason}"),
    "step_started": Label("ステップ開始: {kind}（{program}）", "step started: {kind} ({program})"),
    "step_ended": Label("ステップ{status}: {kind}（{program}）", "step {status}: {kind} ({program})"),
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
    "assigned": Label("担当を{to}に{change}", "assigned to {to}{change}"),
    "consent": Label("同意（{recipient}、{until}まで）: {purpose}",
                     "consent ({recipient}, until {until}): {purpose}"),
    "consent_withdrawn": Label("同意の撤回（{recipient}）", "consent withdrawn ({recipient})"),
    "disclosure": Label("情報提供（{recipient}、{document}）: {items}",
                        "information given ({recipient}, {document}): {items}"),
    "referral": Label("紹介（求人 {opening}、{employer}）", "referred (opening {opening}, {employer})"),
    "referral_outcome": Label("紹介の結果（求人 {opening}）: {outcome}",
                              "referral outcome (opening {opening}): {outcome}"),
}


def timeline(ctx: Context, case_id: int) -> list[TimelineEntry]:
    """Every event of a case, oldest first."""
    names = {code: p.label.text() for code, p in ctx.registry.programs.items()}
    with ctx.read() as uow:
        found = access.for_case(uow, case_id, Action.READ)
        visible = access.visible_programs(uow.registry, found)
        enrolled = access.case_programs(uow.conn, [case_id])[case_id]  # installed or not
        hidden = set() if visible is None else {*ctx.registry.programs, *enrolled} - visible
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        entries = list(_events(uow.conn, case, names, hidden, uow.registry))
        entries += _people_events(uow.conn, case)
        entries = _named(uow.conn, entries)
    order = list(_T)
    return sorted(entries, key=lambda e: (e.on, order.index(e.kind.split(":")[0]), e.ref or 0))


def _events(conn: Connection, case: Case, names: dict[str, str],
            hidden: set[str], registry: Registry) -> Iterator[TimelineEntry]:
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
            n=row.number, stage=AutonomyStage.of(row.autonomy_stage).label), row.id,
            _sid(row.staff_id))
    plans = {row.id: row for row in
             conn.execute(sa.select(t.plans).where(t.plans.c.case_id == case.id))}
    for row in plans.values():
        yield TimelineEntry(row.created_on, "plan", _T["plan"].format(
            n=row.number, goal=row.long_term_goal), row.id)
    yield from _plan_events(conn, plans, hidden, registry)
    for row in conn.execute(sa.select(t.support_records)
                            .where(t.support_records.c.case_id == case.id)):
        when = " ".join(x for x in (row.at, f"{row.minutes}分" if row.minutes else None) if x)
        yield TimelineEntry(row.on, "record", _T["record"].format(
            kind=ContactKind.of(row.kind).label, summary=row.summary)
            + (f"（{when}）" if when else ""), row.id, _sid(row.staff_id))
    yield from _placement_events(conn, case)
    if case.status is CaseStatus.CLOSED and case.closed_on and case.closure_reason:
        reason = case.closure_reason.label.text() + (f"（{case.closure_note}）"
                                                     if case.closure_note else "")
        yield TimelineEntry(case.closed_on, "closed", _T["closed"].format(reason=reason), case.id)


def _sid(staff_id: int | None) -> str | None:
    """A staff id carried until :func:`_named` puts the name in its place."""
    return None if staff_id is None else f"#{staff_id}"


def _named(conn: Connection, entries: list[TimelineEntry]) -> list[TimelineEntry]:
    wanted = {int(e.staff[1:]) for e in entries if e.staff and e.staff.startswith("#")}
    names = {f"#{i}": n for i, n in _staff_names(conn, wanted).items()}
    return [attrs.evolve(e, staff=names.get(e.staff, e.staff)) if e.staff else e
            for e in entries]


def _people_events(conn: Connection, case: Case) -> list[TimelineEntry]:
    """Reassignments of the case; the person's consents, disclosures and referrals
    made while the case was open."""
    found: list[TimelineEntry] = []
    a = t.case_assignments
    moves = conn.execute(sa.select(a).where(a.c.case_id == case.id)).all()
    names = _staff_names(conn, {i for r in moves
                                for i in (r.previous_staff_id, r.assigned_staff_id) if i})
    for row in moves:
        before = names.get(row.previous_staff_id)
        change = (Label(f"（{before}から）", f" (from {before})") if row.previous_staff_id
                  else "")
        found.append(TimelineEntry(row.on, "assigned", _T["assigned"].format(
            to=names.get(row.assigned_staff_id), change=change), row.id, _sid(row.staff_id)))
    last = case.closed_on or dt.date.max

    c, d = t.consents, t.disclosures
    for row in conn.execute(sa.select(c, t.employers.c.name).outerjoin(t.employers).where(
            c.c.person_id == case.person_id, c.c.recorded_on.between(case.opened_on, last))):
        found.append(TimelineEntry(row.recorded_on, "consent", _T["consent"].format(
            recipient=_recipient(row), until=row.valid_until, purpose=row.purpose), row.id,
            _sid(row.staff_id)))
        if row.withdrawn_on:
            found.append(TimelineEntry(row.withdrawn_on, "consent_withdrawn",
                                       _T["consent_withdrawn"].format(recipient=_recipient(row)),
                                       row.id))
    for row in conn.execute(sa.select(d, t.employers.c.name).outerjoin(t.employers).where(
            d.c.person_id == case.person_id, d.c.on.between(case.opened_on, last))):
        found.append(TimelineEntry(row.on, "disclosure", _T["disclosure"].format(
            recipient=_recipient(row), document=row.document, items=len(row.items)), row.id,
            _sid(row.staff_id)))
    r, o = t.referrals, t.job_openings
    for row in conn.execute(sa.select(r, t.employers.c.name).join(o, o.c.id == r.c.opening_id)
                            .join(t.employers, t.employers.c.id == o.c.employer_id)
                            .where(r.c.person_id == case.person_id,
                                   r.c.referred_on.between(case.opened_on, last))):
        found.append(TimelineEntry(row.referred_on, "referral", _T["referral"].format(
            opening=row.opening_id, employer=row.name), row.id, _sid(row.staff_id)))
        if row.outcome:
            from psccore.domain.job_placement import ReferralOutcome

            found.append(TimelineEntry(row.outcome_on, "referral_outcome",
                                       _T["referral_outcome"].format(
                                           opening=row.opening_id,
                                           outcome=ReferralOutcome.of(row.outcome).label),
                                       row.id))
    return found


def _recipient(row: Any) -> Label | str:
    """Whom a consent or disclosure names; a consent to collect names none, so what it
    is for (要配慮個人情報の取得) in its place."""
    if row.name or row.organisation:
        return str(row.name or row.organisation)
    kind = getattr(row, "kind", None)
    return ConsentKind.of(kind).label if kind else "-"


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


def _step_names(registry: Registry, program: str, kind: str) -> dict[str, Label | str]:
    """A step's support menu item and program by their labels (the codes if the
    program is not installed)."""
    item = next((m for m in registry.menu if (m.program, m.kind) == (program, kind)), None)
    found = registry.program(program)
    return {"kind": item.label if item else kind, "program": found.label if found else program}


def _plan_events(conn: Connection, plans: dict[int, Any], hidden: set[str],
                 registry: Registry) -> Iterator[TimelineEntry]:
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
                **_step_names(registry, row.program, row.kind)), row.id)
        if row.ended_on:
            yield TimelineEntry(row.ended_on, "step_ended", _T["step_ended"].format(
                status=StepStatus.of(row.status).label,
                **_step_names(registry, row.program, row.kind)), row.id)
    for row in conn.execute(sa.select(t.evaluations).where(t.evaluations.c.plan_id.in_(ids))):
        labels = [GoalResult.of(r["result"]).label for r in row.results]
        results = Label("、".join(x.ja for x in labels) or "-",  # each language's separator
                        ", ".join(x.en for x in labels) or "-")
        yield TimelineEntry(row.evaluated_on, "evaluation", _T["evaluation"].format(
            n=plans[row.plan_id].number, results=results,
            next=NextAction.of(row.next_action).label), row.id, _sid(row.staff_id))


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
    #: the cases the reader may see, office by office (``None``: all); set by the agenda
    visible: Any = attrs.field(default=None, repr=False, eq=False)
    #: the office's settings (``psc office``) unless given here
    placement_notice_days: int | None = None
    consent_notice_days: int | None = None
    assessment_due_days: int | None = None
    plan_due_days: int | None = None
    referral_wait_days: int | None = None

    @property
    def horizon(self) -> dt.date:
        """The last day the agenda looks ahead to: ``today`` + ``days_ahead``."""
        return self.today + dt.timedelta(days=self.days_ahead)

    def cases(self) -> sa.Select[Any]:
        """The open cases in scope (id, person's name): the reader's programs, the
        staff member's cases (assigned, or a step of theirs), the program asked for."""
        return _scope(self, id(self.visible))[0]

    def case_ids(self) -> sa.Select[Any]:
        """The ids of :meth:`cases`, for ``column.in_(…)``."""
        return _scope(self, id(self.visible))[1]

    def enrollments(self, program: str) -> sa.Select[Any]:
        """The ids of the enrollments in ``program`` of the open cases in scope."""
        return _enrollments_in(self, id(self.visible), program)

    def participants(self, conn: Connection, program: str) -> list[Participant]:
        """Those enrolled in ``program`` whose case is open and in scope, by kana (one
        query)."""
        return participants(conn, program, self.enrollments(program))

    def setting(self, office: Any, name: str) -> int:
        """An interval: the query's, else the office's."""
        given: int | None = getattr(self, name)
        return int(getattr(office, name)) if given is None else given


# A query's statements are built once: every item kind and every program's agenda reads
# through them, and building them again each time was most of an agenda's time. The
# cache is keyed by the staff member's visibility condition too (``visible`` takes no
# part in the query's equality): the query holds it, so its id is not reused meanwhile.
@functools.lru_cache(maxsize=64)
def _scope(query: AgendaQuery, _visible: int) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The query's :meth:`~AgendaQuery.cases` and :meth:`~AgendaQuery.case_ids`."""
    c, still_open = t.cases, t.cases.c.status == CaseStatus.OPEN.value
    select = sa.select(c.c.id, t.people.c.name).join(t.people)
    if query.staff_id is not None:  # read from the staff member's few cases: a union
        # (an OR, or the status beside it, would have every open case read)
        assigned = sa.select(c.c.id).where(c.c.assigned_staff_id == query.staff_id,
                                           still_open)
        stepped = sa.select(t.plans.c.case_id).join(t.plan_steps).join(c).where(
            t.plan_steps.c.staff_id == query.staff_id, still_open)
        select = select.where(c.c.id.in_(sa.union(assigned, stepped)))
    else:
        select = select.where(still_open)
    if query.visible is not None:  # only cases the staff member may read, office by office
        select = select.where(query.visible)
    if query.program:
        select = select.where(_enrolled(c.c.id, [query.program]))
    scope = select.subquery()
    return select, sa.select(scope.c.id)


@functools.lru_cache(maxsize=256)
def _enrollments_in(query: AgendaQuery, _visible: int, program: str) -> sa.Select[Any]:
    e = t.enrollments
    return sa.select(e.c.id).where(e.c.program == program, e.c.case_id.in_(query.case_ids()))


def _enrolled(case_id: Any, programs: list[str]) -> Any:
    """The case is enrolled in one of ``programs``: looked up case by case (a list of
    every enrollment in them would grow with the office)."""
    e = _ENROLLED
    return sa.exists().where(e.c.case_id == case_id, e.c.program.in_(programs))


_ENROLLED = t.enrollments.alias("enrolled")  # made once: a new alias a call costs


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
    staff_id: int | None = None  # who is responsible (the case's staff unless the item says)
    staff_name: str | None = None


_A = {
    "monitoring": Label("モニタリング（プラン第{n}版の評価）", "monitoring (evaluate plan version {n})"),
    "plan_expiring": Label("プラン第{n}版の期間が終わります", "plan version {n} ends"),
    "step_starting": Label("ステップ開始予定: {kind}（{program}）", "step to start: {kind} ({program})"),
    "step_ending": Label("ステップ終了予定: {kind}（{program}）", "step to end: {kind} ({program})"),
    "no_contact": Label("{days}日間連絡がありません", "no contact for {days} days"),
    "meeting": Label("プラン第{n}版を支援調整会議へ", "take plan version {n} to a coordination meeting"),
    "retention": Label("定着支援（就労{month}か月後）: {employer}",
                       "retention follow-up ({month} months into the job): {employer}"),
    "follow_up": Label("{placement}のフォローアップ: {kind}（{employer}）",
                       "{placement} follow-up: {kind} ({employer})"),
    "placement_starting": Label("{placement}が始まります（{employer}、{start}〜{end}）",
                                "{placement} starts ({employer}, {start} to {end})"),
    "placement_ending": Label("{placement}が終わります（{employer}、{end}まで）",
                              "{placement} ends ({employer}, until {end})"),
    "consent_expiring": Label("同意の期限（{recipient}、{until}まで）",
                              "consent expires ({recipient}, until {until})"),
    "no_assessment": Label("受付から{days}日、アセスメントがありません",
                           "no assessment {days} days after opening"),
    "no_plan": Label("受付から{days}日、プランがありません", "no plan {days} days after opening"),
    "referral_waiting": Label("紹介の結果待ち（求人 {opening}、{employer}、{on}に紹介）",
                              "referral awaiting its outcome (opening {opening}, {employer}, "
                              "referred {on})"),
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
        readable = access.seen_programs(uow.registry, uow.grants())
        if readable is not None and query.program is not None \
                and query.program not in readable:
            return AgendaPage([], 0)  # asking by a hidden program must not tell who takes part
        query = attrs.evolve(query, readable=None if readable is None else frozenset(readable),
                             visible=access.visible_cases(uow.registry, uow.grants()))
        cases = {row.id: row.name for row in uow.conn.execute(query.cases())}
        if cases:
            from psccore.services.office import office_of

            office = office_of(uow.conn)
            items += _plan_items(uow.conn, query, cases, readable, uow.registry)
            items += _contact_items(uow.conn, query, cases)
            items += _retention_items(uow.conn, query, cases)
            items += _follow_up_items(uow.conn, query, cases)
            days = {name: query.setting(office, name) for name in (
                "placement_notice_days", "consent_notice_days", "assessment_due_days",
                "plan_due_days", "referral_wait_days")}
            items += _placement_items(uow.conn, query, cases, days["placement_notice_days"])
            items += _consent_items(uow.conn, query, cases, days["consent_notice_days"])
            items += _start_items(uow.conn, query, cases, days["assessment_due_days"],
                                  days["plan_due_days"])
            items += _referral_items(uow.conn, query, cases, days["referral_wait_days"])

        def register(item: AgendaItem) -> None:
            if item.program is not None and not _program_in_scope(item.program, query, readable):
                return  # a program's item is for those who may read that program
            if item.case_id in cases or (item.case_id is None and item.program is not None
                                         and _staff_in_scope(item, query)):
                items.append(item)

        uow.registry.hooks.agenda(query, uow.conn, register)
        items.sort(key=lambda i: (i.due_on, i.case_id or 0, i.kind))
        page = items if query.limit is None else items[:query.limit]
        return AgendaPage(_with_staff(uow.conn, page), len(items))


def _with_staff(conn: Connection, items: list[AgendaItem]) -> list[AgendaItem]:
    """Each item names its staff member: the one it says, else the case's."""
    ids = {i.case_id for i in items if i.case_id is not None}
    assigned = dict(conn.execute(sa.select(t.cases.c.id, t.cases.c.assigned_staff_id)
                                 .where(among(t.cases.c.id, ids))).all()) if ids else {}
    staff = [item.staff_id or assigned.get(item.case_id) for item in items]
    names = _staff_names(conn, set(staff) - {None})
    return [attrs.evolve(item, staff_id=who, staff_name=names.get(who) if who else None)
            for item, who in zip(items, staff, strict=True)]


def _staff_names(conn: Connection, ids: set[Any]) -> dict[int, str]:
    """The names of these staff members (not of every one: an office may have hundreds)."""
    if not ids:
        return {}
    return {r.id: r.name for r in conn.execute(sa.select(t.staff.c.id, t.staff.c.name)
                                               .where(among(t.staff.c.id, ids)))}


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
                visible: set[str] | None, registry: Registry) -> list[AgendaItem]:
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
                add(step.start_on, "step_starting",
                    **_step_names(registry, step.program, step.kind))
            elif step.status == StepStatus.STARTED.value and step.end_on and \
                    step.end_on <= query.horizon:
                add(step.end_on, "step_ending", **_step_names(registry, step.program, step.kind))
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


def _follow_up_items(conn: Connection, query: AgendaQuery,
                     cases: dict[int, str]) -> list[AgendaItem]:
    """Follow-ups of internships and certified trainings (訓練前調整, 同行, 電話確認 …)."""
    from psccore.domain.placements import FollowUpKind, PlacementKind

    f = t.follow_ups
    hosts = {**dict(conn.execute(sa.select(t.internships.c.id, t.employers.c.name)
                                 .join(t.employers, t.employers.c.id == t.internships.c.host_id)
                                 .where(t.internships.c.case_id.in_(query.case_ids()))).all())}
    providers = dict(conn.execute(sa.select(t.trainings.c.id, t.employers.c.name)
                                  .join(t.employers, t.employers.c.id == t.trainings.c.provider_id)
                                  .where(t.trainings.c.case_id.in_(query.case_ids()))).all())
    items = []
    for r in conn.execute(sa.select(f).where(f.c.case_id.in_(query.case_ids()),
                                             f.c.done_on.is_(None),
                                             f.c.due_on <= query.horizon)):
        kind = PlacementKind.of(r.placement)
        employer = (hosts if kind is PlacementKind.INTERNSHIP else providers).get(r.placement_id)
        item = _item(query, cases, r.due_on, "follow_up", r.case_id, placement=kind.label,
                     kind=FollowUpKind.of(r.kind).label, employer=employer or "-")
        items.append(attrs.evolve(item, staff_id=r.staff_id))
    return items


def _placement_items(conn: Connection, query: AgendaQuery, cases: dict[int, str],
                     days: int) -> list[AgendaItem]:
    """Internships and trainings starting or ending within ``days``."""
    from psccore.domain.placements import PlacementKind

    until = query.today + dt.timedelta(days=days)
    items = []
    for kind, table, host in ((PlacementKind.INTERNSHIP, t.internships, "host_id"),
                              (PlacementKind.TRAINING, t.trainings, "provider_id")):
        rows = conn.execute(sa.select(table.c.case_id, table.c.start_on, table.c.end_on,
                                      t.employers.c.name)
                            .join(t.employers, t.employers.c.id == table.c[host])
                            .where(table.c.case_id.in_(query.case_ids()),
                                   sa.or_(table.c.start_on.between(query.today, until),
                                          table.c.end_on.between(query.today, until))))
        for r in rows:
            params = {"placement": kind.label, "employer": r.name, "start": r.start_on,
                      "end": r.end_on}
            if query.today <= r.start_on <= until:
                items.append(_item(query, cases, r.start_on, "placement_starting", r.case_id,
                                   **params))
            if query.today <= r.end_on <= until:
                items.append(_item(query, cases, r.end_on, "placement_ending", r.case_id,
                                   **params))
    return items


def _consent_items(conn: Connection, query: AgendaQuery, cases: dict[int, str],
                   days: int) -> list[AgendaItem]:
    """Consents in force that expire within ``days`` (named on each open case)."""
    c = t.consents
    until = query.today + dt.timedelta(days=days)
    rows = conn.execute(
        sa.select(t.cases.c.id.label("case_id"), c.c.valid_until, c.c.organisation, c.c.kind,
                  t.employers.c.name)
        .join(t.cases, t.cases.c.person_id == c.c.person_id)
        .outerjoin(t.employers, t.employers.c.id == c.c.employer_id)
        .where(t.cases.c.id.in_(query.case_ids()), c.c.withdrawn_on.is_(None),
               c.c.valid_until.between(query.today, until)))
    return [_item(query, cases, r.valid_until, "consent_expiring", r.case_id,
                  recipient=_recipient(r), until=r.valid_until) for r in rows]


def _start_items(conn: Connection, query: AgendaQuery, cases: dict[int, str],
                 assessment_days: int, plan_days: int) -> list[AgendaItem]:
    """Cases with no assessment ``assessment_days``, or no plan ``plan_days``, after
    opening (due that day)."""
    c = t.cases
    items = []
    for kind, table, days in (("no_assessment", t.assessments, assessment_days),
                              ("no_plan", t.plans, plan_days)):
        latest = query.horizon - dt.timedelta(days=days)  # opened by then: due by the horizon
        rows = conn.execute(sa.select(c.c.id, c.c.opened_on).where(
            c.c.id.in_(query.case_ids()), c.c.opened_on <= latest,
            ~sa.exists().where(table.c.case_id == c.c.id)))
        items += [_item(query, cases, row.opened_on + dt.timedelta(days=days), kind, row.id,
                        days=days) for row in rows]
    return items


def _referral_items(conn: Connection, query: AgendaQuery, cases: dict[int, str],
                    days: int) -> list[AgendaItem]:
    """Referrals still awaiting an outcome ``days`` after they were made."""
    r, o = t.referrals, t.job_openings
    rows = conn.execute(sa.select(r.c.case_id, r.c.referred_on, r.c.opening_id, r.c.staff_id,
                                  t.employers.c.name)
                        .join(o, o.c.id == r.c.opening_id)
                        .join(t.employers, t.employers.c.id == o.c.employer_id)
                        .where(r.c.case_id.in_(query.case_ids()), r.c.outcome.is_(None)))
    items = []
    for row in rows:
        due = row.referred_on + dt.timedelta(days=days)
        if due <= query.horizon:
            item = _item(query, cases, due, "referral_waiting", row.case_id,
                         opening=row.opening_id, employer=row.name, on=row.referred_on)
            items.append(attrs.evolve(item, staff_id=row.staff_id))
    return items


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
