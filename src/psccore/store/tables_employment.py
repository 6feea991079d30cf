"""Core's employment tables: employers and openings, preferences and work history,
disclosures, placements and job placement (built on first use: see
:mod:`psccore.store.tables`)."""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.columns import core_metadata as _metadata
from psccore.store.columns import staff_column


def _employer(name: str = "employer_id", nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("employers.id"), nullable=nullable,
                     index=True)


def _case() -> sa.Column[int]:
    return sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False,
                     index=True)


def _step() -> sa.Column[int]:
    return sa.Column("step_id", sa.Integer, sa.ForeignKey("plan_steps.id"), nullable=True)


__all__ = ["disclosures", "employer_roles", "employer_stage_changes", "employer_visits", "employers", "employments", "follow_ups", "income_changes", "internship_attendance", "internships", "job_applications", "job_openings", "job_preferences", "referrals", "retention_checks", "trainings", "work_history"]


employers = sa.Table(
    "employers",
    _metadata,
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


employer_stage_changes = sa.Table(
    "employer_stage_changes",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _employer(),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    staff_column(),
    sa.Column("note", sa.String(1000), nullable=True),
)


employer_visits = sa.Table(
    "employer_visits",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _employer(),
    sa.Column("on", sa.Date, nullable=False),
    staff_column(),
    sa.Column("purpose", sa.String(20), nullable=False),
    sa.Column("notes", sa.String(4000), nullable=True),
)


employer_roles = sa.Table(
    "employer_roles",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _employer(),
    sa.Column("role", sa.String(30), nullable=False),
    sa.Column("since", sa.Date, nullable=False),
    sa.Column("until", sa.Date, nullable=True),
)


job_openings = sa.Table(
    "job_openings",
    _metadata,
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
    _metadata,
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
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("employer_name", sa.String(200), nullable=False),
    sa.Column("started_on", sa.Date, nullable=False),
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("duties", sa.String(1000), nullable=True),
    sa.Column("employment_type", sa.String(40), nullable=True),
)


disclosures = sa.Table(
    "disclosures",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("consent_id", sa.Integer, sa.ForeignKey("consents.id"), nullable=False),
    _employer(nullable=True),
    sa.Column("organisation", sa.String(200), nullable=True),
    sa.Column("on", sa.Date, nullable=False),
    staff_column(),
    sa.Column("document", sa.String(40), nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("purpose", sa.String(500), nullable=False),
)


internships = sa.Table(
    "internships",
    _metadata,
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
    _metadata,
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
    _metadata,
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
    _metadata,
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
    _metadata,
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
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _case(),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("before", sa.Integer, nullable=False),
    sa.Column("after", sa.Integer, nullable=False),
    sa.Column("note", sa.String(1000), nullable=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
)


job_applications = sa.Table(
    "job_applications",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("applied_on", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    sa.Column("desired_work", sa.JSON, nullable=False),
    sa.Column("employment_length", sa.String(20), nullable=False),
    sa.Column("overseas", sa.Boolean, nullable=False),
    staff_column(),
    sa.Column("version", sa.Integer, nullable=False),
)


referrals = sa.Table(
    "referrals",
    _metadata,
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
    staff_column(),
    sa.Column("outcome", sa.String(20), nullable=True),
    sa.Column("outcome_on", sa.Date, nullable=True),
    sa.Column("employment_id", sa.Integer, sa.ForeignKey("employments.id"), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)


follow_ups = sa.Table(
    "follow_ups",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _case(),
    sa.Column("placement", sa.String(20), nullable=False),
    sa.Column("placement_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date, nullable=True),
    staff_column(),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)


# The period counts read by the employment's start (core_0011).
LIST_INDEXES = (sa.Index("ix_employments_start_on", employments.c.start_on),)
