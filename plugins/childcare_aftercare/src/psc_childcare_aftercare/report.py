"""The program's section of period reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa

from psc_childcare_aftercare import service
from psc_childcare_aftercare.service import ConsultationKind, EventKind, MailingKind
from psc_childcare_aftercare.tables import (
    childcare_aftercare_attendance as attendance_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_consultations as consultations_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_events as events_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_mailings as mailings_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_sst_sessions as sessions_t,
)
from psccore import (
    ReportPeriod,
    ReportQuery,
    ReportRow,
    among,
)

CODE = service.CODE


def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """Definitions in docs/reports.md. For some offices, an attendance, a consultation,
    a copy sent or a job counts for the office holding the case that day; sessions and
    events held are the program's, not a case's (``-``)."""
    conn = query.conn
    people = query.participants(CODE)
    left = service.care_status(conn, [p.enrollment_id for p in people])
    leavers = {p.person_id for p in people
               if (day := left.get(p.enrollment_id)) is not None and day <= period.end}
    in_care = {p.person_id for p in people} - leavers
    sessions = conn.execute(sa.select(sessions_t.c.id).where(
        sessions_t.c.held_on.between(period.start, period.end))).scalars().all()
    whole = query.whole
    events = conn.execute(sa.select(events_t).where(
        events_t.c.held_on.between(period.start, period.end))).all()
    rows = [_row("支援した入所中の子ども", "young people in care supported", len(in_care)),
            _row("支援した退所者", "care leavers supported", len(leavers)),
            _row("SSTの実施回数", "SST sessions held", whole(len(sessions))),
            _row("SSTの延べ参加者数", "SST attendances",
                 _count(query, attendance_t.c.sst_session_id, sessions_t, sessions))]
    for kind in ConsultationKind:
        rows.append(_row(f"相談（{kind.label.ja}）", f"consultations {kind.label.en}",
                         int(conn.execute(sa.select(sa.func.count()).select_from(consultations_t)
                                          .where(consultations_t.c.kind == kind.value,
                                                 consultations_t.c.on.between(
                                                     period.start, period.end),
                                                 query.held_enrollment(
                                                     consultations_t.c.enrollment_id,
                                                     consultations_t.c.on))).scalar_one())))
    for event_kind in EventKind:
        held = [e.id for e in events if e.kind == event_kind.value]
        rows.append(_row(f"{event_kind.label.ja}の開催", f"{event_kind.label.en}s held",
                         whole(len(held))))
        rows.append(_row(f"{event_kind.label.ja}の延べ参加者数",
                         f"{event_kind.label.en} attendances",
                         _count(query, attendance_t.c.event_id, events_t, held)))
    case = {p.enrollment_id: p.case_id for p in people}
    mailings = conn.execute(sa.select(mailings_t).where(
        mailings_t.c.sent_on.between(period.start, period.end))).all()
    for mailing_kind in MailingKind:
        rows.append(_row(f"{mailing_kind.label.ja}の送付（通）",
                         f"{mailing_kind.label.en} sent (copies)",
                         sum(_sent(query, m.recipients, m.sent_on, case) for m in mailings
                             if m.kind == mailing_kind.value)))
    left_on = {p.case_id: left[p.enrollment_id] for p in people if p.person_id in leavers}
    jobs = {j.person_id for j in query.placements(left_on) if j.kind == "employment"
            and j.start_on >= (left_on[j.case_id] or j.start_on)}  # after leaving care
    rows.append(_row("就職・再就職した退所者", "leavers who found work", len(jobs)))
    return rows


def _count(query: ReportQuery, column: sa.Column[int], held: sa.Table, ids: Sequence[int]
           ) -> int:
    """Attendances of the sessions or events ``ids`` (of table ``held``), for some
    offices those of cases one of them held on the day."""
    return int(query.conn.execute(
        sa.select(sa.func.count()).select_from(attendance_t)
        .join(held, held.c.id == column)
        .where(among(column, ids),
               query.held_enrollment(attendance_t.c.enrollment_id, held.c.held_on))
    ).scalar_one())


def _sent(query: ReportQuery, recipients: Sequence[int], on: dt.date,
          case: dict[int, int]) -> int:
    """Copies of a mailing sent; for some offices, to participants whose case one of
    them held on the day."""
    if not query.by_office:
        return len(recipients)
    return sum(1 for r in recipients if r in case and query.holds(case[r], on))


_row = ReportRow.of  # keyed by the English label
