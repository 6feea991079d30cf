"""Employers (事業所) and their development, job openings (求人), and a person's
job preferences. Matching lives in :mod:`psccore.domain.matching`."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.catalogues import Coded
from psccore.domain.kana import normalize_kana
from psccore.domain.rules import (
    Validated,
    between,
    field,
    katakana,
    matches,
    max_length,
    required,
    single_line,
)
from psccore.errors import Problem
from psccore.i18n import Label

ENDS_BEFORE_START = Label("終了日が開始日より前です", "ends before it starts")
MIN_ABOVE_HOURS = Label("短時間の下限が所定時間を超えています",
                        "the shortest hours allowed exceed the usual hours")


class DevelopmentStage(Coded):
    """企業開拓: ① research → ② visit → ③ job order / partner agreement → ④ matching."""

    RESEARCH = ("research", "①情報収集", "1 research")
    VISIT = ("visit", "②訪問", "2 visit")
    AGREEMENT = ("agreement", "③求人登録・協力事業所契約", "3 job order / partner agreement")
    MATCHING = ("matching", "④マッチング", "4 matching")


class VisitPurpose(Coded):
    PREPARATION = ("preparation", "準備段階", "preparation")
    FIRST_VISIT = ("first_visit", "初回訪問", "first visit")
    ACCEPTANCE = ("acceptance", "受け入れ調整", "acceptance arrangements")


class PartnerRole(Coded):
    INTERNSHIP_HOST = ("internship_host", "職業体験実習 受入れ", "internship host")
    TRAINING_PROVIDER = ("training_provider", "認定就労訓練事業所", "certified training provider")
    WORK_ORDER_CLIENT = ("work_order_client", "作業の発注元", "work-order client")
    JOB_ORDERS = ("job_orders", "求人登録（無料職業紹介）", "job orders (free placement)")


class TimeOfDay(Coded):
    MORNING = ("morning", "午前", "morning")
    DAYTIME = ("daytime", "日中", "daytime")
    AFTERNOON = ("afternoon", "午後", "afternoon")
    EVENING = ("evening", "夕方・夜", "evening")
    NIGHT = ("night", "深夜", "night")


class WageType(Coded):
    HOURLY = ("hourly", "時給", "hourly")
    DAILY = ("daily", "日給", "daily")
    MONTHLY = ("monthly", "月給", "monthly")


class Relaxation(Coded):
    """中間的就労: conditions the employer can relax."""

    SHORT_HOURS = ("short_hours", "短時間勤務可", "shorter hours")
    NO_EXPERIENCE = ("no_experience", "未経験可", "no experience needed")
    GRADUAL_START = ("gradual_start", "段階的な勤務開始可", "gradual start")
    FEWER_DAYS = ("fewer_days", "勤務日数の調整可", "fewer days a week")


class EmploymentLength(Coded):
    """The placement report's split (職業紹介事業報告書): 常用 indefinite or 4 months
    and over, 臨時 1 to under 4 months, 日雇 under 1 month."""

    REGULAR = ("regular", "常用", "regular (indefinite or 4 months and over)")
    TEMPORARY = ("temporary", "臨時", "temporary (1 to under 4 months)")
    DAILY = ("daily", "日雇", "daily (under 1 month)")


class OpeningStatus(Coded):
    OPEN = ("open", "募集中", "open")
    FILLED = ("filled", "充足", "filled")
    CLOSED = ("closed", "募集終了", "closed")


@attrs.define(kw_only=True)
class Employer(Validated):
    id: int | None = None
    name: str = field(Label("事業所名", "name"),
                      rules=[required(), max_length(200), single_line()])
    kana: str | None = field(Label("フリガナ", "name in kana"), default=None,
                             rules=[katakana(), max_length(200)], converter=normalize_kana)
    industry: str | None = field(Label("業種", "industry"), default=None, rules=[max_length(100)])
    postal_code: str | None = field(Label("郵便番号", "postal code"), default=None,
                                    rules=[matches(r"\d{3}-?\d{4}", "980-0802")])
    ward: str | None = field(Label("区・市町村", "ward / municipality"), default=None,
                             rules=[max_length(40)])
    address: str | None = field(Label("所在地", "address"), default=None, rules=[max_length(200)])
    phone: str | None = field(Label("電話番号", "phone"), default=None,
                              rules=[matches(r"[0-9+()\- ]{6,20}", "022-123-4567")])
    contact_name: str | None = field(Label("担当者", "contact person"), default=None,
                                     rules=[max_length(100)])
    contact_email: str | None = field(Label("担当者メール", "contact e-mail"), default=None,
                                      rules=[matches(r"[^@\s]+@[^@\s]+\.[^@\s]+",
                                                     "jinji@example.co.jp")])
    employees: int | None = field(Label("従業員数", "employees"), default=None,
                                  rules=[between(0, 1_000_000)])
    stage: DevelopmentStage = field(Label("開拓段階", "development stage"),
                                    default=DevelopmentStage.RESEARCH)
    notes: str | None = field(Label("メモ", "notes"), default=None, rules=[max_length(4000)])
    version: int = 1


@attrs.define(kw_only=True)
class StageChange:
    """One dated step of an employer's development pipeline."""

    id: int | None = None
    employer_id: int
    stage: DevelopmentStage
    on: dt.date
    staff_id: int | None = None
    note: str | None = None


@attrs.define(kw_only=True)
class EmployerVisit(Validated):
    id: int | None = None
    employer_id: int
    on: dt.date = field(Label("訪問日", "visited on"))
    staff_id: int | None = None
    purpose: VisitPurpose = field(Label("段階", "purpose"))
    notes: str | None = field(Label("記録", "notes"), default=None, rules=[max_length(4000)])


@attrs.define(kw_only=True)
class RoleAgreement(Validated):
    """A partner role in force from ``since`` (and until ``until``, if it ended)."""

    id: int | None = None
    employer_id: int
    role: PartnerRole = field(Label("協力の内容", "partner role"))
    since: dt.date = field(Label("開始日", "since"))
    until: dt.date | None = field(Label("終了日", "until"), default=None)

    def cross_rules(self) -> list[Problem]:
        if self.until and self.until < self.since:
            return [Problem("$.until", ENDS_BEFORE_START)]
        return []


@attrs.define(kw_only=True)
class JobOpening(Validated):
    """求人: the conditions staff check with the employer."""

    id: int | None = None
    employer_id: int = field(Label("事業所", "employer"))
    title: str = field(Label("職種", "job title"), rules=[required(), max_length(100)])
    duties: str = field(Label("仕事内容", "duties"), rules=[required(), max_length(2000)])
    workload: str | None = field(Label("仕事量", "workload"), default=None,
                                 rules=[max_length(500)])
    ward: str | None = field(Label("就業場所（区・市町村）", "place (ward)"), default=None,
                             rules=[max_length(40)])
    place: str | None = field(Label("就業場所", "place"), default=None, rules=[max_length(200)])
    hours_per_day: float = field(Label("1日の時間数", "hours a day"), rules=[between(0.5, 12)])
    days_per_week: int = field(Label("週の勤務日数", "days a week"), rules=[between(1, 7)])
    time_of_day: TimeOfDay = field(Label("時間帯", "time of day"))
    wage_type: WageType = field(Label("賃金の形態", "wage type"))
    wage: int = field(Label("賃金（円）", "wage (yen)"), rules=[between(1, 10_000_000)])
    headcount: int = field(Label("人数", "headcount"), default=1, rules=[between(1, 1000)])
    days_off: str | None = field(Label("休日", "days off"), default=None, rules=[max_length(200)])
    experience_required: bool = field(Label("経験が必要", "experience required"), default=False)
    relaxations: list[Relaxation] = field(Label("緩和できる条件（中間的就労）",
                                                "conditions that can be relaxed"), factory=list)
    min_hours_per_day: float | None = field(Label("短時間の下限", "shortest hours a day allowed"),
                                            default=None, rules=[between(0.5, 12)])
    status: OpeningStatus = OpeningStatus.OPEN
    opened_on: dt.date = field(Label("受付日", "received on"))
    employment_length: EmploymentLength = field(Label("雇用期間", "employment length"),
                                                default=EmploymentLength.REGULAR)
    overseas: bool = field(Label("国外の求人", "overseas"), default=False)
    closed_on: dt.date | None = field(Label("募集終了日", "closed on"), default=None)
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.min_hours_per_day and self.min_hours_per_day > self.hours_per_day:
            return [Problem("$.min_hours_per_day", MIN_ABOVE_HOURS)]
        return []

    def hourly_wage(self) -> float:
        """The wage per hour, for comparing openings paid in different ways."""
        hours = {WageType.HOURLY: 1.0, WageType.DAILY: self.hours_per_day,
                 WageType.MONTHLY: self.hours_per_day * self.days_per_week * 52 / 12}
        return self.wage / hours[self.wage_type]


@attrs.define(kw_only=True)
class JobPreference(Validated):
    """What a person wants from work, and what they cannot do."""

    id: int | None = None
    person_id: int
    duties: list[str] = field(Label("希望する仕事", "duties wanted"), factory=list)
    industries: list[str] = field(Label("希望する業種", "industries wanted"), factory=list)
    max_hours_per_day: float | None = field(Label("1日の上限時間", "most hours a day"),
                                            default=None, rules=[between(0.5, 12)])
    max_days_per_week: int | None = field(Label("週の上限日数", "most days a week"), default=None,
                                          rules=[between(1, 7)])
    times_of_day: list[TimeOfDay] = field(Label("希望する時間帯", "times of day"), factory=list)
    areas: list[str] = field(Label("希望する地域", "areas"), factory=list)
    min_hourly_wage: int | None = field(Label("希望時給の下限（円）", "lowest hourly wage (yen)"),
                                        default=None, rules=[between(0, 100_000)])
    cannot_do: list[str] = field(Label("できないこと", "cannot do"), factory=list)
    has_experience: bool = field(Label("就労経験がある", "has work experience"), default=False)
    needs_gradual_start: bool = field(Label("段階的な開始が必要", "needs a gradual start"),
                                      default=False)
    version: int = 1
