"""Indexes for the lists, the agenda and the reports at 100,000+ cases: cases by
opening day (the case list, keyset paged), by caseworker and status (the agenda), by
closing day; support records by case and day (last contact); plans, evaluations and jobs
by their day (the period counts); plan steps by staff; enrollments by case.

Revision ID: core_0011
Revises: core_0010
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "core_0011"
down_revision = "core_0010"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_cases_opened_on_id", "cases", ["opened_on", "id"]),
    ("ix_cases_status_opened_on_id", "cases", ["status", "opened_on", "id"]),
    ("ix_cases_assigned_staff_id_status", "cases", ["assigned_staff_id", "status"]),
    ("ix_cases_closed_on", "cases", ["closed_on"]),
    ("ix_support_records_case_id_on", "support_records", ["case_id", "on"]),
    ("ix_plans_approved_on", "plans", ["approved_on"]),
    ("ix_plan_steps_staff_id", "plan_steps", ["staff_id"]),
    ("ix_evaluations_evaluated_on", "evaluations", ["evaluated_on"]),
    ("ix_employments_start_on", "employments", ["start_on"]),
    ("ix_enrollments_case_id", "enrollments", ["case_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
