"""childcare_aftercare: SST sessions, aftercare events, attendance, consultations,
mailings and follow-ups after leaving care.

Revision ID: childcare_aftercare_0002
Revises: childcare_aftercare_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "childcare_aftercare_0002"
down_revision = "childcare_aftercare_0001"
branch_labels = None
depends_on = "core_0004"


def upgrade() -> None:
    op.create_table('childcare_aftercare_sst_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topic', sa.String(length=30), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_childcare_aftercare_sst_sessions_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_childcare_aftercare_sst_sessions')
    )
    op.create_table('childcare_aftercare_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_childcare_aftercare_events')
    )
    op.create_table('childcare_aftercare_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('sst_session_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_childcare_aftercare_attendance_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['event_id'], ['childcare_aftercare_events.id'], name='fk_childcare_aftercare_attendance_event_id'),
    sa.ForeignKeyConstraint(['sst_session_id'], ['childcare_aftercare_sst_sessions.id'], name='fk_childcare_aftercare_attendance_sst_session_id'),
    sa.PrimaryKeyConstraint('id', name='pk_childcare_aftercare_attendance'),
    sa.UniqueConstraint('enrollment_id', 'event_id', name='uq_childcare_aftercare_attendance_event'),
    sa.UniqueConstraint('enrollment_id', 'sst_session_id', name='uq_childcare_aftercare_attendance_sst')
    )
    op.create_table('childcare_aftercare_consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('topic', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_childcare_aftercare_consultations_enrollment_id_enrollments'),
    sa.PrimaryKeyConstraint('id', name='pk_childcare_aftercare_consultations')
    )
    op.create_table('childcare_aftercare_mailings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_childcare_aftercare_mailings')
    )
    op.create_table('childcare_aftercare_followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_childcare_aftercare_followups_enrollment_id_enrollments'),
    sa.PrimaryKeyConstraint('id', name='pk_childcare_aftercare_followups'),
    sa.UniqueConstraint('enrollment_id', 'month', name='uq_childcare_aftercare_followups_enrollment_id')
    )


def downgrade() -> None:
    for table in ("childcare_aftercare_followups", "childcare_aftercare_mailings",
                  "childcare_aftercare_consultations", "childcare_aftercare_attendance",
                  "childcare_aftercare_events", "childcare_aftercare_sst_sessions"):
        op.drop_table(table)
