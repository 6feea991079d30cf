"""People on all three tracks for ``psc demo``, each with their consent to collect
medical details recorded first: one found new work, one is back at work on phased hours
after a meeting with the employer (under consent), one keeps working during treatment."""

from __future__ import annotations

import datetime as dt
import random

from psc_cancer_reemployment import service
from psccore import Psc, add_months, open_through_consultation

CODE = service.CODE


def load_people(psc: Psc, rng: random.Random, today: dt.date) -> None:
    start = add_months(today, -8)
    employer = psc.add_employer({"name": "東北フーズ株式会社（架空）", "industry": "食品製造業",
                                 "ward": "若林区"}, start - dt.timedelta(days=30))
    _reemployed(psc, rng, start, today)
    _returned(psc, employer.id or 0, start, today)
    _keeping(psc, start, today)


def _person(psc: Psc, name: str, kana: str, start: dt.date, intake: dict[str, object]) -> int:
    person = psc.add_person({"name": name, "kana": kana, "birth_date": "1972-10-10",
                             "ward": "太白区"}, allow_duplicate=True)
    psc.add_consent(person.id or 0, {  # first: the consent to collect medical details
        "kind": "collect", "categories": ["health"], "valid_from": start - dt.timedelta(days=7),
        "valid_until": max(start, psc.today()) + dt.timedelta(days=730),
        "form_reference": "取得同意書（デモ）",
        "purpose": "就労支援のための治療状況・配慮事項の把握"})
    detail = open_through_consultation(psc, person.id or 0, CODE, {
        "referral_department": "仙台市立病院 がん相談支援センター", "referral_date": start,
        "treatment_status": "外来で化学療法中（3週ごと）", **intake}, start)
    return detail.case.id or 0


def _reemployed(psc: Psc, rng: random.Random, start: dt.date, today: dt.date) -> None:
    case_id = _person(psc, "高橋 恵子", "タカハシ ケイコ", start, {
        "track": "reemployment", "work_possible_from": start + dt.timedelta(days=30),
        "hours_needed": "1日6時間まで", "tasks_to_avoid": "重い物を持つ作業",
        "wishes": "事務の仕事を希望"})
    service.refer(psc, case_id, "hello_work", start + dt.timedelta(days=14),
                  "治療と両立できる求人の相談", today=today)
    service.follow_up(psc, case_id, {"on": start + dt.timedelta(days=30),
                                     "work_status": "job_seeking", "note": "体調は安定"},
                      today=today)
    job = start + dt.timedelta(days=45 + rng.randint(0, 10))
    psc.add_employment(case_id, {"employer_name": "仙台の事務センター（架空）", "start_on": job,
                                 "employment_type": "part_time", "hours_per_week": 24})


def _returned(psc: Psc, employer: int, start: dt.date, today: dt.date) -> None:
    case_id = _person(psc, "佐々木 誠", "ササキ マコト", start, {
        "track": "return_to_work", "current_employer": "東北フーズ株式会社（架空）",
        "leave_status": "on_leave", "sickness_allowance": "receiving",
        "work_possible_from": start + dt.timedelta(days=60),
        "hours_needed": "復職後1か月は1日4時間", "hospital_visits": "月1回の通院（平日午前）"})
    person = psc.get_case(case_id).person.id or 0
    meeting = start + dt.timedelta(days=40)
    consent = psc.add_consent(person, {
        "employer_id": employer, "categories": ["basic_profile", "health"],
        "purpose": "職場復帰に向けた事業所との面談", "valid_from": meeting - dt.timedelta(days=5),
        "valid_until": meeting + dt.timedelta(days=365), "form_reference": "提供同意書（デモ）"})
    back = start + dt.timedelta(days=61)
    service.plan_return(psc, case_id, {
        "return_on": back, "meeting_on": meeting, "consent_id": consent.id,
        "phases": [{"starts_on": back, "hours_per_day": 4, "days_per_week": 3},
                   {"starts_on": back + dt.timedelta(days=28), "hours_per_day": 6,
                    "days_per_week": 5}]})
    psc.introduce(person, employer, ["basic_profile", "health"], on=meeting)
    for months in (1, 3, 6):
        on = add_months(back, months)
        if on < today:
            service.follow_up(psc, case_id, {
                "on": on, "work_status": "reduced" if months == 1 else "working",
                "next_on": add_months(back, months + 2), "note": "通院と両立できている"},
                today=today)


def _keeping(psc: Psc, start: dt.date, today: dt.date) -> None:
    case_id = _person(psc, "小野寺 明美", "オノデラ アケミ", start, {
        "track": "keep_working", "current_employer": "有限会社広瀬川印刷（架空）",
        "leave_status": "reduced_duties", "rest_needed": "午後に15分の休憩"})
    referral = service.refer(psc, case_id, "labour_consultant", start + dt.timedelta(days=10),
                             "傷病手当金と短時間勤務の制度について", today=today)
    service.record_outcome(psc, referral.id or 0, "resolved", start + dt.timedelta(days=24),
                           "就業規則の短時間勤務制度を使えることがわかった", today=today)
    on = start + dt.timedelta(days=20)
    while on < today - dt.timedelta(days=20):
        service.follow_up(psc, case_id, {"on": on, "work_status": "reduced",
                                         "next_on": on + dt.timedelta(days=30)}, today=today)
        on += dt.timedelta(days=30)
