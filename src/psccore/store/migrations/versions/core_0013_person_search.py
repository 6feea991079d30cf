"""The people search's index: ``person_search`` holds pieces of each person's
normalised name and kana (two characters each, and the first alone) and phone digits
(four each), so that a search (two characters such as 山田 included) reads the people
holding every piece typed instead of every row, on SQLite and PostgreSQL alike.

The table is derived from the people rows and filled here from them. It is not a data
table: it has no ``id`` and no row digest (``psc audit verify --data`` compares the people
rows it is made from), and filling it changes no audited row, so nothing is recorded in
the trail; every later write to a person rewrites that person's pieces in the same
transaction.

Revision ID: core_0013
Revises: core_0012
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0013"
down_revision = "core_0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_search",
        sa.Column("gram", sa.String(8), primary_key=True),
        sa.Column("person_id", sa.Integer, primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_person_search_person_id", "person_search", ["person_id"])
    fill_pieces(op.get_bind())


def fill_pieces(conn: sa.Connection) -> None:
    """Every person's pieces, one row each (the shape of this revision; core_0016 keeps
    them one row a person)."""
    from psccore.domain.kana import stored_grams

    people = conn.execute(sa.text("SELECT id, name, kana, phone FROM people")).all()
    pieces = [{"gram": g, "person_id": r.id} for r in people
              for g in stored_grams(r.name, r.kana, r.phone)]
    if pieces:
        conn.execute(sa.text("INSERT INTO person_search (gram, person_id) "
                             "VALUES (:gram, :person_id)"), pieces)


def downgrade() -> None:
    op.drop_index("ix_person_search_person_id", table_name="person_search")
    op.drop_table("person_search")
