"""What the readiness program adds to the core's agenda, case view, reports,
introduction sheets and erasure (the hook bodies; :mod:`psc_readiness.plugin` wires them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness import service
from psc_readiness.catalogue import Kind
from psc_readiness.figures import OrderProgress, absent_in_a_row, attendance_rate
from psc_readiness.records import Presence
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_sessions as ses
from psc_readiness.tables import readiness_stage_reviews as rev
from psc_readiness.tables import readiness_work_done as done_t
from psc_readiness.tables import readiness_work_orders as orders_t
from psccore import (
    AgendaItem,
    AgendaQuery,
    Enrollment,
    Label,
    Participant,
    ReportPeriod,
    ReportQuery,
    ReportRow,
    Transaction,
    enrollment_of,
    participants,
)

CODE = service.CODE
ABSENT_IN_A_ROW = 3  # missed sessions in a row before staff follow up
ACCEPTANCE_DAYS = 7  # days after delivery by which the client's acceptance is checked

ORDER_DUE = Label("受注 {id} {client}「{task}」納期: {done}/{quantity}{unit}",
                  "order {id} {client} '{task}' due: {done}/{quantity} {unit}")
AT_RISK = Label(" — 遅れのおそれ（今のペースでは {finish} 完了見込み）",
                " — at risk (at this pace, done by {finish})")
AT_RISK_NO_PACE = Label(" — 遅れのおそれ", " — at risk")
AWAITING = Label("受注 {id} {client}「{task}」の検収を確認", "check the client's acceptance of "
                 "order {id} {client} '{task}'")
ABSENCES = Label("就労準備支援: {count}回続けて欠席しています（最後は {day}）",
                 "readiness: missed {count} sessions in a row (last on {day})")


# --- agenda ----------------------------------------------------------------------------

def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    yield from _order_items(query, conn)
    yield from _absence_items(query, conn)


def _order_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    waiting = [o for o in service.orders(conn)  # open (or back for rework), or awaiting acceptance
               if o.delivered_on is None or o.acceptance is None]
    for found in service.progress(conn, waiting, query.today):
        order = found.order
        params = {"id": order.id, "client": order.client_name, "task": order.task}
        if found.delivered:
            due = (order.delivered_on or query.today) + dt.timedelta(days=ACCEPTANCE_DAYS)
            if due <= query.horizon:
                yield _office(due, "readiness_acceptance", AWAITING.format(**params),
                              due < query.today, order.staff_id)
        elif order.due_on <= query.horizon or found.late or found.at_risk:
            yield _office(order.due_on, "readiness_order", _order_text(found, params),
                          found.late, order.staff_id)


def _order_text(found: OrderProgress, params: Mapping[str, object]) -> str:
    order = found.order
    text = ORDER_DUE.format(**params, done=found.done, quantity=order.to_make, unit=order.unit)
    if found.at_risk:
        finish = found.projected_finish
        text += AT_RISK.format(finish=finish.isoformat()) if finish else AT_RISK_NO_PACE.text()
    return text


def _office(due: dt.date, kind: str, text: str, late: bool, staff_id: int | None) -> AgendaItem:
    return AgendaItem(due, kind, None, None, text, late, program=CODE, staff_id=staff_id)


def _absence_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    active = {p.enrollment_id: p for p in participants(conn, CODE) if p.active_on(query.today)}
    rows = conn.execute(sa.select(att.c.enrollment_id, att.c.presence, ses.c.held_on)
                        .join(ses, ses.c.id == att.c.session_id)
                        .where(att.c.enrollment_id.in_(list(active)),
                               ses.c.held_on <= query.today)
                        .order_by(att.c.enrollment_id, ses.c.held_on, ses.c.half))
    seen: dict[int, list[tuple[dt.date, Presence]]] = {}
    for row in rows:
        seen.setdefault(row.enrollment_id, []).append((row.held_on, Presence.of(row.presence)))
    for enrollment_id, history in seen.items():
        count = absent_in_a_row([p for _, p in history])
        if count >= ABSENT_IN_A_ROW:
            who, last = active[enrollment_id], history[-1][0]
            due = last + dt.timedelta(days=2)
            yield AgendaItem(due, "readiness_absence", who.case_id, who.name,
                             ABSENCES.format(count=count, day=last.isoformat()), due < query.today,
                             program=CODE)


# --- the case view and introduction sheets ---------------------------------------------

def case_summary(enrollment: Enrollment, conn: Connection) -> Iterator[tuple[Label, object]]:
    lines = service.attendance_of(conn, enrollment.id or 0)
    yield Label("出席率", "attendance rate"), service.rate_of(lines).text()
    if lines:
        came = [ln.session.held_on for ln in lines if ln.attendance.presence.came]
        yield Label("最後の出席", "last attended"), max(came) if came else None
    steps = service.progress_of(conn, enrollment)
    yield Label("自立段階の推移", "autonomy stages"), " → ".join(s.text() for s in steps)
    made = conn.execute(sa.select(orders_t.c.unit, sa.func.sum(done_t.c.quantity))
                        .join(orders_t, orders_t.c.id == done_t.c.work_order_id)
                        .where(done_t.c.enrollment_id == enrollment.id)
                        .group_by(orders_t.c.unit).order_by(orders_t.c.unit)).all()
    if made:
        yield (Label("受注作業の実績", "work done on orders"),
               "、".join(f"{int(total):,}{unit}" for unit, total in made))


def disclosure_items(person_id: int, conn: Connection,
                     may_disclose: Callable[[int, str], bool] | None = None
                     ) -> Iterator[tuple[str, Label, object]]:
    """For an employer: how regularly the person came and their stage; never the
    reasons for absence (they may be about health). Only what ``may_disclose`` allows."""
    for who in participants(conn, CODE):
        if who.person_id != person_id or (may_disclose is not None
                                          and not may_disclose(who.case_id, CODE)):
            continue
        lines = service.attendance_of(conn, who.enrollment_id)
        yield ("readiness.attendance_rate", Label("就労準備支援の出席率", "readiness attendance"),
               service.rate_of(lines).text())
        enrollment = enrollment_of(conn, who.case_id, CODE)
        stage = service.progress_of(conn, enrollment)[-1].stage
        yield "readiness.autonomy_stage", Label("自立段階", "autonomy stage"), stage.label


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    """Everything the center keeps about the person: attendance, stage reviews, work done."""
    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    yield "attendance", [ln for e in mine for ln in service.attendance_of(conn, e)]
    yield "stage_reviews", [dict(r._mapping) for r in conn.execute(
        sa.select(rev).where(rev.c.enrollment_id.in_(mine)).order_by(rev.c.reviewed_on))]
    yield "work_done", [dict(r._mapping) for r in conn.execute(
        sa.select(done_t).where(done_t.c.enrollment_id.in_(mine)).order_by(done_t.c.done_on))]


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank the free text kept about the person; keep what the figures count."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    for table in (att, rev, done_t):
        result = tx.conn.execute(table.update().where(table.c.enrollment_id.in_(mine),
                                                      table.c.note.is_not(None))
                                 .values(note=None))
        if result.rowcount:
            tx.audit("erase", table.name, None, person_id=person_id, fields=["note"])


# --- the report section ----------------------------------------------------------------

def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """The figures of the period; definitions in docs/reports.md."""
    conn = query.conn
    people = query.participants(CODE)
    sessions = [s for s in service.sessions_between(conn, period.start, period.end)
                if not s.cancelled_reason]
    kinds = [s.activity.usual.kind for s in sessions]
    presences = [Presence.of(r.presence) for r in conn.execute(
        sa.select(att.c.presence).join(ses, ses.c.id == att.c.session_id)
        .where(ses.c.held_on.between(period.start, period.end),
               ses.c.cancelled_reason.is_(None)))]
    rate = attendance_rate(presences)
    delivered = [o for o in service.orders(conn)
                 if o.delivered_on is not None and o.delivered_on in period]
    on_time = [o for o in delivered if o.delivered_on and o.delivered_on <= o.due_on]
    moved = query.placements(p.case_id for p in people)
    row = _row
    return [
        row("参加者数（実人数）", "participants", len({p.person_id for p in people})),
        row("うち新規参加者", "of whom new", len({p.person_id for p in people
                                             if p.enrolled_on in period})),
        row("実施したセッション", "sessions held", len(sessions)),
        row("うち作業プログラム", "of which work programs", kinds.count(Kind.WORK)),
        row("うちスキルアップ講座", "of which skill-up courses", kinds.count(Kind.SKILL_UP)),
        row("延べ出席者数", "attendances", rate.came),
        row("出席率（%）", "attendance rate (%)",
            round(100 * rate.rate, 1) if rate.rate is not None else "-"),
        row("納品した受注", "orders delivered", len(delivered)),
        row("うち納期内", "of which on time", len(on_time)),
        row("受注金額（円）", "value of orders delivered (yen)",
            int(sum((o.amount for o in delivered), start=Decimal(0))
                .quantize(Decimal(1), ROUND_HALF_UP))),
        row("自立段階が上がった人", "moved up an autonomy stage", _moved_up(conn, people, period)),
        row("職業体験実習に進んだ人", "went on to an internship",
            len({m.person_id for m in moved if m.kind == "internship"})),
        row("就労訓練に進んだ人", "went on to certified training",
            len({m.person_id for m in moved if m.kind == "training"})),
        row("就職した人", "found work", len({m.person_id for m in moved if m.kind == "employment"})),
    ]


_row = ReportRow.of  # keyed by the English label


def _moved_up(conn: Connection, people: list[Participant], period: ReportPeriod) -> int:
    """Participants one of whose reviews in the period put them on a higher stage."""
    progress = service.progress_of_all(conn, people)
    return sum(any(s.change > 0 and s.on in period for s in steps[1:])
               for steps in progress.values())


__all__ = ["agenda_items", "case_summary", "disclosure_items", "erase_person",
           "report_rows"]
