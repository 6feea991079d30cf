"""The JM training program's own tables (Alembic branch ``jm_training``).

Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import enrollments, foreign_key, plan_steps, staff, support_records

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


#: A training or internship under way or done: one per plan step of the partnership.
jm_training_placements = sa.Table(
    "jm_training_placements",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("enrollment_id", sa.Integer, nullable=False),
    sa.Column("step_id", sa.Integer, nullable=False),
    sa.Column("track", sa.String(30), nullable=False),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=False),
    sa.Column("ended_on", sa.Date),
    sa.Column("outcome", sa.String(20)),
    sa.Column("staff_id", sa.Integer),
    sa.Column("version", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_jm_training_placements"),
    foreign_key("jm_training_placements", "enrollment_id", enrollments.c.id),
    foreign_key("jm_training_placements", "step_id", plan_steps.c.id),
    foreign_key("jm_training_placements", "staff_id", staff.c.id),
    sa.UniqueConstraint("step_id", name="uq_jm_training_placements_step_id"),
)


def _placementforeign_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["placement_id"], ["jm_training_placements.id"],
                                   name=f"fk_{table}_placement_id_jm_training_placements")


#: The support schedule: accompaniment, phone checks, visits, reviews.
jm_training_tasks = sa.Table(
    "jm_training_tasks",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Column("cancelled", sa.Boolean, nullable=False),
    sa.Column("note", sa.String(1000)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_jm_training_tasks"),
    _placementforeign_key("jm_training_tasks"),
    sa.Index("ix_jm_training_tasks_due_on", "due_on"),
)

#: Milestones assessed, with notes.
jm_training_milestones = sa.Table(
    "jm_training_milestones",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("milestone", sa.String(30), nullable=False),
    sa.Column("rating", sa.String(20), nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("note", sa.String(1000)),
    sa.Column("staff_id", sa.Integer),
    sa.PrimaryKeyConstraint("id", name="pk_jm_training_milestones"),
    _placementforeign_key("jm_training_milestones"),
    foreign_key("jm_training_milestones", "staff_id", staff.c.id),
)

#: What each placement cost, and who paid.
jm_training_costs = sa.Table(
    "jm_training_costs",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("item", sa.String(20), nullable=False),
    sa.Column("payer", sa.String(20), nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.Column("note", sa.String(400)),
    sa.PrimaryKeyConstraint("id", name="pk_jm_training_costs"),
    _placementforeign_key("jm_training_costs"),
    sa.Index("ix_jm_training_costs_paid_on", "paid_on"),
)

#: Reports to the coordination meeting, as they were made.
jm_training_reports = sa.Table(
    "jm_training_reports",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("made_on", sa.Date, nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("record_id", sa.Integer),
    sa.Column("staff_id", sa.Integer),
    sa.PrimaryKeyConstraint("id", name="pk_jm_training_reports"),
    _placementforeign_key("jm_training_reports"),
    foreign_key("jm_training_reports", "record_id", support_records.c.id),
    foreign_key("jm_training_reports", "staff_id", staff.c.id),
)
