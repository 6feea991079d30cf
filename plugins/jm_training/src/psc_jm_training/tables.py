"""The JM training program's own tables (Alembic branch ``jm_training``).

Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import (
    foreign_key,
    plan_steps,
    program_table,
    staff,
    support_records,
)

metadata = sa.MetaData()

#: One row per enrollment in the partnership: its track and, for training, its type.
jm_training_enrollments = program_table(
    "jm_training", "enrollments",
    metadata,
    sa.Column("track", sa.String(30), nullable=False),
    sa.Column("employment_type", sa.String(20), nullable=True),
    sa.UniqueConstraint("enrollment_id", name="uq_jm_training_enrollments_enrollment_id"),
)


#: A training or internship under way or done: one per plan step of the partnership.
jm_training_placements = program_table(
    "jm_training", "placements",
    metadata,
    sa.Column("step_id", sa.Integer, nullable=False),
    sa.Column("track", sa.String(30), nullable=False),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=False),
    sa.Column("ended_on", sa.Date),
    sa.Column("outcome", sa.String(20)),
    sa.Column("staff_id", sa.Integer),
    sa.Column("version", sa.Integer, nullable=False),
    foreign_key("jm_training_placements", "step_id", plan_steps.c.id),
    foreign_key("jm_training_placements", "staff_id", staff.c.id),
    sa.UniqueConstraint("step_id", name="uq_jm_training_placements_step_id"),
)


def _placementforeign_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["placement_id"], ["jm_training_placements.id"],
                                   name=f"fk_{table}_placement_id_jm_training_placements")


#: The support schedule: accompaniment, phone checks, visits, reviews.
jm_training_tasks = program_table(
    "jm_training", "tasks",
    metadata,
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Column("cancelled", sa.Boolean, nullable=False),
    sa.Column("note", sa.String(1000)),
    sa.Column("version", sa.Integer, nullable=False),
    _placementforeign_key("jm_training_tasks"),
    sa.Index("ix_jm_training_tasks_due_on", "due_on"),
    enrollment=False,
)

#: Milestones assessed, with notes.
jm_training_milestones = program_table(
    "jm_training", "milestones",
    metadata,
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("milestone", sa.String(30), nullable=False),
    sa.Column("rating", sa.String(20), nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    sa.Column("note", sa.String(1000)),
    sa.Column("staff_id", sa.Integer),
    _placementforeign_key("jm_training_milestones"),
    foreign_key("jm_training_milestones", "staff_id", staff.c.id),
    enrollment=False,
)

#: What each placement cost, and who paid.
jm_training_costs = program_table(
    "jm_training", "costs",
    metadata,
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("item", sa.String(20), nullable=False),
    sa.Column("payer", sa.String(20), nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("paid_on", sa.Date, nullable=False),
    sa.Column("note", sa.String(400)),
    _placementforeign_key("jm_training_costs"),
    sa.Index("ix_jm_training_costs_paid_on", "paid_on"),
    enrollment=False,
)

#: Reports to the coordination meeting, as they were made.
jm_training_reports = program_table(
    "jm_training", "reports",
    metadata,
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("made_on", sa.Date, nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("record_id", sa.Integer),
    sa.Column("staff_id", sa.Integer),
    _placementforeign_key("jm_training_reports"),
    foreign_key("jm_training_reports", "record_id", support_records.c.id),
    foreign_key("jm_training_reports", "staff_id", staff.c.id),
    enrollment=False,
)
