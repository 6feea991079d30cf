"""Kana as stored: one spelling whatever was typed, and rows read back untouched."""

import re
import unicodedata

import jaconv
from hypothesis import given
from hypothesis import strategies as st

from psccore.domain.kana import normalize_kana

KATAKANA = [chr(c) for c in range(0x30A1, 0x30FB)] + ["\u30fc"]


def _spelled(text: str) -> str:
    """What normalize_kana makes of any text: NFKC, katakana, single spaces."""
    text = jaconv.hira2kata(unicodedata.normalize("NFKC", text))
    return re.sub(r"[\s\u3000]+", " ", text).strip()


def test_typed_kana_take_one_spelling() -> None:
    assert normalize_kana("ﾔﾏﾀﾞ　たろう") == "ヤマダ タロウ"
    assert normalize_kana("  やまだ   はなこ ") == "ヤマダ ハナコ"
    assert normalize_kana(None) is None


@given(st.text(alphabet=[*KATAKANA, " ", "\u3000", "ｱ", "ﾞ", "あ", "ゟ", "ヿ"], max_size=12))
def test_stored_kana_are_returned_as_they_are_and_others_spelled_the_same(text: str) -> None:
    assert normalize_kana(text) == _spelled(text)
    spelled = normalize_kana(text)
    assert normalize_kana(spelled) == spelled  # what is stored reads back unchanged
