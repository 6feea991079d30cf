"""The core's report sections: the items of the national survey of the self-reliance
support system (支援状況調査) and the table of internships and certified training.
Every figure is defined in docs/reports.md; tests/test_report_kit.py works each one by
hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.catalogues import AutonomyStage, ClosureReason
from psccore.domain.consultation import CODE as CONSULTATION
from psccore.domain.consultation import ScreeningOutcome
from psccore.domain.program import ReportPeriod, ReportRow
from psccore.domain.workflow import GoalResult
from psccore.i18n import Label
from psccore.store import tables as t

if TYPE_CHECKING:
    from psccore.services.reports import ReportQuery

IMPROVED_RESULTS = {GoalResult.ACHIEVED.value, GoalResult.PARTLY.value}
STAGE_ORDER = {stage.value: i for i, stage in enumerate(AutonomyStage)}


def _row(key: str, ja: str, en: str, value: int | float | str) -> ReportRow:
    return ReportRow(key=key, label=Label(ja, en), value=value)


def percent(part: int, whole: int) -> float | str:
    """Per cent to one decimal; ``-`` when there is nobody to count."""
    return round(100 * part / whole, 1) if whole else "-"


# --- the national survey ---------------------------------------------------------------------

def national_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    conn, start, end = query.conn, period.start, period.end
    c = t.cases
    opened = _new_consultations(conn, start, end)
    screened = Counter(conn.execute(sa.select(t.screenings.c.outcome).where(
        t.screenings.c.decided_on.between(start, end))).scalars())
    plans = _approved_plans(conn, start, end)
    targets = _became_targets(conn, start, end)
    jobs, rises = _jobs(conn, start, end), _rises(conn, start, end)
    aims = _aims_at_work(conn, start, end)
    employed = _aiming(aims, jobs)
    higher = _aiming(aims, rises) - employed
    evaluated, improved = _improvement(conn, start, end)
    improved &= evaluated
    improved |= evaluated & (employed | higher)
    closed = Counter(r.closure_reason for r in conn.execute(
        sa.select(c.c.closure_reason).where(c.c.closed_on.between(start, end))))
    now = min(end, query.today)  # a period still running: open today
    still_open = conn.execute(sa.select(sa.func.count()).select_from(c).where(
        c.c.opened_on <= now, sa.or_(c.c.closed_on.is_(None), c.c.closed_on > now))).scalar_one()
    rows = [
        _row("new_consultations", "新規相談受付件数", "new consultations received", len(opened)),
        _row("returning", "うち再相談（以前の支援を終えた人）",
             "of which returning after earlier support", sum(1 for r in opened
                                                             if r.previous_case_id)),
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
    return rows + _per_100k(conn, period, {r.key: r.value for r in rows}, query.today)


def _new_consultations(conn: Connection, start: dt.date, end: dt.date) -> list[Any]:
    """Consultations received in the period: enrollments in ``consultation`` (a case
    opened directly in another program is no consultation), with the case they
    continue, if any."""
    c, e = t.cases, t.enrollments
    return list(conn.execute(sa.select(c.c.previous_case_id).join(e, e.c.case_id == c.c.id)
                             .where(e.c.program == CONSULTATION,
                                    e.c.enrolled_on.between(start, end))).all())


def _approved_plans(conn: Connection, start: dt.date, end: dt.date) -> list[int]:
    """The numbers of the plans approved in the period (1: a first plan)."""
    p = t.plans
    return [r.number for r in conn.execute(
        sa.select(p.c.number).where(p.c.approved_on.between(start, end)))]


def _became_targets(conn: Connection, start: dt.date, end: dt.date) -> set[int]:
    """People whose case's first plan aiming at work was approved in the period."""
    p, c = t.plans, t.cases
    first = (sa.select(p.c.case_id, sa.func.min(p.c.approved_on).label("since"))
             .where(p.c.employment_support.is_(True), p.c.approved_on.is_not(None))
             .group_by(p.c.case_id).subquery())
    return set(conn.execute(sa.select(c.c.person_id).join(first, first.c.case_id == c.c.id)
                            .where(first.c.since.between(start, end))).scalars())


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


def _jobs(conn: Connection, start: dt.date, end: dt.date) -> list[tuple[int, dt.date]]:
    """(case, first day) of the jobs that began in the period."""
    e = t.employments
    return [(r.case_id, r.start_on) for r in conn.execute(
        sa.select(e.c.case_id, e.c.start_on).where(e.c.start_on.between(start, end)))]


def _rises(conn: Connection, start: dt.date, end: dt.date) -> list[tuple[int, dt.date]]:
    """(case, day) of earned income found higher in the period (a rise from no income is
    starting work, not 増収)."""
    ic = t.income_changes
    return [(r.case_id, r.on) for r in conn.execute(
        sa.select(ic.c.case_id, ic.c.on).where(ic.c.on.between(start, end), ic.c.before > 0,
                                               ic.c.after > ic.c.before))]


def _aiming(aims: AimsAtWork, rows: Iterable[tuple[int, dt.date]]) -> set[int]:
    """The people of ``rows`` (case, day) whose plan in force that day aimed at work."""
    return {aims.person[case] for case, day in rows if aims.on(case, day)}


def _improvement(conn: Connection, start: dt.date, end: dt.date) -> tuple[set[int], set[int]]:
    """(people whose plan was evaluated in the period, people with a goal achieved or
    partly achieved then, or rated better at a re-assessment in the period)."""
    ev, p, c = t.evaluations, t.plans, t.cases
    evaluated: set[int] = set()
    improved: set[int] = set()
    for r in conn.execute(sa.select(c.c.person_id, ev.c.results)
                          .join(p, p.c.id == ev.c.plan_id).join(c, c.c.id == p.c.case_id)
                          .where(ev.c.evaluated_on.between(start, end))):
        evaluated.add(r.person_id)
        if any(result.get("result") in IMPROVED_RESULTS for result in r.results):
            improved.add(r.person_id)
    return evaluated, improved | _rated_better(conn, start, end)


def _rated_better(conn: Connection, start: dt.date, end: dt.date) -> set[int]:
    """People re-assessed in the period at a higher autonomy stage, or with a life
    domain rated higher, than at their assessment before."""
    a, c = t.assessments, t.cases
    before = a.alias("before")
    rows = conn.execute(
        sa.select(c.c.person_id, a.c.autonomy_stage, a.c.ratings,
                  before.c.autonomy_stage.label("stage_before"),
                  before.c.ratings.label("ratings_before"))
        .join(before, sa.and_(before.c.case_id == a.c.case_id,
                              before.c.number == a.c.number - 1))
        .join(c, c.c.id == a.c.case_id)
        .where(a.c.assessed_on.between(start, end)))
    better = set()
    for r in rows:
        earlier = {x["domain"]: x["rating"] for x in r.ratings_before}
        if (STAGE_ORDER[r.autonomy_stage] > STAGE_ORDER[r.stage_before]
                or any(x["rating"] > earlier.get(x["domain"], 5) for x in r.ratings)):
            better.add(r.person_id)
    return better


PER_100K = (
    ("new_consultations", "新規相談受付件数", "new consultations"),
    ("plans", "プラン作成件数", "plans made"),
    ("employment_support", "就労支援対象者数", "people in employment support"),
)


def _per_100k(conn: Connection, period: ReportPeriod, figures: dict[str | None, Any],
              today: dt.date) -> list[ReportRow]:
    """Monthly figures per 100,000 inhabitants (the survey's comparison between
    areas): count ÷ months ÷ (population ÷ 100,000); needs the office's population.
    For a period still running, the months begun so far."""
    from psccore.services.office import office_of

    population = office_of(conn).population
    months = len([m for m in period.months() if m.start <= today]) or 1
    return [_row(f"{key}_per_100k", f"人口10万人あたり月平均 {ja}",
                 f"{en} a month per 100,000 inhabitants",
                 round(figures[key] / months / (population / 100_000), 1)
                 if population else "-")
            for key, ja, en in PER_100K]


# --- internships and certified training ------------------------------------------------------

def placement_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    from psccore.domain.placements import SINCE_FY
    from psccore.services.placements import ROWS, placement_counts

    counts = placement_counts(query.conn, period.start, period.end)
    return [ReportRow(key=key, label=label, value=getattr(counts, key), since_fy=SINCE_FY.get(key))
            for key, label in ROWS]


# --- free job placement ------------------------------------------------------------------------

def job_placement_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    from psccore.services.job_placement import business_rows

    return business_rows(query.conn, period, query.today)
