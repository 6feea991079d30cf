"""The consultation (自立相談支援事業) becomes a program: the screening table, and every
existing case enrolled in ``consultation`` on the day it was opened, its intake marked
as migrated, so that the national count of new consultations stays what it was.

Revision ID: core_0008
Revises: core_0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0008"
down_revision = "core_0007"
branch_labels = None
depends_on = None

MIGRATED = {"migrated": True}


def _tables() -> tuple[sa.Table, sa.Table]:
    meta = sa.MetaData()
    cases = sa.Table("cases", meta, sa.Column("id", sa.Integer),
                     sa.Column("opened_on", sa.Date))
    enrollments = sa.Table("enrollments", meta, sa.Column("id", sa.Integer),
                           sa.Column("case_id", sa.Integer), sa.Column("program", sa.String),
                           sa.Column("enrolled_on", sa.Date), sa.Column("intake", sa.JSON),
                           sa.Column("version", sa.Integer))
    return cases, enrollments


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("agency", sa.String(100), nullable=True),
        sa.Column("note", sa.String(1000), nullable=True),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_screenings_case_id_cases"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_screenings_staff_id_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_screenings"),
        sa.UniqueConstraint("case_id", name="uq_screenings_case_id"),
    )
    cases, enrollments = _tables()
    conn = op.get_bind()
    enrolled = sa.select(enrollments.c.case_id).where(enrollments.c.program == "consultation")
    rows = conn.execute(sa.select(cases.c.id, cases.c.opened_on)
                        .where(cases.c.id.not_in(enrolled)).order_by(cases.c.id)).all()
    if rows:
        conn.execute(enrollments.insert(), [
            {"case_id": r.id, "program": "consultation", "enrolled_on": r.opened_on,
             "intake": MIGRATED, "version": 1} for r in rows])


def downgrade() -> None:
    """The migrated enrollments go (they held nothing); those recorded since stay, as
    an older version shows any program it does not know."""
    _, enrollments = _tables()
    conn = op.get_bind()
    for row in conn.execute(sa.select(enrollments.c.id, enrollments.c.intake)
                            .where(enrollments.c.program == "consultation")).all():
        if row.intake == MIGRATED:
            conn.execute(enrollments.delete().where(enrollments.c.id == row.id))
    op.drop_table("screenings")
