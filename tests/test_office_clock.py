"""The office clock: "today" is the office's day (Asia/Tokyo by default), whatever the
machine's time zone; a record made just after midnight in Japan is dated that day."""

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from psccore.app import Psc
from psccore.clock import OfficeClock
from psccore.dates import fiscal_year
from psccore.domain.program import ReportPeriod
from psccore.errors import ConfigurationError, InvalidInput

JST = dt.timezone(dt.timedelta(hours=9))
PROGRAM = "household_budget"


@pytest.fixture(autouse=True)
def _host_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's local time is UTC, as on many servers."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("PSC_TIME_ZONE", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at(psc: Psc, moment: dt.datetime) -> Psc:
    """The same office, its clock stopped at ``moment``."""
    return Psc.open(psc.ctx.db.url, staff=psc.staff_login, registry=psc.ctx.registry,
                    clock=OfficeClock.fixed(moment))


def _case(psc: Psc, opened_on: dt.date) -> int:
    person = psc.add_person({"name": "斎藤 和也", "kana": "サイトウ カズヤ",
                             "birth_date": "1985-02-03"})
    detail = psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 50000,
                                                     "housing": "rented"}, opened_on)
    return detail.case.id or 0


def test_the_office_day_is_japanese_on_a_utc_host() -> None:
    utc_moment = dt.datetime(2027, 3, 31, 15, 30, tzinfo=dt.UTC)  # 00:30 JST, 1 April
    assert dt.datetime.fromtimestamp(utc_moment.timestamp()).date() == dt.date(2027, 3, 31)
    clock = OfficeClock.fixed(utc_moment)
    assert clock.today() == dt.date(2027, 4, 1)
    assert clock.now().utcoffset() == dt.timedelta(hours=9)
    assert OfficeClock.fixed(dt.datetime(2027, 4, 1, 0, 30)).today() == dt.date(2027, 4, 1)
    assert OfficeClock().now().tzinfo is not None  # the running clock, in the office's zone


def test_the_zone_comes_from_psc_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSC_TIME_ZONE", "America/New_York")
    clock = OfficeClock.fixed(dt.datetime(2027, 4, 1, 0, 30, tzinfo=JST))
    assert clock.today() == dt.date(2027, 3, 31)
    monkeypatch.setenv("PSC_TIME_ZONE", "Mars/Olympus_Mons")
    with pytest.raises(ConfigurationError) as caught:
        OfficeClock.from_env()
    assert "Mars/Olympus_Mons" in caught.value.text("en")
    assert "タイムゾーン" in caught.value.text("ja")


def test_a_record_at_half_past_midnight_jst_is_dated_that_japanese_day(psc: Psc) -> None:
    april = at(psc, dt.datetime(2027, 4, 1, 0, 30, tzinfo=JST))
    case_id = _case(april, dt.date(2027, 3, 1))
    assert april.today() == dt.date(2027, 4, 1)
    record = april.add_record(case_id, {"kind": "phone", "summary": "深夜の電話"})
    assert record.on == dt.date(2027, 4, 1)
    # that day is not "in the future"; the next one is
    assert april.add_record(case_id, {"on": "2027-04-01", "kind": "visit",
                                      "summary": "来所"}).on == dt.date(2027, 4, 1)
    with pytest.raises(InvalidInput) as caught:
        april.add_record(case_id, {"on": "2027-04-02", "kind": "visit", "summary": "予定"})
    assert "cannot be in the future" in caught.value.text("en")
    assert fiscal_year(april.today()) == 2027  # the default fiscal year


def test_half_an_hour_before_midnight_jst_is_still_the_31st(psc: Psc) -> None:
    march = at(psc, dt.datetime(2027, 3, 31, 23, 30, tzinfo=JST))
    case_id = _case(march, dt.date(2027, 3, 1))
    assert march.add_record(case_id, {"kind": "phone", "summary": "夜の電話"}).on == \
        dt.date(2027, 3, 31)
    assert fiscal_year(march.today()) == 2026
    with pytest.raises(InvalidInput):
        march.open_case(_person(march), PROGRAM, {"monthly_income": 1, "housing": "rented"},
                        dt.date(2027, 4, 1))


def _person(psc: Psc) -> int:
    return psc.add_person({"name": "別の 人", "kana": "ベツノ ヒト"}).id or 0


def test_a_report_counts_months_begun_by_the_office_day(psc: Psc) -> None:
    april = at(psc, dt.datetime(2027, 4, 1, 0, 30, tzinfo=JST))
    _case(april, dt.date(2027, 3, 1))
    report = april.build_report(ReportPeriod.fiscal_year(2027))
    assert report.made_on == dt.date(2027, 4, 1)
    monthly = [s for s in report.sections if s.months]
    assert monthly, "a section reported by month"
    first, second = monthly[0].months[0], monthly[0].months[1]
    assert first.period.start == dt.date(2027, 4, 1)
    assert any(r.value != "-" for r in first.rows)  # April has begun in Japan
    assert all(r.value == "-" for r in second.rows)  # May has not


def test_a_birth_date_is_checked_against_the_office_s_day(psc: Psc) -> None:
    """At 00:30 in Japan (still the day before in UTC), a child born that Japanese day may
    be registered; the next day is in the future. Outside a unit of work too (the rule
    then reads the office's zone, not the machine's)."""
    from psccore.clock import office_today
    from psccore.domain.convert import structure
    from psccore.domain.people import Person

    office = at(psc, dt.datetime(2027, 4, 1, 0, 30, tzinfo=JST))
    born = office.add_person({"name": "新生 一郎", "kana": "シンセイ イチロウ",
                              "birth_date": "2027-04-01"})
    assert born.birth_date == dt.date(2027, 4, 1)
    with pytest.raises(InvalidInput) as caught:
        office.add_person({"name": "未来 次郎", "kana": "ミライ ジロウ",
                           "birth_date": "2027-04-02"})
    assert "birth_date" in str(caught.value.problems)
    assert office_today() == dt.datetime.now(JST).date()
    tomorrow = (dt.datetime.now(JST) + dt.timedelta(days=1)).date().isoformat()
    with pytest.raises(InvalidInput):
        structure({"name": "未来 三郎", "kana": "ミライ サブロウ", "birth_date": tomorrow}, Person)
