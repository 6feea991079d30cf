"""The readiness program's own tables (Alembic branch ``readiness``).

Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import enrollments

metadata = sa.MetaData()

#: One row per enrollment in readiness support: where the person started.
readiness_enrollments = sa.Table(
    "readiness_enrollments",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("enrollment_id", sa.Integer, nullable=False),
    sa.Column("autonomy_stage", sa.String(20), nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_readiness_enrollments"),
    sa.ForeignKeyConstraint(
        ["enrollment_id"], [enrollments.c.id],
        name="fk_readiness_enrollments_enrollment_id_enrollments",
    ),
    sa.UniqueConstraint("enrollment_id", name="uq_readiness_enrollments_enrollment_id"),
)
