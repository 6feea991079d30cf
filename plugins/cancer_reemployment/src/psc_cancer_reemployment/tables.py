"""The cancer program's own tables (Alembic branch ``cancer_reemployment``).

No medical data here: treatment details stay in the enrollment's intake answers.
Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import enrollments

metadata = sa.MetaData()

#: One row per enrollment: the track and the hospital's referral date.
cancer_reemployment_enrollments = sa.Table(
    "cancer_reemployment_enrollments",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("enrollment_id", sa.Integer, nullable=False),
    sa.Column("track", sa.String(30), nullable=False),
    sa.Column("referral_date", sa.Date, nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_cancer_reemployment_enrollments"),
    sa.ForeignKeyConstraint(
        ["enrollment_id"], [enrollments.c.id],
        name="fk_cancer_reemployment_enrollments_enrollment_id_enrollments",
    ),
    sa.UniqueConstraint("enrollment_id",
                        name="uq_cancer_reemployment_enrollments_enrollment_id"),
)
