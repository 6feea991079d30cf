"""The web app in a real browser (Playwright driving Debian's headless chromium): the
day's path by hand, with screenshots (into ``PSC_TEST_SCREENSHOTS`` when set: `make
screenshots` renews the guide's, docs/images/web/; else a temporary folder).

Skipped when chromium or Playwright is missing, unless ``PSC_REQUIRE_BROWSER=1``
(``scripts/browser-for-tests`` installs chromium)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from psccore.testing import consent_to_collect

CHROMIUM = "/usr/bin/chromium"
Office = Any


def _missing(reason: str) -> None:
    if os.environ.get("PSC_REQUIRE_BROWSER"):
        pytest.fail(f"PSC_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for the whole session."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        _missing("chromium is not installed (scripts/browser-for-tests)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"])
        yield found
        found.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(office: Office) -> Iterator[str]:
    """The web app over the office's database, served by uvicorn in a thread."""
    import uvicorn

    from psccore.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(office.psc), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any, server: str, shots: Path) -> Iterator[Any]:
    SHOTS[:] = [shots]
    context = browser.new_context(base_url=server, viewport={"width": 1100, "height": 800},
                                  locale="ja-JP")
    found = context.new_page()
    errors: list[str] = []
    found.on("console", lambda m: errors.append(m.text) if m.type == "error"
             and not m.text.startswith("Failed to load resource") else None)
    yield found
    context.close()
    assert errors == [], errors  # e.g. a script or style the CSP refused (an error page's
    # status, also reported on the console, is no such error)


SHOTS: list[Path] = []  # the folder of this session's screenshots


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: the guide's folder only when asked for."""
    asked = os.environ.get("PSC_TEST_SCREENSHOTS")
    return Path(asked) if asked else tmp_path_factory.mktemp("screenshots")


def _shot(page: Any, name: str) -> None:
    [folder] = SHOTS
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _sign_in(page: Any, login: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("ログイン名").fill(login)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/")


def test_the_days_path_by_hand(office: Office, page: Any) -> None:
    from playwright.sync_api import expect

    person = office.psc.add_person({"name": "新井 花子", "kana": "アライ ハナコ",
                                    "birth_date": "1979-09-12"}).id or 0
    consent_to_collect(office.psc, person, dt.date(2026, 1, 1))
    page.goto("/login")
    _shot(page, "login")
    _sign_in(page, "sato", office.password)
    expect(page.get_by_role("heading", name="担当の受付中ケース")).to_be_visible()
    _shot(page, "today")

    page.get_by_role("link", name="検索").click()
    page.get_by_label("氏名・フリガナ・電話番号・ケース番号").fill("あらい　はなこ")  # typed: htmx
    expect(page.get_by_role("link", name="新井 花子")).to_be_visible()
    _shot(page, "search")
    page.get_by_role("link", name="新井 花子").click()
    page.get_by_role("link", name="ケースを受け付ける").click()
    page.get_by_role("link", name=office.psc.program(office.program).label.ja).click()

    page.get_by_label("再就職", exact=False).first.check()
    page.get_by_label("紹介日", exact=False).fill("令和8年2月30日")  # no such day
    page.get_by_role("button", name="受け付ける").click()
    expect(page.locator("#referral_date-error")).to_contain_text("日付")
    expect(page.locator(".field.invalid").first).to_be_visible()
    _shot(page, "intake-errors")
    assert office.psc.list_cases(person_id=person) == []  # nothing saved yet

    page.get_by_label("紹介日", exact=False).fill("R8.4.1")
    page.get_by_label("紹介元（病院・診療科）", exact=False).fill("腫瘍内科")
    page.get_by_label("治療の状況", exact=False).fill("通院で経過観察")
    page.get_by_role("button", name="受け付ける").click()
    page.wait_for_url("**/cases/*")
    [opened] = office.psc.list_cases(person_id=person)

    page.get_by_label("内容").fill("初回面談。来週もう一度来所の予定。")
    page.get_by_role("button", name="記録する").click()  # htmx: the list is replaced
    expect(page.locator("table.records")).to_contain_text("初回面談")
    assert [r.summary for r in office.psc.list_records(opened.case.id or 0)] == [
        "初回面談。来週もう一度来所の予定。"]
    _shot(page, "case")

    page.get_by_role("link", name="今日").click()
    expect(page.get_by_role("link", name=f"#{opened.case.id} 新井 花子")).to_be_visible()


def test_read_only_staff_see_withheld_answers(office: Office, page: Any) -> None:
    from playwright.sync_api import expect

    _sign_in(page, "yomi", office.password)
    page.goto(f"/cases/{office.case}")
    expect(page.locator(".withheld").first).to_be_visible()
    assert office.canary not in page.content()
    _shot(page, "case-read-only")


def test_the_intake_form_by_keyboard_alone(office: Office, page: Any) -> None:
    """Every input has a label and is reached with Tab; the form is sent with Enter."""
    _sign_in(page, "sato", office.password)
    page.goto(f"/people/{office.person}/open?program=household_budget")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        'main input:not([type=hidden]), main select, main textarea')].filter(e =>
        !e.labels.length).map(e => e.name)""")
    assert unlabelled == []
    page.locator("#f-opened_on").focus()
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.name || document.activeElement.tagName"))
    assert {"monthly_income", "housing"} <= reached
