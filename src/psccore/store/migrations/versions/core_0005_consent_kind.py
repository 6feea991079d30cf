"""Consents of two kinds: to give data to a recipient (all consents so far) or to
collect sensitive data at all.

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0005"
down_revision = "core_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False,
                                   server_default="provide"))


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("kind")
