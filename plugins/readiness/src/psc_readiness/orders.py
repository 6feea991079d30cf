"""Work orders from local businesses: the work done on them, delivery and acceptance.

Every write goes through ``psc.program_write(CODE)`` (one audited transaction); every
read through ``psc.program_read(CODE)``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.catalogue import find_activity
from psc_readiness.figures import (
    OrderProgress,
    order_progress,
)
from psc_readiness.lookups import (
    CANCELLED,
    CODE,
    IN_FUTURE,
    ORDER,
    active_participant,
    get_order,
    get_session,
    staff_id_of,
)
from psc_readiness.records import (
    Acceptance,
    Presence,
    Session,
    WorkDone,
    WorkOrder,
)
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_work_done as done_t
from psc_readiness.tables import readiness_work_orders as orders_t
from psccore import (
    InvalidInput,
    Label,
    Participant,
    Problem,
    Psc,
    among,
    from_row,
    participants,
    structure,
)

ORDER_CLOSED = Label("受注 {order} は納品済みです", "work order {order} is already delivered")
TOO_MUCH = Label("残りは {remaining}{unit} です", "only {remaining} {unit} remain")
NOT_THERE = Label("ケース {case} はセッション {session} に出席していません",
                  "case {case} did not attend session {session}")
ALREADY_ACCEPTED = Label("受注 {order} は検収済みです", "work order {order} is already accepted")
WRONG_SESSION = Label("セッション {session} は「{activity}」で、この受注の作業ではありません",
                      "session {session} is {activity}, not this order's work")
SESSION_DAY = Label("セッション {session} は {day} です", "session {session} was on {day}")
SESSION_OF_ORDER = Label("セッション {session} は受注 {order} の作業ではありません",
                         "session {session} is not for work order {order}")
BEFORE_RECEIVED = Label("受注日（{day}）より前です", "is before the order came in ({day})")
NOT_DELIVERED = Label("受注 {order} はまだ納品されていません", "work order {order} is not delivered yet")
BEFORE_DELIVERY = Label("納品日（{day}）より前です", "is before delivery ({day})")
SHORT = Label("{remaining}{unit} が残っています。数量を満たさずに納品するときは --short を付けてください",
              "{remaining} {unit} remain; add --short to deliver less than ordered")


def add_order(psc: Psc, data: Mapping[str, Any]) -> WorkOrder:
    """Take an order from a client (a registered employer)."""
    given = dict(data)
    client = psc.get_employer(int(given["client_id"])).employer if "client_id" in given else None
    staff = given.pop("staff", None)
    if staff:
        given["staff_id"] = staff_id_of(psc, staff)
    if given.get("activity") and (found := find_activity(str(given["activity"]))):
        given["activity"] = found.value
    order = structure({**given, "client_name": client.name if client else ""}, WorkOrder)
    with psc.program_write(CODE) as tx:
        return tx.insert(orders_t, order)


def done_so_far(conn: Connection, order_ids: Iterable[int], before: dt.date | None = None
                ) -> dict[int, int]:
    """Work done on each order (only before ``before``, when given)."""
    query = (sa.select(done_t.c.work_order_id, sa.func.sum(done_t.c.quantity))
             .where(among(done_t.c.work_order_id, order_ids))
             .group_by(done_t.c.work_order_id))
    if before is not None:
        query = query.where(done_t.c.done_on < before)
    return {int(k): int(v) for k, v in conn.execute(query)}


def record_work(psc: Psc, order_id: int, quantity: int, *, on: dt.date | None = None,
                session_id: int | None = None, case_id: int | None = None,
                note: str | None = None, today: dt.date | None = None) -> OrderProgress:
    """Record work done on an order: at a session (by someone who came to it) or not."""
    today = today or psc.today()
    with psc.program_write(CODE) as tx:
        order = get_order(tx.conn, order_id)
        if order.delivered_on is not None:
            raise InvalidInput([Problem("$.order", ORDER_CLOSED, {"order": order_id})])
        session = get_session(tx.conn, session_id) if session_id is not None else None
        if session is not None:
            _check_work_session(session, order, on)
        on = session.held_on if session else (on or today)
        who = _worker(tx.conn, case_id, session, on)
        _check_work_day(order, on, today)
        done = done_so_far(tx.conn, [order_id]).get(order_id, 0)
        if done + quantity > order.to_make:
            raise InvalidInput([Problem("$.quantity", TOO_MUCH, {
                "remaining": order.to_make - done, "unit": order.unit})])
        work = structure({"work_order_id": order_id, "done_on": on, "quantity": quantity,
                          "session_id": session_id,
                          "enrollment_id": who.enrollment_id if who else None,
                          "note": note}, WorkDone)
        tx.insert(done_t, work, person_id=who.person_id if who else None)
    with psc.program_read(CODE) as conn:
        return progress(conn, [order], today)[0]


def _check_work_session(session: Session, order: WorkOrder, on: dt.date | None) -> None:
    """Work at a session: the order's own kind of work, held, on that day."""
    where = {"session": session.id}
    if session.work_order_id not in (None, order.id):
        raise InvalidInput([Problem("$.session", SESSION_OF_ORDER, {**where, "order": order.id})])
    if session.activity is not order.activity:
        raise InvalidInput([Problem("$.session", WRONG_SESSION,
                                    {**where, "activity": session.activity.label})])
    if session.cancelled_reason:
        raise InvalidInput([Problem("$.session", CANCELLED, {"id": session.id,
                                                             "reason": session.cancelled_reason})])
    if on is not None and on != session.held_on:
        raise InvalidInput([Problem("$.on", SESSION_DAY, {**where, "day": session.held_on})])


def _worker(conn: Connection, case_id: int | None, session: Session | None,
            on: dt.date) -> Participant | None:
    """Who did the work: they must have come to the session it was done at."""
    if case_id is None:
        return None
    who = active_participant(conn, case_id, on)
    if session is not None:
        came = conn.execute(sa.select(att.c.presence).where(
            att.c.session_id == session.id, att.c.enrollment_id == who.enrollment_id)).scalar()
        if came is None or not Presence.of(came).came:
            raise InvalidInput([Problem("$.case", NOT_THERE, {"case": case_id,
                                                              "session": session.id})])
    return who


def _check_work_day(order: WorkOrder, on: dt.date, today: dt.date) -> None:
    if on < order.received_on:
        raise InvalidInput([Problem("$.on", BEFORE_RECEIVED,
                                    {"day": order.received_on.isoformat()})])
    if on > today:
        raise InvalidInput([Problem("$.on", IN_FUTURE, {"day": on.isoformat()})])


def deliver(psc: Psc, order_id: int, on: dt.date | None = None, *, short: bool = False,
            today: dt.date | None = None) -> WorkOrder:
    """Hand the finished work to the client (納品)."""
    today = today or psc.today()
    on = on or today
    with psc.program_write(CODE) as tx:
        before = get_order(tx.conn, order_id)
        if before.delivered_on is not None:
            raise InvalidInput([Problem("$.order", ORDER_CLOSED, {"order": order_id})])
        _check_work_day(before, on, today)
        remaining = before.to_make - done_so_far(tx.conn, [order_id]).get(order_id, 0)
        if remaining and not short:
            raise InvalidInput([Problem("$.quantity", SHORT, {"remaining": remaining,
                                                              "unit": before.unit})])
        after = attrs.evolve(before, delivered_on=on, acceptance=None, accepted_on=None)
        return tx.update(orders_t, before, after, entity_label=ORDER)


def accept(psc: Psc, order_id: int, on: dt.date | None = None, *, returned: bool = False,
           redo: int | None = None, note: str | None = None, today: dt.date | None = None
           ) -> WorkOrder:
    """The client's acceptance (検収); or its return of ``redo`` pieces (all, if not
    said) for rework, which reopens the order until it is delivered again."""
    today = today or psc.today()
    on = on or today
    with psc.program_write(CODE) as tx:
        before = get_order(tx.conn, order_id)
        if before.acceptance is Acceptance.ACCEPTED:
            raise InvalidInput([Problem("$.order", ALREADY_ACCEPTED, {"order": order_id})])
        if before.delivered_on is None:
            raise InvalidInput([Problem("$.order", NOT_DELIVERED, {"order": order_id})])
        if on < before.delivered_on:
            raise InvalidInput([Problem("$.on", BEFORE_DELIVERY,
                                        {"day": before.delivered_on.isoformat()})])
        _check_work_day(before, on, today)
        if returned:
            after = attrs.evolve(before, acceptance=Acceptance.RETURNED, accepted_on=on,
                                 acceptance_note=note, delivered_on=None,
                                 rework=before.rework + (redo or before.quantity))
        else:
            after = attrs.evolve(before, acceptance=Acceptance.ACCEPTED, accepted_on=on,
                                 acceptance_note=note)
        return tx.update(orders_t, before, after, entity_label=ORDER)


def orders(conn: Connection, *, open_only: bool = False) -> list[WorkOrder]:
    query = sa.select(orders_t).order_by(orders_t.c.due_on, orders_t.c.id)
    if open_only:
        query = query.where(orders_t.c.delivered_on.is_(None))
    return [from_row(r, WorkOrder) for r in conn.execute(query)]


def progress(conn: Connection, found: list[WorkOrder], today: dt.date) -> list[OrderProgress]:
    """Each order as it stood on ``today``: work up to that day, pace from the days before."""
    ids = [o.id for o in found if o.id is not None]
    done = done_so_far(conn, ids, today + dt.timedelta(days=1))
    before = done_so_far(conn, ids, today)
    return [order_progress(o, done.get(o.id or 0, 0), today, before.get(o.id or 0, 0))
            for o in found]


@attrs.frozen
class WorkLine:
    work: WorkDone
    name: str | None  # the participant's, or None for staff


def work_lines(conn: Connection, order_id: int) -> list[WorkLine]:
    rows = [from_row(r, WorkDone) for r in conn.execute(
        sa.select(done_t).where(done_t.c.work_order_id == order_id)
        .order_by(done_t.c.done_on, done_t.c.id))]
    names = {p.enrollment_id: p.name for p in participants(
        conn, CODE, [w.enrollment_id for w in rows if w.enrollment_id])}
    return [WorkLine(w, names.get(w.enrollment_id) if w.enrollment_id else None) for w in rows]
