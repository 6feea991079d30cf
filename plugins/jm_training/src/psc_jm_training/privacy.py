"""What the program gives of a person: introduction-sheet items, everything kept (their request to see it), and the erasure of free text."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_jm_training import service
from psc_jm_training.tables import (
    jm_training_costs,
    jm_training_milestones,
    jm_training_reports,
    jm_training_tasks,
)
from psccore import (
    Transaction,
    participants,
)

CODE = service.CODE


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    """The person's placements with their schedule, milestones, costs and reports."""
    from psc_jm_training.documents import reports_of

    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    for placement in service.placements(conn, mine):
        pid = placement.id or 0
        yield f"placement_{pid}", {
            "placement": placement, "tasks": service.tasks_of(conn, pid),
            "milestones": service.assessments(conn, pid),
            "costs": service.costs(conn, placement_ids=[pid]), "reports": reports_of(conn, pid)}


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank notes and report texts about the person; keep dates, ratings and amounts."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    ids = [p.id for p in service.placements(tx.conn, mine)]
    if not ids:
        return
    for table, column, blank in ((jm_training_tasks, "note", None),
                                 (jm_training_milestones, "note", None),
                                 (jm_training_costs, "note", None),
                                 (jm_training_reports, "text", "")):
        rows = list(tx.conn.execute(sa.select(table.c.id).where(
            table.c.placement_id.in_(ids))).scalars())
        if rows:  # each row audited with its content's digest (psc audit verify --data)
            tx.conn.execute(table.update().where(table.c.id.in_(rows)).values({column: blank}))
            tx.record("erase", table, rows, person_id=person_id, fields=[column])
