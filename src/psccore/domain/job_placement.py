"""Free job placement (無料職業紹介): a job seeker's registration (求職登録), a referral
of the person to an opening (紹介) and its outcome, and the annual placement business
report's figures (職業紹介事業報告書, 様式第8号)."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.catalogues import Coded
from psccore.domain.employers import EmploymentLength
from psccore.domain.rules import Validated, field
from psccore.errors import Problem
from psccore.i18n import Label

EXPIRES_BEFORE = Label("有効期限が登録日より前です", "expires before it was registered")
OUTCOME_BEFORE = Label("結果の日付が紹介日より前です", "the outcome is dated before the referral")
VALID_MONTHS = 3  # a registration stays in force three months unless renewed


class ReferralOutcome(Coded):
    HIRED = ("hired", "採用", "hired")
    REJECTED = ("rejected", "不採用", "not hired")
    DECLINED = ("declined", "辞退", "declined")


@attrs.define(kw_only=True)
class JobApplication(Validated):
    """求職登録: the person asks the organisation's placement service to find work."""

    id: int | None = None
    person_id: int
    applied_on: dt.date = field(Label("求職登録日", "registered on"))
    valid_until: dt.date = field(Label("有効期限", "valid until"))
    desired_work: list[str] = field(Label("希望する仕事", "work wanted"), factory=list)
    employment_length: EmploymentLength = field(Label("希望する雇用期間", "employment length wanted"),
                                                default=EmploymentLength.REGULAR)
    overseas: bool = field(Label("国外での就職を希望", "wants work overseas"), default=False)
    staff_id: int | None = None
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.valid_until < self.applied_on:
            return [Problem("$.valid_until", EXPIRES_BEFORE)]
        return []

    def in_force(self, on: dt.date) -> bool:
        """The application is valid on ``on``."""
        return self.applied_on <= on <= self.valid_until


@attrs.define(kw_only=True)
class Referral(Validated):
    """紹介: the person put forward for an opening, under a consent, by a staff member;
    its outcome (採用・不採用・辞退) and, when hired, the employment it led to."""

    id: int | None = None
    application_id: int
    person_id: int
    opening_id: int
    case_id: int | None = None
    referred_on: dt.date = field(Label("紹介日", "referred on"))
    consent_id: int
    disclosure_id: int
    staff_id: int | None = None
    outcome: ReferralOutcome | None = field(Label("結果", "outcome"), default=None)
    outcome_on: dt.date | None = field(Label("結果の日付", "outcome on"), default=None)
    employment_id: int | None = None
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.outcome_on is not None and self.outcome_on < self.referred_on:
            return [Problem("$.outcome_on", OUTCOME_BEFORE)]
        return []


#: 様式第8号's measures, in the form's order.
REPORT_MEASURES = (
    ("new_openings", Label("新規求人数（人）", "new openings (people)")),
    ("openings_in_force", Label("有効求人数（人、期末）", "openings in force at the end (people)")),
    ("new_applications", Label("新規求職申込件数", "new job applications")),
    ("seekers_in_force", Label("有効求職者数（期末）", "job seekers in force at the end")),
    ("placements", Label("就職件数", "placements")),
)
PLACES = (("domestic", Label("国内", "domestic")), ("overseas", Label("国外", "overseas")))
