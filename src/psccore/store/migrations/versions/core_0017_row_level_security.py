"""Row-level security on PostgreSQL (SQLite: nothing): every core table holding an
office's data is kept to the offices of the transaction's setting ``psc.offices``
(``ENABLE`` and ``FORCE ROW LEVEL SECURITY``, one policy each). See
:mod:`psccore.store.rls` and docs/security.md.

Revision ID: core_0017
Revises: core_0016
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from psccore.store import rls

revision = "core_0017"
down_revision = "core_0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if not rls.is_postgresql(conn):
        return
    rls.create_functions(conn)
    for table, condition in rls.CORE.items():
        rls.protect(conn, table, condition)


def downgrade() -> None:
    conn = op.get_bind()
    if not rls.is_postgresql(conn):
        return
    for table in rls.CORE:
        rls.unprotect(conn, table)
    conn.exec_driver_sql(rls.DROP_FUNCTIONS)
