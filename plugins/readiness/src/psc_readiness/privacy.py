"""What the readiness program gives of a person: the items of an introduction sheet,
everything kept (their request to see it), and the erasure of free text."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_readiness.lookups import CODE
from psc_readiness.progress import attendance_of, progress_of, rate_of
from psc_readiness.tables import readiness_attendance as att
from psc_readiness.tables import readiness_stage_reviews as rev
from psc_readiness.tables import readiness_work_done as done_t
from psccore import (
    Label,
    Transaction,
    enrollment_of,
    participants,
)


def disclosure_items(person_id: int, conn: Connection,
                     may_disclose: Callable[[int, str], bool] | None = None
                     ) -> Iterator[tuple[str, Label, object]]:
    """For an employer: how regularly the person came and their stage; never the
    reasons for absence (they may be about health). Only what ``may_disclose`` allows."""
    for who in participants(conn, CODE):
        if who.person_id != person_id or (may_disclose is not None
                                          and not may_disclose(who.case_id, CODE)):
            continue
        lines = attendance_of(conn, who.enrollment_id)
        yield ("readiness.attendance_rate", Label("就労準備支援の出席率", "readiness attendance"),
               rate_of(lines).text())
        enrollment = enrollment_of(conn, who.case_id, CODE)
        stage = progress_of(conn, enrollment)[-1].stage
        yield "readiness.autonomy_stage", Label("自立段階", "autonomy stage"), stage.label


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    """Everything the center keeps about the person: attendance, stage reviews, work done."""
    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    yield "attendance", [ln for e in mine for ln in attendance_of(conn, e)]
    yield "stage_reviews", [dict(r._mapping) for r in conn.execute(
        sa.select(rev).where(rev.c.enrollment_id.in_(mine)).order_by(rev.c.reviewed_on))]
    yield "work_done", [dict(r._mapping) for r in conn.execute(
        sa.select(done_t).where(done_t.c.enrollment_id.in_(mine)).order_by(done_t.c.done_on))]


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank the free text kept about the person; keep what the figures count."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    for table in (att, rev, done_t):
        ids = list(tx.conn.execute(sa.select(table.c.id).where(
            table.c.enrollment_id.in_(mine), table.c.note.is_not(None))).scalars())
        if ids:  # each row audited with its content's digest (psc audit verify --data)
            tx.conn.execute(table.update().where(table.c.id.in_(ids)).values(note=None))
            tx.record("erase", table, ids, person_id=person_id, fields=["note"])


