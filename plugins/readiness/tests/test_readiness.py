"""就労準備支援事業 (readiness): registration, intake rules, its own table and command."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from psc_readiness.tables import readiness_enrollments
from psccore import Label, Psc
from psccore.errors import InvalidInput
from psccore.store.tables import audit_log
from psccore.testing import check_example_intakes, check_migrations

CODE = "readiness"
OPENED = dt.date(2026, 5, 1)


def add_person(psc: Psc) -> int:
    person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ",
                             "birth_date": "2005-05-05"})
    assert person.id is not None
    return person.id


def intake(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "referral_route": "consultation_center",
        "daily_rhythm": "reversed",
        "goals_for_period": "毎朝決まった時間に起き、週3日プログラムに通う",
        "autonomy_stage_at_start": "daily_living",
        "preferred_activities": ["piecework", "pc"],
    }
    answers.update(changes)
    return answers


def rows(psc: Psc) -> list[Any]:
    with psc.ctx.db.read() as conn:
        return list(conn.execute(sa.select(readiness_enrollments)
                                 .order_by(readiness_enrollments.c.id)).all())


def test_the_program_is_registered_with_both_labels(psc: Psc) -> None:
    program = psc.programs[CODE]
    assert program.label == Label("就労準備支援事業", "Work readiness support")
    assert program.description is not None and program.description.ja and program.description.en
    kinds = {m.kind for m in psc.ctx.registry.menu if m.program == CODE}
    assert kinds == {"work_program", "skill_up", "social_participation"}
    assert CODE in {m.branch for m in psc.ctx.registry.migrations}


def test_example_intakes_pass_validation(psc: Psc) -> None:
    program = psc.programs[CODE]
    assert program.example_intake is not None
    person_id = add_person(psc)
    check_example_intakes(psc, CODE, person_id, OPENED)
    assert len(psc.list_cases(program=CODE)) == 12
    assert len(rows(psc)) == 12


def test_an_enrollment_gets_its_row_and_an_audit_entry(psc: Psc) -> None:
    person_id = add_person(psc)
    detail = psc.open_case(person_id, CODE, intake(autonomy_stage_at_start="social_life"),
                           opened_on=OPENED)
    enrollment = detail.enrollments[0]
    assert enrollment.program == CODE and enrollment.enrolled_on == OPENED
    [row] = rows(psc)
    assert row.enrollment_id == enrollment.id and row.autonomy_stage == "social_life"
    with psc.ctx.db.read() as conn:
        entry = conn.execute(sa.select(audit_log).where(
            audit_log.c.entity == "readiness_enrollments")).one()
    assert entry.entity_id == row.id and entry.person_id == person_id
    assert entry.action == "create" and entry.fields == ["autonomy_stage", "enrollment_id"]
    assert psc.verify_audit()[1] == []


def test_invalid_intake_names_every_problem_and_writes_nothing(psc: Psc) -> None:
    person_id = add_person(psc)
    bad = intake(referral_route="friend", preferred_activities=["pc", "karaoke"])
    del bad["daily_rhythm"]
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, bad, opened_on=OPENED)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.referral_route", "$.daily_rhythm", "$.preferred_activities[1]"}
    assert "consultation_center" in caught.value.text("en")  # the allowed choices are named
    assert psc.list_cases() == [] and rows(psc) == []


def test_goals_are_required(psc: Psc) -> None:
    person_id = add_person(psc)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(goals_for_period="   "), opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.goals_for_period"]
    assert psc.list_cases() == [] and rows(psc) == []


def test_goals_have_a_length_limit(psc: Psc) -> None:
    person_id = add_person(psc)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(goals_for_period="あ" * 401), opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.goals_for_period"]
    assert psc.list_cases() == []


def test_the_migration_makes_exactly_the_table_in_code(psc: Psc) -> None:
    check_migrations(psc, CODE)


def test_the_menu_command_speaks_the_current_language(psc_cli: Callable[..., Any]) -> None:
    english = psc_cli(CODE, "menu", lang="en")
    assert english.exit_code == 0, english.output
    assert "skill_up" in english.output and "skill-up program" in english.output
    listed = psc_cli("--help", lang="en")
    assert re.search(r"^  readiness +Work readiness support$", listed.output, re.M)  # its own help
    japanese = psc_cli(CODE, "menu", lang="ja")
    assert japanese.exit_code == 0, japanese.output
    assert "スキルアッププログラム" in japanese.output and "作業プログラム" in japanese.output
    assert "就労準備支援事業" in psc_cli(CODE, "--help").output
