"""The web app's sign-in tables: passwords, sessions, throttles, second factors
(built on first use: see :mod:`psccore.store.tables`)."""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.columns import UTCDateTime
from psccore.store.columns import core_metadata as _metadata

__all__ = ["sign_in_devices", "sign_in_pending", "sign_in_throttle", "staff_passwords",
           "staff_totp", "web_sessions"]


# Signing in to the web app (psccore.domain.auth): passwords, sessions, the throttle.
staff_passwords = sa.Table(
    "staff_passwords",
    _metadata,
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), primary_key=True,
              autoincrement=False),
    sa.Column("hash", sa.String(200), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)


web_sessions = sa.Table(
    "web_sessions",
    _metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False, index=True),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    # the password proven again after the sign-in (core_0022), for the administration pages
    sa.Column("confirmed_at", UTCDateTime, nullable=True),
)


sign_in_throttle = sa.Table(
    "sign_in_throttle",
    _metadata,
    sa.Column("login", sa.String(40), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", UTCDateTime, nullable=True),
    sa.Column("locked", sa.Boolean, nullable=False),
)


# The second step of signing in (TOTP, core_0012): ``secret`` is sealed in its row.
staff_totp = sa.Table(
    "staff_totp",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False,
              unique=True),
    sa.Column("secret", sa.String(400), nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("last_step", sa.BigInteger, nullable=True),  # the newest code used
    sa.Column("created_at", UTCDateTime, nullable=False),
)


# A right password waiting for its code (by the SHA-256 of its cookie's value).
sign_in_pending = sa.Table(
    "sign_in_pending",
    _metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
    sa.Column("enrol", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)


# A browser that signed in as a staff member (core_0021): its own count of wrong passwords.
sign_in_devices = sa.Table(
    "sign_in_devices",
    _metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", UTCDateTime, nullable=True),
    sa.Column("locked", sa.Boolean, nullable=False),
)
