"""Core tables: staff, people, cases, enrollments, the audit chain.

Revision ID: core_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from psccore.domain.audit import GENESIS
from psccore.store.tables import UTCDateTime

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(40), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
        sa.UniqueConstraint("login", name="uq_staff_login"),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kana", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date, nullable=True),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("postal_code", sa.String(8), nullable=True),
        sa.Column("ward", sa.String(40), nullable=True),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
    )
    op.create_index("ix_people_kana", "people", ["kana"])
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.Column("assigned_staff_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name="fk_cases_person_id_people"),
        sa.ForeignKeyConstraint(["assigned_staff_id"], ["staff.id"],
                                name="fk_cases_assigned_staff_id_staff"),
    )
    op.create_index("ix_cases_person_id", "cases", ["person_id"])
    op.create_table(
        "enrollments",
        sa.Column("id", sa.Integer),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("program", sa.String(40), nullable=False),
        sa.Column("enrolled_on", sa.Date, nullable=False),
        sa.Column("intake", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_enrollments"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_enrollments_case_id_cases"),
        sa.UniqueConstraint("case_id", "program", name="uq_enrollments_case_program"),
    )
    op.create_index("ix_enrollments_program", "enrollments", ["program"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, autoincrement=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("staff", sa.String(40), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.Integer, nullable=True),
        sa.Column("person_id", sa.Integer, nullable=True),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_person_id", "audit_log", ["person_id"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])


def downgrade() -> None:
    for table in ("audit_head", "audit_log", "enrollments", "cases", "people", "staff"):
        op.drop_table(table)
