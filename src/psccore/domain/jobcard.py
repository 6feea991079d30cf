"""ジョブ・カード (JOB card), the national career document of the Ministry of Health,
Labour and Welfare: the career plan sheet (様式1-1, with work experience, or 1-2), the
work history sheet (様式2) and the vocational ability sheets (様式3-1 licences, 3-2
learning and training, 3-3 results of training or practical work).

A card is filled from the person's records, saved as JSON for staff to complete with
the person, checked here on its way back, then written as .xlsx or printable HTML."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.catalogues import Coded
from psccore.domain.rules import Validated, field, max_length, required
from psccore.errors import Problem
from psccore.i18n import Label

ENDS_BEFORE_START = Label("終了日が開始日より前です", "ends before it starts")


class Rating(Coded):
    """How the evaluator rates an item of 様式3-3."""

    A = ("A", "常にできている", "always")
    B = ("B", "大体できている", "mostly")
    C = ("C", "評価しない", "not rated")


@attrs.define(kw_only=True)
class Basics(Validated):
    name: str = field(Label("氏名", "name"), rules=[required(), max_length(100)])
    kana: str | None = field(Label("ふりがな", "furigana"), default=None,
                             rules=[max_length(100)])
    birth_date: dt.date | None = field(Label("生年月日", "birth date"), default=None)
    postal_code: str | None = field(Label("郵便番号", "postal code"), default=None,
                                    rules=[max_length(8)])
    address: str | None = field(Label("住所", "address"), default=None, rules=[max_length(200)])
    phone: str | None = field(Label("電話", "phone"), default=None, rules=[max_length(20)])
    email: str | None = field(Label("メール", "e-mail"), default=None, rules=[max_length(200)])


@attrs.define(kw_only=True)
class CareerPlan(Validated):
    """様式1: what the person values, can do and wants, in their own words."""

    values_and_interests: str | None = field(
        Label("価値観、興味・関心事項など", "values and interests"), default=None,
        rules=[max_length(2000)])
    strengths: str | None = field(
        Label("強み（弱みの克服を含む）", "strengths (and overcoming weaknesses)"),
        default=None, rules=[max_length(2000)])
    work_wanted: str | None = field(
        Label("将来取り組みたい仕事や働き方など", "the work wanted in future"), default=None,
        rules=[max_length(2000)])
    next_steps: str | None = field(
        Label("これから取り組むことなど", "what to do next"), default=None,
        rules=[max_length(2000)])
    self_pr: str | None = field(Label("自己PR", "self-PR"), default=None,
                                rules=[max_length(2000)])


@attrs.define(kw_only=True)
class WorkHistory(Validated):
    """様式2: one block per employer."""

    employer_name: str = field(Label("事業所名", "employer"), rules=[required(), max_length(200)])
    started_on: dt.date = field(Label("就業期間（開始）", "from"))
    ended_on: dt.date | None = field(Label("就業期間（終了）", "until"), default=None)
    employment_type: str | None = field(Label("雇用形態", "type of employment"), default=None,
                                        rules=[max_length(40)])
    duties: str | None = field(Label("職務内容", "duties"), default=None,
                               rules=[max_length(2000)])
    confirmed_by: str | None = field(Label("事業所の確認", "confirmed by the employer"),
                                     default=None, rules=[max_length(200)])

    def cross_rules(self) -> list[Problem]:
        if self.ended_on and self.ended_on < self.started_on:
            return [Problem("$.ended_on", ENDS_BEFORE_START)]
        return []


@attrs.define(kw_only=True)
class Licence(Validated):
    """様式3-1."""

    name: str = field(Label("免許・資格の名称", "licence or qualification"),
                      rules=[required(), max_length(200)])
    obtained_on: dt.date | None = field(Label("取得年月", "obtained"), default=None)
    issuer: str | None = field(Label("実施・認定機関", "issued by"), default=None,
                               rules=[max_length(200)])


@attrs.define(kw_only=True)
class Learning(Validated):
    """様式3-2: schooling, courses and training."""

    started_on: dt.date = field(Label("期間（開始）", "from"))
    ended_on: dt.date | None = field(Label("期間（終了）", "until"), default=None)
    name: str = field(Label("学校・訓練の名称", "school or course"),
                      rules=[required(), max_length(200)])
    content: str | None = field(Label("学習・訓練の内容", "content"), default=None,
                                rules=[max_length(2000)])

    def cross_rules(self) -> list[Problem]:
        if self.ended_on and self.ended_on < self.started_on:
            return [Problem("$.ended_on", ENDS_BEFORE_START)]
        return []


@attrs.define(kw_only=True)
class AbilityItem(Validated):
    """An item set before the training or work, and its rating after."""

    category: str = field(Label("能力の区分", "ability"), rules=[required(), max_length(100)])
    item: str = field(Label("評価項目", "item"), rules=[required(), max_length(300)])
    rating: Rating | None = field(Label("評価", "rating"), default=None)


@attrs.define(kw_only=True)
class PracticalResult(Validated):
    """様式3-3: an internship, training or job and what the person showed in it."""

    name: str = field(Label("訓練・実習の名称", "training or practice"),
                      rules=[required(), max_length(200)])
    place: str | None = field(Label("実施場所（事業所）", "where"), default=None,
                              rules=[max_length(200)])
    started_on: dt.date = field(Label("期間（開始）", "from"))
    ended_on: dt.date | None = field(Label("期間（終了）", "until"), default=None)
    duties: str | None = field(Label("職務・訓練の内容", "duties"), default=None,
                               rules=[max_length(2000)])
    abilities: list[AbilityItem] = field(Label("評価項目", "items rated"), factory=list)
    comment: str | None = field(Label("総括評価", "overall comment"), default=None,
                                rules=[max_length(4000)])
    evaluator: str | None = field(Label("評価者", "evaluated by"), default=None,
                                  rules=[max_length(200)])

    def cross_rules(self) -> list[Problem]:
        if self.ended_on and self.ended_on < self.started_on:
            return [Problem("$.ended_on", ENDS_BEFORE_START)]
        return []


@attrs.define(kw_only=True)
class JobCard(Validated):
    person_id: int
    made_on: dt.date = field(Label("作成日", "made on"))
    basics: Basics = field(Label("基本情報", "basic information"))
    career_plan: CareerPlan = field(Label("キャリア・プランシート", "career plan sheet"),
                                    factory=CareerPlan)
    work_history: list[WorkHistory] = field(Label("職務経歴", "work history"), factory=list)
    licences: list[Licence] = field(Label("免許・資格", "licences"), factory=list)
    learning: list[Learning] = field(Label("学習歴・訓練歴", "learning and training"),
                                     factory=list)
    results: list[PracticalResult] = field(Label("訓練成果・実務成果", "results of training "
                                                 "or practical work"), factory=list)

    @property
    def with_work_experience(self) -> bool:
        """様式1-1 (with work experience) when any work history is given, else 1-2."""
        return bool(self.work_history)


#: 様式3-3's common basic abilities (基本的能力), set before an internship or training.
BASIC_ABILITIES: tuple[tuple[str, str], ...] = (
    ("働く意識と取組", "法令・職場のルール、慣行などを守っている"),
    ("働く意識と取組", "出勤時間、約束時間などの定められた時間を守っている"),
    ("責任感", "一旦引き受けた仕事は途中で投げ出さずに最後までやり遂げている"),
    ("ビジネスマナー", "職場の一員として、挨拶・言葉づかい・身だしなみに気を配っている"),
    ("コミュニケーション能力", "上司・先輩などからの指示を理解し、報告・連絡・相談をしている"),
    ("チームワーク", "周囲の状況を見て、ほかの人の仕事を手伝っている"),
    ("チャレンジ意欲", "新しい仕事や難しい仕事にも進んで取り組んでいる"),
)


def basic_abilities() -> list[AbilityItem]:
    return [AbilityItem(category=c, item=i) for c, i in BASIC_ABILITIES]
