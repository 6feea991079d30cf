"""Trainees on all three tracks for ``psc demo``: an internship finished (and a job after
it), a certified training in its third month, a regional exchange training just begun;
each with its support schedule partly done, milestones assessed, costs and reports."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from psc_jm_training import documents, service
from psc_jm_training.milestones import Milestone, training_month
from psc_jm_training.tracks import regional_ends
from psccore import Psc, add_months, add_working_days, open_through_consultation

CODE = service.CODE
TRAINEES = [("及川 大輝", "オイカワ ダイキ"), ("千葉 彩花", "チバ アヤカ"), ("遠藤 翼", "エンドウ ツバサ")]


def load_trainees(psc: Psc, rng: random.Random, today: dt.date) -> None:
    company = psc.add_employer({"name": "株式会社JM 仙台サービスセンター", "industry": "情報サービス業",
                                "ward": "青葉区", "stage": "matching"}, today - dt.timedelta(days=400))
    for role in ("internship_host", "training_provider"):
        psc.add_partner_role(company.id or 0, {"role": role,
                                               "since": today - dt.timedelta(days=400)})
    _internship(psc, rng, company.id or 0, today)
    _certified(psc, rng, company.id or 0, today)
    _regional(psc, rng, company.id or 0, today)


def _trainee(psc: Psc, n: int, track: str, employment_type: str | None, opened: dt.date) -> int:
    name, kana = TRAINEES[n]
    person = psc.add_person({"name": name, "kana": kana, "birth_date": f"{1996 + n}-05-1{n}",
                             "ward": "宮城野区"}, allow_duplicate=True)
    detail = open_through_consultation(psc, person.id or 0, CODE, {
        "track": track, "data_entry_skill": "basic", "work_experience_years": n,
        "employment_type": employment_type}, opened)
    return detail.case.id or 0


def _step(psc: Psc, case_id: int, kind: str, start: dt.date, end: dt.date) -> int:
    """A plan with the one step, approved at a coordination meeting and started."""
    drafted = start - dt.timedelta(days=14)
    plan = psc.draft_plan(case_id, {
        "wishes": "事務の仕事で働きたい", "long_term_goal": "一般就労",
        "period_start": drafted, "period_end": add_months(drafted, 7),
        "goals": [{"text": "毎日時間どおりに出勤する"}],
        "steps": [{"program": CODE, "kind": kind, "start_on": start, "end_on": end}]},
        today=drafted)
    psc.record_meeting({"held_on": drafted + dt.timedelta(days=3), "staff": [psc.staff_login],
                        "organisations": ["仙台市 保護課", "株式会社JM"]},
                       [{"plan_id": plan.plan.id, "decision": "approve"}])
    step_id = plan.steps[0].id or 0
    psc.start_step(step_id, start)
    return step_id


def _work_through(psc: Psc, case_id: int, step_id: int, until: dt.date,
                  rng: random.Random) -> None:
    """Staff do the support tasks due so far (but one visit runs late) and assess."""
    with psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id, None, step_id)
        tasks = service.pending_tasks(conn, [placement.id or 0])
    for task in tasks:
        if task.due_on <= until and not (task.kind.value == "visit" and task.due_on > until
                                         - dt.timedelta(days=10)):
            service.complete_task(psc, task.id or 0, task.due_on, rng.choice(NOTES), today=until)
    for milestone in Milestone:
        on = min(add_months(placement.start_on, milestone.from_month) - dt.timedelta(days=3),
                 placement.end_on)
        if on <= until and milestone.from_month <= training_month(placement.start_on, on):
            rating = rng.choice(["achieved", "achieved", "partly"])
            service.assess(psc, case_id, milestone.value, rating, on, rng.choice(FINDINGS),
                           step_id, today=until)


NOTES = ["現場指導員と情報交換。順調", "本人と面談。疲れは見られない", "遅刻なく通えている",
         "入力の速さが上がってきた"]
FINDINGS = ["指導を受けながら丁寧に入力できている", "挨拶がはっきりできるようになった",
            "報告のタイミングに課題がある", "周囲に自分から質問できる"]


def _internship(psc: Psc, rng: random.Random, company: int, today: dt.date) -> None:
    start = add_working_days(today - dt.timedelta(days=60), 0)
    end = start + dt.timedelta(days=11)
    case_id = _trainee(psc, 0, "internship", None, start - dt.timedelta(days=30))
    step_id = _step(psc, case_id, "internship", start, end)
    psc.add_internship(case_id, {"host_id": company, "step_id": step_id, "start_on": start,
                                 "end_on": end, "days": 10, "stipend_per_day": 1000,
                                 "host_fee": 30000})
    _work_through(psc, case_id, step_id, end, rng)
    for item, amount in (("host_fee", 30000), ("stipend", 10000), ("insurance", 480)):
        service.add_cost(psc, case_id, {"item": item, "amount": amount, "paid_on": end}, step_id)
    psc.end_step(step_id, end)
    documents.make_report(psc, case_id, "final", end + dt.timedelta(days=3),
                          "実習を全日程終えた。事務職での就職を目指す", step_id, today=today)
    job = end + dt.timedelta(days=21)
    psc.add_employment(case_id, {"employer_id": company, "start_on": job,
                                 "employment_type": "contract", "hours_per_week": 30})
    documents.make_report(psc, case_id, "employment", job + dt.timedelta(days=2),
                          "実習先に契約社員として採用された", step_id, today=today)


def _certified(psc: Psc, rng: random.Random, company: int, today: dt.date) -> None:
    start = add_working_days(add_months(today, -2) - dt.timedelta(days=5), 0)
    end = add_months(start, 6) - dt.timedelta(days=1)
    case_id = _trainee(psc, 1, "certified_training", "non_employment",
                       start - dt.timedelta(days=40))
    step_id = _step(psc, case_id, "certified_training", start, end)
    psc.add_training(case_id, {"provider_id": company, "step_id": step_id,
                               "training_type": "non_employment", "start_on": start,
                               "end_on": end})
    _work_through(psc, case_id, step_id, today - dt.timedelta(days=1), rng)
    for month in range(3):
        paid = add_months(start, month)
        if paid < today:
            service.add_cost(psc, case_id, {"item": "stipend", "amount": 20000,
                                            "paid_on": paid}, step_id)
            service.add_cost(psc, case_id, {"item": "insurance", "amount": 600,
                                            "paid_on": paid}, step_id)
    documents.make_report(psc, case_id, "periodic", add_months(start, 1) + dt.timedelta(days=2),
                          "1か月目の目標はおおむね達成", step_id, today=today)


def _regional(psc: Psc, rng: random.Random, company: int, today: dt.date) -> None:
    start = add_working_days(today - dt.timedelta(days=10), 0)
    end = regional_ends(start)[1]  # one month
    case_id = _trainee(psc, 2, "regional_training", "employment", start - dt.timedelta(days=30))
    step_id = _step(psc, case_id, "regional_training", start, end)
    psc.add_training(case_id, {"provider_id": company, "step_id": step_id, "certified": False,
                               "training_type": "employment", "start_on": start, "end_on": end})
    _work_through(psc, case_id, step_id, today - dt.timedelta(days=1), rng)
    for item, amount in (("travel", 24000), ("stay", 90000), ("insurance", 600)):
        service.add_cost(psc, case_id, _cost(item, amount, start), step_id)


def _cost(item: str, amount: int, on: dt.date) -> dict[str, Any]:
    return {"item": item, "amount": amount, "paid_on": on}
