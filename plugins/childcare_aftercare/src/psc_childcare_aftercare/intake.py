"""Intake fields of 児童養護施設等就業支援・アフターケア (care leavers)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any

import attrs

from psccore import Coded, Label, Person, Problem, age_on, intake_field, rules


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


#: Ages served, inclusive, on the intake date: roughly middle-school age to 25.
YOUNGEST, OLDEST = 12, 25

BIRTH_DATE_NEEDED = Label(
    "対象年齢を確認するため生年月日が必要です",
    "a birth date is needed to check the eligible ages",
)
OUTSIDE_AGES = Label(
    "対象年齢（12〜25歳）の範囲外です（{age}歳）",
    "outside the eligible ages 12–25 (age {age})",
)
NOT_PLACED_BY_CITY = Label(
    "仙台市による措置・委託の方が対象です",
    "the program serves young people placed by the city of Sendai",
)
LEFT_AFTER_INTAKE = Label(
    "退所日が受付日（{on}）より後です",
    "is after the intake date ({on})",
)


HOMES = ("児童養護施設 青葉の家", "児童養護施設 広瀬ホーム", "ファミリーホーム 杜の家",
         "里親家庭（泉区）", "里親家庭（太白区）")


GUARDIAN_CONTACT = Label("18歳未満の方は保護者・施設の連絡先が必要です",
                         "a guardian's or home's contact is needed under 18")
CONSENT_FOR_AGE = Label("{age}歳の方の同意は「{needed}」です", "at {age}, consent is given by: {needed}")


def _consent_for_age(intake: AftercareIntake, age: int) -> Iterable[Problem]:
    """Under 15 the guardian agrees (with the child if possible); 15–17 both; adults
    themselves (with the guardian if they wish)."""
    needed = ((ConsentGiver.GUARDIAN, ConsentGiver.BOTH) if age < 15
              else (ConsentGiver.BOTH,) if age < 18 else (ConsentGiver.SELF, ConsentGiver.BOTH))
    if intake.consent_given_by not in needed:
        yield Problem("$.consent_given_by", CONSENT_FOR_AGE, {
            "age": age, "needed": " / ".join(n.label.text() for n in needed)})
    if age < 18 and not (intake.guardian_contact or "").strip():
        yield Problem("$.guardian_contact", GUARDIAN_CONTACT)


def eligibility(person: Person, intake: AftercareIntake, on: dt.date) -> Iterable[Problem]:
    """Ages 12–25 on the intake date, placed by the city, not leaving after the intake."""
    if person.birth_date is None:
        yield Problem("$.birth_date", BIRTH_DATE_NEEDED)
    else:
        age = age_on(person.birth_date, on)
        if not YOUNGEST <= age <= OLDEST:
            yield Problem("$.birth_date", OUTSIDE_AGES, {"age": age})
        yield from _consent_for_age(intake, age)
    if not intake.placed_by_city:
        yield Problem("$.placed_by_city", NOT_PLACED_BY_CITY)
    if intake.left_care_on is not None and intake.left_care_on > on:
        yield Problem("$.left_care_on", LEFT_AFTER_INTAKE, {"on": on.isoformat()})


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible intake answers, as plain data (all names invented)."""
    status = rng.choice(list(CareStatus))
    left = None
    if status is CareStatus.LEFT_CARE:
        left = dt.date(rng.randint(2019, 2023), 3, rng.randint(20, 31)).isoformat()
    contact = f"施設長 022-{rng.randint(200, 399)}-{rng.randint(1000, 9999)}"
    return {
        "status": status.value,
        "left_care_on": left,
        "home_or_foster_family": rng.choice(HOMES),
        "placed_by_city": True,
        "guardian_contact": contact,
        "consent_given_by": ConsentGiver.BOTH.value,
    }
