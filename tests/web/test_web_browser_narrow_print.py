"""The pages in a narrow window and on paper (a real browser): the menu's entries and
today's dates and names are never broken inside a word, and the printed case page
leaves out the screen's links and keeps the timeline's numbers on the page."""

from __future__ import annotations

from typing import Any

Office = Shot = SignIn = Any  # the fixtures of conftest.py

#: How many lines an element's text takes (an inline box or a cell broken over lines
#: has one client rectangle a line).
LINES = """e => { const r = document.createRange(); r.selectNodeContents(e);
  return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""


def test_a_narrow_window_and_the_printed_case(office: Office, page: Any, shot: Shot,
                                              sign_in: SignIn) -> None:
    page.set_viewport_size({"width": 480, "height": 800})
    sign_in("sato", office.password)
    shot("narrow-today")
    entries = page.locator(".top nav a")
    assert entries.count() >= 4
    for entry in entries.all():
        assert entry.evaluate(LINES) == 1, entry.inner_text()
    cells = page.locator("table.agenda td.due > *, table.agenda td.person")
    assert cells.count() >= 2
    for cell in cells.all():  # 期限切れ may go below the date, the date stays whole
        assert cell.evaluate(LINES) == 1, cell.inner_text()

    page.set_viewport_size({"width": 800, "height": 800})
    page.emulate_media(media="print")
    page.goto(f"/cases/{office.case}")
    shot("case-print")
    assert not page.locator("p.related").is_visible()
    assert not page.get_by_role("link", name="ジョブ・カードを作成する").is_visible()
    marker_room = page.locator("ol.timeline").evaluate(
        "e => parseFloat(getComputedStyle(e).paddingLeft)")
    assert marker_room >= 30  # room for "10." and "11." within the page's edge
