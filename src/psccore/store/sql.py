"""SQL helpers whose statements keep the same shape however much data there is."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
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


__all__ = ["among"]
