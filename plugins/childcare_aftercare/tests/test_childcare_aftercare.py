"""児童養護施設等就業支援・アフターケア (childcare_aftercare): registration, intake
rules across fields, age eligibility at its boundaries, its own table and command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from psc_childcare_aftercare.tables import childcare_aftercare_enrollments
from psccore import Label, Psc
from psccore.errors import InvalidInput
from psccore.store.tables import audit_log
from psccore.testing import check_example_intakes, check_migrations

CODE = "childcare_aftercare"
OPENED = dt.date(2026, 5, 1)


def add_person(psc: Psc, birth_date: dt.date | None = dt.date(2005, 5, 5)) -> int:
    data: dict[str, Any] = {"name": "山田 太郎", "kana": "ヤマダ タロウ"}
    if birth_date is not None:
        data["birth_date"] = birth_date
    person = psc.add_person(data)
    assert person.id is not None
    return person.id


def intake(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "status": "left_care",
        "left_care_on": dt.date(2024, 3, 31),
        "home_or_foster_family": "児童養護施設 青葉の家",
        "placed_by_city": True,
        "guardian_contact": "施設長 022-300-1234",
        "consent_given_by": "both",
    }
    answers.update(changes)
    return answers


def rows(psc: Psc) -> list[Any]:
    table = childcare_aftercare_enrollments
    with psc.ctx.db.read() as conn:
        return list(conn.execute(sa.select(table).order_by(table.c.id)).all())


def test_the_program_is_registered_with_both_labels(psc: Psc) -> None:
    program = psc.programs[CODE]
    assert program.label == Label("児童養護施設等就業支援・アフターケア",
                                  "Care leavers' employment and aftercare")
    assert program.description is not None and program.description.ja and program.description.en
    kinds = {m.kind for m in psc.ctx.registry.menu if m.program == CODE}
    assert kinds == {"sst", "employment_support", "aftercare"}
    assert CODE in {m.branch for m in psc.ctx.registry.migrations}


def test_example_intakes_pass_validation_and_eligibility(psc: Psc) -> None:
    program = psc.programs[CODE]
    assert program.example_intake is not None
    person_id = add_person(psc)
    check_example_intakes(psc, CODE, person_id, OPENED)
    assert {r.status for r in rows(psc)} == {"in_care", "left_care"}
    assert len(psc.list_cases(program=CODE)) == 12


def test_an_enrollment_gets_its_row_and_an_audit_entry(psc: Psc) -> None:
    person_id = add_person(psc)
    detail = psc.open_case(person_id, CODE, intake(), opened_on=OPENED)
    enrollment = detail.enrollments[0]
    [row] = rows(psc)
    assert (row.enrollment_id, row.status, row.left_care_on) == (
        enrollment.id, "left_care", dt.date(2024, 3, 31))
    with psc.ctx.db.read() as conn:
        entry = conn.execute(sa.select(audit_log).where(
            audit_log.c.entity == "childcare_aftercare_enrollments")).one()
    assert entry.entity_id == row.id and entry.person_id == person_id
    assert entry.fields == ["enrollment_id", "left_care_on", "status"]
    assert psc.verify_audit()[1] == []


BORN_12_ON_OPENED = dt.date(2014, 5, 1)  # 12th birthday on 2026-05-01
BORN_26_ON_OPENED = dt.date(2000, 5, 1)  # 26th birthday on 2026-05-01
DAY_BEFORE = OPENED - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [(BORN_12_ON_OPENED, DAY_BEFORE, 11), (BORN_26_ON_OPENED, OPENED, 26)],
    ids=["11 the day before the 12th birthday", "26 on the 26th birthday"],
)
def test_outside_the_ages_is_refused(psc: Psc, birth: dt.date, on: dt.date, age: int) -> None:
    person_id = add_person(psc, birth)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(status="in_care", left_care_on=None), opened_on=on)
    [problem] = caught.value.problems
    assert problem.path == "$.birth_date" and problem.params == {"age": age}
    assert f"(age {age})" in problem.text("en") and f"（{age}歳）" in problem.text("ja")
    assert psc.list_cases() == [] and rows(psc) == []


@pytest.mark.parametrize(
    ("birth", "on"),
    [(BORN_12_ON_OPENED, OPENED), (BORN_26_ON_OPENED, DAY_BEFORE)],
    ids=["12 on the 12th birthday", "25 the day before the 26th birthday"],
)
def test_the_boundary_ages_are_taken(psc: Psc, birth: dt.date, on: dt.date) -> None:
    person_id = add_person(psc, birth)
    psc.open_case(person_id, CODE, intake(status="in_care", left_care_on=None), opened_on=on)
    assert len(rows(psc)) == 1


def test_a_birth_date_is_needed(psc: Psc) -> None:
    person_id = add_person(psc, None)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(), opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.birth_date"]
    assert psc.list_cases() == []


def test_only_placements_by_the_city(psc: Psc) -> None:
    person_id = add_person(psc)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(placed_by_city="no"), opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.placed_by_city"]
    assert psc.list_cases() == []


def test_having_left_care_needs_the_date_and_being_in_care_has_none(psc: Psc) -> None:
    person_id = add_person(psc)
    for answers in (intake(status="left_care", left_care_on=None),
                    intake(status="in_care", left_care_on=dt.date(2025, 3, 31)),
                    intake(left_care_on=OPENED + dt.timedelta(days=1))):
        with pytest.raises(InvalidInput) as caught:
            psc.open_case(person_id, CODE, answers, opened_on=OPENED)
        assert [p.path for p in caught.value.problems] == ["$.left_care_on"]
    assert psc.list_cases() == [] and rows(psc) == []
    psc.open_case(person_id, CODE, intake(left_care_on=OPENED), opened_on=OPENED)
    psc.open_case(person_id, CODE, intake(status="in_care", left_care_on=None), opened_on=OPENED)
    assert [(r.status, r.left_care_on) for r in rows(psc)] == [
        ("left_care", OPENED), ("in_care", None)]


def test_invalid_intake_names_every_problem_and_writes_nothing(psc: Psc) -> None:
    person_id = add_person(psc)
    bad = intake(status="adopted", left_care_on="昨日", placed_by_city="maybe",
                 guardian_contact=22341)
    del bad["home_or_foster_family"]
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, bad, opened_on=OPENED)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.status", "$.left_care_on", "$.placed_by_city",
                     "$.guardian_contact", "$.home_or_foster_family"}
    assert psc.list_cases() == [] and rows(psc) == []


def test_the_migration_makes_exactly_the_table_in_code(psc: Psc) -> None:
    check_migrations(psc, CODE)


def test_the_menu_command_speaks_the_current_language(psc_cli: Callable[..., Any]) -> None:
    english = psc_cli(CODE, "menu", lang="en")
    assert english.exit_code == 0, english.output
    assert "sst" in english.output and "social-skills training" in english.output
    listed = psc_cli("--help", lang="en").output
    assert "childcare_aftercare  Care leavers' employment and aftercare" in listed
    japanese = psc_cli(CODE, "menu", lang="ja")
    assert japanese.exit_code == 0, japanese.output
    assert "ソーシャルスキルトレーニング" in japanese.output and "アフターケア" in japanese.output
    assert "児童養護施設等就業支援" in psc_cli(CODE, "--help").output
