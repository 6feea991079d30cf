"""Intake fields of 児童養護施設等就業支援・アフターケア (care leavers)."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore import Coded, Label, Problem, intake_field, rules


class CareStatus(Coded):
    """Still in a children's home or foster care, or has left it."""

    IN_CARE = ("in_care", "入所中・委託中", "in care")
    LEFT_CARE = ("left_care", "退所済み・自立済み", "has left care")


class ConsentGiver(Coded):
    """Who agreed to the support: by age, the young person, their guardian, or both."""

    SELF = ("self", "本人", "the young person")
    GUARDIAN = ("guardian", "保護者・後見人・施設長", "the guardian or home")
    BOTH = ("both", "本人と保護者等", "both")


LEFT_CARE_ON_NEEDED = Label("退所した方は退所日が必要です", "is required for someone who has left care")
LEFT_CARE_ON_UNEXPECTED = Label(
    "入所中の方には退所日を入力しません", "must be empty for someone still in care"
)


@attrs.define(kw_only=True)
class AftercareIntake(rules.Validated):
    """What is asked when a young person in or leaving care is taken on."""

    status: CareStatus = intake_field(Label("入所・退所の状況", "care status"),
                                      rules=[rules.required()])
    left_care_on: dt.date | None = intake_field(Label("退所日", "left care on"), default=None)
    home_or_foster_family: str = intake_field(
        Label("児童養護施設・里親", "children's home or foster family"),
        rules=[rules.required(), rules.max_length(100)],
    )
    placed_by_city: bool = intake_field(
        Label("仙台市による措置・委託", "placed by the city of Sendai"), rules=[rules.required()]
    )
    guardian_contact: str | None = intake_field(
        Label("保護者・後見人・施設の連絡先", "guardian's or home's contact"), default=None,
        rules=[rules.max_length(200)],
    )
    consent_given_by: ConsentGiver = intake_field(
        Label("利用の同意", "consent given by"), rules=[rules.required()]
    )

    def cross_rules(self) -> list[Problem]:
        if self.status is CareStatus.LEFT_CARE and self.left_care_on is None:
            return [Problem("$.left_care_on", LEFT_CARE_ON_NEEDED)]
        if self.status is CareStatus.IN_CARE and self.left_care_on is not None:
            return [Problem("$.left_care_on", LEFT_CARE_ON_UNEXPECTED)]
        return []
