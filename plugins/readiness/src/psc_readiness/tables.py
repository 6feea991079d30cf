"""The readiness program's own tables (Alembic branch ``readiness``).

Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import employers, enrollments, foreign_key, program_table, staff

metadata = sa.MetaData()


#: One row per enrollment in readiness support: where the person started.
readiness_enrollments = program_table(
    "readiness", "enrollments",
    metadata,
    sa.Column("autonomy_stage", sa.String(20), nullable=False),
    sa.UniqueConstraint("enrollment_id", name="uq_readiness_enrollments_enrollment_id"),
)

#: Work orders (受注) from local businesses.
readiness_work_orders = program_table(
    "readiness", "work_orders",
    metadata,
    sa.Column("client_id", sa.Integer, nullable=False),
    sa.Column("client_name", sa.String(200), nullable=False),
    sa.Column("task", sa.String(200), nullable=False),
    sa.Column("activity", sa.String(30), nullable=False),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("unit", sa.String(10), nullable=False),
    sa.Column("unit_price", sa.Numeric(12, 2), nullable=False),
    sa.Column("received_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("staff_id", sa.Integer),
    sa.Column("delivered_on", sa.Date),
    sa.Column("acceptance", sa.String(20)),
    sa.Column("accepted_on", sa.Date),
    sa.Column("acceptance_note", sa.String(400)),
    sa.Column("rework", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    foreign_key("readiness_work_orders", "client_id", employers.c.id),
    foreign_key("readiness_work_orders", "staff_id", staff.c.id),
    sa.Index("ix_readiness_work_orders_due_on", "due_on"),
    enrollment=False,
)

#: The timetable: one row per session (an activity, a date, morning or afternoon).
readiness_sessions = program_table(
    "readiness", "sessions",
    metadata,
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("half", sa.String(2), nullable=False),
    sa.Column("activity", sa.String(30), nullable=False),
    sa.Column("place", sa.String(100), nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("staff_id", sa.Integer),
    sa.Column("gather_at", sa.String(5), nullable=False),
    sa.Column("starts_at", sa.String(5), nullable=False),
    sa.Column("ends_at", sa.String(5), nullable=False),
    sa.Column("topic", sa.String(200)),
    sa.Column("work_order_id", sa.Integer),
    sa.Column("cancelled_reason", sa.String(200)),
    sa.Column("version", sa.Integer, nullable=False),
    foreign_key("readiness_sessions", "staff_id", staff.c.id),
    sa.ForeignKeyConstraint(["work_order_id"], ["readiness_work_orders.id"],
                            name="fk_readiness_sessions_work_order_id_readiness_work_orders"),
    sa.Index("ix_readiness_sessions_held_on", "held_on"),
    enrollment=False,
)

#: Who came to which session.
readiness_attendance = sa.Table(
    "readiness_attendance",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("session_id", sa.Integer, nullable=False),
    sa.Column("enrollment_id", sa.Integer, nullable=False),
    sa.Column("presence", sa.String(20), nullable=False),
    sa.Column("reason", sa.String(20)),
    sa.Column("minutes_late", sa.Integer),
    sa.Column("note", sa.String(400)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("id", name="pk_readiness_attendance"),
    sa.ForeignKeyConstraint(["session_id"], ["readiness_sessions.id"],
                            name="fk_readiness_attendance_session_id_readiness_sessions"),
    foreign_key("readiness_attendance", "enrollment_id", enrollments.c.id),
    sa.UniqueConstraint("session_id", "enrollment_id",
                        name="uq_readiness_attendance_session_id"),
    sa.Index("ix_readiness_attendance_enrollment_id", "enrollment_id"),
)

#: Reviews of a participant's autonomy stage.
readiness_stage_reviews = program_table(
    "readiness", "stage_reviews",
    metadata,
    sa.Column("reviewed_on", sa.Date, nullable=False),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("note", sa.String(1000)),
    sa.Column("staff_id", sa.Integer),
    foreign_key("readiness_stage_reviews", "staff_id", staff.c.id),
)

#: Work done on an order: how much, when, at which session, by whom.
readiness_work_done = sa.Table(
    "readiness_work_done",
    metadata,
    sa.Column("id", sa.Integer),
    sa.Column("work_order_id", sa.Integer, nullable=False),
    sa.Column("done_on", sa.Date, nullable=False),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("session_id", sa.Integer),
    sa.Column("enrollment_id", sa.Integer),
    sa.Column("note", sa.String(400)),
    sa.PrimaryKeyConstraint("id", name="pk_readiness_work_done"),
    sa.ForeignKeyConstraint(["work_order_id"], ["readiness_work_orders.id"],
                            name="fk_readiness_work_done_work_order_id_readiness_work_orders"),
    sa.ForeignKeyConstraint(["session_id"], ["readiness_sessions.id"],
                            name="fk_readiness_work_done_session_id_readiness_sessions"),
    foreign_key("readiness_work_done", "enrollment_id", enrollments.c.id),
    sa.Index("ix_readiness_work_done_work_order_id", "work_order_id"),
)
