"""What the program adds to the core's agenda, case view, reports, exports and erasure."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

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
    childcare_aftercare_followups as followups_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_mailings as mailings_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_sst_sessions as sessions_t,
)
from psccore import (
    AgendaItem,
    AgendaQuery,
    Enrollment,
    Label,
    ReportPeriod,
    ReportQuery,
    ReportRow,
    Transaction,
    participants,
)

CODE = service.CODE
DUE = Label("退所後{month}か月のフォロー（{left}退所）", "follow-up {month} months after leaving "
            "care (left {left})")


def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    """Follow-ups after leaving care not yet done, due by the horizon; late ones flagged."""
    people = {p.enrollment_id: p for p in participants(conn, CODE) if p.active_on(query.today)}
    left = service.care_status(conn, people)
    for found in service.followups_of(conn, people):
        who = people[found.enrollment_id]
        if found.done_on is None and found.due_on <= query.horizon:
            yield AgendaItem(found.due_on, "aftercare_followup", who.case_id, who.name,
                             DUE.format(month=found.month, left=left.get(found.enrollment_id)),
                             found.due_on < query.today, program=CODE)


def case_summary(enrollment: Enrollment, conn: Connection) -> Iterator[tuple[Label, object]]:
    left = service.care_status(conn, [enrollment.id or 0]).get(enrollment.id or 0)
    yield Label("退所", "left care"), left or Label("入所中", "in care").text()
    came = conn.execute(sa.select(sa.func.count(attendance_t.c.sst_session_id),
                                  sa.func.count(attendance_t.c.event_id))
                        .where(attendance_t.c.enrollment_id == enrollment.id)).one()
    yield Label("SST・行事への参加", "SST sessions and events attended"), f"{came[0]} / {came[1]}"
    pending = [f for f in service.followups_of(conn, [enrollment.id or 0]) if f.done_on is None]
    if pending:
        yield Label("次の退所後フォロー", "next follow-up"), pending[0].due_on


def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """Definitions in docs/reports.md."""
    conn = query.conn
    people = query.participants(CODE)
    left = service.care_status(conn, [p.enrollment_id for p in people])
    leavers = {p.person_id for p in people
               if (day := left.get(p.enrollment_id)) is not None and day <= period.end}
    in_care = {p.person_id for p in people} - leavers
    sessions = conn.execute(sa.select(sessions_t.c.id).where(
        sessions_t.c.held_on.between(period.start, period.end))).scalars().all()
    events = conn.execute(sa.select(events_t).where(
        events_t.c.held_on.between(period.start, period.end))).all()
    rows = [_row("支援した入所中の子ども", "young people in care supported", len(in_care)),
            _row("支援した退所者", "care leavers supported", len(leavers)),
            _row("SSTの実施回数", "SST sessions held", len(sessions)),
            _row("SSTの延べ参加者数", "SST attendances", _count(conn, attendance_t.c.sst_session_id,
                                                             sessions))]
    for kind in ConsultationKind:
        rows.append(_row(f"相談（{kind.label.ja}）", f"consultations {kind.label.en}",
                         int(conn.execute(sa.select(sa.func.count()).select_from(consultations_t)
                                          .where(consultations_t.c.kind == kind.value,
                                                 consultations_t.c.on.between(
                                                     period.start, period.end))).scalar_one())))
    for event_kind in EventKind:
        held = [e.id for e in events if e.kind == event_kind.value]
        rows.append(_row(f"{event_kind.label.ja}の開催", f"{event_kind.label.en}s held",
                         len(held)))
        rows.append(_row(f"{event_kind.label.ja}の延べ参加者数",
                         f"{event_kind.label.en} attendances",
                         _count(conn, attendance_t.c.event_id, held)))
    mailings = conn.execute(sa.select(mailings_t).where(
        mailings_t.c.sent_on.between(period.start, period.end))).all()
    for mailing_kind in MailingKind:
        rows.append(_row(f"{mailing_kind.label.ja}の送付（通）",
                         f"{mailing_kind.label.en} sent (copies)",
                         sum(len(m.recipients) for m in mailings
                             if m.kind == mailing_kind.value)))
    left_on = {p.case_id: left[p.enrollment_id] for p in people if p.person_id in leavers}
    jobs = {j.person_id for j in query.placements(left_on) if j.kind == "employment"
            and j.start_on >= (left_on[j.case_id] or j.start_on)}  # after leaving care
    rows.append(_row("就職・再就職した退所者", "leavers who found work", len(jobs)))
    return rows


def _count(conn: Connection, column: sa.Column[int], ids: Sequence[int]) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(attendance_t)
                            .where(column.in_(ids))).scalar_one())


_row = ReportRow.of  # keyed by the English label


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    yield "followups", service.followups_of(conn, mine)
    yield "mailings", [dict(r._mapping) for r in conn.execute(sa.select(mailings_t))
                       if set(r.recipients) & set(mine)]
    for key, table in (("attendance", attendance_t), ("consultations", consultations_t)):
        yield key, [dict(r._mapping) for r in conn.execute(
            sa.select(table).where(table.c.enrollment_id.in_(mine)))]


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank follow-up notes; take the person off mailing lists; keep the counts."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    done = tx.conn.execute(followups_t.update().where(followups_t.c.enrollment_id.in_(mine),
                                                      followups_t.c.note.is_not(None))
                           .values(note=None))
    if done.rowcount:
        tx.audit("erase", followups_t.name, None, person_id=person_id, fields=["note"])
    for row in tx.conn.execute(sa.select(mailings_t)).all():
        kept = [r for r in row.recipients if r not in mine]
        if len(kept) != len(row.recipients):  # counted as a copy sent, with no one named
            tx.conn.execute(mailings_t.update().where(mailings_t.c.id == row.id)
                            .values(recipients=[*kept, *([0] * (len(row.recipients) - len(kept)))]))
            tx.audit("erase", mailings_t.name, row.id, person_id=person_id, fields=["recipients"])


__all__ = ["agenda_items", "case_summary", "erase_person", "export_person",
           "report_rows"]
