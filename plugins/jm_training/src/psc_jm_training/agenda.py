"""The program's agenda items."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.engine import Connection

from psc_jm_training import service
from psccore import (
    AgendaItem,
    AgendaQuery,
    Label,
    participants,
)

CODE = service.CODE
TASK_TEXT = Label("JM社 {track}: {task}（#{id}）", "JM {track}: {task} (#{id})")


def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    """Every support task not yet done that is due by the horizon; late ones flagged."""
    chosen = {p.id: p for p in service.placements(conn)}
    tasks = service.pending_tasks(conn)
    # only the people of those tasks (ids bound as one parameter): everyone ever
    # enrolled would be read otherwise
    wanted = sorted({chosen[task.placement_id].enrollment_id for task in tasks})
    people = {p.enrollment_id: p for p in participants(conn, CODE, wanted)}
    for task in tasks:
        placement = chosen[task.placement_id]
        who = people.get(placement.enrollment_id)
        if who is None or task.due_on > query.horizon:
            continue
        if query.staff_id is not None and placement.staff_id not in (None, query.staff_id):
            continue
        yield AgendaItem(task.due_on, f"jm_{task.kind.value}", who.case_id, who.name,
                         TASK_TEXT.format(track=placement.track.label, task=task.kind.label,
                                          id=task.id), task.due_on < query.today, program=CODE,
                         staff_id=placement.staff_id)
