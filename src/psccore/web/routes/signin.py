"""Signing in and out, and the language switch."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.errors import InvalidInput, NotAllowed
from psccore.web.forms import problems_by_field
from psccore.web.serving import (
    BEFORE_SIGN_IN_COOKIE,
    LANG_COOKIE,
    SESSION_COOKIE,
    Ask,
    cookie_flags,
    new_form_token,
    page,
)

PENDING_COOKIE = "psc_pending"  # a right password waiting for its TOTP code
PENDING_SECONDS = 300
DEVICE_COOKIE = "psc_device"  # a browser that signed in: its own count of wrong passwords
DEVICE_SECONDS = 180 * 86400


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
        signed = ask.base.sign_in(login, password if isinstance(password, str) else "",
                                  ask.request.cookies.get(DEVICE_COOKIE, ""))
    except NotAllowed as refused:
        return _form(ask, login, refused.text(ask.lang), 401)
    if hasattr(signed, "enrol"):  # CodeNeeded: a TOTP code must follow (the second step)
        response = RedirectResponse("/login/code", status_code=303)
        response.set_cookie(PENDING_COOKIE, signed.token, max_age=PENDING_SECONDS,
                            **cookie_flags(ask.request))
        return response
    return _signed_in(ask, signed)


def _signed_in(ask: Ask, signed: Any) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, signed.token, **cookie_flags(ask.request))
    response.set_cookie(DEVICE_COOKIE, signed.device, max_age=DEVICE_SECONDS,
                        **cookie_flags(ask.request))
    response.delete_cookie(BEFORE_SIGN_IN_COOKIE, path="/")
    response.delete_cookie(PENDING_COOKIE, path="/")
    return response


def qr_svg(uri: str) -> Markup:
    """The otpauth URI as an inline SVG QR code (no script, no style attribute)."""
    import segno

    return Markup(segno.make(uri, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff", title="QR"))


def code_form(ask: Ask) -> Response:
    if ask.login:
        return RedirectResponse("/", status_code=303)
    if not ask.request.cookies.get(PENDING_COOKIE):
        return RedirectResponse("/login", status_code=303)
    return _code_form(ask, {}, 200)


def _code_form(ask: Ask, errors: dict[str, list[str]], status: int) -> Response:
    pending = ask.request.cookies.get(PENDING_COOKIE, "")
    enrolment = ask.base.sign_in_enrolment(pending)
    token = ask.request.cookies.get(BEFORE_SIGN_IN_COOKIE) or new_form_token()
    response = ask.render("login_code.html", status, form_token=token, errors=errors,
                          enrolment=enrolment,
                          qr=qr_svg(enrolment.uri) if enrolment else None)
    response.set_cookie(BEFORE_SIGN_IN_COOKIE, token, **cookie_flags(ask.request))
    return response


def sign_in_code(ask: Ask) -> Response:
    pending = ask.request.cookies.get(PENDING_COOKIE, "")
    try:
        signed = ask.base.sign_in_code(pending, ask.field("code"),
                                       device=ask.request.cookies.get(DEVICE_COOKIE, ""))
    except InvalidInput as wrong:
        return _code_form(ask, problems_by_field(wrong.problems, ask.lang), 401)
    except NotAllowed as refused:  # expired, locked or waiting: back to the password
        response = _form(ask, "", refused.text(ask.lang), 401)
        response.delete_cookie(PENDING_COOKIE, path="/")
        return response
    return _signed_in(ask, signed)


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
    Route("/login/code", page(code_form, signed_in=False), methods=["GET"]),
    Route("/login/code", page(sign_in_code, signed_in=False), methods=["POST"]),
    Route("/logout", page(sign_out), methods=["POST"]),
    Route("/lang", page(switch_language, signed_in=False), methods=["POST"]),
]
