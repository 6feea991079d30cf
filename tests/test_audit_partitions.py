"""The audit trail partitioned by fiscal year on PostgreSQL (core_0015): an existing
trail spanning FY2025 and FY2026 is converted with every row in its year (the boundary
is 1 April 00:00 Japan time, 31 March 15:00 UTC as stored), the chain, the rows against
the trail and backups still verify, a row of a year without a partition is kept (the
default partition) and moved into its year by ``psc db upgrade``, and the downgrade
gives back one plain table. On SQLite nothing changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.domain.audit import AuditEntry
from psccore.store import migrate, partitions
from psccore.store import tables as t

BEFORE, HEAD = "core_0014", "core_0017"  # core_0015, then the later ones
# naive UTC, as stored: the last instant of FY2025 and the first of FY2026 (Japan time)
TIMES = [dt.datetime(2025, 4, 1, 3, 0), dt.datetime(2025, 12, 24, 9, 30),
         dt.datetime(2026, 3, 31, 14, 59, 59, 999999), dt.datetime(2026, 3, 31, 15, 0),
         dt.datetime(2026, 6, 1, 0, 0)]


def _append(conn: sa.Connection, times: list[dt.datetime]) -> None:
    """Entries at the given times appended to the chain, sealed as psccore seals them."""
    head = conn.execute(sa.select(t.audit_head)).one()
    seq, prev = head.seq, head.hash
    for at in times:
        entry = AuditEntry(seq=seq + 1, at=at.replace(tzinfo=dt.UTC), staff="admin",
                           action="export", entity="reports", entity_id=None, person_id=None,
                           fields=["csv"], prev_hash=prev, data_digest=None).sealed()
        conn.execute(t.audit_log.insert().values(**attrs.asdict(entry)))
        seq, prev = entry.seq, entry.hash
    conn.execute(t.audit_head.update().values(seq=seq, hash=prev))


def _where(conn: sa.Connection) -> dict[str, list[str]]:
    """Each partition's rows: their times."""
    found: dict[str, list[str]] = {}
    for part, at in conn.exec_driver_sql(
            "SELECT tableoid::regclass::text, at FROM audit_log ORDER BY seq"):
        found.setdefault(part, []).append(at.isoformat())
    return found


def _count(db: Any) -> int:
    with db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(t.audit_log)).scalar())


def _verified(psc: Psc, tmp_path: Path, name: str) -> None:
    assert psc.verify_audit()[1] == []
    assert psc.verify_data()[1] == []
    check = psc.backup(tmp_path / name)
    assert check.tables == len(t.metadata.tables)


def test_an_existing_trail_is_partitioned_by_fiscal_year(psc: Psc, tmp_path: Path) -> None:
    db, registry = psc.ctx.db, psc.ctx.registry
    if db.sqlite_file is not None:
        with db.read() as conn:
            assert not partitions.is_partitioned(conn)
        return
    migrate.downgrade(db, registry, BEFORE)
    psc.add_person({"name": "監査 花子", "kana": "カンサ ハナコ"})
    with db.engine.begin() as conn:
        assert not partitions.is_partitioned(conn)
        _append(conn, TIMES)
    _verified(psc, tmp_path, "before.dump")
    count = _count(db)

    assert HEAD in migrate.upgrade(db, registry)
    today = psc.today()
    current = today.year if today.month >= 4 else today.year - 1
    with db.read() as conn:
        assert partitions.is_partitioned(conn)
        where = _where(conn)
        assert set(partitions.partitions(conn)) == {
            "audit_log_default",
            *(f"audit_log_fy{y}" for y in range(2025, current + partitions.YEARS_AHEAD + 1))}
    assert _count(db) == count
    assert where["audit_log_fy2025"] == [a.isoformat() for a in TIMES[:3]]
    texts = [a.isoformat() for a in TIMES]  # (the rest of FY2026's: written today)
    assert [a for a in where["audit_log_fy2026"] if a in texts] == texts[3:]
    assert "audit_log_default" not in where
    _verified(psc, tmp_path, "after.dump")

    # written now: in this year's partition
    psc.add_person({"name": "監査 次郎", "kana": "カンサ ジロウ"})
    with db.read() as conn:
        [(part,)] = conn.exec_driver_sql(
            "SELECT tableoid::regclass::text FROM audit_log ORDER BY seq DESC LIMIT 1")
        assert part == f"audit_log_fy{current}"

    # a year with no partition yet: the write is kept (default partition), and the
    # next upgrade moves it into a partition of its own year
    far = dt.datetime(current + 10, 5, 1)
    with db.engine.begin() as conn:
        _append(conn, [far])
        assert _where(conn)["audit_log_default"] == [far.isoformat()]
    migrate.upgrade(db, registry)
    with db.read() as conn:
        where = _where(conn)
        assert "audit_log_default" not in where
        assert where[f"audit_log_fy{current + 10}"] == [far.isoformat()]
    _verified(psc, tmp_path, "later.dump")
    psc.restore(tmp_path / "later.dump")  # pg_restore over partitions
    _verified(psc, tmp_path, "restored.dump")

    # seq stays unique within a year's partition, whatever the time
    with db.engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
        conn.exec_driver_sql(
            "INSERT INTO audit_log (seq, at, staff, action, entity, fields, prev_hash, hash) "
            "SELECT seq, at + interval '1 minute', staff, action, entity, fields, prev_hash, "
            "hash FROM audit_log WHERE at < '2025-05-01'")

    count = _count(db)
    migrate.downgrade(db, registry, BEFORE)
    assert _count(db) == count
    with db.read() as conn:
        assert not partitions.is_partitioned(conn)
        assert sa.inspect(conn).get_pk_constraint("audit_log")["constrained_columns"] == [
            "seq"]
    _verified(psc, tmp_path, "downgraded.dump")
    migrate.upgrade(db, registry)


@pytest.mark.parametrize(("at", "fy"), [
    (dt.datetime(2026, 3, 31, 14, 59, 59), 2025), (dt.datetime(2026, 3, 31, 15, 0), 2026),
    (dt.datetime(2027, 1, 1), 2026), (dt.datetime(2027, 3, 31, 15, 0), 2027)])
def test_the_fiscal_year_of_a_stored_time_is_japans(at: dt.datetime, fy: int) -> None:
    assert partitions.fiscal_year_at(at) == fy
