"""Ranking narrowed in SQL gives what judging every open opening gives."""

import csv
import random
from pathlib import Path

import sqlalchemy as sa

from psccore.app import Psc
from psccore.domain.employers import JobOpening
from psccore.domain.matching import judge, rank
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


def _everything(psc: Psc, person_id: int, limit: int) -> list[object]:
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
