"""Free job placement (無料職業紹介): job applications and referrals; openings' employment
length, overseas flag and closing date. Follow-up schedules for every placement; case
reassignments; a support record's time and duration; the agenda's intervals as office
settings.

Revision ID: core_0010
Revises: core_0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0010"
down_revision = "core_0009"
branch_labels = None
depends_on = None

OFFICE_DAYS = (("placement_notice_days", "14"), ("consent_notice_days", "30"),
               ("assessment_due_days", "14"), ("plan_due_days", "30"),
               ("referral_wait_days", "14"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    with op.batch_alter_table("job_openings") as batch:
        batch.add_column(sa.Column("employment_length", sa.String(20), nullable=False,
                                   server_default="regular"))
        batch.add_column(sa.Column("overseas", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("closed_on", sa.Date, nullable=True))
    with op.batch_alter_table("support_records") as batch:
        batch.add_column(sa.Column("at", sa.String(5), nullable=True))
        batch.add_column(sa.Column("minutes", sa.Integer, nullable=True))
    with op.batch_alter_table("office") as batch:
        for name, default in OFFICE_DAYS:
            batch.add_column(sa.Column(name, sa.Integer, nullable=False,
                                       server_default=default))
    op.create_table(
        "case_assignments",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("assigned_staff_id", sa.Integer, nullable=False),
        sa.Column("previous_staff_id", sa.Integer, nullable=True),
        sa.Column("staff_id", sa.Integer, nullable=True),
        _fk("case_assignments", "case_id", "cases"),
        _fk("case_assignments", "assigned_staff_id", "staff"),
        _fk("case_assignments", "previous_staff_id", "staff"),
        _fk("case_assignments", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name="pk_case_assignments"),
    )
    op.create_index("ix_case_assignments_case_id", "case_assignments", ["case_id"])
    op.create_table(
        "job_applications",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("applied_on", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("desired_work", sa.JSON, nullable=False),
        sa.Column("employment_length", sa.String(20), nullable=False),
        sa.Column("overseas", sa.Boolean, nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        _fk("job_applications", "person_id", "people"),
        _fk("job_applications", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name="pk_job_applications"),
    )
    op.create_index("ix_job_applications_person_id", "job_applications", ["person_id"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("application_id", sa.Integer, nullable=False),
        sa.Column("person_id", sa.Integer, nullable=False),
        sa.Column("opening_id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=True),
        sa.Column("referred_on", sa.Date, nullable=False),
        sa.Column("consent_id", sa.Integer, nullable=False),
        sa.Column("disclosure_id", sa.Integer, nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("outcome_on", sa.Date, nullable=True),
        sa.Column("employment_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        _fk("referrals", "application_id", "job_applications"),
        _fk("referrals", "person_id", "people"),
        _fk("referrals", "opening_id", "job_openings"),
        _fk("referrals", "case_id", "cases"),
        _fk("referrals", "consent_id", "consents"),
        _fk("referrals", "disclosure_id", "disclosures"),
        _fk("referrals", "staff_id", "staff"),
        _fk("referrals", "employment_id", "employments"),
        sa.PrimaryKeyConstraint("id", name="pk_referrals"),
    )
    for column in ("application_id", "person_id", "opening_id"):
        op.create_index(f"ix_referrals_{column}", "referrals", [column])
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, nullable=False),
        sa.Column("placement", sa.String(20), nullable=False),
        sa.Column("placement_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("done_on", sa.Date, nullable=True),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        _fk("follow_ups", "case_id", "cases"),
        _fk("follow_ups", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name="pk_follow_ups"),
    )
    op.create_index("ix_follow_ups_case_id", "follow_ups", ["case_id"])
    _record_filled_rows()


def _record_filled_rows() -> None:
    """The new columns with defaults change every opening's and the office's content:
    where the row was as the trail last recorded it but for them, its new digest goes into
    the trail (psc audit verify --data); a row changed outside psccore stays reported."""
    from psccore.domain.audit import row_digest
    from psccore.store import tables as t
    from psccore.store.db import Transaction

    conn = op.get_bind()
    tx = Transaction(conn, "psc db upgrade")
    a = t.audit_log
    for table in (_as_held(conn, t.job_openings), _as_held(conn, t.office)):
        filled = FILLED[table.name]
        last = dict(conn.execute(sa.select(a.c.entity_id, a.c.data_digest).where(
            a.c.entity == table.name, a.c.data_digest.is_not(None)).order_by(a.c.seq)).all())
        ids = []
        for row in conn.execute(sa.select(table)):
            values = dict(row._mapping)
            before = {k: v for k, v in values.items() if k not in filled}
            if last.get(row.id) == row_digest(table.name, before) != row_digest(table.name,
                                                                                 values):
                ids.append(row.id)
        if ids:
            tx.record("migrate", table, ids, fields=list(filled))


def _as_held(conn: sa.Connection, table: sa.Table) -> sa.Table:
    """``table`` with only the columns the database has at this revision (a later one
    adds more)."""
    present = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
    return sa.Table(table.name, sa.MetaData(),
                    *(sa.Column(c.name, c.type, primary_key=c.primary_key)
                      for c in table.columns if c.name in present))


FILLED = {"job_openings": ("employment_length", "overseas"),
          "office": tuple(name for name, _ in OFFICE_DAYS)}


def downgrade() -> None:
    op.drop_index("ix_follow_ups_case_id", table_name="follow_ups")
    op.drop_table("follow_ups")
    for column in ("application_id", "person_id", "opening_id"):
        op.drop_index(f"ix_referrals_{column}", table_name="referrals")
    op.drop_table("referrals")
    op.drop_index("ix_job_applications_person_id", table_name="job_applications")
    op.drop_table("job_applications")
    op.drop_index("ix_case_assignments_case_id", table_name="case_assignments")
    op.drop_table("case_assignments")
    with op.batch_alter_table("office") as batch:
        for name, _ in OFFICE_DAYS:
            batch.drop_column(name)
    with op.batch_alter_table("support_records") as batch:
        batch.drop_column("minutes")
        batch.drop_column("at")
    with op.batch_alter_table("job_openings") as batch:
        batch.drop_column("closed_on")
        batch.drop_column("overseas")
        batch.drop_column("employment_length")
