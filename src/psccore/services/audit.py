"""Reading and checking the audit chain."""

from __future__ import annotations

import sqlalchemy as sa

from psccore.domain.audit import AuditEntry, ChainBreak, verify_chain
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row


def verify(ctx: Context) -> tuple[int, list[ChainBreak]]:
    """Check the whole chain; return how many entries were read and every break found."""
    with ctx.db.read() as conn:
        head = conn.execute(sa.select(t.audit_head)).one()
        entries = [from_row(r, AuditEntry)
                   for r in conn.execute(sa.select(t.audit_log).order_by(t.audit_log.c.seq))]
    return len(entries), verify_chain(entries, head.seq, head.hash)
