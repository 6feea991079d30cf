"""The CLI (core and a program's commands) dates things by the office's day: on a host
whose clock is UTC, at 00:30 JST on 1 April 2027 it is already 1 April (the new fiscal
year) in the office, though the machine still says 31 March.

The clock is frozen the way a test freezes the library's (``OfficeClock.fixed``), by
making the clock factory the CLI opens the library with (``OfficeClock.from_env``) give it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Iterator

import pytest

from psccore.app import Psc
from psccore.clock import OfficeClock
from psccore.testing import consent_to_collect

MOMENT = dt.datetime(2027, 3, 31, 15, 30, tzinfo=dt.UTC)  # 00:30 JST, 1 April 2027
APRIL_1 = dt.date(2027, 4, 1)


@pytest.fixture
def office(psc: Psc, monkeypatch: pytest.MonkeyPatch) -> Iterator[Psc]:
    """The host in UTC, the office clock stopped at 00:30 JST on 1 April; the library
    (for setting up) on the same clock."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("PSC_TIME_ZONE", raising=False)
    time.tzset()
    frozen = OfficeClock.fixed(MOMENT)
    monkeypatch.setattr(OfficeClock, "from_env", classmethod(lambda cls: frozen))
    app = Psc.open(psc.ctx.db.url, staff=psc.staff_login, registry=psc.ctx.registry,
                   clock=frozen)
    yield app
    app.close()
    monkeypatch.undo()
    time.tzset()


def _case(psc: Psc, opened_on: dt.date, program: str = "household_budget") -> int:
    person = psc.add_person({"name": "斎藤 和也", "kana": "サイトウ カズヤ"},
                            allow_duplicate=True)
    if program == "cancer_reemployment":
        consent_to_collect(psc, person.id or 0, opened_on)
        intake = dict(psc.programs[program].example_intake(random.Random(2)))  # type: ignore[misc]
    else:
        intake = {"monthly_income": 50000, "housing": "rented"}
    return psc.open_case(person.id or 0, program, intake, opened_on).case.id or 0


def test_a_record_made_after_midnight_is_dated_the_office_day(office: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    case = _case(office, dt.date(2027, 3, 1))
    made = psc_cli("record", "add", str(case), "--kind", "phone", "--summary", "確認", "--json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["on"] == "2027-04-01"
    assert [r.on for r in office.list_records(case)] == [APRIL_1]


def test_on_today_is_not_in_the_future(office: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    case = _case(office, dt.date(2027, 3, 1))
    made = psc_cli("record", "add", str(case), "--kind", "visit", "--summary", "面談",
                   "--on", "2027-04-01", lang="en")
    assert made.exit_code == 0, made.output
    late = psc_cli("record", "add", str(case), "--kind", "visit", "--summary", "面談",
                   "--on", "2027-04-02", lang="en")
    assert late.exit_code == 2 and "future" in late.output


def test_a_programs_command_takes_the_office_day(office: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    case = _case(office, dt.date(2027, 3, 1), "cancer_reemployment")
    made = psc_cli("cancer_reemployment", "refer", str(case), "hello_work", "--on",
                   "2027-04-01", "--purpose", "求職相談", lang="en")
    assert made.exit_code == 0, made.output


def test_the_default_fiscal_year_is_the_new_one(office: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    shown = psc_cli("report", "fy", "--json")
    assert shown.exit_code == 0, shown.output
    report = json.loads(shown.stdout)
    assert (report["period"]["start"], report["made_on"]) == ("2027-04-01", "2027-04-01")
    assert "FY2027" in report["period"]["label"]["en"]


def test_the_agenda_is_as_of_the_office_day(office: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    case = _case(office, dt.date(2027, 3, 2))  # 30 days without contact on 1 April
    shown = psc_cli("agenda", "--all", "--json")
    assert shown.exit_code == 0, shown.output
    due = [i for i in json.loads(shown.stdout) if i["kind"] == "no_contact"]
    assert [(i["case_id"], i["due_on"], i["late"]) for i in due] == [(case, "2027-04-01", False)]
