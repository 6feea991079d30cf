"""What the app role may know of rows row-level security hides from it, on PostgreSQL
(SQLite: nothing): how many people alike are registered (never who), and whether a case
or person it is refused exists (so that the refusal is audited). ``SECURITY DEFINER``
functions owned by the owner role; see :data:`psccore.store.rls.KNOWING` and
docs/security.md.

Revision ID: core_0018
Revises: core_0017
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from psccore.store import rls

revision = "core_0018"
down_revision = "core_0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if rls.is_postgresql(conn):
        rls.create_knowing(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if rls.is_postgresql(conn):
        conn.exec_driver_sql(rls.DROP_KNOWING)
