"""Bilingual labels and the language in force.

Everything shown to staff is a :class:`Label` with Japanese and English text.
Japanese is the default; ``PSC_LANG=en`` or ``psc --lang en`` switches.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any, Literal, NamedTuple

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

_lang: ContextVar[Lang | None] = ContextVar("psc_lang", default=None)


class Label(NamedTuple):
    """A text in Japanese and English; ``str.format`` placeholders allowed.

    (A NamedTuple, not attrs: the CLI imports it at start-up.)
    """

    ja: str
    en: str

    def text(self, lang: Lang | None = None) -> str:
        """The text in ``lang`` (default: the current language)."""
        return self.ja if (lang or current_lang()) == "ja" else self.en

    def format(self, lang: Lang | None = None, /, **params: Any) -> str:
        """The text with ``params`` filled in; Label parameters in the same language."""
        lang = lang or current_lang()
        shown = {k: v.text(lang) if isinstance(v, Label) else v for k, v in params.items()}
        return self.text(lang).format(**shown)

    def __str__(self) -> str:
        return self.text()


def parse_lang(value: str) -> Lang:
    value = value.strip().lower()
    if value.startswith("ja"):
        return "ja"
    if value.startswith("en"):
        return "en"
    raise ValueError(value)


def current_lang() -> Lang:
    """The language set for this context, else ``PSC_LANG``, else Japanese."""
    lang = _lang.get()
    if lang is not None:
        return lang
    try:
        return parse_lang(os.environ.get("PSC_LANG", "ja"))
    except ValueError:
        return "ja"


def set_lang(lang: Lang | str) -> Token[Lang | None]:
    """Set the language for this context; the token undoes it (:func:`reset_lang`)."""
    return _lang.set(parse_lang(lang))


def reset_lang(token: Token[Lang | None]) -> None:
    _lang.reset(token)


@contextmanager
def language_scope() -> Iterator[None]:
    """Whatever language is set inside is forgotten on leaving (one CLI invocation)."""
    token = _lang.set(_lang.get())
    try:
        yield
    finally:
        _lang.reset(token)
