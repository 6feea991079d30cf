"""Rows to domain objects and back.

A row already holds Python values (dates, decimals, JSON as lists and dicts), so building
an object from it takes one plain conversion per field: codes become their enum, nested
JSON objects their attrs class, lists element by element. Those conversions are worked
out once per class and applied without cattrs, whose import and generated code were a
good part of a short command's start-up. A class with a field type they do not cover
falls back to cattrs, which gives the same objects (``tests/test_rows.py`` compares both
on every core table).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    import cattrs

T = TypeVar("T")
Convert = Callable[[Any], Any]

#: Values a row holds already as the field wants them.
_AS_IS: frozenset[Any] = frozenset({dt.date, dt.datetime, decimal.Decimal, Any, object})
#: cattrs builds these by calling the type on the value; so do we.
_CALLED: frozenset[type] = frozenset({str, int, float, bool})


class _NotPlain(Exception):
    """A field type the plain conversions leave to cattrs."""


@functools.cache
def converter() -> cattrs.Converter:
    """cattrs for writing rows, and for the classes the plain conversions do not cover."""
    import cattrs

    found = cattrs.Converter()
    for kind in (dt.date, dt.datetime, decimal.Decimal):
        found.register_structure_hook(kind, lambda value, _: value)
    return found


def to_row(obj: Any) -> dict[str, Any]:
    """The row of a domain object (plain values, nested objects as dicts)."""
    row: dict[str, Any] = converter().unstructure(obj)
    return row


def build(mapping: Mapping[str, Any], cls: type[T]) -> T:
    """``cls`` from a row's values by column name (missing columns take the default)."""
    found: T = _builder(typing.cast(Any, cls))(mapping)
    return found


@functools.cache
def _builder(cls: Any) -> Convert:
    try:
        return _plain_builder(cls)
    except _NotPlain:
        return lambda mapping: converter().structure(dict(mapping), cls)


def _plain_builder(cls: type) -> Convert:
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise _NotPlain(cls)
    attrs.resolve_types(cls)
    fields = [(a.name, a.alias, _conversion(a.type)) for a in attrs.fields(cls) if a.init]

    def build_one(mapping: Mapping[str, Any]) -> Any:
        given = {}
        for name, alias, convert in fields:
            if name in mapping:
                value = mapping[name]
                given[alias] = value if convert is None else convert(value)
        return cls(**given)

    return build_one


def _conversion(kind: Any) -> Convert | None:
    """How a stored value becomes a field of type ``kind`` (``None``: as it is)."""
    if kind in _AS_IS:
        return None
    if kind in _CALLED or (isinstance(kind, type) and issubclass(kind, enum.Enum)):
        return typing.cast(Convert, kind)
    if isinstance(kind, type) and attrs.has(kind):
        return _plain_builder(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType) and type(None) in args and len(args) == 2:
        inner = _conversion(next(a for a in args if a is not type(None)))
        return None if inner is None else lambda v: None if v is None else inner(v)
    if origin is list and len(args) == 1:
        item = _conversion(args[0])
        return list if item is None else lambda v: [item(x) for x in v]
    if origin is dict and len(args) == 2 and args[0] is str:
        value = _conversion(args[1])
        return dict if value is None else lambda v: {k: value(x) for k, x in v.items()}
    raise _NotPlain(kind)
