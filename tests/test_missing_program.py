"""A program whose plugin is disabled or uninstalled while its data stays in the database:
migrations stop with a clear message (exit 6), and core treats its participation as
sensitive (withheld from all but administrators for every program, audited, never shown
as ciphertext)."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest

from psccore import Psc
from psccore.errors import ConfigurationError
from psccore.testing import consent_to_collect

CODE = "cancer_reemployment"


def _cancer_case(psc: Psc) -> tuple[int, int]:
    """A cancer case with sensitive answers; (person id, case id)."""
    person = psc.add_person({"name": "欠落 花子", "kana": "ケツラク ハナコ"})
    on = psc.today() - dt.timedelta(days=30)
    consent_to_collect(psc, person.id or 0, on)
    answers = dict(psc.programs[CODE].example_intake(random.Random(3)))  # type: ignore[misc]
    case = psc.open_case(person.id or 0, CODE, answers, on)
    return person.id or 0, case.case.id or 0


def _without(url: str, monkeypatch: pytest.MonkeyPatch, staff: str) -> Psc:
    monkeypatch.setenv("PSC_DISABLE_PLUGINS", CODE)
    return Psc.open(url, staff=staff, strict_plugins=True)


def test_migrations_stop_with_exit_6_naming_the_program(
        psc_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    psc = _without(psc_database_url, monkeypatch, "admin")
    for call in (psc.upgrade, psc.pending_migrations):
        with pytest.raises(ConfigurationError) as caught:
            call()
        assert caught.value.exit_code == 6
        assert CODE in caught.value.text("en") and "not loaded" in caught.value.text("en")
        assert "読み込まれていない事業" in caught.value.text("ja")
    psc.close()


def test_the_cli_says_so_and_exits_6(psc_database_url: str, psc_cli: object,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSC_DISABLE_PLUGINS", CODE)
    for command in ("upgrade", "status"):
        result = psc_cli("db", command, lang="en")  # type: ignore[operator]
        assert result.exit_code == 6, result.output
        assert "not loaded (cancer_reemployment)" in result.output
        assert "unexpected" not in result.output.lower()


def test_an_unloaded_programs_participation_is_withheld(
        psc: Psc, psc_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    person_id, case_id = _cancer_case(psc)
    psc.add_staff("looker", "閲覧 職員")
    psc.grant("looker", "read_only", "*")
    psc.add_staff("boss", "所長")
    psc.grant("boss", "supervisor", "*")
    for login in ("looker", "boss"):
        detail = _without(psc_database_url, monkeypatch, login).get_case(case_id)
        assert [e.program for e in detail.enrollments] == []
        assert detail.masked_fields == [] and CODE not in str(detail)
    admin = _without(psc_database_url, monkeypatch, "admin")
    detail = admin.get_case(case_id)
    [enrollment] = detail.enrollments
    assert enrollment.program == CODE
    assert set(enrollment.intake.values()) == {None}  # never ciphertext
    assert detail.masked_fields == sorted(f"{CODE}.{k}" for k in enrollment.intake)
    refused = [e for e in admin.audit_log(person_id=person_id) if e.action == "refuse"]
    assert {tuple(e.fields) for e in refused} >= {("participation",),
                                                 tuple(sorted(enrollment.intake))}
    admin.close()


def test_case_show_names_no_program_and_prints_no_ciphertext(
        psc: Psc, psc_cli: object, monkeypatch: pytest.MonkeyPatch) -> None:
    _, case_id = _cancer_case(psc)
    psc.add_staff("looker", "閲覧 職員")
    psc.grant("looker", "read_only", "*")
    monkeypatch.setenv("PSC_DISABLE_PLUGINS", CODE)
    shown = psc_cli("case", "show", str(case_id), lang="en", staff="looker")  # type: ignore[operator]
    assert shown.exit_code == 0, shown.output
    assert CODE not in shown.output and "psc1:" not in shown.output
    shown = psc_cli("case", "show", str(case_id), lang="en")  # type: ignore[operator]
    assert shown.exit_code == 0, shown.output
    assert "a program that is not installed (cancer_reemployment)" in shown.output
    assert "psc1:" not in shown.output and "referral_date" in shown.output


def _staff(psc: Psc) -> None:
    psc.add_staff("looker", "閲覧 職員")
    psc.grant("looker", "read_only", "*")
    psc.add_staff("boss", "所長")
    psc.grant("boss", "supervisor", "*")


def test_case_lists_leave_out_an_unloaded_programs_cases(
        psc: Psc, psc_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _, case_id = _cancer_case(psc)
    _staff(psc)
    for login in ("looker", "boss"):
        without = _without(psc_database_url, monkeypatch, login)
        assert case_id not in [c.case.id for c in without.list_cases()]
        assert without.list_cases(program=CODE) == []  # asking by its code tells nothing
        without.close()
    admin = _without(psc_database_url, monkeypatch, "admin")
    [listed] = [c for c in admin.list_cases() if c.case.id == case_id]
    assert listed.programs == [CODE]
    assert [c.case.id for c in admin.list_cases(program=CODE)] == [case_id]
    admin.close()


def test_the_agenda_and_timeline_leave_out_an_unloaded_program(
        psc: Psc, psc_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from psccore import AgendaQuery

    _, case_id = _cancer_case(psc)
    _staff(psc)
    query = AgendaQuery(today=psc.today(), no_contact_days=1)
    admin = _without(psc_database_url, monkeypatch, "admin")
    assert case_id in {i.case_id for i in admin.agenda(query)}
    assert case_id in {i.case_id for i in admin.agenda(attrs.evolve(query, program=CODE))}
    assert any(CODE in e.text for e in admin.timeline(case_id))
    admin.close()
    for login in ("looker", "boss"):
        without = _without(psc_database_url, monkeypatch, login)
        assert case_id not in {i.case_id for i in without.agenda(query)}
        assert without.agenda(attrs.evolve(query, program=CODE)) == []
        assert not any(CODE in e.text for e in without.timeline(case_id))
        without.close()


def test_a_refusal_does_not_name_an_unloaded_program(
        psc: Psc, psc_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from psccore.errors import AccessRefused

    _, case_id = _cancer_case(psc)
    psc.enroll(case_id, "household_budget", {"monthly_income": 1, "housing": "owned"},
               psc.today())
    psc.add_staff("other", "他事業 職員")
    psc.grant("other", "caseworker", "readiness")
    without = _without(psc_database_url, monkeypatch, "other")
    with pytest.raises(AccessRefused) as caught:
        without.get_case(case_id)
    for lang in ("ja", "en"):  # one answer for every refusal (no program named at all)
        assert CODE not in caught.value.text(lang)
        assert "household_budget" not in caught.value.text(lang)
    assert caught.value.text("en") == f"case {case_id} not found, or not yours to see"
    without.close()
