"""Intake fields of 就労準備支援事業 (work-readiness support)."""

from __future__ import annotations

import enum

import attrs

from psccore import Label, intake_field, rules


class ReferralRoute(enum.Enum):
    """Who referred the person (紹介経路)."""

    SELF = "self"
    CONSULTATION_CENTER = "consultation_center"
    WELFARE_OFFICE = "welfare_office"
    HOSPITAL = "hospital"
    OTHER = "other"

    @property
    def label(self) -> Label:
        return _REFERRAL_LABELS[self]


_REFERRAL_LABELS = {
    ReferralRoute.SELF: Label("本人・家族", "self or family"),
    ReferralRoute.CONSULTATION_CENTER: Label("自立相談支援機関", "self-reliance consultation center"),
    ReferralRoute.WELFARE_OFFICE: Label("区役所・福祉事務所", "ward office / welfare office"),
    ReferralRoute.HOSPITAL: Label("医療機関", "hospital or clinic"),
    ReferralRoute.OTHER: Label("その他", "other"),
}


class DailyRhythm(enum.Enum):
    """How regular the person's day is at the start (生活リズム)."""

    REGULAR = "regular"
    IRREGULAR = "irregular"
    REVERSED = "reversed"

    @property
    def label(self) -> Label:
        return _RHYTHM_LABELS[self]


_RHYTHM_LABELS = {
    DailyRhythm.REGULAR: Label("規則正しい", "regular"),
    DailyRhythm.IRREGULAR: Label("乱れがち", "irregular"),
    DailyRhythm.REVERSED: Label("昼夜逆転", "day and night reversed"),
}


class AutonomyStage(enum.Enum):
    """自立段階: the three stages readiness support works through."""

    DAILY_LIVING = "daily_living"
    SOCIAL_LIFE = "social_life"
    WORK = "work"

    @property
    def label(self) -> Label:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    AutonomyStage.DAILY_LIVING: Label("日常生活自立", "daily-living autonomy"),
    AutonomyStage.SOCIAL_LIFE: Label("社会生活自立", "social-life autonomy"),
    AutonomyStage.WORK: Label("就労自立", "work autonomy"),
}


class Activity(enum.Enum):
    """Activities of the readiness timetable: work programs and skill-up courses."""

    PIECEWORK = "piecework"
    SOCIAL_FARM = "social_farm"
    POSTING = "posting"
    PC = "pc"
    JOB_HUNTING = "job_hunting"
    COMMUNICATION = "communication"
    LIFE_AND_HEALTH = "life_and_health"
    LEISURE = "leisure"

    @property
    def label(self) -> Label:
        return _ACTIVITY_LABELS[self]


_ACTIVITY_LABELS = {
    Activity.PIECEWORK: Label("施設内作業（内職）", "in-facility piecework"),
    Activity.SOCIAL_FARM: Label("ソーシャルファーム（農作業）", "social farm (off-site)"),
    Activity.POSTING: Label("ポスティング", "leaflet posting"),
    Activity.PC: Label("パソコン講座", "PC course"),
    Activity.JOB_HUNTING: Label("就職活動講座", "job-hunting course"),
    Activity.COMMUNICATION: Label("コミュニケーション講座", "communication course"),
    Activity.LIFE_AND_HEALTH: Label("生活・健康講座", "life and health course"),
    Activity.LEISURE: Label("余暇活動", "leisure activities"),
}


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
