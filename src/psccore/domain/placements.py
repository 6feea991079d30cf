"""Placements: internships (職業体験実習), certified training (就労訓練) and
employment outcomes with retention follow-ups. Each may belong to a plan step."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.catalogues import Coded
from psccore.domain.employers import WageType
from psccore.domain.rules import Validated, between, field, max_length
from psccore.errors import Problem
from psccore.i18n import Label

ENDS_BEFORE_START = Label("終了日が開始日より前です", "ends before it starts")
DAYS_OVER_SPAN = Label("実習日数（{days}日）が期間（{span}日）より長いです",
                       "{days} days do not fit in a period of {span} days")
TRAINING_LENGTH = Label("就労訓練の期間は3か月以上6か月以内です（{start}〜{end}）",
                        "certified training lasts 3 to 6 months ({start} to {end})")
OTHER_TRAINING_LENGTH = Label("訓練の期間は1年以内です（{start}〜{end}）",
                              "training lasts at most a year ({start} to {end})")
OUTSIDE_PERIOD = Label("実習期間（{start}〜{end}）の外です", "outside the internship ({start} to {end})")
NO_EMPLOYER = Label("勤務先（登録事業所または名称）を入力してください",
                    "give the employer (registered, or its name)")

RETENTION_MONTHS = (1, 3, 6)

#: The rows of the fiscal-year table (職業体験実習及び就労訓練事業の実績), by field.
STATISTICS_ROWS = (
    ("internship_hosts", Label("職業体験実習 協力事業所数", "internship host employers")),
    ("internships", Label("職業体験実習 実施件数", "internships held")),
    ("employed_after_internship", Label("実習後に就労決定した者",
                                        "people employed after an internship")),
    ("training_providers", Label("就労訓練事業所数", "certified training providers")),
    ("trainings", Label("就労訓練実施件数", "trainings held")),
)


#: 認定就労訓練 began with the Act (April 2015): earlier years have no such figure
CERTIFIED_TRAINING_SINCE = 2015
SINCE_FY = {"training_providers": CERTIFIED_TRAINING_SINCE, "trainings": CERTIFIED_TRAINING_SINCE}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@attrs.define(kw_only=True)
class Internship(Validated):
    """職業体験実習: 5–20 days of about 5 hours at a host; the organisation pays."""

    id: int | None = None
    case_id: int
    step_id: int | None = None
    host_id: int = field(Label("実習先", "host employer"))
    start_on: dt.date = field(Label("開始日", "starts"))
    end_on: dt.date = field(Label("終了日", "ends"))
    days: int = field(Label("実習日数", "days"), rules=[between(5, 20)])
    hours_per_day: float = field(Label("1日の時間数", "hours a day"), default=5,
                                 rules=[between(1, 8)])
    stipend_per_day: int = field(Label("奨励金（日額・円）", "stipend a day (yen)"), default=0,
                                 rules=[between(0, 100_000)])
    insured: bool = field(Label("保険加入", "insured"), default=True)
    host_fee: int = field(Label("受入れ謝金（円）", "fee to the host (yen)"), default=0,
                          rules=[between(0, 10_000_000)])
    host_evaluation: str | None = field(Label("実習先の評価", "host's evaluation"), default=None,
                                        rules=[max_length(4000)])
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.end_on < self.start_on:
            return [Problem("$.end_on", ENDS_BEFORE_START)]
        span = (self.end_on - self.start_on).days + 1
        if self.days > span:
            return [Problem("$.days", DAYS_OVER_SPAN, {"days": self.days, "span": span})]
        return []


@attrs.define(kw_only=True)
class Attendance(Validated):
    id: int | None = None
    internship_id: int
    on: dt.date = field(Label("日付", "date"))
    present: bool = field(Label("出席", "present"), default=True)
    hours: float | None = field(Label("時間数", "hours"), default=None, rules=[between(0, 12)])
    note: str | None = field(Label("記録", "note"), default=None, rules=[max_length(1000)])


class TrainingType(Coded):
    EMPLOYMENT = ("employment", "雇用型", "employment-type")
    NON_EMPLOYMENT = ("non_employment", "非雇用型", "non-employment-type")


@attrs.define(kw_only=True)
class Training(Validated):
    """就労訓練: city-certified training (認定就労訓練) lasts 3 to 6 months; other
    training (``certified`` false, e.g. a scheme not yet certified) up to a year."""

    id: int | None = None
    case_id: int
    step_id: int | None = None
    provider_id: int = field(Label("訓練事業所", "provider"))
    training_type: TrainingType = field(Label("訓練の形態", "type"))
    certified: bool = field(Label("認定済み", "certified"), default=True)
    start_on: dt.date = field(Label("開始日", "starts"))
    end_on: dt.date = field(Label("終了日", "ends"))
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if not self.certified:
            if not self.start_on <= self.end_on <= add_months(self.start_on, 12):
                return [Problem("$.end_on", OTHER_TRAINING_LENGTH,
                                {"start": self.start_on, "end": self.end_on})]
            return []
        shortest = add_months(self.start_on, 3) - dt.timedelta(days=1)
        if not shortest <= self.end_on <= add_months(self.start_on, 6):
            return [Problem("$.end_on", TRAINING_LENGTH,
                            {"start": self.start_on, "end": self.end_on})]
        return []


class EmploymentType(Coded):
    REGULAR = ("regular", "正社員", "regular")
    CONTRACT = ("contract", "契約社員", "fixed-term contract")
    PART_TIME = ("part_time", "パート・アルバイト", "part-time")
    DISPATCH = ("dispatch", "派遣", "dispatched")
    SELF_EMPLOYED = ("self_employed", "自営", "self-employed")


@attrs.define(kw_only=True)
class Employment(Validated):
    """就労決定: a job obtained."""

    id: int | None = None
    case_id: int
    step_id: int | None = None
    employer_id: int | None = field(Label("勤務先（登録事業所）", "employer"), default=None)
    employer_name: str | None = field(Label("勤務先名", "employer name"), default=None,
                                      rules=[max_length(200)])
    start_on: dt.date = field(Label("就労開始日", "starts"))
    employment_type: EmploymentType = field(Label("雇用形態", "type"))
    hours_per_week: float | None = field(Label("週の時間数", "hours a week"), default=None,
                                         rules=[between(1, 60)])
    wage_type: WageType | None = field(Label("賃金の形態", "wage type"), default=None)
    wage: int | None = field(Label("賃金（円）", "wage (yen)"), default=None,
                             rules=[between(1, 10_000_000)])
    ended_on: dt.date | None = field(Label("離職日", "left on"), default=None)
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.employer_id is None and not (self.employer_name or "").strip():
            problems.append(Problem("$.employer_id", NO_EMPLOYER))
        if self.ended_on and self.ended_on < self.start_on:
            problems.append(Problem("$.ended_on", ENDS_BEFORE_START))
        return problems


@attrs.define(kw_only=True)
class IncomeChange(Validated):
    """収入の変化: the person's monthly earned income checked against an earlier figure.

    A rise counts as 増収 in the national statistics (docs/reports.md)."""

    id: int | None = None
    case_id: int
    on: dt.date = field(Label("確認日", "checked on"))
    before: int = field(Label("以前の月収（円）", "monthly income before (yen)"),
                        rules=[between(0, 10_000_000)])
    after: int = field(Label("現在の月収（円）", "monthly income now (yen)"),
                       rules=[between(0, 10_000_000)])
    note: str | None = field(Label("内容", "note"), default=None, rules=[max_length(1000)])
    staff_id: int | None = None

    @property
    def rose(self) -> bool:
        """増収 is earning more than before; from no income at all it is starting work."""
        return 0 < self.before < self.after


@attrs.define(kw_only=True)
class RetentionCheck(Validated):
    """定着支援: a follow-up 1, 3 or 6 months after the job started."""

    id: int | None = None
    employment_id: int
    month: int
    due_on: dt.date
    done_on: dt.date | None = None
    still_employed: bool | None = field(Label("就労継続中", "still employed"), default=None)
    note: str | None = field(Label("記録", "note"), default=None, rules=[max_length(2000)])
    version: int = 1


class PlacementKind(Coded):
    """What a follow-up schedule belongs to."""

    INTERNSHIP = ("internship", "職業体験実習", "internship")
    TRAINING = ("training", "就労訓練", "certified training")


class FollowUpKind(Coded):
    """The seed's support around a placement (JM's schedule, for every host)."""

    ARRANGEMENTS = ("arrangements", "訓練前調整", "arrangements before the start")
    ACCOMPANIMENT = ("accompaniment", "同行支援（初日・2日目）", "accompaniment on days 1–2")
    PHONE_CHECK = ("phone_check", "電話確認（1週目）", "phone check in week 1")
    VISIT = ("visit", "訪問（実施中）", "visit during the placement")
    MIDTERM_REVIEW = ("midterm_review", "中間振り返り", "mid-term review")
    CLOSING_REVIEW = ("closing_review", "終了時の振り返り", "closing review")


@attrs.define(kw_only=True)
class FollowUpItem:
    """One planned follow-up of a placement, due on a day; ``done_on`` once done."""

    id: int | None = None
    case_id: int
    placement: PlacementKind
    placement_id: int
    kind: FollowUpKind
    due_on: dt.date
    done_on: dt.date | None = None
    staff_id: int | None = None
    note: str | None = None
    version: int = 1


#: ``(kind, due)`` of a schedule; programs may give their own (Program.follow_up_schedule)
FollowUpPlan = list[tuple[FollowUpKind, dt.date]]


def default_follow_ups(start: dt.date, end: dt.date) -> FollowUpPlan:
    """The seed's schedule for any internship or certified training: arrangements a week
    before, accompaniment on days 1 and 2, phone checks in week 1 (days 3 and 5), a
    visit every month of the placement (none for a placement shorter than a month but
    one halfway), and a closing review on the last day."""
    plan: FollowUpPlan = [
        (FollowUpKind.ARRANGEMENTS, start - dt.timedelta(days=7)),
        (FollowUpKind.ACCOMPANIMENT, start),
        (FollowUpKind.ACCOMPANIMENT, start + dt.timedelta(days=1)),
        (FollowUpKind.PHONE_CHECK, start + dt.timedelta(days=2)),
        (FollowUpKind.PHONE_CHECK, start + dt.timedelta(days=4)),
    ]
    visit, month = add_months(start, 1), 1
    while visit < end:
        plan.append((FollowUpKind.VISIT, visit))
        month += 1
        visit = add_months(start, month)
    if month == 1 and (end - start).days >= 7:
        plan.append((FollowUpKind.VISIT, start + (end - start) // 2))
    plan.append((FollowUpKind.CLOSING_REVIEW, end))
    return sorted(plan, key=lambda item: item[1])
