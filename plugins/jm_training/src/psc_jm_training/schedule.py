"""The support schedule made when a training or internship step starts (支援機関の動き):
accompany the trainee on the first two working days, check by phone on the other
working days of the first week, visit every month, review at mid-term (trainings of a
month or more), and sum up at the end."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore import Coded, add_months, add_working_days, is_working_day, working_days


class TaskKind(Coded):
    ACCOMPANY = ("accompany", "同行支援", "accompany the trainee")
    PHONE = ("phone", "電話での確認・相談", "phone check")
    VISIT = ("visit", "定期訪問（面談・生活状況の確認）", "monthly visit")
    MIDTERM = ("midterm", "中間レビュー（支援調整会議）", "mid-term review")
    FINAL = ("final", "訓練終了・総括", "final summary")


@attrs.frozen
class Planned:
    kind: TaskKind
    due_on: dt.date


def last_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def support_schedule(start: dt.date, end: dt.date) -> list[Planned]:
    """Every support task of a step from ``start`` to ``end``, in date order."""
    first, second = add_working_days(start, 0), add_working_days(start, 1)
    tasks = [Planned(TaskKind.ACCOMPANY, first), Planned(TaskKind.ACCOMPANY, second)]
    week_end = min(start + dt.timedelta(days=6), end)
    tasks += [Planned(TaskKind.PHONE, d) for d in working_days(second + dt.timedelta(days=1),
                                                                week_end)]
    month = 1
    while (visit := add_working_days(add_months(start, month), 0)) < end:
        tasks.append(Planned(TaskKind.VISIT, visit))
        month += 1
    if (end - start).days >= 27:  # a month or more
        middle = start + (end - start) / 2
        tasks.append(Planned(TaskKind.MIDTERM, add_working_days(middle, 0)))
    tasks.append(Planned(TaskKind.FINAL, last_working_day(end)))
    return sorted(tasks, key=lambda t: (t.due_on, list(TaskKind).index(t.kind)))
