"""A participant's progress: their attendance over time and the reviews of their
autonomy stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.figures import (
    AttendanceRate,
    StageStep,
    attendance_rate,
    stage_progress,
)
from psc_readiness.intake import AutonomyStage
from psc_readiness.lookups import CODE, IN_FUTURE, active_participant
from psc_readiness.records import (
    Attendance,
    Session,
    StageReview,
)
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_enrollments
from psc_readiness.tables import readiness_sessions as ses
from psc_readiness.tables import readiness_stage_reviews as rev
from psccore import (
    Enrollment,
    InvalidInput,
    Participant,
    Problem,
    Psc,
    among,
    enrollment_of,
    from_row,
    structure,
)


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
                              .where(among(readiness_enrollments.c.enrollment_id, ids))).all())
    reviews: dict[int, list[tuple[dt.date, AutonomyStage]]] = {i: [] for i in ids}
    for row in conn.execute(sa.select(rev.c.enrollment_id, rev.c.reviewed_on, rev.c.stage)
                            .where(among(rev.c.enrollment_id, ids))
                            .order_by(rev.c.reviewed_on, rev.c.id)):
        reviews[row.enrollment_id].append((row.reviewed_on, AutonomyStage.of(row.stage)))
    return {p.enrollment_id: stage_progress(p.enrolled_on, AutonomyStage.of(
        start[p.enrollment_id]), reviews[p.enrollment_id])
        for p in people if p.enrollment_id in start}
