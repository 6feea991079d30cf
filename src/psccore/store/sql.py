"""SQL helpers whose statements keep the same shape however much data there is."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement


class _IdList(sa.types.TypeDecorator[list[int]]):
    """A list of ids bound as one parameter: a JSON array on SQLite, an array on
    PostgreSQL."""

    impl = sa.String
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import ARRAY

            return dialect.type_descriptor(ARRAY(sa.BigInteger()))
        return dialect.type_descriptor(sa.String())

    def process_bind_param(self, value: list[int] | None, dialect: sa.Dialect) -> Any:
        ids = [int(i) for i in value or ()]
        return ids if dialect.name == "postgresql" else json.dumps(ids)


class _Among(ColumnElement[bool]):
    inherit_cache = False  # the id list is a value, not part of the statement's shape
    type = sa.Boolean()
    # a condition in itself: SQLite is not sent "(… IN …) = 1", which no index serves
    _is_implicitly_boolean = True

    def __init__(self, column: ColumnElement[Any], ids: list[int]) -> None:
        self.column = column
        self.ids = sa.bindparam(None, ids, type_=_IdList())


@compiles(_Among)
def _among_json(element: _Among, compiler: Any, **kw: Any) -> str:
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT value FROM json_each({compiler.process(element.ids, **kw)}))")


@compiles(_Among, "postgresql")
def _among_array(element: _Among, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(element.column, **kw)} = ANY({compiler.process(element.ids, **kw)})"


def among(column: Any, ids: Iterable[int] | sa.Select[Any]) -> ColumnElement[bool]:
    """``column`` is one of ``ids``: a query (a subquery, best) or ids, bound as ONE
    parameter however many there are (``IN (?, ?, …)`` would take a parameter each, and
    fail past SQLite's 32,766)."""
    if isinstance(ids, sa.Select):
        return column.in_(ids)  # type: ignore[no-any-return]
    return _Among(column, sorted({int(i) for i in ids}))



def insert_rows(conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]],
                same: Mapping[str, Any] | None = None) -> None:
    """Many rows (all with the same keys, and the values ``same`` in every one) through
    the DB-API's ``executemany``: the statement compiled once and each value bound by its
    column's type (``same`` once), without the per-row work of a Core ``insert`` (the
    rows are trusted: checked before)."""
    if not rows:
        return
    same = same or {}
    names = [*rows[0], *same]
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=names)
    processors: dict[str, Any] = dict(compiled._bind_processors)  # each type's (dates, JSON…)
    fixed = {n: processors[n](v) if n in processors else v for n, v in same.items()}
    order = compiled.positiontup if compiled.positional else names
    assert order is not None
    convert = [(n, processors.get(n)) for n in order if n not in fixed]
    if compiled.positional:
        slots = [(n, fixed.get(n), n in fixed, processors.get(n)) for n in order]
        params: list[Any] = [tuple(value if constant else p(row[n]) if p else row[n]
                                   for n, value, constant, p in slots) for row in rows]
    else:
        params = [{**fixed, **{n: p(row[n]) if p else row[n] for n, p in convert}}
                  for row in rows]
    conn.exec_driver_sql(compiled.string, params)


def insert_returning_ids(conn: Connection, table: sa.Table,
                         rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """:func:`insert_rows`, and the new rows' ids in order. On SQLite, whose writer holds
    the database's lock (``BEGIN IMMEDIATE``), the ids of one ``executemany`` follow one
    another, up to ``last_insert_rowid()`` (checked); elsewhere, ``INSERT … RETURNING``."""
    if not rows:
        return []
    if conn.dialect.name != "sqlite":
        return list(conn.execute(table.insert().returning(table.c.id,
                                                          sort_by_parameter_order=True),
                                 list(rows)).scalars())
    insert_rows(conn, table, rows)
    last = int(conn.exec_driver_sql("SELECT last_insert_rowid()").scalar_one())
    first = last - len(rows) + 1
    found = conn.execute(sa.select(sa.func.count()).select_from(table)
                         .where(table.c.id.between(first, last))).scalar_one()
    if found != len(rows):  # never, while the lock is held: say so rather than misnumber
        raise RuntimeError(f"{table.name}: the new rows' ids do not follow one another")
    return list(range(first, last + 1))


__all__ = ["among", "insert_returning_ids", "insert_rows"]
