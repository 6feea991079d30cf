"""The partnership's records: placements (one per training or internship step), support
tasks, milestone assessments, costs and reports to the coordination meeting."""

from __future__ import annotations

import datetime as dt

import attrs

from psc_jm_training.intake import Track
from psc_jm_training.milestones import Milestone, Rating
from psc_jm_training.schedule import TaskKind
from psc_jm_training.tracks import CostItem, Payer
from psccore import Coded, Label, rules


class Outcome(Coded):
    COMPLETED = ("completed", "修了", "completed")
    CANCELLED = ("cancelled", "中止", "stopped early")


@attrs.define(kw_only=True)
class Placement(rules.Validated):
    id: int | None = None
    enrollment_id: int
    step_id: int
    track: Track
    start_on: dt.date
    end_on: dt.date
    ended_on: dt.date | None = None
    outcome: Outcome | None = None
    staff_id: int | None = None
    version: int = 1


@attrs.define(kw_only=True)
class Task(rules.Validated):
    id: int | None = None
    placement_id: int
    kind: TaskKind
    due_on: dt.date
    done_on: dt.date | None = rules.field(Label("実施日", "done on"), default=None)
    cancelled: bool = False
    note: str | None = rules.field(Label("記録", "note"), default=None,
                                   rules=[rules.max_length(1000)])
    version: int = 1


@attrs.define(kw_only=True)
class Assessment(rules.Validated):
    id: int | None = None
    placement_id: int
    milestone: Milestone = rules.field(Label("目標", "milestone"))
    rating: Rating = rules.field(Label("評価", "rating"))
    assessed_on: dt.date = rules.field(Label("評価日", "assessed on"))
    note: str | None = rules.field(Label("所見", "notes"), default=None,
                                   rules=[rules.max_length(1000)])
    staff_id: int | None = None


@attrs.define(kw_only=True)
class Cost(rules.Validated):
    id: int | None = None
    placement_id: int
    item: CostItem = rules.field(Label("費目", "item"))
    payer: Payer = rules.field(Label("負担者", "paid by"))
    amount: int = rules.field(Label("金額（円）", "amount (yen)"),
                              rules=[rules.between(1, 10_000_000)])
    paid_on: dt.date = rules.field(Label("支払日", "paid on"))
    note: str | None = rules.field(Label("記録", "note"), default=None,
                                   rules=[rules.max_length(400)])


class ReportKind(Coded):
    PERIODIC = ("periodic", "定期報告", "periodic report")
    FINAL = ("final", "終了報告", "final report")
    REPLAN = ("replan", "課題検討（リプラン）", "re-plan report")
    EMPLOYMENT = ("employment", "就労報告", "employment report")


@attrs.define(kw_only=True)
class Report(rules.Validated):
    id: int | None = None
    placement_id: int
    kind: ReportKind
    made_on: dt.date
    period_start: dt.date
    period_end: dt.date
    text: str
    record_id: int | None = None
    staff_id: int | None = None
