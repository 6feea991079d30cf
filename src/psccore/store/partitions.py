"""The audit trail partitioned by fiscal year, on PostgreSQL (SQLite keeps one table).

``audit_log`` is partitioned by range of ``at``: one partition per fiscal year
(``audit_log_fy2026``: 1 April 2026 to 31 March 2027, Japan time). ``at`` is stored as
naive UTC, so a year starts at 15:00 UTC on 31 March. A ``audit_log_default``
partition takes any row of a year without one, so an audit write never fails;
:func:`ensure_audit_partitions` (run by core_0015 and by every ``psc db upgrade``) makes
the partitions of the years present and of the next few, moving rows out of the
default partition into their year's.

The primary key is ``(seq, at)`` (PostgreSQL's rule: it must hold the partition key);
each partition also keeps ``seq`` unique. A repeated ``seq`` across two years cannot
be written by psccore (writers append under the ``audit_head`` row lock), and
``psc audit verify`` reports one as a break of the chain.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import sqlalchemy as sa

#: partitions made beyond the current fiscal year
YEARS_AHEAD = 3
DEFAULT = "audit_log_default"
PARTITION = re.compile(r"^audit_log_(fy\d{4}|default)$")


def year_start(fy: int) -> dt.datetime:
    """The first instant of fiscal year ``fy`` as stored (naive UTC): 1 April, 00:00
    in Japan, which is 31 March, 15:00 UTC."""
    return dt.datetime(fy, 3, 31, 15, 0)


def fiscal_year_at(at: dt.datetime) -> int:
    """The fiscal year of a stored (naive UTC) time."""
    return at.year if at >= year_start(at.year) else at.year - 1


def is_partitioned(conn: sa.Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    return bool(conn.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p JOIN pg_class c "
        "ON c.oid = p.partrelid WHERE c.relname = 'audit_log' "
        "AND c.relnamespace = current_schema()::regnamespace)").scalar())


def partitions(conn: sa.Connection) -> dict[str, str]:
    """The partitions of ``audit_log``, by name: their bounds as PostgreSQL says them."""
    rows = conn.exec_driver_sql(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_log'::regclass")
    return {name: bound for name, bound in rows}


def partition_audit_log(conn: sa.Connection, today: dt.date) -> None:
    """Turn the plain ``audit_log`` into one partitioned by fiscal year (its rows copied
    into their years' partitions, in one transaction)."""
    run = conn.exec_driver_sql
    run("ALTER TABLE audit_log RENAME TO audit_log_plain")
    run("ALTER TABLE audit_log_plain RENAME CONSTRAINT pk_audit_log TO pk_audit_log_plain")
    run("ALTER INDEX ix_audit_log_person_id RENAME TO ix_audit_log_plain_person_id")
    run("CREATE TABLE audit_log (LIKE audit_log_plain INCLUDING DEFAULTS) "
        "PARTITION BY RANGE (at)")
    run("ALTER TABLE audit_log ADD CONSTRAINT pk_audit_log PRIMARY KEY (seq, at)")
    run("CREATE INDEX ix_audit_log_person_id ON audit_log (person_id)")
    run(f"CREATE TABLE {DEFAULT} PARTITION OF audit_log DEFAULT")
    run(f"CREATE UNIQUE INDEX uq_{DEFAULT}_seq ON {DEFAULT} (seq)")
    _add_years(conn, run("SELECT min(at), max(at) FROM audit_log_plain").one(), today)
    run("INSERT INTO audit_log SELECT * FROM audit_log_plain")
    run("DROP TABLE audit_log_plain")


def unpartition_audit_log(conn: sa.Connection) -> None:
    """Back to one plain table keyed by ``seq`` (the downgrade of core_0015)."""
    run = conn.exec_driver_sql
    run("CREATE TABLE audit_log_plain (LIKE audit_log INCLUDING DEFAULTS)")
    run("INSERT INTO audit_log_plain SELECT * FROM audit_log")
    run("DROP TABLE audit_log")  # and its partitions
    run("ALTER TABLE audit_log_plain RENAME TO audit_log")
    run("ALTER TABLE audit_log ADD CONSTRAINT pk_audit_log PRIMARY KEY (seq)")
    run("CREATE INDEX ix_audit_log_person_id ON audit_log (person_id)")


def ensure_audit_partitions(conn: sa.Connection, today: dt.date) -> list[str]:
    """Make the partitions missing for the years the trail holds (rows that fell into
    the default partition) and the current one and :data:`YEARS_AHEAD` after it;
    return their names. Nothing on SQLite or an unpartitioned trail."""
    if not is_partitioned(conn):
        return []
    return _add_years(conn, conn.exec_driver_sql(
        f"SELECT min(at), max(at) FROM {DEFAULT}").one(), today)


def _add_years(conn: sa.Connection, held: Sequence[dt.datetime | None], today: dt.date
               ) -> list[str]:
    """The partitions missing from the first year ``held`` (the oldest and newest
    times of the rows to place) or this one to the later of the newest's and
    :data:`YEARS_AHEAD` after this one."""
    current = today.year if today.month >= 4 else today.year - 1
    first, last = (fiscal_year_at(at) if at else current for at in held)
    have = partitions(conn)
    made = []
    for fy in range(min(first, current), max(last, current + YEARS_AHEAD) + 1):
        name = f"audit_log_fy{fy}"
        if name not in have:
            _add_year(conn, fy, name)
            made.append(name)
    return made


def _add_year(conn: sa.Connection, fy: int, name: str) -> None:
    """One year's partition: made apart, filled with that year's rows from the default
    partition, then attached (attaching checks the default holds none of them)."""
    start, end = year_start(fy).isoformat(" "), year_start(fy + 1).isoformat(" ")
    run = conn.exec_driver_sql
    run(f"CREATE TABLE {name} (LIKE audit_log INCLUDING DEFAULTS)")
    run(f"WITH moved AS (DELETE FROM {DEFAULT} WHERE at >= '{start}' AND at < '{end}' "
        f"RETURNING *) INSERT INTO {name} SELECT * FROM moved")
    run(f"ALTER TABLE audit_log ATTACH PARTITION {name} "
        f"FOR VALUES FROM ('{start}') TO ('{end}')")
    run(f"CREATE UNIQUE INDEX uq_{name}_seq ON {name} (seq)")
