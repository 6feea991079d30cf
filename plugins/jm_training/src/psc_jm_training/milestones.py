"""What a trainee works towards month by month (訓練生のスケジュール), each milestone
assessed with notes: the first month's basics, proficiency and an own role by the
third, planned work and dealing with outsiders by the fifth, the confidence to go on
by the sixth."""

from __future__ import annotations

import datetime as dt

from psccore import Coded, add_months


class Milestone(Coded):
    INPUT_BASICS = ("input_basics", "システム入力の基本習得（指導つき）",
                    "basics of system input, with guidance")
    GREETINGS = ("greetings", "挨拶・職場での基本のコミュニケーション",
                 "greetings and basic workplace communication")
    REPORTING = ("reporting", "報告・連絡・相談", "reporting, keeping others informed, asking")
    KEEPING_HOURS = ("keeping_hours", "出勤から退勤までの時間を守り、リズムに慣れる",
                     "keeping working hours and the rhythm of the day")
    INPUT_ALONE = ("input_alone", "単独で入力し、報告・確認ができる",
                   "enters data alone, reports and checks")
    OWN_ROLE = ("own_role", "自分の役割を認識する", "knows their own role")
    PLANNED_TASKS = ("planned_tasks", "任された仕事を計画的にこなす",
                     "does the work given them to a plan")
    TEAM_MEMBER = ("team_member", "周囲と協力し、職場の一員としての自覚を持つ",
                   "works with others as a member of the team")
    PLANNING = ("planning", "計画性をもって業務を進める", "plans and carries out their work")
    OUTSIDERS = ("outsiders", "外部の人に社員として対応できる",
                 "deals with people from outside as staff")
    CONFIDENCE = ("confidence", "仕事を継続できる自信を持つ", "is confident of keeping the work")

    @property
    def from_month(self) -> int:
        """The training month from which this milestone is worked on."""
        return FROM_MONTH[self]


FROM_MONTH = {
    Milestone.INPUT_BASICS: 1, Milestone.GREETINGS: 1, Milestone.REPORTING: 1,
    Milestone.KEEPING_HOURS: 1, Milestone.INPUT_ALONE: 2, Milestone.OWN_ROLE: 2,
    Milestone.PLANNED_TASKS: 2, Milestone.TEAM_MEMBER: 2, Milestone.PLANNING: 4,
    Milestone.OUTSIDERS: 4, Milestone.CONFIDENCE: 6,
}


class Rating(Coded):
    ACHIEVED = ("achieved", "できている", "achieved")
    PARTLY = ("partly", "一部できている", "partly")
    NOT_YET = ("not_yet", "まだ", "not yet")


def training_month(start: dt.date, day: dt.date) -> int:
    """Which month of the training ``day`` falls in (the first month is 1)."""
    month = 1
    while add_months(start, month) <= day:
        month += 1
    return month


def due_by(start: dt.date, end: dt.date) -> list[Milestone]:
    """The milestones a training from ``start`` to ``end`` reaches (a 3-month training
    stops at those from month 2; a 2-week one at month 1's)."""
    last = training_month(start, end)
    return [m for m in Milestone if m.from_month <= last]
