"""The program's agenda items."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.engine import Connection

from psc_childcare_aftercare import service
from psccore import (
    AgendaItem,
    AgendaQuery,
    Label,
)

CODE = service.CODE
DUE = Label("退所後{month}か月のフォロー（{left}退所）", "follow-up {month} months after leaving "
            "care (left {left})")


def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    """Follow-ups after leaving care not yet done, due by the horizon; late ones flagged."""
    people = {p.enrollment_id: p for p in query.participants(conn, CODE)
              if p.active_on(query.today)}
    left = service.care_status(conn, query.enrollments(CODE))
    for found in service.followups_of(conn, query.enrollments(CODE)):
        if (who := people.get(found.enrollment_id)) is None:
            continue  # enrolled after today
        if found.done_on is None and found.due_on <= query.horizon:
            yield AgendaItem(found.due_on, "aftercare_followup", who.case_id, who.name,
                             DUE.format(month=found.month, left=left.get(found.enrollment_id)),
                             found.due_on < query.today, program=CODE)
