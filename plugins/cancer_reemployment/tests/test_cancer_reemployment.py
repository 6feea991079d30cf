"""がん患者等就労支援 (cancer_reemployment): registration, intake rules, sensitive
fields, its own table and command."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from psc_cancer_reemployment.tables import cancer_reemployment_enrollments
from psccore import Label, Psc, rules
from psccore.errors import InvalidInput
from psccore.store.tables import audit_log
from psccore.testing import check_example_intakes, check_migrations, consent_to_collect

CODE = "cancer_reemployment"
OPENED = dt.date(2026, 5, 1)


def add_person(psc: Psc, consent: bool = True) -> int:
    """Someone referred by the hospital who (unless ``consent`` is false) agreed in
    writing that their medical details be collected."""
    person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ",
                             "birth_date": "1975-05-05"})
    assert person.id is not None
    if consent:
        consent_to_collect(psc, person.id, dt.date(2026, 4, 20))
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


def test_the_program_is_registered_with_both_labels(psc: Psc) -> None:
    program = psc.programs[CODE]
    assert program.label == Label("がん患者等就労支援", "Cancer re-employment support")
    assert program.description is not None and program.description.ja and program.description.en
    kinds = {m.kind for m in psc.ctx.registry.menu if m.program == CODE}
    assert kinds == {"reemployment", "return_to_work", "keep_working", "expert_referral"}
    assert CODE in {m.branch for m in psc.ctx.registry.migrations}


def test_medical_fields_are_sensitive_and_stay_out_of_the_plugin_table(psc: Psc) -> None:
    fields = attrs.fields(psc.programs[CODE].intake)
    sensitive = {a.name for a in fields if (found := rules.info(a)) and found.sensitive}
    assert sensitive == {"referral_department", "treatment_status", "treatment_outlook",
                         "expected_treatment_end",
                         "hours_needed", "rest_needed", "commuting_needs", "tasks_to_avoid",
                         "hospital_visits"}
    assert not sensitive & set(cancer_reemployment_enrollments.columns.keys())


def test_example_intakes_pass_validation(psc: Psc) -> None:
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
    assert enrollment.intake["referral_date"] == "2026-04-20"
    assert enrollment.intake["expected_treatment_end"] == "2026-09-30"
    [row] = rows(psc)
    assert (row.enrollment_id, row.track, row.referral_date) == (
        enrollment.id, "return_to_work", dt.date(2026, 4, 20))
    with psc.ctx.db.read() as conn:
        entry = conn.execute(sa.select(audit_log).where(
            audit_log.c.entity == "cancer_reemployment_enrollments")).one()
    assert entry.entity_id == row.id and entry.person_id == person_id
    assert entry.fields == ["enrollment_id", "referral_date", "track"]
    assert psc.verify_audit()[1] == []


def test_re_employment_needs_no_employer(psc: Psc) -> None:
    person_id = add_person(psc)
    psc.open_case(person_id, CODE, intake(track="reemployment", current_employer=None,
                                          leave_status=None, expected_treatment_end=None),
                  opened_on=OPENED)
    [row] = rows(psc)
    assert row.track == "reemployment"


@pytest.mark.parametrize("track", ["return_to_work", "keep_working"])
def test_returning_or_keeping_work_needs_the_employer(psc: Psc, track: str) -> None:
    person_id = add_person(psc)
    for employer in (None, "  "):
        with pytest.raises(InvalidInput) as caught:
            psc.open_case(person_id, CODE, intake(track=track, current_employer=employer),
                          opened_on=OPENED)
        assert [p.path for p in caught.value.problems] == ["$.current_employer"]
    assert psc.list_cases() == [] and rows(psc) == []


def test_invalid_intake_names_every_problem_and_writes_nothing(psc: Psc) -> None:
    person_id = add_person(psc)
    bad = intake(track="retirement", referral_date="2026-02-30",
                 expected_treatment_end="いつか", leave_status="fired",
                 sickness_allowance="maybe")
    del bad["treatment_status"]
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, bad, opened_on=OPENED)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"$.track", "$.referral_date", "$.treatment_status",
                     "$.expected_treatment_end", "$.leave_status", "$.sickness_allowance"}
    assert psc.list_cases() == [] and rows(psc) == []


def test_text_fields_are_required_and_limited(psc: Psc) -> None:
    person_id = add_person(psc)
    with pytest.raises(InvalidInput) as caught:
        psc.open_case(person_id, CODE, intake(referral_department=" ",
                                              treatment_status="経" * 401,
                                              current_employer="社" * 101),
                      opened_on=OPENED)
    assert {p.path for p in caught.value.problems} == {
        "$.referral_department", "$.treatment_status", "$.current_employer"}
    assert psc.list_cases() == []


def test_the_migration_makes_exactly_the_table_in_code(psc: Psc) -> None:
    check_migrations(psc, CODE)


def test_the_menu_command_speaks_the_current_language(psc_cli: Callable[..., Any]) -> None:
    english = psc_cli(CODE, "menu", lang="en")
    assert english.exit_code == 0, english.output
    assert "expert_referral" in english.output and "return-to-work support" in english.output
    listed = psc_cli("--help", lang="en").output  # the group's own help, in the list
    assert re.search(r"^  cancer_reemployment +Cancer re-employment support$", listed, re.M)
    japanese = psc_cli(CODE, "menu", lang="ja")
    assert japanese.exit_code == 0, japanese.output
    assert "職場復帰支援" in japanese.output and "社会保険労務士" in japanese.output
    assert "がん患者等就労支援" in psc_cli(CODE, "--help").output
