"""Several offices in one system: organisations, their offices (拠点) and the
municipalities whose population gives rates; a case's office (and its history), a
person's organisation, a role's office. An existing installation gets one organisation
and one office holding every case, so every figure stays as it was.

Revision ID: core_0014
Revises: core_0013
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0014"
down_revision = "core_0013"
branch_labels = None
depends_on = None

DEFAULT = 1  # the id of the organisation and of the office made here
UNNAMED_ORGANISATION = "法人"
UNNAMED_OFFICE = "本所"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    _create_tables()
    _default_office()
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("office_id", sa.Integer, nullable=False,
                                   server_default=str(DEFAULT)))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer, nullable=False,
                                   server_default=str(DEFAULT)))
    # the defaults only filled the existing rows: new rows always name their own
    with op.batch_alter_table("cases") as batch:
        batch.alter_column("office_id", server_default=None)
        batch.create_foreign_key("fk_cases_office_id_offices", "offices", ["office_id"], ["id"])
        batch.create_index("ix_cases_office_id", ["office_id"])
    with op.batch_alter_table("people") as batch:
        batch.alter_column("organisation_id", server_default=None)
        batch.create_foreign_key("fk_people_organisation_id_organisations", "organisations",
                                 ["organisation_id"], ["id"])
        batch.create_index("ix_people_organisation_id", ["organisation_id"])
    with op.batch_alter_table("staff_roles") as batch:
        batch.add_column(sa.Column("office_id", sa.Integer, nullable=True))
        batch.drop_constraint("uq_staff_roles_staff_program", type_="unique")
        batch.create_unique_constraint("uq_staff_roles_staff_program_office",
                                       ["staff_id", "program", "office_id"])
        batch.create_foreign_key("fk_staff_roles_office_id_offices", "offices",
                                 ["office_id"], ["id"])
        batch.create_index("ix_staff_roles_office_id", ["office_id"])
    _record(_histories())


def _create_tables() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
    )
    op.create_table(
        "municipalities",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("population", sa.Integer, nullable=True),
        sa.Column("population_on", sa.Date, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_municipalities"),
        sa.UniqueConstraint("code", name="uq_municipalities_code"),
    )
    op.create_table(
        "offices",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("organisation_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("municipality_code", sa.String(6), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        _fk("offices", "organisation_id", "organisations"),
        sa.PrimaryKeyConstraint("id", name="pk_offices"),
        sa.UniqueConstraint("name", name="uq_offices_name"),
    )
    op.create_index("ix_offices_organisation_id", "offices", ["organisation_id"])
    op.create_table(
        "case_offices",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("office_id", sa.Integer, nullable=False),
        sa.Column("from_on", sa.Date, nullable=False),
        sa.Column("to_on", sa.Date, nullable=True),
        sa.Column("with_sensitive", sa.Boolean, nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=True),
        _fk("case_offices", "case_id", "cases"),
        _fk("case_offices", "office_id", "offices"),
        _fk("case_offices", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name="pk_case_offices"),
    )
    op.create_index("ix_case_offices_case_id", "case_offices", ["case_id"])
    op.create_index("ix_case_offices_office_id", "case_offices", ["office_id"])


def _default_office() -> None:
    """One organisation and one office (renamed later with psc organisation / psc site)."""
    conn = op.get_bind()
    conn.execute(sa.text("insert into organisations (id, name, version) values (:id, :n, 1)"),
                 {"id": DEFAULT, "n": UNNAMED_ORGANISATION})
    conn.execute(sa.text("insert into offices (id, organisation_id, name, version) "
                         "values (:id, :id, :n, 1)"), {"id": DEFAULT, "n": UNNAMED_OFFICE})
    if conn.dialect.name == "postgresql":  # ids given by hand: move the sequences on
        for table in ("organisations", "offices"):
            conn.execute(sa.text(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(select max(id) from {table}))"))


def _histories() -> list[int]:
    """Every case's stay at the default office, from the day it was opened."""
    conn = op.get_bind()
    conn.execute(sa.text(
        "insert into case_offices (case_id, office_id, from_on, to_on, with_sensitive) "
        "select id, office_id, opened_on, null, :yes from cases order by id"), {"yes": True})
    return list(conn.execute(sa.text("select id from case_offices order by id")).scalars())


def _record(histories: list[int]) -> None:
    """Audit what the migration wrote (psc audit verify --data): the new organisation,
    office and histories, and every case and person whose row gained its office (or
    organisation) where the row was as the trail last recorded it (a row changed outside
    psccore stays reported). Rows the trail already holds as they are now (made again
    after a downgrade) are not recorded twice."""
    from psccore.store import tables as t
    from psccore.store.db import Transaction

    conn = op.get_bind()
    tx = Transaction(conn, "psc db upgrade")
    for table in (t.organisations, t.offices, t.case_offices):
        held = _as_held(conn, table)
        last = _last_digests(conn, table.name)
        ids = [i for i, values in _rows(conn, held) if last.get(i) != _digest(held, values)]
        if ids:
            tx.record("create", held, ids)
    for table, filled in ((t.cases, "office_id"), (t.people, "organisation_id")):
        held = _as_held(conn, table)
        last = _last_digests(conn, table.name)
        ids = [i for i, values in _rows(conn, held)
               if last.get(i) == _digest(held, {k: v for k, v in values.items() if k != filled})
               != _digest(held, values)]
        if ids:
            tx.record("migrate", held, ids, fields=[filled])


def _rows(conn: sa.Connection, table: sa.Table) -> list[tuple[int, dict[str, object]]]:
    return [(row.id, dict(row._mapping)) for row in conn.execute(sa.select(table))]


def _digest(table: sa.Table, values: dict[str, object]) -> str:
    from psccore.domain.audit import row_digest

    return row_digest(table.name, values)


def _last_digests(conn: sa.Connection, entity: str) -> dict[int, str]:
    from psccore.store import tables as t

    a = t.audit_log
    return dict(conn.execute(sa.select(a.c.entity_id, a.c.data_digest).where(
        a.c.entity == entity, a.c.data_digest.is_not(None)).order_by(a.c.seq)).all())


def _as_held(conn: sa.Connection, table: sa.Table) -> sa.Table:
    """``table`` with only the columns the database has at this revision (a later one
    adds more)."""
    present = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
    return sa.Table(table.name, sa.MetaData(),
                    *(sa.Column(c.name, c.type, primary_key=c.primary_key)
                      for c in table.columns if c.name in present))


def downgrade() -> None:
    with op.batch_alter_table("staff_roles") as batch:
        batch.drop_index("ix_staff_roles_office_id")
        batch.drop_constraint("fk_staff_roles_office_id_offices", type_="foreignkey")
        batch.drop_constraint("uq_staff_roles_staff_program_office", type_="unique")
        batch.create_unique_constraint("uq_staff_roles_staff_program", ["staff_id", "program"])
        batch.drop_column("office_id")
    with op.batch_alter_table("people") as batch:
        batch.drop_index("ix_people_organisation_id")
        batch.drop_constraint("fk_people_organisation_id_organisations", type_="foreignkey")
        batch.drop_column("organisation_id")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_office_id")
        batch.drop_constraint("fk_cases_office_id_offices", type_="foreignkey")
        batch.drop_column("office_id")
    for index, table in (("ix_case_offices_office_id", "case_offices"),
                         ("ix_case_offices_case_id", "case_offices"),
                         ("ix_offices_organisation_id", "offices")):
        op.drop_index(index, table_name=table)
    for table in ("case_offices", "offices", "municipalities", "organisations"):
        op.drop_table(table)
