"""The readiness program's code and what its sessions, orders and progress share: finding a
session, a work order, a staff member or an active participant.

The functions taking ``conn`` are queries the hooks share."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.records import (
    Session,
    WorkOrder,
)
from psc_readiness.tables import readiness_sessions as ses
from psc_readiness.tables import readiness_work_orders as orders_t
from psccore import (
    InvalidInput,
    Label,
    NotFound,
    Participant,
    Problem,
    Psc,
    enrollment_of,
    from_row,
    participants,
)

CODE = "readiness"
SESSION = Label("セッション", "session")
ORDER = Label("受注", "work order")
UNKNOWN_STAFF = Label("職員 {login} は登録されていません", "no staff member {login}")
CANCELLED = Label("セッション {id} は中止されています（{reason}）",
                  "session {id} was cancelled ({reason})")
IN_FUTURE = Label("{day} はまだ来ていません", "{day} has not come yet")
NOT_ACTIVE = Label("ケース {case} は {day} に就労準備支援を利用していません",
                   "case {case} was not in readiness support on {day}")
BEFORE_START = Label("利用開始日（{day}）より前です", "is before the enrollment began ({day})")


def staff_id_of(psc: Psc, login: str | None, path: str = "$.staff") -> int | None:
    if not login:
        return None
    for member in psc.list_staff():
        if member.login == login:
            return member.id
    raise InvalidInput([Problem(path, UNKNOWN_STAFF, {"login": login})])


def get_session(conn: Connection, session_id: int) -> Session:
    row = conn.execute(sa.select(ses).where(ses.c.id == session_id)).one_or_none()
    if row is None:
        raise NotFound.of(SESSION, session_id)
    return from_row(row, Session)


def active_participant(conn: Connection, case_id: int, day: dt.date) -> Participant:
    """The case's readiness participant, whose enrollment must be under way on ``day``."""
    found = enrollment_of(conn, case_id, CODE)
    who = participants(conn, CODE, [found.id or 0])
    if not who or not who[0].active_on(day):
        raise InvalidInput([Problem("$.case", NOT_ACTIVE, {"case": case_id,
                                                           "day": day.isoformat()})])
    return who[0]


def get_order(conn: Connection, order_id: int) -> WorkOrder:
    row = conn.execute(sa.select(orders_t).where(orders_t.c.id == order_id)).one_or_none()
    if row is None:
        raise NotFound.of(ORDER, order_id)
    return from_row(row, WorkOrder)
