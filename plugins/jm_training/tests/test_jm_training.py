"""株式会社JM就労訓練事業 (jm_training): registration, intake rules, eligibility,
its own table and command."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from psc_jm_training.tables import jm_training_enrollments
from psccore import Label, Psc
from psccore.errors import InvalidInput
from psccore.store.tables import audit_log
from psccore.testing import check_example_intakes, check_migrations

CODE = "jm_training"
OPENED = dt.date(2026, 5, 1)


def add_person(psc: Psc) -> int:
    person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ",
                             "birth_date": "2005-05-05"})
    assert person.id is not None
    return person.id


def intake(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "track": "certified_training",
        "data_entry_skill": "basic",
        "work_experience_years": 1,
        "employment_type": "non_employment",
        "qualifications": [{"name": "日商PC検定（データ活用）3級", "issued_by": "日本商工会議所",
                            "obtained_on": "令和5年6月11日"}],
    }
    answers.update(changes)
    return answers


def rows(psc: Psc) -> list[Any]:
    with psc.ctx.db.read() as conn:
        return list(conn.execute(sa.select(jm_training_enrollments)
                                 .order_by(jm_training_enrollments.c.id)).all())


def test_the_program_is_registered_with_both_labels(psc: Psc) -> None:
    program = psc.programs[CODE]
    assert program.label == Label("株式会社JM就労訓練事業", "JM training partnership")
    assert program.description is not None and program.description.ja and program.description.en
    kinds = {m.kind for m in psc.ctx.registry.menu if m.program == CODE}
    assert kinds == {"internship", "certified_training", "regional_training"}
    assert CODE in {m.branch for m in psc.ctx.registry.migrations}


def test_example_intakes_pass_validation_and_eligibility(psc: Psc) -> None:
    program = psc.programs[CODE]
    assert program.example_intake is not None
    person_id = add_person(psc)
    check_example_intakes(psc, CODE, person_id, OPENED)
    assert len(psc.list_cases(program=CODE)) == 12
    assert len(rows(psc)) == 12


def test_an_enrollment_gets_its_row_and_an_audit_entry(psc: Psc) -> None:
    person_id = add_person(psc)
    detail = psc.open_case(person_id, CODE, intake(), opened_on=OPENED)
    enrollment = detail.enrollments[0]
    # answers are stored as plain data: the era date is read and kept in ISO form
    assert enrollment.intake["qualifications"][0]["obtained_on"] == "2023-06-11"
    [row] = rows(psc)
    assert (row.enrollment_id, row.track, row.employment_type) == (
        enrollment.id, "certified_training", "non_employment")
    with psc.ctx.db.read() as conn:
        entry = conn.execute(sa.select(audit_log).where(
            audit_log.c.entity == "jm_training_enrollments")).one()
    assert entry.entity_id == row.id and entry.person_id == person_id
    assert entry.fields == ["employment_type", "enrollment_id", "track"]
    assert psc.verify_audit()[1] == []


def test_an_internship_has_no_employment_type(psc: Psc) -> None:
    person_id = add_person(psc)
    psc.open_case(person_id, CODE, intake(track="internship", employment_type=None),
                  opened_on=OPENED)
    [row] = rows(psc)
    assert row.track == "internship" and row.employment_type is None
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(track="internship", employment_type="employment"),
                      opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.employment_type"]
    assert len(psc.list_cases()) == 1 and len(rows(psc)) == 1


def test_invalid_intake_names_every_problem_and_writes_nothing(psc: Psc) -> None:
    person_id = add_person(psc)
    bad = intake(track="apprenticeship", employment_type="part_time",
                 work_experience_years="three",
                 qualifications=[{"name": " "}, {"name": "簿記3級", "obtained_on": "2020-13-01"}])
    del bad["data_entry_skill"]
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, bad, opened_on=OPENED)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.track", "$.data_entry_skill", "$.work_experience_years",
                     "$.employment_type", "$.qualifications[0].name",
                     "$.qualifications[1].obtained_on"}
    assert "certified_training" in caught.value.text("en")
    assert psc.list_cases() == [] and rows(psc) == []


@pytest.mark.parametrize(("years", "ok"), [(-1, False), (0, True), (60, True), (61, False)])
def test_years_of_work_experience_are_between_0_and_60(psc: Psc, years: int, ok: bool) -> None:
    person_id = add_person(psc)
    if ok:
        psc.open_case(person_id, CODE, intake(work_experience_years=years), opened_on=OPENED)
        assert len(rows(psc)) == 1
        return
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(work_experience_years=years), opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.work_experience_years"]
    assert psc.list_cases() == []


def test_no_data_entry_skill_is_refused(psc: Psc) -> None:
    person_id = add_person(psc)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(data_entry_skill="none"), opened_on=OPENED)
    [problem] = caught.value.problems
    assert problem.path == "$.data_entry_skill"
    assert "data-entry" in problem.text("en") and "入力スキル" in problem.text("ja")
    assert psc.list_cases() == [] and rows(psc) == []
    for skill in ("basic", "practical"):
        psc.open_case(person_id, CODE, intake(data_entry_skill=skill), opened_on=OPENED)
    assert len(rows(psc)) == 2


def test_the_migration_makes_exactly_the_table_in_code(psc: Psc) -> None:
    check_migrations(psc, CODE)


def test_the_menu_command_speaks_the_current_language(psc_cli: Callable[..., Any]) -> None:
    english = psc_cli(CODE, "menu", lang="en")
    assert english.exit_code == 0, english.output
    assert "certified_training" in english.output and "3–6 months" in english.output
    listed = psc_cli("--help", lang="en").output  # the group's own help, in the list
    assert re.search(r"^  jm_training +JM training partnership$", listed, re.M), listed
    japanese = psc_cli(CODE, "menu", lang="ja")
    assert japanese.exit_code == 0, japanese.output
    assert "職業体験実習" in japanese.output and "認定就労訓練" in japanese.output
    assert "株式会社JM就労訓練事業" in psc_cli(CODE, "--help").output
