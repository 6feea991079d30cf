"""Accessibility: axe-core finds no serious or critical violation on the sign-in, Today,
Find (with results), case and intake pages, in Japanese and in English (see
``conftest.axe``)."""

from __future__ import annotations

from typing import Any

import pytest

Office = Axe = Shot = SignIn = Any  # the fixtures of conftest.py


def _language(page: Any, lang: str) -> None:
    """The language switch's cookie, as the switch would set it."""
    page.context.add_cookies([{"name": "psc_lang", "value": lang, "url": page.url}])


#: The guide's screenshots taken here (the others: test_web_browser.py).
GUIDE = {("intake", "ja"): "intake", ("today", "en"): "today-en"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_days_pages_have_no_serious_axe_violation(office: Office, page: Any, axe: Axe,
                                                      sign_in: SignIn, shot: Shot,
                                                      lang: str) -> None:
    page.goto("/login")
    _language(page, lang)
    found: dict[str, list[dict[str, Any]]] = {}
    pages = [("sign-in", "/login"), ("today", "/"), ("find", "/search?q=やまだ"),
             ("case", f"/cases/{office.case}"),
             ("intake", f"/people/{office.person}/open?program={office.program}"),
             ("intake-errors", None), ("new-person", "/people/new"),
             ("confirm-password", "/confirm?next=/admin")]
    for name, path in pages:
        if name == "today":
            _language(page, "ja")  # the sign_in fixture reads the Japanese labels
            sign_in("sato", office.password)
            _language(page, lang)
        if path is None:  # the intake form sent empty: errors beside the fields
            page.locator("form.intake button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator(".field.invalid").count() > 0
        else:
            page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang, name
        found[name] = axe()
        if (name, lang) in GUIDE:
            shot(GUIDE[name, lang])
    assert {name: v for name, v in found.items() if v} == {}


def test_withheld_answers_and_the_404_page_have_none(office: Office, page: Any, axe: Axe,
                                                    sign_in: SignIn) -> None:
    sign_in("yomi", office.password)
    page.goto(f"/cases/{office.case}")
    assert page.locator(".withheld").count() > 0
    withheld = axe()
    page.goto("/cases/999999")
    assert {"withheld": withheld, "404": axe()} == {"withheld": [], "404": []}


def test_the_checker_finds_what_it_must(office: Office, page: Any, axe: Axe) -> None:
    """A page stripped of its language and of an input's label is caught (so the
    test above can fail)."""
    page.goto("/login")
    page.evaluate("""() => { document.documentElement.removeAttribute('lang');
        document.querySelectorAll('label').forEach(l => l.remove()); }""")
    assert {"html-has-lang", "label"} <= {v["id"] for v in axe()}
