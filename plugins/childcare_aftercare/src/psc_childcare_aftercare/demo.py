"""Aftercare for ``psc demo``: a young person in care at SST, a leaver followed up since
leaving, the leavers' salon, a newsletter, consultations and a job found."""

from __future__ import annotations

import datetime as dt
import random

from psc_childcare_aftercare import service
from psccore import Psc, add_months, enrollment_of, open_through_consultation

CODE = service.CODE
YOUNG = [("菅原 悠斗", "スガワラ ユウト", 16, "in_care"), ("阿部 さくら", "アベ サクラ", 19, "left_care"),
         ("遠藤 蓮", "エンドウ レン", 22, "left_care")]


def load_aftercare(psc: Psc, rng: random.Random, today: dt.date) -> None:
    start = add_months(today, -10)
    cases = []
    for n, (name, kana, age, status) in enumerate(YOUNG):
        born = dt.date(start.year - age, 6, 10 + n)
        person = psc.add_person({"name": name, "kana": kana, "birth_date": born,
                                 "ward": "泉区"}, allow_duplicate=True)
        left = add_months(start, -1 - 6 * n) if status == "left_care" else None
        detail = open_through_consultation(psc, person.id or 0, CODE, {
            "status": status, "left_care_on": left, "home_or_foster_family": "児童養護施設 青葉の家",
            "placed_by_city": True, "guardian_contact": "施設長 022-300-1234",
            "consent_given_by": "both"}, start)
        cases.append(detail.case.id or 0)
    for month, topic in ((1, "sns"), (3, "thinking_jobs"), (5, "living_costs"),
                         (7, "business_manners")):
        service.hold_sst(psc, add_months(start, month), topic, "児童養護施設 青葉の家", cases[:2])
    service.hold_event(psc, add_months(start, 2), "salon", "退所者サロン（夏）", cases[1:])
    service.hold_event(psc, add_months(start, 6), "exchange", "先輩と話そう交流会", cases)
    service.send(psc, add_months(start, 4), "newsletter", "アフターケア通信 第12号", cases[1:])
    service.consult(psc, cases[1], add_months(start, 3), "phone", "money",
                    "家賃の支払いについて相談。家計の見直しを一緒に行った")
    service.consult(psc, cases[2], add_months(start, 4), "in_person", "work",
                    "勤め先を辞めたため再就職の相談。求人を一緒に探す")
    psc.add_employment(cases[2], {"employer_name": "仙台の物流センター（架空）",
                                  "start_on": add_months(start, 6), "employment_type": "contract"})
    service.left_care(psc, cases[0], add_months(start, 8))  # follow-ups from then on
    for found in _followups(psc, cases[1]):  # the older leaver: those due so far done
        if found.due_on < today - dt.timedelta(days=20):
            service.complete_followup(psc, found.id or 0, found.due_on,
                                      rng.choice(["生活は安定している", "仕事を探している"]))


def _followups(psc: Psc, case_id: int) -> list[service.FollowUp]:
    with psc.program_read(CODE) as conn:
        return service.followups_of(conn, [enrollment_of(conn, case_id, CODE).id or 0])
