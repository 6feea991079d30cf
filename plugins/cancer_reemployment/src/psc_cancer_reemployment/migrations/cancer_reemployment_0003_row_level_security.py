"""cancer_reemployment: its tables of a person's participation kept, on PostgreSQL, to the offices
the transaction may see (row-level security, through core's public helper
:mod:`psccore.store.rls`; nothing on SQLite).

Revision ID: cancer_reemployment_0003
Revises: cancer_reemployment_0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

import psccore.store.rls as rls

revision = "cancer_reemployment_0003"
down_revision = "cancer_reemployment_0002"
branch_labels = None
depends_on = None  # its conditions use only tables, not core_0017's functions

PROTECTED = {
    **{name: rls.by_enrollment() for name in (
        "cancer_reemployment_enrollments", "cancer_reemployment_referrals",
        "cancer_reemployment_followups", "cancer_reemployment_return_plans")},
}


def upgrade() -> None:
    for table, condition in PROTECTED.items():
        rls.protect(op.get_bind(), table, condition)


def downgrade() -> None:
    for table in PROTECTED:
        rls.unprotect(op.get_bind(), table)
