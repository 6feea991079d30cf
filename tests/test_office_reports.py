"""Reports by office, worked by hand: an event counts for the office that held its case
on the event's day; an organisation's event counts are the sums of its offices'; a
person is counted once; rates use the municipalities' population. And an existing
database, once migrated, reports the same figures (one office holds everything)."""

import datetime as dt
from typing import Any

import pytest

from psccore.app import Psc
from psccore.domain.program import ReportPeriod
from psccore.errors import AccessRefused, InvalidInput

D = dt.date
FY2025 = ReportPeriod.fiscal_year(2025)
HOME, NORTH, ORG = "本所", "北拠点", "法人"
EVENTS = ("new_consultations", "returning", "plans", "replans", "closed", "open_at_end")


def _case(psc: Psc, name: str, opened: str, office: str) -> int:
    person = psc.add_person({"name": f"{name} 試験", "kana": "シケン", "birth_date": "1980-01-01"},
                            allow_duplicate=True)
    return psc.open_case(person.id or 0, "consultation", {"route": "visit", "topics": ["income"]},
                         D.fromisoformat(opened), office=office).case.id or 0


def _approved(psc: Psc, case_id: int, on: str, *, work: bool) -> int:
    day = D.fromisoformat(on)
    data = {"long_term_goal": "生活を立て直す", "period_start": on,
            "period_end": (day + dt.timedelta(days=180)).isoformat(),
            "goals": [{"text": "家計を見直す"}], "employment_support": work}
    plan = psc.draft_plan(case_id, data, today=day - dt.timedelta(days=1))
    psc.record_meeting({"held_on": on}, [{"plan_id": plan.plan.id, "decision": "approve"}])
    return plan.plan.id or 0


def _evaluate(psc: Psc, plan_id: int, on: str) -> None:
    goals = psc.get_plan(plan_id).goals
    psc.evaluate(plan_id, {"evaluated_on": on, "next_action": "continue",
                           "results": [{"goal_id": g.id, "result": "partly"} for g in goals]})


@pytest.fixture
def two_offices(psc: Psc) -> Psc:
    """A: opened at 本所 2025-04-10, plan aiming at work 05-01, evaluated 08-01, moved to
    北拠点 09-01, a job 10-01, evaluated again 2026-01-15, closed 02-01 (employment).
    B: opened at 北拠点 2025-06-01, plan 07-01 (not aiming at work), open at the end.
    C: opened at 本所 2025-11-01, open at the end."""
    psc.set_municipality({"code": "041009", "name": "仙台市青葉区", "population": 60_000})
    psc.set_municipality({"code": "041050", "name": "仙台市泉区", "population": 20_000})
    psc.change_office(HOME, {"municipality_code": "041009"})
    psc.add_office(ORG, {"name": NORTH, "municipality_code": "041050"})
    a = _case(psc, "A", "2025-04-10", HOME)
    plan_a = _approved(psc, a, "2025-05-01", work=True)
    _evaluate(psc, plan_a, "2025-08-01")
    psc.transfer_case(a, NORTH, with_sensitive=False, on=D(2025, 9, 1))
    psc.add_employment(a, {"employer_name": "株式会社テスト", "start_on": "2025-10-01",
                           "employment_type": "part_time"})
    _evaluate(psc, plan_a, "2026-01-15")
    psc.close_case(a, "employment", on=D(2026, 2, 1))
    b = _case(psc, "B", "2025-06-01", NORTH)
    _approved(psc, b, "2025-07-01", work=False)
    _case(psc, "C", "2025-11-01", HOME)
    return psc


def _figures(psc: Psc, period: ReportPeriod = FY2025, **scope: Any) -> dict[str, Any]:
    [found] = psc.report(period, ["national"], **scope)
    return {row.key: row.value for row in found.rows}


def test_each_office_counts_what_happened_while_it_held_the_case(two_offices: Psc) -> None:
    home, north = _figures(two_offices, office=HOME), _figures(two_offices, office=NORTH)
    assert {k: home[k] for k in (*EVENTS, "employment_support", "employed", "evaluated")} == {
        "new_consultations": 2, "returning": 0, "plans": 1, "replans": 0, "closed": 0,
        "open_at_end": 1, "employment_support": 1, "employed": 0, "evaluated": 1}
    assert {k: north[k] for k in (*EVENTS, "employment_support", "employed", "evaluated")} == {
        "new_consultations": 1, "returning": 0, "plans": 1, "replans": 0, "closed": 1,
        "open_at_end": 1, "employment_support": 0, "employed": 1, "evaluated": 1}
    # rates per 100,000 a month: 2/12/0.6 and 1/12/0.2
    assert (home["new_consultations_per_100k"], north["new_consultations_per_100k"]) == (
        0.3, 0.4)


def test_the_organisation_sums_its_offices_and_counts_a_person_once(
        two_offices: Psc) -> None:
    home, north = _figures(two_offices, office=HOME), _figures(two_offices, office=NORTH)
    org = _figures(two_offices, organisation=ORG)
    assert {k: org[k] for k in EVENTS} == {k: home[k] + north[k] for k in EVENTS}
    assert org["evaluated"] == 1 < home["evaluated"] + north["evaluated"]  # A, in both
    assert (org["employment_support"], org["employed"]) == (1, 1)
    assert org["new_consultations_per_100k"] == 0.3  # 3/12/0.8
    # the whole installation (one organisation) counts the same events
    everything = _figures(two_offices)
    assert {k: everything[k] for k in EVENTS} == {k: org[k] for k in EVENTS}
    months = two_offices.report(FY2025, ["national"], office=NORTH)[0].months
    assert sum(m.rows[0].value for m in months) == north["new_consultations"]


def test_office_reports_keep_to_those_who_work_there(two_offices: Psc) -> None:
    two_offices.add_staff("home.cw", "本所の支援員")
    two_offices.grant("home.cw", "caseworker", "*", office=HOME)
    home = two_offices.acting_as("home.cw")
    assert _figures(home, office=HOME)["new_consultations"] == 2
    with pytest.raises(AccessRefused):
        home.report(FY2025, ["national"], office=NORTH)
    assert _figures(home, organisation=ORG)["new_consultations"] == 3
    with pytest.raises(InvalidInput):  # not counted by office
        two_offices.report(FY2025, ["placements"], office=HOME)
    assert [s.key for s in two_offices.report(FY2025, office=HOME)] == ["national"]


def test_an_existing_database_reports_the_same_figures_after_the_migration(psc: Psc) -> None:
    from psccore.demo import load_demo
    from psccore.store import migrate

    load_demo(psc, people_per_program=3, seed=7, today=D(2026, 11, 1))
    before = {fy: _figures(psc, period=ReportPeriod.fiscal_year(fy)) for fy in (2025, 2026)}
    psc.ctx.db.dispose()
    migrate.downgrade(psc.ctx.db, psc.ctx.registry, "core_0013")
    changed = _written_before_offices(psc)  # as the code of that revision would have
    psc.ctx.db.dispose()
    migrate.upgrade(psc.ctx.db, psc.ctx.registry)
    for fy, figures in before.items():
        period = ReportPeriod.fiscal_year(fy)
        assert _figures(psc, period=period) == figures
        one = _figures(psc, period=period, office=HOME)
        assert {k: v for k, v in one.items() if "per_100k" not in k} == {
            k: v for k, v in figures.items() if "per_100k" not in k}
    assert [(o.name, o.organisation_id) for o in psc.offices()] == [(HOME, 1)]
    assert {c.case.office_id for c in psc.list_cases(limit=1000)} == {1}
    assert psc.verify_audit()[1] == [] and psc.verify_data()[1] == []
    migrated = [e for e in psc.audit_log(limit=1000) if e.action == "migrate"]
    assert {(e.entity, e.entity_id) for e in migrated} >= {("cases", c) for c in changed}


def _written_before_offices(psc: Psc) -> list[int]:
    """Cases changed (and audited with their digests) before core_0014 existed."""
    import sqlalchemy as sa

    from psccore.store.db import Transaction

    with psc.ctx.db.engine.begin() as conn:
        present = [c["name"] for c in sa.inspect(conn).get_columns("cases")]
        cases = sa.Table("cases", sa.MetaData(), *(sa.Column(n) for n in present))
        cases.c.id.primary_key = True
        ids = list(conn.execute(sa.select(cases.c.id).order_by(cases.c.id).limit(3)).scalars())
        conn.execute(cases.update().where(cases.c.id.in_(ids)).values(closure_note="前の版"))
        Transaction(conn, "admin").record("update", cases, ids, fields=["closure_note"])
    return ids
