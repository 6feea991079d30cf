"""Catalogues staff choose from: life domains, employment barriers, contact kinds,
closure reasons. Codes are stored; labels are shown."""

from __future__ import annotations

import enum
from typing import Self

from psccore.i18n import Label


class Coded(enum.Enum):
    """An enum whose members carry a bilingual label: ``(code, ja, en)``."""

    def __new__(cls, code: str, ja: str, en: str) -> Coded:
        member = object.__new__(cls)
        member._value_ = code
        member.label = Label(ja, en)
        return member

    label: Label

    @classmethod
    def of(cls, code: str) -> Self:
        """The member stored as ``code``."""
        return cls._value2member_map_[code]  # type: ignore[return-value]


class AutonomyStage(Coded):
    """自立段階: the stage of autonomy the person is working toward."""

    DAILY_LIVING = ("daily_living", "日常生活自立", "daily-living autonomy")
    SOCIAL_LIFE = ("social_life", "社会生活自立", "social-life autonomy")
    WORK = ("work", "就労自立", "work autonomy")


class LifeDomain(Coded):
    HOUSING = ("housing", "住まい", "housing")
    INCOME = ("income", "収入・生活費", "income and living costs")
    DEBT = ("debt", "債務", "debt")
    HEALTH = ("health", "心身の健康", "health")
    FAMILY = ("family", "家族関係", "family")
    WORK = ("work", "就労", "work")
    SOCIAL = ("social_participation", "社会参加", "social participation")
    DAILY_LIFE = ("daily_life", "日常生活", "daily life")


class Barrier(Coded):
    """就労阻害要因: what stands between the person and work."""

    HEALTH = ("health", "心身の不調", "physical or mental health")
    LIFE_RHYTHM = ("life_rhythm", "生活リズムの乱れ", "irregular daily rhythm")
    WITHDRAWAL = ("withdrawal", "ひきこもり・社会的孤立", "social withdrawal or isolation")
    COMMUNICATION = ("communication", "対人関係・コミュニケーションの不安",
                     "difficulty with people and communication")
    NO_EXPERIENCE = ("no_experience", "就労経験の不足", "little or no work experience")
    LONG_GAP = ("long_gap", "長期の離職", "long time out of work")
    SKILLS = ("skills", "資格・技能の不足", "lack of skills or qualifications")
    JOB_SEARCH = ("job_search", "就職活動の方法がわからない", "does not know how to look for work")
    CARE = ("care", "育児・介護の負担", "childcare or care of relatives")
    HOUSING = ("housing", "住まいが不安定", "unstable housing")
    DEBT = ("debt", "債務・家計の問題", "debt or household budget")
    TRANSPORT = ("transport", "通勤手段がない", "no means of commuting")
    DISABILITY = ("disability", "障害（手帳の有無を問わず）", "disability (certified or not)")
    AGE = ("age", "年齢", "age")
    OTHER = ("other", "その他", "other")


#: Barriers that are health data (要配慮個人情報): disclosed only under ``health``.
HEALTH_BARRIERS = frozenset({Barrier.HEALTH, Barrier.DISABILITY})


class ContactKind(Coded):
    PHONE = ("phone", "電話", "phone")
    VISIT = ("visit", "来所・訪問面談", "visit")
    ACCOMPANIMENT = ("accompaniment", "同行支援", "accompaniment")
    MEETING = ("meeting", "会議・ケース検討", "meeting")
    MAIL = ("mail", "メール・郵便", "mail")
    OFFICE_INTERVIEW = ("office_interview", "来所面談", "office interview")
    ACCOMPANYING = ("accompanying", "同行", "accompanying the person")
    WORKPLACE_TOUR = ("workplace_tour", "見学", "workplace tour")
    CASE_CONFERENCE = ("case_conference", "ケース会議", "case conference")


class ClosureReason(Coded):
    EMPLOYMENT = ("employment", "就労", "employment")
    HIGHER_INCOME = ("higher_income", "増収", "higher income")
    MOVED = ("moved", "転居", "moved away")
    LOST_CONTACT = ("lost_contact", "連絡途絶", "lost contact")
    TRANSFERRED = ("transferred", "他機関への引継ぎ", "transferred to another agency")
    OTHER = ("other", "その他", "other")
