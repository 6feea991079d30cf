"""Administration (administrators of all programs; anyone else gets the one 404): staff,
their roles, passwords, locks and TOTP codes; the office's settings; the audit trail and
its verification. Every write sends the CSRF token; the destructive ones ask to confirm."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.clock import OfficeClock
from psccore.dates import parse_date
from psccore.domain.access import ALL_PROGRAMS, MANAGERS, Role
from psccore.domain.fields import describe_fields
from psccore.domain.office import Office
from psccore.errors import ConcurrentEdit, InvalidInput, NotFound, Problem, RuleViolation
from psccore.i18n import Label
from psccore.web.forms import inputs, problems_by_field
from psccore.web.routes.account import NOT_THE_SAME
from psccore.web.serving import Ask, PasswordNeeded, page

CONFIRM = Label("確認のチェックを入れてください", "tick the box to confirm")
BAD_NUMBER = Label("数字で入力してください", "enter a number")
OFFICE_CHANGED = Label("他の人が事業所の設定を変更しました。読み直してください。",
                       "Someone else changed the office's settings. Reload them.")
DONE = {
    "added": Label("職員を登録しました。", "Staff member registered."),
    "granted": Label("権限を付けました。", "Role granted."),
    "revoked": Label("権限を外しました。", "Role revoked."),
    "deactivated": Label("無効にしました。この職員のログインは終了しました。",
                         "Deactivated: their sign-ins have ended."),
    "activated": Label("有効にしました。", "Made active again."),
    "password": Label("パスワードを設定しました。この職員のログインは終了しました。",
                      "Password set: their sign-ins have ended."),
    "unlocked": Label("ログインの停止を解除しました。", "Login unlocked."),
    "totp": Label("確認コードを解除しました。", "The code was reset."),
    "office": Label("事業所の設定を保存しました。", "The office's settings were saved."),
}
OFFICE_FIELDS = [s for s in describe_fields(Office) if s.name not in ("id", "version")]
PAGE_SIZE = 50


def _admin(ask: Ask) -> None:
    """Administrators of all programs only; for anyone else these pages do not exist.
    An administrator whose password was proven too long ago is asked for it again (a
    session left open hands over no staff member's access), then comes back here."""
    if not ask.me.my_grants().is_(MANAGERS):
        raise NotFound(Label("見つかりません", "Not found"))
    if not ask.confirmed:
        raise PasswordNeeded(_page_of(ask))


def _page_of(ask: Ask) -> str:
    """The page a request belongs to: itself for a page, the page its form is on for an
    action (``/admin/staff/sato/grant`` → ``/admin/staff/sato``)."""
    path = ask.request.url.path
    if ask.request.method == "GET":
        query = ask.request.url.query
        return path + ("?" + query if query else "")
    if path.count("/") > 3:
        return path.rsplit("/", 1)[0]
    return "/admin" if path == "/admin/staff" else path


def _done(ask: Ask) -> str:
    found = DONE.get(ask.request.query_params.get("done", ""))
    return found.text(ask.lang) if found else ""


def _raw(ask: Ask, name: str) -> str:
    value = ask.form.get(name) if ask.form is not None else None
    return value if isinstance(value, str) else ""


def _confirmed(ask: Ask) -> None:
    if ask.field("confirm") != "yes":
        raise InvalidInput([Problem("$.confirm", CONFIRM)])


# --- staff ------------------------------------------------------------------------------

def staff_list(ask: Ask) -> Response:
    _admin(ask)
    return _staff_list(ask, {}, {}, 200)


def _staff_list(ask: Ask, errors: dict[str, list[str]], typed: dict[str, str],
                status: int) -> Response:
    states = ask.me.login_states()
    return ask.render("admin_staff.html", status, title=ask.t("職員", "Staff"),
                      members=ask.me.staff_roles(), states=states,
                      totp=ask.me.logins_with_totp(), errors=errors, typed=typed,
                      done=_done(ask), roles=list(Role), programs=_programs(ask),
                      program_names=dict(_programs(ask)))


def _programs(ask: Ask) -> list[tuple[str, str]]:
    return [(ALL_PROGRAMS, ask.t("全事業", "all programs"))] + [
        (code, program.label.text(ask.lang)) for code, program in sorted(ask.me.programs.items())]


def add_staff(ask: Ask) -> Response:
    _admin(ask)
    typed = {k: ask.field(k) for k in ("login", "name", "role", "program")}
    try:
        with ask.me.all_or_nothing():
            ask.me.add_staff(typed["login"], typed["name"])
            if typed["role"]:
                ask.me.grant(typed["login"], typed["role"], typed["program"] or ALL_PROGRAMS)
    except InvalidInput as wrong:
        return _staff_list(ask, problems_by_field(wrong.problems, ask.lang), typed, 400)
    return RedirectResponse(f"/admin/staff/{typed['login']}?done=added", status_code=303)


def staff_detail(ask: Ask) -> Response:
    _admin(ask)
    return _staff_detail(ask, {}, 200)


def _member(ask: Ask) -> Any:
    login = ask.request.path_params["login"]
    for detail in ask.me.staff_roles():
        if detail.staff.login == login:
            return detail
    raise NotFound(Label("見つかりません", "Not found"))


def _staff_detail(ask: Ask, errors: dict[str, list[str]], status: int) -> Response:
    detail = _member(ask)
    login = detail.staff.login
    return ask.render("admin_member.html", status, title=detail.staff.name, detail=detail,
                      state=ask.me.login_states().get(login),
                      totp_on=login in ask.me.logins_with_totp(), errors=errors,
                      done=_done(ask), roles=list(Role), programs=_programs(ask),
                      program_names=dict(_programs(ask)), me=ask.login == login)


def _act(ask: Ask, action: Any, done: str) -> Response:
    """Run an administrator's action on the staff member of the path; errors beside
    the fields of their page."""
    _admin(ask)
    login = _member(ask).staff.login
    try:
        action(login)
    except InvalidInput as wrong:
        return _staff_detail(ask, problems_by_field(wrong.problems, ask.lang), 400)
    return RedirectResponse(f"/admin/staff/{login}?done={done}", status_code=303)


def grant(ask: Ask) -> Response:
    return _act(ask, lambda login: ask.me.grant(login, ask.field("role"),
                                                ask.field("program") or ALL_PROGRAMS),
                "granted")


def revoke(ask: Ask) -> Response:
    return _act(ask, lambda login: ask.me.revoke(login, ask.field("program")), "revoked")


def set_active(ask: Ask) -> Response:
    active = ask.field("active") == "true"

    def change(login: str) -> None:
        if not active:
            _confirmed(ask)
        ask.me.set_staff_active(login, active)

    return _act(ask, change, "activated" if active else "deactivated")


def set_password(ask: Ask) -> Response:
    def change(login: str) -> None:
        new = _raw(ask, "new")
        if new != _raw(ask, "again"):
            raise InvalidInput([Problem("$.again", NOT_THE_SAME)])
        _confirmed(ask)
        try:
            ask.me.set_password(login, new)
        except InvalidInput as wrong:  # the library names the new one ``password``
            raise InvalidInput([Problem("$.new", p.message, p.params)
                                for p in wrong.problems]) from None

    return _act(ask, change, "password")


def unlock(ask: Ask) -> Response:
    return _act(ask, ask.me.unlock_login, "unlocked")


def reset_totp(ask: Ask) -> Response:
    def reset(login: str) -> None:
        _confirmed(ask)
        ask.me.reset_totp(login)

    return _act(ask, reset, "totp")


# --- the office ----------------------------------------------------------------------------

def office_form(ask: Ask) -> Response:
    _admin(ask)
    found = ask.me.office()
    posted = {s.name: [_shown(getattr(found, s.name))] for s in OFFICE_FIELDS}
    return _office(ask, posted, {}, found.version, 200)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _office(ask: Ask, posted: dict[str, list[str]], errors: dict[str, list[str]],
            version: int, status: int) -> Response:
    return ask.render("admin_office.html", status, title=ask.t("事業所の設定", "Office"),
                      fields=inputs(OFFICE_FIELDS, posted, ask.lang, errors),
                      errors=errors, version=version, done=_done(ask))


def save_office(ask: Ask) -> Response:
    _admin(ask)
    posted = {s.name: [ask.field(s.name)] for s in OFFICE_FIELDS}
    version = int(ask.field("version") or 0)
    try:
        if ask.me.office().version != version:  # a stale form is shown, not saved
            raise ConcurrentEdit(OFFICE_CHANGED)
        ask.me.set_office(_office_changes(posted))
    except InvalidInput as wrong:
        return _office(ask, posted, problems_by_field(wrong.problems, ask.lang), version, 400)
    return RedirectResponse("/admin/office?done=office", status_code=303)


def _office_changes(posted: dict[str, list[str]]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    problems = []
    for spec in OFFICE_FIELDS:
        text = posted[spec.name][0]
        if spec.kind == "bool":
            changes[spec.name] = text == "true"
        elif spec.kind == "int" and text:
            if not text.isdigit():
                problems.append(Problem(f"$.{spec.name}", BAD_NUMBER))
            changes[spec.name] = int(text) if text.isdigit() else text
        else:
            changes[spec.name] = text
    if problems:
        raise InvalidInput(problems)
    return changes


# --- the audit trail ------------------------------------------------------------------------

def audit(ask: Ask) -> Response:
    _admin(ask)
    query = ask.request.query_params
    typed = {k: query.get(k, "").strip() for k in ("staff", "since", "until")}
    errors: dict[str, list[str]] = {}
    days = {k: _day(typed[k], k, errors, ask) for k in ("since", "until")}
    before = query.get("before", "")
    found = None
    if not errors:
        found = ask.me.audit_page(
            staff=typed["staff"] or None, since=_start_of(days["since"]),
            until=_start_of(days["until"] + dt.timedelta(days=1) if days["until"] else None),
            before=int(before) if before.isdigit() else None, size=PAGE_SIZE)
    return ask.render("admin_audit.html", 400 if errors else 200,
                      title=ask.t("監査ログ", "Audit log"), typed=typed, errors=errors,
                      found=found, logins=[m.login for m in ask.me.list_staff()],
                      zone=OfficeClock.from_env().zone)


def _day(text: str, name: str, errors: dict[str, list[str]], ask: Ask) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except RuleViolation as bad:
        errors[name] = [bad.message.format(ask.lang, **bad.params)]
        return None


def _start_of(day: dt.date | None) -> dt.datetime | None:
    """The office's midnight starting ``day`` (the trail keeps UTC)."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(0), tzinfo=OfficeClock.from_env().zone)


def verify(ask: Ask) -> Response:
    _admin(ask)
    result = None
    if ask.request.query_params.get("run"):
        entries, breaks = ask.me.verify_audit()
        rows, changes = ask.me.verify_data()
        result = {"entries": entries, "breaks": breaks, "rows": rows, "changes": changes}
    return ask.render("admin_verify.html", title=ask.t("検証", "Verify"), result=result)


ROUTES = [
    Route("/admin", page(staff_list), methods=["GET"]),
    Route("/admin/staff", page(add_staff), methods=["POST"]),
    Route("/admin/staff/{login}", page(staff_detail), methods=["GET"]),
    Route("/admin/staff/{login}/grant", page(grant), methods=["POST"]),
    Route("/admin/staff/{login}/revoke", page(revoke), methods=["POST"]),
    Route("/admin/staff/{login}/active", page(set_active), methods=["POST"]),
    Route("/admin/staff/{login}/password", page(set_password), methods=["POST"]),
    Route("/admin/staff/{login}/unlock", page(unlock), methods=["POST"]),
    Route("/admin/staff/{login}/totp-reset", page(reset_totp), methods=["POST"]),
    Route("/admin/office", page(office_form), methods=["GET"]),
    Route("/admin/office", page(save_office), methods=["POST"]),
    Route("/admin/audit", page(audit), methods=["GET"]),
    Route("/admin/verify", page(verify), methods=["GET"]),
]
