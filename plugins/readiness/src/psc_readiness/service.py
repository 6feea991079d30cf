"""The readiness center's use cases, on the public API of psccore.

Every write goes through ``psc.program_write(CODE)`` (one audited transaction,
refused unless the acting staff member may write in this program); every read
through ``psc.program_read(CODE)``. The functions taking ``conn`` are the queries
the hooks share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.catalogue import Activity, Half, find_activity, find_half
from psc_readiness.figures import (
    AttendanceRate,
    OrderProgress,
    StageStep,
    attendance_rate,
    order_progress,
    stage_progress,
)
from psc_readiness.intake import AutonomyStage
from psc_readiness.records import (
    Acceptance,
    Attendance,
    Presence,
    Session,
    StageReview,
    WorkDone,
    WorkOrder,
)
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_enrollments
from psc_readiness.tables import readiness_sessions as ses
from psc_readiness.tables import readiness_stage_reviews as rev
from psc_readiness.tables import readiness_work_done as done_t
from psc_readiness.tables import readiness_work_orders as orders_t
from psccore import (
    Enrollment,
    InvalidInput,
    Label,
    NotFound,
    Participant,
    Problem,
    Psc,
    Transaction,
    enrollment_of,
    from_row,
    participants,
    public_holiday,
    structure,
)

CODE = "readiness"
SESSION = Label("セッション", "session")
ORDER = Label("受注", "work order")

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
UNKNOWN_STAFF = Label("職員 {login} は登録されていません", "no staff member {login}")
ORDER_ACTIVITY = Label("受注 {order} の作業は「{activity}」です",
                       "work order {order} is for {activity}")
ORDER_CLOSED = Label("受注 {order} は納品済みです", "work order {order} is already delivered")
CANCELLED = Label("セッション {id} は中止されています（{reason}）",
                  "session {id} was cancelled ({reason})")
IN_FUTURE = Label("{day} はまだ来ていません", "{day} has not come yet")
NOT_ACTIVE = Label("ケース {case} は {day} に就労準備支援を利用していません",
                   "case {case} was not in readiness support on {day}")
SAME_HALF = Label("ケース {case} は {day} {half}のセッション {other} に記録があります",
                  "case {case} is already recorded at session {other} on {day} ({half})")
FULL = Label("定員 {capacity} 人を超えます（出席済み {came} 人）",
             "would exceed the capacity of {capacity} ({came} already came)")
TOO_MUCH = Label("残りは {remaining}{unit} です", "only {remaining} {unit} remain")
NOT_THERE = Label("ケース {case} はセッション {session} に出席していません",
                  "case {case} did not attend session {session}")
SAME_ROWS = Label("前の行と同じセッションです（{day} {half} {activity}）",
                  "is the same session as an earlier row ({day} {half} {activity})")
NO_ORDER = Label("受注 {id} はありません", "there is no work order {id}")
HAS_ATTENDANCE = Label("出欠が {count} 件記録されています。先に psc readiness attend --remove で取り消してください",
                       "{count} attendance records exist; remove them first (psc readiness attend --remove)")
ALREADY_ACCEPTED = Label("受注 {order} は検収済みです", "work order {order} is already accepted")
WRONG_SESSION = Label("セッション {session} は「{activity}」で、この受注の作業ではありません",
                      "session {session} is {activity}, not this order's work")
SESSION_DAY = Label("セッション {session} は {day} です", "session {session} was on {day}")
SESSION_OF_ORDER = Label("セッション {session} は受注 {order} の作業ではありません",
                         "session {session} is not for work order {order}")
BEFORE_RECEIVED = Label("受注日（{day}）より前です", "is before the order came in ({day})")
BEFORE_START = Label("利用開始日（{day}）より前です", "is before the enrollment began ({day})")
NOT_DELIVERED = Label("受注 {order} はまだ納品されていません", "work order {order} is not delivered yet")
BEFORE_DELIVERY = Label("納品日（{day}）より前です", "is before delivery ({day})")
SHORT = Label("{remaining}{unit} が残っています。数量を満たさずに納品するときは --short を付けてください",
              "{remaining} {unit} remain; add --short to deliver less than ordered")


# --- sessions and the timetable ------------------------------------------------------

def staff_id_of(psc: Psc, login: str | None, path: str = "$.staff") -> int | None:
    if not login:
        return None
    for member in psc.list_staff():
        if member.login == login:
            return member.id
    raise InvalidInput([Problem(path, UNKNOWN_STAFF, {"login": login})])


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


def get_session(conn: Connection, session_id: int) -> Session:
    row = conn.execute(sa.select(ses).where(ses.c.id == session_id)).one_or_none()
    if row is None:
        raise NotFound.of(SESSION, session_id)
    return from_row(row, Session)


def sessions_between(conn: Connection, start: dt.date, end: dt.date) -> list[Session]:
    rows = conn.execute(sa.select(ses).where(ses.c.held_on.between(start, end))
                        .order_by(ses.c.held_on, ses.c.half, ses.c.id))
    return [from_row(r, Session) for r in rows]


def attendance_counts(conn: Connection, session_ids: Iterable[int]) -> dict[int, int]:
    """How many came to each session."""
    came = [p.value for p in Presence if p.came]
    return dict(conn.execute(
        sa.select(att.c.session_id, sa.func.count())
        .where(att.c.session_id.in_(list(session_ids)), att.c.presence.in_(came))
        .group_by(att.c.session_id)).all())


def client_names(conn: Connection, order_ids: Iterable[int]) -> dict[int, str]:
    return dict(conn.execute(sa.select(orders_t.c.id, orders_t.c.client_name)
                             .where(orders_t.c.id.in_(list(order_ids)))).all())


# --- attendance -------------------------------------------------------------------------

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


def active_participant(conn: Connection, case_id: int, day: dt.date) -> Participant:
    """The case's readiness participant, whose enrollment must be under way on ``day``."""
    found = enrollment_of(conn, case_id, CODE)
    who = participants(conn, CODE, [found.id or 0])
    if not who or not who[0].active_on(day):
        raise InvalidInput([Problem("$.case", NOT_ACTIVE, {"case": case_id,
                                                           "day": day.isoformat()})])
    return who[0]


@attrs.frozen
class AttendanceLine:
    session: Session
    attendance: Attendance


def attendance_of(conn: Connection, enrollment_id: int, start: dt.date | None = None,
                  end: dt.date | None = None) -> list[AttendanceLine]:
    query = (sa.select(att, *[c.label(f"s_{c.name}") for c in ses.c])
             .join(ses, ses.c.id == att.c.session_id)
             .where(att.c.enrollment_id == enrollment_id)
             .order_by(ses.c.held_on, ses.c.half, ses.c.id))
    if start:
        query = query.where(ses.c.held_on >= start)
    if end:
        query = query.where(ses.c.held_on <= end)
    lines = []
    for row in conn.execute(query):
        session = from_row(_Prefixed(row, "s_"), Session)
        lines.append(AttendanceLine(session, from_row(row, Attendance, att)))
    return lines


class _Prefixed:
    """A row's ``s_*`` columns, seen without the prefix."""

    def __init__(self, row: Any, prefix: str) -> None:
        self._mapping = {k[len(prefix):]: v for k, v in row._mapping.items()
                         if k.startswith(prefix)}


def rate_of(lines: Iterable[AttendanceLine]) -> AttendanceRate:
    return attendance_rate(line.attendance.presence for line in lines)


def roster(conn: Connection, session_id: int) -> list[tuple[Participant, Attendance]]:
    rows = [from_row(r, Attendance) for r in
            conn.execute(sa.select(att).where(att.c.session_id == session_id))]
    people = {p.enrollment_id: p for p in participants(conn, CODE,
                                                        [a.enrollment_id for a in rows])}
    return sorted(((people[a.enrollment_id], a) for a in rows), key=lambda pa: pa[0].kana)


# --- autonomy stages -------------------------------------------------------------------

def review_stage(psc: Psc, case_id: int, stage: str, on: dt.date | None = None,
                 note: str | None = None, today: dt.date | None = None) -> list[StageStep]:
    """Record where the participant now stands; return their progress so far."""
    today = today or psc.today()
    on = on or today
    if on > today:
        raise InvalidInput([Problem("$.on", IN_FUTURE, {"day": on.isoformat()})])
    staff_id = psc.acting_staff().id
    with psc.program_write(CODE) as tx:
        who = active_participant(tx.conn, case_id, on)
        review = structure({"enrollment_id": who.enrollment_id, "reviewed_on": on,
                            "stage": stage, "note": note, "staff_id": staff_id}, StageReview)
        tx.insert(rev, review, person_id=who.person_id)
        return progress_of(tx.conn, enrollment_of(tx.conn, case_id, CODE))


def progress_of(conn: Connection, enrollment: Enrollment) -> list[StageStep]:
    start = conn.execute(sa.select(readiness_enrollments.c.autonomy_stage).where(
        readiness_enrollments.c.enrollment_id == enrollment.id)).scalar_one_or_none()
    start_stage = AutonomyStage.of(start or enrollment.intake["autonomy_stage_at_start"])
    reviews = conn.execute(sa.select(rev.c.reviewed_on, rev.c.stage)
                           .where(rev.c.enrollment_id == enrollment.id)
                           .order_by(rev.c.reviewed_on, rev.c.id))
    return stage_progress(enrollment.enrolled_on, start_stage,
                          [(r.reviewed_on, AutonomyStage.of(r.stage)) for r in reviews])


def progress_of_all(conn: Connection, people: Sequence[Participant]
                    ) -> dict[int, list[StageStep]]:
    """:func:`progress_of` for many participants in two queries (for the report)."""
    ids = [p.enrollment_id for p in people]
    start = dict(conn.execute(sa.select(readiness_enrollments.c.enrollment_id,
                                        readiness_enrollments.c.autonomy_stage)
                              .where(readiness_enrollments.c.enrollment_id.in_(ids))).all())
    reviews: dict[int, list[tuple[dt.date, AutonomyStage]]] = {i: [] for i in ids}
    for row in conn.execute(sa.select(rev.c.enrollment_id, rev.c.reviewed_on, rev.c.stage)
                            .where(rev.c.enrollment_id.in_(ids))
                            .order_by(rev.c.reviewed_on, rev.c.id)):
        reviews[row.enrollment_id].append((row.reviewed_on, AutonomyStage.of(row.stage)))
    return {p.enrollment_id: stage_progress(p.enrolled_on, AutonomyStage.of(
        start[p.enrollment_id]), reviews[p.enrollment_id])
        for p in people if p.enrollment_id in start}


# --- work orders --------------------------------------------------------------------------

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


def get_order(conn: Connection, order_id: int) -> WorkOrder:
    row = conn.execute(sa.select(orders_t).where(orders_t.c.id == order_id)).one_or_none()
    if row is None:
        raise NotFound.of(ORDER, order_id)
    return from_row(row, WorkOrder)


def done_so_far(conn: Connection, order_ids: Iterable[int], before: dt.date | None = None
                ) -> dict[int, int]:
    """Work done on each order (only before ``before``, when given)."""
    query = (sa.select(done_t.c.work_order_id, sa.func.sum(done_t.c.quantity))
             .where(done_t.c.work_order_id.in_(list(order_ids)))
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
