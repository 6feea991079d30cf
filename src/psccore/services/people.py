"""People: register, look up, find, correct."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.domain.convert import structure, unstructure
from psccore.domain.kana import normalize_kana
from psccore.domain.people import Person
from psccore.i18n import Label
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row, get

PERSON = Label("相談者", "person")


def add_person(ctx: Context, data: Mapping[str, Any]) -> Person:
    """Register a person from plain data (``name``, ``kana``, ``birth_date``, …)."""
    person = structure(dict(data), Person)
    with ctx.db.write(ctx.staff or "") as tx:
        ctx.acting(tx.conn)
        return tx.insert(t.people, person)


def get_person(ctx: Context, person_id: int) -> Person:
    with ctx.db.read() as conn:
        return get(conn, t.people, Person, person_id, PERSON)


def update_person(ctx: Context, person_id: int, changes: Mapping[str, Any],
                  expected_version: int | None = None) -> Person:
    """Apply ``changes``; if ``expected_version`` is given and stale, nothing is written."""
    with ctx.db.write(ctx.staff or "") as tx:
        ctx.acting(tx.conn)
        before = get(tx.conn, t.people, Person, person_id, PERSON)
        if expected_version is not None:
            before = attrs.evolve(before, version=expected_version)
        data = unstructure(before) | dict(changes)
        after = structure(data, Person)
        return tx.update(t.people, before, after)


def find_people(ctx: Context, text: str, limit: int = 50) -> list[Person]:
    """People whose name or kana contains ``text`` (kana in any width or script)."""
    kana = normalize_kana(text) or ""
    pattern = f"%{text.strip()}%"
    query = (
        sa.select(t.people)
        .where(sa.or_(t.people.c.name.like(pattern), t.people.c.kana.like(f"%{kana}%")))
        .order_by(t.people.c.kana, t.people.c.id)
        .limit(limit)
    )
    with ctx.db.read() as conn:
        return [from_row(r, Person) for r in conn.execute(query)]
