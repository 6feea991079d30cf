"""Names as staff type them: what a text typed for a record or a choice stands for.

The keys themselves (name, kana, phone) are :mod:`psccore.domain.kana`'s, which the
duplicate check and the web app's search use too; here are what a typed text may stand
for, record numbers, and coded choices and lists as staff type them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import attrs

from psccore.domain.kana import kana_key, name_key, phone_key

T = TypeVar("T")

_SPACES = re.compile(r"[\s\u3000]+")
MAX_ID_DIGITS = 6


def id_key(text: str | None) -> int | None:
    """A record number typed as such (``12``, ``１２``, ``#12``, ``ID 12``), else None.
    Seven digits or more read as (part of) a phone number instead."""
    plain = _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).lower()
    plain = plain.removeprefix("#").removeprefix("id")
    if plain.isascii() and plain.isdigit() and len(plain) <= MAX_ID_DIGITS:
        return int(plain)
    return None


@attrs.frozen
class SearchKeys:
    """What a search text may mean: a name, a kana spelling, a phone number."""

    text: str
    name: str
    kana: str
    phone: str | None

    @classmethod
    def of(cls, text: str) -> SearchKeys:
        return cls(text.strip(), name_key(text), kana_key(text), phone_key(text))

    @property
    def empty(self) -> bool:
        return not self.name


@attrs.frozen
class Resolved(Generic[T]):
    """What a name typed by staff stands for: one record, several, or none.

    ``matches`` holds only records the staff member may read; ``more`` says that further
    ones were left out of the list (the search was cut short)."""

    text: str
    matches: Sequence[T]
    more: bool = False

    @property
    def one(self) -> T | None:
        """The record, when exactly one matched."""
        return self.matches[0] if len(self.matches) == 1 and not self.more else None

    @property
    def kind(self) -> str:
        """``"one"``, ``"several"`` or ``"none"``."""
        if not self.matches:
            return "none"
        return "one" if self.one is not None else "several"


def prefer_exact(keys: SearchKeys, found: Sequence[T],
                 spellings: Callable[[T], Sequence[str | None]]) -> list[T]:
    """Of ``found``, those whose name, kana or phone is exactly what was typed (so
    ``山田太郎`` picks 山田 太郎 over 山田 太郎丸); all of them when none is exact."""
    exact = [f for f in found
             if any(s is not None and keys.name and (name_key(s).lower() == keys.name.lower()
                                                     or kana_key(s) == keys.kana
                                                     or (keys.phone is not None
                                                         and phone_key(s) == keys.phone))
                    for s in spellings(f))]
    return exact or list(found)


# --- coded choices and lists as staff type them -------------------------------------------

_LIST_SEPARATORS = re.compile(r"\s*[,、，､;；]\s*")


def choice_key(text: str) -> str:
    """A choice as compared: NFKC, case-folded, without spaces, ``-`` and ``_``, in
    katakana (so ``電話``, ``Phone`` and ``PHONE`` compare as typed)."""
    import jaconv  # loaded only when a choice is read

    plain = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_\-・]+", "", jaconv.hira2kata(plain))


def read_choice(members: Sequence[T], spellings: Callable[[T], Sequence[str]],
                text: str) -> T | None:
    """The member ``text`` names: its code or a label exactly, else the one member one of
    whose spellings starts with it, else the one that contains it (``健康`` →
    心身の健康); None when no member or several do."""
    key = choice_key(text)
    if not key:
        return None
    keyed = [(m, [choice_key(s) for s in spellings(m)]) for m in members]
    for test in (str.__eq__, str.startswith, str.__contains__):
        found = [m for m, keys in keyed if any(test(k, key) for k in keys)]
        if len(found) == 1:
            return found[0]
        if found:
            return None  # ambiguous at this level: a longer answer is needed
    return None


def split_list(text: str) -> list[str]:
    """``軽作業, パソコン``, ``軽作業、パソコン`` → ``["軽作業", "パソコン"]``."""
    return [part for part in _LIST_SEPARATORS.split(text.strip()) if part]


#: Column headings offices commonly use, beside each field's name and labels.
COMMON_HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("名前", "氏名（漢字）", "お名前", "利用者名", "相談者名"),
    "kana": ("ふりがな", "カナ", "氏名カナ", "フリガナ（カナ）", "よみがな", "カナ氏名"),
    "birth_date": ("誕生日", "生年", "birthday", "date of birth", "dob"),
    "phone": ("電話", "tel", "電話番号（自宅）", "携帯", "携帯電話", "連絡先"),
    "email": ("メール", "eメール", "e-mail", "mail", "メールアドレス（pc）"),
    "postal_code": ("〒", "郵便", "zip"),
    "ward": ("区", "区名", "区・市町村名", "市区町村", "市町村", "住所（区）"),
    "address": ("住所1", "所在地", "番地"),
}

__all__ = ["COMMON_HEADINGS", "Resolved", "SearchKeys", "choice_key", "id_key", "prefer_exact",
           "read_choice", "split_list"]
