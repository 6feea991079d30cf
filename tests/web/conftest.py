"""Web tests: cheap password hashing, and an office with staff who can sign in."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from psccore.app import Psc
from psccore.testing import consent_to_collect

PASSWORD = "correct horse 42"
PROGRAM = "cancer_reemployment"
#: A sensitive intake answer that must never reach a page served to read-only staff.
CANARY = "カナリア通院記録XYZ"


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSC_PASSWORD_HASHING", "fast-for-tests")


@attrs.frozen
class Office:
    """Staff who can sign in (each with :data:`PASSWORD`) and one case."""

    psc: Psc
    url: str
    person: int
    case: int
    password: str = PASSWORD
    program: str = PROGRAM
    canary: str = CANARY


def intake() -> dict[str, object]:
    return {"track": "reemployment", "referral_department": "腫瘍内科",
            "referral_date": "2026-04-01", "treatment_status": CANARY}


@pytest.fixture
def office(psc: Psc, psc_database_url: str) -> Office:
    """admin (all programs), sato (caseworker of the program and household_budget),
    yomi (read-only of both), kato (caseworker of readiness only); one case in both
    programs, each holding :data:`CANARY` in a sensitive answer."""
    for login, name, role, program in [("sato", "佐藤 裕子", "caseworker", PROGRAM),
                                       ("yomi", "読取 専用", "read_only", PROGRAM),
                                       ("kato", "加藤 誠", "caseworker", "readiness")]:
        psc.add_staff(login, name)
        psc.grant(login, role, program)
        if login != "kato":
            psc.grant(login, role, "household_budget")
    for login in ("admin", "sato", "yomi", "kato"):
        psc.set_password(login, PASSWORD)
    person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ",
                             "birth_date": "1980-05-06", "phone": "022-111-2233"})
    consent_to_collect(psc, person.id or 0, dt.date(2026, 1, 1))
    case = psc.open_case(person.id or 0, PROGRAM, intake(), dt.date(2026, 4, 2))
    psc.enroll(case.case.id or 0, "household_budget",
               {"monthly_income": 50000, "housing": "rented", "health_note": CANARY},
               dt.date(2026, 4, 2))
    psc.assign_case(case.case.id or 0, "sato")
    return Office(psc, psc_database_url, person.id or 0, case.case.id or 0)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The web tests run on SQLite; on PostgreSQL only those marked as its smoke run."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_postgres = params.get("psc_database_url") == "postgresql"
        web = "tests/web/" in str(item.path).replace("\\", "/")
        smoke = "web_postgres_smoke" in item.name
        (dropped if web and on_postgres and not smoke else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
