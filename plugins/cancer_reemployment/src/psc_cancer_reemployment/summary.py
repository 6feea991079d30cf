"""The program's lines of the case view."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.engine import Connection

from psc_cancer_reemployment import service
from psccore import (
    Enrollment,
    Label,
)

#: what an employer may learn, with a health consent: what the job must allow for


def case_summary(enrollment: Enrollment, conn: Connection) -> Iterator[tuple[Label, object]]:
    """Work, never treatment: the latest work status and the next follow-up."""
    found = service.followups_of(conn, [enrollment.id or 0])
    if found:
        yield Label("就労の状況", "work status"), \
            f"{found[-1].work_status.label.text()}（{found[-1].on}）"
        if found[-1].next_on:
            yield Label("次の状況確認", "next follow-up"), found[-1].next_on
    for plan in service.return_plans(conn, [enrollment.id or 0]):
        yield Label("復職日", "return to work on"), plan.return_on
