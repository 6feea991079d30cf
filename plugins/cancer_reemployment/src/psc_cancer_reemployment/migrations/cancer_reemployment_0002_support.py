"""cancer_reemployment: referrals to experts, follow-ups on treatment and work, and
plans for a return to work (notes sealed).

Revision ID: cancer_reemployment_0002
Revises: cancer_reemployment_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cancer_reemployment_0002"
down_revision = "cancer_reemployment_0001"
branch_labels = None
depends_on = "core_0005"


def upgrade() -> None:
    op.create_table('cancer_reemployment_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('expert', sa.String(length=30), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_cancer_reemployment_referrals_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_cancer_reemployment_referrals_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_cancer_reemployment_referrals')
    )
    op.create_table('cancer_reemployment_followups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('work_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('next_on', sa.Date(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_cancer_reemployment_followups_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_cancer_reemployment_followups_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_cancer_reemployment_followups')
    )
    op.create_index('ix_cancer_reemployment_followups_next_on', 'cancer_reemployment_followups', ['next_on'], unique=False)
    op.create_table('cancer_reemployment_return_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrollment_id', sa.Integer(), nullable=False),
    sa.Column('return_on', sa.Date(), nullable=False),
    sa.Column('phases', sa.JSON(), nullable=False),
    sa.Column('meeting_on', sa.Date(), nullable=True),
    sa.Column('consent_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name='fk_cancer_reemployment_return_plans_consent_id_consents'),
    sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name='fk_cancer_reemployment_return_plans_enrollment_id_enrollments'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name='fk_cancer_reemployment_return_plans_staff_id_staff'),
    sa.PrimaryKeyConstraint('id', name='pk_cancer_reemployment_return_plans')
    )


def downgrade() -> None:
    for table in ("cancer_reemployment_return_plans", "cancer_reemployment_followups",
                  "cancer_reemployment_referrals"):
        op.drop_table(table)
