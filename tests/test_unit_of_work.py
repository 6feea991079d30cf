"""A unit of work per call: the acting staff member and their roles are read once,
nested units join the outer one, and a report is one transaction (one snapshot)."""

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.domain.program import ReportPeriod
from psccore.services import office
from psccore.store import tables as t
from psccore.testing import consent_to_collect

CANCER = "cancer_reemployment"
START = dt.date(2026, 4, 1)
STAFF_ROW = re.compile(r"\bFROM staff\b(?!_)", re.IGNORECASE)
ROLES = re.compile(r"\bFROM staff_roles\b", re.IGNORECASE)


class Seen:
    """Statements, transactions and connections on an engine, once counting starts."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.begins = 0
        self.checkouts = 0
        self._listening: list[tuple[Any, str, Any]] = []

    def start(self, engine: sa.Engine) -> None:
        """Count from now (after a test's own set-up)."""
        def statement(_conn: Any, _cursor: Any, text: str, *_: Any) -> None:
            self.statements.append(text)

        def begin(*_: Any) -> None:
            self.begins += 1

        def checkout(*_: Any) -> None:
            self.checkouts += 1

        self._listening = [(engine, "before_cursor_execute", statement),
                           (engine, "begin", begin), (engine.pool, "checkout", checkout)]
        for target, name, fn in self._listening:
            sa.event.listen(target, name, fn)

    def stop(self) -> None:
        for target, name, fn in self._listening:
            sa.event.remove(target, name, fn)
        self._listening = []

    def reading(self, pattern: re.Pattern[str]) -> int:
        """How many SELECTs read the table ``pattern`` names."""
        return sum(1 for s in self.statements if s.lstrip().upper().startswith("SELECT")
                   and pattern.search(s))


@pytest.fixture
def seen() -> Iterator[Seen]:
    found = Seen()
    yield found
    found.stop()


def counting(psc: Psc, found: Seen) -> None:
    found.start(psc.ctx.db.engine)


def _cancer_intake() -> dict[str, Any]:
    return {"track": "return_to_work", "referral_department": "仙台市立病院 乳腺外科",
            "referral_date": START, "treatment_status": "手術後、ホルモン療法を継続中",
            "treatment_outlook": "半年で一段落", "hours_needed": "1日6時間まで",
            "current_employer": "東北フーズ株式会社", "leave_status": "on_leave"}


def _person(psc: Psc, name: str = "山田 花子") -> int:
    return psc.add_person({"name": name, "kana": "ヤマダ ハナコ", "birth_date": "1975-01-01"},
                          allow_duplicate=True).id or 0


def test_opening_a_case_with_a_sensitive_field_reads_staff_and_roles_once(
        psc: Psc, seen: Seen) -> None:
    someone = _person(psc)
    consent_to_collect(psc, someone, START - dt.timedelta(days=3))
    counting(psc, seen)
    detail = psc.open_case(someone, CANCER, _cancer_intake(), opened_on=START)
    assert detail.enrollments[0].intake["treatment_status"] == "手術後、ホルモン療法を継続中"
    assert seen.reading(STAFF_ROW) == 1, seen.statements
    assert seen.reading(ROLES) == 1, seen.statements
    assert seen.begins == 1  # one unit, one transaction


def test_nested_reads_join_the_outer_unit(psc: Psc, seen: Seen) -> None:
    someone = _person(psc)
    counting(psc, seen)
    with psc.ctx.read() as outer:
        with psc.ctx.read() as inner:
            assert inner.conn is outer.conn
            assert inner.grants() is outer.grants()
        assert psc.get_person(someone).id == someone  # a public call inside joins too
        psc.list_cases()
        psc.office()
    assert seen.begins == 1 and seen.checkouts == 1
    assert seen.reading(ROLES) == 1 and seen.reading(STAFF_ROW) == 1


def test_a_write_inside_a_write_is_one_transaction_and_one_audit_chain(
        psc: Psc, seen: Seen) -> None:
    counting(psc, seen)
    with psc.ctx.write() as outer:
        person = psc.add_person({"name": "入れ子 太郎", "kana": "イレコ タロウ"})
        assert outer.conn.execute(sa.select(sa.func.count()).select_from(t.people)
                                  .where(t.people.c.id == person.id)).scalar_one() == 1
    assert seen.begins == 1 and seen.checkouts == 1
    assert seen.reading(ROLES) == 1
    assert psc.verify_audit()[1] == []


def _data(psc: Psc) -> None:
    for n, year in enumerate((2019, 2022, 2025)):
        person = _person(psc, f"山田 {n}")
        psc.open_case(person, "household_budget", {"monthly_income": 50000,
                                                    "housing": "rented"}, dt.date(year, 5, 1))


def test_a_report_with_a_trend_is_one_transaction(psc: Psc, seen: Seen) -> None:
    _data(psc)
    counting(psc, seen)
    report = psc.build_report(ReportPeriod.fiscal_year(2025), trend_from=2013)
    assert [y.fiscal_year for y in report.trend] == list(range(2013, 2026))
    assert seen.begins == 1 and seen.checkouts == 1
    assert seen.reading(ROLES) == 1 and seen.reading(STAFF_ROW) == 1


def test_a_report_is_one_snapshot(psc: Psc, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows another connection commits while a report is read are not in it; on
    PostgreSQL the report's transaction is REPEATABLE READ and READ ONLY."""
    _data(psc)
    seen: dict[str, Any] = {}
    real = office.office_of

    def office_of(conn: sa.Connection) -> Any:  # read by sections, inside the report's unit
        count = sa.select(sa.func.count()).select_from(t.people)
        if "before" not in seen:
            seen["before"] = conn.execute(count).scalar_one()
            with psc.ctx.db.engine.begin() as other:
                other.execute(t.people.insert().values(name="途中 追加", kana="トチュウ ツイカ",
                                                       version=1, organisation_id=1))
        seen["after"] = conn.execute(count).scalar_one()
        if conn.dialect.name == "postgresql":
            seen["isolation"] = conn.exec_driver_sql("SHOW transaction_isolation").scalar()
            seen["read_only"] = conn.exec_driver_sql("SHOW transaction_read_only").scalar()
        return real(conn)

    monkeypatch.setattr(office, "office_of", office_of)
    psc.build_report(ReportPeriod.fiscal_year(2025), trend_from=2020)
    assert seen["after"] == seen["before"]
    if psc.ctx.db.engine.dialect.name == "postgresql":
        assert (seen["isolation"], seen["read_only"]) == ("repeatable read", "on")
    with psc.ctx.read() as uow:  # the row was committed all the same
        assert uow.conn.execute(sa.select(sa.func.count()).select_from(t.people)
                                ).scalar_one() == seen["before"] + 1
