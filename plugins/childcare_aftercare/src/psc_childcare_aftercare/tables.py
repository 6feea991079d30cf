"""The care leavers' program's own tables (Alembic branch ``childcare_aftercare``).

Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import foreign_key, program_table, staff

metadata = sa.MetaData()

#: One row per enrollment: in care or left care, and since when.
childcare_aftercare_enrollments = program_table(
    "childcare_aftercare", "enrollments",
    metadata,
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("left_care_on", sa.Date, nullable=True),
    sa.UniqueConstraint("enrollment_id",
                        name="uq_childcare_aftercare_enrollments_enrollment_id"),
)


def _own(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    # named without the target: PostgreSQL cuts names at 63 characters
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}")


#: Social-skills training sessions held at a home.
childcare_aftercare_sst_sessions = program_table(
    "childcare_aftercare", "sst_sessions",
    metadata,
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("topic", sa.String(30), nullable=False),
    sa.Column("place", sa.String(100), nullable=False),
    sa.Column("staff_id", sa.Integer),
    foreign_key("childcare_aftercare_sst_sessions", "staff_id", staff.c.id),
    enrollment=False,
)

#: Events of aftercare: the leavers' salon and exchange events.
childcare_aftercare_events = program_table(
    "childcare_aftercare", "events",
    metadata,
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    enrollment=False,
)

#: Who took part in an SST session or an event.
childcare_aftercare_attendance = program_table(
    "childcare_aftercare", "attendance",
    metadata,
    sa.Column("sst_session_id", sa.Integer),
    sa.Column("event_id", sa.Integer),
    _own("childcare_aftercare_attendance", "sst_session_id", "childcare_aftercare_sst_sessions"),
    _own("childcare_aftercare_attendance", "event_id", "childcare_aftercare_events"),
    sa.UniqueConstraint("enrollment_id", "sst_session_id",
                        name="uq_childcare_aftercare_attendance_sst"),
    sa.UniqueConstraint("enrollment_id", "event_id",
                        name="uq_childcare_aftercare_attendance_event"),
)

#: Consultations of aftercare, by kind and topic (the content is in the support record).
childcare_aftercare_consultations = program_table(
    "childcare_aftercare", "consultations",
    metadata,
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("topic", sa.String(20), nullable=False),
)

#: Newsletter issues and information sent, and who received each.
childcare_aftercare_mailings = program_table(
    "childcare_aftercare", "mailings",
    metadata,
    sa.Column("sent_on", sa.Date, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("recipients", sa.JSON, nullable=False),  # enrollment ids
    enrollment=False,
)

#: Follow-ups after leaving care, at 1, 3, 6 and 12 months.
childcare_aftercare_followups = program_table(
    "childcare_aftercare", "followups",
    metadata,
    sa.Column("month", sa.Integer, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Column("note", sa.String(1000)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("enrollment_id", "month",
                        name="uq_childcare_aftercare_followups_enrollment_id"),
)
