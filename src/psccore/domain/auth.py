"""Signing in: staff passwords, web sessions and the throttle on wrong passwords.

Pure rules only (what a good password is, how long a session lives, how long a login
waits after wrong passwords); the service (``services/auth.py``) keeps them.
"""

from __future__ import annotations

import datetime as dt
import os

import attrs

from psccore.errors import ConfigurationError, Problem
from psccore.i18n import Label

#: After this many wrong passwords in a row a login waits before the next try …
WAIT_AFTER = 5
#: … and after this many it is locked until an administrator unlocks it.
LOCK_AFTER = 10
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 256  # Argon2 takes any length; a bound keeps hashing cheap to refuse
MAX_LOGIN = 40  # as the staff table holds it

TOO_SHORT = Label("パスワードは{n}文字以上にしてください", "a password has at least {n} characters")
TOO_LONG = Label("パスワードは{n}文字以内にしてください", "a password has at most {n} characters")
SAME_AS_LOGIN = Label("ログイン名と同じパスワードは使えません", "the password must not be the login")
BAD_SETTING = Label("設定 {name} は正の整数（分）で指定してください: {value}",
                    "{name} must be a positive whole number of minutes: {value}")


@attrs.frozen(kw_only=True)
class Credential:
    """A staff member's password, as an Argon2id hash (never the password)."""

    staff_id: int
    hash: str
    changed_at: dt.datetime


@attrs.frozen(kw_only=True)
class WebSession:
    """A signed-in browser. ``id`` is the SHA-256 of the cookie's random value, so the
    table alone signs no one in; ``csrf`` is the token its forms must send back."""

    id: str
    staff_id: int
    csrf: str
    created_at: dt.datetime
    seen_at: dt.datetime
    confirmed_at: dt.datetime | None = None  # the password proven again since

    @property
    def proven_at(self) -> dt.datetime:
        """When its staff member last typed their password: the sign-in or since."""
        return max(self.created_at, self.confirmed_at or self.created_at)


@attrs.frozen(kw_only=True)
class Throttle:
    """Wrong passwords in a row for a login as typed, whether or not it exists (so the
    throttle's answer tells nothing about which logins exist)."""

    login: str
    failures: int = 0
    last_failure_at: dt.datetime | None = None
    locked: bool = False

    def wait_until(self) -> dt.datetime | None:
        """When the next try is allowed, while waiting after :data:`WAIT_AFTER` failures."""
        if self.failures < WAIT_AFTER or self.last_failure_at is None:
            return None
        return self.last_failure_at + wait_after(self.failures)


def wait_after(failures: int) -> dt.timedelta:
    """30 s after the 5th wrong password, doubling with each one after, at most 15 min."""
    if failures < WAIT_AFTER:
        return dt.timedelta(0)
    return min(FIRST_WAIT * (1 << min(failures - WAIT_AFTER, 8)), LONGEST_WAIT)


@attrs.frozen(kw_only=True)
class SessionPolicy:
    """How long a session lives: ``idle`` since its last request, ``lifetime`` in all."""

    idle: dt.timedelta = dt.timedelta(minutes=30)
    lifetime: dt.timedelta = dt.timedelta(hours=12)

    @classmethod
    def from_env(cls) -> SessionPolicy:
        """``PSC_SESSION_IDLE_MINUTES`` (default 30) and ``PSC_SESSION_LIFETIME_MINUTES``
        (default 720)."""
        return cls(idle=_minutes("PSC_SESSION_IDLE_MINUTES", 30),
                   lifetime=_minutes("PSC_SESSION_LIFETIME_MINUTES", 720))

    def alive(self, session: WebSession, now: dt.datetime) -> bool:
        return (now - session.seen_at < self.idle
                and now - session.created_at < self.lifetime)


def _minutes(name: str, default: int) -> dt.timedelta:
    value = os.environ.get(name, "").strip()
    if not value:
        return dt.timedelta(minutes=default)
    if not value.isdigit() or int(value) <= 0:
        raise ConfigurationError(BAD_SETTING, name=name, value=value)
    return dt.timedelta(minutes=int(value))


def password_problems(login: str, password: str) -> list[Problem]:
    """What is wrong with ``password`` as ``login``'s new password (nothing: ``[]``)."""
    if len(password) < MIN_PASSWORD:
        return [Problem("$.password", TOO_SHORT, {"n": MIN_PASSWORD})]
    if len(password) > MAX_PASSWORD:
        return [Problem("$.password", TOO_LONG, {"n": MAX_PASSWORD})]
    if password.strip().casefold() == login.strip().casefold():
        return [Problem("$.password", SAME_AS_LOGIN)]
    return []
