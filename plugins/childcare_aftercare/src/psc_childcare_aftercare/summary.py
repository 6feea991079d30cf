"""The program's lines of the case view."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_childcare_aftercare import service
from psc_childcare_aftercare.tables import (
    childcare_aftercare_attendance as attendance_t,
)
from psccore import (
    Enrollment,
    Label,
)


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
