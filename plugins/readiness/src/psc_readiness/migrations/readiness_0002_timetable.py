"""readiness: the timetable (sessions), attendance, stage reviews, work orders and
the work done on them.

Revision ID: readiness_0002
Revises: readiness_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "readiness_0002"
down_revision = "readiness_0001"
branch_labels = None
depends_on = "core_0004"


def upgrade() -> None:
    op.create_table('readiness_work_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('client_name', sa.String(length=200), nullable=False),
    sa.Column('task', sa.String(length=200), nullable=False),
    sa.Column('activity', sa.String(length=30), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('delivered_on', sa.Date(), nullable=True),
    sa.Column('acceptance', sa.String(length=20), nullable=True),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('acceptance_note', sa.String(length=400), nullable=True),
    sa.Column('rework', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['employers.id'], name='fk_readiness_work_orders_client_id_employers'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_readiness_work_orders_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_readiness_work_orders')
    )
    op.create_index('ix_readiness_work_orders_due_on', 'readiness_work_orders', ['due_on'], unique=False)
    op.create_table('readiness_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('half', sa.String(length=2), nullable=False),
    sa.Column('activity', sa.String(length=30), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('gather_at', sa.String(length=5), nullable=False),
    sa.Column('starts_at', sa.String(length=5), nullable=False),
    sa.Column('ends_at', sa.String(length=5), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=True),
    sa.Column('work_order_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_reason', sa.String(length=200), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_readiness_sessions_staff_id_staff'),
    sa.ForeignKeyConstraint(['work_order_id'], ['readiness_work_orders.id'], name='fk_readiness_sessions_work_order_id_readiness_work_orders'),
    sa.PrimaryKeyConstraint('id', name='pk_readiness_sessions')
    )
    op.create_index('ix_readiness_sessions_held_on', 'readiness_sessions', ['held_on'], unique=False)
    op.create_table('readiness_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('presence', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=True),
    sa.Column('minutes_late', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_readiness_attendance_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['session_id'], ['readiness_sessions.id'], name='fk_readiness_attendance_session_id_readiness_sessions'),
    sa.PrimaryKeyConstraint('id', name='pk_readiness_attendance'),
    sa.UniqueConstraint('session_id', 'enrollment_id', name='uq_readiness_attendance_session_id')
    )
    op.create_index('ix_readiness_attendance_enrollment_id', 'readiness_attendance', ['enrollment_id'], unique=False)
    op.create_table('readiness_stage_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_readiness_stage_reviews_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_readiness_stage_reviews_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_readiness_stage_reviews')
    )
    op.create_table('readiness_work_done',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_order_id', sa.Integer(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('enrollment_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=True),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_readiness_work_done_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['session_id'], ['readiness_sessions.id'], name='fk_readiness_work_done_session_id_readiness_sessions'),
    sa.ForeignKeyConstraint(['work_order_id'], ['readiness_work_orders.id'], name='fk_readiness_work_done_work_order_id_readiness_work_orders'),
    sa.PrimaryKeyConstraint('id', name='pk_readiness_work_done')
    )
    op.create_index('ix_readiness_work_done_work_order_id', 'readiness_work_done', ['work_order_id'], unique=False)


def downgrade() -> None:
    for table in ("readiness_work_done", "readiness_stage_reviews", "readiness_attendance",
                  "readiness_sessions", "readiness_work_orders"):
        op.drop_table(table)
