"""就労準備支援事業 (readiness): registration, intake rules, its own table and command."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from psc_readiness.tables import metadata, readiness_enrollments
from psccore import Label, Psc
from psccore.errors import InvalidInput
from psccore.store.tables import audit_log

CODE = "readiness"
OPENED = dt.date(2026, 5, 1)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Psc]:
    psc = Psc.open(f"sqlite:///{tmp_path / 't.db'}", staff="admin", strict_plugins=True)
    psc.upgrade()
    psc.add_staff("admin", "管理者")
    yield psc
    psc.close()


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


def test_the_program_is_registered_with_both_labels(app: Psc) -> None:
    program = app.programs[CODE]
    assert program.label == Label("就労準備支援事業", "Work readiness support")
    assert program.description is not None and program.description.ja and program.description.en
    kinds = {m.kind for m in app.ctx.registry.menu if m.program == CODE}
    assert kinds == {"work_program", "skill_up", "social_participation"}
    assert CODE in {m.branch for m in app.ctx.registry.migrations}


def test_example_intakes_pass_validation(app: Psc) -> None:
    program = app.programs[CODE]
    assert program.example_intake is not None
    person_id = add_person(app)
    for n in range(12):
        answers = program.example_intake(random.Random(n))
        detail = app.open_case(person_id, CODE, answers, opened_on=OPENED)
        assert detail.enrollments[0].intake == answers  # plain data round-trips unchanged
    assert len(app.list_cases(program=CODE)) == 12
    assert len(rows(app)) == 12


def test_an_enrollment_gets_its_row_and_an_audit_entry(app: Psc) -> None:
    person_id = add_person(app)
    detail = app.open_case(person_id, CODE, intake(autonomy_stage_at_start="social_life"),
                           opened_on=OPENED)
    enrollment = detail.enrollments[0]
    assert enrollment.program == CODE and enrollment.enrolled_on == OPENED
    [row] = rows(app)
    assert row.enrollment_id == enrollment.id and row.autonomy_stage == "social_life"
    with app.ctx.db.read() as conn:
        entry = conn.execute(sa.select(audit_log).where(
            audit_log.c.entity == "readiness_enrollments")).one()
    assert entry.entity_id == row.id and entry.person_id == person_id
    assert entry.action == "create" and entry.fields == ["autonomy_stage", "enrollment_id"]
    assert app.verify_audit()[1] == []


def test_invalid_intake_names_every_problem_and_writes_nothing(app: Psc) -> None:
    person_id = add_person(app)
    bad = intake(referral_route="friend", preferred_activities=["pc", "karaoke"])
    del bad["daily_rhythm"]
    with pytest.raises(InvalidInput) as caught:
        app.open_case(person_id, CODE, bad, opened_on=OPENED)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.referral_route", "$.daily_rhythm", "$.preferred_activities[1]"}
    assert "consultation_center" in caught.value.text("en")  # the allowed choices are named
    assert app.list_cases() == [] and rows(app) == []


def test_goals_are_required(app: Psc) -> None:
    person_id = add_person(app)
    with pytest.raises(InvalidInput) as caught:
        app.open_case(person_id, CODE, intake(goals_for_period="   "), opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.goals_for_period"]
    assert app.list_cases() == [] and rows(app) == []


def test_goals_have_a_length_limit(app: Psc) -> None:
    person_id = add_person(app)
    with pytest.raises(InvalidInput) as caught:
        app.open_case(person_id, CODE, intake(goals_for_period="あ" * 401), opened_on=OPENED)
    assert [p.path for p in caught.value.problems] == ["$.goals_for_period"]
    assert app.list_cases() == []


def test_the_migration_makes_exactly_the_table_in_code(app: Psc) -> None:
    def ours(name: str | None, type_: str, _parents: Any) -> bool:
        return type_ != "table" or name == readiness_enrollments.name

    with app.ctx.db.read() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": ours})
        assert compare_metadata(context, metadata) == []


def test_on_every_database(psc: Psc) -> None:
    """The shared fixture runs this on SQLite and (with PSC_TEST_POSTGRES_URL) PostgreSQL."""
    person_id = add_person(psc)
    detail = psc.open_case(person_id, CODE, intake(), opened_on=OPENED)
    [row] = rows(psc)
    assert row.enrollment_id == detail.enrollments[0].id and row.autonomy_stage == "daily_living"


def test_the_menu_command_speaks_the_current_language(psc_cli: Callable[..., Any]) -> None:
    english = psc_cli(CODE, "menu", lang="en")
    assert english.exit_code == 0, english.output
    assert "skill_up" in english.output and "skill-up program" in english.output
    listed = psc_cli("--help", lang="en")
    assert "就労準備支援事業 — work-readiness support" in listed.output
    japanese = psc_cli(CODE, "menu", lang="ja")
    assert japanese.exit_code == 0, japanese.output
    assert "スキルアッププログラム" in japanese.output and "作業プログラム" in japanese.output
    assert "就労準備支援事業" in psc_cli(CODE, "--help").output
