"""The office's person × opening matrix (``Psc.match_people``) ranks each person's
openings as ``match_person`` does, from openings read once; its scores are those of
``score``."""

import datetime as dt
import random

import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo_scale import load_scale
from psccore.domain.employers import JobOpening, JobPreference, Relaxation, TimeOfDay, WageType
from psccore.domain.matching import OpeningFacts, score, scorer
from psccore.store import tables as t


def test_the_matrix_ranks_as_one_person_at_a_time(psc: Psc) -> None:
    load_scale(psc, 1_500, records_per_case=1, today=dt.date(2026, 11, 1), seed=8)
    with psc.ctx.db.read() as conn:
        people = list(conn.execute(sa.select(t.job_preferences.c.person_id)
                                   .order_by(t.job_preferences.c.person_id)).scalars())
    chosen = people[::6]
    matrix = psc.match_people(chosen, 10)
    assert sorted(matrix) == chosen
    for person in chosen:
        assert matrix[person] == psc.match_person(person, 10), person
    narrow = psc.match_people(chosen[:5], 200)  # more than the hard limits leave: fallback
    assert all(narrow[p] == psc.match_person(p, 200) for p in chosen[:5])


def test_the_matrix_shows_only_people_the_staff_member_may_read(psc: Psc) -> None:
    load_scale(psc, 200, records_per_case=1, today=dt.date(2026, 11, 1), seed=9)
    with psc.ctx.db.read() as conn:
        people = list(conn.execute(sa.select(t.job_preferences.c.person_id)).scalars())
    psc.add_staff("worker", "担当 者")
    psc.grant("worker", "caseworker", "readiness")
    seen = psc.acting_as("worker").match_people(people, 3)
    with psc.ctx.db.read() as conn:
        readiness = set(conn.execute(sa.select(t.cases.c.person_id).join(t.enrollments).where(
            t.enrollments.c.program == "readiness")).scalars())
    assert seen and set(seen) <= readiness


def test_the_scorer_gives_the_scores_of_score() -> None:
    rng = random.Random(1)
    openings = [(JobOpening(
        id=i, employer_id=1, title=rng.choice(["清掃", "軽作業", "入力"]),
        duties=rng.choice(["重量物あり", "接客", "作業"]), workload=rng.choice([None, "重量物"]),
        ward=rng.choice(["青葉区", "泉区", None]), hours_per_day=rng.choice([3, 4, 5, 8]),
        days_per_week=rng.randint(1, 5), time_of_day=rng.choice(list(TimeOfDay)),
        wage_type=rng.choice(list(WageType)), wage=rng.choice([1000, 8000, 180000]),
        experience_required=rng.random() < 0.5,
        relaxations=rng.sample(list(Relaxation), rng.randint(0, 3)),
        min_hours_per_day=rng.choice([None, 2.0, 2.5]), opened_on=dt.date(2026, 1, 1)),
        rng.choice([None, "清掃業", "製造"])) for i in range(150)]
    for _ in range(150):
        p = JobPreference(
            person_id=1, duties=rng.sample(["清掃", "入力", "調理"], rng.randint(0, 2)),
            industries=rng.sample(["清掃", "製造"], rng.randint(0, 2)),
            max_hours_per_day=rng.choice([None, 3.0, 4.0, 6.0]),
            max_days_per_week=rng.choice([None, 2, 3, 5]),
            times_of_day=rng.sample(list(TimeOfDay), rng.randint(0, 2)),
            areas=rng.sample(["青葉区", "泉区"], rng.randint(0, 2)),
            min_hourly_wage=rng.choice([None, 900, 1000, 1100]),
            cannot_do=rng.sample(["重量物", "接客"], rng.randint(0, 2)),
            has_experience=rng.random() < 0.5, needs_gradual_start=rng.random() < 0.5)
        run = scorer(p)
        assert [run(OpeningFacts(o, i)) for o, i in openings] == [
            score(p, o, i) for o, i in openings]
