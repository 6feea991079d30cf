"""How a form lies on the page (psccore.forms.pdf), checked from the PDF's own text: a
long name stays within the margins in the heading and the footer, English words are
not cut in two at a line's end, and a signature block that fits stays on its page."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from psccore.forms.model import Form, Row, Section, Table
from psccore.forms.pdf import MARGIN, pdf_bytes

MM = 72 / 25.4  # points per mm
A4_WIDTH = 210
LONG_NAME = ("長谷川原 ヴィクトリア アレクサンドラ 美由紀子（ハセガワラ ヴィクトリア アレクサンドラ "
             "ミユキコ） ケース番号 150")


def _form(sections: tuple[Section, ...], subject: str = "佐藤 花子（サトウ ハナコ）") -> Form:
    return Form(title="相談受付・申込票", number="様式1", office="仙台市 生活・仕事相談センター",
                issued_on="令和8年12月1日", subject=subject, sections=sections)


def _runs(form: Form) -> list[tuple[int, float, str]]:
    """Each run of text as drawn: its page, its left edge in mm, and the text."""
    found: list[tuple[int, float, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf_bytes(form))).pages, 1):
        def visit(text: str, cm: Any, tm: Any, *_: Any, page_no: int = number) -> None:
            if text.strip():
                found.append((page_no, (tm[4] * cm[0] + cm[4]) / MM, text))
        page.extract_text(visitor_text=visit)
    return found


def _pages(form: Form) -> int:
    return len(PdfReader(io.BytesIO(pdf_bytes(form))).pages)


def test_a_long_name_stays_within_the_margins() -> None:
    form = _form((Section("相談者", (Row("氏名", "長谷川原 美由紀子"),)),), subject=LONG_NAME)
    runs = _runs(form)
    assert runs, "the form has text"
    outside = [(x, text) for _, x, text in runs if x < MARGIN - 0.5]
    assert outside == []
    # the whole name is still printed, heading and footer
    text = "".join(t for _, _, t in runs).replace("\n", "")
    assert text.count("ミユキコ") >= 2


def test_english_words_are_kept_whole_at_a_line_end() -> None:
    grid = Table(("", "", "", ""), (("□ relations with the neighbourhood",
                                     "□ social withdrawal or school refusal",
                                     "□ domestic violence or abuse", "□ other"),), header=False)
    form = _form((Section("Topics", table=grid),
                  Section("Notes", (Row("the consultation in detail",
                                        "accompaniment to the job centre " * 6),))))
    words = {w for _, _, text in _runs(form) for w in text.split()}
    for whole in ("neighbourhood", "withdrawal", "refusal", "violence", "accompaniment"):
        assert whole in words, whole


def test_japanese_text_still_wraps_within_its_box() -> None:
    text = "家賃の滞納が3か月分あり、大家さんから退去を求められている。" * 6
    form = _form((Section("相談内容", (Row("相談内容（詳細）", text),)),))
    runs = [(x, t) for _, x, t in _runs(form) if "滞納" in t or "退去" in t]
    assert len(runs) >= 3  # several lines, none running off the page
    assert all(x >= MARGIN - 0.5 for x, _ in runs)


def test_a_signature_block_that_fits_stays_on_the_page() -> None:
    rows = tuple(Row(f"項目{i}", "") for i in range(22))
    signed = Section("事業等の利用申込", (Row("申込・同意の内容", "上記のプランに同意します。"),
                                    Row("本人署名", "令和　　年　　月　　日"),
                                    Row("相談支援員", "令和　　年　　月　　日")), signature=True)
    assert _pages(_form((Section("プラン", rows), signed))) == 1
    # with more above it, the block moves whole to the next page
    crowded = _form((Section("プラン", rows + rows[:12]), signed))
    assert _pages(crowded) == 2
    second = [t for page, _, t in _runs(crowded) if page == 2]
    assert any("本人署名" in t for t in second) and any("申込・同意の内容" in t for t in second)


def test_every_line_starts_within_the_page() -> None:
    form = _form((Section("相談者", (Row("住所", "仙台市青葉区一番町四丁目1番25号 " * 8),)),),
                 subject=LONG_NAME)
    assert all(MARGIN - 0.5 <= x < A4_WIDTH - MARGIN for _, x, _ in _runs(form))


def test_the_introduction_sheet_prints_its_dates_in_the_era() -> None:
    from psccore.forms.national import in_era
    from psccore.i18n import reset_lang, set_lang

    assert in_era("2015-04-01〜2019-03-31") == "平成27年4月1日〜平成31年3月31日"
    assert in_era("2026-06-01から4時間×週3日") == "令和8年6月1日から4時間×週3日"
    assert in_era("電話 022-302-6006、2026-13-01") == "電話 022-302-6006、2026-13-01"
    token = set_lang("en")
    try:
        assert in_era("2026-05-31") == "2026-05-31 (Reiwa 8)"
    finally:
        reset_lang(token)
