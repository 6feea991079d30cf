"""Intake fields of 就労準備支援事業 (work-readiness support)."""

from __future__ import annotations

import random
from typing import Any

import attrs

from psc_readiness.catalogue import Activity
from psccore import Coded, Label, intake_field, rules


class ReferralRoute(Coded):
    """Who referred the person (紹介経路)."""

    SELF = ("self", "本人・家族", "self or family")
    CONSULTATION_CENTER = ("consultation_center", "自立相談支援機関", "self-reliance consultation center")
    WELFARE_OFFICE = ("welfare_office", "区役所・福祉事務所", "ward office / welfare office")
    HOSPITAL = ("hospital", "医療機関", "hospital or clinic")
    OTHER = ("other", "その他", "other")


class DailyRhythm(Coded):
    """How regular the person's day is at the start (生活リズム)."""

    REGULAR = ("regular", "規則正しい", "regular")
    IRREGULAR = ("irregular", "乱れがち", "irregular")
    REVERSED = ("reversed", "昼夜逆転", "day and night reversed")


class AutonomyStage(Coded):
    """自立段階: the three stages readiness support works through."""

    DAILY_LIVING = ("daily_living", "日常生活自立", "daily-living autonomy")
    SOCIAL_LIFE = ("social_life", "社会生活自立", "social-life autonomy")
    WORK = ("work", "就労自立", "work autonomy")


@attrs.define(kw_only=True)
class ReadinessIntake:
    """What is asked when a person starts readiness support."""

    referral_route: ReferralRoute = intake_field(
        Label("紹介経路", "referred by"), rules=[rules.required()]
    )
    daily_rhythm: DailyRhythm = intake_field(
        Label("生活リズム", "daily rhythm"), rules=[rules.required()]
    )
    goals_for_period: str = intake_field(
        Label("支援期間の目標", "goals for the support period"),
        rules=[rules.required(), rules.max_length(400)],
    )
    autonomy_stage_at_start: AutonomyStage = intake_field(
        Label("開始時の自立段階", "autonomy stage at the start"), rules=[rules.required()]
    )
    preferred_activities: list[Activity] = intake_field(
        Label("希望する活動", "preferred activities"), factory=list
    )


GOALS = (
    "毎朝決まった時間に起き、週3日プログラムに通う",
    "作業プログラムで半日の作業を続けられるようになる",
    "パソコンの基本操作を身につけ、履歴書を作成する",
    "職業体験実習に参加し、働く自信をつける",
)


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible intake answers, as plain data."""
    return {
        "referral_route": rng.choice(list(ReferralRoute)).value,
        "daily_rhythm": rng.choice(list(DailyRhythm)).value,
        "goals_for_period": rng.choice(GOALS),
        "autonomy_stage_at_start": rng.choice(list(AutonomyStage)).value,
        "preferred_activities": [a.value for a in rng.sample(list(Activity), rng.randint(0, 3))],
    }
