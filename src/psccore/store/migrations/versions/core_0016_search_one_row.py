"""The people search's index one row a person: all of a person's pieces (the same
pieces as core_0013's, :func:`psccore.domain.kana.stored_grams`) in one row, searched
through the database's own inverted index, an FTS5 table on SQLite and an array under
a GIN index on PostgreSQL. Some twenty B-tree rows a person made writing the index most
of a bulk import's time; one row a person takes a tenth of it.

Derived from the people rows, as before: made again here from them, nothing recorded in
the audit trail (no audited row changes).

Revision ID: core_0016
Revises: core_0015
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0016"
down_revision = "core_0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from psccore.store import search_index

    conn = op.get_bind()
    op.drop_index("ix_person_search_person_id", table_name="person_search")
    op.drop_table("person_search")
    for statement in search_index.CREATE[conn.dialect.name]:
        conn.exec_driver_sql(statement)
    search_index.rebuild(conn)


def downgrade() -> None:
    from psccore.domain.kana import stored_grams

    conn = op.get_bind()
    conn.exec_driver_sql("DROP TABLE person_search")
    op.create_table(
        "person_search",
        sa.Column("gram", sa.String(8), primary_key=True),
        sa.Column("person_id", sa.Integer, primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_person_search_person_id", "person_search", ["person_id"])
    people = conn.execute(sa.text("SELECT id, name, kana, phone FROM people")).all()
    pieces = [{"gram": g, "person_id": r.id} for r in people
              for g in stored_grams(r.name, r.kana, r.phone)]
    if pieces:
        conn.execute(sa.text("INSERT INTO person_search (gram, person_id) "
                             "VALUES (:gram, :person_id)"), pieces)
