"""Matching, with rankings and explanations worked out by hand."""

import datetime as dt

from psccore.app import Psc
from psccore.domain.convert import structure
from psccore.domain.employers import JobOpening, JobPreference
from psccore.domain.matching import Fit, judge, rank

PREFERENCE = structure({
    "person_id": 1, "duties": ["軽作業", "清掃"], "max_hours_per_day": 5, "max_days_per_week": 4,
    "times_of_day": ["morning", "daytime"], "areas": ["青葉区", "宮城野区"],
    "min_hourly_wage": 950, "cannot_do": ["重量物"], "has_experience": False,
    "needs_gradual_start": True}, JobPreference)


def opening(id_: int, **changes: object) -> JobOpening:
    base = {"id": id_, "employer_id": 1, "title": "軽作業スタッフ", "duties": "シャツのたたみ・袋入れ",
            "ward": "宮城野区", "hours_per_day": 4, "days_per_week": 3, "time_of_day": "daytime",
            "wage_type": "hourly", "wage": 1000, "relaxations": ["gradual_start"],
            "opened_on": "2026-04-01"}
    return structure({**base, **changes}, JobOpening)


OPENINGS = [
    opening(1),  # everything fits
    opening(2, hours_per_day=7, relaxations=["short_hours", "gradual_start"],
            min_hours_per_day=4),  # fits once hours are relaxed
    opening(3, ward="太白区", wage=900),  # two soft misses
    opening(4, duties="重量物の運搬と軽作業"),  # something the person cannot do: hard
    opening(5, hours_per_day=8, title="清掃スタッフ"),  # too long and not shortenable: hard
    opening(6, time_of_day="night", wage_type="monthly", wage=200000, days_per_week=5,
            relaxations=[]),  # night, 5 days, no gradual start
]


def test_ranking_and_scores() -> None:
    ranked = rank([judge(PREFERENCE, o, "製造業") for o in OPENINGS])
    assert [(m.opening.id, m.score, m.breaks_hard_limit) for m in ranked] == [
        (1, 97, False),  # 14.6/15: all fit, gradual start relaxable (0.6)
        (2, 92, False),  # hours relaxable too: (15 - 0.4*2 - 0.4) / 15 = 0.92
        (3, 84, False),  # wage and area miss: (15 - 2 - 0.4) / 15
        (4, 84, True),  # cannot-do fails (weight 2): (15 - 2 - 0.4) / 15, but a hard limit
        (5, 84, True),  # hours fail (weight 2)
        (6, 67, True),  # days and time of day (weight 2 each) and gradual start fail
    ]


def test_explanations_per_condition() -> None:
    relaxed = {j.condition: j for j in judge(PREFERENCE, OPENINGS[1], None).judgements}
    assert relaxed["hours"].fit is Fit.RELAXABLE
    assert relaxed["hours"].reason.format("ja", **relaxed["hours"].params) == \
        "1日7時間だが4時間まで短縮可（上限5時間）"
    hard = {j.condition: j for j in judge(PREFERENCE, OPENINGS[3], None).judgements}
    assert hard["cannot_do"].fit is Fit.NO_FIT and hard["cannot_do"].hard
    assert hard["cannot_do"].reason.format("en", **hard["cannot_do"].params) == \
        "includes something the person cannot do: 重量物"
    night = {j.condition: j for j in judge(PREFERENCE, OPENINGS[5], None).judgements}
    # 200,000 yen a month over 4 h x 5 days x 52/12 weeks = 2,308 yen an hour
    assert night["wage"].reason.format("en", **night["wage"].params) == \
        "2308 yen an hour (wants 950+)"
    assert night["time_of_day"].fit is Fit.NO_FIT


def test_a_hard_limit_is_never_ranked_above_a_fit_whatever_the_score() -> None:
    poor_but_possible = opening(7, ward="泉区", wage=800, title="事務", duties="データ入力")
    strong_but_impossible = opening(8, hours_per_day=9)
    ranked = rank([judge(PREFERENCE, o, None) for o in (strong_but_impossible,
                                                         poor_but_possible)])
    assert ranked[0].score < ranked[1].score
    assert [m.opening.id for m in ranked] == [7, 8]


def test_match_person_and_opening_through_the_library(psc: Psc) -> None:
    person = psc.add_person({"name": "及川 恵子", "kana": "オイカワ ケイコ"})
    psc.open_case(person.id or 0, "household_budget", {"monthly_income": 0, "housing": "owned"},
                  dt.date(2026, 4, 1))
    psc.set_preferences(person.id or 0, {"max_hours_per_day": 5, "cannot_do": ["重量物"]})
    employer = psc.add_employer({"name": "株式会社A", "industry": "製造業"})
    ids = [psc.add_opening({**{k: v for k, v in {
        "employer_id": employer.id, "title": o.title, "duties": o.duties,
        "hours_per_day": o.hours_per_day, "days_per_week": o.days_per_week,
        "time_of_day": o.time_of_day.value, "wage_type": o.wage_type.value, "wage": o.wage,
        "relaxations": [r.value for r in o.relaxations],
        "min_hours_per_day": o.min_hours_per_day}.items()}}).id for o in OPENINGS[:5]]
    ranked = psc.match_person(person.id or 0)
    assert [m.opening.id for m in ranked][-2:] == [ids[3], ids[4]]  # the two hard misses last
    assert all(not m.breaks_hard_limit for m in ranked[:3])
    people = psc.match_opening(ids[0])
    assert [m.person_id for m in people] == [person.id]
