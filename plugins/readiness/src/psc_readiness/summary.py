"""The readiness lines of the case view: attendance, autonomy stages, work done."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.progress import attendance_of, progress_of, rate_of
from psc_readiness.tables import readiness_work_done as done_t
from psc_readiness.tables import readiness_work_orders as orders_t
from psccore import (
    Enrollment,
    Label,
)


def case_summary(enrollment: Enrollment, conn: Connection) -> Iterator[tuple[Label, object]]:
    lines = attendance_of(conn, enrollment.id or 0)
    yield Label("出席率", "attendance rate"), rate_of(lines).text()
    if lines:
        came = [ln.session.held_on for ln in lines if ln.attendance.presence.came]
        yield Label("最後の出席", "last attended"), max(came) if came else None
    steps = progress_of(conn, enrollment)
    yield Label("自立段階の推移", "autonomy stages"), " → ".join(s.text() for s in steps)
    made = conn.execute(sa.select(orders_t.c.unit, sa.func.sum(done_t.c.quantity))
                        .join(orders_t, orders_t.c.id == done_t.c.work_order_id)
                        .where(done_t.c.enrollment_id == enrollment.id)
                        .group_by(orders_t.c.unit).order_by(orders_t.c.unit)).all()
    if made:
        yield (Label("受注作業の実績", "work done on orders"),
               "、".join(f"{int(total):,}{unit}" for unit, total in made))
