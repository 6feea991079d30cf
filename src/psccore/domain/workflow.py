"""The support workflow (自立相談支援): assessment, plan, coordination meeting,
support records, evaluation. Rules about one object live on its class; rules
across objects (a step of an unapproved plan …) live in the services
(:mod:`psccore.services.plans`, ``meetings``, ``records``, ``assessments``) but use the
messages defined here."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.catalogues import AutonomyStage, Barrier, Coded, ContactKind, LifeDomain
from psccore.domain.rules import Validated, between, field, matches, max_length, required
from psccore.errors import Problem
from psccore.i18n import Label

ENDS_BEFORE_START = Label("終了日が開始日より前です", "ends before it starts")
DUPLICATE_DOMAIN = Label("同じ生活領域が2回あります: {domain}", "life domain given twice: {domain}")
REASON_NEEDED = Label("理由を入力してください", "a reason is required")
NO_GOALS = Label("目標を1つ以上入力してください", "at least one goal is required")


# --- assessment -----------------------------------------------------------------

@attrs.define(kw_only=True)
class DomainRating:
    """One life domain: 1 (serious difficulty) to 5 (stable), with a note."""

    domain: LifeDomain = field(Label("生活領域", "life domain"))
    rating: int = field(Label("評価（1〜5）", "rating (1–5)"), rules=[between(1, 5)])
    note: str | None = field(Label("所見", "note"), default=None, rules=[max_length(1000)])


@attrs.define(kw_only=True)
class Assessment(Validated):
    """インテーク・アセスメント. Re-assessment adds a new number; earlier ones stay."""

    id: int | None = None
    case_id: int
    number: int = 1
    assessed_on: dt.date = field(Label("実施日", "assessed on"))
    staff_id: int | None = None
    autonomy_stage: AutonomyStage = field(Label("自立段階", "autonomy stage"))
    ratings: list[DomainRating] = field(Label("生活領域の評価", "life-domain ratings"),
                                        factory=list)
    barriers: list[Barrier] = field(Label("就労阻害要因", "employment barriers"), factory=list)
    barrier_notes: str | None = field(Label("阻害要因の補足", "notes on barriers"), default=None,
                                      rules=[max_length(2000)])
    summary: str | None = field(Label("総合所見", "summary"), default=None,
                                rules=[max_length(4000)])

    def cross_rules(self) -> list[Problem]:
        seen: set[LifeDomain] = set()
        problems = []
        for i, rating in enumerate(self.ratings):
            if rating.domain in seen:
                problems.append(Problem(f"$.ratings[{i}].domain", DUPLICATE_DOMAIN,
                                        {"domain": rating.domain.label}))
            seen.add(rating.domain)
        return problems


# --- plan -----------------------------------------------------------------------

class PlanStatus(Coded):
    DRAFT = ("draft", "案", "draft")
    APPROVED = ("approved", "承認済み（実施中）", "approved (active)")
    REVISION_REQUESTED = ("revision_requested", "修正依頼", "revision requested")
    SUPERSEDED = ("superseded", "再プランにより終了", "superseded by a re-plan")
    ENDED = ("ended", "支援終了", "ended")


class StepStatus(Coded):
    PLANNED = ("planned", "予定", "planned")
    STARTED = ("started", "実施中", "started")
    ENDED = ("ended", "終了", "ended")
    CANCELLED = ("cancelled", "中止", "cancelled")


@attrs.define(kw_only=True)
class Goal(Validated):
    """A goal of a plan, long- or short-term, with when it should be reached."""

    id: int | None = None
    plan_id: int = 0  # set when the plan is stored
    position: int = 0
    text: str = field(Label("目標", "goal"), rules=[required(), max_length(500)])
    short_term: bool = field(Label("短期目標", "short-term"), default=True)
    target_date: dt.date | None = field(Label("達成時期", "to be reached by"), default=None)


@attrs.define(kw_only=True)
class Step(Validated):
    """A support step chosen from a program's support menu."""

    id: int | None = None
    plan_id: int = 0  # set when the plan is stored
    position: int = 0
    program: str = field(Label("事業", "program"), rules=[required()])
    kind: str = field(Label("支援メニュー", "support menu item"), rules=[required()])
    start_on: dt.date = field(Label("開始予定日", "starts"))
    end_on: dt.date | None = field(Label("終了予定日", "ends"), default=None)
    staff_id: int | None = None
    status: StepStatus = StepStatus.PLANNED
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    note: str | None = field(Label("内容", "content"), default=None, rules=[max_length(1000)])
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.end_on and self.end_on < self.start_on:
            problems.append(Problem("$.end_on", ENDS_BEFORE_START))
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            problems.append(Problem("$.ended_on", ENDS_BEFORE_START))
        return problems


@attrs.define(kw_only=True)
class Plan(Validated):
    """プラン: what the Act's ordinance asks a plan to hold. Versioned by ``number``."""

    id: int | None = None
    case_id: int
    number: int = 1
    status: PlanStatus = PlanStatus.DRAFT
    wishes: str | None = field(Label("本人の希望", "the person's wishes"), default=None,
                               rules=[max_length(2000)])
    problems: str | None = field(Label("解決すべき課題", "problems to solve"), default=None,
                                 rules=[max_length(2000)])
    long_term_goal: str = field(Label("長期目標", "long-term goal"),
                                rules=[required(), max_length(1000)])
    period_start: dt.date = field(Label("計画期間の開始", "period starts"))
    period_end: dt.date = field(Label("計画期間の終了", "period ends"))
    points_of_care: str | None = field(Label("支援上の留意点", "points of care"), default=None,
                                       rules=[max_length(2000)])
    #: 就労支援対象: the plan aims at work (counted in the national statistics).
    employment_support: bool = field(Label("就労支援の対象", "aims at work"), default=False)
    created_on: dt.date
    approved_on: dt.date | None = None
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.period_end < self.period_start:
            return [Problem("$.period_end", ENDS_BEFORE_START)]
        return []


# --- coordination meeting ----------------------------------------------------------

class Decision(Coded):
    APPROVE = ("approve", "承認", "approve")
    REVISE = ("revise", "修正", "revise")
    END = ("end", "支援終了", "end support")


@attrs.define(kw_only=True)
class CoordinationMeeting(Validated):
    """支援調整会議: who met, when."""

    id: int | None = None
    held_on: dt.date = field(Label("開催日", "held on"))
    staff: list[str] = field(Label("出席職員", "staff present"), factory=list)
    organisations: list[str] = field(Label("出席機関", "organisations present"), factory=list)
    notes: str | None = field(Label("記録", "notes"), default=None, rules=[max_length(4000)])


@attrs.define(kw_only=True)
class MeetingDecision(Validated):
    """A coordination meeting's decision on a plan: approve, revise or end support
    (``reason`` for the last two)."""

    id: int | None = None
    meeting_id: int
    plan_id: int
    decision: Decision = field(Label("決定", "decision"))
    reason: str | None = field(Label("理由", "reason"), default=None, rules=[max_length(2000)])

    def cross_rules(self) -> list[Problem]:
        if self.decision is not Decision.APPROVE and not (self.reason or "").strip():
            return [Problem("$.reason", REASON_NEEDED)]
        return []


# --- records and evaluation ------------------------------------------------------------

@attrs.define(kw_only=True)
class SupportRecord(Validated):
    """支援経過記録: one dated contact."""

    id: int | None = None
    case_id: int
    on: dt.date = field(Label("日付", "date"))
    kind: ContactKind = field(Label("種別", "kind"))
    staff_id: int | None = None
    summary: str = field(Label("内容", "summary"), rules=[required(), max_length(4000)])
    step_id: int | None = None
    at: str | None = field(Label("時刻", "time"), default=None,
                           rules=[matches(r"([01]\d|2[0-3]):[0-5]\d", "14:30")])
    minutes: int | None = field(Label("所要時間（分）", "duration (minutes)"), default=None,
                                rules=[between(1, 24 * 60)])


class GoalResult(Coded):
    ACHIEVED = ("achieved", "達成", "achieved")
    PARTLY = ("partly", "一部達成", "partly achieved")
    NOT_ACHIEVED = ("not_achieved", "未達成", "not achieved")


class NextAction(Coded):
    CONTINUE = ("continue", "継続", "continue")
    REPLAN = ("replan", "再プラン", "re-plan")
    CLOSE = ("close", "終結", "close")


@attrs.define(kw_only=True)
class GoalEvaluation:
    goal_id: int = field(Label("目標", "goal"))
    result: GoalResult = field(Label("達成度", "result"))
    note: str | None = field(Label("所見", "note"), default=None, rules=[max_length(1000)])


@attrs.define(kw_only=True)
class Evaluation(Validated):
    """モニタリング・評価 of a plan against its goals."""

    id: int | None = None
    plan_id: int
    evaluated_on: dt.date = field(Label("評価日", "evaluated on"))
    staff_id: int | None = None
    results: list[GoalEvaluation] = field(Label("目標ごとの評価", "results per goal"),
                                          factory=list)
    next_action: NextAction = field(Label("今後の方針", "next action"))
    note: str | None = field(Label("所見", "note"), default=None, rules=[max_length(4000)])


__all__ = [
    "Assessment", "AutonomyStage", "Barrier", "Coded", "ContactKind", "CoordinationMeeting",
    "Decision", "DomainRating", "Evaluation", "Goal", "GoalEvaluation", "GoalResult",
    "LifeDomain", "MeetingDecision", "NextAction", "Plan", "PlanStatus", "Step", "StepStatus",
    "SupportRecord",
]
