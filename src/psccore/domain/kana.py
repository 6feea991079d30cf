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


#: Kana already as :func:`normalize_kana` makes it (as every stored row holds it).
_NORMAL_KANA = re.compile(r"[\u30A1-\u30FA\u30FC]+( [\u30A1-\u30FA\u30FC]+)*")


def normalize_kana(text: str | None) -> str | None:
    """Full-width katakana, single ASCII spaces: ``ﾔﾏﾀﾞ　たろう`` → ``ヤマダ タロウ``."""
    if text is None or _NORMAL_KANA.fullmatch(text):
        return text  # a row read back: nothing to do, and no jaconv to load
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


# --- the search index: short pieces of the keys, looked up instead of reading every row --

#: A stored key is squashed as the search's SQL squashes it (only these characters
#: removed), so that every row the SQL would match has the pieces looked up.
_SQUASHED = (" ", "\u3000")
#: Phone numbers are looked up by four digits (as few as a search may give): two or
#: three digits would each be held by a large share of all numbers.
PHONE_GRAM = 4


def _squash(text: str, removed: tuple[str, ...] = ()) -> str:
    for character in (*_SQUASHED, *removed):
        text = text.replace(character, "")
    return text


def _pieces(kind: str, key: str, size: int = 2) -> set[str]:
    """``key``'s pieces of ``size`` characters (``山田太郎`` → 山田, 田太, 太郎), and its
    first character marked as first (so a one-character search finds names by prefix)."""
    if not key:
        return set()
    found = {kind + "^" + key[0]}
    found.update(kind + key[i:i + size] for i in range(len(key) - size + 1))
    return found


def stored_grams(name: str | None, kana: str | None, phone: str | None) -> set[str]:
    """The index pieces of a person's (or any record's) stored name, kana and phone: name
    in lower case by twos (``n``), kana by twos (``k``), phone digits by fours (``p``)."""
    grams = _pieces("n", _squash(name or "").lower()) | _pieces("k", _squash(kana or ""))
    digits = _squash(phone or "", PHONE_SEPARATORS)
    grams.update("p" + digits[i:i + PHONE_GRAM] for i in range(len(digits) - PHONE_GRAM + 1))
    return grams


def query_grams(name: str, kana: str, phone: str | None) -> list[list[str]]:
    """For the keys of a search, the sets of pieces each match must hold all of: one for
    the name, one for the kana, one for the phone number. A key of one character asks
    for names beginning with it (an infix of one character would be most names)."""
    wanted = []
    for kind, key in (("n", name.lower()), ("k", kana)):
        if len(key) == 1:
            wanted.append([kind + "^" + key])
        elif key:
            wanted.append(sorted({kind + key[i:i + 2] for i in range(len(key) - 1)}))
    if phone is not None and len(phone) >= PHONE_GRAM:
        wanted.append(sorted({"p" + phone[i:i + PHONE_GRAM]
                              for i in range(len(phone) - PHONE_GRAM + 1)}))
    return wanted


__all__ = ["MIN_PHONE_DIGITS", "PHONE_GRAM", "PHONE_SEPARATORS", "kana_key", "name_key",
           "normalize_kana", "normalize_name", "normalize_phone", "phone_key", "query_grams",
           "stored_grams"]
