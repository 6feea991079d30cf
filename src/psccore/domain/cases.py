"""Cases (ケース) and a case's enrollment in a funded program (事業)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from psccore.domain.catalogues import ClosureReason
from psccore.domain.rules import Validated, field, matches, max_length, required
from psccore.errors import Problem
from psccore.i18n import Label


class CaseStatus(enum.Enum):
    """Whether a case is open (支援中) or closed (終結, with a date and a reason)."""

    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> Label:
        """支援中 / open, 終結 / closed."""
        return {
            "open": Label("支援中", "open"),
            "closed": Label("終結", "closed"),
        }[self.value]


CLOSED_BEFORE_OPENED = Label("終結日が開始日より前です", "closed before it was opened")
OPEN_BUT_CLOSED = Label("支援中のケースに終結日・終結理由は入れられません",
                        "an open case has no closure date or reason")
CLOSURE_REASON_NEEDED = Label("終結理由を選んでください", "a closure reason is required")
CLOSURE_NOTE_NEEDED = Label("「その他」の場合は内容を入力してください",
                            "describe the reason when it is \"other\"")
PROGRAM_CODE = matches(r"[a-z][a-z0-9_]{1,39}", "readiness")


@attrs.define(kw_only=True)
class Case(Validated):
    """One support relationship with a person, from intake to closure."""

    id: int | None = None
    person_id: int = field(Label("相談者", "person"))
    status: CaseStatus = field(Label("状態", "status"), default=CaseStatus.OPEN)
    opened_on: dt.date = field(Label("受付日", "opened on"))
    closed_on: dt.date | None = field(Label("終結日", "closed on"), default=None)
    assigned_staff_id: int | None = field(Label("担当者", "assigned staff"), default=None)
    closure_reason: ClosureReason | None = field(Label("終結理由", "closure reason"),
                                                 default=None)
    closure_note: str | None = field(Label("終結の補足", "closure note"), default=None,
                                     rules=[max_length(2000)])
    previous_case_id: int | None = field(Label("以前のケース", "earlier case"), default=None)
    version: int = 1
    #: the office (拠点) holding the case (``psccore.domain.offices``)
    office_id: int = attrs.field(default=1)

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.closed_on and self.closed_on < self.opened_on:
            problems.append(Problem("$.closed_on", CLOSED_BEFORE_OPENED))
        if self.status is CaseStatus.CLOSED and self.closure_reason is None:
            problems.append(Problem("$.closure_reason", CLOSURE_REASON_NEEDED))
        if self.status is CaseStatus.OPEN and (self.closed_on or self.closure_reason):
            problems.append(Problem("$.closed_on", OPEN_BUT_CLOSED))
        if self.closure_reason is ClosureReason.OTHER and not (self.closure_note or "").strip():
            problems.append(Problem("$.closure_note", CLOSURE_NOTE_NEEDED))
        return problems


@attrs.define(kw_only=True)
class Enrollment(Validated):
    """A case taken up by one program, with that program's intake answers.

    ``intake`` holds the answers as plain data (what cattrs unstructures the
    program's intake class to); they were validated against that class.
    """

    id: int | None = None
    case_id: int = field(Label("ケース", "case"))
    program: str = field(Label("事業", "program"), rules=[required(), PROGRAM_CODE])
    enrolled_on: dt.date = field(Label("利用開始日", "enrolled on"))
    intake: dict[str, Any] = field(Label("受付項目", "intake answers"), factory=dict)
    version: int = 1


@attrs.define(kw_only=True)
class CaseAssignment:
    """A case given to a caseworker (担当の交代): who now, who before, who did it."""

    id: int | None = None
    case_id: int
    on: dt.date
    assigned_staff_id: int
    previous_staff_id: int | None = None
    staff_id: int | None = None
