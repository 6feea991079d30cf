"""Sessions of the timetable and who attended them.

Every write goes through ``psc.program_write(CODE)`` (one audited transaction,
refused unless the acting staff member may write in this program); every read
through ``psc.program_read(CODE)``. The functions taking ``conn`` are the queries
the hooks share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.catalogue import Activity, Half, find_activity, find_half
from psc_readiness.lookups import (
    CANCELLED,
    CODE,
    IN_FUTURE,
    SESSION,
    active_participant,
    get_order,
    get_session,
    staff_id_of,
)
from psc_readiness.records import (
    Attendance,
    Presence,
    Session,
)
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_sessions as ses
from psc_readiness.tables import readiness_work_orders as orders_t
from psccore import (
    InvalidInput,
    Label,
    NotFound,
    Participant,
    Problem,
    Psc,
    Transaction,
    among,
    enrollment_of,
    from_row,
    participants,
    public_holiday,
    structure,
)

HOLIDAY = Label("{day} は祝日（{name}）です。祝日に行う場合は --on-holiday を付けてください",
                "{day} is a public holiday ({name}); add --on-holiday to hold it anyway")
WEEKEND = Label("{day} は土日です。土日に行う場合は --on-holiday を付けてください",
                "{day} is a weekend; add --on-holiday to hold it anyway")
DUPLICATE_SESSION = Label("{day} {half}の「{activity}」はすでにあります（セッション {id}）",
                          "{day} {half} already has {activity} (session {id})")
UNKNOWN_ACTIVITY = Label("活動 {value} はありません（psc readiness activities で一覧）",
                         "no activity {value} (see psc readiness activities)")
UNKNOWN_HALF = Label("午前（am）か午後（pm）で入力してください: {value}",
                     "must be am (午前) or pm (午後): {value}")
ORDER_ACTIVITY = Label("受注 {order} の作業は「{activity}」です",
                       "work order {order} is for {activity}")
SAME_HALF = Label("ケース {case} は {day} {half}のセッション {other} に記録があります",
                  "case {case} is already recorded at session {other} on {day} ({half})")
FULL = Label("定員 {capacity} 人を超えます（出席済み {came} 人）",
             "would exceed the capacity of {capacity} ({came} already came)")
SAME_ROWS = Label("前の行と同じセッションです（{day} {half} {activity}）",
                  "is the same session as an earlier row ({day} {half} {activity})")
NO_ORDER = Label("受注 {id} はありません", "there is no work order {id}")
HAS_ATTENDANCE = Label("出欠が {count} 件記録されています。先に psc readiness attend --remove で取り消してください",
                       "{count} attendance records exist; remove them first (psc readiness attend --remove)")


def _session_data(psc: Psc, data: Mapping[str, Any]) -> dict[str, Any]:
    """Fill what was not given from the activity's usual place, capacity and times."""
    problems = []
    given = {k: v for k, v in data.items() if v not in (None, "")}
    activity = find_activity(str(given.get("activity", "")))
    half = find_half(str(given.get("half", "")))
    if activity is None:
        problems.append(Problem("$.activity", UNKNOWN_ACTIVITY, {"value": given.get("activity")}))
    if half is None:
        problems.append(Problem("$.half", UNKNOWN_HALF, {"value": given.get("half")}))
    if problems:
        raise InvalidInput(problems)
    assert activity is not None and half is not None
    usual = activity.usual
    times = usual.am if half is Half.AM else usual.pm
    if times is None:
        times = usual.pm or usual.am
    assert times is not None
    staff = given.pop("staff", None)
    return {"place": usual.place.ja, "capacity": usual.capacity, "gather_at": times.gather,
            "starts_at": times.start, "ends_at": times.end, **given,
            "activity": activity.value, "half": half.value,
            "staff_id": staff_id_of(psc, staff) if staff else given.get("staff_id")}


def _check_day(day: dt.date, on_holiday: bool) -> None:
    if on_holiday:
        return
    if (name := public_holiday(day)) is not None:
        raise InvalidInput([Problem("$.held_on", HOLIDAY, {"day": day.isoformat(), "name": name})])
    if day.weekday() >= 5:
        raise InvalidInput([Problem("$.held_on", WEEKEND, {"day": day.isoformat()})])


def _check_session(conn: Connection, session: Session) -> None:
    same = conn.execute(sa.select(ses.c.id).where(
        ses.c.held_on == session.held_on, ses.c.half == session.half.value,
        ses.c.activity == session.activity.value,
        ses.c.work_order_id.is_(None) if session.work_order_id is None
        else ses.c.work_order_id == session.work_order_id)).first()
    if same is not None:
        raise InvalidInput([Problem("$.activity", DUPLICATE_SESSION, {
            "day": session.held_on.isoformat(), "half": session.half.label,
            "activity": session.activity.label, "id": same.id})])
    if session.work_order_id is not None:
        try:
            order = get_order(conn, session.work_order_id)
        except NotFound:
            raise InvalidInput([Problem("$.work_order_id", NO_ORDER,
                                        {"id": session.work_order_id})]) from None
        if order.activity is not session.activity:
            raise InvalidInput([Problem("$.work_order_id", ORDER_ACTIVITY, {
                "order": order.id, "activity": order.activity.label})])


def add_session(psc: Psc, data: Mapping[str, Any], *, on_holiday: bool = False) -> Session:
    """Put a session on the timetable; the activity's usual place, capacity and times
    fill in what is not given. Holidays and weekends need ``on_holiday``."""
    try:
        return add_sessions(psc, [data], on_holiday=on_holiday)[0]
    except InvalidInput as exc:
        raise InvalidInput([p._replace(path="$" + p.path[4:]) for p in exc.problems]) from None


def add_sessions(psc: Psc, rows: Sequence[Mapping[str, Any]], *,
                 on_holiday: bool = False) -> list[Session]:
    """Several sessions (a month's timetable) in one transaction: every row is checked
    and every problem listed by row, and nothing is saved unless all are good."""
    problems: list[Problem] = []
    added: list[Session] = []
    seen: set[tuple[object, ...]] = set()  # the sessions of this batch
    with psc.program_write(CODE) as tx:
        for n, data in enumerate(rows):
            try:
                session = structure(_session_data(psc, data), Session)
                _check_day(session.held_on, on_holiday)
                key = (session.held_on, session.half, session.activity, session.work_order_id)
                if key in seen:
                    raise InvalidInput([Problem("$.activity", SAME_ROWS, {
                        "day": session.held_on.isoformat(), "half": session.half.label,
                        "activity": session.activity.label})])
                _check_session(tx.conn, session)
                seen.add(key)
                added.append(tx.insert(ses, session))
            except InvalidInput as exc:  # each problem at its row: $[3].half
                problems += [p._replace(path=f"$[{n}]" + p.path[1:]) for p in exc.problems]
        if problems:
            raise InvalidInput(problems)
    return added


def cancel_session(psc: Psc, session_id: int, reason: str) -> Session:
    """Call a session off (rain, a staff shortage); only before anyone is recorded at it."""
    if not reason.strip():
        raise InvalidInput([Problem("$.reason", Label("入力が必要です", "is required"))])
    with psc.program_write(CODE) as tx:
        before = get_session(tx.conn, session_id)
        recorded = tx.conn.execute(sa.select(sa.func.count()).select_from(att)
                                   .where(att.c.session_id == session_id)).scalar_one()
        if recorded:
            raise InvalidInput([Problem("$.session", HAS_ATTENDANCE, {"count": recorded})])
        return tx.update(ses, before, attrs.evolve(before, cancelled_reason=reason.strip()),
                         entity_label=SESSION)


def sessions_between(conn: Connection, start: dt.date, end: dt.date) -> list[Session]:
    rows = conn.execute(sa.select(ses).where(ses.c.held_on.between(start, end))
                        .order_by(ses.c.held_on, ses.c.half, ses.c.id))
    return [from_row(r, Session) for r in rows]


def attendance_counts(conn: Connection, session_ids: Iterable[int]) -> dict[int, int]:
    """How many came to each session."""
    came = [p.value for p in Presence if p.came]
    return dict(conn.execute(
        sa.select(att.c.session_id, sa.func.count())
        .where(among(att.c.session_id, session_ids), att.c.presence.in_(came))
        .group_by(att.c.session_id)).all())


def client_names(conn: Connection, order_ids: Iterable[int]) -> dict[int, str]:
    return dict(conn.execute(sa.select(orders_t.c.id, orders_t.c.client_name)
                             .where(among(orders_t.c.id, order_ids))).all())


def record_attendance(psc: Psc, session_id: int, case_ids: Sequence[int], presence: str,
                      reason: str | None = None, minutes_late: int | None = None,
                      note: str | None = None, today: dt.date | None = None
                      ) -> list[Attendance]:
    """Record (or correct) whether each case's participant came to a session."""
    today = today or psc.today()
    with psc.program_write(CODE) as tx:
        session = get_session(tx.conn, session_id)
        if session.cancelled_reason:
            raise InvalidInput([Problem("$.session", CANCELLED, {
                "id": session_id, "reason": session.cancelled_reason})])
        if session.held_on > today:
            raise InvalidInput([Problem("$.session", IN_FUTURE,
                                        {"day": session.held_on.isoformat()})])
        saved = [_attend(tx, session, case_id, {
            "session_id": session_id, "presence": presence, "reason": reason,
            "minutes_late": minutes_late, "note": note}) for case_id in case_ids]
        came = attendance_counts(tx.conn, [session_id]).get(session_id, 0)
        if came > session.capacity:
            others = came - sum(a.presence.came for a in saved)
            raise InvalidInput([Problem("$.session", FULL, {
                "capacity": session.capacity, "came": others})])
    return saved


def remove_attendance(psc: Psc, session_id: int, case_ids: Sequence[int]) -> int:
    """Take back attendance recorded by mistake (e.g. at the wrong session of a half)."""
    with psc.program_write(CODE) as tx:
        get_session(tx.conn, session_id)
        removed = 0
        for case_id in case_ids:
            who = participants(tx.conn, CODE, [enrollment_of(tx.conn, case_id, CODE).id or 0])[0]
            row = tx.conn.execute(sa.select(att.c.id).where(
                att.c.session_id == session_id, att.c.enrollment_id == who.enrollment_id)).first()
            if row is not None:
                tx.conn.execute(att.delete().where(att.c.id == row.id))
                tx.record("delete", att, [row.id], person_id=who.person_id)
                removed += 1
        return removed


def _attend(tx: Transaction, session: Session, case_id: int, data: dict[str, Any]
            ) -> Attendance:
    who = active_participant(tx.conn, case_id, session.held_on)
    record = structure({**data, "enrollment_id": who.enrollment_id}, Attendance)
    other = tx.conn.execute(sa.select(ses.c.id).join(att, att.c.session_id == ses.c.id).where(
        att.c.enrollment_id == who.enrollment_id, ses.c.held_on == session.held_on,
        ses.c.half == session.half.value, ses.c.id != session.id)).scalar()
    if other is not None:  # one place at a time: a half is one session
        raise InvalidInput([Problem("$.case", SAME_HALF, {
            "case": case_id, "day": session.held_on.isoformat(), "half": session.half.label,
            "other": other})])
    row = tx.conn.execute(sa.select(att).where(att.c.session_id == session.id,
                                               att.c.enrollment_id == who.enrollment_id)
                          ).one_or_none()
    if row is None:
        return tx.insert(att, record, person_id=who.person_id)
    before = from_row(row, Attendance)
    after = attrs.evolve(record, id=before.id, version=before.version)
    return tx.update(att, before, after, person_id=who.person_id)


def roster(conn: Connection, session_id: int) -> list[tuple[Participant, Attendance]]:
    rows = [from_row(r, Attendance) for r in
            conn.execute(sa.select(att).where(att.c.session_id == session_id))]
    people = {p.enrollment_id: p for p in participants(conn, CODE,
                                                        [a.enrollment_id for a in rows])}
    return sorted(((people[a.enrollment_id], a) for a in rows), key=lambda pa: pa[0].kana)


def half_of(text: str) -> Half:
    found = find_half(text)
    if found is None:
        raise InvalidInput([Problem("$.half", UNKNOWN_HALF, {"value": text})])
    return found


def activity_of(text: str) -> Activity:
    found = find_activity(text)
    if found is None:
        raise InvalidInput([Problem("$.activity", UNKNOWN_ACTIVITY, {"value": text})])
    return found
