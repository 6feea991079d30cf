"""An office's cases read from its stays alone: ``case_offices`` by office and case, so
that a report for one office or organisation finds its cases in the index (read without
the table) instead of the table's pages scattered over every office's (at 1,000,000
cases: one office's fiscal-year report 0.97 s without it, 0.78 s with it;
docs/performance.md).

Revision ID: core_0019
Revises: core_0018
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "core_0019"
down_revision = "core_0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_case_offices_office_id_case_id", "case_offices",
                    ["office_id", "case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_offices_office_id_case_id", table_name="case_offices")
