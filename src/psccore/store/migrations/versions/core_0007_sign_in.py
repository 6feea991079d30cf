"""Signing in to the web app: staff passwords (Argon2id hashes), server-side sessions
and the throttle on wrong passwords.

Revision ID: core_0007
Revises: core_0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from psccore.store.tables import UTCDateTime

revision = "core_0007"
down_revision = "core_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_passwords",
        sa.Column("staff_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("hash", sa.String(200), nullable=False),
        sa.Column("changed_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name="fk_staff_passwords_staff_id_staff"),
        sa.PrimaryKeyConstraint("staff_id", name="pk_staff_passwords"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("seen_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name="fk_web_sessions_staff_id_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_staff_id", "web_sessions", ["staff_id"])
    op.create_table(
        "sign_in_throttle",
        sa.Column("login", sa.String(40), nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", UTCDateTime, nullable=True),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("login", name="pk_sign_in_throttle"),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    op.drop_index("ix_web_sessions_staff_id", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("staff_passwords")
