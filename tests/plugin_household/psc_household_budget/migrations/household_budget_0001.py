"""household_budget: its enrollment table."""

import sqlalchemy as sa
from alembic import op

revision = "household_budget_0001"
down_revision = None
branch_labels = ("household_budget",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "household_budget_enrollments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("enrollment_id", sa.Integer, sa.ForeignKey("enrollments.id"), nullable=False),
        sa.Column("total_debt", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("household_budget_enrollments")
