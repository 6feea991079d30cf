"""自立相談支援事業 (program code ``consultation``): what the national consultation form
(相談受付・申込票) asks at reception, and the screening that follows it (スクリーニング:
a plan, information only, or passed to another agency).

Every field has a default so that a case enrolled by the migration (``migrated``) still
reads; a new reception needs its route and at least one topic (:meth:`cross_rules`).
Health and disability answers are 要配慮個人情報: top-level sensitive fields, sealed.
"""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.catalogues import Coded
from psccore.domain.rules import Validated, between, field, max_length, required
from psccore.errors import Problem
from psccore.i18n import Label

CODE = "consultation"


class Route(Coded):
    """相談経路: how the consultation reached the center."""

    VISIT = ("visit", "本人来所", "came to the center")
    PHONE = ("phone", "電話", "telephone")
    MAIL = ("mail", "メール・手紙", "e-mail or letter")
    OUTREACH = ("outreach", "訪問（アウトリーチ）", "home visit (outreach)")
    FAMILY = ("family", "家族・知人から", "through family or acquaintances")
    REFERRAL = ("referral", "関係機関からの紹介", "referred by an agency")
    OTHER = ("other", "その他", "other")


class Topic(Coded):
    """相談内容: the national list of what the consultation is about."""

    HEALTH = ("health", "病気・けが・障害", "illness, injury or disability")
    HOUSING = ("housing", "住まい", "housing")
    INCOME = ("income", "収入・生活費", "income and living costs")
    RENT_LOANS = ("rent_loans", "家賃・ローンの支払い", "rent or loan payments")
    TAXES_UTILITIES = ("taxes_utilities", "税金・公共料金等の支払い",
                       "taxes and utility payments")
    DEBT = ("debt", "債務", "debt")
    JOB_SEARCH = ("job_search", "仕事探し・就職", "looking for work")
    WORK_TROUBLE = ("work_trouble", "仕事上の不安・トラブル", "trouble at work")
    NEIGHBOURS = ("neighbours", "地域との関係", "relations with the neighbourhood")
    FAMILY = ("family", "家族関係・人間関係", "family relations")
    CHILD_REARING = ("child_rearing", "子育て", "child-rearing")
    CARE = ("care", "介護", "care of relatives")
    WITHDRAWAL = ("withdrawal", "ひきこもり・不登校", "social withdrawal or school refusal")
    ABUSE = ("abuse", "DV・虐待", "domestic violence or abuse")
    NO_FOOD = ("no_food", "食べるものがない", "no food")
    OTHER = ("other", "その他", "other")


class WorkStatus(Coded):
    """現在の就労状況."""

    REGULAR = ("regular", "正社員", "regular employee")
    NON_REGULAR = ("non_regular", "パート・アルバイト・派遣", "part-time, casual or dispatch")
    SELF_EMPLOYED = ("self_employed", "自営業", "self-employed")
    PENSION = ("pension", "年金生活", "living on a pension")
    UNEMPLOYED = ("unemployed", "無職・休職中", "not working or on leave")
    OTHER = ("other", "その他", "other")


class Housing(Coded):
    """住まいの状況."""

    OWNED = ("owned", "持ち家", "owned")
    RENTED = ("rented", "民間賃貸住宅", "private rented")
    PUBLIC = ("public", "公営住宅", "public housing")
    COMPANY = ("company", "社員寮・住み込み", "company dormitory or live-in")
    HOMELESS = ("homeless", "住居なし（路上・ネットカフェ等）", "no home (street, net café …)")
    OTHER = ("other", "その他（知人宅等）", "other (with acquaintances …)")


class HealthInsurance(Coded):
    """医療保険の加入状況."""

    NATIONAL = ("national", "国民健康保険", "national health insurance")
    EMPLOYEE = ("employee", "被用者保険（社会保険）", "employee health insurance")
    ELDERLY = ("elderly", "後期高齢者医療", "late-stage elderly medical care")
    PUBLIC_ASSISTANCE = ("public_assistance", "生活保護（医療扶助）",
                         "public assistance (medical aid)")
    NONE = ("none", "無保険", "uninsured")
    UNKNOWN = ("unknown", "不明", "unknown")


class Pension(Coded):
    """年金の加入・受給状況."""

    PAYING = ("paying", "加入（納付中）", "insured, paying")
    EXEMPT = ("exempt", "免除・猶予", "exempt or deferred")
    UNPAID = ("unpaid", "未納", "contributions unpaid")
    RECEIVING = ("receiving", "受給中", "receiving a pension")
    NONE = ("none", "未加入", "not insured")
    UNKNOWN = ("unknown", "不明", "unknown")


class Benefit(Coded):
    """受給中の給付・手当."""

    PUBLIC_ASSISTANCE = ("public_assistance", "生活保護", "public assistance")
    PENSION = ("pension", "年金", "pension")
    DISABILITY_PENSION = ("disability_pension", "障害年金", "disability pension")
    UNEMPLOYMENT = ("unemployment", "雇用保険（失業給付）", "unemployment benefit")
    CHILD = ("child", "児童手当・児童扶養手当", "child allowances")
    HOUSING = ("housing", "住居確保給付金", "housing security benefit")
    OTHER = ("other", "その他", "other")


class Disability(Coded):
    """障害者手帳."""

    NONE = ("none", "なし", "none")
    PHYSICAL = ("physical", "身体障害者手帳", "physical disability certificate")
    MENTAL = ("mental", "精神障害者保健福祉手帳", "mental disability certificate")
    INTELLECTUAL = ("intellectual", "療育手帳", "intellectual disability certificate")
    APPLYING = ("applying", "申請中", "applying")


@attrs.define(kw_only=True)
class HouseholdMember:
    """A member of the person's household (世帯の状況)."""

    relation: str = field(Label("続柄", "relation"), rules=[required(), max_length(20)])
    name: str | None = field(Label("氏名", "name"), default=None, rules=[max_length(100)])
    birth_date: dt.date | None = field(Label("生年月日", "birth date"), default=None)
    lives_together: bool = field(Label("同居", "lives with the person"), default=True)
    occupation: str | None = field(Label("職業・就学", "work or school"), default=None,
                                   rules=[max_length(100)])


@attrs.define(kw_only=True)
class Debt:
    """A debt (借入): to whom, how much is left, what is paid each month."""

    lender: str = field(Label("借入先", "lender"), rules=[required(), max_length(100)])
    amount: int | None = field(Label("残額（円）", "left to pay (yen)"), default=None,
                               rules=[between(0, 1_000_000_000)])
    monthly: int | None = field(Label("月々の返済額（円）", "monthly repayment (yen)"),
                                default=None, rules=[between(0, 100_000_000)])
    in_arrears: bool = field(Label("滞納あり", "in arrears"), default=False)


REFERRER_NEEDED = Label("関係機関からの紹介では、紹介元の機関名が必要です",
                        "a referral needs the referring agency's name")
ROUTE_NEEDED = Label("相談経路を選んでください", "choose how the consultation came")
#: Said beside the answers every reception needs (they may stay empty only when migrated).
NEEDED_UNLESS_MIGRATED = Label("必須（移行データのときは省略可）",
                               "required (may be left empty for migrated data)")
TOPIC_NEEDED = Label("相談内容を1つ以上選んでください", "choose at least one topic")
MAIN_NOT_IN_TOPICS = Label("最も困っていることは、選んだ相談内容の中から選んでください",
                           "the most pressing topic must be one of the topics chosen")


@attrs.define(kw_only=True)
class ConsultationIntake(Validated):
    """相談受付・申込票: what is asked when a consultation is received, in the form's order."""

    route: Route | None = field(Label("相談経路", "how the consultation came"), default=None,
                                help=NEEDED_UNLESS_MIGRATED)
    referring_agency: str | None = field(Label("紹介元の機関", "referring agency"),
                                         default=None, rules=[max_length(100)])
    received_by: str | None = field(Label("受付者", "received by"), default=None,
                                    rules=[max_length(100)])
    companion: str | None = field(Label("同行者", "came with"), default=None,
                                  rules=[max_length(100)])
    companion_relation: str | None = field(Label("同行者との関係", "companion's relation"),
                                           default=None, rules=[max_length(40)])
    topics: list[Topic] = field(Label("相談内容", "topics of the consultation"), factory=list,
                                help=NEEDED_UNLESS_MIGRATED)
    main_topic: Topic | None = field(Label("最も困っていること", "the most pressing topic"),
                                     default=None)
    topics_note: str | None = field(Label("相談内容（詳細）", "the consultation in detail"),
                                    default=None, rules=[max_length(2000)])
    wishes: str | None = field(Label("本人の希望", "the person's wishes"), default=None,
                               rules=[max_length(1000)])
    work_status: WorkStatus | None = field(Label("現在の就労状況", "current work"),
                                           default=None)
    housing: Housing | None = field(Label("住まいの状況", "housing"), default=None)
    health_insurance: HealthInsurance | None = field(Label("医療保険", "health insurance"),
                                                     default=None)
    pension: Pension | None = field(Label("年金", "pension"), default=None)
    household: list[HouseholdMember] = field(Label("世帯の状況", "household members"),
                                             factory=list)
    monthly_income: int | None = field(Label("世帯の月収（円）", "household income a month (yen)"),
                                       default=None, rules=[between(0, 100_000_000)])
    benefits: list[Benefit] = field(Label("受給中の給付・手当", "benefits received"),
                                    factory=list)
    debts: list[Debt] = field(Label("債務の状況", "debts"), factory=list)
    health: str | None = field(Label("心身の状況・通院", "health and hospital visits"),
                               default=None, rules=[max_length(1000)], sensitive=True)
    disability: Disability | None = field(Label("障害者手帳", "disability certificate"),
                                          default=None, sensitive=True)
    disability_note: str | None = field(Label("障害・配慮の内容", "disability and needs"),
                                        default=None, rules=[max_length(1000)], sensitive=True)
    migrated: bool = field(Label("移行データ（受付票なし）", "migrated (no reception form)"),
                           default=False, help=Label(
                               "事業として記録される前に受け付けたケース",
                               "a case received before the consultation was recorded"))

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.route is Route.REFERRAL and not (self.referring_agency or "").strip():
            problems.append(Problem("$.referring_agency", REFERRER_NEEDED))
        if self.migrated:
            return problems
        if self.route is None:
            problems.append(Problem("$.route", ROUTE_NEEDED))
        if not self.topics:
            problems.append(Problem("$.topics", TOPIC_NEEDED))
        if self.main_topic is not None and self.main_topic not in self.topics:
            problems.append(Problem("$.main_topic", MAIN_NOT_IN_TOPICS))
        return problems


class ScreeningOutcome(Coded):
    """スクリーニング: what the center decided after receiving the consultation."""

    PLAN = ("plan", "プランを作成して支援", "a plan is to be made")
    INFORMATION = ("information", "情報提供・助言のみで終了", "information or advice only")
    REFERRED = ("referred", "他機関へつなぎ", "passed to another agency")


AGENCY_NEEDED = Label("他機関へつなぐときは、つなぎ先の機関名が必要です",
                      "passing to another agency needs the agency's name")


@attrs.define(kw_only=True)
class Screening(Validated):
    """The screening of one case: one per case, recorded once."""

    id: int | None = None
    case_id: int
    decided_on: dt.date = field(Label("判断日", "decided on"), rules=[required()])
    outcome: ScreeningOutcome = field(Label("スクリーニングの結果", "outcome"),
                                      rules=[required()])
    agency: str | None = field(Label("つなぎ先の機関", "agency passed to"), default=None,
                               rules=[max_length(100)])
    note: str | None = field(Label("補足", "note"), default=None, rules=[max_length(1000)])
    staff_id: int | None = None
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.outcome is ScreeningOutcome.REFERRED and not (self.agency or "").strip():
            return [Problem("$.agency", AGENCY_NEEDED)]
        return []
