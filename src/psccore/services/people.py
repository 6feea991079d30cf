"""People: register, look up, find, correct."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.domain.access import Action, Grants
from psccore.domain.convert import structure, unstructure
from psccore.domain.kana import kana_key, name_key, normalize_kana
from psccore.domain.people import Person
from psccore.errors import InvalidInput, NotAllowed, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row, get

PERSON = Label("相談者", "person")
NOT_EDITABLE = Label("この項目は変更できません", "cannot be changed")


def add_person(ctx: Context, data: Mapping[str, Any], *,
               allow_duplicate: bool = False) -> Person:
    """Register a person from plain data (``name``, ``kana``, ``birth_date``, …).

    Raises :class:`DuplicateSuspected` if someone alike is registered, unless allowed.
    """
    with ctx.write() as uow:  # checked (on the office's day) and written under one lock
        person = structure(dict(data), Person)
        access.for_office(uow, Action.WRITE)
        if not allow_duplicate and (candidates := _alike(ctx, uow.conn, person)):
            seen = possible_duplicates(ctx, data)
            raise DuplicateSuspected(seen, len(candidates) - len(seen))
        return uow.tx.insert(t.people, person)


def get_person(ctx: Context, person_id: int) -> Person:
    with ctx.read() as uow:
        access.for_person(uow, person_id, Action.READ)
        return get(uow.conn, t.people, Person, person_id, PERSON)


def update_person(ctx: Context, person_id: int, changes: Mapping[str, Any],
                  expected_version: int | None = None) -> Person:
    """Apply ``changes``; if ``expected_version`` is given and stale, nothing is written."""
    fixed = sorted({"id", "version"} & set(changes))
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
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return int(uow.conn.execute(sa.select(sa.func.count()).select_from(t.people)).scalar_one())


def _escape(text: str) -> str:
    """LIKE wildcards typed by staff are searched for, not expanded."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_people(ctx: Context, text: str, limit: int = 50) -> list[Person]:
    """People whose name or kana contains ``text`` (kana in any width or script)."""
    text = text.strip()
    if not text:
        return []
    kana = _escape(normalize_kana(text) or "")
    pattern = f"%{_escape(text)}%"
    query = (
        sa.select(t.people)
        .where(sa.or_(t.people.c.name.ilike(pattern, escape="\\"),
                      t.people.c.kana.like(f"%{kana}%", escape="\\")))
        .order_by(t.people.c.kana, t.people.c.id)
        .limit(limit)
    )
    with ctx.read() as uow:
        found = uow.grants()
        return [from_row(r, Person) for r in uow.conn.execute(visible(query, found))]


def visible(query: Any, found: Grants) -> Any:
    """Only people the staff member may read: in a program they hold a role for, or
    with no case yet (intake in progress)."""
    readable = access.readable_programs(found)
    if readable is None:
        return query
    with_case = sa.select(t.cases.c.person_id)
    in_mine = sa.select(t.cases.c.person_id).join(t.enrollments).where(
        t.enrollments.c.program.in_(sorted(readable)))
    no_case = t.people.c.id.not_in(with_case)
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


def _squash(column: Any) -> Any:
    return sa.func.replace(sa.func.replace(column, " ", ""), "\u3000", "")


def possible_duplicates(ctx: Context, data: Mapping[str, Any]) -> list[Person]:
    """People the staff member may read who may be the same as ``data``: the same kana
    (whatever the width, script or spacing) with the same or an unknown birth date, or
    the same name and birth date."""
    person = structure(dict(data), Person)
    with ctx.read() as uow:
        found = uow.grants()
        rows = uow.conn.execute(visible(_alike_query(person), found))
        return [from_row(r, Person) for r in rows]


def _alike(ctx: Context, conn: sa.Connection, person: Person) -> list[int]:
    """Everyone alike, readable or not (their names are not shown unless readable)."""
    return list(conn.execute(_alike_query(person).with_only_columns(t.people.c.id)).scalars())


def _alike_query(person: Person) -> Any:
    same_kana = _squash(t.people.c.kana) == kana_key(person.kana)
    if person.birth_date is not None:
        born = t.people.c.birth_date == person.birth_date
        match = sa.or_(sa.and_(same_kana, sa.or_(born, t.people.c.birth_date.is_(None))),
                       sa.and_(_squash(t.people.c.name) == name_key(person.name), born))
    else:
        match = same_kana
    return sa.select(t.people).where(match).order_by(t.people.c.id).limit(20)
