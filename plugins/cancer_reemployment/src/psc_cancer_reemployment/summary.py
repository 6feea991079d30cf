"""The program's lines of the case view."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_cancer_reemployment.catalogue import WorkStatus
from psc_cancer_reemployment.tables import cancer_reemployment_followups as followups
from psc_cancer_reemployment.tables import cancer_reemployment_return_plans as plans
from psccore import Enrollment, Label


def case_summary(enrollment: Enrollment, conn: Connection) -> Iterator[tuple[Label, object]]:
    """Work, never treatment: the latest work status and the next follow-up, and the
    return to work of the plan in force (the latest made)."""
    latest = conn.execute(
        sa.select(followups.c.on, followups.c.work_status, followups.c.next_on)
        .where(followups.c.enrollment_id == enrollment.id)
        .order_by(followups.c.on.desc(), followups.c.id.desc()).limit(1)).first()
    if latest is not None:
        yield Label("就労の状況", "work status"), \
            f"{WorkStatus.of(latest.work_status).label.text()}（{latest.on}）"
        if latest.next_on:
            yield Label("次の状況確認", "next follow-up"), latest.next_on
    plan = conn.execute(sa.select(plans.c.return_on).where(plans.c.enrollment_id == enrollment.id)
                        .order_by(plans.c.id.desc()).limit(1)).first()
    if plan is not None:
        yield Label("復職日", "return to work on"), plan.return_on
