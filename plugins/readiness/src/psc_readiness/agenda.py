"""The readiness program's agenda: work orders due or awaiting acceptance, and
participants who missed sessions in a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.figures import OrderProgress, absent_in_a_row
from psc_readiness.lookups import CODE
from psc_readiness.orders import orders, progress
from psc_readiness.records import Presence
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_sessions as ses
from psccore import (
    AgendaItem,
    AgendaQuery,
    Label,
)

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


def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    yield from _order_items(query, conn)
    yield from _absence_items(query, conn)


def _order_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    waiting = [o for o in orders(conn)  # open (or back for rework), or awaiting acceptance
               if o.delivered_on is None or o.acceptance is None]
    for found in progress(conn, waiting, query.today):
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
    active = {p.enrollment_id: p for p in query.participants(conn, CODE)
              if p.active_on(query.today)}
    rows = conn.execute(sa.select(att.c.enrollment_id, att.c.presence, ses.c.held_on)
                        .join(ses, ses.c.id == att.c.session_id)
                        .where(att.c.enrollment_id.in_(query.enrollments(CODE)),
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


