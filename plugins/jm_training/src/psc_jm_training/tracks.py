"""The partnership's three tracks and their rules: how long each lasts, how many hours
a day, and who pays for what.

A. 職業体験実習 (the company's Sendai sales office): 5 to 20 days of about 5 hours; the
   organisation pays the running fee, the trainee's stipend and the insurance.
B. 認定就労訓練 (its service center), city-certified: 3 to 6 months, employment-type
   or not; the organisation insures the trainee and, when not employed, pays a stipend.
B'. 地域交流型訓練 (its academy), proposed scheme: 2 weeks or 1, 3 or 6 months,
   employment-type as a rule; the company pays travel and the stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import attrs

from psc_jm_training.intake import Track
from psccore import Coded, Label, Problem, add_months, working_days

NEEDS_END = Label("終了予定日が必要です", "needs its planned end date")
INTERNSHIP_DAYS = Label("職業体験実習は5〜20日です（この期間の平日は{days}日）",
                        "an internship lasts 5 to 20 working days (this period has {days})")
TRAINING_MONTHS = Label("認定就労訓練は3か月以上6か月以内です",
                        "certified training lasts 3 to 6 months")
REGIONAL_PERIOD = Label("地域交流型訓練の期間は2週間・1か月・3か月・6か月のいずれかです"
                        "（{start}からなら終了は {options}）",
                        "regional exchange training lasts 2 weeks or 1, 3 or 6 months "
                        "(from {start} it ends on {options})")


class Payer(Coded):
    ORGANISATION = ("organisation", "PSC（当法人）", "the organisation")
    COMPANY = ("company", "JM社", "the company")


class CostItem(Coded):
    HOST_FEE = ("host_fee", "実施運営費", "host fee")
    STIPEND = ("stipend", "奨励金", "stipend")
    INSURANCE = ("insurance", "保険料", "insurance")
    TRAVEL = ("travel", "往復旅費", "travel")
    STAY = ("stay", "滞在費", "stay")


@attrs.frozen
class TrackRule:
    track: Track
    hours_per_day: float
    #: who pays each cost item on this track; an item not listed does not arise
    payers: dict[CostItem, Payer]


ORG, COMPANY = Payer.ORGANISATION, Payer.COMPANY
RULES = {
    Track.INTERNSHIP: TrackRule(Track.INTERNSHIP, 5, {
        CostItem.HOST_FEE: ORG, CostItem.STIPEND: ORG, CostItem.INSURANCE: ORG}),
    Track.CERTIFIED_TRAINING: TrackRule(Track.CERTIFIED_TRAINING, 6, {
        CostItem.STIPEND: ORG, CostItem.INSURANCE: ORG}),
    Track.REGIONAL_TRAINING: TrackRule(Track.REGIONAL_TRAINING, 7, {
        CostItem.INSURANCE: ORG, CostItem.TRAVEL: COMPANY, CostItem.STAY: COMPANY}),
}


def regional_ends(start: dt.date) -> list[dt.date]:
    """The end dates a regional exchange training from ``start`` may have."""
    return [start + dt.timedelta(days=13),
            *(add_months(start, n) - dt.timedelta(days=1) for n in (1, 3, 6))]


def period_problems(track: Track, start: dt.date, end: dt.date | None) -> Iterator[Problem]:
    """Whether a step of ``track`` may run from ``start`` to ``end``."""
    if end is None:
        yield Problem("$.end_on", NEEDS_END)
        return
    if track is Track.INTERNSHIP:
        days = len(working_days(start, end))
        if not 5 <= days <= 20:
            yield Problem("$.end_on", INTERNSHIP_DAYS, {"days": days})
    elif track is Track.CERTIFIED_TRAINING:
        if not add_months(start, 3) - dt.timedelta(days=1) <= end <= add_months(start, 6):
            yield Problem("$.end_on", TRAINING_MONTHS)
    elif end not in regional_ends(start):
        yield Problem("$.end_on", REGIONAL_PERIOD, {
            "start": start.isoformat(),
            "options": " / ".join(d.isoformat() for d in regional_ends(start))})


def rule_for(track: Track) -> Callable[[dt.date, dt.date | None], list[Problem]]:
    """The ``period_rule`` of the track's support-menu item."""
    def rule(start: dt.date, end: dt.date | None) -> list[Problem]:
        return list(period_problems(track, start, end))

    return rule
