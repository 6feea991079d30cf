"""Ways round the access rules that must stay closed: importing, opening or enrolling
for someone one may not act for, an unknown login, removing the last administrator."""

import datetime as dt

import pytest

from psccore.app import Psc
from psccore.domain.convert import unstructure
from psccore.errors import AccessRefused, InvalidInput

D = dt.date
OWN, OTHER = "household_budget", "housing_support"


@pytest.fixture
def setup(psc: Psc) -> dict[str, int]:
    person = psc.add_person({"name": "保護 花子", "kana": "ホゴ ハナコ", "birth_date": "1990-01-01"})
    case = psc.open_case(person.id or 0, OWN, {"monthly_income": 0, "housing": "rented",
                                               "health_note": "SECRET-1"}, D(2026, 4, 1))
    psc.record_assessment(case.case.id or 0, {"assessed_on": "2026-04-02",
                                              "autonomy_stage": "work", "barriers": ["health"]})
    psc.add_staff("other", "他事業の支援員")
    psc.grant("other", "supervisor", OTHER)
    return {"person": person.id or 0, "case": case.case.id or 0}


def test_import_needs_a_staff_member_a_program_and_the_right_to_the_person(
        psc: Psc, setup: dict[str, int]) -> None:
    doc = unstructure(psc.export_case(setup["case"]))
    with pytest.raises(AccessRefused):
        psc.acting_as("nobody").import_case(doc, person_id=setup["person"])
    with pytest.raises(InvalidInput):
        psc.import_case({**doc, "enrollments": []}, person_id=setup["person"])
    other_doc = {**doc, "enrollments": [{"program": OTHER, "enrolled_on": "2026-04-01",
                                         "intake": {"rent": 1}}], "plans": [], "records": [],
                 "assessments": []}
    with pytest.raises(AccessRefused):  # attaching to someone they may not read
        psc.acting_as("other").import_case(other_doc, person_id=setup["person"])


def test_opening_a_case_does_not_take_over_someone_else(psc: Psc, setup: dict[str, int]) -> None:
    with pytest.raises(AccessRefused):
        psc.acting_as("other").open_case(setup["person"], OTHER, {"rent": 40000})
    with pytest.raises(AccessRefused):
        psc.acting_as("other").get_person(setup["person"])


def test_enrolling_writes(psc: Psc, setup: dict[str, int]) -> None:
    psc.grant("other", "read_only", OWN)
    with pytest.raises(AccessRefused):
        psc.acting_as("other").enroll(setup["case"], OTHER, {"rent": 1})


def test_an_unknown_staff_member_is_refused_and_audited(psc: Psc) -> None:
    with pytest.raises(AccessRefused):
        psc.acting_as("ghost").list_cases()
    assert [e.action for e in psc.audit_log(staff="ghost")] == ["refuse"]


def test_the_last_administrator_stays(psc: Psc) -> None:
    with pytest.raises(InvalidInput):
        psc.set_staff_active("admin", False)
    with pytest.raises(InvalidInput):
        psc.revoke("admin")
    with pytest.raises(InvalidInput):
        psc.grant("admin", "caseworker")


def test_granting_a_role_already_held_changes_nothing(psc: Psc) -> None:
    """The last administrator given the administrator's role again (a script run twice)
    is no removal of the last administrator: nothing changes, nothing is audited."""
    seq = psc.audit_head()[0]
    assert psc.grant("admin", "administrator").role.value == "administrator"
    assert psc.audit_head()[0] == seq
