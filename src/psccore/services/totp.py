"""The optional second step of signing in: a time-based code (TOTP, RFC 6238) from an
authenticator app. Each staff member may turn it on for themselves; administrators must
when the office requires it. The secret is sealed in its row with the key ring; a code
is accepted once (a replay within its 30 seconds is refused)."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.crypto import KeyRing, Place
from psccore.domain.access import Role
from psccore.errors import InvalidInput, NotFound, Problem
from psccore.i18n import Label
from psccore.services.access import for_managers
from psccore.services.context import Context, Unit, WriteUnit
from psccore.services.office import office_of
from psccore.store import tables as t
from psccore.store.db import Transaction

ISSUER = "psccore"
STEP_SECONDS = 30
DIGITS = 6

NO_SUCH_STAFF = Label("職員 {login} は登録されていません", "staff member {login} is not registered")
ALREADY_ON = Label("確認コードはすでに使われています", "the TOTP code is already on")
NOT_STARTED = Label("先に確認コードの設定を始めてください", "start setting up the TOTP code first")
WRONG_CODE = Label("確認コードが違います（6桁の数字、30秒ごとに変わります）",
                   "the code is not right (6 digits, changing every 30 seconds)")


@attrs.frozen
class Enrolment:
    """A secret being set up: typed into an app by hand or read from the QR code of
    ``uri`` (``otpauth://totp/...``)."""

    login: str
    secret: str
    uri: str


@attrs.frozen
class TotpState:
    """One staff member's second step: on, being set up, and whether they must use it."""

    enabled: bool
    enrolling: bool
    required: bool


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def step_of(code: str, secret: str, at: dt.datetime, last_step: int | None) -> int | None:
    """The time step of ``code`` if it is right at ``at`` (or one step either side, for
    clocks a little apart) and newer than ``last_step``; else ``None``."""
    import pyotp

    code = code.replace(" ", "").strip()
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = int(at.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def required_of(conn: sa.Connection, staff_id: int) -> bool:
    """Whether the office requires the code of this staff member (an administrator of
    any program, while the office's setting is on)."""
    if not office_of(conn).require_totp_for_admins:
        return False
    r = t.staff_roles
    return conn.execute(sa.select(r.c.id).where(
        r.c.staff_id == staff_id, r.c.role == Role.ADMINISTRATOR.value)).first() is not None


def row_of(conn: sa.Connection, staff_id: int) -> Any | None:
    c = t.staff_totp
    return conn.execute(sa.select(c).where(c.c.staff_id == staff_id)).one_or_none()


def _secret(keys: KeyRing, row: Any) -> str:
    return keys.decrypt(row.secret, Place(t.staff_totp.name, row.id, "secret"))


def _enrolment(login: str, secret: str) -> Enrolment:
    import pyotp

    uri = pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=ISSUER)
    return Enrolment(login=login, secret=secret, uri=uri)


def begin(uow: WriteUnit, staff_id: int, login: str) -> Enrolment:
    """A new secret for ``staff_id``, not yet on (replacing one not confirmed)."""
    import pyotp

    found = row_of(uow.conn, staff_id)
    if found is not None and found.enabled:
        raise InvalidInput([Problem("$.code", ALREADY_ON)])
    if found is not None:
        _delete(uow.tx, found.id)
    secret = pyotp.random_base32()
    keys = uow.keys()
    uow.tx.insert_row(t.staff_totp, {"staff_id": staff_id, "secret": "", "enabled": False,
                                     "created_at": now()},
                      sealed=lambda new_id: {"secret": keys.encrypt(
                          secret, Place(t.staff_totp.name, new_id, "secret"))})
    return _enrolment(login, secret)


def enrolment_of(uow: Unit, staff_id: int, login: str) -> Enrolment | None:
    """The secret being set up for ``staff_id`` (``None``: none, or already on)."""
    found = row_of(uow.conn, staff_id)
    if found is None or found.enabled:
        return None
    return _enrolment(login, _secret(uow.keys(), found))


def use_code(uow: WriteUnit, staff_id: int, code: str, at: dt.datetime) -> bool:
    """Check ``code`` against ``staff_id``'s secret (on, or being set up, which a right
    code turns on); a right code is then used up. ``False`` if wrong or replayed."""
    found = row_of(uow.conn, staff_id)
    if found is None:
        return False
    step = step_of(code, _secret(uow.keys(), found), at, found.last_step)
    if step is None:
        return False
    c = t.staff_totp
    uow.conn.execute(c.update().where(c.c.id == found.id).values(last_step=step, enabled=True))
    uow.tx.record("update", c, [found.id],
                  fields=["last_step"] if found.enabled else ["enabled", "last_step"])
    return True


def _delete(tx: Transaction, row_id: int) -> None:
    c = t.staff_totp
    tx.conn.execute(c.delete().where(c.c.id == row_id))
    tx.record("delete", c, [row_id], fields=["secret"])


# --- the staff member's own account, and an administrator's reset ----------------------

def state(ctx: Context) -> TotpState:
    """The acting staff member's second step."""
    with ctx.read() as uow:
        me = uow.acting()
        found = row_of(uow.conn, me.id or 0)
        return TotpState(enabled=bool(found and found.enabled),
                         enrolling=bool(found and not found.enabled),
                         required=required_of(uow.conn, me.id or 0))


def start(ctx: Context) -> Enrolment:
    """Begin setting up the acting staff member's code: a new secret, not yet on."""
    with ctx.write() as uow:
        me = uow.acting()
        return begin(uow, me.id or 0, me.login)


def enrolment(ctx: Context) -> Enrolment | None:
    """The acting staff member's secret being set up, if any."""
    with ctx.read() as uow:
        me = uow.acting()
        return enrolment_of(uow, me.id or 0, me.login)


def confirm(ctx: Context, code: str) -> None:
    """Turn the acting staff member's code on with a right code from their app."""
    with ctx.write() as uow:
        me = uow.acting()
        found = row_of(uow.conn, me.id or 0)
        if found is None or found.enabled:
            raise InvalidInput([Problem("$.code", ALREADY_ON if found else NOT_STARTED)])
        if not use_code(uow, me.id or 0, code, now()):
            raise InvalidInput([Problem("$.code", WRONG_CODE)])
        uow.tx.audit("totp_on", "staff", me.id, fields=["totp"])


def reset(ctx: Context, login: str) -> bool:
    """Remove ``login``'s code (administrators), e.g. for a lost phone: they sign in
    with the password alone, or set it up again when required. ``False``: they had none."""
    with ctx.write() as uow:
        for_managers(uow, "staff_totp")
        member = uow.conn.execute(sa.select(t.staff.c.id).where(t.staff.c.login == login)
                                  ).one_or_none()
        if member is None:
            raise NotFound(NO_SUCH_STAFF, login=login)
        found = row_of(uow.conn, member.id)
        if found is not None:
            _delete(uow.tx, found.id)
        uow.tx.audit("totp_reset", "staff", member.id, fields=["totp"])
        return found is not None


def logins_with_totp(ctx: Context) -> set[str]:
    """The logins whose code is on (for the staff list; administrators)."""
    with ctx.read() as uow:
        for_managers(uow, "staff_totp")
        c = t.staff_totp
        return set(uow.conn.execute(sa.select(t.staff.c.login).join(
            c, c.c.staff_id == t.staff.c.id).where(c.c.enabled.is_(True))).scalars())
