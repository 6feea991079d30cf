"""Consent (同意) to share a person's data, and the record of every disclosure
(第三者提供の記録, APPI art. 29). Nothing about a person reaches an employer or an
organisation without a consent that covers it on that day."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.catalogues import Coded
from psccore.domain.rules import Validated, field, max_length, required
from psccore.errors import Problem
from psccore.i18n import Label

ONE_RECIPIENT = Label("提供先は事業所か機関のどちらか一方を指定してください",
                      "name exactly one recipient: an employer or an organisation")
NO_CATEGORY = Label("提供する情報の区分を1つ以上選んでください", "choose at least one category")
ENDS_BEFORE_START = Label("終了日が開始日より前です", "ends before it starts")


class DataCategory(Coded):
    BASIC_PROFILE = ("basic_profile", "基本情報（氏名・年齢・連絡先）",
                     "basic profile (name, age, contact)")
    WORK_HISTORY = ("work_history", "職歴", "work history")
    ASSESSMENT_SUMMARY = ("assessment_summary", "アセスメントの概要", "assessment summary")
    PROGRAM_PARTICIPATION = ("program_participation", "支援事業の利用状況",
                             "program participation")
    HEALTH = ("health", "健康状態と必要な配慮（要配慮個人情報）",
              "health and accommodations (sensitive)")


class ConsentKind(Coded):
    """What the person agreed to: that the organisation gives their data to a recipient
    (第三者提供), or that it collects their sensitive data at all (要配慮個人情報の取得,
    APPI art. 20(2)), before any is recorded."""

    PROVIDE = ("provide", "第三者への提供", "giving data to a recipient")
    COLLECT = ("collect", "要配慮個人情報の取得", "collecting sensitive data")


COLLECT_NO_RECIPIENT = Label("取得の同意には提供先を指定しません",
                             "a consent to collect names no recipient")
COLLECT_HEALTH = Label("取得の同意は健康状態（health）の区分を含めてください",
                       "a consent to collect must cover the health category")


@attrs.define(kw_only=True)
class Consent(Validated):
    id: int | None = None
    person_id: int
    kind: ConsentKind = field(Label("同意の種類", "kind of consent"), default=ConsentKind.PROVIDE)
    employer_id: int | None = field(Label("提供先の事業所", "employer"), default=None)
    organisation: str | None = field(Label("提供先の機関", "organisation"), default=None,
                                     rules=[max_length(200)])
    categories: list[DataCategory] = field(Label("提供する情報", "categories"), factory=list)
    purpose: str = field(Label("利用目的", "purpose"), rules=[required(), max_length(500)])
    valid_from: dt.date = field(Label("有効期間の開始", "valid from"))
    valid_until: dt.date = field(Label("有効期間の終了", "valid until"))
    withdrawn_on: dt.date | None = field(Label("撤回日", "withdrawn on"), default=None)
    form_reference: str | None = field(Label("同意書の番号・保管場所", "signed form reference"),
                                       default=None, rules=[max_length(200)])
    recorded_on: dt.date
    staff_id: int | None = None
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.kind is ConsentKind.COLLECT:
            if self.employer_id is not None or self.organisation is not None:
                problems.append(Problem("$.employer_id", COLLECT_NO_RECIPIENT))
            if DataCategory.HEALTH not in self.categories:
                problems.append(Problem("$.categories", COLLECT_HEALTH))
        elif (self.employer_id is None) == (self.organisation is None):
            problems.append(Problem("$.employer_id", ONE_RECIPIENT))
        if not self.categories:
            problems.append(Problem("$.categories", NO_CATEGORY))
        if self.valid_until < self.valid_from:
            problems.append(Problem("$.valid_until", ENDS_BEFORE_START))
        return problems

    def in_force(self, on: dt.date) -> bool:
        """Withdrawal and expiry take effect at once: not in force on the day withdrawn."""
        withdrawn = self.withdrawn_on is not None and on >= self.withdrawn_on
        return self.valid_from <= on <= self.valid_until and not withdrawn


@attrs.define(kw_only=True)
class Disclosure:
    """What was given to whom, under which consent, when and by whom (never the values)."""

    id: int | None = None
    person_id: int
    consent_id: int
    employer_id: int | None = None
    organisation: str | None = None
    on: dt.date
    staff_id: int | None = None
    document: str  # e.g. "introduction_sheet"
    items: list[str] = attrs.field(factory=list)
    purpose: str


@attrs.define(kw_only=True)
class WorkHistoryEntry(Validated):
    """One job in a person's work history (for introductions and the JOB card)."""

    id: int | None = None
    person_id: int
    employer_name: str = field(Label("勤務先", "employer"), rules=[required(), max_length(200)])
    started_on: dt.date = field(Label("開始", "from"))
    ended_on: dt.date | None = field(Label("終了", "until"), default=None)
    duties: str | None = field(Label("仕事内容", "duties"), default=None, rules=[max_length(1000)])
    employment_type: str | None = field(Label("雇用形態", "type of employment"), default=None,
                                        rules=[max_length(40)])

    def cross_rules(self) -> list[Problem]:
        if self.ended_on and self.ended_on < self.started_on:
            return [Problem("$.ended_on", ENDS_BEFORE_START)]
        return []
