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
    """One choice of a ``choice`` field: the value stored and its label in both languages."""

    value: str
    label: Label


@attrs.frozen(kw_only=True)
class FieldSpec:
    """The description of one intake field, as :meth:`psccore.Program.fields` gives it
    for every surface that asks for answers (web forms, CLI prompts and options,
    imports, printed documents), so that none describes the field again.

    ``name`` is the attribute's name and ``label`` its label in Japanese and English.
    ``kind`` is text, int, decimal, bool, date, choice (its ``choices``, each a value
    with its label) or record (a nested class, its fields described in ``fields``);
    ``many`` marks a list of such values; ``required`` a field without a default.
    ``sensitive`` fields are sealed when stored and shown only to staff who may read
    sensitive data. ``help`` is the field's help text, if any, and ``example`` a value
    from the program's ``example_intake`` (None without one)."""

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
