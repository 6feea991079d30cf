"""jm_training: one row per enrollment in 株式会社JM就労訓練事業.

Revision ID: jm_training_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "jm_training_0001"
down_revision = None
branch_labels = ("jm_training",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "jm_training_enrollments",
        sa.Column("id", sa.Integer),
        sa.Column("enrollment_id", sa.Integer, nullable=False),
        sa.Column("track", sa.String(30), nullable=False),
        sa.Column("employment_type", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_jm_training_enrollments"),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"],
            name="fk_jm_training_enrollments_enrollment_id_enrollments",
        ),
        sa.UniqueConstraint("enrollment_id", name="uq_jm_training_enrollments_enrollment_id"),
    )


def downgrade() -> None:
    op.drop_table("jm_training_enrollments")
