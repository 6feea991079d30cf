"""What an introduction sheet gives an employer: only what the person consented to,
from cases the staff member may disclose from."""

import datetime as dt
import json

import pytest

from psccore.app import Psc

D = dt.date
PROGRAM = OWN = "household_budget"
OTHER = "housing_support"


@pytest.fixture
def case_id(psc: Psc) -> int:
    person = psc.add_person({"name": "伊藤 誠", "kana": "イトウ マコト", "birth_date": "1980-08-08"})
    return psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         D(2026, 4, 1)).case.id or 0


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


def test_health_barriers_go_only_under_a_health_consent(psc: Psc, case_id: int) -> None:
    employer = psc.add_employer({"name": "株式会社A"}).id or 0
    person = psc.get_case(case_id).person.id or 0
    psc.record_assessment(case_id, {"assessed_on": "2026-04-02", "autonomy_stage": "work",
                                    "barriers": ["disability", "long_gap", "health"]})
    psc.add_consent(person, {"employer_id": employer, "categories": ["assessment_summary"],
                             "purpose": "紹介", "valid_from": "2026-04-01",
                             "valid_until": "2026-12-31"})
    sheet = psc.introduce(person, employer, on=D(2026, 5, 1))
    text = json.dumps([[i.value for i in s.items] for s in sheet.sections], ensure_ascii=False)
    assert "長期の離職" in text and "障害" not in text and "心身" not in text


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
