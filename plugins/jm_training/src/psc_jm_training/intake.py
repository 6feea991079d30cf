"""Intake fields of 株式会社JM就労訓練事業 (JM training partnership)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any

import attrs

from psccore import Coded, Label, Person, Problem, intake_field, rules


class Track(Coded):
    """Which of the company's offers the person is proposed for."""

    INTERNSHIP = ("internship", "職業体験実習", "internship")
    CERTIFIED_TRAINING = ("certified_training", "認定就労訓練", "certified training")
    REGIONAL_TRAINING = ("regional_training", "地域交流型訓練", "regional exchange training")


class DataEntrySkill(Coded):
    """Data-entry (system input) skill: trainees need at least the basics."""

    NONE = ("none", "なし", "none")
    BASIC = ("basic", "基礎（指導があれば入力できる）", "basic (can enter data with guidance)")
    PRACTICAL = ("practical", "実務（単独で入力・確認できる）", "practical (enters and checks alone)")


class EmploymentType(Coded):
    """雇用型 (with a contract) or 非雇用型 (training without one)."""

    EMPLOYMENT = ("employment", "雇用型", "employment type")
    NON_EMPLOYMENT = ("non_employment", "非雇用型", "non-employment type")


NOT_FOR_INTERNSHIP = Label(
    "雇用型・非雇用型の区分は就労訓練（認定・地域交流型）にのみ指定します",
    "an employment type applies only to the training tracks, not to an internship",
)


TYPE_NEEDED = Label("認定就労訓練では雇用型か非雇用型かを選んでください",
                    "choose employment or non-employment type for certified training")
REGIONAL_EMPLOYED = Label("地域交流型訓練は雇用型で行います",
                          "regional exchange training is of the employment type")


@attrs.define(kw_only=True)
class Qualification:
    """A licence or qualification (JOB card sheet 3-1)."""

    name: str = intake_field(Label("資格・免許の名称", "name"),
                             rules=[rules.required(), rules.max_length(100)])
    obtained_on: dt.date | None = intake_field(Label("取得日", "obtained on"), default=None)
    issued_by: str | None = intake_field(Label("認定団体", "issued by"), default=None,
                                         rules=[rules.max_length(100)])


@attrs.define(kw_only=True)
class JmTrainingIntake(rules.Validated):
    """What is asked when a person is proposed for the JM partnership."""

    track: Track = intake_field(Label("実施区分", "track"), rules=[rules.required()])
    data_entry_skill: DataEntrySkill = intake_field(
        Label("入力スキル", "data-entry skill"), rules=[rules.required()]
    )
    work_experience_years: int = intake_field(
        Label("就労経験（年）", "years of work experience"),
        rules=[rules.required(), rules.between(0, 60)],
    )
    employment_type: EmploymentType | None = intake_field(
        Label("雇用型・非雇用型", "employment type"), default=None
    )
    qualifications: list[Qualification] = intake_field(
        Label("資格・免許", "licences and qualifications"), factory=list
    )

    def cross_rules(self) -> list[Problem]:
        if self.track is Track.INTERNSHIP and self.employment_type is not None:
            return [Problem("$.employment_type", NOT_FOR_INTERNSHIP)]
        if self.track is Track.CERTIFIED_TRAINING and self.employment_type is None:
            return [Problem("$.employment_type", TYPE_NEEDED)]
        if self.track is Track.REGIONAL_TRAINING and \
                self.employment_type is not EmploymentType.EMPLOYMENT:
            return [Problem("$.employment_type", REGIONAL_EMPLOYED)]
        return []

SKILL_TOO_LOW = Label(
    "この事業の利用には入力スキル（基礎以上）が必要です",
    "this program needs at least basic data-entry skills",
)


QUALIFICATIONS = (
    ("日商PC検定（データ活用）3級", "日本商工会議所"),
    ("ITパスポート", "情報処理推進機構"),
    ("普通自動車第一種運転免許", "宮城県公安委員会"),
    ("ビジネス文書検定3級", "実務技能検定協会"),
)


def eligibility(person: Person, intake: JmTrainingIntake, on: dt.date) -> Iterable[Problem]:
    """Trainees need at least basic data-entry skills."""
    if intake.data_entry_skill is DataEntrySkill.NONE:
        yield Problem("$.data_entry_skill", SKILL_TOO_LOW)


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible intake answers, as plain data; they always pass eligibility."""
    track = rng.choice(list(Track))
    employment_type = {
        Track.INTERNSHIP: None,
        Track.CERTIFIED_TRAINING: rng.choice(list(EmploymentType)).value,
        Track.REGIONAL_TRAINING: EmploymentType.EMPLOYMENT.value,
    }[track]
    qualifications = [
        {"name": name, "issued_by": issuer,
         "obtained_on": dt.date(rng.randint(2012, 2024), rng.randint(1, 12),
                                rng.randint(1, 28)).isoformat()}
        for name, issuer in rng.sample(QUALIFICATIONS, rng.randint(0, 2))
    ]
    return {
        "track": track.value,
        "data_entry_skill": rng.choice([DataEntrySkill.BASIC, DataEntrySkill.PRACTICAL]).value,
        "work_experience_years": rng.randint(0, 12),
        "employment_type": employment_type,
        "qualifications": qualifications,
    }
