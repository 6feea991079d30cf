"""One search box: people by name or kana in any width, script or spacing, by phone
number, and cases by number; only what the staff member may read."""

from __future__ import annotations

import re
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.domain.kana import digits_key, kana_key, name_key
from psccore.domain.people import Person
from psccore.services import cases, people
from psccore.services.cases import CaseSummary
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row

MAX_TEXT = 100  # as long as a name may be
MAX_CASE_NUMBER = 2**31 - 1


@attrs.frozen
class PersonHit:
    """A person found, with the cases of theirs the staff member may see."""

    person: Person
    cases: list[CaseSummary]


@attrs.frozen
class SearchResult:
    """What a search found: the case with that number, if any, and people."""

    case: CaseSummary | None
    people: list[PersonHit]


def _squash(column: Any, characters: str = " \u3000") -> Any:
    for character in characters:
        column = sa.func.replace(column, character, "")
    return column


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(ctx: Context, text: str, limit: int = 20) -> SearchResult:
    """People whose name or kana contains ``text`` whatever its spacing and width
    (``山田　太郎``, ``山田太郎``, ``やまだたろう``, ``ﾔﾏﾀﾞ``), or whose phone number
    holds its digits (four or more); and the case numbered ``text``."""
    text = text.strip()[:MAX_TEXT]
    if not text:
        return SearchResult(None, [])
    name, kana, digits = name_key(text), kana_key(text), digits_key(text)
    matches = [_squash(t.people.c.name).like(_like(name), escape="\\")]
    if kana:
        matches.append(_squash(t.people.c.kana).like(_like(kana), escape="\\"))
    if len(digits) >= 4 and re.fullmatch(r"[0-9+()\-]+", name):
        matches.append(_squash(t.people.c.phone, " \u3000-()+").like(_like(digits)))
    query = (sa.select(t.people).where(sa.or_(*matches))
             .order_by(t.people.c.kana, t.people.c.id).limit(limit))
    with ctx.read() as uow:
        found = uow.grants()
        persons = [from_row(r, Person)
                   for r in uow.conn.execute(people.visible(query, found))]
        hits = [PersonHit(p, cases.list_cases(ctx, person_id=p.id, limit=20)) for p in persons]
        return SearchResult(_case(ctx, uow.conn, digits, name), hits)


def _case(ctx: Context, conn: sa.Connection, digits: str, text: str) -> CaseSummary | None:
    """The case numbered ``text`` (``12`` or ``#12``), through the case list (so only
    one the staff member may see)."""
    if not digits or text.lstrip("#") != digits or int(digits) > MAX_CASE_NUMBER:
        return None
    number = int(digits)
    person_id = conn.execute(sa.select(t.cases.c.person_id)
                             .where(t.cases.c.id == number)).scalar_one_or_none()
    if person_id is None:
        return None
    return next((c for c in cases.list_cases(ctx, person_id=person_id, limit=1000)
                 if c.case.id == number), None)
