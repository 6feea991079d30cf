"""Kana normalisation: one spelling whatever the width, script or spacing."""

from __future__ import annotations

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"[\s\u3000]+")


def normalize_kana(text: str | None) -> str | None:
    """Full-width katakana, single ASCII spaces: ``ﾔﾏﾀﾞ　たろう`` → ``ヤマダ タロウ``."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text)  # half-width kana → full-width
    text = jaconv.hira2kata(text)
    return _SPACES.sub(" ", text).strip()


def normalize_name(text: str | None) -> str | None:
    """One spelling of a name: NFKC (full-width letters, ideographic space) and single spaces."""
    if text is None:
        return None
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def kana_key(text: str | None) -> str:
    """A comparison key: normalised kana without spaces."""
    return (normalize_kana(text) or "").replace(" ", "")


def name_key(text: str | None) -> str:
    """A comparison key for a name: NFKC without spaces (``山田　太郎`` → ``山田太郎``)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def digits_key(text: str | None) -> str:
    """Only the digits, in ASCII: ``０２２-１１１`` → ``022111`` (phone numbers)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text or "") if c.isdigit())
