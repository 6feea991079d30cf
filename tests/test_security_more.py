"""Ways round the access rules that must stay closed."""

import datetime as dt
from pathlib import Path

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


def test_an_introduction_draws_only_on_cases_one_may_disclose(
        psc: Psc, setup: dict[str, int]) -> None:
    person = setup["person"]
    employer = psc.add_employer({"name": "株式会社A"}).id or 0
    psc.add_consent(person, {"employer_id": employer, "purpose": "紹介", "valid_from": "2026-04-01",
                             "valid_until": "2099-01-01",
                             "categories": ["assessment_summary", "health",
                                            "program_participation"]})
    psc.grant("other", "supervisor", OWN)  # now they may read the person …
    psc.grant("other", "read_only", OWN)  # … but not disclose from that case
    psc.open_case(person, OTHER, {"rent": 1}, D(2026, 4, 3))  # admin opens an OTHER case
    psc.grant("other", "supervisor", OTHER)
    sheet = psc.acting_as("other").introduce(person, employer, on=D(2026, 5, 1))
    sent = [i.key for s in sheet.sections for i in s.items]
    assert sent == [f"program.{OTHER}"]  # nothing from the household case


def test_enrolling_writes(psc: Psc, setup: dict[str, int]) -> None:
    psc.grant("other", "read_only", OWN)
    with pytest.raises(AccessRefused):
        psc.acting_as("other").enroll(setup["case"], OTHER, {"rent": 1})


def test_text_that_looks_sealed_in_a_general_field_is_just_text(
        psc: Psc, setup: dict[str, int]) -> None:
    person = psc.add_person({"name": "記号 太郎", "kana": "キゴウ タロウ"})
    case = psc.open_case(person.id or 0, OWN, {"monthly_income": 0, "housing": "public",
                                               "debts": [{"creditor": "psc1:x", "amount": 1}]})
    shown = psc.get_case(case.case.id or 0).enrollments[0].intake
    assert shown["debts"][0]["creditor"] == "psc1:x"
    from psccore.services.keys import rotate

    assert rotate(psc.ctx, check_only=True) >= 1


def test_the_last_administrator_stays(psc: Psc) -> None:
    with pytest.raises(InvalidInput):
        psc.set_staff_active("admin", False)
    with pytest.raises(InvalidInput):
        psc.revoke("admin")


def test_a_key_added_to_a_file_without_final_newline(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from psccore.crypto import add_key, load_keys, new_key_line

    keys = tmp_path / "k"
    keys.write_text(new_key_line("old"))  # no newline at the end
    new = add_key(keys)
    monkeypatch.setenv("PSC_KEY_FILE", str(keys))
    ring = load_keys()
    assert list(ring.keys) == ["old", new] and ring.active == new
    assert keys.stat().st_mode & 0o077 == 0


def test_an_unknown_staff_member_is_refused_and_audited(psc: Psc) -> None:
    with pytest.raises(AccessRefused):
        psc.acting_as("ghost").list_cases()
    assert [e.action for e in psc.audit_log(staff="ghost")] == ["refuse"]
