"""The office itself: the facts its reports need."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.rules import Validated, between, field, max_length
from psccore.errors import Problem
from psccore.i18n import Label

POPULATION_DATE_ALONE = Label("人口の基準日には人口も入力してください",
                              "a population date needs the population")


@attrs.define(kw_only=True)
class Office(Validated):
    """One row. ``population`` (of the area served) gives the national survey's rates
    per 100,000 inhabitants per month."""

    id: int = 1
    name: str | None = field(Label("事業所名", "office name"), default=None,
                             rules=[max_length(200)])
    population: int | None = field(Label("人口（圏域）", "population served"), default=None,
                                   rules=[between(1, 40_000_000)])
    population_on: dt.date | None = field(Label("人口の基準日", "population as of"),
                                          default=None)
    #: the agenda's intervals (days)
    placement_notice_days: int = field(Label("実習・訓練の開始・終了を知らせる日数",
                                             "days' notice of placements starting or ending"),
                                       default=14, rules=[between(0, 365)])
    consent_notice_days: int = field(Label("同意の期限切れを知らせる日数",
                                           "days' notice of consents expiring"),
                                     default=30, rules=[between(0, 365)])
    assessment_due_days: int = field(Label("受付からアセスメントまでの日数",
                                           "days from opening to the assessment"),
                                     default=14, rules=[between(1, 365)])
    plan_due_days: int = field(Label("受付からプラン作成までの日数",
                                     "days from opening to the plan"),
                               default=30, rules=[between(1, 365)])
    referral_wait_days: int = field(Label("紹介の結果を確かめるまでの日数",
                                          "days to wait for a referral's outcome"),
                                    default=14, rules=[between(0, 365)])
    version: int = 1
    #: administrators sign in with a TOTP code too (enrolling at their next sign-in)
    require_totp_for_admins: bool = field(
        Label("管理者に確認コード（2段階認証）を必須にする",
              "require a TOTP code of administrators"), default=False,
        help=Label("有効にすると、まだ設定していない管理者（自分も）はログアウトし、次のログインで設定します",
                   "once on, administrators who have not set it up (you too) are signed out "
                   "and set it up at their next sign-in"))

    def cross_rules(self) -> list[Problem]:
        if self.population_on is not None and self.population is None:
            return [Problem("$.population_on", POPULATION_DATE_ALONE)]
        return []
