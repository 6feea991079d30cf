"""Turning plain data (JSON, CLI answers) into domain objects and back, with cattrs.

:func:`structure` reports every problem at once, each at its path
(``$.household[0].age``) with a message in both languages, as
:class:`~psccore.errors.InvalidInput`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import json
import types
import typing
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from psccore.dates import parse_date
from psccore.domain.rules import (
    Validated,
    info,
    is_trusted,
    problems_of,
    text_problem,
    trusted,
)
from psccore.errors import InvalidInput, Problem, RuleViolation
from psccore.i18n import Label

if TYPE_CHECKING:  # cattrs is imported when data is first structured (start-up)
    import cattrs
    from cattrs.errors import ClassValidationError

T = TypeVar("T")

MISSING = Label("入力が必要です", "is required")
UNKNOWN_FIELDS = Label("知らない項目です: {names}", "unknown field(s): {names}")
EXPECTED = Label("{expected}で入力してください", "must be {expected}")
INVALID = Label("値が正しくありません: {error}", "invalid value: {error}")
NUMBER_OUT_OF_RANGE = Label("{low}から{high}までの整数で入力してください",
                            "must be a whole number from {low} to {high}")
TOO_DEEP = Label("入れ子が深すぎます（{max}段まで）", "is nested too deeply (at most {max} levels)")

#: Integer columns are 32-bit on PostgreSQL: a larger number could not be stored.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
#: Nesting of plain data (JSON) accepted as input.
MAX_DEPTH = 32

_TYPE_NAMES: dict[Any, Label] = {
    int: Label("整数", "a whole number"),
    float: Label("数値", "a number"),
    decimal.Decimal: Label("数値（例: 1.5）", "a number (e.g. 1.5)"),
    str: Label("文字列", "text"),
    bool: Label("はい／いいえ（yes/no）", "yes or no"),
    dt.date: Label("日付（例: 2026-04-01）", "a date (e.g. 2026-04-01)"),
    list: Label("一覧（リスト）", "a list"),
    dict: Label("項目の組（オブジェクト）", "an object"),
}

_TRUE = {"true", "yes", "y", "1", "はい", "有", "あり"}
_FALSE = {"false", "no", "n", "0", "いいえ", "無", "なし"}


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(value)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 20:  # no column holds more digits; int() of 5,000 would fail
            raise RuleViolation(NUMBER_OUT_OF_RANGE, low=f"{INT_MIN:,}", high=f"{INT_MAX:,}")
    number = int(value)
    if not INT_MIN <= number <= INT_MAX and not is_trusted():
        raise RuleViolation(NUMBER_OUT_OF_RANGE, low=f"{INT_MIN:,}", high=f"{INT_MAX:,}")
    return number


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    return float(value)


def _structure_decimal(value: Any, _: type) -> decimal.Decimal:
    """Money and rates: exact, never through a float's rounding."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | decimal.Decimal):
        raise ValueError(value)
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    if not is_trusted() and (broken := text_problem(value)):
        raise RuleViolation(broken[0], **broken[1])
    return value


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.date | str):
        return parse_date(value)
    raise TypeError(value)


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    raise TypeError(value)


@functools.cache
def converter() -> cattrs.Converter:
    """The converter shared by core and plugins: strict, all errors at once."""
    import cattrs

    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(decimal.Decimal, _structure_decimal)
    conv.register_unstructure_hook(decimal.Decimal, str)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_structure_hook_factory(attrs.has, lambda cl: _checked_hook(conv, cl))
    conv.register_structure_hook_factory(_is_coded, _coded_hook)
    conv.register_structure_hook_factory(_is_plain_list, lambda tp: _list_hook(conv, tp))
    return conv


def _is_coded(tp: Any) -> bool:
    from psccore.domain.catalogues import Coded

    return isinstance(tp, type) and issubclass(tp, Coded)


def _coded_hook(cls: Any) -> Any:
    """A coded choice from its code or either label, as staff type it (``電話``,
    ``Phone``, ``phone``; an unambiguous beginning or part: ``健康`` → 心身の健康)."""
    from psccore.domain.names import read_choice

    def hook(value: Any, _: type) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise TypeError(value)
        if value in cls._value2member_map_:
            return cls._value2member_map_[value]
        found = read_choice(list(cls), lambda m: [m.value, m.label.ja, m.label.en], value)
        if found is None:
            raise ValueError(value)
        return found

    return hook


def _is_plain_list(tp: Any) -> bool:
    """A list of plain values (text, numbers, choices), which may be typed as one text."""
    if typing.get_origin(tp) is not list:
        return False
    args = typing.get_args(tp)
    return len(args) == 1 and not attrs.has(args[0]) and typing.get_origin(args[0]) is None


def _list_hook(conv: cattrs.Converter, tp: Any) -> Any:
    """``軽作業, パソコン`` (or ``、``) as ``["軽作業", "パソコン"]``."""
    from cattrs.cols import list_structure_factory

    from psccore.domain.names import split_list

    base = list_structure_factory(tp, conv)

    def hook(value: Any, _: type) -> Any:
        return base(split_list(value) if isinstance(value, str) else value, tp)

    return hook


def _checked_hook(conv: cattrs.Converter, cl: type) -> Any:
    """cattrs' generated hook, then the class's field rules, so that a nested
    object's broken rule is reported at its path beside its siblings' problems."""
    from cattrs.errors import ClassValidationError
    from cattrs.gen import make_dict_structure_fn

    base: Any = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=True,
                                  _cattrs_detailed_validation=True)

    def hook(data: Any, _: type) -> Any:
        try:
            obj = base(data, cl)
        except ClassValidationError as exc:
            # The object cannot be built, but report the rules its good fields break too.
            problems = list(_problems(exc, "$", cl)) + list(_rules_of_fields(conv, cl, data, exc))
            raise InvalidInput(problems) from None
        if not isinstance(obj, Validated) and not is_trusted():  # Validated ones check themselves
            problems = list(problems_of(obj))
            if problems:
                raise InvalidInput(problems)
        return obj

    return hook


def _rules_of_fields(conv: cattrs.Converter, cl: type, data: Any,
                     exc: ClassValidationError) -> typing.Iterator[Problem]:
    """Field rules of the fields that did structure, when others did not."""
    from cattrs.errors import ForbiddenExtraKeysError

    with_notes, without = exc.group_exceptions()
    built = any(not isinstance(e, ForbiddenExtraKeysError) for e in without)
    if built or not isinstance(data, dict):
        return  # the class itself was built and checked its rules, or data is not a mapping
    failed = {note.name for _, note in with_notes}
    for attribute in attrs.fields(cl):
        found = info(attribute)
        if not found or attribute.name in failed or attribute.name not in data:
            continue
        try:
            value = conv.structure(data[attribute.name], attribute.type)
            if callable(attribute.converter):  # as the class would hold it: ｶﾅ, かな → カナ
                value = attribute.converter(value)
        except Exception:  # reported already through the class error
            continue
        for rule in found.rules:
            if broken := rule(value):
                yield Problem(f"$.{attribute.name}", broken[0], broken[1])
                break


def check_depth(data: Any, path: str = "$", limit: int = MAX_DEPTH) -> None:
    """Plain data nested no deeper than ``limit`` (deeper is no form anyone fills in,
    and would exhaust the stack)."""
    level, todo = 0, [data]
    while todo:
        level += 1
        if level > limit:
            raise InvalidInput([Problem(path, TOO_DEEP, {"max": limit})])
        todo = [v for item in todo if isinstance(item, dict | list | tuple)
                for v in (item.values() if isinstance(item, dict) else item)]


def parse_json(text: str, path: str = "$") -> Any:
    """JSON as typed or read from a file, with a clear message when it is no JSON or is
    nested too deeply."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InvalidInput([Problem(path, TOO_DEEP, {"max": MAX_DEPTH})]) from None
    check_depth(data, path)
    return data


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from plain data or raise :class:`InvalidInput` listing every problem."""
    check_depth(data)
    try:
        result = converter().structure(data, cls)
    except Exception as exc:  # cattrs wraps field errors; we turn them into Problems
        problems = list(_problems(exc, "$", cls))
        if not problems:
            raise
        raise InvalidInput(problems) from None
    return result


def structure_stored(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from stored data without re-checking rules (they may have changed)."""
    with trusted():
        return converter().structure(data, cls)


def unstructure(obj: Any) -> Any:
    """Plain data (dicts, lists, strings, numbers) from domain objects, as JSON holds it:
    dates in ISO form, decimals as strings, enums as their codes; :func:`structure` of it
    builds the object again."""
    return converter().unstructure(obj)


def _type_label(tp: Any) -> Label | None:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type_label(args[0]) if len(args) == 1 else None
    if _is_coded(tp):
        return Label("次のいずれか（" + "、".join(m.label.ja for m in tp) + "）",
                     "one of: " + ", ".join(f"{m.value} ({m.label.en})" for m in tp))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        choices = ", ".join(str(m.value) for m in tp)
        return Label(f"次のいずれか（{choices}）", f"one of: {choices}")
    if attrs.has(tp) if isinstance(tp, type) else False:
        return _TYPE_NAMES[dict]
    return _TYPE_NAMES.get(origin or tp)


def _problems(exc: BaseException, path: str, tp: Any) -> typing.Iterator[Problem]:
    from cattrs.errors import (
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _problems(sub, f"{path}.{note.name}", note.type)
        for sub in without:
            yield from _problems(sub, path, None)
    elif isinstance(exc, IterableValidationError):
        with_inotes, iwithout = exc.group_exceptions()
        for sub, inote in with_inotes:
            yield from _problems(sub, f"{path}[{inote.index}]", inote.type)
        for sub in iwithout:
            yield from _problems(sub, path, None)
    elif isinstance(exc, InvalidInput):  # a nested object's own rules
        for p in exc.problems:
            yield p._replace(path=path + p.path[1:])
    elif isinstance(exc, RuleViolation):
        yield Problem(f"{path}.{exc.field}" if exc.field else path, exc.message, exc.params)
    elif isinstance(exc, ForbiddenExtraKeysError):
        yield Problem(path, UNKNOWN_FIELDS, {"names": ", ".join(sorted(exc.extra_fields))})
    elif isinstance(exc, KeyError):
        yield Problem(path, MISSING)
    elif isinstance(exc, ValueError | TypeError | AttributeError):
        label = _type_label(tp) if tp is not None else None
        if label is not None:
            yield Problem(path, EXPECTED, {"expected": label})
        else:
            yield Problem(path, INVALID, {"error": str(exc)})
