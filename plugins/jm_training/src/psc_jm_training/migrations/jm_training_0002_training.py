"""jm_training: placements (one per training or internship step), the support schedule,
milestone assessments, costs and reports to the coordination meeting.

Revision ID: jm_training_0002
Revises: jm_training_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "jm_training_0002"
down_revision = "jm_training_0001"
branch_labels = None
depends_on = "core_0004"


def upgrade() -> None:
    op.create_table('jm_training_placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('track', sa.String(length=30), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_jm_training_placements_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_jm_training_placements_staff_id_staff'),
    sa.ForeignKeyConstraint(['step_id'], ['plan_steps.id'], name='fk_jm_training_placements_step_id_plan_steps'),
    sa.PrimaryKeyConstraint('id', name='pk_jm_training_placements'),
    sa.UniqueConstraint('step_id', name='uq_jm_training_placements_step_id')
    )
    op.create_table('jm_training_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['jm_training_placements.id'], name='fk_jm_training_tasks_placement_id_jm_training_placements'),
    sa.PrimaryKeyConstraint('id', name='pk_jm_training_tasks')
    )
    op.create_index('ix_jm_training_tasks_due_on', 'jm_training_tasks', ['due_on'], unique=False)
    op.create_table('jm_training_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.String(length=30), nullable=False),
    sa.Column('rating', sa.String(length=20), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['jm_training_placements.id'], name='fk_jm_training_milestones_placement_id_jm_training_placements'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_jm_training_milestones_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_jm_training_milestones')
    )
    op.create_table('jm_training_costs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('payer', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['jm_training_placements.id'], name='fk_jm_training_costs_placement_id_jm_training_placements'),
    sa.PrimaryKeyConstraint('id', name='pk_jm_training_costs')
    )
    op.create_index('ix_jm_training_costs_paid_on', 'jm_training_costs', ['paid_on'], unique=False)
    op.create_table('jm_training_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['jm_training_placements.id'], name='fk_jm_training_reports_placement_id_jm_training_placements'),
    sa.ForeignKeyConstraint(['record_id'], ['support_records.id'], name='fk_jm_training_reports_record_id_support_records'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_jm_training_reports_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_jm_training_reports')
    )


def downgrade() -> None:
    for table in ("jm_training_reports", "jm_training_costs", "jm_training_milestones",
                  "jm_training_tasks", "jm_training_placements"):
        op.drop_table(table)
