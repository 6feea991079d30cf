"""The people search's index read on PostgreSQL through a function of the tables' owner
(``psc_people_holding``), the index's policy no longer forced on its owner: under
row-level security PostgreSQL tested every index row's office before the pieces
(``@>`` is not leakproof), reading all of them. The app role's own reads of the table
stay bound by its policy; the function gives person ids only, and which of them a staff
member may see is decided on ``people``. See :data:`psccore.store.search_index.HOLDING`.

Revision ID: core_0020
Revises: core_0019
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "core_0020"
down_revision = "core_0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from psccore.store import search_index

    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        search_index.read_past_offices(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE person_search FORCE ROW LEVEL SECURITY")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS psc_people_holding(text[])")
