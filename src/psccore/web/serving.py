"""How every page is served: the session from its cookie, the CSRF check on every
state-changing request, the ``Psc`` acting as the signed-in staff member, errors as
pages (never a traceback), security headers and an access log without query strings.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import attrs
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from psccore.errors import AccessRefused, ConcurrentEdit, InvalidInput, NotFound, PscError
from psccore.i18n import Label, Lang, reset_lang, set_lang

if TYPE_CHECKING:
    from psccore.app import Psc

SESSION_COOKIE = "psc_session"
BEFORE_SIGN_IN_COOKIE = "psc_form"  # the double-submit CSRF token of the sign-in form
LANG_COOKIE = "psc_lang"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"

access_log = logging.getLogger("psccore.web.access")
error_log = logging.getLogger("psccore.web.error")

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True,
)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer"), (b"x-content-type-options", b"nosniff"),
           (b"cross-origin-opener-policy", b"same-origin"),
           (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]

NOT_FOUND = Label("見つかりません", "Not found")
FORBIDDEN = Label("この操作は受け付けられませんでした。画面を読み直してからやり直してください。",
                  "This request was not accepted. Reload the page and try again.")
BROKEN = Label("システムの内部でエラーが起きました。変更は保存されていません。"
               "続く場合は管理者に連絡してください。",
               "Something went wrong inside the system. Nothing was saved. "
               "If it happens again, tell an administrator.")


@attrs.define
class Ask:
    """One request as a page sees it: its form, language and the signed-in staff
    member's ``psc`` (acting as them; never as ``PSC_USER``)."""

    request: Request
    form: FormData | None
    lang: Lang
    base: Psc
    psc: Psc | None = None
    login: str | None = None
    name: str | None = None
    csrf: str = ""
    confirmed: bool = False  # the password proven lately (sign-in or confirmation)

    def t(self, ja: str, en: str) -> str:
        return ja if self.lang == "ja" else en

    def field(self, name: str) -> str:
        value = self.form.get(name) if self.form is not None else None
        return value.strip() if isinstance(value, str) else ""

    def fields(self, name: str) -> list[str]:
        if self.form is None:
            return []
        return [v.strip() for v in self.form.getlist(name) if isinstance(v, str) and v.strip()]

    @property
    def me(self) -> Psc:
        assert self.psc is not None, "a page for signed-in staff"
        return self.psc

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        values = {"t": self.t, "lang": self.lang, "login": self.login, "name": self.name,
                  "csrf": self.csrf, "path": self.request.url.path, "menu": self.menu()}
        html = TEMPLATES.get_template(template).render({**values, **context})
        return HTMLResponse(html, status_code=status)

    def menu(self) -> list[tuple[str, str]]:
        """The menu entries this staff member's roles give."""
        if self.psc is None:
            return []
        from psccore.domain.access import MANAGERS, Action

        entries = [("/", self.t("今日", "Today"))]
        grants = self.psc.my_grants()
        if grants.allows_any(Action.READ):  # employers and report counts: any reading role
            entries += [("/search", self.t("検索", "Find")),
                        ("/employers", self.t("求人開拓", "Employers")),
                        ("/reports", self.t("報告", "Reports"))]
        from psccore.web.program_access import menu_entries

        entries += menu_entries(self.psc, self.lang)  # the programs' own pages
        entries.append(("/account", self.t("アカウント", "Account")))
        if grants.is_(MANAGERS):
            entries.append(("/admin", self.t("管理", "Administration")))
        return entries


Handler = Callable[[Ask], Response]


def page(handler: Handler, *, signed_in: bool = True) -> Callable[[Request],
                                                                   Awaitable[Response]]:
    """An endpoint: reads the form, then runs ``handler`` in a worker thread (the
    library is synchronous) with the session checked and CSRF verified."""

    async def endpoint(request: Request) -> Response:
        form = None
        try:
            if request.method == "POST":
                form = await request.form(max_files=0, max_fields=500)
            return await run_in_threadpool(_serve, request, form, handler, signed_in)
        except Exception as exc:  # a form that cannot be read, or a bug outside a page
            log_error(request, exc)
            return plain_error(request, 400 if form is None else 500)
        finally:
            if form is not None:
                await form.close()

    return endpoint


def _serve(request: Request, form: FormData | None, handler: Handler,
           signed_in: bool) -> Response:
    lang: Lang = "en" if request.cookies.get(LANG_COOKIE) == "en" else "ja"
    token = set_lang(lang)
    base: Psc = request.app.state.psc
    ask = Ask(request, form, lang, base)
    try:
        found = base.web_session(request.cookies.get(SESSION_COOKIE, ""))
        if found is not None:
            ask.psc, ask.login, ask.name = base.acting_as(found.login), found.login, found.name
            ask.csrf, ask.confirmed = found.csrf, found.confirmed()
        elif signed_in:
            return _to_sign_in(request)
        if request.method == "POST" and not _csrf_ok(ask):
            return ask.render("error.html", 403, title=FORBIDDEN.text(lang),
                              message=FORBIDDEN.text(lang))
        return handler(ask)
    except PasswordNeeded as needed:
        return _to_confirm(request, needed.back)
    except (NotFound, AccessRefused):
        return not_found(ask)
    except ConcurrentEdit as changed:
        return ask.render("error.html", 409, title=ask.t("他の人が変更しました",
                                                         "Changed by someone else"),
                          message=changed.text(lang))
    except InvalidInput as wrong:
        return ask.render("error.html", 400, title=ask.t("入力に誤りがあります",
                                                         "The input is not valid"),
                          message=wrong.text(lang))
    except PscError as refused:
        return ask.render("error.html", 400, title=refused.message.text(lang)[:60],
                          message=refused.text(lang))
    except Exception as exc:  # a bug: the page says so in the staff's language
        log_error(request, exc)
        return broken(ask)
    finally:
        reset_lang(token)


def _csrf_ok(ask: Ask) -> bool:
    sent = ask.field(CSRF_FIELD) or ask.request.headers.get(CSRF_HEADER, "")
    expected = ask.csrf or ask.request.cookies.get(BEFORE_SIGN_IN_COOKIE, "")
    return bool(sent and expected) and hmac.compare_digest(sent.encode(), expected.encode())


class PasswordNeeded(Exception):
    """A page that asks for the password again when it was proven too long ago; the
    staff member comes ``back`` to the page after confirming it."""

    def __init__(self, back: str) -> None:
        super().__init__(back)
        self.back = back


def _to_confirm(request: Request, back: str) -> Response:
    target = "/confirm?" + urlencode({"next": back})
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _to_sign_in(request: Request) -> Response:
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    return RedirectResponse("/login", status_code=303)


def not_found(ask: Ask) -> HTMLResponse:
    """The one 404 page: the same for what does not exist and what is not one's to see."""
    return ask.render("error.html", 404, path="/", current="",  # no menu entry is "here"
                      title=NOT_FOUND.text(ask.lang),
                      message=ask.t("お探しのページは見つかりませんでした。",
                                    "The page you asked for was not found."))


def broken(ask: Ask) -> HTMLResponse:
    return ask.render("error.html", 500, title=ask.t("エラー", "Error"),
                      message=BROKEN.text(ask.lang))


def plain_error(request: Request, status: int) -> HTMLResponse:
    """An error page for when no ``Psc`` could be asked (no menu, no session)."""
    lang: Lang = "en" if request.cookies.get(LANG_COOKIE) == "en" else "ja"
    title = {404: NOT_FOUND, 400: FORBIDDEN}.get(status, BROKEN)
    html = TEMPLATES.get_template("error.html").render(
        t=lambda ja, en: ja if lang == "ja" else en, lang=lang, login=None, csrf="",
        path="/", menu=[], title=title.text(lang), message=title.text(lang))
    return HTMLResponse(html, status_code=status)


def log_error(request: Request, exc: BaseException) -> None:
    """Where the bug is (type, files and lines), never the message: an exception's text
    can hold the values of a statement, which are personal data."""
    frames = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                        for f in reversed(traceback.extract_tb(exc.__traceback__)))
    error_log.error("%s %s: %s at %s", request.method, request.url.path,
                    type(exc).__name__, frames)


def new_form_token() -> str:
    return secrets.token_urlsafe(32)


def cookie_flags(request: Request) -> Mapping[str, Any]:
    """HttpOnly, SameSite=Lax, and Secure over HTTPS (as the proxy tells, when trusted)."""
    return {"httponly": True, "samesite": "lax", "secure": request.url.scheme == "https",
            "path": "/"}


class Guard:
    """ASGI middleware: security headers on every response, ``no-store`` on pages, and
    one access-log line per request with the path but never the query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", [])) + HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            access_log.info('%s %s %d %.1fms', scope["method"], scope["path"], status,
                            (time.perf_counter() - started) * 1000)
