"""One description of every intake field, read from the attrs intake class and its
``intake_field`` metadata, so that forms, prompts, options, imports and printed documents
are generated from it rather than described again per surface."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from psccore.domain.rules import info
from psccore.i18n import Label

#: Python type → the kind of value a surface asks for
KINDS: dict[type, str] = {str: "text", int: "int", float: "decimal", decimal.Decimal: "decimal",
                          bool: "bool", dt.date: "date"}


@attrs.frozen(kw_only=True)
class Choice:
    value: str
    label: Label


@attrs.frozen(kw_only=True)
class FieldSpec:
    """An intake field: ``kind`` is text, int, decimal, bool, date, choice or record (a
    nested class, described in ``fields``); ``many`` marks a list of such values."""

    name: str
    label: Label
    kind: str
    required: bool
    many: bool = False
    choices: tuple[Choice, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    sensitive: bool = False
    help: Label | None = None
    example: object = None


def describe_fields(cls: type, example: Mapping[str, Any] | None = None) -> list[FieldSpec]:
    """Every field of the attrs class ``cls``, in order, with ``example``'s values."""
    attrs.resolve_types(cls)
    return [_spec(a, (example or {}).get(a.name)) for a in attrs.fields(cls)]


def _spec(attribute: attrs.Attribute[Any], example: object) -> FieldSpec:
    meta = info(attribute)
    tp, optional = _unwrap(attribute.type)
    many = typing.get_origin(tp) is list
    if many:
        tp, _ = _unwrap(typing.get_args(tp)[0])
    nested = attrs.has(tp)
    return FieldSpec(
        name=attribute.name,
        label=meta.label if meta else Label(attribute.name, attribute.name),
        kind=_kind(tp),
        required=not optional and attribute.default is attrs.NOTHING,
        many=many,
        choices=_choices(tp),
        fields=tuple(describe_fields(tp)) if nested else (),
        sensitive=bool(meta and meta.sensitive),
        help=meta.help if meta else None,
        example=example,
    )


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """``X | None`` → (X, True)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _kind(tp: Any) -> str:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "choice"
    if attrs.has(tp):
        return "record"
    return KINDS.get(tp, "text")


def _choices(tp: Any) -> tuple[Choice, ...]:
    if not (isinstance(tp, type) and issubclass(tp, enum.Enum)):
        return ()
    return tuple(Choice(value=str(m.value), label=getattr(m, "label", None)
                        or Label(str(m.value), str(m.value))) for m in tp)
