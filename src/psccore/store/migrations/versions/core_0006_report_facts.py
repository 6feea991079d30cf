"""What the national statistics count that was not yet recorded: whether a plan aims at
work (就労支援対象), changes in a person's income (増収), and the office's population.

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0006"
down_revision = "core_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("employment_support", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "income_changes",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("before", sa.Integer, nullable=False),
        sa.Column("after", sa.Integer, nullable=False),
        sa.Column("note", sa.String(1000), nullable=True),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_income_changes_case_id_cases"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name="fk_income_changes_staff_id_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_income_changes"),
    )
    op.create_index("ix_income_changes_case_id", "income_changes", ["case_id"])
    op.create_table(
        "office",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("population", sa.Integer, nullable=True),
        sa.Column("population_on", sa.Date, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_office"),
    )


def downgrade() -> None:
    op.drop_table("office")
    op.drop_index("ix_income_changes_case_id", table_name="income_changes")
    op.drop_table("income_changes")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("employment_support")
