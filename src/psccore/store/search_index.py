"""The people search's index (``person_search``): pieces of each person's normalised
name, kana and phone number (:func:`psccore.domain.kana.stored_grams`), derived from
their row and rewritten in the same transaction as every write to it (the transaction's
audit of a write to a person calls :func:`refresh`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.kana import query_grams, stored_grams
from psccore.store import tables as t
from psccore.store.sql import among

#: People read at a time when the whole index is rebuilt.
CHUNK = 5_000
#: Pieces written at once past which SQLite gets a larger page cache (kilobytes).
BIG_WRITE = 20_000
BIG_CACHE_KB = 64 * 1024


def refresh(conn: Connection, person_ids: Iterable[int], *, new: bool = False) -> None:
    """Rewrite the index pieces of these people from their rows as they now are (an
    erased person's old name leaves the index with the row's old values); ``new``: rows
    just inserted, which have no pieces yet to remove."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    p, s = t.people, t.person_search
    rows = conn.execute(sa.select(p.c.id, p.c.name, p.c.kana, p.c.phone)
                        .where(among(p.c.id, ids)).order_by(p.c.id)).all()
    if not new:
        conn.execute(s.delete().where(among(s.c.person_id, ids)))
    _write(conn, rows)


def rebuild(conn: Connection) -> int:
    """The whole index made again from every person's row; how many people it holds."""
    p = t.people
    conn.execute(t.person_search.delete())
    done, last = 0, 0
    while True:
        rows = conn.execute(sa.select(p.c.id, p.c.name, p.c.kana, p.c.phone)
                            .where(p.c.id > last).order_by(p.c.id).limit(CHUNK)).all()
        if not rows:
            return done
        _write(conn, rows)
        done, last = done + len(rows), rows[-1].id


def _write(conn: Connection, rows: Sequence[Any]) -> None:
    """The pieces of ``rows`` through the DB-API's ``executemany`` (plain tuples, one
    statement), person by person: their ids follow one another, so the ``person_id``
    index fills in order; an import writes some twenty pieces a person."""
    pieces = [(gram, row.id) for row in rows
              for gram in stored_grams(row.name, row.kana, row.phone)]
    if not pieces:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    insert = f"INSERT INTO person_search (gram, person_id) VALUES ({mark}, {mark})"
    with _cache_for(conn, len(pieces)):
        conn.exec_driver_sql(insert, pieces)


@contextmanager
def _cache_for(conn: Connection, pieces: int) -> Iterator[None]:
    """On SQLite, a page cache large enough for the index's pages while many pieces go
    in at scattered places (the default, 2 MB, sends pages to the file and reads them
    back); the connection's own size again afterwards."""
    if conn.dialect.name != "sqlite" or pieces < BIG_WRITE:
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size = {-BIG_CACHE_KB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def candidates(name: str, kana: str, phone: str | None) -> sa.Select[Any] | None:
    """The people holding every piece of the name, or of the kana, or of the phone number
    searched (a superset of the matches, which the search then checks); None when the
    keys have no piece to look up."""
    s = t.person_search
    parts: list[sa.Select[Any]] = []
    for grams in query_grams(name, kana, phone):
        query = sa.select(s.c.person_id).where(s.c.gram.in_(grams))
        if len(grams) > 1:
            query = query.group_by(s.c.person_id).having(sa.func.count() == len(grams))
        parts.append(query)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else sa.union(*parts)  # type: ignore[return-value]


__all__ = ["candidates", "rebuild", "refresh"]
