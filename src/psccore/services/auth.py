"""Signing in to the web app: passwords (Argon2id), sessions kept in the database, and
the throttle on wrong passwords. Every sign-in, failure, lock, unlock and sign-out is
audited under the staff member concerned (an unknown login as ``-``, never as typed:
people type their password into the login box).

The answer to a failed sign-in is the same whether or not the login exists: the
throttle counts the login as typed, and a missing login is checked against a dummy
hash so that it takes as long.

A browser that signed in keeps a *device* cookie for its staff member (OWASP's device
cookies): its tries are counted apart from the login's, so that wrong passwords typed
elsewhere, which make the login wait and lock it, do not lock its staff member out.
A device locked by its own wrong passwords is a stranger again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa

from psccore.domain.auth import (
    LOCK_AFTER,
    MAX_LOGIN,
    MAX_PASSWORD,
    Credential,
    SessionPolicy,
    Throttle,
    WebSession,
    password_problems,
)
from psccore.errors import InvalidInput, NotAllowed, NotFound, Problem
from psccore.i18n import Label
from psccore.services.access import for_managers
from psccore.services.context import Context, Unit, WriteUnit
from psccore.store import tables as t
from psccore.store.db import from_row

if TYPE_CHECKING:
    from argon2 import PasswordHasher

UNKNOWN = "-"  # the audit's name for a login that is not registered
#: ``PSC_PASSWORD_HASHING=fast-for-tests`` makes hashing cheap; only tests set it.
FAST_FOR_TESTS = "fast-for-tests"

REFUSED = Label("ログイン名またはパスワードが違います。",
                "The login or the password is not right.")
WAIT = Label("パスワードの誤りが続いたため、{seconds}秒後にもう一度お試しください。",
             "Too many wrong passwords: try again in {seconds} seconds.")
LOCKED = Label("パスワードの誤りが続いたため、このログインは停止中です。管理者に解除を依頼してください。",
               "Too many wrong passwords: this login is locked. Ask an administrator to "
               "unlock it.")
CODE_EXPIRED = Label("確認コードの入力時間が過ぎました。もう一度ログインしてください。",
                     "The time to enter the code has run out. Sign in again.")
WRONG_CURRENT = Label("現在のパスワードが違います", "the current password is not right")
WRONG_PASSWORD = Label("パスワードが違います", "the password is not right")
#: How long a right password waits for its code.
PENDING_FOR = dt.timedelta(minutes=5)
#: How long a password proven at sign-in (or confirmed since) opens the administration
#: pages without being asked again.
CONFIRM_FOR = dt.timedelta(minutes=15)
#: How long a browser that signed in stays known to its staff member's sign-in.
DEVICE_FOR = dt.timedelta(days=180)
NO_SUCH_STAFF = Label("職員 {login} は登録されていません", "staff member {login} is not registered")


class SignInRefused(NotAllowed):
    """The sign-in failed: a wrong login or password, a wait, or a lock (one message
    each, the same for a login that exists and one that does not)."""


@attrs.frozen
class SignedIn:
    """A new session: ``token`` goes in the cookie (the database keeps only its hash)."""

    token: str
    csrf: str
    login: str
    #: the browser's device cookie value (new, or the one it sent, still good)
    device: str = ""


@attrs.frozen
class CodeNeeded:
    """A right password waiting for its TOTP code: ``token`` goes in a cookie of its own
    until the code comes (at most :data:`PENDING_FOR`); with ``enrol``, the office
    requires a code the staff member has not set up yet, so they set it up first."""

    token: str
    login: str
    enrol: bool


@attrs.frozen
class SessionInfo:
    """The live session of a request: who, and the CSRF token its forms carry."""

    login: str
    name: str
    csrf: str
    #: when the password was last proven in it: the sign-in, or a confirmation since
    proven_at: dt.datetime | None = None

    def confirmed(self, now: dt.datetime | None = None) -> bool:
        """The password was proven within :data:`CONFIRM_FOR` (the administration
        pages ask for it again after that)."""
        return self.proven_at is not None and (now or _now()) - self.proven_at < CONFIRM_FOR


def hasher() -> PasswordHasher:
    """Argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile); cheap
    parameters only when ``PSC_PASSWORD_HASHING=fast-for-tests``."""
    return _hasher(os.environ.get("PSC_PASSWORD_HASHING") == FAST_FOR_TESTS)


@cache
def _hasher(fast: bool) -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    if fast:
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    return PasswordHasher(type=Type.ID)


@cache
def _dummy_hash(profile: PasswordHasher) -> str:
    return profile.hash(secrets.token_urlsafe(16))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def session_key(token: str) -> str:
    """What the database keeps of a session's cookie value."""
    return hashlib.sha256(token.encode()).hexdigest()


def _verify(digest: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(digest, password)
    except (VerificationError, InvalidHashError):
        return False


# --- passwords ---------------------------------------------------------------------------

def set_password(ctx: Context, login: str, password: str) -> None:
    """Set ``login``'s password (their own, or anyone's for an administrator). Their
    sessions end and their login is unlocked."""
    if problems := password_problems(login, password):
        raise InvalidInput(problems)
    with ctx.read() as uow:  # refused before the costly hashing
        _may_set(uow, login)
    digest = hasher().hash(password)
    with ctx.write() as uow:
        member = _may_set(uow, login)
        c = t.staff_passwords
        uow.conn.execute(c.delete().where(c.c.staff_id == member.id))
        uow.conn.execute(c.insert().values(**attrs.asdict(Credential(
            staff_id=member.id, hash=digest, changed_at=_now()))))
        ended = _end_sessions(uow.conn, member.id)
        _reset(uow.conn, login)
        uow.tx.audit("password", "staff", member.id, fields=["password", *ended])


def _may_set(uow: Unit, login: str) -> Any:
    """One's own password, or anyone's for an administrator; the staff row."""
    if uow.acting().login != login:
        for_managers(uow, "staff_passwords")
    return staff_row(uow.conn, login)


def change_password(ctx: Context, current: str, new: str, keep: str = "",
                    device: str = "") -> None:
    """The acting staff member's new password, given their current one; their other
    sessions end (``keep``: the cookie value of the one they are using). A wrong current
    password counts as a wrong password at sign-in, and waits and locks alike."""
    if problems := password_problems(ctx.staff or "", new):
        raise InvalidInput(problems)
    me, known = _proven(ctx, current, device)
    new_digest = hasher().hash(new)
    with ctx.write() as uow:
        c, s = t.staff_passwords, t.web_sessions
        _reset(uow.conn, me.login)
        uow.conn.execute(c.update().where(c.c.staff_id == me.id)
                         .values(hash=new_digest, changed_at=_now()))
        ended = uow.conn.execute(s.delete().where(
            s.c.staff_id == me.id, s.c.id != session_key(keep))).rowcount
        if known is not None:
            _device_ok(uow.conn, known.token_hash)
        uow.tx.audit("password", "staff", me.id,
                     fields=["password", *(["sessions"] if ended else [])])


def confirm_password(ctx: Context, token: str, password: str, device: str = "") -> None:
    """The acting staff member proves their password again in the session whose cookie
    value is ``token`` (asked before the administration pages after
    :data:`CONFIRM_FOR`). A wrong one counts as a wrong password at sign-in, and waits
    and locks alike."""
    me, known = _proven(ctx, password, device, field="$.password")
    with ctx.write() as uow:
        s = t.web_sessions
        if not uow.conn.execute(s.update().where(
                s.c.id == session_key(token), s.c.staff_id == me.id)
                .values(confirmed_at=_now())).rowcount:
            raise NotFound(Label("セッションが見つかりません", "no such session"))
        if known is not None:
            _device_ok(uow.conn, known.token_hash)
        else:
            _reset(uow.conn, me.login)
        uow.tx.audit("confirm", "staff", me.id, fields=["password"])


def _proven(ctx: Context, password: str, device: str,
            field: str = "$.current") -> tuple[Any, _Known | None]:
    """The acting staff member and their known device, once ``password`` is theirs;
    refused while their login (or device) waits or is locked, and counted when wrong."""
    now = _now()
    with ctx.read() as uow:
        me = uow.acting()
        c = t.staff_passwords
        digest = uow.conn.execute(sa.select(c.c.hash).where(c.c.staff_id == me.id)
                                  ).scalar_one_or_none()
        known = _device(uow.conn, device, me.id, now)
        throttle = _device_throttle(me.login, known) or _throttle(uow.conn, me.login)
    _not_throttled(throttle, now, field)
    if digest is None or len(password) > MAX_PASSWORD or not _verify(digest, password):
        _wrong_current(ctx, me.login, me.id or 0, now, known, field)
    return me, known


def _not_throttled(throttle: Throttle, now: dt.datetime, field: str = "$.current") -> None:
    """The current password is not even checked while its login waits or is locked:
    a session left open gives no more guesses than the sign-in form."""
    if throttle.locked:
        raise InvalidInput([Problem(field, LOCKED)])
    if (until := throttle.wait_until()) is not None and now < until:
        seconds = max(1, int((until - now).total_seconds()) + 1)
        raise InvalidInput([Problem(field, WAIT, {"seconds": seconds})])


def _wrong_current(ctx: Context, login: str, staff_id: int, now: dt.datetime,
                   known: Any | None, field: str = "$.current") -> None:
    """A wrong current password counts as a wrong password at sign-in; the one that
    locks the login also ends its sessions (the one in use is guessing)."""
    with ctx.write() as uow:
        uow.tx.audit("password_refused", "staff", staff_id, fields=[field.removeprefix("$.")])
        locked = _bump(uow, login, staff_id, now, known)
        if locked:
            _end_sessions(uow.conn, staff_id)
    wrong = WRONG_CURRENT if field == "$.current" else WRONG_PASSWORD
    raise InvalidInput([Problem(field, LOCKED if locked else wrong)])


def end_sessions(uow: Unit, staff_id: int) -> list[str]:
    """End every web session of ``staff_id`` (e.g. deactivated); ``["sessions"]`` if
    there were any, for the audit entry's fields."""
    return _end_sessions(uow.conn, staff_id)


@attrs.frozen
class LoginState:
    """A login's wrong-password count, and whether it waits or is locked."""

    login: str
    failures: int
    locked: bool
    waiting: bool


def login_states(ctx: Context) -> dict[str, LoginState]:
    """Registered logins with wrong passwords counted (administrators)."""
    now = _now()
    with ctx.read() as uow:
        for_managers(uow, "sign_in_throttle")
        rows = uow.conn.execute(sa.select(t.sign_in_throttle).join(
            t.staff, t.staff.c.login == t.sign_in_throttle.c.login)).all()
    found = [from_row(r, Throttle) for r in rows]
    return {f.login: LoginState(f.login, f.failures, f.locked,
                                (until := f.wait_until()) is not None and now < until)
            for f in found}


def unlock(ctx: Context, login: str) -> None:
    """Clear ``login``'s wrong-password count and lock (administrators)."""
    with ctx.write() as uow:
        for_managers(uow, "sign_in_throttle")
        member = staff_row(uow.conn, login)
        _reset(uow.conn, login)
        uow.tx.audit("unlock", "staff", member.id, fields=["sign_in"])


def staff_row(conn: sa.Connection, login: str) -> Any:
    row = conn.execute(sa.select(t.staff.c.id, t.staff.c.login, t.staff.c.name,
                                 t.staff.c.active).where(t.staff.c.login == login)
                       ).one_or_none()
    if row is None:
        raise NotFound(NO_SUCH_STAFF, login=login)
    return row


def _reset(conn: sa.Connection, login: str) -> None:
    conn.execute(t.sign_in_throttle.delete().where(t.sign_in_throttle.c.login == login))


def _end_sessions(conn: sa.Connection, staff_id: int) -> list[str]:
    s = t.web_sessions
    ended = conn.execute(s.delete().where(s.c.staff_id == staff_id)).rowcount
    return ["sessions"] if ended else []


# --- signing in and out ---------------------------------------------------------------

def sign_in(ctx: Context, login: str, password: str,
            device: str = "") -> SignedIn | CodeNeeded:
    """A new session for ``login`` if the password is right and the login neither
    waits nor is locked, or :class:`CodeNeeded` when a TOTP code must follow; else
    :class:`SignInRefused` (and the failure counted). ``device``: the browser's device
    cookie; while it is good for ``login``, its own count stands for the login's."""
    login = login.strip()
    now = _now()
    if not login or len(login) > MAX_LOGIN or len(password) > MAX_PASSWORD:
        _dummy_check(password)
        raise SignInRefused(REFUSED)  # no such login can exist: nothing to count
    with ctx.read() as uow:
        found = uow.conn.execute(
            sa.select(t.staff.c.id, t.staff.c.active, t.staff_passwords.c.hash)
            .join(t.staff_passwords, t.staff_passwords.c.staff_id == t.staff.c.id)
            .where(t.staff.c.login == login)).one_or_none()
        known = _device(uow.conn, device, found.id if found else None, now)
        throttle = _device_throttle(login, known) or _throttle(uow.conn, login)
    if throttle.locked:
        _refuse(ctx, login, found, ["locked"])
        raise SignInRefused(LOCKED)
    if (until := throttle.wait_until()) is not None and now < until:
        _refuse(ctx, login, found, ["waiting"])
        raise SignInRefused(WAIT, seconds=max(1, int((until - now).total_seconds()) + 1))
    right = _verify(found.hash, password) if found else _dummy_check(password)
    if not (right and found is not None and found.active):
        locked = _count_failure(ctx, login, found, now, known=known)
        raise SignInRefused(LOCKED if locked and known is None else REFUSED)
    _rehash(ctx, login, found.id, password, found.hash)
    if (waiting := _second_step(ctx, login, found.id, now)) is not None:
        return waiting
    return _open_session(ctx, login, found.id, now, known)


def _rehash(ctx: Context, login: str, staff_id: int, password: str, digest: str) -> None:
    """A right password hashed again when the parameters were raised since it was set."""
    if not hasher().check_needs_rehash(digest):
        return
    with ctx.write(login) as uow:
        c = t.staff_passwords
        uow.conn.execute(c.update().where(c.c.staff_id == staff_id)
                         .values(hash=hasher().hash(password)))


def _second_step(ctx: Context, login: str, staff_id: int,
                 now: dt.datetime) -> CodeNeeded | None:
    """A sign-in waiting for its code, if the staff member has one on or must set one
    up; ``None`` if the password is enough. The wrong-password count stays until the
    code is right too, so a known password gives no fresh tries at codes."""
    from psccore.services import totp

    with ctx.write(login) as uow:
        found = totp.row_of(uow.conn, staff_id)
        enabled = found is not None and found.enabled
        if not enabled and not totp.required_of(uow.conn, staff_id):
            return None
        if not enabled:
            totp.begin(uow, staff_id, login)
        token = secrets.token_urlsafe(32)
        p = t.sign_in_pending
        uow.conn.execute(p.delete().where(p.c.created_at < now - PENDING_FOR))
        uow.conn.execute(p.insert().values(token_hash=session_key(token), staff_id=staff_id,
                                           enrol=not enabled, created_at=now))
        uow.tx.audit("sign_in_password", "staff", staff_id,
                     fields=["totp_enrol" if not enabled else "totp"])
        return CodeNeeded(token=token, login=login, enrol=not enabled)


def _pending(conn: sa.Connection, token: str) -> Any | None:
    p = t.sign_in_pending
    if not token or len(token) > 200:
        return None
    return conn.execute(sa.select(p, t.staff.c.id, t.staff.c.login, t.staff.c.active)
                        .join(t.staff, t.staff.c.id == p.c.staff_id)
                        .where(p.c.token_hash == session_key(token))).one_or_none()


def _drop_pending(conn: sa.Connection, token: str) -> None:
    p = t.sign_in_pending
    conn.execute(p.delete().where(p.c.token_hash == session_key(token)))


def waiting_enrolment(ctx: Context, token: str) -> Any | None:
    """The secret to set up for a sign-in waiting for its first code (an
    :class:`~psccore.services.totp.Enrolment`), or ``None``."""
    from psccore.services import totp

    with ctx.read() as uow:
        found = _pending(uow.conn, token)
        if found is None or not found.enrol or _now() - found.created_at > PENDING_FOR:
            return None
        return totp.enrolment_of(uow, found.staff_id, found.login)


def sign_in_code(ctx: Context, token: str, code: str,
                 now: dt.datetime | None = None, device: str = "") -> SignedIn:
    """The second step: a new session if ``code`` is right for the sign-in waiting
    under ``token``, in time, unused, and the login neither waits nor is locked. A
    wrong code counts as a wrong password and is an input error (the sign-in still
    waits) unless it locked the login; the rest are :class:`SignInRefused`."""
    from psccore.services import totp

    now = now or _now()
    with ctx.read() as uow:
        found = _pending(uow.conn, token)
        known = _device(uow.conn, device, found.staff_id if found else None, now)
        throttle = (_device_throttle(found.login, known) or _throttle(uow.conn, found.login)
                    if found is not None else None)
    if found is None or throttle is None or not found.active:
        raise SignInRefused(CODE_EXPIRED)
    login = found.login
    if now - found.created_at > PENDING_FOR or throttle.locked:
        with ctx.write(login) as uow:
            _drop_pending(uow.conn, token)
            uow.tx.audit("sign_in_refused", "staff", found.staff_id,
                         fields=["locked" if throttle.locked else "expired"])
        raise SignInRefused(LOCKED if throttle.locked else CODE_EXPIRED)
    if (until := throttle.wait_until()) is not None and now < until:
        _refuse(ctx, login, found, ["waiting"])
        raise SignInRefused(WAIT, seconds=max(1, int((until - now).total_seconds()) + 1))
    with ctx.write(login) as uow:
        right = totp.use_code(uow, found.staff_id, code, now)
        if right:
            _drop_pending(uow.conn, token)
            if found.enrol:
                uow.tx.audit("totp_on", "staff", found.staff_id, fields=["totp"])
    if not right:
        if _count_failure(ctx, login, found, now, what="code", known=known):
            with ctx.write(login) as uow:
                _drop_pending(uow.conn, token)
            raise SignInRefused(LOCKED if known is None else CODE_EXPIRED)
        raise InvalidInput([Problem("$.code", totp.WRONG_CODE)])
    return _open_session(ctx, login, found.staff_id, now, known)


def _dummy_check(password: str) -> bool:
    """As long as checking a real password, and always wrong."""
    _verify(_dummy_hash(hasher()), password)
    return False


def _throttle(conn: sa.Connection, login: str) -> Throttle:
    row = conn.execute(sa.select(t.sign_in_throttle)
                       .where(t.sign_in_throttle.c.login == login)).one_or_none()
    return from_row(row, Throttle) if row is not None else Throttle(login=login)


def _audit_name(login: str, found: object) -> str:
    return login if found is not None else UNKNOWN


def _refuse(ctx: Context, login: str, found: Any | None,
            why: list[str]) -> None:
    with ctx.write(_audit_name(login, found)) as uow:
        uow.tx.audit("sign_in_refused", "staff", found.id if found else None, fields=why)


def _count_failure(ctx: Context, login: str, found: Any | None, now: dt.datetime,
                   what: str = "password", known: Any | None = None) -> bool:
    """Count a wrong password (in the database, so every worker sees it), on the
    browser's device when it is known, else on the login; ``True`` if this one locked
    it."""
    with ctx.write(_audit_name(login, found)) as uow:
        staff_id = found.id if found else None
        fields = [what] if found and found.active else ["login"]
        uow.tx.audit("sign_in_failed", "staff", staff_id,
                     fields=fields + (["device"] if known is not None else []))
        return _bump(uow, login, staff_id, now, known)


def _bump(uow: WriteUnit, login: str, staff_id: int | None, now: dt.datetime,
          known: Any | None = None) -> bool:
    """One more wrong password for ``login``, or for the known device it was typed on
    (audited ``lock`` if it locks it); ``True`` if that is locked now."""
    if known is not None:
        return _bump_device(uow, staff_id, known, now)
    before = _throttle(uow.conn, login)
    after = attrs.evolve(before, failures=before.failures + 1, last_failure_at=now,
                         locked=before.failures + 1 >= LOCK_AFTER)
    _reset(uow.conn, login)
    uow.conn.execute(t.sign_in_throttle.insert().values(**attrs.asdict(after)))
    if after.locked and not before.locked:
        uow.tx.audit("lock", "staff", staff_id, fields=["sign_in"])
    return after.locked


def _open_session(ctx: Context, login: str, staff_id: int, now: dt.datetime,
                  known: Any | None = None) -> SignedIn:
    """A new session; on a known device only its own count is cleared (the login's
    stays: someone else may be guessing), elsewhere the login's, and a new device."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    device = known.token if known is not None else secrets.token_urlsafe(32)
    with ctx.write(login) as uow:
        d = t.sign_in_devices
        if known is not None:
            _device_ok(uow.conn, known.token_hash)
        else:
            _reset(uow.conn, login)
            uow.conn.execute(d.delete().where(d.c.created_at < now - DEVICE_FOR))
            uow.conn.execute(d.insert().values(
                token_hash=session_key(device), staff_id=staff_id, created_at=now,
                failures=0, last_failure_at=None, locked=False))
        uow.conn.execute(t.web_sessions.insert().values(**attrs.asdict(WebSession(
            id=session_key(token), staff_id=staff_id, csrf=csrf, created_at=now,
            seen_at=now))))
        uow.tx.audit("sign_in", "staff", staff_id,
                     fields=["session", *(["device"] if known is not None else [])])
    return SignedIn(token=token, csrf=csrf, login=login, device=device)


@attrs.frozen
class _Known:
    """A browser's device cookie, good for the staff member signing in."""

    token: str
    token_hash: str
    failures: int
    last_failure_at: dt.datetime | None


def _device(conn: sa.Connection, token: str, staff_id: int | None,
            now: dt.datetime) -> _Known | None:
    """The device of ``token`` if it is ``staff_id``'s, young enough and not locked."""
    if not token or len(token) > 200 or staff_id is None:
        return None
    d = t.sign_in_devices
    row = conn.execute(sa.select(d).where(
        d.c.token_hash == session_key(token), d.c.staff_id == staff_id,
        d.c.created_at > now - DEVICE_FOR, d.c.locked.is_(False))).one_or_none()
    if row is None:
        return None
    return _Known(token, row.token_hash, row.failures, row.last_failure_at)


def _device_throttle(login: str, known: _Known | None) -> Throttle | None:
    if known is None:
        return None
    return Throttle(login=login, failures=known.failures,
                    last_failure_at=known.last_failure_at)


def _device_ok(conn: sa.Connection, token_hash: str) -> None:
    d = t.sign_in_devices
    conn.execute(d.update().where(d.c.token_hash == token_hash)
                 .values(failures=0, last_failure_at=None))


def _bump_device(uow: WriteUnit, staff_id: int | None, known: _Known,
                 now: dt.datetime) -> bool:
    """One more wrong password on a known device; at :data:`LOCK_AFTER` it is locked,
    i.e. a stranger again, judged by the login's own count from then on."""
    failures = known.failures + 1
    locked = failures >= LOCK_AFTER
    d = t.sign_in_devices
    uow.conn.execute(d.update().where(d.c.token_hash == known.token_hash).values(
        failures=failures, last_failure_at=now, locked=locked))
    if locked:
        uow.tx.audit("lock", "staff", staff_id, fields=["device"])
    return locked


def session(ctx: Context, token: str, policy: SessionPolicy | None = None,
            now: dt.datetime | None = None) -> SessionInfo | None:
    """The live session whose cookie value is ``token``, or ``None``: unknown, idle too
    long, too old, or its staff member deactivated (such a session is ended here)."""
    if not token or len(token) > 200:
        return None
    policy = policy or SessionPolicy.from_env()
    now = now or _now()
    key = session_key(token)
    s = t.web_sessions
    with ctx.read() as uow:
        row = uow.conn.execute(
            sa.select(s, t.staff.c.login, t.staff.c.name, t.staff.c.active)
            .join(t.staff, t.staff.c.id == s.c.staff_id).where(s.c.id == key)).one_or_none()
    if row is None:
        return None
    found = from_row(row, WebSession, s)
    if not (row.active and policy.alive(found, now)):
        with ctx.write(row.login) as uow:
            if uow.conn.execute(s.delete().where(s.c.id == key)).rowcount:
                uow.tx.audit("sign_out", "staff", found.staff_id,
                             fields=["expired" if row.active else "deactivated"])
        return None
    if now - found.seen_at > dt.timedelta(seconds=60):  # one write a minute, not a request
        with ctx.write(row.login) as uow:
            uow.conn.execute(s.update().where(s.c.id == key).values(seen_at=now))
    return SessionInfo(login=row.login, name=row.name, csrf=found.csrf,
                       proven_at=found.proven_at)


def sign_out(ctx: Context, token: str) -> bool:
    """End the session whose cookie value is ``token``; ``False`` if there was none."""
    s = t.web_sessions
    key = session_key(token)
    with ctx.read() as uow:
        row = uow.conn.execute(sa.select(s.c.staff_id, t.staff.c.login)
                               .join(t.staff, t.staff.c.id == s.c.staff_id)
                               .where(s.c.id == key)).one_or_none()
    if row is None:
        return False
    with ctx.write(row.login) as uow:
        if uow.conn.execute(s.delete().where(s.c.id == key)).rowcount:
            uow.tx.audit("sign_out", "staff", row.staff_id, fields=["session"])
    return True
