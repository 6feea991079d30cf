"""The draft plans a coordination meeting decides, oldest first, in an index of drafts
alone: the meeting's page read every open case to find them (at 100,000 cases, 250 ms
for none; docs/performance.md). An index of every plan by status drew SQLite to read
every approved plan for one caseworker's agenda (20 to 180 ms).

Revision ID: core_0023
Revises: core_0022
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0023"
down_revision = "core_0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    draft = sa.text("status = 'draft'")
    op.create_index("ix_plans_drafts", "plans", ["created_on", "id"], sqlite_where=draft,
                    postgresql_where=draft)


def downgrade() -> None:
    op.drop_index("ix_plans_drafts", table_name="plans")
