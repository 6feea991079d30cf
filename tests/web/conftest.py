"""Web tests: cheap password hashing, an office with staff who can sign in, and the
browser tests' fixtures: one headless chromium for the whole run (Playwright driving
Debian's chromium), the app served by uvicorn, screenshots into ``PSC_TEST_SCREENSHOTS``
when set (`make screenshots` renews the guide's, docs/images/web/; else a temporary
folder). Browser tests are skipped when chromium or Playwright is missing, unless
``PSC_REQUIRE_BROWSER=1`` (``scripts/browser-for-tests`` installs chromium)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from psccore.app import Psc
from psccore.testing import consent_to_collect

PASSWORD = "correct horse 42"
PROGRAM = "cancer_reemployment"
#: A sensitive intake answer that must never reach a page served to read-only staff.
CANARY = "カナリア通院記録XYZ"


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSC_PASSWORD_HASHING", "fast-for-tests")


@attrs.frozen
class Office:
    """Staff who can sign in (each with :data:`PASSWORD`) and one case."""

    psc: Psc
    url: str
    person: int
    case: int
    password: str = PASSWORD
    program: str = PROGRAM
    canary: str = CANARY


def intake() -> dict[str, object]:
    return {"track": "reemployment", "referral_department": "腫瘍内科",
            "referral_date": "2026-04-01", "treatment_status": CANARY}


@pytest.fixture
def office(psc: Psc, psc_database_url: str) -> Office:
    """admin (all programs), sato (caseworker of the program and household_budget),
    yomi (read-only of both), kato (caseworker of readiness only); one case in both
    programs, each holding :data:`CANARY` in a sensitive answer."""
    for login, name, role, program in [("sato", "佐藤 裕子", "caseworker", PROGRAM),
                                       ("yomi", "読取 専用", "read_only", PROGRAM),
                                       ("kato", "加藤 誠", "caseworker", "readiness")]:
        psc.add_staff(login, name)
        psc.grant(login, role, program)
        if login != "kato":
            psc.grant(login, role, "household_budget")
    for login in ("admin", "sato", "yomi", "kato"):
        psc.set_password(login, PASSWORD)
    person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ",
                             "birth_date": "1980-05-06", "phone": "022-111-2233"})
    consent_to_collect(psc, person.id or 0, dt.date(2026, 1, 1))
    case = psc.open_case(person.id or 0, PROGRAM, intake(), dt.date(2026, 4, 2))
    psc.enroll(case.case.id or 0, "household_budget",
               {"monthly_income": 50000, "housing": "rented", "health_note": CANARY},
               dt.date(2026, 4, 2))
    psc.assign_case(case.case.id or 0, "sato")
    return Office(psc, psc_database_url, person.id or 0, case.case.id or 0)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The web tests run on SQLite; on PostgreSQL only those marked as its smoke run."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_postgres = params.get("psc_database_url") == "postgresql"
        web = "tests/web/" in str(item.path).replace("\\", "/")
        smoke = "web_postgres_smoke" in item.name
        (dropped if web and on_postgres and not smoke else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


CHROMIUM = "/usr/bin/chromium"
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


Shot = Callable[..., None]
SignIn = Callable[..., None]


@pytest.fixture
def shot(page: Any) -> Shot:
    """``shot(name)``: a full-page screenshot of the page as it is now;
    ``shot(name, height=1200)`` only its top, ``shot(name, near="#forms")`` a window
    of the page from a little above that element (long pages keep the guide small)."""

    def take(name: str, *, height: int | None = None, near: str | None = None) -> None:
        [folder] = SHOTS
        folder.mkdir(parents=True, exist_ok=True)
        clip = None
        if height is not None or near is not None:
            size = page.evaluate("[document.documentElement.scrollWidth,"
                                 " document.documentElement.scrollHeight]")
            top = 0.0
            if near is not None:
                top = page.locator(near).evaluate(
                    "e => e.getBoundingClientRect().top + window.scrollY") - 120
                top = max(0.0, min(top, size[1] - (height or 800)))  # a full window
            tall = min(height or 800, size[1] - top)
            clip = {"x": 0, "y": top, "width": size[0], "height": tall}
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True, clip=clip)

    return take


@pytest.fixture
def sign_in(page: Any) -> SignIn:
    """``sign_in(login, password=PASSWORD)`` through the sign-in page."""

    def enter(login: str, password: str = PASSWORD) -> None:
        page.goto("/login")
        page.get_by_label("ログイン名").fill(login)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url("**/")

    return enter


#: The axe-core impacts a page must not have (``minor`` and ``moderate`` are reported
#: by axe too, but are not held against a page).
BLOCKING = ("serious", "critical")
Axe = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def axe(page: Any) -> Axe:
    """``axe()``: axe-core's serious and critical violations on the page as it is now,
    each as ``{"id", "impact", "help", "nodes": [selectors]}``. axe.min.js comes from
    the axe-playwright-python package (no CDN); it is evaluated through the DevTools
    protocol, which the page's CSP (``script-src 'self'``) does not govern."""

    def run() -> list[dict[str, Any]]:
        source = _axe_source()
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        found: list[dict[str, Any]] = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.map(n => n.target.join(' '))}))""")
        return [v for v in found if v["impact"] in BLOCKING]

    return run


def _axe_source() -> str:
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        _missing("the axe-playwright-python package is not installed")
    text: str = AXE_FILE_PATH.read_text(encoding="utf-8")
    return text
