"""What the national statistics count, recorded by staff: a plan aiming at work, a change
of income, the office's population."""

import datetime as dt

import pytest

from psccore.app import Psc
from psccore.errors import InvalidInput, NotAllowed

D = dt.date
PROGRAM = "household_budget"


@pytest.fixture
def case_id(psc: Psc) -> int:
    person = psc.add_person({"name": "及川 拓海", "kana": "オイカワ タクミ",
                             "birth_date": "1988-03-03"})
    return psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         D(2026, 4, 1)).case.id or 0


def test_a_plan_aims_at_work_from_the_cli_and_keeps_it_when_replanned(
        psc: Psc, case_id: int, psc_cli) -> None:  # type: ignore[no-untyped-def]
    result = psc_cli("plan", "draft", str(case_id), "--goal", "就職する", "--short", "履歴書",
                     "--from", "2026-04-10", "--to", "2026-09-30", "--on", "2026-04-05",
                     "--employment-support")
    assert result.exit_code == 0, result.output
    assert "就労支援の対象  はい" in result.output
    [plan] = psc.list_plans(case_id)
    assert plan.plan.employment_support
    psc.record_meeting({"held_on": "2026-04-08"}, [{"plan_id": plan.plan.id,
                                                    "decision": "approve"}])
    again = psc.replan(plan.plan.id or 0, {"long_term_goal": "働き続ける"}, D(2026, 6, 1))
    assert again.plan.employment_support
    exported = psc.export_case(case_id)
    assert [p.employment_support for p in exported.plans] == [True, True]


def test_an_income_change_is_recorded_and_checked(psc: Psc, case_id: int,
                                                  psc_cli) -> None:  # type: ignore[no-untyped-def]
    result = psc_cli("employment", "income", str(case_id), "--before", "80000",
                     "--after", "110000", "--on", "2026-05-01", "--note", "勤務日数が増えた")
    assert result.exit_code == 0, result.output
    assert "増収: 80,000円 → 110,000円" in result.output
    [change] = psc.placements_of(case_id).income_changes
    assert (change.on, change.before, change.after, change.rose) == (
        D(2026, 5, 1), 80_000, 110_000, True)
    for args, path in ((["--before", "-1", "--after", "1", "--on", "2026-05-01"], "$.before"),
                       (["--before", "1", "--after", "1", "--on", "2026-03-31"], "$.on")):
        result = psc_cli("employment", "income", str(case_id), *args)
        assert result.exit_code != 0 and path in result.output, result.output
    assert len(psc.placements_of(case_id).income_changes) == 1
    held = psc.export_person(psc.get_case(case_id).case.person_id)
    assert held["placements"][0]["income_changes"][0]["after"] == 110_000


def test_the_office_population_is_set_by_administrators_only(psc: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    result = psc_cli("office", "set", "--name", "仙台センター", "--population", "1096000",
                     "--as-of", "2026-10-01")
    assert result.exit_code == 0, result.output
    assert "1,096,000" in result.output
    assert psc.office().population == 1_096_000
    result = psc_cli("office", "set", "--population", "0", lang="en")
    assert result.exit_code != 0 and "$.population" in result.output
    assert psc.office().population == 1_096_000
    psc.add_staff("kato", "加藤 誠")
    psc.grant("kato", "supervisor")
    with pytest.raises(NotAllowed):
        psc.acting_as("kato").set_office({"population": 1})
    assert psc.acting_as("kato").office().name == "仙台センター"
    with pytest.raises(InvalidInput):
        psc.set_office({"mayor": "x"})
    assert [e.action for e in psc.audit_log() if e.entity == "office"] == [
        "refuse", "update", "create"]  # newest first: the supervisor refused


def test_office_set_needs_something_and_a_blank_clears(psc: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    psc.set_office({"name": "仙台センター"})
    result = psc_cli("office", "set")
    assert result.exit_code == 2 and "--population" in result.output
    result = psc_cli("office", "set", "--name", "")
    assert result.exit_code == 0, result.output
    assert psc.office().name is None
