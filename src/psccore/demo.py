"""Synthetic, deterministic demo data: staff, people of Sendai, cases in every program.

All names and addresses are invented; nothing here is about a real person.
"""

from __future__ import annotations

import datetime as dt
import random

import attrs

from psccore.app import Psc
from psccore.domain.convert import structure
from psccore.domain.people import Person
from psccore.i18n import Label

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
    staff: int
    people: int
    cases: int
    by_program: dict[str, int]
    by_stage: dict[str, int]


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
              today: dt.date | None = None) -> DemoSummary:
    """Fill an empty database. The first staff member listed acts for every write."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    if not psc.list_staff():
        psc.acting_as(STAFF[0][0]).add_staff(*STAFF[0])
    admin = psc.acting_as(psc.list_staff()[0].login)
    for login, name in STAFF:
        if login not in {s.login for s in admin.list_staff()}:
            admin.add_staff(login, name)
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
            detail = worker.open_case(created.id or 0, code, intake, opened)
            reached = _advance(worker, rng, detail.case.id or 0, code, opened, today)
            by_stage[reached] += 1
            by_program[code] += 1
    return DemoSummary(len(STAFF), sum(by_program.values()), sum(by_program.values()), by_program,
                       by_stage)


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
    kinds = [m.kind for m in psc.ctx.registry.menu if m.program == program]
    if stage == "assessed" or not kinds or not (on := next_day(3, 14)):
        return "assessed"
    plan = psc.draft_plan(case_id, {
        "wishes": "自分に合った仕事を見つけたい", "long_term_goal": rng.choice(LONG_GOALS),
        "period_start": on.isoformat(), "period_end": (on + dt.timedelta(days=180)).isoformat(),
        "goals": [{"text": g} for g in rng.sample(GOALS, 2)],
        "steps": [{"program": program, "kind": k, "start_on": (on + dt.timedelta(days=14 * i + 7)
                                                                ).isoformat(),
                   "end_on": (on + dt.timedelta(days=14 * i + 90)).isoformat()}
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
        psc.close_case(case_id, rng.choice(["employment", "higher_income", "moved"]), on=on)
        return "closed"
    return "evaluated"


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
