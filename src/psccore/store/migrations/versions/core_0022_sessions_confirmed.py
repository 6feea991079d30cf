"""When a session's staff member last proved their password: the sign-in, or a later
confirmation (``confirmed_at``), which the administration pages ask for again after a
while, so that a session left open does not hand over the administration of the office.

Revision ID: core_0022
Revises: core_0021
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from psccore.store.tables import UTCDateTime

revision = "core_0022"
down_revision = "core_0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("web_sessions", sa.Column("confirmed_at", UTCDateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("confirmed_at")
