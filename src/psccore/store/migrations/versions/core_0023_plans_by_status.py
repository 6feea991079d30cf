"""The draft plans a coordination meeting decides read by their status, oldest first:
the meeting's page read every open case to find them (at 100,000 cases, 250 ms for
none; docs/performance.md).

Revision ID: core_0023
Revises: core_0022
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "core_0023"
down_revision = "core_0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_plans_status_created_on_id", "plans", ["status", "created_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_plans_status_created_on_id", table_name="plans")
