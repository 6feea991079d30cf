"""Reports by office, worked by hand: an event counts for the office that held its case
on the event's day; an organisation's event counts are the sums of its offices'; a
person is counted once; rates use the municipalities' population. And an existing
database, once migrated, reports the same figures (one office holds everything)."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
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
    return _two_offices(psc)


@pytest.fixture
def placed(psc: Psc) -> Psc:
    """The two offices, and: A's internship at 本所 from 2025-06-02 (before its job on
    10-01, at 北拠点), A's certified training from 2025-10-15 (at 北拠点), B's internship
    at 北拠点 from 2025-08-04."""
    return _two_offices(psc, placed=True)


def _two_offices(psc: Psc, placed: bool = False) -> Psc:
    psc.set_municipality({"code": "041009", "name": "仙台市青葉区", "population": 60_000})
    psc.set_municipality({"code": "041050", "name": "仙台市泉区", "population": 20_000})
    psc.change_office(HOME, {"municipality_code": "041009"})
    psc.add_office(ORG, {"name": NORTH, "municipality_code": "041050"})
    place = _Placing(psc) if placed else None
    a = _case(psc, "A", "2025-04-10", HOME)
    plan_a = _approved(psc, a, "2025-05-01", work=True)
    if place:
        place.internship(a, "2025-06-02")
    _evaluate(psc, plan_a, "2025-08-01")
    psc.transfer_case(a, NORTH, with_sensitive=False, on=D(2025, 9, 1))
    psc.add_employment(a, {"employer_name": "株式会社テスト", "start_on": "2025-10-01",
                           "employment_type": "part_time"})
    if place:
        place.training(a, "2025-10-15")
    _evaluate(psc, plan_a, "2026-01-15")
    psc.close_case(a, "employment", on=D(2026, 2, 1))
    b = _case(psc, "B", "2025-06-01", NORTH)
    _approved(psc, b, "2025-07-01", work=False)
    if place:
        place.internship(b, "2025-08-04")
    _case(psc, "C", "2025-11-01", HOME)
    return psc


class _Placing:
    """A host of internships and a provider of certified training (employers, shared by
    the organisation's offices)."""

    def __init__(self, psc: Psc) -> None:
        self.psc = psc
        self.host = psc.add_employer({"name": "実習先A", "kana": "ジッシュウサキエー"}).id or 0
        psc.add_partner_role(self.host, {"role": "internship_host", "since": "2025-04-01"})
        self.provider = psc.add_employer({"name": "訓練先B", "kana": "クンレンサキビー"}).id or 0
        psc.add_partner_role(self.provider, {"role": "training_provider",
                                             "since": "2025-04-01"})

    def internship(self, case_id: int, start: str) -> None:
        end = (D.fromisoformat(start) + dt.timedelta(days=4)).isoformat()
        self.psc.add_internship(case_id, {"host_id": self.host, "start_on": start,
                                          "end_on": end, "days": 5})

    def training(self, case_id: int, start: str) -> None:
        self.psc.add_training(case_id, {"provider_id": self.provider,
                                        "training_type": "employment", "start_on": start,
                                        "end_on": "2026-01-31"})


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
    assert _figures(two_offices, organisation=ORG)["new_consultations"] == 3
    with pytest.raises(AccessRefused):  # an organisation's counts need each of its offices
        home.report(FY2025, ["national"], organisation=ORG)
    whole = home.build_report(FY2025, ["national"])  # asked for the whole: their office's
    assert whole.scope is not None and (whole.scope.kind, whole.scope.name) == ("office", HOME)
    assert _figures(home)["new_consultations"] == 2
    two_offices.grant("home.cw", "read_only", "*", office=NORTH)  # both offices now
    assert _figures(home.acting_as("home.cw"), organisation=ORG)["new_consultations"] == 3
    assert home.acting_as("home.cw").build_report(FY2025, ["national"]).scope is None
    with pytest.raises(InvalidInput):  # not counted by office: refused when named
        two_offices.report(FY2025, ["job_placement"], office=HOME)
    assert [s.key for s in two_offices.report(FY2025, office=HOME)] == [
        s.key for s in two_offices.report(FY2025) if s.key != "job_placement"]


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


PLACED = ("internships", "employed_after_internship", "trainings")


def _placements(psc: Psc, **scope: Any) -> dict[str, Any]:
    [found] = psc.report(FY2025, ["placements"], **scope)
    return {row.key: row.value for row in found.rows}


def test_internships_and_trainings_count_for_the_office_of_their_first_day(
        placed: Psc) -> None:
    home, north = _placements(placed, office=HOME), _placements(placed, office=NORTH)
    org = _placements(placed, organisation=ORG)
    partners = {"internship_hosts": "-", "training_providers": "-"}  # shared employers
    assert home == {"internships": 1, "employed_after_internship": 1, "trainings": 0,
                    **partners}
    assert north == {"internships": 1, "employed_after_internship": 0, "trainings": 1,
                     **partners}
    assert {k: org[k] for k in PLACED} == {k: home[k] + north[k] for k in PLACED}
    everything = _placements(placed)
    assert {k: everything[k] for k in PLACED} == {k: org[k] for k in PLACED}
    assert (everything["internship_hosts"], everything["training_providers"]) == (1, 1)


def test_a_section_not_counted_by_office_is_refused_by_name_and_left_out(
        two_offices: Psc) -> None:
    with pytest.raises(InvalidInput) as refused:
        two_offices.report(FY2025, ["job_placement"], organisation=ORG)
    [problem] = refused.value.problems
    assert problem.text("ja") == (
        "$.section: 報告の節 job_placement は拠点・法人ごとには集計できません（全体の報告にだけあります）")
    assert "section job_placement is not counted by office" in problem.text("en")
    keys = [s.key for s in two_offices.report(FY2025, organisation=ORG)]
    assert "job_placement" not in keys and {"national", "placements"} <= set(keys)
    assert "job_placement" in [s.key for s in two_offices.report(FY2025)]


def test_a_file_for_one_office_names_it(two_offices: Psc) -> None:
    report = two_offices.build_report(FY2025, ["national"], office=NORTH)
    assert (report.office, report.scope and report.scope.kind) == (NORTH, "office")
    assert report.population == 20_000  # 泉区's
    rows = {r.key: r.value for r in report.sections[0].rows}
    assert rows["new_consultations"] == _figures(two_offices, office=NORTH)["new_consultations"]
    org = two_offices.build_report(FY2025, ["national"], organisation=ORG)
    assert org.scope is not None and org.scope.label.text("ja") == f"法人: {ORG}"


def test_the_cli_reports_and_writes_every_section_for_an_office(
        placed: Psc, psc_cli: Callable[..., Any], tmp_path: Path) -> None:
    shown = psc_cli("report", "month", "2025-10", "--office", NORTH, "--section", "placements")
    assert shown.exit_code == 0, shown.output
    assert f"2025年10月 拠点: {NORTH}" in shown.output and "就労訓練実施件数" in shown.output
    out = tmp_path / "北拠点.csv"
    written = psc_cli("report", "fy", "2025", "--organisation", ORG, "-o", str(out))
    assert written.exit_code == 0, written.output
    lines = out.read_text("utf-8-sig").splitlines()
    assert lines[0] == f"令和7年度（2025年度） 実績報告（法人: {ORG}）"
    assert "job_placement" not in out.read_text("utf-8-sig")  # not counted by office
    [export] = [e for e in placed.audit_log(limit=50) if e.action == "export"]
    assert export.entity == "reports" and f"organisation:{ORG}" in export.fields
    both = psc_cli("report", "fy", "2025", "--office", NORTH, "--organisation", ORG,
                   lang="en")
    assert both.exit_code == 2 and "give --office or --organisation, not both" in both.output
    placed.add_staff("home.cw", "本所の支援員")
    placed.grant("home.cw", "caseworker", "*", office=HOME)
    refused = psc_cli("report", "fy", "2025", "--office", NORTH, staff="home.cw")
    assert refused.exit_code != 0 and "この拠点・法人の報告を見る権限がありません" in refused.output
    named = psc_cli("report", "fy", "2025", "--office", NORTH, "--section", "job_placement")
    assert named.exit_code == 2 and "job_placement" in named.output
