"""Errors meant for staff: each carries its message in both languages.

The CLI prints :meth:`PscError.text` and exits with :attr:`PscError.exit_code`;
library callers catch :class:`PscError` (or a subclass) and read the same text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from psccore.i18n import Label, Lang


class PscError(Exception):
    """Base of every error that the user, not the program, must act on."""

    exit_code = 1

    def __init__(self, message: Label, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format("en", **params))

    def text(self, lang: Lang | None = None) -> str:
        """The message as staff read it, in ``lang`` (default: the current language)."""
        return self.message.format(lang, **self.params)


class Problem(NamedTuple):
    """One broken rule in an input: where (``$.household[0].age``) and what."""

    path: str
    message: Label
    params: Mapping[str, Any] = {}  # never mutated

    def text(self, lang: Lang | None = None) -> str:
        """``path: message`` in ``lang`` (default: the current language)."""
        return f"{self.path}: {self.message.format(lang, **self.params)}"


_INVALID = Label("入力に誤りがあります", "The input is not valid")


#: The parameters of a rule's message that come from the rule, never from what was typed
#: (bounds, the kind expected): a message with any other is not shown by ``str()``.
_RULE_ONLY = frozenset({"low", "high", "min", "max", "limit", "expected", "known", "unit"})


class InvalidInput(PscError):
    """One or more input values break a rule; nothing was written. ``problems`` lists
    each with its path; ``str()`` (what a traceback or a log shows) names each path with
    its rule, but never a value: a rule whose message would quote what was typed is named
    by its path alone."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(_INVALID)
        self.args = (str(self),)  # repr() shows the same, without a value

    def __str__(self) -> str:
        shown = "; ".join(dict.fromkeys(
            f"{p.path}: {p.message.format('en', **p.params)}" if p.params.keys() <= _RULE_ONLY
            else p.path for p in self.problems))
        return f"{self.message.text('en')}: {shown}" if shown else self.message.text("en")

    def text(self, lang: Lang | None = None) -> str:
        """The head and each problem on its own line (``  path: message``)."""
        head = self.message.text(lang)
        return "\n".join([head + ":", *("  " + p.text(lang) for p in self.problems)])


class RuleViolation(ValueError):
    """Raised by domain validators; becomes a :class:`Problem` at its field's path."""

    def __init__(self, message: Label, field: str | None = None, **params: Any) -> None:
        self.message = message
        self.field = field
        self.params = params
        super().__init__(message.format("en", **params))


_MISSING = Label("{entity} {id} は見つかりません", "{entity} {id} not found")
# People and cases: a refusal reads as their absence, so it tells nothing about them.
WITHHELD = Label("{what} {id} は見つからないか、閲覧の権限がありません",
                 "{what} {id} not found, or not yours to see")


class NotFound(PscError):
    """What was asked for does not exist (for a person or a case: or is not the staff
    member's to see, told the same way: :class:`Withheld`)."""

    exit_code = 3

    @classmethod
    def of(cls, entity: Label, id: object) -> NotFound:
        """``{entity} {id} not found``, in both languages."""
        return cls(_MISSING, entity=entity, id=id)

    @classmethod
    def withheld(cls, entity: Label, id: object) -> NotFound:
        """A person or case that does not exist, told as one not the reader's to see."""
        return cls(WITHHELD, what=entity, id=id)


class ConcurrentEdit(PscError):
    """The record changed since it was read; the edit was not applied."""

    exit_code = 4


class NotAllowed(PscError):
    """Not allowed as things stand, whoever asks (no consent, a sign-in locked or to
    wait for, …); :class:`AccessRefused` when it is the staff member's roles."""

    exit_code = 5


class ConfigurationError(PscError):
    """The installation, not the input, is wrong: the database, the key file, a setting."""

    exit_code = 6


class AccessRefused(NotAllowed):
    """The acting staff member's roles do not allow this. The refusal itself is
    audited (after the refused transaction is rolled back)."""

    def __init__(self, message: Label, *, staff: str, action: str, entity: str,
                 entity_id: int | None = None, person_id: int | None = None,
                 fields: Sequence[str] = (), **params: Any) -> None:
        self.staff, self.action, self.entity = staff, action, entity
        self.entity_id, self.person_id, self.fields = entity_id, person_id, list(fields)
        super().__init__(message, **params)


class Withheld(AccessRefused, NotFound):
    """A refusal about a person or case. It reads exactly as their absence (one message,
    one exit code, whatever programs they are in), so that neither a sensitive
    participation nor existence can be inferred; it is audited as any refusal."""

    exit_code = 3

    def __init__(self, entity: Label, id: object, *, staff: str, action: str, table: str,
                 entity_id: int | None = None, person_id: int | None = None,
                 fields: Sequence[str] = ()) -> None:
        super().__init__(WITHHELD, staff=staff, action=action, entity=table,
                         entity_id=entity_id, person_id=person_id, fields=fields,
                         what=entity, id=id)
