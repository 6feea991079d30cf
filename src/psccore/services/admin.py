"""What the administration screens read: the audit trail a page at a time, each entry
with the name of the person it is about (never a value written or read)."""

from __future__ import annotations

import datetime as dt

import attrs
import sqlalchemy as sa

from psccore.domain.audit import AuditEntry
from psccore.services.access import for_auditors
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row

MAX_PAGE = 500


@attrs.frozen
class AuditLine:
    """One audit entry and the name of the person it concerns (if any, and still held)."""

    entry: AuditEntry
    person_name: str | None


@attrs.frozen
class AuditPage:
    """Entries newest first; ``older``: pass it as ``before`` for the next page."""

    lines: list[AuditLine]
    older: int | None


def audit_page(ctx: Context, *, staff: str | None = None, since: dt.datetime | None = None,
               until: dt.datetime | None = None, before: int | None = None,
               size: int = 50) -> AuditPage:
    """A page of the trail (auditors), newest first, filtered by staff member and time
    (``since`` included, ``until`` not), entries numbered below ``before``."""
    size = max(1, min(size, MAX_PAGE))
    a, p = t.audit_log, t.people
    query = (sa.select(a, p.c.name.label("person_name"))
             .outerjoin(p, p.c.id == a.c.person_id)
             .order_by(a.c.seq.desc()).limit(size + 1))
    if staff:
        query = query.where(a.c.staff == staff)
    if since is not None:
        query = query.where(a.c.at >= since)
    if until is not None:
        query = query.where(a.c.at < until)
    if before is not None:
        query = query.where(a.c.seq < before)
    with ctx.read() as uow:
        for_auditors(uow)
        rows = uow.conn.execute(query).all()
    lines = [AuditLine(from_row(r, AuditEntry, a), r.person_name) for r in rows[:size]]
    return AuditPage(lines, lines[-1].entry.seq if len(rows) > size else None)
