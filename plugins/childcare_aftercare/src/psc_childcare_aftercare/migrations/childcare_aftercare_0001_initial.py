"""childcare_aftercare: one row per enrollment in 児童養護施設等就業支援・アフターケア.

Revision ID: childcare_aftercare_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "childcare_aftercare_0001"
down_revision = None
branch_labels = ("childcare_aftercare",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "childcare_aftercare_enrollments",
        sa.Column("id", sa.Integer),
        sa.Column("enrollment_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("left_care_on", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_childcare_aftercare_enrollments"),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"],
            name="fk_childcare_aftercare_enrollments_enrollment_id_enrollments",
        ),
        sa.UniqueConstraint("enrollment_id",
                            name="uq_childcare_aftercare_enrollments_enrollment_id"),
    )


def downgrade() -> None:
    op.drop_table("childcare_aftercare_enrollments")
