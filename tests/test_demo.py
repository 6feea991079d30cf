"""The demo is realistic enough to exercise everything, and every case round-trips."""

import json

from psccore.app import Psc
from psccore.demo import STAGES, load_demo
from psccore.domain.convert import unstructure


def test_demo_cases_reach_every_stage_and_export_import_export_is_identical(psc: Psc) -> None:
    summary = load_demo(psc, people_per_program=6, seed=7)
    assert set(summary.by_program) == set(psc.programs)
    assert sum(summary.by_stage.values()) == summary.cases
    assert all(summary.by_stage[stage] > 0 for stage in STAGES), summary.by_stage
    for case in psc.list_cases():
        exported = json.dumps(unstructure(psc.export_case(case.case.id or 0)), ensure_ascii=False)
        copy = psc.import_case(json.loads(exported), allow_duplicate=True)
        again = json.dumps(unstructure(psc.export_case(copy.case.id or 0)), ensure_ascii=False)
        assert again == exported
    assert psc.verify_audit()[1] == []


def test_the_same_seed_gives_the_same_demo(psc: Psc, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    other = Psc.open(f"sqlite:///{tmp_path / 'other.db'}", staff="admin")
    other.upgrade()
    other.add_staff("admin", "管理者")
    day = dt.date(2026, 11, 1)
    for app in (psc, other):
        load_demo(app, people_per_program=2, seed=3, today=day)

    def documents(app: Psc) -> list[str]:
        return [json.dumps(unstructure(app.export_case(c.case.id or 0)), ensure_ascii=False)
                for c in sorted(app.list_cases(), key=lambda c: c.case.id or 0)]

    assert documents(psc) == documents(other)
    other.close()


def test_the_demo_gives_the_national_items_something_to_count(psc: Psc) -> None:
    import datetime as dt

    from psccore.domain.program import ReportPeriod
    from psccore.testing import report_figures

    day = dt.date(2026, 11, 1)
    load_demo(psc, seed=2017, today=day)
    years = [report_figures(psc, ReportPeriod.fiscal_year(fy), "national") for fy in (2025, 2026)]
    assert psc.office().population  # rates per 100,000 are shown
    for key in ("new_consultations", "plans", "employment_support", "employed",
                "evaluated", "closed"):
        assert sum(y[key] for y in years) > 0, key
    assert all(isinstance(y["new_consultations_per_100k"], float) for y in years)
    for section in psc.report(ReportPeriod.fiscal_year(2026)):  # every program's too
        keys = [row.key for row in section.rows]
        assert None not in keys and len(set(keys)) == len(keys), section.key
    people = {c.case.person_id for c in psc.list_cases()}
    cards = [psc.job_card(p) for p in sorted(people)]
    assert any(c.work_history and c.career_plan.work_wanted for c in cards)
