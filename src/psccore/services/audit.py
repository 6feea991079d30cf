"""Reading and checking the audit chain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa

from psccore.domain.audit import (
    DELETED,
    AuditEntry,
    ChainBreak,
    RowChange,
    row_digest,
    verify_chain,
)
from psccore.services import access
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row


def verify(ctx: Context) -> tuple[int, list[ChainBreak]]:
    """Check the whole chain; return how many entries were read and every break found."""
    with ctx.read() as uow:
        access.for_auditors(uow)
        head = uow.conn.execute(sa.select(t.audit_head)).one()
        entries = [from_row(r, AuditEntry)
                   for r in uow.conn.execute(sa.select(t.audit_log).order_by(t.audit_log.c.seq))]
    return len(entries), verify_chain(entries, head.seq, head.hash)


def verify_data(ctx: Context) -> tuple[int, list[RowChange]]:
    """Re-hash every data row (core's and the programs' tables) and compare it with the
    digest audited with its last write; return how many rows were read and every row
    changed outside psccore."""
    from psccore.services.keys import data_tables, registry_metadata

    with ctx.read() as uow:
        access.for_auditors(uow)
        return rows_against_trail(uow.conn, data_tables(uow.conn, registry_metadata(
            uow.registry)))


def rows_against_trail(conn: sa.Connection, tables: Sequence[sa.Table]
                       ) -> tuple[int, list[RowChange]]:
    """The rows of ``tables`` compared with the newest digest the trail holds for each."""
    a = t.audit_log
    last: dict[tuple[str, int], str] = {}
    for entity, entity_id, digest in conn.execute(
            sa.select(a.c.entity, a.c.entity_id, a.c.data_digest)
            .where(a.c.data_digest.is_not(None), a.c.entity_id.is_not(None))
            .order_by(a.c.seq)):
        last[(entity, entity_id)] = digest
    count, found = 0, []
    for table in tables:
        for row in conn.execute(sa.select(table).order_by(table.c.id)):
            count += 1
            digest = last.pop((table.name, row.id), None)
            if digest is None or digest == DELETED:
                found.append(RowChange(table.name, row.id, "unrecorded"))
            elif digest != row_digest(table.name, dict(row._mapping)):
                found.append(RowChange(table.name, row.id, "changed"))
    names = {table.name for table in tables}
    found += [RowChange(name, row_id, "removed") for (name, row_id), digest in
              sorted(last.items()) if name in names and digest != DELETED]
    return count, found


def head(ctx: Context) -> tuple[int, str]:
    """The newest entry's number and hash, to be kept outside the database."""
    with ctx.read() as uow:
        access.for_auditors(uow)
        row = uow.conn.execute(sa.select(t.audit_head)).one()
        return int(row.seq), str(row.hash)


def verify_against(ctx: Context, seq: int, digest: str) -> tuple[int, list[ChainBreak]]:
    """As :func:`verify`, and the entry ``seq`` must still carry ``digest``: a head kept
    elsewhere shows a truncation even if the head row was rewritten with it."""
    count, breaks = verify(ctx)
    with ctx.read() as uow:
        stored = uow.conn.execute(sa.select(t.audit_log.c.hash)
                                  .where(t.audit_log.c.seq == seq)).scalar()
    if stored != digest:
        breaks.append(ChainBreak(seq, "head"))
    return count, breaks


def log(ctx: Context, *, person_id: int | None = None, staff: str | None = None,
        since: dt.datetime | None = None, until: dt.datetime | None = None,
        limit: int = 200) -> list[AuditEntry]:
    """Entries, newest first, filtered by person, staff member and time."""
    a = t.audit_log
    query = sa.select(a).order_by(a.c.seq.desc()).limit(limit)
    if person_id is not None:
        query = query.where(a.c.person_id == person_id)
    if staff:
        query = query.where(a.c.staff == staff)
    if since:
        query = query.where(a.c.at >= since)
    if until:
        query = query.where(a.c.at < until)
    with ctx.read() as uow:
        access.for_auditors(uow)
        return [from_row(r, AuditEntry) for r in uow.conn.execute(query)]


def affected(ctx: Context, staff: str, since: dt.datetime, until: dt.datetime
             ) -> dict[int, set[str]]:
    """For a breach report: each person a staff member touched in a window, and what
    (record kinds and field names; never values)."""
    found: dict[int, set[str]] = {}
    for entry in log(ctx, staff=staff, since=since, until=until, limit=1_000_000):
        if entry.person_id is not None:
            found.setdefault(entry.person_id, set()).update(
                f"{entry.entity}.{f}" if ":" not in f else f for f in entry.fields or [""])
    return found


def check_chain(ctx: Context, head: tuple[int, str] | None = None
                ) -> tuple[int, list[ChainBreak]]:
    """:func:`verify`, or with ``head`` (kept outside) :func:`verify_against`."""
    return verify(ctx) if head is None else verify_against(ctx, *head)


def exposed_files(ctx: Context, backups: Sequence[Path] = ()) -> list[Path]:
    """The database (with its -wal/-shm), the key file and ``backups`` where other users
    of the machine may read them: for auditors, as ``psc audit verify`` warns."""
    from psccore.crypto import key_file
    from psccore.documents.files import readable_by_others

    with ctx.read() as uow:
        access.for_auditors(uow)
    return readable_by_others([ctx.db.sqlite_file, key_file(), *backups])
