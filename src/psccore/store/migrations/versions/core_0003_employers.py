"""Employers and their development, job openings and preferences, work history,
consents and disclosures, internships, training, employment and retention.

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-27 02:58:56.452735
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'core_0003'
down_revision = 'core_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('employers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kana', sa.String(length=200), nullable=True),
    sa.Column('industry', sa.String(length=100), nullable=True),
    sa.Column('postal_code', sa.String(length=8), nullable=True),
    sa.Column('ward', sa.String(length=40), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('contact_name', sa.String(length=100), nullable=True),
    sa.Column('contact_email', sa.String(length=200), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.String(length=4000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employers'))
    )
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('form_reference', sa.String(length=200), nullable=True),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_consents_employer_id_employers')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_consents_person_id_people')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_consents_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consents_person_id'), ['person_id'], unique=False)

    op.create_table('employer_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_roles_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_roles'))
    )
    with op.batch_alter_table('employer_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_roles_employer_id'), ['employer_id'], unique=False)

    op.create_table('employer_stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_stage_changes_employer_id_employers')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_employer_stage_changes_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_stage_changes'))
    )
    with op.batch_alter_table('employer_stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_stage_changes_employer_id'), ['employer_id'], unique=False)

    op.create_table('employer_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.String(length=4000), nullable=True),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_visits_employer_id_employers')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_employer_visits_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_visits'))
    )
    with op.batch_alter_table('employer_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_visits_employer_id'), ['employer_id'], unique=False)

    op.create_table('job_openings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('duties', sa.String(length=2000), nullable=False),
    sa.Column('workload', sa.String(length=500), nullable=True),
    sa.Column('ward', sa.String(length=40), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('hours_per_day', sa.Float(), nullable=False),
    sa.Column('days_per_week', sa.Integer(), nullable=False),
    sa.Column('time_of_day', sa.String(length=20), nullable=False),
    sa.Column('wage_type', sa.String(length=20), nullable=False),
    sa.Column('wage', sa.Integer(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('days_off', sa.String(length=200), nullable=True),
    sa.Column('experience_required', sa.Boolean(), nullable=False),
    sa.Column('relaxations', sa.JSON(), nullable=False),
    sa.Column('min_hours_per_day', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_job_openings_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_openings'))
    )
    with op.batch_alter_table('job_openings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_openings_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_openings_status'), ['status'], unique=False)

    op.create_table('job_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('duties', sa.JSON(), nullable=False),
    sa.Column('industries', sa.JSON(), nullable=False),
    sa.Column('max_hours_per_day', sa.Float(), nullable=True),
    sa.Column('max_days_per_week', sa.Integer(), nullable=True),
    sa.Column('times_of_day', sa.JSON(), nullable=False),
    sa.Column('areas', sa.JSON(), nullable=False),
    sa.Column('min_hourly_wage', sa.Integer(), nullable=True),
    sa.Column('cannot_do', sa.JSON(), nullable=False),
    sa.Column('has_experience', sa.Boolean(), nullable=False),
    sa.Column('needs_gradual_start', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_job_preferences_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_preferences')),
    sa.UniqueConstraint('person_id', name=op.f('uq_job_preferences_person_id'))
    )
    op.create_table('work_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('employer_name', sa.String(length=200), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('duties', sa.String(length=1000), nullable=True),
    sa.Column('employment_type', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_work_history_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_history'))
    )
    with op.batch_alter_table('work_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_history_person_id'), ['person_id'], unique=False)

    op.create_table('disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('document', sa.String(length=40), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_disclosures_consent_id_consents')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_disclosures_employer_id_employers')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_disclosures_person_id_people')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_disclosures_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures'))
    )
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_person_id'), ['person_id'], unique=False)

    op.create_table('employments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('employment_type', sa.String(length=20), nullable=False),
    sa.Column('hours_per_week', sa.Float(), nullable=True),
    sa.Column('wage_type', sa.String(length=20), nullable=True),
    sa.Column('wage', sa.Integer(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_employments_case_id_cases')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employments_employer_id_employers')),
    sa.ForeignKeyConstraint(['step_id'], ['plan_steps.id'], name=op.f('fk_employments_step_id_plan_steps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employments'))
    )
    with op.batch_alter_table('employments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employments_employer_id'), ['employer_id'], unique=False)

    op.create_table('internships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('hours_per_day', sa.Float(), nullable=False),
    sa.Column('stipend_per_day', sa.Integer(), nullable=False),
    sa.Column('insured', sa.Boolean(), nullable=False),
    sa.Column('host_fee', sa.Integer(), nullable=False),
    sa.Column('host_evaluation', sa.String(length=4000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_internships_case_id_cases')),
    sa.ForeignKeyConstraint(['host_id'], ['employers.id'], name=op.f('fk_internships_host_id_employers')),
    sa.ForeignKeyConstraint(['step_id'], ['plan_steps.id'], name=op.f('fk_internships_step_id_plan_steps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internships'))
    )
    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_internships_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_internships_host_id'), ['host_id'], unique=False)

    op.create_table('trainings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('training_type', sa.String(length=20), nullable=False),
    sa.Column('certified', sa.Boolean(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_trainings_case_id_cases')),
    sa.ForeignKeyConstraint(['provider_id'], ['employers.id'], name=op.f('fk_trainings_provider_id_employers')),
    sa.ForeignKeyConstraint(['step_id'], ['plan_steps.id'], name=op.f('fk_trainings_step_id_plan_steps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainings'))
    )
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainings_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trainings_provider_id'), ['provider_id'], unique=False)

    op.create_table('internship_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('internship_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['internship_id'], ['internships.id'], name=op.f('fk_internship_attendance_internship_id_internships')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internship_attendance')),
    sa.UniqueConstraint('internship_id', 'on', name='uq_internship_attendance_day')
    )
    op.create_table('retention_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employment_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('still_employed', sa.Boolean(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employment_id'], ['employments.id'], name=op.f('fk_retention_checks_employment_id_employments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_checks'))
    )
    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_checks_employment_id'), ['employment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_checks_employment_id'))

    op.drop_table('retention_checks')
    op.drop_table('internship_attendance')
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainings_provider_id'))
        batch_op.drop_index(batch_op.f('ix_trainings_case_id'))

    op.drop_table('trainings')
    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_internships_host_id'))
        batch_op.drop_index(batch_op.f('ix_internships_case_id'))

    op.drop_table('internships')
    with op.batch_alter_table('employments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employments_employer_id'))
        batch_op.drop_index(batch_op.f('ix_employments_case_id'))

    op.drop_table('employments')
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosures_person_id'))
        batch_op.drop_index(batch_op.f('ix_disclosures_employer_id'))

    op.drop_table('disclosures')
    with op.batch_alter_table('work_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_history_person_id'))

    op.drop_table('work_history')
    op.drop_table('job_preferences')
    with op.batch_alter_table('job_openings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_openings_status'))
        batch_op.drop_index(batch_op.f('ix_job_openings_employer_id'))

    op.drop_table('job_openings')
    with op.batch_alter_table('employer_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_visits_employer_id'))

    op.drop_table('employer_visits')
    with op.batch_alter_table('employer_stage_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_stage_changes_employer_id'))

    op.drop_table('employer_stage_changes')
    with op.batch_alter_table('employer_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_roles_employer_id'))

    op.drop_table('employer_roles')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_person_id'))
        batch_op.drop_index(batch_op.f('ix_consents_employer_id'))

    op.drop_table('consents')
    op.drop_table('employers')
