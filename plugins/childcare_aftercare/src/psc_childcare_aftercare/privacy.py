"""What the program gives of a person: introduction-sheet items, everything kept (their request to see it), and the erasure of free text."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_childcare_aftercare import service
from psc_childcare_aftercare.tables import (
    childcare_aftercare_attendance as attendance_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_consultations as consultations_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_followups as followups_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_mailings as mailings_t,
)
from psccore import (
    Transaction,
    participants,
)

CODE = service.CODE


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    yield "followups", service.followups_of(conn, mine)
    yield "mailings", [dict(r._mapping) for r in conn.execute(sa.select(mailings_t))
                       if set(r.recipients) & set(mine)]
    for key, table in (("attendance", attendance_t), ("consultations", consultations_t)):
        yield key, [dict(r._mapping) for r in conn.execute(
            sa.select(table).where(table.c.enrollment_id.in_(mine)))]


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank follow-up notes; take the person off mailing lists; keep the counts."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    done = list(tx.conn.execute(sa.select(followups_t.c.id).where(
        followups_t.c.enrollment_id.in_(mine), followups_t.c.note.is_not(None))).scalars())
    if done:  # each row audited with its content's digest (psc audit verify --data)
        tx.conn.execute(followups_t.update().where(followups_t.c.id.in_(done)).values(note=None))
        tx.record("erase", followups_t, done, person_id=person_id, fields=["note"])
    for row in tx.conn.execute(sa.select(mailings_t)).all():
        kept = [r for r in row.recipients if r not in mine]
        if len(kept) != len(row.recipients):  # counted as a copy sent, with no one named
            tx.conn.execute(mailings_t.update().where(mailings_t.c.id == row.id)
                            .values(recipients=[*kept, *([0] * (len(row.recipients) - len(kept)))]))
            tx.record("erase", mailings_t, [row.id], person_id=person_id, fields=["recipients"])
