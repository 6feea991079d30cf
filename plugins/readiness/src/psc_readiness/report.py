"""The readiness section of period reports (definitions in docs/reports.md)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from psc_readiness.catalogue import Kind
from psc_readiness.figures import attendance_rate
from psc_readiness.lookups import CODE
from psc_readiness.orders import orders
from psc_readiness.progress import progress_of_all
from psc_readiness.records import Presence
from psc_readiness.sessions import sessions_between
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_sessions as ses
from psccore import (
    Participant,
    ReportPeriod,
    ReportQuery,
    ReportRow,
)


def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """The figures of the period; definitions in docs/reports.md. For some offices, an
    event counts for the office holding the case that day; sessions and orders are the
    program's, not a case's (``-``)."""
    conn = query.conn
    people = query.participants(CODE)
    sessions = [s for s in sessions_between(conn, period.start, period.end)
                if not s.cancelled_reason]
    kinds = [s.activity.usual.kind for s in sessions]
    presences = [Presence.of(r.presence) for r in conn.execute(
        sa.select(att.c.presence).join(ses, ses.c.id == att.c.session_id)
        .where(ses.c.held_on.between(period.start, period.end),
               ses.c.cancelled_reason.is_(None),
               query.held_enrollment(att.c.enrollment_id, ses.c.held_on)))]
    rate = attendance_rate(presences)
    delivered = [o for o in orders(conn)
                 if o.delivered_on is not None and o.delivered_on in period]
    on_time = [o for o in delivered if o.delivered_on and o.delivered_on <= o.due_on]
    moved = query.placements(p.case_id for p in people)
    whole, row = query.whole, _row
    return [
        row("参加者数（実人数）", "participants", len({p.person_id for p in people})),
        row("うち新規参加者", "of whom new", len({p.person_id for p in people
                                             if p.enrolled_on in period
                                             and query.holds(p.case_id, p.enrolled_on)})),
        row("実施したセッション", "sessions held", whole(len(sessions))),
        row("うち作業プログラム", "of which work programs", whole(kinds.count(Kind.WORK))),
        row("うちスキルアップ講座", "of which skill-up courses",
            whole(kinds.count(Kind.SKILL_UP))),
        row("延べ出席者数", "attendances", rate.came),
        row("出席率（%）", "attendance rate (%)",
            round(100 * rate.rate, 1) if rate.rate is not None else "-"),
        row("納品した受注", "orders delivered", whole(len(delivered))),
        row("うち納期内", "of which on time", whole(len(on_time))),
        row("受注金額（円）", "value of orders delivered (yen)",
            whole(int(sum((o.amount for o in delivered), start=Decimal(0))
                      .quantize(Decimal(1), ROUND_HALF_UP)))),
        row("自立段階が上がった人", "moved up an autonomy stage", _moved_up(query, people, period)),
        row("職業体験実習に進んだ人", "went on to an internship",
            len({m.person_id for m in moved if m.kind == "internship"})),
        row("就労訓練に進んだ人", "went on to certified training",
            len({m.person_id for m in moved if m.kind == "training"})),
        row("就職した人", "found work", len({m.person_id for m in moved if m.kind == "employment"})),
    ]


_row = ReportRow.of  # keyed by the English label


def _moved_up(query: ReportQuery, people: list[Participant], period: ReportPeriod) -> int:
    """Participants one of whose reviews in the period put them on a higher stage (for
    some offices: a review while one of them held the case)."""
    progress = progress_of_all(query.conn, people)
    case = {p.enrollment_id: p.case_id for p in people}
    return sum(any(s.change > 0 and s.on in period and query.holds(case[enrollment], s.on)
                   for s in steps[1:])
               for enrollment, steps in progress.items())

