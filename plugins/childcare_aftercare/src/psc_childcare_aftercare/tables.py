"""The care leavers' program's own tables (Alembic branch ``childcare_aftercare``).

Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import enrollments

metadata = sa.MetaData()

#: One row per enrollment: in care or left care, and since when.
childcare_aftercare_enrollments = sa.Table(
    "childcare_aftercare_enrollments",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("enrollment_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("left_care_on", sa.Date, nullable=True),
    sa.PrimaryKeyConstraint("id", name="pk_childcare_aftercare_enrollments"),
    sa.ForeignKeyConstraint(
        ["enrollment_id"], [enrollments.c.id],
        name="fk_childcare_aftercare_enrollments_enrollment_id_enrollments",
    ),
    sa.UniqueConstraint("enrollment_id",
                        name="uq_childcare_aftercare_enrollments_enrollment_id"),
)
