"""Accessibility: axe-core finds no serious or critical violation on the sign-in, Today,
Find (with results), case and intake pages, in Japanese and in English (see
``conftest.axe``); and on every page a staff member can open, taken from the app's own
routes (a GET route neither visited nor skipped with a reason fails the test), where
the English pages also show no Japanese interface text."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import pytest
from starlette.routing import BaseRoute, Mount, Route

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


#: GET routes no page of which is checked here, each with the reason.
SKIPPED = {
    "/reports/file/{fmt}": "a download (Excel, CSV), not a page",
    "/cases/{case_id}/forms/{name}/{fmt}": "a download (PDF, Excel), not a page",
    "/reports/forms/{name}/{fmt}": "a download (PDF, Excel), not a page",
}
#: Forms sent empty (by the button given) to check the page with errors beside the fields
#: (forms that a browser does not send empty, or that need nothing, are not here).
SENT_EMPTY = {"/employers/new": "main form button[type=submit]",
              "/people/new": "main form button[type=submit]",
              "/employers/{employer_id}/openings/new": "main form button[type=submit]",
              "/cases/{case_id}/plans/new": "main form button[type=submit] >> nth=-1",
              "/cases/{case_id}/close": "main form button[type=submit]",
              "/cases/{case_id}/assessments/new": "main form button[type=submit] >> nth=-1",
              "/plans/{plan_id}/evaluate": "main form button[type=submit] >> nth=-1",
              "/people/{person_id}/consents": "main form button[type=submit] >> nth=-1"}
#: A form's errors not tied to their fields: a field shown invalid whose input has no
#: aria-invalid, an aria-invalid input not described (itself or by its group) by a message
#: that is there; and none at all (the form was not refused).
UNTIED = """() => {
    const wrong = [];
    for (const f of document.querySelectorAll('.field.invalid'))
        if (!f.querySelector('[aria-invalid=true]'))
            wrong.push('not aria-invalid: ' + f.querySelector('label, legend')?.textContent);
    const invalid = document.querySelectorAll('[aria-invalid=true]');
    for (const i of invalid) {
        const by = [i, i.closest('fieldset')].flatMap(e => e ? (e.getAttribute(
            'aria-describedby') || '').split(' ').filter(Boolean) : []);
        if (!by.some(id => (document.getElementById(id) || {}).textContent))
            wrong.push('no message: ' + (i.id || i.name));
    }
    return invalid.length ? wrong : ['no field is shown invalid'];
}"""
#: Japanese an English page may show, each with the reason.
ALLOWED = {
    "日本語": "the language switch names the language in itself",
    "令和8年度": "an example of what may be typed (a year in the Japanese era)",
    "様式第8号": "the official number of the form the report follows",
}
#: Japanese script: kana, kanji, full-width forms and CJK punctuation.
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
#: Visible text nodes (options of a select and a drawing's titles too; not what a textarea
#: holds, a value), each after its element's tag and id; and the names, alternative texts,
#: titles and placeholders a screen reader reads.
TEXTS = """() => {
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const e = n.parentElement, text = n.textContent.trim();
        if (!text || !e || e.closest('script, style, textarea')) continue;
        const where = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '');
        if (e.closest('option, title') || e.checkVisibility()) found.push(where + ': ' + text);
    }
    for (const e of document.body.querySelectorAll('[aria-label], [alt], [title], [placeholder]'))
        for (const name of ['aria-label', 'alt', 'title', 'placeholder'])
            if (e.getAttribute(name)) found.push(`${e.tagName.toLowerCase()}[${name}]: `
                                                  + e.getAttribute(name));
    return found;
}"""


def _gets(found: Sequence[BaseRoute], prefix: str = "") -> Iterator[str]:
    for route in found:
        if isinstance(route, Route) and "GET" in (route.methods or {"GET"}):
            yield prefix + route.path
        elif isinstance(route, Mount) and route.routes:
            yield from _gets(route.routes, prefix + route.path)


def _pages_of_the_app(office: Office) -> set[str]:
    """Every GET route, a program's pages each by its own path (``/programs/CODE/…``)."""
    from psccore.web.app import create_app

    found = set(_gets(create_app(office.psc).routes))
    found.discard("/programs/{code}/{rest:path}")
    return found | {f"/programs/{code}/{p.path}" for code, program in office.psc.programs.items()
                    for p in program.pages() if "GET" in p.methods}


def _data(office: Office) -> dict[str, str]:
    """What the pages are shown: ids by route parameter, and the values entered (their
    Japanese is data, not interface text)."""
    from psc_readiness.sessions import add_session

    psc = office.psc
    today = psc.today()
    psc.record_assessment(office.case, {"assessed_on": today.isoformat(),
                                         "autonomy_stage": "work", "summary": "家賃滞納"})
    period = {"period_start": (today - dt.timedelta(days=30)).isoformat(),
              "period_end": (today + dt.timedelta(days=180)).isoformat()}
    steps = [{"program": office.program, "kind": "reemployment",
              "start_on": today.isoformat()}]
    plan = psc.draft_plan(office.case, {"long_term_goal": "再就職する", **period,
                                        "goals": [{"text": "通院と両立する"}], "steps": steps})
    psc.record_meeting({"held_on": today.isoformat()},
                       [{"plan_id": plan.plan.id, "decision": "approve"}])
    employer = psc.add_employer({"name": "東北精密株式会社", "kana": "トウホクセイミツ",
                                 "industry": "製造", "ward": "泉区", "stage": "agreement"})
    opening = psc.add_opening({"employer_id": employer.id, "title": "軽作業スタッフ",
                               "duties": "検品と梱包", "ward": "青葉区", "hours_per_day": 4,
                               "days_per_week": 3, "time_of_day": "daytime",
                               "wage_type": "hourly", "wage": 1000, "opened_on": "2026-04-01"})
    other = psc.add_person({"name": "鈴木 花子", "kana": "スズキ ハナコ",
                            "birth_date": "1990-02-03", "phone": "022-555-0101"})
    closed = psc.open_case(other.id or 0, "readiness", _example(psc, "readiness"),
                           today - dt.timedelta(days=40)).case.id or 0
    psc.close_case(closed, "lost_contact", on=today)
    placed = _placed(psc, other.id or 0, today)
    session = add_session(psc, {"held_on": _weekday(today).isoformat(), "half": "am",
                                "activity": "pc"})
    psc.add_office(psc.organisations()[0].name, {"name": "北拠点"})  # a case may move
    return {"person_id": str(office.person), "case_id": str(office.case),
            "plan_id": str(plan.plan.id), "employer_id": str(employer.id),
            "opening_id": str(opening.id), "login": "sato", "session_id": str(session.id),
            "closed": str(closed), "placed": str(placed)}


def _placed(psc: Any, person: int, today: dt.date) -> int:
    """A case of the person in a certified training under way (its milestones' page)."""
    start = _weekday(today - dt.timedelta(days=10))
    case = psc.open_case(person, "jm_training", {
        "track": "certified_training", "data_entry_skill": "basic",
        "work_experience_years": 0, "employment_type": "non_employment"},
        start - dt.timedelta(days=20)).case.id or 0
    plan = psc.draft_plan(case, {
        "long_term_goal": "一般就労", "period_start": (start - dt.timedelta(days=10)).isoformat(),
        "period_end": (start + dt.timedelta(days=300)).isoformat(),
        "goals": [{"text": "休まず通う"}],
        "steps": [{"program": "jm_training", "kind": "certified_training",
                   "start_on": start.isoformat(),
                   "end_on": (start + dt.timedelta(days=120)).isoformat()}]},
        today=start - dt.timedelta(days=8))
    psc.record_meeting({"held_on": (start - dt.timedelta(days=5)).isoformat()},
                       [{"plan_id": plan.plan.id, "decision": "approve"}])
    psc.start_step(plan.steps[0].id or 0, start)
    return case


def _example(psc: Any, code: str) -> dict[str, Any]:
    example = psc.programs[code].example_intake
    return dict(example(random.Random(1))) if example else {}


def _weekday(day: dt.date) -> dt.date:
    from psccore import public_holiday

    while day.weekday() >= 5 or public_holiday(day):
        day -= dt.timedelta(days=1)
    return day


def _visits(ids: dict[str, str]) -> list[tuple[str, str]]:
    """(route, path) for every page visited, in order; a route may be visited twice."""
    c, p = ids["case_id"], ids["person_id"]
    return [
        ("/", "/"), ("/search", "/search?q=やまだ"), ("/people/new", "/people/new"),
        ("/people/{person_id}", f"/people/{p}"), ("/cases/{case_id}", f"/cases/{c}"),
        ("/people/{person_id}/open", f"/people/{p}/open"),
        ("/people/{person_id}/open", f"/people/{p}/open?program=consultation"),
        ("/cases/{case_id}/assessments/new", f"/cases/{c}/assessments/new"),
        ("/cases/{case_id}/plans/new", f"/cases/{c}/plans/new"),
        ("/plans/{plan_id}/evaluate", f"/plans/{ids['plan_id']}/evaluate"),
        ("/meetings/new", "/meetings/new"),
        ("/cases/{case_id}/close", f"/cases/{c}/close"),
        ("/cases/{case_id}/reopen", f"/cases/{ids['closed']}/reopen"),
        ("/cases/{case_id}/transfer", f"/cases/{c}/transfer"),
        ("/cases/{case_id}/matching", f"/cases/{c}/matching"),
        ("/people/{person_id}/preferences", f"/people/{p}/preferences?case={c}"),
        ("/people/{person_id}/consents", f"/people/{p}/consents"),
        ("/people/{person_id}/introduce/{employer_id}",
         f"/people/{p}/introduce/{ids['employer_id']}?opening={ids['opening_id']}"),
        ("/employers", "/employers"), ("/employers/new", "/employers/new"),
        ("/employers/{employer_id}", f"/employers/{ids['employer_id']}"),
        ("/employers/{employer_id}/openings/new",
         f"/employers/{ids['employer_id']}/openings/new"),
        ("/openings/{opening_id}", f"/openings/{ids['opening_id']}"),
        ("/reports", "/reports"), ("/reports", "/reports?fy=2026"),
        ("/cases/{case_id}/jobcard", f"/cases/{c}/jobcard"),
        ("/account", "/account"), ("/account/totp", "/account/totp"),
        ("/confirm", "/confirm?next=/admin"),
        ("/admin", "/admin"), ("/admin/staff/{login}", f"/admin/staff/{ids['login']}"),
        ("/admin/office", "/admin/office"), ("/admin/audit", "/admin/audit"),
        ("/admin/verify", "/admin/verify"),
        ("/programs/readiness/timetable", "/programs/readiness/timetable"),
        ("/programs/readiness/sessions/{session_id:int}",
         f"/programs/readiness/sessions/{ids['session_id']}"),
        ("/programs/jm_training/milestones", "/programs/jm_training/milestones"),
        ("/programs/jm_training/milestones/{case_id:int}",
         f"/programs/jm_training/milestones/{ids['placed']}"),
        ("/programs/cancer_reemployment/participants",
         "/programs/cancer_reemployment/participants"),
        ("/programs/childcare_aftercare/events", "/programs/childcare_aftercare/events"),
    ]


def _japanese(page: Any, data: Sequence[str]) -> list[str]:
    """The visible text with Japanese script once the data values are taken out."""
    found = []
    for text in page.evaluate(TEXTS):
        for value in data:
            text = text.replace(value, "")
        if JAPANESE.search(text):
            found.append(text)
    return found


def test_every_page_has_no_serious_axe_violation_nor_japanese_in_english(
        office: Office, page: Any, axe: Axe, sign_in: SignIn) -> None:
    """Both languages in one page object: the sign-in pages (the code's, as a staff member
    with a TOTP code), then every page as the administrator (a role in every program),
    eight forms sent empty, and the 404 page."""
    ids = _data(office)
    visits = _visits(ids)
    visited = {route for route, _ in visits} | {"/login", "/login/code"}
    routes = _pages_of_the_app(office)
    assert routes - visited - set(SKIPPED) == set(), "neither visited nor skipped"
    assert visited | set(SKIPPED) <= routes  # nothing listed that is gone
    _totp_for(office, "yomi")
    check = _Checker(page, axe, _values(office))
    for lang in ("ja", "en"):
        check.lang = lang
        _signed_out_pages(page, office, check)
        _language(page, "ja")  # the sign_in fixture reads the Japanese labels
        sign_in("admin", office.password)
        _language(page, lang)
        for route, path in [*visits, ("", "/cases/999999")]:
            shown = page.goto(path)
            assert shown.status == (200 if route else 404), path  # the page, not an error
            check(path)
            if route in SENT_EMPTY:
                page.locator(SENT_EMPTY[route]).click()
                page.wait_for_load_state()
                check(path + " (sent empty)", errors=True)
    assert check.found == {}, "\n".join(f"{where}: {what}" for where, what in check.found.items())


def _totp_for(office: Office, login: str) -> None:
    """The staff member's TOTP code on: signing in asks for it on /login/code."""
    import pyotp

    them = office.psc.acting_as(login)
    them.confirm_totp(pyotp.TOTP(them.start_totp().secret).now())


def _signed_out_pages(page: Any, office: Office, check: _Checker) -> None:
    """The sign-in page and the code's page (as yomi, who has a TOTP code)."""
    page.context.clear_cookies()
    page.goto("/login")
    _language(page, check.lang)
    page.reload()
    check("/login")
    page.locator("#login").fill("yomi")
    page.locator("#password").fill(office.password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/login/code")
    check("/login/code")
    page.context.clear_cookies()
    page.goto("/login")


@attrs.define
class _Checker:
    """Checks the page as it is now; what is wrong goes into ``found`` by page."""

    page: Any
    axe: Axe
    data: Sequence[str]
    lang: str = "ja"
    found: dict[str, Any] = attrs.field(factory=dict)

    def __call__(self, path: str, *, errors: bool = False) -> None:
        where = f"{self.lang} {path}"
        shown = self.page.locator("html").get_attribute("lang")
        if shown != self.lang:
            self.found[where + " lang"] = shown
        if violations := self.axe():
            self.found[where] = violations
        if errors and (untied := self.page.evaluate(UNTIED)):
            self.found[where + " errors"] = untied
        if self.lang == "en" and (japanese := _japanese(self.page, self.data)):
            self.found[where + " japanese"] = japanese


def _values(office: Office) -> list[str]:
    """The office's data as pages show it, longest first (a name before its part)."""
    values = {"山田 太郎", "ヤマダ タロウ", "佐藤 裕子", "読取 専用", "加藤 誠", "鈴木 花子",
              "スズキ ハナコ", "東北精密株式会社", "トウホクセイミツ", "製造", "泉区", "青葉区",
              "軽作業スタッフ", "検品と梱包", "再就職する", "通院と両立する", "家賃滞納",
              "腫瘍内科", office.canary, "やまだ", "管理者", "支援のための健康状態の把握",
              "センター研修室", "北拠点", "一般就労", "休まず通う",
              "本所", "法人",
              *ALLOWED}
    return sorted(values, key=len, reverse=True)
