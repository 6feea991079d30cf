"""The JM training program's own tables (Alembic branch ``jm_training``).

Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import enrollments

metadata = sa.MetaData()

#: One row per enrollment in the partnership: its track and, for training, its type.
jm_training_enrollments = sa.Table(
    "jm_training_enrollments",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("enrollment_id", sa.Integer, nullable=False),
    sa.Column("track", sa.String(30), nullable=False),
    sa.Column("employment_type", sa.String(20), nullable=True),
    sa.PrimaryKeyConstraint("id", name="pk_jm_training_enrollments"),
    sa.ForeignKeyConstraint(
        ["enrollment_id"], [enrollments.c.id],
        name="fk_jm_training_enrollments_enrollment_id_enrollments",
    ),
    sa.UniqueConstraint("enrollment_id", name="uq_jm_training_enrollments_enrollment_id"),
)
