"""The record a text typed by staff stands for: a name or kana in any width, script or
spacing, a phone number, or a record number (people through the one people search,
:func:`psccore.services.people.search`). Only records the staff member may read are ever
returned. (A plain query for now; an index may stand behind the same functions later.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from psccore.domain.access import Action
from psccore.domain.employers import Employer, JobOpening
from psccore.domain.names import Resolved, SearchKeys, id_key, prefer_exact
from psccore.domain.people import Person, Staff
from psccore.errors import AccessRefused, NotFound
from psccore.services import access
from psccore.services.context import Context
from psccore.services.people import like as _like
from psccore.services.people import matching as _matches
from psccore.services.people import search, squashed
from psccore.store import tables as t
from psccore.store.db import from_row

#: How many candidates a name resolution lists before saying there are more.
CHOICES = 10


def _by_id(get_one: Any, number: int, text: str) -> Resolved[Any]:
    """A record typed by its number: it, or nothing when absent or not to be read."""
    try:
        return Resolved(text, [get_one(number)])
    except (NotFound, AccessRefused):
        return Resolved(text, [])


def _pick(keys: SearchKeys, found: Sequence[Any], *spelled: str) -> Resolved[Any]:
    more = len(found) > CHOICES
    found = list(found)[:CHOICES]
    chosen = prefer_exact(keys, found, lambda r: [getattr(r, s) for s in spelled])
    return Resolved(keys.text, chosen, more and len(chosen) == len(found))


def resolve_person(ctx: Context, text: str) -> Resolved[Person]:
    """The person ``text`` names (a name, kana, phone number or ID)."""
    from psccore.services.people import get_person

    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
    if (number := id_key(text)) is not None:
        return _by_id(lambda n: get_person(ctx, n), number, text)
    keys = SearchKeys.of(text)
    found = search(ctx, text, CHOICES + 1)[0]
    return _pick(keys, found, "name", "kana", "phone")


def resolve_employer(ctx: Context, text: str) -> Resolved[Employer]:
    """The employer ``text`` names (a name, kana, phone number or ID)."""
    keys = SearchKeys.of(text)
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        if (number := id_key(text)) is not None:
            row = uow.conn.execute(sa.select(t.employers).where(t.employers.c.id == number))
            return Resolved(text, [from_row(r, Employer) for r in row])
        query = (sa.select(t.employers).where(_matches(t.employers, keys))
                 .order_by(t.employers.c.kana, t.employers.c.id).limit(CHOICES + 1))
        found = [from_row(r, Employer) for r in uow.conn.execute(query)]
    return _pick(keys, found, "name", "kana", "phone")


def resolve_opening(ctx: Context, text: str) -> Resolved[JobOpening]:
    """The opening ``text`` names: its ID, its title, or its employer's name."""
    keys = SearchKeys.of(text)
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        query = sa.select(t.job_openings)
        if (number := id_key(text)) is not None:
            query = query.where(t.job_openings.c.id == number)
        else:
            employers = sa.select(t.employers.c.id).where(_matches(t.employers, keys, False))
            query = query.where(sa.or_(
                squashed(t.job_openings.c.title).ilike(_like(keys.name), escape="\\"),
                t.job_openings.c.employer_id.in_(employers)))
        query = query.order_by(t.job_openings.c.status, t.job_openings.c.opened_on.desc(),
                               t.job_openings.c.id).limit(CHOICES + 1)
        found = [from_row(r, JobOpening) for r in uow.conn.execute(query)]
    open_ones = [o for o in found if o.status.value == "open"]
    return _pick(keys, open_ones or found, "title")


def resolve_staff(ctx: Context, text: str) -> Resolved[Staff]:
    """The staff member ``text`` names: a login, or a name (any spacing or width)."""
    keys = SearchKeys.of(text)
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        exact = uow.conn.execute(sa.select(t.staff).where(t.staff.c.login == text.strip()))
        found = [from_row(r, Staff) for r in exact]
        if not found and not keys.empty:
            query = (sa.select(t.staff)
                     .where(squashed(t.staff.c.name).ilike(_like(keys.name), escape="\\"))
                     .order_by(t.staff.c.active.desc(), t.staff.c.login).limit(CHOICES + 1))
            found = [from_row(r, Staff) for r in uow.conn.execute(query)]
    return _pick(keys, found, "name", "login")


def resolve_case(ctx: Context, text: str, open_only: bool = True) -> Resolved[Any]:
    """The case ``text`` names: its number, or its person's name, kana or phone (their
    open case; every case when none is open). Gives :class:`CaseSummary` rows."""
    from psccore.domain.cases import CaseStatus
    from psccore.services.cases import list_cases

    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
    if (number := id_key(text)) is not None:
        from psccore.services.cases import get_case

        try:
            detail = get_case(ctx, number)
        except (NotFound, AccessRefused):
            return Resolved(text, [])
        return Resolved(text, _summary(ctx, detail.case.person_id, number))
    people = resolve_person(ctx, text)
    found: list[Any] = []
    for person in people.matches:
        cases = list_cases(ctx, person_id=person.id)
        current = [c for c in cases if c.case.status is CaseStatus.OPEN]
        found.extend(current if open_only and current else cases)
    return Resolved(text, found, people.more)


def _summary(ctx: Context, person_id: int, case_id: int) -> list[Any]:
    from psccore.services.cases import list_cases

    return [c for c in list_cases(ctx, person_id=person_id, limit=1000)
            if c.case.id == case_id]


__all__ = ["CHOICES", "resolve_case", "resolve_employer", "resolve_opening",
           "resolve_person", "resolve_staff"]
