"""The core's report sections: the items of the national survey of the self-reliance
support system (支援状況調査) and the table of internships and certified training.
Every figure is defined in docs/reports.md; tests/test_report_kit.py works each one by
hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.catalogues import AutonomyStage, ClosureReason
from psccore.domain.employers import PartnerRole
from psccore.domain.program import ReportPeriod, ReportRow, ReportSection
from psccore.domain.workflow import GoalResult
from psccore.i18n import Label
from psccore.store import tables as t

NATIONAL = Label("生活困窮者自立支援制度の支援状況（国の調査項目）",
                 "Self-reliance support: the national survey's items")
PLACEMENTS = Label("職業体験実習及び就労訓練事業の実績", "Internships and certified training")

IMPROVED_RESULTS = {GoalResult.ACHIEVED.value, GoalResult.PARTLY.value}
STAGE_ORDER = {stage.value: i for i, stage in enumerate(AutonomyStage)}


def core_sections() -> list[ReportSection]:
    return [
        ReportSection(key="national", title=NATIONAL, build=national_rows, order=10,
                      by_month=True, chart=("new_consultations", "plans", "employment_support",
                                            "employed", "higher_income")),
        ReportSection(key="placements", title=PLACEMENTS, build=placement_rows, order=20,
                      chart=("internship_hosts", "internships", "employed_after_internship",
                             "training_providers", "trainings")),
    ]


def _row(key: str, ja: str, en: str, value: int | float | str) -> ReportRow:
    return ReportRow(key=key, label=Label(ja, en), value=value)


def percent(part: int, whole: int) -> float | str:
    """Per cent to one decimal; ``-`` when there is nobody to count."""
    return round(100 * part / whole, 1) if whole else "-"


# --- the national survey ---------------------------------------------------------------------

def national_rows(query: Any, period: ReportPeriod) -> list[ReportRow]:
    conn, start, end = query.conn, period.start, period.end
    c = t.cases
    opened = conn.execute(sa.select(c.c.previous_case_id)
                          .where(c.c.opened_on.between(start, end))).all()
    plans = _approved_plans(conn, start, end)
    since = _employment_support_since(conn, end)
    targets = {person for case, (day, person) in since.items() if start <= day <= end}
    employed = _employed(conn, since, start, end)
    higher = _higher_income(conn, since, start, end) - employed
    evaluated, improved = _improvement(conn, start, end)
    improved &= evaluated
    improved |= evaluated & (employed | higher)
    closed = Counter(r.closure_reason for r in conn.execute(
        sa.select(c.c.closure_reason).where(c.c.closed_on.between(start, end))))
    still_open = conn.execute(sa.select(sa.func.count()).select_from(c).where(
        c.c.opened_on <= end, sa.or_(c.c.closed_on.is_(None), c.c.closed_on > end))).scalar_one()
    rows = [
        _row("new_consultations", "新規相談受付件数", "new consultations received", len(opened)),
        _row("returning", "うち再相談（以前の支援を終えた人）",
             "of which returning after earlier support", sum(1 for r in opened
                                                             if r.previous_case_id)),
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
    return rows + _per_100k(conn, period, {r.key: r.value for r in rows})


def _approved_plans(conn: Connection, start: dt.date, end: dt.date) -> list[int]:
    """The numbers of the plans approved in the period (1: a first plan)."""
    p = t.plans
    return [r.number for r in conn.execute(
        sa.select(p.c.number).where(p.c.approved_on.between(start, end)))]


def _employment_support_since(conn: Connection, end: dt.date) -> dict[int, tuple[dt.date, int]]:
    """Case → (the day its first plan aimed at work was approved, the person)."""
    p, c = t.plans, t.cases
    rows = conn.execute(
        sa.select(p.c.case_id, c.c.person_id, sa.func.min(p.c.approved_on).label("since"))
        .join(c, c.c.id == p.c.case_id)
        .where(p.c.employment_support.is_(True), p.c.approved_on <= end)
        .group_by(p.c.case_id, c.c.person_id))
    return {r.case_id: (r.since, r.person_id) for r in rows}


def _employed(conn: Connection, since: dict[int, tuple[dt.date, int]], start: dt.date,
              end: dt.date) -> set[int]:
    """People in employment support whose job began in the period."""
    e = t.employments
    return _after_support(since, conn.execute(
        sa.select(e.c.case_id, e.c.start_on).where(e.c.start_on.between(start, end))))


def _higher_income(conn: Connection, since: dict[int, tuple[dt.date, int]], start: dt.date,
                   end: dt.date) -> set[int]:
    """People in employment support whose earned income was found higher in the period."""
    ic = t.income_changes
    return _after_support(since, conn.execute(
        sa.select(ic.c.case_id, ic.c.on).where(ic.c.on.between(start, end),
                                               ic.c.after > ic.c.before)))


def _after_support(since: dict[int, tuple[dt.date, int]],
                   rows: Iterable[Any]) -> set[int]:
    """The people of ``rows`` (case, day) whose case aimed at work on that day."""
    return {since[case][1] for case, day in rows
            if case in since and since[case][0] <= day}


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


def _per_100k(conn: Connection, period: ReportPeriod, figures: dict[str | None, Any]
              ) -> list[ReportRow]:
    """Monthly figures per 100,000 inhabitants (the survey's comparison between
    areas): count ÷ months ÷ (population ÷ 100,000); needs the office's population."""
    from psccore.services.office import office_of

    population = office_of(conn).population
    months = len(period.months())
    return [_row(f"{key}_per_100k", f"人口10万人あたり月平均 {ja}",
                 f"{en} a month per 100,000 inhabitants",
                 round(figures[key] / months / (population / 100_000), 1)
                 if population else "-")
            for key, ja, en in PER_100K]


# --- internships and certified training ------------------------------------------------------

def placement_rows(query: Any, period: ReportPeriod) -> list[ReportRow]:
    from psccore.services.placements import ROWS, placement_counts

    counts = placement_counts(query.conn, period.start, period.end)
    return [ReportRow(key=key, label=label, value=getattr(counts, key)) for key, label in ROWS]


def partners(conn: Connection, role: PartnerRole, start: dt.date, end: dt.date) -> int:
    """Employers with ``role`` in force on at least one day of the period."""
    r = t.employer_roles
    return int(conn.execute(sa.select(sa.func.count(sa.distinct(r.c.employer_id))).where(
        r.c.role == role.value, r.c.since <= end,
        sa.or_(r.c.until.is_(None), r.c.until >= start))).scalar_one())
