"""Field rules for domain classes, checked all at once so every problem is reported.

A domain field is declared with :func:`field`, which records its bilingual
label, its rules and whether it is sensitive. Classes that inherit
:class:`Validated` check every rule after construction and raise
:class:`~psccore.errors.InvalidInput` listing each broken rule with its path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import attrs

from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

#: A rule looks at a value and returns ``None`` or the message and its parameters.
Rule = Callable[[Any], tuple[Label, dict[str, Any]] | None]


@attrs.frozen
class FieldInfo:
    """What :func:`field` records about a field: its label, rules, sensitivity (sealed in
    the database, read under access checks) and help text."""

    label: Label
    rules: tuple[Rule, ...] = ()
    sensitive: bool = False
    help: Label | None = None


def field(
    label: Label,
    *,
    rules: Sequence[Rule] = (),
    sensitive: bool = False,
    help: Label | None = None,
    **kwargs: Any,
) -> Any:
    """An ``attrs.field`` with a label, rules and a sensitivity mark."""
    meta = {"psc": FieldInfo(label, tuple(rules), sensitive, help)}
    return attrs.field(metadata=meta, **kwargs)


def info(attribute: attrs.Attribute[Any]) -> FieldInfo | None:
    """The :class:`FieldInfo` of an attrs field, or ``None`` if it was not declared with
    :func:`field` (``info(attrs.fields(Intake).health_note).sensitive``)."""
    found = attribute.metadata.get("psc")
    return found if isinstance(found, FieldInfo) else None


def field_label(cls: type, name: str) -> Label:
    """The label of field ``name`` of ``cls``; the name itself where there is none."""
    for attribute in attrs.fields(cls):
        if attribute.name == name and (found := info(attribute)):
            return found.label
    return Label(name, name)


_trusted: ContextVar[bool] = ContextVar("psc_trusted", default=False)


@contextmanager
def trusted() -> Iterator[None]:
    """Build objects without checking rules: for rows already stored, which must
    stay readable when a rule becomes stricter."""
    token = _trusted.set(True)
    try:
        yield
    finally:
        _trusted.reset(token)


def is_trusted() -> bool:
    """Whether objects are being built inside :func:`trusted` (rules not checked)."""
    return _trusted.get()


class Validated:
    """Mixin: check every field rule, and :meth:`cross_rules`, after ``__init__``."""

    def __attrs_post_init__(self) -> None:
        if _trusted.get():
            return
        problems = list(problems_of(self))
        if problems:
            raise InvalidInput(problems)

    def cross_rules(self) -> Iterable[Problem]:
        """Rules that involve several fields; paths relative to ``$``."""
        return ()


def problems_of(obj: Any) -> Iterable[Problem]:
    """Every broken rule of ``obj``: the first broken rule of each field, then its
    cross-field rules (:meth:`Validated.cross_rules`)."""
    for attribute in attrs.fields(type(obj)):
        found = info(attribute)
        if not found:
            continue
        value = getattr(obj, attribute.name)
        for rule in found.rules:
            broken = rule(value)
            if broken:
                yield Problem(f"$.{attribute.name}", broken[0], broken[1])
                break
    if isinstance(obj, Validated):
        yield from obj.cross_rules()


# --- the rules ---------------------------------------------------------------

REQUIRED = Label("入力が必要です", "is required")
TOO_LONG = Label("{max}文字以内で入力してください", "must be at most {max} characters")
NOT_IN_RANGE = Label(
    "{low}以上{high}以下で入力してください", "must be between {low} and {high}"
)
NOT_MATCHING = Label("形式が違います（例: {example}）", "has the wrong form (e.g. {example})")
NOT_KATAKANA = Label("カタカナで入力してください", "must be written in kana")


CONTROL_CHARACTER = Label("制御文字（{char}）は使えません", "must not contain a control character ({char})")
NOT_ONE_LINE = Label("改行やタブを含めず1行で入力してください",
                     "must be one line, without line breaks or tabs")
LONE_SURROGATE = Label("文字として読めない部分（{char}）があります",
                       "contains something that is no character ({char})")
TOO_LONG_TEXT = Label("{max:,}文字以内で入力してください", "must be at most {max:,} characters")

#: Any text at all: longer is refused before it goes anywhere.
MAX_TEXT = 100_000
#: Control characters never accepted in text (C0 but tab, line feed and carriage return;
#: DEL; C1): NUL breaks PostgreSQL and C programs, ESC drives a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAK = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def text_problem(value: str) -> tuple[Label, dict[str, Any]] | None:
    """What makes a text unacceptable anywhere: too long, a control character, or a
    lone surrogate (undecodable bytes given on the command line)."""
    if len(value) > MAX_TEXT:
        return TOO_LONG_TEXT, {"max": MAX_TEXT}
    if found := _SURROGATE.search(value):
        return LONE_SURROGATE, {"char": f"U+{ord(found.group()):04X}"}
    if found := _CONTROL.search(value):
        return CONTROL_CHARACTER, {"char": f"U+{ord(found.group()):04X}"}
    return None


def single_line() -> Rule:
    """Names and other one-line fields: no line break nor tab (nor, as any text, any
    other control character)."""
    return lambda v: (NOT_ONE_LINE, {}) if isinstance(v, str) and _LINE_BREAK.search(v) \
        else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def required() -> Rule:
    """The field must have a value (blank text counts as none)."""
    return lambda v: (REQUIRED, {}) if _blank(v) else None


def max_length(limit: int) -> Rule:
    """Text of at most ``limit`` characters."""
    return lambda v: (TOO_LONG, {"max": limit}) if isinstance(v, str) and len(v) > limit else None


def between(low: float, high: float) -> Rule:
    """A number from ``low`` to ``high``, both included (no value passes)."""
    def rule(v: Any) -> tuple[Label, dict[str, Any]] | None:
        if v is None or low <= v <= high:
            return None
        return NOT_IN_RANGE, {"low": low, "high": high}

    return rule


def matches(pattern: str, example: str) -> Rule:
    """Text matching the regular expression ``pattern`` whole; the message shows
    ``example`` (no value passes)."""
    compiled = re.compile(pattern)

    def rule(v: Any) -> tuple[Label, dict[str, Any]] | None:
        if _blank(v) or compiled.fullmatch(v):
            return None
        return NOT_MATCHING, {"example": example}

    return rule


_KATAKANA = re.compile(r"[\u30A0-\u30FF\u3000 ]+")


def katakana() -> Rule:
    """Text in katakana (a name's reading, フリガナ), spaces allowed."""
    return lambda v: (NOT_KATAKANA, {}) if not _blank(v) and not _KATAKANA.fullmatch(v) else None


#: The name plugins use for their intake fields.
intake_field = field
