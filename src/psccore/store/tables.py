"""The core tables. Each mirrors one domain class; ``tests/test_schema.py`` fails if
they drift apart. Plugins may point foreign keys at these tables (public API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def foreign_key(table: str, column: str, target: sa.Column[Any]) -> sa.ForeignKeyConstraint:
    """A plugin table's foreign key, named as core's convention names its own
    (``fk_<table>_<column>_<target table>``), so migrations and metadata agree."""
    return sa.ForeignKeyConstraint([column], [target],
                                   name=f"fk_{table}_{column}_{target.table.name}")


def program_table(code: str, name: str, metadata: sa.MetaData, *items: sa.schema.SchemaItem,
                  enrollment: bool = True) -> sa.Table:
    """A program's table ``<code>_<name>`` with core's conventions: an ``id`` primary key
    named ``pk_<table>`` and, with ``enrollment``, a required ``enrollment_id`` pointing
    at ``enrollments.id`` (through :func:`foreign_key`). ``items`` are the table's own
    columns and constraints, after ``id`` and ``enrollment_id``."""
    table = f"{code}_{name}"
    columns: list[sa.schema.SchemaItem] = [sa.Column("id", sa.Integer)]
    keys: list[sa.schema.SchemaItem] = [sa.PrimaryKeyConstraint("id", name=f"pk_{table}")]
    if enrollment:
        columns.append(sa.Column("enrollment_id", sa.Integer, nullable=False))
        keys.append(foreign_key(table, "enrollment_id", enrollments.c.id))
    return sa.Table(table, metadata, *columns, *keys, *items)


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """Stored as naive UTC on every database; read back as aware UTC."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


# --- organisations, their offices (拠点) and municipalities (core_0013) -----------------

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("version", sa.Integer, nullable=False),
)

municipalities = sa.Table(
    "municipalities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(6), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("population", sa.Integer, nullable=True),
    sa.Column("population_on", sa.Date, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

offices = sa.Table(
    "offices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"),
              nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("address", sa.String(200), nullable=True),
    sa.Column("municipality_code", sa.String(6), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("login", sa.String(40), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

staff_roles = sa.Table(
    "staff_roles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False, index=True),
    sa.Column("program", sa.String(40), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("granted_on", sa.Date, nullable=False),
    # the office the role is for; NULL: every office (core_0013)
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=True,
              index=True),
    sa.UniqueConstraint("staff_id", "program", "office_id",
                        name="uq_staff_roles_staff_program_office"),
)

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("kana", sa.String(100), nullable=False, index=True),
    sa.Column("birth_date", sa.Date, nullable=True),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("email", sa.String(200), nullable=True),
    sa.Column("postal_code", sa.String(8), nullable=True),
    sa.Column("ward", sa.String(40), nullable=True),
    sa.Column("address", sa.String(200), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    # registered once per organisation (core_0013)
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"),
              nullable=False, index=True),
)

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date, nullable=True),
    sa.Column("assigned_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
    sa.Column("closure_reason", sa.String(20), nullable=True),
    sa.Column("closure_note", sa.String(2000), nullable=True),
    sa.Column("previous_case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    # the office holding the case now (core_0013); its history is in case_offices
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=False,
              index=True),
)

enrollments = sa.Table(
    "enrollments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("program", sa.String(40), nullable=False, index=True),
    sa.Column("enrolled_on", sa.Date, nullable=False),
    sa.Column("intake", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("case_id", "program", name="uq_enrollments_case_program"),
)

def _staff() -> sa.Column[int]:
    return sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True)


assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    _staff(),
    sa.Column("autonomy_stage", sa.String(20), nullable=False),
    sa.Column("ratings", sa.JSON, nullable=False),
    sa.Column("barriers", sa.JSON, nullable=False),
    sa.Column("barrier_notes", sa.String(2000), nullable=True),
    sa.Column("summary", sa.String(4000), nullable=True),
    sa.UniqueConstraint("case_id", "number", name="uq_assessments_case_number"),
)

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("wishes", sa.String(2000), nullable=True),
    sa.Column("problems", sa.String(2000), nullable=True),
    sa.Column("long_term_goal", sa.String(1000), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("points_of_care", sa.String(2000), nullable=True),
    sa.Column("employment_support", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_on", sa.Date, nullable=False),
    sa.Column("approved_on", sa.Date, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("case_id", "number", name="uq_plans_case_number"),
)

plan_goals = sa.Table(
    "plan_goals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.String(500), nullable=False),
    sa.Column("short_term", sa.Boolean, nullable=False),
    sa.Column("target_date", sa.Date, nullable=True),
)

plan_steps = sa.Table(
    "plan_steps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("program", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=True),
    _staff(),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("started_on", sa.Date, nullable=True),
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("note", sa.String(1000), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

meetings = sa.Table(
    "meetings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("staff", sa.JSON, nullable=False),
    sa.Column("organisations", sa.JSON, nullable=False),
    sa.Column("notes", sa.String(4000), nullable=True),
)

meeting_decisions = sa.Table(
    "meeting_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("reason", sa.String(2000), nullable=True),
)

support_records = sa.Table(
    "support_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    _staff(),
    sa.Column("summary", sa.String(4000), nullable=False),
    sa.Column("step_id", sa.Integer, sa.ForeignKey("plan_steps.id"), nullable=True),
    sa.Column("at", sa.String(5), nullable=True),
    sa.Column("minutes", sa.Integer, nullable=True),
)

case_assignments = sa.Table(
    "case_assignments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("assigned_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
    sa.Column("previous_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
    _staff(),
)

# A case's stays at its offices (like case_assignments): reports count by the office of the day.
case_offices = sa.Table(
    "case_offices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=False,
              index=True),
    sa.Column("from_on", sa.Date, nullable=False),
    sa.Column("to_on", sa.Date, nullable=True),
    sa.Column("with_sensitive", sa.Boolean, nullable=False),
    _staff(),
)

evaluations = sa.Table(
    "evaluations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("evaluated_on", sa.Date, nullable=False),
    _staff(),
    sa.Column("results", sa.JSON, nullable=False),
    sa.Column("next_action", sa.String(20), nullable=False),
    sa.Column("note", sa.String(4000), nullable=True),
)

# --- employers, openings, consent, placements ----------------------------------------

employers = sa.Table(
    "employers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kana", sa.String(200), nullable=True),
    sa.Column("industry", sa.String(100), nullable=True),
    sa.Column("postal_code", sa.String(8), nullable=True),
    sa.Column("ward", sa.String(40), nullable=True),
    sa.Column("address", sa.String(200), nullable=True),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("contact_name", sa.String(100), nullable=True),
    sa.Column("contact_email", sa.String(200), nullable=True),
    sa.Column("employees", sa.Integer, nullable=True),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("notes", sa.String(4000), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)


def _employer(name: str = "employer_id", nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("employers.id"), nullable=nullable,
                     index=True)


employer_stage_changes = sa.Table(
    "employer_stage_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _employer(),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    _staff(),
    sa.Column("note", sa.String(1000), nullable=True),
)

employer_visits = sa.Table(
    "employer_visits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _employer(),
    sa.Column("on", sa.Date, nullable=False),
    _staff(),
    sa.Column("purpose", sa.String(20), nullable=False),
    sa.Column("notes", sa.String(4000), nullable=True),
)

employer_roles = sa.Table(
    "employer_roles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _employer(),
    sa.Column("role", sa.String(30), nullable=False),
    sa.Column("since", sa.Date, nullable=False),
    sa.Column("until", sa.Date, nullable=True),
)

job_openings = sa.Table(
    "job_openings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _employer(),
    sa.Column("title", sa.String(100), nullable=False),
    sa.Column("duties", sa.String(2000), nullable=False),
    sa.Column("workload", sa.String(500), nullable=True),
    sa.Column("ward", sa.String(40), nullable=True),
    sa.Column("place", sa.String(200), nullable=True),
    sa.Column("hours_per_day", sa.Float, nullable=False),
    sa.Column("days_per_week", sa.Integer, nullable=False),
    sa.Column("time_of_day", sa.String(20), nullable=False),
    sa.Column("wage_type", sa.String(20), nullable=False),
    sa.Column("wage", sa.Integer, nullable=False),
    sa.Column("headcount", sa.Integer, nullable=False),
    sa.Column("days_off", sa.String(200), nullable=True),
    sa.Column("experience_required", sa.Boolean, nullable=False),
    sa.Column("relaxations", sa.JSON, nullable=False),
    sa.Column("min_hours_per_day", sa.Float, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("employment_length", sa.String(20), nullable=False, server_default="regular"),
    sa.Column("overseas", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("closed_on", sa.Date, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

job_preferences = sa.Table(
    "job_preferences",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, unique=True),
    sa.Column("duties", sa.JSON, nullable=False),
    sa.Column("industries", sa.JSON, nullable=False),
    sa.Column("max_hours_per_day", sa.Float, nullable=True),
    sa.Column("max_days_per_week", sa.Integer, nullable=True),
    sa.Column("times_of_day", sa.JSON, nullable=False),
    sa.Column("areas", sa.JSON, nullable=False),
    sa.Column("min_hourly_wage", sa.Integer, nullable=True),
    sa.Column("cannot_do", sa.JSON, nullable=False),
    sa.Column("has_experience", sa.Boolean, nullable=False),
    sa.Column("needs_gradual_start", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

work_history = sa.Table(
    "work_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("employer_name", sa.String(200), nullable=False),
    sa.Column("started_on", sa.Date, nullable=False),
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("duties", sa.String(1000), nullable=True),
    sa.Column("employment_type", sa.String(40), nullable=True),
)

consents = sa.Table(
    "consents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False, server_default="provide"),
    _employer(nullable=True),
    sa.Column("organisation", sa.String(200), nullable=True),
    sa.Column("categories", sa.JSON, nullable=False),
    sa.Column("purpose", sa.String(500), nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    sa.Column("withdrawn_on", sa.Date, nullable=True),
    sa.Column("form_reference", sa.String(200), nullable=True),
    sa.Column("recorded_on", sa.Date, nullable=False),
    _staff(),
    sa.Column("version", sa.Integer, nullable=False),
)

disclosures = sa.Table(
    "disclosures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("consent_id", sa.Integer, sa.ForeignKey("consents.id"), nullable=False),
    _employer(nullable=True),
    sa.Column("organisation", sa.String(200), nullable=True),
    sa.Column("on", sa.Date, nullable=False),
    _staff(),
    sa.Column("document", sa.String(40), nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("purpose", sa.String(500), nullable=False),
)


def _case() -> sa.Column[int]:
    return sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False,
                     index=True)


def _step() -> sa.Column[int]:
    return sa.Column("step_id", sa.Integer, sa.ForeignKey("plan_steps.id"), nullable=True)


internships = sa.Table(
    "internships",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _case(),
    _step(),
    _employer("host_id"),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=False),
    sa.Column("days", sa.Integer, nullable=False),
    sa.Column("hours_per_day", sa.Float, nullable=False),
    sa.Column("stipend_per_day", sa.Integer, nullable=False),
    sa.Column("insured", sa.Boolean, nullable=False),
    sa.Column("host_fee", sa.Integer, nullable=False),
    sa.Column("host_evaluation", sa.String(4000), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

internship_attendance = sa.Table(
    "internship_attendance",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("internship_id", sa.Integer, sa.ForeignKey("internships.id"), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("present", sa.Boolean, nullable=False),
    sa.Column("hours", sa.Float, nullable=True),
    sa.Column("note", sa.String(1000), nullable=True),
    sa.UniqueConstraint("internship_id", "on", name="uq_internship_attendance_day"),
)

trainings = sa.Table(
    "trainings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _case(),
    _step(),
    _employer("provider_id"),
    sa.Column("training_type", sa.String(20), nullable=False),
    sa.Column("certified", sa.Boolean, nullable=False),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

employments = sa.Table(
    "employments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _case(),
    _step(),
    _employer(nullable=True),
    sa.Column("employer_name", sa.String(200), nullable=True),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("employment_type", sa.String(20), nullable=False),
    sa.Column("hours_per_week", sa.Float, nullable=True),
    sa.Column("wage_type", sa.String(20), nullable=True),
    sa.Column("wage", sa.Integer, nullable=True),
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

retention_checks = sa.Table(
    "retention_checks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("employment_id", sa.Integer, sa.ForeignKey("employments.id"), nullable=False,
              index=True),
    sa.Column("month", sa.Integer, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date, nullable=True),
    sa.Column("still_employed", sa.Boolean, nullable=True),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

income_changes = sa.Table(
    "income_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _case(),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("before", sa.Integer, nullable=False),
    sa.Column("after", sa.Integer, nullable=False),
    sa.Column("note", sa.String(1000), nullable=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
)

# --- free job placement (無料職業紹介) and follow-up schedules ---------------------------

job_applications = sa.Table(
    "job_applications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("applied_on", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    sa.Column("desired_work", sa.JSON, nullable=False),
    sa.Column("employment_length", sa.String(20), nullable=False),
    sa.Column("overseas", sa.Boolean, nullable=False),
    _staff(),
    sa.Column("version", sa.Integer, nullable=False),
)

referrals = sa.Table(
    "referrals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("application_id", sa.Integer, sa.ForeignKey("job_applications.id"),
              nullable=False, index=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("opening_id", sa.Integer, sa.ForeignKey("job_openings.id"), nullable=False,
              index=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
    sa.Column("referred_on", sa.Date, nullable=False),
    sa.Column("consent_id", sa.Integer, sa.ForeignKey("consents.id"), nullable=False),
    sa.Column("disclosure_id", sa.Integer, sa.ForeignKey("disclosures.id"), nullable=False),
    _staff(),
    sa.Column("outcome", sa.String(20), nullable=True),
    sa.Column("outcome_on", sa.Date, nullable=True),
    sa.Column("employment_id", sa.Integer, sa.ForeignKey("employments.id"), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

follow_ups = sa.Table(
    "follow_ups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _case(),
    sa.Column("placement", sa.String(20), nullable=False),
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date, nullable=True),
    _staff(),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

# One row: the office's own facts that reports need (its population, for rates).
office = sa.Table(
    "office",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=True),
    sa.Column("population", sa.Integer, nullable=True),
    sa.Column("population_on", sa.Date, nullable=True),
    sa.Column("placement_notice_days", sa.Integer, nullable=False, server_default="14"),
    sa.Column("consent_notice_days", sa.Integer, nullable=False, server_default="30"),
    sa.Column("assessment_due_days", sa.Integer, nullable=False, server_default="14"),
    sa.Column("plan_due_days", sa.Integer, nullable=False, server_default="30"),
    sa.Column("referral_wait_days", sa.Integer, nullable=False, server_default="14"),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("require_totp_for_admins", sa.Boolean, nullable=False,
              server_default=sa.false()),
)

# Signing in to the web app (psccore.domain.auth): passwords, sessions, the throttle.
staff_passwords = sa.Table(
    "staff_passwords",
    metadata,
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), primary_key=True,
              autoincrement=False),
    sa.Column("hash", sa.String(200), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False, index=True),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
)

sign_in_throttle = sa.Table(
    "sign_in_throttle",
    metadata,
    sa.Column("login", sa.String(40), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", UTCDateTime, nullable=True),
    sa.Column("locked", sa.Boolean, nullable=False),
)

# The second step of signing in (TOTP, core_0012): ``secret`` is sealed in its row.
staff_totp = sa.Table(
    "staff_totp",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False,
              unique=True),
    sa.Column("secret", sa.String(400), nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("last_step", sa.BigInteger, nullable=True),  # the newest code used
    sa.Column("created_at", UTCDateTime, nullable=False),
)

# A right password waiting for its code (by the SHA-256 of its cookie's value).
sign_in_pending = sa.Table(
    "sign_in_pending",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
    sa.Column("enrol", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("staff", sa.String(40), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("entity", sa.String(60), nullable=False),
    sa.Column("entity_id", sa.Integer, nullable=True),
    sa.Column("person_id", sa.Integer, nullable=True, index=True),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    # the written row's content digest (core_0009): see psc audit verify --data
    sa.Column("data_digest", sa.String(64), nullable=True),
)

# One row: the newest seq and hash. Writers lock it, so the chain never forks.
audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

# スクリーニング: one per case, what the center decided after the consultation.
screenings = sa.Table(
    "screenings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, unique=True),
    sa.Column("decided_on", sa.Date, nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("agency", sa.String(100), nullable=True),
    sa.Column("note", sa.String(1000), nullable=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

# What the lists, the agenda and the reports read by, so that they stay as fast at
# 100,000 cases as at 10,000 (core_0011): the case list newest first (keyset paged), a
# caseworker's open cases, the last contact of a case, the period counts.
LIST_INDEXES = (
    sa.Index("ix_cases_opened_on_id", cases.c.opened_on, cases.c.id),
    sa.Index("ix_cases_status_opened_on_id", cases.c.status, cases.c.opened_on, cases.c.id),
    sa.Index("ix_cases_assigned_staff_id_status", cases.c.assigned_staff_id, cases.c.status),
    sa.Index("ix_cases_closed_on", cases.c.closed_on),
    sa.Index("ix_support_records_case_id_on", support_records.c.case_id, support_records.c.on),
    sa.Index("ix_plans_approved_on", plans.c.approved_on),
    sa.Index("ix_plan_steps_staff_id", plan_steps.c.staff_id),
    sa.Index("ix_evaluations_evaluated_on", evaluations.c.evaluated_on),
    sa.Index("ix_employments_start_on", employments.c.start_on),
    sa.Index("ix_enrollments_case_id", enrollments.c.case_id),
)
