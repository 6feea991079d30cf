"""Staff roles per program (no role, no access). Existing staff members become
administrators of all programs, so that upgrading locks no one out.

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-11-27 03:13:17.849741
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'core_0004'
down_revision = 'core_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('program', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_roles_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_roles')),
    sa.UniqueConstraint('staff_id', 'program', name='uq_staff_roles_staff_program')
    )
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_roles_staff_id'), ['staff_id'], unique=False)
    op.execute(
        "INSERT INTO staff_roles (staff_id, program, role, granted_on) "
        "SELECT id, '*', 'administrator', CURRENT_DATE FROM staff"
    )


def downgrade() -> None:
    with op.batch_alter_table('staff_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_roles_staff_id'))

    op.drop_table('staff_roles')
