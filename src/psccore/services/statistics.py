"""The core's report sections: the items of the national survey of the self-reliance
support system (支援状況調査) and the table of internships and certified training.
Every figure is defined in docs/reports.md; tests/test_report_kit.py works each one by
hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.catalogues import AutonomyStage, ClosureReason
from psccore.domain.consultation import CODE as CONSULTATION
from psccore.domain.consultation import ScreeningOutcome
from psccore.domain.program import ReportPeriod, ReportRow
from psccore.domain.workflow import GoalResult
from psccore.i18n import Label
from psccore.services.reports import ReportQuery, Scope, served
from psccore.store import tables as t

#: every office (the whole installation's report)
EVERY = Scope()
IMPROVED_RESULTS = {GoalResult.ACHIEVED.value, GoalResult.PARTLY.value}
STAGE_ORDER = {stage.value: i for i, stage in enumerate(AutonomyStage)}


def _row(key: str, ja: str, en: str, value: int | float | str) -> ReportRow:
    return ReportRow(key=key, label=Label(ja, en), value=value)


def percent(part: int, whole: int) -> float | str:
    """Per cent to one decimal; ``-`` when there is nobody to count."""
    return round(100 * part / whole, 1) if whole else "-"


# --- the national survey ---------------------------------------------------------------------

def national_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    return _national(query, _facts(query, period, [period]), period)


def national_months(query: ReportQuery, months: list[ReportPeriod]) -> list[list[ReportRow]]:
    """The national items of each month, from facts read once for the whole span."""
    span = ReportPeriod(start=months[0].start, end=months[-1].end, label=query.period.label)
    facts = _facts(query, span, months)
    return [_national(query, facts, month) for month in months]


def _facts(query: ReportQuery, span: ReportPeriod, periods: list[ReportPeriod]) -> _Facts:
    """The facts of ``span``, read once for a year and its months (the same span, when
    the year is over): only the open cases of days not yet counted are read again."""
    key = ("national", span.start, span.end)
    found: _Facts | None = query.memo.get(key)
    if found is None:
        found = _Facts.read(query.conn, span, periods, query.today, query.offices)
    elif missing := sorted({min(p.end, query.today) for p in periods} - set(found.open_on)):
        found = attrs.evolve(found, open_on={
            **found.open_on, **_open_on(query.conn, missing, Scope(query.offices))})
    query.memo[key] = found
    return found


def _within(period: ReportPeriod, rows: Iterable[tuple[Any, dt.date]]) -> list[Any]:
    return [what for what, day in rows if period.start <= day <= period.end]


@attrs.frozen
class _Facts:
    """What the national items count, read once for ``start``–``end`` (each with its day),
    so that the year and each of its months are counted from the same few queries."""

    opened: list[tuple[bool, dt.date]]  # (returning, consultation enrolled on)
    screened: list[tuple[str, dt.date]]  # (outcome, decided on)
    plans: list[tuple[int, dt.date]]  # (plan number, approved on)
    targets: list[tuple[int, dt.date]]  # (person, first plan aiming at work approved on)
    jobs: list[tuple[int, dt.date]]  # (case, first day)
    rises: list[tuple[int, dt.date]]
    aims: AimsAtWork
    evaluations: list[tuple[tuple[int, bool], dt.date]]  # ((person, a goal met), on)
    better: list[tuple[int, dt.date]]  # (person, re-assessed better on)
    closed: list[tuple[str | None, dt.date]]  # (reason, closed on)
    open_on: dict[dt.date, int]  # cases open on each period's last day counted

    @classmethod
    def read(cls, conn: Connection, span: ReportPeriod, periods: list[ReportPeriod],
             today: dt.date, offices: list[int] | None = None) -> _Facts:
        """``offices``: count only the events of cases those offices held on the day
        (``None``: every office)."""
        start, end, c = span.start, span.end, t.cases
        at = Scope(offices)
        closed = [(r.closure_reason, r.closed_on) for r in conn.execute(
            sa.select(c.c.closure_reason, c.c.closed_on)
            .where(c.c.closed_on.between(start, end), at.held(c.c.id, c.c.closed_on)))]
        return cls(_new_consultations(conn, start, end, at), _screenings(conn, start, end, at),
                   _approved_plans(conn, start, end, at), _became_targets(conn, start, end, at),
                   _jobs(conn, start, end, at), _rises(conn, start, end, at),
                   _aims_at_work(conn, start, end), _evaluations(conn, start, end, at),
                   _rated_better(conn, start, end, at), closed,
                   _open_on(conn, sorted({min(p.end, today) for p in periods}), at))


def _open_on(conn: Connection, days: list[dt.date], at: Scope = EVERY
             ) -> dict[dt.date, int]:
    """Cases open on each of ``days`` (one statement: a sum for each day). For some
    offices, the cases joined to their stays there: a case's stays never overlap, so on
    any day at most one of them holds it (a correlated test for each case and day made
    PostgreSQL cost the statement high enough to compile it, 0.35 s, at 1,000,000 cases)."""
    c, co = t.cases, t.case_offices

    def open_on(day: dt.date) -> Any:
        held = [] if at.offices is None else [
            co.c.from_on <= day, sa.or_(co.c.to_on.is_(None), co.c.to_on > day)]
        return sa.and_(c.c.opened_on <= day,
                       sa.or_(c.c.closed_on.is_(None), c.c.closed_on > day), *held)

    sums = [sa.func.coalesce(sa.func.sum(sa.case((open_on(day), 1), else_=0)), 0)
            for day in days]
    query = sa.select(*sums).where(c.c.opened_on <= max(days))
    if at.offices is not None:
        query = query.select_from(c.join(co, co.c.case_id == c.c.id)).where(
            co.c.office_id.in_(at.offices))
    counts = conn.execute(query).one()
    return {day: int(n) for day, n in zip(days, counts, strict=True)}


def _national(query: ReportQuery, facts: _Facts, period: ReportPeriod) -> list[ReportRow]:
    opened = _within(period, facts.opened)
    screened = Counter(_within(period, facts.screened))
    plans = _within(period, facts.plans)
    targets = set(_within(period, facts.targets))
    jobs = [(case, day) for case, day in facts.jobs if day in period]
    rises = [(case, day) for case, day in facts.rises if day in period]
    employed = _aiming(facts.aims, jobs)
    higher = _aiming(facts.aims, rises) - employed
    evaluations = _within(period, facts.evaluations)
    evaluated = {person for person, _ in evaluations}
    improved = {person for person, met in evaluations if met} | set(
        _within(period, facts.better))
    improved &= evaluated
    improved |= evaluated & (employed | higher)
    closed = Counter(_within(period, facts.closed))
    still_open = facts.open_on[min(period.end, query.today)]  # still running: open today
    rows = [
        _row("new_consultations", "新規相談受付件数", "new consultations received", len(opened)),
        _row("returning", "うち再相談（以前の支援を終えた人）",
             "of which returning after earlier support", sum(opened)),
        *[_row(f"screened_{o.value}", f"スクリーニング: {o.label.ja}",
               f"screening: {o.label.en}", screened[o.value]) for o in ScreeningOutcome],
        _row("plans", "プラン作成件数", "plans made", plans.count(1)),
        _row("replans", "再プラン件数", "re-plans", len(plans) - plans.count(1)),
        _row("employment_support", "就労支援対象者数", "people in employment support",
             len(targets)),
        _row("employed", "就労者数", "people who started work", len(employed)),
        _row("higher_income", "増収者数", "people whose income rose", len(higher)),
        _row("employed_or_higher_rate", "就労・増収率（%）", "into work or higher income (%)",
             percent(len(employed) + len(higher), len(targets))),
        _row("evaluated", "プランの評価を行った人", "people whose plan was evaluated",
             len(evaluated)),
        _row("improved", "うち自立に向けた改善が見られた人",
             "of whom improving toward self-reliance", len(improved)),
        _row("improved_rate", "改善が見られた割合（%）", "share improving (%)",
             percent(len(improved), len(evaluated))),
        _row("closed", "支援を終結したケース", "cases closed", sum(closed.values())),
        *[_row(f"closed_{reason.value}", f"うち{reason.label.ja}", f"of which {reason.label.en}",
               closed[reason.value]) for reason in ClosureReason],
        _row("open_at_end", "期末に支援中のケース", "cases open at the end", int(still_open)),
    ]
    return rows + _per_100k(query.conn, period, {r.key: r.value for r in rows}, query.today,
                            query.offices)


def _new_consultations(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
                       ) -> list[tuple[bool, dt.date]]:
    """(returning, day) of the consultations received in the period: enrollments in
    ``consultation`` (a case opened directly in another program is no consultation);
    returning when the case continues an earlier one."""
    c, e = t.cases, t.enrollments
    return [(r.previous_case_id is not None, r.enrolled_on) for r in conn.execute(
        sa.select(c.c.previous_case_id, e.c.enrolled_on).join(e, e.c.case_id == c.c.id)
        .where(e.c.program == CONSULTATION, e.c.enrolled_on.between(start, end),
               at.held(c.c.id, e.c.enrolled_on)))]


def _screenings(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
                ) -> list[tuple[str, dt.date]]:
    """(outcome, day) of the screenings decided in the period."""
    sc = t.screenings
    return [(r.outcome, r.decided_on) for r in conn.execute(
        sa.select(sc.c.outcome, sc.c.decided_on).where(sc.c.decided_on.between(start, end),
                                                       at.held(sc.c.case_id, sc.c.decided_on)))]


def _approved_plans(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
                    ) -> list[tuple[int, dt.date]]:
    """(number, approved on) of the plans approved in the period (1: a first plan)."""
    p = t.plans
    return [(r.number, r.approved_on) for r in conn.execute(
        sa.select(p.c.number, p.c.approved_on).where(p.c.approved_on.between(start, end),
                                                     at.held(p.c.case_id, p.c.approved_on)))]


def _became_targets(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
                    ) -> list[tuple[int, dt.date]]:
    """(person, day) for each case whose first plan aiming at work was approved in the
    period."""
    p, c = t.plans, t.cases
    first = (sa.select(p.c.case_id, sa.func.min(p.c.approved_on).label("since"))
             .where(p.c.employment_support.is_(True), p.c.approved_on.is_not(None),
                    at.cases(p.c.case_id))
             .group_by(p.c.case_id).subquery())
    return [(r.person_id, r.since) for r in conn.execute(
        sa.select(c.c.person_id, sa.type_coerce(first.c.since, sa.Date).label("since"))
        .join(first, first.c.case_id == c.c.id).where(first.c.since.between(start, end),
                                                      at.held(c.c.id, first.c.since)))]


@attrs.frozen
class AimsAtWork:
    """For some cases, their approved plans in order: (approved on, aims at work)."""

    plans: dict[int, list[tuple[dt.date, bool]]]
    person: dict[int, int]

    def on(self, case: int, day: dt.date) -> bool:
        """Whether the plan in force on ``day`` (the latest approved by then) aims at work."""
        in_force = [work for approved, work in self.plans.get(case, []) if approved <= day]
        return bool(in_force) and in_force[-1]


def _aims_at_work(conn: Connection, start: dt.date, end: dt.date) -> AimsAtWork:
    """The approved plans of the cases with a job or an income change in the period."""
    p, c, e, ic = t.plans, t.cases, t.employments, t.income_changes
    cases = sa.union(sa.select(e.c.case_id).where(e.c.start_on.between(start, end)),
                     sa.select(ic.c.case_id).where(ic.c.on.between(start, end))).subquery()
    rows = conn.execute(
        sa.select(p.c.case_id, c.c.person_id, p.c.approved_on, p.c.employment_support)
        .join(c, c.c.id == p.c.case_id)
        .where(p.c.approved_on <= end, p.c.case_id.in_(sa.select(cases.c.case_id)))
        .order_by(p.c.case_id, p.c.approved_on, p.c.number))
    plans: dict[int, list[tuple[dt.date, bool]]] = {}
    person: dict[int, int] = {}
    for r in rows:
        plans.setdefault(r.case_id, []).append((r.approved_on, bool(r.employment_support)))
        person[r.case_id] = r.person_id
    return AimsAtWork(plans, person)


def _jobs(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
          ) -> list[tuple[int, dt.date]]:
    """(case, first day) of the jobs that began in the period."""
    e = t.employments
    return [(r.case_id, r.start_on) for r in conn.execute(
        sa.select(e.c.case_id, e.c.start_on).where(e.c.start_on.between(start, end),
                                                   at.held(e.c.case_id, e.c.start_on)))]


def _rises(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
           ) -> list[tuple[int, dt.date]]:
    """(case, day) of earned income found higher in the period (a rise from no income is
    starting work, not 増収)."""
    ic = t.income_changes
    return [(r.case_id, r.on) for r in conn.execute(
        sa.select(ic.c.case_id, ic.c.on).where(ic.c.on.between(start, end), ic.c.before > 0,
                                               at.held(ic.c.case_id, ic.c.on),
                                               ic.c.after > ic.c.before))]


def _aiming(aims: AimsAtWork, rows: Iterable[tuple[int, dt.date]]) -> set[int]:
    """The people of ``rows`` (case, day) whose plan in force that day aimed at work."""
    return {aims.person[case] for case, day in rows if aims.on(case, day)}


def _evaluations(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
                 ) -> list[tuple[tuple[int, bool], dt.date]]:
    """((person, a goal achieved or partly achieved), day) of the plan evaluations in the
    period."""
    ev, p, c = t.evaluations, t.plans, t.cases
    return [((r.person_id, any(result.get("result") in IMPROVED_RESULTS
                               for result in r.results)), r.evaluated_on)
            for r in conn.execute(sa.select(c.c.person_id, ev.c.results, ev.c.evaluated_on)
                                  .join(p, p.c.id == ev.c.plan_id)
                                  .join(c, c.c.id == p.c.case_id)
                                  .where(ev.c.evaluated_on.between(start, end),
                                         at.held(c.c.id, ev.c.evaluated_on)))]


def _rated_better(conn: Connection, start: dt.date, end: dt.date, at: Scope = EVERY
                  ) -> list[tuple[int, dt.date]]:
    """(person, day) of re-assessments in the period at a higher autonomy stage, or with
    a life domain rated higher, than at the assessment before."""
    a, c = t.assessments, t.cases
    before = a.alias("before")
    rows = conn.execute(
        sa.select(c.c.person_id, a.c.assessed_on, a.c.autonomy_stage, a.c.ratings,
                  before.c.autonomy_stage.label("stage_before"),
                  before.c.ratings.label("ratings_before"))
        .join(before, sa.and_(before.c.case_id == a.c.case_id,
                              before.c.number == a.c.number - 1))
        .join(c, c.c.id == a.c.case_id)
        .where(a.c.assessed_on.between(start, end), at.held(c.c.id, a.c.assessed_on)))
    better = []
    for r in rows:
        earlier = {x["domain"]: x["rating"] for x in r.ratings_before}
        if (STAGE_ORDER[r.autonomy_stage] > STAGE_ORDER[r.stage_before]
                or any(x["rating"] > earlier.get(x["domain"], 5) for x in r.ratings)):
            better.append((r.person_id, r.assessed_on))
    return better


PER_100K = (
    ("new_consultations", "新規相談受付件数", "new consultations"),
    ("plans", "プラン作成件数", "plans made"),
    ("employment_support", "就労支援対象者数", "people in employment support"),
)


def _per_100k(conn: Connection, period: ReportPeriod, figures: dict[str | None, Any],
              today: dt.date, offices: list[int] | None = None) -> list[ReportRow]:
    """Monthly figures per 100,000 inhabitants (the survey's comparison between
    areas): count ÷ months ÷ (population ÷ 100,000); needs the population (the office
    settings', or for some offices that of their municipalities, each once).
    For a period still running, the months begun so far."""
    from psccore.services.office import office_of

    population = office_of(conn).population if offices is None else served(conn, offices)
    months = len([m for m in period.months() if m.start <= today]) or 1
    return [_row(f"{key}_per_100k", f"人口10万人あたり月平均 {ja}",
                 f"{en} a month per 100,000 inhabitants",
                 round(figures[key] / months / (population / 100_000), 1)
                 if population else "-")
            for key, ja, en in PER_100K]


# --- internships and certified training ------------------------------------------------------

def placement_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """For some offices, internships and trainings counted for the office holding the
    case on their first day; the hosts and providers (employers, shared by the offices)
    belong to no case: ``-``."""
    from psccore.domain.placements import SINCE_FY
    from psccore.services.placements import ROWS, placement_counts

    counts = placement_counts(query.conn, period.start, period.end, query.held)
    partners = {"internship_hosts", "training_providers"}
    return [ReportRow(key=key, label=label,
                      value=query.whole(getattr(counts, key)) if key in partners
                      else getattr(counts, key), since_fy=SINCE_FY.get(key))
            for key, label in ROWS]


# --- free job placement ------------------------------------------------------------------------

def job_placement_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """The free job placement business's report (様式第8号) is the licensed business's:
    openings and job seekers belong to no case, so it is not counted by office."""
    from psccore.services.job_placement import business_rows

    query.whole_only("job_placement")
    return business_rows(query.conn, period, query.today)
