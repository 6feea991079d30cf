"""Ranking narrowed in SQL gives what judging every open opening (or every person, for
an opening) gives."""

import csv
import datetime as dt
import random
from pathlib import Path

import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo_scale import load_scale
from psccore.domain.employers import JobOpening, JobPreference
from psccore.domain.matching import Match, judge, rank
from psccore.store import tables as t
from psccore.store.db import from_row

WARDS = ["青葉区", "宮城野区", "若林区", "太白区", "泉区"]


def _openings(psc: Psc, folder: Path, count: int, rng: random.Random) -> None:
    with (folder / "e.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "industry", "ward"])
        for i in range(10):
            writer.writerow([f"事業所{i}", rng.choice(["清掃", "製造"]), rng.choice(WARDS)])
    psc.import_rows("employers", folder / "e.csv")
    for _ in range(count):
        hours = rng.choice([3, 4, 5, 6, 8])
        relax = rng.sample(["short_hours", "fewer_days", "no_experience", "gradual_start"],
                           rng.randint(0, 2))
        psc.add_opening({
            "employer_id": rng.randint(1, 10), "title": rng.choice(["軽作業", "清掃", "入力"]),
            "duties": "作業", "hours_per_day": hours, "days_per_week": rng.randint(2, 5),
            "time_of_day": rng.choice(["morning", "daytime", "afternoon", "evening"]),
            "wage_type": "hourly", "wage": rng.randint(950, 1300), "ward": rng.choice(WARDS),
            "experience_required": rng.random() < 0.2, "relaxations": relax,
            "min_hours_per_day": hours - 2 if "short_hours" in relax else None})


def _everything(psc: Psc, person_id: int, limit: int) -> list[Match]:
    preference = psc.get_preferences(person_id)
    assert preference is not None
    with psc.ctx.db.read() as conn:
        rows = conn.execute(sa.select(t.job_openings, t.employers.c.industry.label("i"))
                            .join(t.employers)).all()
    return rank([judge(preference, from_row(r, JobOpening, t.job_openings), r.i)
                 for r in rows])[:limit]


def test_narrowed_ranking_is_the_same_as_judging_every_opening(psc: Psc,
                                                               tmp_path: Path) -> None:
    rng = random.Random(5)
    _openings(psc, tmp_path, 300, rng)
    for i in range(12):
        person = psc.add_person({"name": f"比較 {i}", "kana": "ヒカク " + "ア" * (i + 1)})
        wanted = {"max_hours_per_day": rng.choice([None, 4, 5, 6]),
                  "max_days_per_week": rng.choice([None, 3, 4]),
                  "times_of_day": rng.sample(["morning", "daytime", "afternoon"],
                                             rng.randint(0, 2)),
                  "areas": rng.sample(WARDS, rng.randint(0, 2)),
                  "duties": rng.choice([[], ["清掃"]]), "has_experience": rng.random() < 0.5,
                  "min_hourly_wage": rng.choice([None, 1000, 1200])}
        psc.set_preferences(person.id or 0, wanted)
        for limit in (1, 5, 20, 500):
            assert psc.match_person(person.id or 0, limit) == _everything(
                psc, person.id or 0, limit), (wanted, limit)


def _everyone_for(psc: Psc, opening_id: int, limit: int) -> list[Match]:
    """Every person with an open case and preferences, judged for the opening."""
    with psc.ctx.db.read() as conn:
        row = conn.execute(sa.select(t.job_openings, t.employers.c.industry.label("i"))
                           .join(t.employers).where(t.job_openings.c.id == opening_id)).one()
        wanted = [from_row(r, JobPreference) for r in conn.execute(
            sa.select(t.job_preferences).where(t.job_preferences.c.person_id.in_(
                sa.select(t.cases.c.person_id).where(t.cases.c.status == "open"))))]
    opening = from_row(row, JobOpening, t.job_openings)
    return rank([judge(w, opening, row.i) for w in wanted])[:limit]


def test_people_ranked_for_an_opening_are_those_judging_everyone_gives(psc: Psc) -> None:
    """An opening's people narrowed in SQL by their hard limits (relaxations counted),
    and every one of them judged when too few are within their limits."""
    load_scale(psc, 400, records_per_case=1, today=dt.date(2026, 11, 1), seed=4)
    rng = random.Random(6)
    with psc.ctx.db.read() as conn:
        openings = list(conn.execute(sa.select(t.job_openings.c.id).where(
            t.job_openings.c.status == "open")).scalars())
        open_people = list(conn.execute(sa.select(t.cases.c.person_id).where(
            t.cases.c.status == "open").order_by(t.cases.c.id).limit(30)).scalars())
    for person in open_people:  # no limit of hours, days or times: within any opening's
        psc.set_preferences(person, {"times_of_day": [], "max_hours_per_day": None,
                                     "max_days_per_week": None, "has_experience": True})
    extremes = [psc.add_opening({  # within almost nobody's limits, and relaxable
        "employer_id": 1, "title": "夜間清掃", "duties": "清掃", "hours_per_day": 8,
        "days_per_week": 6, "time_of_day": "evening", "wage_type": "hourly", "wage": 1000,
        "experience_required": True, "relaxations": relax,
        "min_hours_per_day": 3 if "short_hours" in relax else None}).id or 0
        for relax in ([], ["short_hours", "fewer_days", "no_experience"])]
    for opening in [*rng.sample(openings, 12), *extremes]:
        for limit in (1, 20, 10_000):
            assert psc.match_opening(opening, limit) == _everyone_for(psc, opening, limit), \
                (opening, limit)
