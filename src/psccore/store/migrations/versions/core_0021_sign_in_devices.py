"""Browsers known to a login: after a sign-in, the browser keeps a random cookie whose
SHA-256 is kept here with its own count of wrong passwords, so that wrong passwords typed
elsewhere (which wait and lock the login) do not lock out its staff member.

Revision ID: core_0021
Revises: core_0020
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from psccore.store.tables import UTCDateTime

revision = "core_0021"
down_revision = "core_0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_devices",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", UTCDateTime, nullable=True),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name="fk_sign_in_devices_staff_id_staff"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sign_in_devices"),
    )
    op.create_index("ix_sign_in_devices_staff_id", "sign_in_devices", ["staff_id"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_devices_staff_id", table_name="sign_in_devices")
    op.drop_table("sign_in_devices")
