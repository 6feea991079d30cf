"""What the assessment, plan, meeting and record services share: the labels they all
use, the check that a case is open, and date and staff checks across records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.cases import Case, CaseStatus
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services.case_events import CASE
from psccore.store import tables as t
from psccore.store.db import Transaction, get

PLAN = Label("プラン", "plan")
STEP = Label("ステップ", "step")
CASE_NOT_OPEN = Label("ケース {id} は終結しています", "case {id} is closed")
UNKNOWN_LOGIN = Label("職員 {login} は登録されていません", "staff member {login} is not registered")
NOT_IN_FUTURE = Label("未来の日付は入力できません", "cannot be in the future")
TOO_EARLY = Label("{earliest} より前の日付です", "is before {earliest}")


def fail(path: str, message: Label, **params: Any) -> InvalidInput:
    """One problem at ``path``, as the error to raise."""
    return InvalidInput([Problem(path, message, params)])


def unknown_keys(data: Mapping[str, Any], allowed: set[str], path: str) -> list[Problem]:
    from psccore.domain.convert import UNKNOWN_FIELDS

    extra = sorted(set(data) - allowed)
    return [Problem(path, UNKNOWN_FIELDS, {"names": ", ".join(extra)})] if extra else []


def dates_within(path: str, day: dt.date, earliest: dt.date | None, latest: dt.date,
                 message: Label | None = None) -> list[Problem]:
    """A date not after ``latest`` (the office's today, for "not in the future") and not
    before ``earliest``."""
    if day > latest:
        return [Problem(path, message or NOT_IN_FUTURE, {"earliest": earliest, "latest": latest})]
    if earliest is not None and day < earliest:
        return [Problem(path, message or TOO_EARLY, {"earliest": earliest, "latest": latest})]
    return []


def open_case_for_update(tx: Transaction, case_id: int) -> Case:
    case = get(tx.conn, t.cases, Case, case_id, CASE)
    if case.status is not CaseStatus.OPEN:
        raise fail("$.case_id", CASE_NOT_OPEN, id=case_id)
    return case


def staff_ids(conn: Connection, logins: Sequence[str | None], path: str) -> list[int | None]:
    """Staff ids for logins (``None`` stays ``None``); unknown logins are input errors."""
    wanted = {login for login in logins if login}
    rows = conn.execute(sa.select(t.staff.c.login, t.staff.c.id)
                        .where(t.staff.c.login.in_(wanted))).all()
    found: dict[str, int] = {row.login: row.id for row in rows}
    problems = [Problem(f"{path}[{i}]", UNKNOWN_LOGIN, {"login": login})
                for i, login in enumerate(logins) if login and login not in found]
    if problems:
        raise InvalidInput(problems)
    return [found[login] if login else None for login in logins]


def next_number(conn: Connection, table: sa.Table, case_id: int) -> int:
    """The next number of a case's assessments or plans (1, 2, …)."""
    current = conn.execute(sa.select(sa.func.max(table.c.number))
                           .where(table.c.case_id == case_id)).scalar()
    return int(current or 0) + 1
