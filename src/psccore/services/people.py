"""People: register, look up, find, correct."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.domain.access import Action, Grants
from psccore.domain.convert import structure, unstructure
from psccore.domain.kana import PHONE_SEPARATORS, kana_key, name_key
from psccore.domain.names import SearchKeys
from psccore.domain.people import Person
from psccore.errors import InvalidInput, NotAllowed, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context
from psccore.store import rls, search_index
from psccore.store import tables as t
from psccore.store.db import from_row, get
from psccore.store.sql import among

PERSON = Label("相談者", "person")
NOT_EDITABLE = Label("この項目は変更できません", "cannot be changed")


def add_person(ctx: Context, data: Mapping[str, Any], *,
               allow_duplicate: bool = False, organisation: str | None = None) -> Person:
    """Register a person from plain data (``name``, ``kana``, ``birth_date``, …) in
    ``organisation`` (by name; by default the only one the staff member works for).

    Raises :class:`DuplicateSuspected` if someone alike is registered in the same
    organisation, unless allowed (those in offices the staff member may not read are
    counted, not named).
    """
    from psccore.services.offices import organisation_for_new_person

    with ctx.write() as uow:  # checked (on the office's day) and written under one lock
        person = structure(dict(data), Person)
        access.for_office(uow, Action.WRITE)
        person = attrs.evolve(person, organisation_id=organisation_for_new_person(  # not data's
            uow, organisation))
        if not allow_duplicate and (alike := _alike(uow.conn, person)):
            seen = possible_duplicates(ctx, data, person.organisation_id)
            raise DuplicateSuspected(seen, alike - len(seen))
        return uow.tx.insert(t.people, person)


def get_person(ctx: Context, person_id: int) -> Person:
    with ctx.read() as uow:
        access.for_person(uow, person_id, Action.READ)
        return get(uow.conn, t.people, Person, person_id, PERSON)


def update_person(ctx: Context, person_id: int, changes: Mapping[str, Any],
                  expected_version: int | None = None) -> Person:
    """Apply ``changes``; if ``expected_version`` is given and stale, nothing is written."""
    fixed = sorted({"id", "version", "organisation_id"} & set(changes))
    if fixed:
        raise InvalidInput([Problem(f"$.{k}", NOT_EDITABLE) for k in fixed])
    with ctx.write() as uow:
        access.for_person(uow, person_id, Action.WRITE)
        before = get(uow.conn, t.people, Person, person_id, PERSON)
        if expected_version is not None:
            before = attrs.evolve(before, version=expected_version)
        data = unstructure(before) | dict(changes)
        after = structure(data, Person)
        return uow.tx.update(t.people, before, after, entity_label=PERSON)


def count_people(ctx: Context) -> int:
    """How many people the staff member may read."""
    with ctx.read() as uow:
        found = access.for_office(uow, Action.READ)
        query = visible(sa.select(sa.func.count()).select_from(t.people), found)
        return int(uow.conn.execute(query).scalar_one())


def find_people(ctx: Context, text: str, limit: int = 50) -> list[Person]:
    """People whose name, kana or phone contains ``text``, however spaced, wide or
    written; a staff member with no role finds no one."""
    return search(ctx, text, limit)[0]


def squashed(column: Any, *removed: str) -> Any:
    """``column`` without spaces (half- and full-width) and the ``removed`` characters."""
    for character in (" ", "\u3000", *removed):
        column = sa.func.replace(column, character, "")
    return column


def like(key: str) -> str:
    """A LIKE pattern for "contains ``key``" (wildcards typed by staff are searched for)."""
    return "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(table: sa.Table, keys: SearchKeys, phone: bool = True) -> Any:
    """Rows of ``table`` whose name, kana or phone contains what was typed."""
    found = [squashed(table.c.name).ilike(like(keys.name), escape="\\"),
             squashed(table.c.kana).like(like(keys.kana), escape="\\")]
    if phone and keys.phone is not None and "phone" in table.c:
        found.append(squashed(table.c.phone, *PHONE_SEPARATORS)
                     .like(like(keys.phone), escape="\\"))
    return sa.or_(*found)


def search(ctx: Context, text: str, limit: int) -> tuple[list[Person], int]:
    """The first ``limit`` people whose name, kana or phone contains ``text`` (any
    spacing, width or script) whom the staff member may read, and how many in all (up to
    one past :data:`COUNT_CAP`): the one people search behind the search box, ``person
    find`` and names resolved. Exact matches come first, then those beginning with it,
    then the rest (by kana). The people are looked up in the search index
    (``person_search``): a one-character text finds names and kana beginning with it."""
    keys = SearchKeys.of(text)
    with ctx.read() as uow:
        found = uow.grants()
        candidates = search_index.candidates(uow.conn, keys.name, keys.kana, keys.phone)
        if keys.empty or candidates is None:
            return [], 0
        where = sa.and_(_pool(uow.conn, candidates), matching(t.people, keys))
        query = visible(sa.select(t.people).where(where), found).order_by(
            ranking(t.people, keys), t.people.c.kana, t.people.c.id).limit(limit)
        people = [from_row(r, Person) for r in uow.conn.execute(query)]
        # counted always (the same statements however many match), up to a cap
        some = visible(sa.select(sa.literal(1)).select_from(t.people).where(where), found)
        total = int(uow.conn.execute(sa.select(sa.func.count()).select_from(
            some.limit(COUNT_CAP + 1).subquery())).scalar_one())
    return people, total


#: Matches counted before a search says "100+": a name typed in part may match thousands.
COUNT_CAP = 100
#: Index candidates up to which a search reads them first and looks the people up by id.
FEW_CANDIDATES = 10_000


def _pool(conn: sa.Connection, candidates: Any) -> Any:
    """The people the index offers: their ids read first when they are few (PostgreSQL,
    not knowing how few, read every person at 1,000,000; docs/performance.md), else the
    index's query itself."""
    found = candidates.subquery()
    ids = list(conn.execute(sa.select(found.c[0]).limit(FEW_CANDIDATES + 1)).scalars())
    return among(t.people.c.id, ids) if len(ids) <= FEW_CANDIDATES else \
        t.people.c.id.in_(candidates)


def _starts(key: str) -> str:
    return like(key)[1:]  # "key%"


def ranking(table: sa.Table, keys: SearchKeys) -> Any:
    """0 for a row whose name, kana or phone is exactly what was typed, 1 for one
    beginning with it, 2 for one holding it elsewhere."""
    name, kana = squashed(table.c.name), squashed(table.c.kana)
    exact = [sa.func.lower(name) == keys.name.lower(), kana == keys.kana]
    prefix = [name.ilike(_starts(keys.name), escape="\\"),
              kana.like(_starts(keys.kana), escape="\\")]
    if keys.phone is not None:
        phone = squashed(table.c.phone, *PHONE_SEPARATORS)
        exact.append(phone == keys.phone)
        prefix.append(phone.like(_starts(keys.phone), escape="\\"))
    return sa.case((sa.or_(*exact), 0), (sa.or_(*prefix), 1), else_=2)


def visible(query: Any, found: Grants) -> Any:
    """Only people the staff member may read: through a case they may read (in its
    office), or with no case yet (intake in progress) in one of their organisations."""
    cases = access.readable_cases(found)
    if cases is None:
        return query
    in_mine = sa.select(t.cases.c.person_id).where(cases)
    # NOT EXISTS, not NOT IN: looked up by person (an index probe for each person found)
    # rather than a hash of every case's person made for each search (1.2 s at 1,000,000)
    no_case: sa.ColumnElement[bool] = ~sa.exists().where(t.cases.c.person_id == t.people.c.id)
    if found.organisations is not None:
        no_case = sa.and_(no_case, t.people.c.organisation_id.in_(sorted(found.organisations)))
    return query.where(sa.or_(t.people.c.id.in_(in_mine), no_case) if found.allows_any(
        Action.READ) else sa.false())


DUPLICATE_SUSPECTED = Label(
    "同じ人がすでに登録されている可能性があります: {candidates}{others}。"
    "別人であれば、重複を承知のうえで登録してください（--allow-duplicate）。",
    "This person may already be registered: {candidates}{others}. "
    "If they are someone else, register anyway (--allow-duplicate).",
)


HIDDEN_ALIKE = Label("閲覧権限のない事業の {count} 名（管理者に確認してください）",
                    "{count} in programs you may not read (ask an administrator)")


class DuplicateSuspected(NotAllowed):
    """Raised instead of creating a person who may already be registered."""

    exit_code = 2

    def __init__(self, candidates: list[Person], hidden: int = 0) -> None:
        self.candidates, self.hidden = candidates, hidden
        shown = ", ".join(f"ID {p.id} {p.name}（{p.kana}）{p.birth_date or ''}"
                          for p in candidates)
        others = Label("", "")
        if hidden:
            others = Label(("、" if shown else "") + HIDDEN_ALIKE.ja.format(count=hidden),
                           (", " if shown else "") + HIDDEN_ALIKE.en.format(count=hidden))
        super().__init__(DUPLICATE_SUSPECTED, candidates=shown, others=others)


def possible_duplicates(ctx: Context, data: Mapping[str, Any],
                        organisation_id: int | None = None) -> list[Person]:
    """People the staff member may read who may be the same as ``data``: the same kana
    (whatever the width, script or spacing) with the same or an unknown birth date, or
    the same name and birth date (in ``organisation_id`` if given)."""
    person = structure(dict(data), Person)
    with ctx.read() as uow:
        found = uow.grants()
        rows = uow.conn.execute(visible(_alike_query(person, organisation_id), found))
        return [from_row(r, Person) for r in rows]


#: At most this many alike are looked at (named or counted) for one registration.
ALIKE_LIMIT = 20


def _alike(conn: sa.Connection, person: Person) -> int:
    """How many are alike, readable or not (their names are not shown unless readable).
    On PostgreSQL, row-level security hides other offices' people from the transaction:
    a function of the owner's counts them (never names them)."""
    if rls.is_postgresql(conn):
        counted = rls.people_alike(conn, [(kana_key(person.kana), name_key(person.name),
                                           person.birth_date)], person.organisation_id)
        return min(counted.get(0, 0), ALIKE_LIMIT)
    return len(conn.execute(_alike_query(person, person.organisation_id)
                            .with_only_columns(t.people.c.id)).all())


def _alike_query(person: Person, organisation_id: int | None) -> Any:
    """Everyone alike (in ``organisation_id``, if given: a person is registered once
    per organisation)."""
    same_kana = squashed(t.people.c.kana) == kana_key(person.kana)
    if person.birth_date is not None:
        born = t.people.c.birth_date == person.birth_date
        match = sa.or_(sa.and_(same_kana, sa.or_(born, t.people.c.birth_date.is_(None))),
                       sa.and_(squashed(t.people.c.name) == name_key(person.name), born))
    else:
        match = same_kana
    if organisation_id is not None:
        match = sa.and_(match, t.people.c.organisation_id == organisation_id)
    return sa.select(t.people).where(match).order_by(t.people.c.id).limit(ALIKE_LIMIT)
