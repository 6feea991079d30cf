"""The whole-case export format (``psccore.case/1``): one self-contained document.

Database ids are left out; records refer to each other by position (a plan by its
number, a goal or step by its place in the plan), and staff by login, so a case
can move to another database and be exported again unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from psccore.domain.cases import CaseStatus
from psccore.domain.catalogues import AutonomyStage, Barrier, ClosureReason, ContactKind
from psccore.domain.workflow import (
    Decision,
    DomainRating,
    GoalResult,
    NextAction,
    PlanStatus,
    StepStatus,
)

FORMAT = "psccore.case/1"


@attrs.define(kw_only=True)
class PersonOut:
    name: str
    kana: str
    birth_date: dt.date | None = None
    phone: str | None = None
    email: str | None = None
    postal_code: str | None = None
    ward: str | None = None
    address: str | None = None


@attrs.define(kw_only=True)
class CaseOut:
    status: CaseStatus
    opened_on: dt.date
    closed_on: dt.date | None = None
    closure_reason: ClosureReason | None = None
    closure_note: str | None = None
    assigned_staff: str | None = None


@attrs.define(kw_only=True)
class CollectConsentOut:
    """The person's consent to collect their sensitive data, which travels with a case
    whose answers need it (the signed form is named by ``form_reference``)."""

    categories: list[str]
    purpose: str
    valid_from: dt.date
    valid_until: dt.date
    withdrawn_on: dt.date | None = None
    form_reference: str | None = None
    recorded_on: dt.date


@attrs.define(kw_only=True)
class EnrollmentOut:
    program: str
    enrolled_on: dt.date
    intake: dict[str, Any]


@attrs.define(kw_only=True)
class AssessmentOut:
    number: int
    assessed_on: dt.date
    staff: str | None
    autonomy_stage: AutonomyStage
    ratings: list[DomainRating]
    barriers: list[Barrier]
    barrier_notes: str | None = None
    summary: str | None = None


@attrs.define(kw_only=True)
class GoalOut:
    text: str
    short_term: bool
    target_date: dt.date | None = None


@attrs.define(kw_only=True)
class StepOut:
    program: str
    kind: str
    start_on: dt.date
    end_on: dt.date | None
    staff: str | None
    status: StepStatus
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    note: str | None = None


@attrs.define(kw_only=True)
class DecisionOut:
    held_on: dt.date
    staff: list[str]
    organisations: list[str]
    notes: str | None
    decision: Decision
    reason: str | None = None


@attrs.define(kw_only=True)
class GoalResultOut:
    goal: int  # position of the goal in its plan
    result: GoalResult
    note: str | None = None


@attrs.define(kw_only=True)
class EvaluationOut:
    evaluated_on: dt.date
    staff: str | None
    results: list[GoalResultOut]
    next_action: NextAction
    note: str | None = None


@attrs.define(kw_only=True)
class PlanOut:
    number: int
    status: PlanStatus
    wishes: str | None
    problems: str | None
    long_term_goal: str
    period_start: dt.date
    period_end: dt.date
    points_of_care: str | None
    created_on: dt.date
    approved_on: dt.date | None
    goals: list[GoalOut]
    steps: list[StepOut]
    decisions: list[DecisionOut]
    evaluations: list[EvaluationOut]
    employment_support: bool = False


@attrs.define(kw_only=True)
class StepRef:
    plan: int  # plan number
    step: int  # position in that plan


@attrs.define(kw_only=True)
class RecordOut:
    on: dt.date
    kind: ContactKind
    staff: str | None
    summary: str
    step: StepRef | None = None


@attrs.define(kw_only=True)
class CaseExport:
    """A case as moved to another installation (``psc case export``): the person, the
    case and its records, in a versioned ``format``."""

    format: str = FORMAT
    person: PersonOut
    case: CaseOut
    enrollments: list[EnrollmentOut]
    assessments: list[AssessmentOut]
    plans: list[PlanOut]
    records: list[RecordOut]
    collect_consents: list[CollectConsentOut] = attrs.field(factory=list)
