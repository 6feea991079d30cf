"""readiness: one row per enrollment in 就労準備支援事業.

Revision ID: readiness_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "readiness_0001"
down_revision = None
branch_labels = ("readiness",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "readiness_enrollments",
        sa.Column("id", sa.Integer),
        sa.Column("enrollment_id", sa.Integer, nullable=False),
        sa.Column("autonomy_stage", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_readiness_enrollments"),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"],
            name="fk_readiness_enrollments_enrollment_id_enrollments",
        ),
        sa.UniqueConstraint("enrollment_id", name="uq_readiness_enrollments_enrollment_id"),
    )


def downgrade() -> None:
    op.drop_table("readiness_enrollments")
