"""readiness: its tables of a person's participation kept, on PostgreSQL, to the offices
the transaction may see (row-level security, through core's public helper
:mod:`psccore.store.rls`; nothing on SQLite).

Revision ID: readiness_0003
Revises: readiness_0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

import psccore.store.rls as rls

revision = "readiness_0003"
down_revision = "readiness_0002"
branch_labels = None
depends_on = None  # its conditions use only tables, not core_0017's functions

PROTECTED = {
    **{name: rls.by_enrollment() for name in (
        "readiness_enrollments", "readiness_attendance", "readiness_stage_reviews",
        "readiness_work_done")},
}


def upgrade() -> None:
    for table, condition in PROTECTED.items():
        rls.protect(op.get_bind(), table, condition)


def downgrade() -> None:
    for table in PROTECTED:
        rls.unprotect(op.get_bind(), table)
