"""``psc demo --scale N`` makes an office of N cases: about 50 open cases a caseworker
whatever N is, employers and openings spread as a city's are (Sendai's five wards, 3–8
hours a day, 2–5 days a week, morning, afternoon or evening, a third relaxable), and
job preferences for half the people."""

import datetime as dt
import statistics

import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo_scale import CASELOAD, WARDS, load_scale
from psccore.store import tables as t

DAY = dt.date(2026, 11, 1)


def _caseloads(psc: Psc) -> list[int]:
    c = t.cases
    with psc.ctx.db.read() as conn:
        return [int(n) for n in conn.execute(sa.select(sa.func.count()).where(
            c.c.status == "open").group_by(c.c.assigned_staff_id)).scalars()]


def test_a_caseload_stays_about_fifty_as_the_office_grows(psc: Psc) -> None:
    small = load_scale(psc, 300, records_per_case=1, today=DAY, seed=4)
    loads = _caseloads(psc)
    assert small.caseworkers == len(loads) == 4
    assert 0.8 * CASELOAD <= statistics.mean(loads) <= 1.2 * CASELOAD
    load_scale(psc, 1_700, records_per_case=1, today=DAY, seed=5)
    loads = _caseloads(psc)
    assert 22 <= len(loads) <= 30  # more staff, not fuller caseloads
    assert 0.8 * CASELOAD <= statistics.mean(loads) <= 1.2 * CASELOAD
    assert max(loads) <= 1.5 * CASELOAD
    worker = psc.acting_as("scale.cw0003")  # a caseworker of every program
    assert worker.list_cases(assigned_staff_id=psc.staff_id("scale.cw0003"), limit=500)


def test_openings_and_preferences_spread_as_a_city_s(psc: Psc) -> None:
    made = load_scale(psc, 2_000, records_per_case=1, today=DAY, seed=6)
    assert made.openings == 220 and made.employers == 11
    assert 0.4 * made.people <= made.preferences <= 0.6 * made.people
    o, p = t.job_openings, t.job_preferences
    with psc.ctx.db.read() as conn:
        rows = conn.execute(sa.select(o.c.ward, o.c.hours_per_day, o.c.days_per_week,
                                      o.c.time_of_day, o.c.relaxations, o.c.status)).all()
        areas = [a for (areas,) in conn.execute(sa.select(p.c.areas)) for a in areas]
    assert {r.ward for r in rows} == set(WARDS) and set(areas) == set(WARDS)
    assert {r.hours_per_day for r in rows} == {3, 4, 5, 6, 7, 8}
    assert {r.days_per_week for r in rows} == {2, 3, 4, 5}
    assert {r.time_of_day for r in rows} == {"morning", "afternoon", "evening"}
    assert 0.25 <= sum(bool(r.relaxations) for r in rows) / len(rows) <= 0.42
    assert sum(r.status == "open" for r in rows) == 200
    with psc.ctx.db.read() as conn:
        someone = conn.execute(sa.select(p.c.person_id).limit(1)).scalar_one()
    assert len(psc.match_person(someone, 5)) == 5  # ranked from the scale data
