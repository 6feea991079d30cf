"""The audit trail partitioned by fiscal year on PostgreSQL (SQLite: unchanged): the
rows of an existing ``audit_log`` copied into one partition per fiscal year (Japan
time), with partitions for the next years and a default one; the primary key becomes
``(seq, at)``. See :mod:`psccore.store.partitions`.

Revision ID: core_0015
Revises: core_0014
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from psccore.clock import OfficeClock
from psccore.store import partitions

revision = "core_0015"
down_revision = "core_0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql" and not partitions.is_partitioned(conn):
        partitions.partition_audit_log(conn, OfficeClock.from_env().today())


def downgrade() -> None:
    conn = op.get_bind()
    if partitions.is_partitioned(conn):
        partitions.unpartition_audit_log(conn)
