"""Employers, placements, consent-gated introductions and the fiscal-year table."""

import datetime as dt

import pytest

from psccore.app import Psc
from psccore.errors import InvalidInput, NotAllowed

D = dt.date
PROGRAM = "household_budget"


@pytest.fixture
def case_id(psc: Psc) -> int:
    person = psc.add_person({"name": "小野寺 結衣", "kana": "オノデラ ユイ",
                             "birth_date": "1996-05-05", "ward": "泉区"})
    return psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         D(2013, 4, 1)).case.id or 0


def _host(psc: Psc, name: str = "株式会社A", since: str = "2013-04-01",
          role: str = "internship_host") -> int:
    employer = psc.add_employer({"name": name, "kana": "カブシキガイシャエー",
                                 "industry": "衣料品プリント加工", "ward": "宮城野区"})
    psc.add_partner_role(employer.id or 0, {"role": role, "since": since})
    return employer.id or 0


def _internship(psc: Psc, case_id: int, host: int, start: str, end: str, days: int) -> object:
    return psc.add_internship(case_id, {"host_id": host, "start_on": start, "end_on": end,
                                        "days": days, "stipend_per_day": 1000})


@pytest.mark.parametrize(("days", "ok"), [(4, False), (5, True), (20, True), (21, False)])
def test_an_internship_lasts_5_to_20_days(psc: Psc, case_id: int, days: int, ok: bool) -> None:
    host = _host(psc)
    if ok:
        _internship(psc, case_id, host, "2013-06-03", "2013-06-30", days)
        return
    with pytest.raises(InvalidInput) as caught:
        _internship(psc, case_id, host, "2013-06-03", "2013-06-30", days)
    assert [p.path for p in caught.value.problems] == ["$.days"]
    assert "between 5 and 20" in caught.value.text("en")
    assert psc.placements_of(case_id).internships == []


def test_a_host_must_be_a_partner_on_the_start_date(psc: Psc, case_id: int) -> None:
    host = _host(psc, since="2013-07-01")
    with pytest.raises(InvalidInput) as caught:
        _internship(psc, case_id, host, "2013-06-03", "2013-06-14", 10)
    assert "is not a partner as internship host" in caught.value.text("en")


def test_training_lasts_3_to_6_months(psc: Psc, case_id: int) -> None:
    provider = _host(psc, "株式会社JM", role="training_provider")
    base = {"provider_id": provider, "training_type": "employment", "start_on": "2015-05-01"}
    for end in ("2015-07-30", "2015-11-02"):
        with pytest.raises(InvalidInput):
            psc.add_training(case_id, {**base, "end_on": end})
    for end in ("2015-07-31", "2015-11-01"):
        psc.add_training(case_id, {**base, "end_on": end})
    assert len(psc.placements_of(case_id).trainings) == 2


def test_uncertified_training_runs_up_to_a_year_and_is_not_counted_as_certified(
        psc: Psc, case_id: int) -> None:
    provider = _host(psc, "株式会社JM", role="training_provider")
    base = {"provider_id": provider, "training_type": "employment", "start_on": "2015-05-01",
            "certified": False}
    psc.add_training(case_id, {**base, "end_on": "2015-05-14"})  # two weeks
    psc.add_training(case_id, {**base, "end_on": "2016-05-01"})  # a year
    with pytest.raises(InvalidInput):
        psc.add_training(case_id, {**base, "end_on": "2016-05-02"})
    psc.add_training(case_id, {**base, "certified": True, "end_on": "2015-10-31"})
    [year] = psc.employment_statistics(2015, 2015)
    assert year.trainings == 1  # only the city-certified one


def test_employment_schedules_follow_ups_at_1_3_and_6_months(psc: Psc, case_id: int) -> None:
    job = psc.add_employment(case_id, {"employer_name": "株式会社B", "start_on": "2014-01-31",
                                       "employment_type": "part_time"})
    checks = psc.placements_of(case_id).retention[job.id]
    assert [(c.month, c.due_on) for c in checks] == [
        (1, D(2014, 2, 28)), (3, D(2014, 4, 30)), (6, D(2014, 7, 31))]
    psc.record_retention(checks[0].id or 0, {"still_employed": True, "note": "順調"})
    with pytest.raises(InvalidInput):
        psc.record_retention(checks[0].id or 0, {"still_employed": True})


# --- consent and introductions ------------------------------------------------------------

def _consent(psc: Psc, person_id: int, employer: int, categories: list[str],
             until: str = "2026-12-31") -> int:
    return psc.add_consent(person_id, {"employer_id": employer, "categories": categories,
                                       "purpose": "職業体験実習の受入れ調整",
                                       "valid_from": "2026-04-01", "valid_until": until,
                                       "form_reference": "同意書 2026-017"}).id or 0


def _person(psc: Psc, case_id: int) -> int:
    return psc.get_case(case_id).person.id or 0


def test_an_introduction_without_consent_is_refused_and_records_nothing(
        psc: Psc, case_id: int) -> None:
    host = _host(psc)
    before = psc.verify_audit()[0]
    with pytest.raises(NotAllowed) as caught:
        psc.introduce(_person(psc, case_id), host, on=D(2026, 5, 1))
    assert "no consent in force" in caught.value.text("en")
    assert psc.list_disclosures(_person(psc, case_id)) == []
    assert psc.verify_audit()[0] == before


def test_withdrawal_and_expiry_take_effect_at_once(psc: Psc, case_id: int) -> None:
    host, person = _host(psc), _person(psc, case_id)
    consent = _consent(psc, person, host, ["basic_profile"], until="2026-06-30")
    psc.introduce(person, host, on=D(2026, 6, 30))  # the last valid day
    with pytest.raises(NotAllowed):
        psc.introduce(person, host, on=D(2026, 7, 1))  # expired
    psc.withdraw_consent(consent, on=D(2026, 5, 10))
    with pytest.raises(NotAllowed):
        psc.introduce(person, host, on=D(2026, 5, 10))  # withdrawn that day
    psc.introduce(person, host, on=D(2026, 5, 9))  # the day before still counted
    assert len(psc.list_disclosures(person)) == 2


def test_a_disclosure_records_every_item_sent_and_nothing_more(psc: Psc, case_id: int) -> None:
    host, person = _host(psc), _person(psc, case_id)
    psc.add_work_history(person, {"employer_name": "仙台物流", "started_on": "2018-04-01",
                                  "ended_on": "2020-03-31", "duties": "倉庫内作業"})
    psc.record_assessment(case_id, {"assessed_on": "2026-04-02", "autonomy_stage": "work",
                                    "barriers": ["long_gap"]})
    _consent(psc, person, host, ["basic_profile", "work_history"])
    with pytest.raises(NotAllowed) as caught:
        psc.introduce(person, host, ["assessment_summary"], on=D(2026, 5, 1))
    assert "does not cover" in caught.value.text("en")
    sheet = psc.introduce(person, host, on=D(2026, 5, 1))
    sent = {f"{s.category.value}.{i.key}": i.value for s in sheet.sections for i in s.items}
    assert sent == {"basic_profile.name": "小野寺 結衣", "basic_profile.kana": "オノデラ ユイ",
                    "basic_profile.age": "29", "basic_profile.ward": "泉区",
                    "work_history.job1": "仙台物流 / 倉庫内作業"}
    [disclosure] = psc.list_disclosures(person)
    assert sorted(disclosure.items) == sorted(sent)
    assert (disclosure.employer_id, disclosure.on, disclosure.document) == (
        host, D(2026, 5, 1), "introduction_sheet")


# --- statistics ---------------------------------------------------------------------------

def test_the_fiscal_year_table_counts_across_31_march_and_the_era_change(
        psc: Psc, case_id: int) -> None:
    """Hand-worked: hosts A (from FY2013) and B (FY2018 only); internships on 31 Mar 2019
    (FY2018) and 1 Apr 2019 (FY2019), the second followed by a job; one training in FY2019."""
    a = _host(psc, "株式会社A", since="2013-04-01")
    b = psc.add_employer({"name": "B商店"}).id or 0
    psc.add_partner_role(b, {"role": "internship_host", "since": "2018-04-01",
                             "until": "2019-03-31"})
    provider = _host(psc, "株式会社JM", since="2019-06-01", role="training_provider")
    _internship(psc, case_id, a, "2019-03-25", "2019-03-31", 5)
    _internship(psc, case_id, b, "2019-03-31", "2019-04-10", 5)  # starts in FY2018
    _internship(psc, case_id, a, "2019-04-01", "2019-04-12", 8)
    psc.add_employment(case_id, {"employer_id": a, "start_on": "2019-05-01",
                                 "employment_type": "part_time"})
    psc.add_training(case_id, {"provider_id": provider, "training_type": "non_employment",
                               "start_on": "2019-07-01", "end_on": "2019-12-31"})
    years = {y.fiscal_year: y for y in psc.employment_statistics(2017, 2019)}
    row = lambda y: (y.internship_hosts, y.internships, y.employed_after_internship,  # noqa: E731
                     y.training_providers, y.trainings)
    assert row(years[2017]) == (1, 0, 0, 0, 0)
    assert row(years[2018]) == (2, 2, 1, 0, 0)
    assert row(years[2019]) == (1, 1, 1, 1, 1)
