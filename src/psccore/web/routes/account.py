"""Every staff member's own account: a new password (given the current one), the
TOTP code (set up with an authenticator app, confirmed with a code), and the password
proven again before the administration pages (``/confirm``)."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.web.forms import problems_by_field
from psccore.web.routes.signin import DEVICE_COOKIE, qr_svg
from psccore.web.serving import SESSION_COOKIE, Ask, page

NOT_THE_SAME = Label("確認のパスワードが一致しません", "the two new passwords differ")
DONE = {"password": Label("パスワードを変更しました。他の端末のログインは終了しました。",
                          "Password changed. Your other sign-ins have ended."),
        "totp": Label("確認コードを有効にしました。次回から、ログインのときに確認コードを入力します。",
                      "The code is on: from now on, signing in asks for it too.")}


def account(ask: Ask) -> Response:
    done = DONE.get(ask.request.query_params.get("done", ""))
    return _page(ask, {}, 200, done.text(ask.lang) if done else "")


def _page(ask: Ask, errors: dict[str, list[str]], status: int, done: str = "") -> Response:
    return ask.render("account.html", status, errors=errors, done=done,
                      totp=ask.me.totp_state(), title=ask.t("アカウント", "Account"))


def change_password(ask: Ask) -> Response:
    new = _raw(ask, "new")
    try:
        if new != _raw(ask, "again"):
            raise InvalidInput([Problem("$.again", NOT_THE_SAME)])
        ask.me.change_password(_raw(ask, "current"), new,
                               ask.request.cookies.get(SESSION_COOKIE, ""),
                               ask.request.cookies.get(DEVICE_COOKIE, ""))
    except InvalidInput as wrong:
        errors = problems_by_field(wrong.problems, ask.lang)
        if "password" in errors:  # the library names the new one ``password``
            errors["new"] = errors.pop("password")
        return _page(ask, errors, 400)
    return RedirectResponse("/account?done=password", status_code=303)


def confirm_form(ask: Ask) -> Response:
    return _confirm_page(ask, {}, 200)


def _confirm_page(ask: Ask, errors: dict[str, list[str]], status: int) -> Response:
    return ask.render("confirm.html", status, errors=errors, back=_back(ask),
                      title=ask.t("パスワードの確認", "Confirm your password"))


def confirm(ask: Ask) -> Response:
    try:
        ask.me.confirm_password(ask.request.cookies.get(SESSION_COOKIE, ""),
                                _raw(ask, "password"),
                                ask.request.cookies.get(DEVICE_COOKIE, ""))
    except InvalidInput as wrong:
        if ask.me.web_session(ask.request.cookies.get(SESSION_COOKIE, "")) is None:
            return RedirectResponse("/login", status_code=303)  # locked: its sessions ended
        return _confirm_page(ask, problems_by_field(wrong.problems, ask.lang), 400)
    return RedirectResponse(_back(ask), status_code=303)


def _back(ask: Ask) -> str:
    """Where the confirmation returns to: an administration page, never elsewhere."""
    back = ask.field("next") or ask.request.query_params.get("next", "")
    return back if back.startswith("/admin") and "//" not in back and "\\" not in back \
        else "/admin"


def _raw(ask: Ask, name: str) -> str:
    """A password as typed: spaces are part of it."""
    value = ask.form.get(name) if ask.form is not None else None
    return value if isinstance(value, str) else ""


def start_totp(ask: Ask) -> Response:
    if not ask.me.totp_state().enrolling:
        ask.me.start_totp()
    return RedirectResponse("/account/totp", status_code=303)


def totp_form(ask: Ask) -> Response:
    return _totp_page(ask, {}, 200)


def _totp_page(ask: Ask, errors: dict[str, list[str]], status: int) -> Response:
    enrolment = ask.me.totp_enrolment()
    if enrolment is None:  # on already, or not started
        return RedirectResponse("/account", status_code=303)
    return ask.render("account_totp.html", status, errors=errors, enrolment=enrolment,
                      qr=qr_svg(enrolment.uri), title=ask.t("確認コードの設定", "Set up the code"))


def confirm_totp(ask: Ask) -> Response:
    try:
        ask.me.confirm_totp(ask.field("code"))
    except InvalidInput as wrong:
        return _totp_page(ask, problems_by_field(wrong.problems, ask.lang), 400)
    return RedirectResponse("/account?done=totp", status_code=303)


ROUTES = [
    Route("/account", page(account), methods=["GET"]),
    Route("/account/password", page(change_password), methods=["POST"]),
    Route("/account/totp", page(totp_form), methods=["GET"]),
    Route("/account/totp", page(start_totp), methods=["POST"]),
    Route("/account/totp/confirm", page(confirm_totp), methods=["POST"]),
    Route("/confirm", page(confirm_form), methods=["GET"]),
    Route("/confirm", page(confirm), methods=["POST"]),
]
