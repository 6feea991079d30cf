"""がん患者等就労支援 (cancer_reemployment): registration, intake rules, sensitive
fields, its own table and command."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from psc_cancer_reemployment.tables import cancer_reemployment_enrollments, metadata
from psccore import Label, Psc, rules
from psccore.errors import InvalidInput
from psccore.store.tables import audit_log

CODE = "cancer_reemployment"
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
                             "birth_date": "1975-05-05"})
    assert person.id is not None
    return person.id


def intake(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "track": "return_to_work",
        "referral_department": "仙台市立病院 乳腺外科",
        "referral_date": dt.date(2026, 4, 20),
        "treatment_status": "手術後、ホルモン療法を継続中",
        "expected_treatment_end": dt.date(2026, 9, 30),
        "work_possible_from": dt.date(2026, 7, 1),
        "current_employer": "東北フーズ株式会社",
        "leave_status": "on_leave",
        "sickness_allowance": "receiving",
    }
    answers.update(changes)
    return answers


def rows(psc: Psc) -> list[Any]:
    table = cancer_reemployment_enrollments
    with psc.ctx.db.read() as conn:
        return list(conn.execute(sa.select(table).order_by(table.c.id)).all())


def test_the_program_is_registered_with_both_labels(app: Psc) -> None:
    program = app.programs[CODE]
    assert program.label == Label("がん患者等就労支援", "Cancer re-employment support")
    assert program.description is not None and program.description.ja and program.description.en
    kinds = {m.kind for m in app.ctx.registry.menu if m.program == CODE}
    assert kinds == {"reemployment", "return_to_work", "keep_working", "expert_referral"}
    assert CODE in {m.branch for m in app.ctx.registry.migrations}


def test_medical_fields_are_sensitive_and_stay_out_of_the_plugin_table(app: Psc) -> None:
    fields = attrs.fields(app.programs[CODE].intake)
    sensitive = {a.name for a in fields if (found := rules.info(a)) and found.sensitive}
    assert sensitive == {"treatment_status", "expected_treatment_end"}
    assert not sensitive & set(cancer_reemployment_enrollments.columns.keys())


def test_example_intakes_pass_validation(app: Psc) -> None:
    program = app.programs[CODE]
    assert program.example_intake is not None
    person_id = add_person(app)
    for n in range(12):
        answers = program.example_intake(random.Random(n))
        detail = app.open_case(person_id, CODE, answers, opened_on=OPENED)
        assert detail.enrollments[0].intake == answers
    assert len(app.list_cases(program=CODE)) == 12
    assert len(rows(app)) == 12


def test_an_enrollment_gets_its_row_and_an_audit_entry(app: Psc) -> None:
    person_id = add_person(app)
    detail = app.open_case(person_id, CODE, intake(), opened_on=OPENED)
    enrollment = detail.enrollments[0]
    assert enrollment.intake["referral_date"] == "2026-04-20"
    assert enrollment.intake["expected_treatment_end"] == "2026-09-30"
    [row] = rows(app)
    assert (row.enrollment_id, row.track, row.referral_date) == (
        enrollment.id, "return_to_work", dt.date(2026, 4, 20))
    with app.ctx.db.read() as conn:
        entry = conn.execute(sa.select(audit_log).where(
            audit_log.c.entity == "cancer_reemployment_enrollments")).one()
    assert entry.entity_id == row.id and entry.person_id == person_id
    assert entry.fields == ["enrollment_id", "referral_date", "track"]
    assert app.verify_audit()[1] == []


def test_re_employment_needs_no_employer(app: Psc) -> None:
    person_id = add_person(app)
    app.open_case(person_id, CODE, intake(track="reemployment", current_employer=None,
                                          leave_status=None, expected_treatment_end=None),
                  opened_on=OPENED)
    [row] = rows(app)
    assert row.track == "reemployment"


@pytest.mark.parametrize("track", ["return_to_work", "keep_working"])
def test_returning_or_keeping_work_needs_the_employer(app: Psc, track: str) -> None:
    person_id = add_person(app)
    for employer in (None, "  "):
        with pytest.raises(InvalidInput) as caught:
            app.open_case(person_id, CODE, intake(track=track, current_employer=employer),
                          opened_on=OPENED)
        assert [p.path for p in caught.value.problems] == ["$.current_employer"]
    assert app.list_cases() == [] and rows(app) == []


def test_invalid_intake_names_every_problem_and_writes_nothing(app: Psc) -> None:
    person_id = add_person(app)
    bad = intake(track="retirement", referral_date="2026-02-30",
                 expected_treatment_end="いつか", leave_status="fired",
                 sickness_allowance="maybe")
    del bad["treatment_status"]
    with pytest.raises(InvalidInput) as caught:
        app.open_case(person_id, CODE, bad, opened_on=OPENED)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.track", "$.referral_date", "$.treatment_status",
                     "$.expected_treatment_end", "$.leave_status", "$.sickness_allowance"}
    assert app.list_cases() == [] and rows(app) == []


def test_text_fields_are_required_and_limited(app: Psc) -> None:
    person_id = add_person(app)
    with pytest.raises(InvalidInput) as caught:
        app.open_case(person_id, CODE, intake(referral_department=" ",
                                              treatment_status="経" * 401,
                                              current_employer="社" * 101),
                      opened_on=OPENED)
    assert {p.path for p in caught.value.problems} == {
        "$.referral_department", "$.treatment_status", "$.current_employer"}
    assert app.list_cases() == []


def test_the_migration_makes_exactly_the_table_in_code(app: Psc) -> None:
    def ours(name: str | None, type_: str, _parents: Any) -> bool:
        return type_ != "table" or name == cancer_reemployment_enrollments.name

    with app.ctx.db.read() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": ours})
        assert compare_metadata(context, metadata) == []


def test_on_every_database(psc: Psc) -> None:
    """The shared fixture runs this on SQLite and (with PSC_TEST_POSTGRES_URL) PostgreSQL."""
    person_id = add_person(psc)
    detail = psc.open_case(person_id, CODE, intake(track="keep_working", leave_status="working"),
                           opened_on=OPENED)
    [row] = rows(psc)
    assert row.enrollment_id == detail.enrollments[0].id
    assert (row.track, row.referral_date) == ("keep_working", dt.date(2026, 4, 20))


def test_the_menu_command_speaks_the_current_language(psc_cli: Callable[..., Any]) -> None:
    english = psc_cli(CODE, "menu", lang="en")
    assert english.exit_code == 0, english.output
    assert "expert_referral" in english.output and "return-to-work support" in english.output
    assert "がん患者等就労支援 — cancer re-employment support" in psc_cli("--help", lang="en").output
    japanese = psc_cli(CODE, "menu", lang="ja")
    assert japanese.exit_code == 0, japanese.output
    assert "職場復帰支援" in japanese.output and "社会保険労務士" in japanese.output
    assert "がん患者等就労支援" in psc_cli(CODE, "--help").output
