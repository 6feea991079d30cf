"""Names, kana and phone numbers as staff type them: one spelling to store and one
comparison key whatever the width, script or spacing.

``山田　太郎``, ``山田 太郎`` and ``山田太郎`` are one name; ``やまだたろう``, ``ﾔﾏﾀﾞ ﾀﾛｳ``
and ``ヤマダ　タロウ`` one kana; ``０２２-１２３-４５６７`` and ``0221234567`` one phone
number. The duplicate check, the search box of the web app and the names the command
resolves all compare through these keys.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u3000]+")
#: What a phone number may hold besides digits, as staff write it.
_PHONE_PUNCTUATION = re.compile(r"[\s\-‐－ー−()（）+]")
#: Characters that separate digits in a stored phone number (squashed in queries).
PHONE_SEPARATORS = (" ", "-", "(", ")", "+")
#: Fewer digits than this are not searched for as (part of) a phone number.
MIN_PHONE_DIGITS = 4


def normalize_kana(text: str | None) -> str | None:
    """Full-width katakana, single ASCII spaces: ``ﾔﾏﾀﾞ　たろう`` → ``ヤマダ タロウ``."""
    if text is None:
        return None
    import jaconv  # loaded only when input is read

    text = unicodedata.normalize("NFKC", text)  # half-width kana → full-width
    text = jaconv.hira2kata(text)
    return _SPACES.sub(" ", text).strip()


def normalize_name(text: str | None) -> str | None:
    """One spelling of a name: NFKC (full-width letters, ideographic space) and single spaces."""
    if text is None:
        return None
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def normalize_phone(text: str | None) -> str | None:
    """A phone number as stored: ``０２２－１２３－４５６７`` → ``022-123-4567``."""
    if text is None:
        return None
    plain = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"[‐－ー−―]", "-", plain)


def kana_key(text: str | None) -> str:
    """A comparison key: normalised kana without spaces (``ﾔﾏﾀﾞ たろう`` → ``ヤマダタロウ``)."""
    return (normalize_kana(text) or "").replace(" ", "")


def name_key(text: str | None) -> str:
    """A comparison key for a name: NFKC without spaces (``山田　太郎`` → ``山田太郎``)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def phone_key(text: str | None) -> str | None:
    """The digits of ``text`` in ASCII if it reads as (part of) a phone number, else
    None: ``０２２-１２３`` → ``022123``; ``山田`` → None."""
    plain = unicodedata.normalize("NFKC", text or "").strip()
    digits = _PHONE_PUNCTUATION.sub("", plain)
    if not digits.isascii() or not digits.isdigit() or len(digits) < MIN_PHONE_DIGITS:
        return None
    return digits


__all__ = ["MIN_PHONE_DIGITS", "PHONE_SEPARATORS", "kana_key", "name_key", "normalize_kana",
           "normalize_name", "normalize_phone", "phone_key"]
