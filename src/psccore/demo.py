"""Synthetic, deterministic demo data: staff, people of Sendai, cases in every program.

All names and addresses are invented; nothing here is about a real person.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import attrs

from psccore.app import Psc
from psccore.domain.cases import CaseStatus
from psccore.domain.convert import structure
from psccore.domain.people import Person
from psccore.domain.program import SupportMenuItem
from psccore.i18n import Label
from psccore.services.cases import CaseDetail

__all__ = ["DemoSummary", "load_demo"]

FAMILY = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
          ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("菅原", "スガワラ"), ("阿部", "アベ"),
          ("千葉", "チバ"), ("及川", "オイカワ"), ("小野寺", "オノデラ"), ("遠藤", "エンドウ"),
          ("熊谷", "クマガイ"), ("佐々木", "ササキ"), ("斎藤", "サイトウ"), ("後藤", "ゴトウ")]
GIVEN = [("翔太", "ショウタ"), ("大輔", "ダイスケ"), ("健一", "ケンイチ"), ("拓海", "タクミ"),
         ("陽菜", "ヒナ"), ("美咲", "ミサキ"), ("由美", "ユミ"), ("さくら", "サクラ"),
         ("誠", "マコト"), ("恵子", "ケイコ"), ("蓮", "レン"), ("結衣", "ユイ"),
         ("和也", "カズヤ"), ("真由美", "マユミ"), ("悠斗", "ユウト"), ("明美", "アケミ")]
WARDS = [("青葉区", "980-0802", "二日町"), ("宮城野区", "983-0852", "榴岡"),
         ("若林区", "984-0051", "新寺"), ("太白区", "982-0011", "長町"),
         ("泉区", "981-3133", "泉中央")]
STAFF = [("sato.h", "佐藤 裕子"), ("kato.m", "加藤 誠"), ("ono.a", "小野 亜希")]

# Ages the demo tries, young first: programs' eligibility rules pick what fits.
AGE_BANDS = [(15, 24), (18, 35), (30, 64)]


@attrs.frozen
class DemoSummary:
    """What :func:`load_demo` made: counts of staff, people and cases, by program and by
    stage of support, and employers by stage."""

    staff: int
    people: int
    cases: int
    by_program: dict[str, int]
    by_stage: dict[str, int]
    employers_by_stage: dict[str, int]


def make_person(rng: random.Random, today: dt.date, ages: tuple[int, int]) -> Person:
    (family, family_kana), (given, given_kana) = rng.choice(FAMILY), rng.choice(GIVEN)
    ward, postal, town = rng.choice(WARDS)
    born = today - dt.timedelta(days=rng.randint(ages[0] * 365 + 1, ages[1] * 365))
    return structure({
        "name": f"{family} {given}", "kana": f"{family_kana} {given_kana}",
        "birth_date": born.isoformat(), "phone": f"022-{rng.randint(200, 399)}-{rng.randint(1000, 9999)}",
        "postal_code": postal, "ward": ward,
        "address": f"仙台市{ward}{town}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
    }, Person)


def load_demo(psc: Psc, *, people_per_program: int = 6, seed: int = 2017,
              today: dt.date | None = None, history: bool = True) -> DemoSummary:
    """Fill an empty database. The first staff member listed acts for every write."""
    rng = random.Random(seed)
    today = today or psc.today()  # the office's day
    if not psc.list_staff():
        psc.acting_as(STAFF[0][0]).add_staff(*STAFF[0])
    admin = psc.acting_as(psc.list_staff()[0].login)
    if admin.office().population is None:
        admin.set_office(OFFICE)
    for (login, name), role in zip(STAFF, ("administrator", "supervisor", "caseworker"),
                                   strict=True):
        if login not in {s.login for s in admin.list_staff()}:
            admin.add_staff(login, name)
            admin.grant(login, role)
    by_program: dict[str, int] = {}
    by_stage = dict.fromkeys(STAGES, 0)
    for code, program in sorted(admin.programs.items()):
        by_program[code] = 0
        for _ in range(people_per_program):
            opened = today - dt.timedelta(days=rng.randint(0, 700))
            intake = dict(program.example_intake(rng)) if program.example_intake else {}
            person = _eligible_person(rng, today, opened, program, intake)
            if person is None:
                continue
            worker = psc.acting_as(rng.choice(STAFF)[0])
            created = worker.add_person(_plain(person), allow_duplicate=True)
            detail = _open_case(worker, created.id or 0, code, intake, opened)
            reached = _advance(worker, rng, detail.case.id or 0, code, opened, today)
            by_stage[reached] += 1
            by_program[code] += 1
    employers = load_employers(admin, rng, today)
    _preferences_and_an_introduction(admin, rng, today)
    if history:
        load_history(admin, rng)
    admin.ctx.registry.hooks.demo(admin, seed, today)
    return DemoSummary(len(STAFF), sum(by_program.values()), sum(by_program.values()), by_program,
                       by_stage, employers)


def _preferences_and_an_introduction(psc: Psc, rng: random.Random, today: dt.date) -> None:
    people = sorted({c.case.person_id for c in psc.list_cases(status=CaseStatus.OPEN)})
    for person_id in people[::2]:
        psc.set_preferences(person_id, {
            "duties": rng.sample(["軽作業", "清掃", "入力", "盛り付け", "検品"], 2),
            "max_hours_per_day": rng.choice([3, 4, 5, 6, 8]),
            "max_days_per_week": rng.choice([3, 4, 5]),
            "times_of_day": rng.sample(["morning", "daytime", "afternoon"], 2),
            "areas": [w for w, _, _ in rng.sample(WARDS, 3)],
            "min_hourly_wage": rng.choice([900, 950, 1000]),
            "cannot_do": rng.sample(["重量物", "接客", "高所作業"], 1),
            "needs_gradual_start": rng.random() < 0.5})
    hosts = psc.list_employers("matching")
    if people and hosts:
        person_id, host = people[0], hosts[0]
        psc.add_work_history(person_id, {"employer_name": "仙台市内の飲食店", "started_on":
                                         "2015-04-01", "ended_on": "2019-03-31",
                                         "duties": "調理補助"})
        psc.add_consent(person_id, {"employer_id": host.id, "purpose": "職業体験実習の受入れ調整",
                                    "categories": ["basic_profile", "work_history"],
                                    "valid_from": today.isoformat(),
                                    "valid_until": (today + dt.timedelta(days=180)).isoformat(),
                                    "form_reference": "同意書 デモ-001"})
        psc.introduce(person_id, host.id or 0, on=today)


#: An invented office; the population is Sendai's, rounded (for the rates per 100,000).
OFFICE = {"name": "仙台市 生活・仕事相談センター（デモ）", "population": 1_096_000,
          "population_on": "2026-10-01"}
STAGES = ("intake", "assessed", "drafted", "approved", "evaluated", "closed")
STAGE_LABELS = {
    "intake": Label("受付のみ", "intake only"),
    "assessed": Label("アセスメント済み", "assessed"),
    "drafted": Label("プラン案", "plan drafted"),
    "approved": Label("プラン実施中", "plan approved, steps under way"),
    "evaluated": Label("評価済み", "evaluated"),
    "closed": Label("終結", "closed"),
}
GOALS = ["生活リズムを整える", "履歴書を完成させる", "職業体験実習に参加する", "家計を見直す",
         "週3日の通所を続ける", "面接を受ける"]
LONG_GOALS = ["半年以内に就職する", "安定した生活を送る", "短時間の仕事から始めて働き続ける"]
WORK_GOALS = {"半年以内に就職する", "短時間の仕事から始めて働き続ける"}  # 就労支援の対象
RECORDS = ["電話で体調を確認", "来所面談。今後の予定を相談", "ハローワークへ同行",
           "実習先の担当者と情報交換", "メールで書類を送付"]


def _advance(psc: Psc, rng: random.Random, case_id: int, program: str, opened: dt.date,
             today: dt.date) -> str:
    """Carry a case through a random number of workflow stages, on plausible dates;
    return the stage it reached."""
    stage = rng.choice(STAGES)
    day = opened
    def next_day(low: int, high: int) -> dt.date | None:
        nonlocal day
        day = day + dt.timedelta(days=rng.randint(low, high))
        return day if day <= today else None

    if stage == "intake" or not (on := next_day(1, 10)):
        return "intake"
    psc.record_assessment(case_id, {
        "assessed_on": on.isoformat(), "autonomy_stage": rng.choice(["daily_living",
                                                                     "social_life", "work"]),
        "ratings": [{"domain": d, "rating": rng.randint(1, 5)}
                    for d in rng.sample(["housing", "income", "health", "work", "family"], 3)],
        "barriers": rng.sample(["health", "life_rhythm", "no_experience", "long_gap", "skills"], 2)})
    menu = {m.kind: m for m in psc.ctx.registry.menu if m.program == program}
    kinds = list(menu)
    if stage == "assessed" or not kinds or not (on := next_day(3, 14)):
        return "assessed"
    long_goal = rng.choice(LONG_GOALS)
    plan = psc.draft_plan(case_id, {
        "wishes": "自分に合った仕事を見つけたい", "long_term_goal": long_goal,
        "employment_support": long_goal in WORK_GOALS,
        "period_start": on.isoformat(), "period_end": (on + dt.timedelta(days=180)).isoformat(),
        "goals": [{"text": g} for g in rng.sample(GOALS, 2)],
        "steps": [_demo_step(menu[k], on + dt.timedelta(days=14 * i + 7))
                  for i, k in enumerate(rng.sample(kinds, min(2, len(kinds))))]}, today=on)
    if stage == "drafted" or not (on := next_day(3, 10)):
        return "drafted"
    psc.record_meeting({"held_on": on.isoformat(), "staff": [psc.ctx.staff or ""],
                        "organisations": ["仙台市 保護課"]},
                       [{"plan_id": plan.plan.id, "decision": "approve"}])
    for step in plan.steps:
        if step.start_on <= today:
            psc.start_step(step.id or 0, max(step.start_on, on))
            if (record_on := step.start_on + dt.timedelta(days=2)) <= today:
                psc.add_record(case_id, {"on": record_on.isoformat(), "kind": "phone",
                                         "summary": rng.choice(RECORDS), "step_id": step.id})
    if stage == "approved" or not (on := next_day(60, 120)):
        return "approved"
    psc.evaluate(plan.plan.id or 0, {
        "evaluated_on": on.isoformat(), "next_action": "close" if stage == "closed" else "continue",
        "results": [{"goal_id": g.id, "result": rng.choice(["achieved", "partly", "not_achieved"])}
                    for g in plan.goals]})
    if stage == "closed" and (on := next_day(1, 14)):
        reason = rng.choice(["employment", "higher_income", "moved"])
        _outcome(psc, case_id, reason, on)
        psc.close_case(case_id, reason, on=on)
        return "closed"
    return "evaluated"


def _outcome(psc: Psc, case_id: int, reason: str, on: dt.date) -> None:
    """What a closure for work or higher income rests on: the job, or the income
    found higher (figures drawn from the case number, not the random stream, so that
    the rest of the demo stays as it was)."""
    if reason == "employment":
        psc.add_employment(case_id, {"employer_name": COMPANIES[case_id % len(COMPANIES)][0],
                                     "start_on": on.isoformat(), "employment_type": "part_time",
                                     "hours_per_week": 20, "wage_type": "hourly", "wage": 1000})
    elif reason == "higher_income":
        before = 60_000 + 5_000 * (case_id % 7)
        psc.add_income_change(case_id, {"on": on.isoformat(), "before": before,
                                        "after": before + 30_000,
                                        "note": "勤務日数が週3日から週5日に増えた"})


def _demo_step(item: SupportMenuItem, start: dt.date) -> dict[str, str]:
    """A step of the menu item's usual length (about three months if it has none)."""
    days = item.typical_days or 84
    return {"program": item.program, "kind": item.kind, "start_on": start.isoformat(),
            "end_on": (start + dt.timedelta(days=days - 1)).isoformat()}


def _eligible_person(rng: random.Random, today: dt.date, opened: dt.date, program: object,
                     intake: dict[str, object]) -> Person | None:
    from psccore.domain.program import Program

    assert isinstance(program, Program)
    answers: object = structure(intake, program.intake)
    for _ in range(30):
        person = make_person(rng, today, rng.choice(AGE_BANDS))
        if program.eligibility is None or not list(program.eligibility(person, answers, opened)):
            return person
    return None


def _plain(person: Person) -> dict[str, object]:
    data = attrs.asdict(person)
    for key in ("id", "version"):
        data.pop(key)
    return data


# --- employers and the seed's table of internships (H25–H29) ------------------------------

#: 職業体験実習及び就労訓練事業の実績, fiscal years 2013–2017 (平成25–29年度; H29 to July).
SEED_TABLE = {
    2013: (45, 39, 19, 0, 0), 2014: (52, 34, 15, 0, 0), 2015: (55, 21, 9, 3, 0),
    2016: (58, 13, 4, 4, 1), 2017: (41, 4, 3, 8, 1),
}
COMPANIES = [
    ("株式会社青葉プリント", "アオバプリント", "衣料品プリント加工"),
    ("杜の食堂", "モリノショクドウ", "飲食店"),
    ("広瀬クリーンサービス", "ヒロセクリーンサービス", "清掃"),
    ("定禅寺物流株式会社", "ジョウゼンジブツリュウ", "物流・倉庫"),
    ("泉ケアセンター", "イズミケアセンター", "介護"),
    ("長町マート", "ナガマチマート", "小売"),
    ("榴岡ファーム", "ツツジガオカファーム", "農業"),
    ("若林精工株式会社", "ワカバヤシセイコウ", "製造"),
    ("一番町ベーカリー", "イチバンチョウベーカリー", "飲食店"),
    ("宮城野データサービス", "ミヤギノデータサービス", "情報処理"),
    ("太白リサイクル", "タイハクリサイクル", "清掃"),
    ("仙台ロジスティクス", "センダイロジスティクス", "物流・倉庫"),
]
OPENINGS = [
    ("軽作業スタッフ", "Tシャツのたたみ・袋入れ", 4, 3, "daytime", 950,
     ["short_hours", "no_experience", "gradual_start"], 3),
    ("清掃スタッフ", "マンション共用部の清掃", 3, 5, "morning", 1000, ["fewer_days"], None),
    ("調理補助", "弁当の盛り付け", 5, 5, "morning", 980, ["no_experience", "gradual_start"], None),
    ("倉庫作業", "重量物の運搬と検品", 8, 5, "daytime", 1100, [], None),
    ("データ入力", "伝票のシステム入力", 6, 5, "daytime", 1050, ["short_hours"], 4),
]


def load_employers(psc: Psc, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Employers at every development stage, with visits, roles and openings."""
    counts: dict[str, int] = {}
    stages = ["research", "visit", "agreement", "matching"]
    for i, (name, kana, industry) in enumerate(COMPANIES):
        ward, postal, _ = WARDS[i % len(WARDS)]
        started = today - dt.timedelta(days=rng.randint(60, 400))
        employer = psc.add_employer({"name": name, "kana": kana, "industry": industry,
                                     "ward": ward, "postal_code": postal,
                                     "employees": rng.randint(5, 300)}, started)
        target = stages[i % len(stages)]
        day = started
        for stage in stages[1:stages.index(target) + 1]:
            day += dt.timedelta(days=rng.randint(7, 30))
            if stage == "visit":
                psc.record_visit(employer.id or 0, {"on": day.isoformat(), "purpose": "first_visit",
                                                    "notes": "制度とわんすてっぷの説明"})
            psc.move_employer_stage(employer.id or 0, stage, day)
        if stages.index(target) >= 2:
            psc.add_partner_role(employer.id or 0, {"role": "job_orders", "since": day.isoformat()})
            spec = OPENINGS[i % len(OPENINGS)]
            psc.add_opening({
                "employer_id": employer.id, "title": spec[0], "duties": spec[1],
                "hours_per_day": spec[2], "days_per_week": spec[3], "time_of_day": spec[4],
                "wage_type": "hourly", "wage": spec[5], "relaxations": spec[6],
                "min_hours_per_day": spec[7], "ward": ward, "opened_on": day.isoformat()})
        counts[target] = counts.get(target, 0) + 1
    return counts


def load_history(psc: Psc, rng: random.Random) -> None:
    """Fiscal years 2013–2017 as in the seed's table: partner hosts, internships, jobs after
    them, training providers and trainings."""
    ended = dt.date(2017, 3, 31)  # 58 partners in FY2016, 41 in FY2017
    hosts: dict[int, list[int]] = {2013: [
        _partner(psc, n, "internship_host", dt.date(2013, 4, 1), ended if n < 17 else None)
        for n in range(45)]}
    for fy, extra in ((2014, 7), (2015, 3), (2016, 3)):
        hosts[fy] = hosts[fy - 1] + [_partner(psc, len(hosts[fy - 1]) + n, "internship_host",
                                              dt.date(fy, 4, 1)) for n in range(extra)]
    hosts[2017] = hosts[2016][17:]
    providers = [_partner(psc, 100 + n, "training_provider", dt.date(fy, 4, 1))
                 for n, fy in enumerate([2015] * 3 + [2016] + [2017] * 4)]
    for fy, (_, internships, employed, _, trainings) in SEED_TABLE.items():
        for n in range(internships):
            start = dt.date(fy, 5, 1) + dt.timedelta(days=rng.randint(0, 60 if fy == 2017 else 300))
            case_id = _history_case(psc, rng, start)
            psc.add_internship(case_id, {
                "host_id": rng.choice(hosts[fy]), "days": 10, "start_on": start.isoformat(),
                "end_on": (start + dt.timedelta(days=13)).isoformat(),
                "stipend_per_day": 1000, "host_fee": 5000})
            job = n < employed
            if job:
                psc.add_employment(case_id, {"employer_name": "実習先", "employment_type":
                                             "part_time",
                                             "start_on": (start + dt.timedelta(days=30)).isoformat()})
            psc.close_case(case_id, "employment" if job else "lost_contact",
                           on=start + dt.timedelta(days=60))
        for _ in range(trainings):
            start = dt.date(fy, 6, 1)
            case_id = _history_case(psc, rng, start)
            psc.add_training(case_id, {
                "provider_id": providers[-1] if fy == 2017 else providers[3],
                "training_type": "employment", "start_on": start.isoformat(),
                "end_on": (start + dt.timedelta(days=120)).isoformat()})
            psc.close_case(case_id, "employment", on=start + dt.timedelta(days=150))


def _partner(psc: Psc, n: int, role: str, since: dt.date, until: dt.date | None = None) -> int:
    kind = "実習協力事業所" if role == "internship_host" else "認定訓練事業所"
    employer = psc.add_employer({"name": f"{kind}{n:03d}", "stage": "matching"}, since)
    psc.add_partner_role(employer.id or 0, {"role": role, "since": since.isoformat(),
                                            "until": until.isoformat() if until else None})
    return employer.id or 0


def _history_case(psc: Psc, rng: random.Random, start: dt.date) -> int:
    person = psc.add_person(_plain(make_person(rng, start, (18, 40))), allow_duplicate=True)
    open_to_all = [c for c, p in sorted(psc.programs.items()) if p.eligibility is None
                   and not p.sensitive_participation and not p.consent_to_collect]
    code = (open_to_all or sorted(psc.programs))[0]
    program = psc.programs[code]
    intake = dict(program.example_intake(rng)) if program.example_intake else {}
    return _open_case(psc, person.id or 0, code, intake,
                      start - dt.timedelta(days=30)).case.id or 0


def _open_case(psc: Psc, person_id: int, code: str, intake: dict[str, Any],
               opened: dt.date) -> CaseDetail:
    """Open a case; where the program asks for it, the consent to collect comes first."""
    if psc.programs[code].consent_to_collect:
        psc.add_consent(person_id, {
            "kind": "collect", "categories": ["health"], "valid_from": opened,
            "valid_until": max(opened, psc.today()) + dt.timedelta(days=730),
            "purpose": "支援のための健康状態の把握", "form_reference": "取得同意書（デモ）"})
    return open_through_consultation(psc, person_id, code, intake, opened)


def open_through_consultation(psc: Psc, person_id: int, code: str, intake: dict[str, Any],
                              opened: dt.date) -> CaseDetail:
    """A case as it normally starts: received by the consultation (its reception answers
    drawn from the person's number), screened, and enrolled in ``code`` the same day."""
    from psccore.consultation import PROGRAM as CONSULTATION

    reception = CONSULTATION.example_intake(random.Random(person_id)) \
        if CONSULTATION.example_intake else {}
    if code == CONSULTATION.code:
        reception = intake
    detail = psc.open_case(person_id, CONSULTATION.code, reception, opened)
    case_id = detail.case.id or 0
    psc.record_screening(case_id, {"outcome": "plan", "decided_on": opened})
    if code == CONSULTATION.code:
        return detail
    return psc.enroll(case_id, code, intake, opened)
