"""Core's case-work tables: assessments, plans, meetings, support records, evaluations,
screenings (built on first use: see :mod:`psccore.store.tables`)."""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.columns import core_metadata as _metadata
from psccore.store.columns import staff_column

__all__ = ["assessments", "case_assignments", "evaluations", "meeting_decisions", "meetings", "plan_goals", "plan_steps", "plans", "screenings", "support_records"]


assessments = sa.Table(
    "assessments",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("assessed_on", sa.Date, nullable=False),
    staff_column(),
    sa.Column("autonomy_stage", sa.String(20), nullable=False),
    sa.Column("ratings", sa.JSON, nullable=False),
    sa.Column("barriers", sa.JSON, nullable=False),
    sa.Column("barrier_notes", sa.String(2000), nullable=True),
    sa.Column("summary", sa.String(4000), nullable=True),
    sa.UniqueConstraint("case_id", "number", name="uq_assessments_case_number"),
)


plans = sa.Table(
    "plans",
    _metadata,
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
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.String(500), nullable=False),
    sa.Column("short_term", sa.Boolean, nullable=False),
    sa.Column("target_date", sa.Date, nullable=True),
)


plan_steps = sa.Table(
    "plan_steps",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("program", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("start_on", sa.Date, nullable=False),
    sa.Column("end_on", sa.Date, nullable=True),
    staff_column(),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("started_on", sa.Date, nullable=True),
    sa.Column("ended_on", sa.Date, nullable=True),
    sa.Column("note", sa.String(1000), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)


meetings = sa.Table(
    "meetings",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("staff", sa.JSON, nullable=False),
    sa.Column("organisations", sa.JSON, nullable=False),
    sa.Column("notes", sa.String(4000), nullable=True),
)


meeting_decisions = sa.Table(
    "meeting_decisions",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meetings.id"), nullable=False),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("reason", sa.String(2000), nullable=True),
)


support_records = sa.Table(
    "support_records",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    staff_column(),
    sa.Column("summary", sa.String(4000), nullable=False),
    sa.Column("step_id", sa.Integer, sa.ForeignKey("plan_steps.id"), nullable=True),
    sa.Column("at", sa.String(5), nullable=True),
    sa.Column("minutes", sa.Integer, nullable=True),
)


case_assignments = sa.Table(
    "case_assignments",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("assigned_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
    sa.Column("previous_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
    staff_column(),
)


evaluations = sa.Table(
    "evaluations",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False, index=True),
    sa.Column("evaluated_on", sa.Date, nullable=False),
    staff_column(),
    sa.Column("results", sa.JSON, nullable=False),
    sa.Column("next_action", sa.String(20), nullable=False),
    sa.Column("note", sa.String(4000), nullable=True),
)


# スクリーニング: one per case, what the center decided after the consultation.
screenings = sa.Table(
    "screenings",
    _metadata,
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
# 100,000 cases as at 10,000 (core_0011): the last contact of a case, the period counts.
LIST_INDEXES = (
    sa.Index("ix_support_records_case_id_on", support_records.c.case_id, support_records.c.on),
    sa.Index("ix_plans_approved_on", plans.c.approved_on),
    sa.Index("ix_plan_steps_staff_id", plan_steps.c.staff_id),
    sa.Index("ix_evaluations_evaluated_on", evaluations.c.evaluated_on),
    # the drafts a coordination meeting decides, oldest first (core_0023): drafts only, so
    # that nothing reading plans by case is drawn to read every approved plan instead
    sa.Index("ix_plans_drafts", plans.c.created_on, plans.c.id,
             sqlite_where=plans.c.status == "draft", postgresql_where=plans.c.status == "draft"),
)
