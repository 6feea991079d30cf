"""The people search's index (``person_search``): pieces of each person's normalised
name, kana and phone number (:func:`psccore.domain.kana.stored_grams`), derived from
their row and rewritten in the same transaction as every write to it (the transaction's
audit of a write to a person calls :func:`refresh`).

One row a person, holding all of their pieces, so that a bulk import writes one index
row a person rather than some twenty: on SQLite an FTS5 table (each piece a token,
spelt in hexadecimal so that no tokenizer rule can split or fold it; the row's id is
the person's), on PostgreSQL an array of the pieces under a GIN index. A search asks
for the people holding every piece of what was typed, which both answer from their
inverted index."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.kana import query_grams, stored_grams
from psccore.store import tables as t
from psccore.store.sql import among

#: People read at a time when the whole index is rebuilt.
CHUNK = 5_000

_fts = sa.table("person_search", sa.column("rowid", sa.Integer), sa.column("grams", sa.Text))
_arrays = sa.table("person_search", sa.column("person_id", sa.Integer),
                   sa.column("grams", sa.ARRAY(sa.Text)))

#: The index as each database keeps it (created by migration core_0016).
CREATE = {
    "sqlite": ["CREATE VIRTUAL TABLE person_search USING fts5(grams, detail=none, "
               "columnsize=0, tokenize='unicode61 remove_diacritics 0')"],
    "postgresql": ["CREATE TABLE person_search (person_id INTEGER PRIMARY KEY, "
                   "grams TEXT[] NOT NULL)",
                   "CREATE INDEX ix_person_search_grams ON person_search USING gin (grams)"],
}


def kept_here(table: str) -> bool:
    """Whether a table is the index's own (on SQLite, FTS5 keeps its data in tables named
    after it), which this module, not the tables in code, describes."""
    return table == "person_search" or table.startswith("person_search_")


def _sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


@functools.cache
def _token(gram: str) -> str:
    """A piece as an FTS5 token (kept: most pieces recur from person to person)."""
    return gram.encode().hex()


def refresh(conn: Connection, person_ids: Iterable[int], *, new: bool = False) -> None:
    """Rewrite the index row of these people from their rows as they now are (an erased
    person's old name leaves the index with the row's old values); ``new``: rows just
    inserted, which have no index row yet to remove."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    p = t.people
    rows = conn.execute(sa.select(p.c.id, p.c.name, p.c.kana, p.c.phone)
                        .where(among(p.c.id, ids)).order_by(p.c.id)).all()
    if not new:
        key = _fts.c.rowid if _sqlite(conn) else _arrays.c.person_id
        conn.execute(sa.delete(_fts if _sqlite(conn) else _arrays).where(among(key, ids)))
    _write(conn, rows)


def rebuild(conn: Connection) -> int:
    """The whole index made again from every person's row; how many people it holds."""
    p = t.people
    conn.execute(sa.delete(_fts if _sqlite(conn) else _arrays))
    done, last = 0, 0
    while True:
        rows = conn.execute(sa.select(p.c.id, p.c.name, p.c.kana, p.c.phone)
                            .where(p.c.id > last).order_by(p.c.id).limit(CHUNK)).all()
        if not rows:
            return done
        _write(conn, rows)
        done, last = done + len(rows), rows[-1].id


def _write(conn: Connection, rows: Sequence[Any]) -> None:
    """One index row a person, through the DB-API's ``executemany`` (one statement)."""
    if not rows:  # (people removed within the transaction)
        return
    if _sqlite(conn):
        conn.exec_driver_sql(
            "INSERT INTO person_search (rowid, grams) VALUES (?, ?)",
            [(row.id, " ".join(map(_token, stored_grams(row.name, row.kana, row.phone))))
             for row in rows])
    else:
        conn.exec_driver_sql(
            "INSERT INTO person_search (person_id, grams) VALUES (%s, %s)",
            [(row.id, sorted(stored_grams(row.name, row.kana, row.phone))) for row in rows])


def pieces(conn: Connection, person_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    """The pieces the index holds for these people (or everyone), by person."""
    ids = None if person_ids is None else sorted(set(person_ids))
    if _sqlite(conn):
        query = sa.select(_fts.c.rowid, _fts.c.grams)
        if ids is not None:
            query = query.where(among(_fts.c.rowid, ids))
        return {i: {bytes.fromhex(g).decode() for g in text.split()}
                for i, text in conn.execute(query)}
    query = sa.select(_arrays.c.person_id, _arrays.c.grams)
    if ids is not None:
        query = query.where(among(_arrays.c.person_id, ids))
    return {i: set(grams) for i, grams in conn.execute(query)}


def candidates(conn: Connection, name: str, kana: str,
               phone: str | None) -> sa.Select[Any] | None:
    """The people holding every piece of the name, or of the kana, or of the phone number
    searched (a superset of the matches, which the search then checks); None when the
    keys have no piece to look up. One parameter for the pieces on SQLite (a match
    expression) and one for each key on PostgreSQL, however many people there are."""
    wanted = query_grams(name, kana, phone)
    if not wanted:
        return None
    if _sqlite(conn):
        match = " OR ".join("(" + " AND ".join(f'"{_token(g)}"' for g in grams) + ")"
                            for grams in wanted)
        return sa.select(_fts.c.rowid).where(
            sa.text("person_search MATCH :match").bindparams(match=match))
    parts = [sa.select(sa.func.psc_people_holding(
        sa.bindparam(None, grams, type_=sa.ARRAY(sa.Text))).column_valued("person_id"))
        for grams in wanted]
    return parts[0] if len(parts) == 1 else sa.union(*parts)  # type: ignore[return-value]


#: On PostgreSQL the index is read through a function of the tables' owner, which
#: row-level security does not hold back (the table's policy is not forced on its
#: owner; the app role's own reads of the table stay bound by it): under the policy
#: PostgreSQL would test every row's office before ``@>`` (not leakproof), reading all
#: of them, 20 s a search at 1,000,000 people. It gives person ids only; which of them
#: the staff member may see is decided on ``people``, under its policy.
HOLDING = """
CREATE OR REPLACE FUNCTION psc_people_holding(wanted text[]) RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT person_id FROM @schema@.person_search WHERE grams @> wanted
$$;
"""


def read_past_offices(conn: Connection) -> None:
    """Make :data:`HOLDING` and let the owner read the index past its policy
    (PostgreSQL; migration core_0020)."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar() or "public"
    quoted = conn.exec_driver_sql("SELECT quote_ident(%(s)s)", {"s": schema}).scalar()
    conn.exec_driver_sql(HOLDING.replace("@schema@", str(quoted)))
    conn.exec_driver_sql("ALTER TABLE person_search NO FORCE ROW LEVEL SECURITY")


__all__ = ["CREATE", "HOLDING", "candidates", "kept_here", "pieces", "read_past_offices",
           "rebuild", "refresh"]
