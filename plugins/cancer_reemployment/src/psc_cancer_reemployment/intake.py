"""Intake fields of がん患者等就労支援 (cancer re-employment support).

Treatment details are 要配慮個人情報 (medical data): their fields are marked sensitive.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import attrs

from psccore import Coded, Label, Problem, intake_field, rules


class Track(Coded):
    """The three kinds of support for people working with, or after, cancer."""

    REEMPLOYMENT = ("reemployment", "再就職支援", "re-employment")
    RETURN_TO_WORK = ("return_to_work", "職場復帰支援", "return to work")
    KEEP_WORKING = ("keep_working", "就労継続支援", "keeping work")


class LeaveStatus(Coded):
    """How the person stands with their current employer."""

    ON_LEAVE = ("on_leave", "休職中", "on sick leave")
    REDUCED_DUTIES = ("reduced_duties", "配慮を受けて勤務（時短等）", "working with accommodations")
    WORKING = ("working", "通常勤務", "working as usual")


class SicknessAllowance(Coded):
    """傷病手当金 (health-insurance sickness allowance)."""

    NONE = ("none", "なし", "none")
    APPLIED = ("applied", "申請中", "applied for")
    RECEIVING = ("receiving", "受給中", "receiving")
    ENDED = ("ended", "受給終了", "ended")


EMPLOYER_NEEDED = Label(
    "職場復帰支援・就労継続支援では現在の勤務先が必要です",
    "return-to-work and keep-working support need the current employer",
)


LEAVE_NEEDED = Label(
    "職場復帰支援・就労継続支援では勤務・休職の状況が必要です",
    "return-to-work and keep-working support need the leave status",
)


@attrs.define(kw_only=True)
class CancerIntake(rules.Validated):
    """What is asked when the hospital refers a person."""

    track: Track = intake_field(Label("支援の種類", "track"), rules=[rules.required()])
    referral_department: str = intake_field(  # a department names the illness
        Label("紹介元（病院・診療科）", "referred by (hospital department)"),
        rules=[rules.required(), rules.max_length(60)], sensitive=True,
    )
    referral_date: dt.date = intake_field(Label("紹介日", "referral date"),
                                          rules=[rules.required()])
    treatment_status: str = intake_field(
        Label("治療の状況", "treatment status"),
        rules=[rules.required(), rules.max_length(400)], sensitive=True,
    )
    treatment_outlook: str | None = intake_field(
        Label("治療の見通し", "treatment outlook"), default=None,
        rules=[rules.max_length(400)], sensitive=True,
    )
    expected_treatment_end: dt.date | None = intake_field(
        Label("治療終了の見込み", "expected end of treatment"), default=None, sensitive=True
    )
    work_possible: bool = intake_field(Label("就労の可否", "able to work"), default=True)
    work_possible_from: dt.date | None = intake_field(
        Label("就労可能となる時期", "able to work from"), default=None
    )
    hours_needed: str | None = intake_field(
        Label("勤務時間の配慮", "accommodation: working hours"), default=None,
        rules=[rules.max_length(200)], sensitive=True,
    )
    rest_needed: str | None = intake_field(
        Label("休憩の配慮", "accommodation: rest"), default=None,
        rules=[rules.max_length(200)], sensitive=True,
    )
    commuting_needs: str | None = intake_field(
        Label("通勤の配慮", "accommodation: commuting"), default=None,
        rules=[rules.max_length(200)], sensitive=True,
    )
    tasks_to_avoid: str | None = intake_field(
        Label("避けたい作業", "tasks to avoid"), default=None,
        rules=[rules.max_length(200)], sensitive=True,
    )
    hospital_visits: str | None = intake_field(
        Label("通院の予定", "hospital visits"), default=None,
        rules=[rules.max_length(200)], sensitive=True,
    )
    current_employer: str | None = intake_field(
        Label("現在の勤務先", "current employer"), default=None, rules=[rules.max_length(100)]
    )
    leave_status: LeaveStatus | None = intake_field(
        Label("勤務・休職の状況", "leave status"), default=None
    )
    sickness_allowance: SicknessAllowance = intake_field(
        Label("傷病手当金", "sickness allowance"), default=SicknessAllowance.NONE
    )
    wishes: str | None = intake_field(
        Label("本人の希望", "the person's wishes"), default=None, rules=[rules.max_length(400)]
    )

    def cross_rules(self) -> list[Problem]:
        problems = []
        if self.track is not Track.REEMPLOYMENT and not (self.current_employer or "").strip():
            problems.append(Problem("$.current_employer", EMPLOYER_NEEDED))
        if self.track is not Track.REEMPLOYMENT and self.leave_status is None:
            problems.append(Problem("$.leave_status", LEAVE_NEEDED))
        return problems


DEPARTMENTS = ("仙台市立病院 腫瘍内科", "仙台市立病院 乳腺外科", "仙台市立病院 消化器内科",
               "仙台市立病院 血液内科", "仙台市立病院 がん相談支援センター")
TREATMENTS = ("外来で化学療法中（3週ごと）", "手術後、経過観察中", "放射線治療を終え、ホルモン療法を継続中",
              "入院治療を終え、月1回の通院")
OUTLOOKS = ("半年程度で治療が一段落する見込み", "通院しながらの就労が可能との主治医の意見",
            "経過観察へ移行予定")
EMPLOYERS = ("株式会社青葉ロジスティクス", "東北フーズ株式会社", "仙台中央サービス株式会社",
             "有限会社広瀬川印刷")


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible intake answers, as plain data (all names invented)."""
    track = rng.choice(list(Track))
    referred = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    treatment_end = referred + dt.timedelta(days=rng.randint(30, 365))
    employer, leave = {
        Track.REEMPLOYMENT: (None, None),
        Track.RETURN_TO_WORK: (rng.choice(EMPLOYERS), LeaveStatus.ON_LEAVE.value),
        Track.KEEP_WORKING: (rng.choice(EMPLOYERS),
                             rng.choice([LeaveStatus.REDUCED_DUTIES, LeaveStatus.WORKING]).value),
    }[track]
    return {
        "track": track.value,
        "referral_department": rng.choice(DEPARTMENTS),
        "referral_date": referred.isoformat(),
        "treatment_status": rng.choice(TREATMENTS),
        "treatment_outlook": rng.choice(OUTLOOKS),
        "work_possible": True,
        "hours_needed": rng.choice([None, "1日6時間まで", "週4日・1日5時間から"]),
        "rest_needed": rng.choice([None, "午後に15分の休憩", "体調に応じて横になれる場所"]),
        "commuting_needs": rng.choice([None, "ラッシュを避けた時差出勤", "車通勤"]),
        "tasks_to_avoid": rng.choice([None, "重い物を持つ作業", "長時間の立ち仕事"]),
        "hospital_visits": rng.choice([None, "月1回の通院（平日午前）", "3週ごとの点滴（1日）"]),
        "wishes": rng.choice([None, "事務の仕事を希望", "元の職場に戻りたい", "無理なく続けたい"]),
        "expected_treatment_end": rng.choice([None, treatment_end.isoformat()]),
        "work_possible_from": (None if track is Track.KEEP_WORKING
                               else (treatment_end + dt.timedelta(days=30)).isoformat()),
        "current_employer": employer,
        "leave_status": leave,
        "sickness_allowance": rng.choice(list(SicknessAllowance)).value,
    }
