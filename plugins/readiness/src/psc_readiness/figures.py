"""The readiness center's figures, computed from plain records: attendance rates,
progress through the autonomy stages, and whether a work order will make its deadline."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

import attrs

from psc_readiness.intake import AutonomyStage
from psc_readiness.records import Presence, WorkOrder
from psccore import Label, add_working_days, working_days

STAGES = list(AutonomyStage)  # in the order a person moves through them


@attrs.frozen
class AttendanceRate:
    """Attendance over the sessions a participant was expected at (those recorded).

    Came = present, late or left early; the rate is came ÷ recorded."""

    recorded: int = 0
    came: int = 0
    late: int = 0
    left_early: int = 0
    absent: int = 0

    @property
    def rate(self) -> float | None:
        return self.came / self.recorded if self.recorded else None

    def text(self) -> str:
        if not self.recorded:
            return Label("記録なし", "nothing recorded").text()
        return Label("{rate:.1f}%（参加 {came}／記録 {recorded}、うち遅刻 {late}・早退 {early}）",
                     "{rate:.1f}% (came {came} of {recorded}, of which late {late}, "
                     "left early {early})").format(rate=100 * (self.rate or 0), came=self.came,
                              recorded=self.recorded, late=self.late, early=self.left_early)


def attendance_rate(presences: Iterable[Presence]) -> AttendanceRate:
    seen = list(presences)
    return AttendanceRate(recorded=len(seen), came=sum(p.came for p in seen),
                          late=seen.count(Presence.LATE), left_early=seen.count(Presence.LEFT_EARLY),
                          absent=seen.count(Presence.ABSENT))


def absent_in_a_row(presences: Sequence[Presence]) -> int:
    """How many of the most recent sessions (oldest first in ``presences``) were missed."""
    count = 0
    for presence in reversed(presences):
        if presence is not Presence.ABSENT:
            break
        count += 1
    return count


@attrs.frozen
class StageStep:
    on: dt.date
    stage: AutonomyStage
    change: int  # +1 moved on, 0 same, -1 moved back (against the step before)

    def text(self) -> str:
        arrow = {1: "↑", 0: "", -1: "↓"}[self.change]
        return Label("{stage}{arrow}（{on}）", "{stage}{arrow} ({on})").format(
            stage=self.stage.label, arrow=arrow, on=self.on.isoformat())


def stage_progress(started_on: dt.date, start: AutonomyStage,
                   reviews: Iterable[tuple[dt.date, AutonomyStage]]) -> list[StageStep]:
    """The stage at the start, then each review in date order."""
    steps = [StageStep(started_on, start, 0)]
    for on, stage in sorted(reviews, key=lambda r: r[0]):
        before = STAGES.index(steps[-1].stage)
        steps.append(StageStep(on, stage, (STAGES.index(stage) > before)
                               - (STAGES.index(stage) < before)))
    return steps


@attrs.frozen
class OrderProgress:
    """Where an order stands on ``today``.

    The pace is the work done per working day since the order came in (up to
    yesterday); the order is *at risk* when that pace, kept up over the working days
    left (today to the deadline), would not finish it. An order with nothing done yet
    is at risk once as many working days are behind it as are left; one with no
    working day behind it is not judged.
    """

    order: WorkOrder
    done: int
    today: dt.date
    pace: float | None
    days_left: int
    days_behind: int

    @property
    def remaining(self) -> int:
        return max(self.order.to_make - self.done, 0)

    @property
    def delivered(self) -> bool:
        return self.order.delivered_on is not None

    @property
    def late(self) -> bool:
        if self.delivered:
            return bool(self.order.delivered_on and self.order.delivered_on > self.order.due_on)
        return self.today > self.order.due_on

    @property
    def on_time(self) -> bool | None:
        """Delivered by the deadline (``None`` while not delivered)."""
        if self.order.delivered_on is None:
            return None
        return self.order.delivered_on <= self.order.due_on

    @property
    def at_risk(self) -> bool:
        if self.delivered or self.late or not self.remaining or self.pace is None:
            return False
        if not self.pace:  # nothing done yet: at risk once half the time has gone
            return self.days_behind >= self.days_left
        return self.pace * self.days_left < self.remaining

    @property
    def projected_finish(self) -> dt.date | None:
        if self.delivered or not self.remaining or not self.pace:
            return None
        return add_working_days(self.today, math.ceil(self.remaining / self.pace) - 1)


def order_progress(order: WorkOrder, done: int, today: dt.date,
                   done_before: int | None = None) -> OrderProgress:
    """``done`` up to and including ``today``; the pace counts ``done_before`` today
    (all of ``done`` when not given)."""
    behind = working_days(order.received_on, today - dt.timedelta(days=1))
    left = working_days(max(today, order.received_on), order.due_on)
    before = done if done_before is None else done_before
    pace = before / len(behind) if behind else None
    return OrderProgress(order, done, today, pace, len(left), len(behind))
