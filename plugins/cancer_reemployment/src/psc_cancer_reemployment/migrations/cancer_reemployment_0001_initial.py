"""cancer_reemployment: one row per enrollment in がん患者等就労支援.

Revision ID: cancer_reemployment_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cancer_reemployment_0001"
down_revision = None
branch_labels = ("cancer_reemployment",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "cancer_reemployment_enrollments",
        sa.Column("id", sa.Integer),
        sa.Column("enrollment_id", sa.Integer, nullable=False),
        sa.Column("track", sa.String(30), nullable=False),
        sa.Column("referral_date", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cancer_reemployment_enrollments"),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"],
            name="fk_cancer_reemployment_enrollments_enrollment_id_enrollments",
        ),
        sa.UniqueConstraint("enrollment_id",
                            name="uq_cancer_reemployment_enrollments_enrollment_id"),
    )


def downgrade() -> None:
    op.drop_table("cancer_reemployment_enrollments")
