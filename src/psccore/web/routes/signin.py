"""Signing in and out, and the language switch."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.errors import NotAllowed
from psccore.web.serving import (
    BEFORE_SIGN_IN_COOKIE,
    LANG_COOKIE,
    SESSION_COOKIE,
    Ask,
    cookie_flags,
    new_form_token,
    page,
)


def sign_in_form(ask: Ask) -> Response:
    if ask.login:
        return RedirectResponse("/", status_code=303)
    return _form(ask, "", "", 200)


def _form(ask: Ask, login: str, message: str, status: int) -> Response:
    token = ask.request.cookies.get(BEFORE_SIGN_IN_COOKIE) or new_form_token()
    response = ask.render("login.html", status, form_token=token, typed=login,
                          message=message)
    response.set_cookie(BEFORE_SIGN_IN_COOKIE, token, **cookie_flags(ask.request))
    return response


def sign_in(ask: Ask) -> Response:
    login = ask.field("login")
    password = ask.form.get("password") if ask.form is not None else None
    try:  # the password as typed: spaces are part of it
        signed = ask.base.sign_in(login, password if isinstance(password, str) else "")
    except NotAllowed as refused:
        return _form(ask, login, refused.text(ask.lang), 401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, signed.token, **cookie_flags(ask.request))
    response.delete_cookie(BEFORE_SIGN_IN_COOKIE, path="/")
    return response


def sign_out(ask: Ask) -> Response:
    ask.base.sign_out(ask.request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def switch_language(ask: Ask) -> Response:
    back = ask.field("next")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(LANG_COOKIE, "en" if ask.field("lang") == "en" else "ja",
                        max_age=365 * 86400, **cookie_flags(ask.request))
    return response


ROUTES = [
    Route("/login", page(sign_in_form, signed_in=False), methods=["GET"]),
    Route("/login", page(sign_in, signed_in=False), methods=["POST"]),
    Route("/logout", page(sign_out), methods=["POST"]),
    Route("/lang", page(switch_language, signed_in=False), methods=["POST"]),
]
