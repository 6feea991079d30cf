"""The office clock: "today" is the office's day, in its time zone, not the machine's.

A server may run in UTC while the office works in Japan; a record made at 00:30
JST is dated that Japanese day. The zone is ``Asia/Tokyo`` unless ``PSC_TIME_ZONE``
names another (an IANA name such as ``Asia/Tokyo``). Tests give a fixed clock:
``OfficeClock.fixed(datetime(2027, 4, 1, 0, 30))``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from psccore.errors import ConfigurationError
from psccore.i18n import Label

DEFAULT_ZONE = "Asia/Tokyo"
BAD_ZONE = Label(
    "PSC_TIME_ZONE の {zone} はタイムゾーン名として使えません（例: Asia/Tokyo）。",
    "PSC_TIME_ZONE {zone} is not a time zone name (e.g. Asia/Tokyo).",
)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def zone_named(name: str) -> ZoneInfo:
    """The time zone called ``name``; a clear error if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(BAD_ZONE, zone=name) from None


@attrs.frozen
class OfficeClock:
    """The office's time: ``now()`` and ``today()`` in its zone.

    ``source`` gives the current instant (an aware datetime); the machine's clock by
    default, a constant for a fixed clock.
    """

    zone: ZoneInfo = attrs.field(factory=lambda: zone_named(DEFAULT_ZONE))
    source: Callable[[], dt.datetime] = attrs.field(default=_utc_now, repr=False)

    @classmethod
    def from_env(cls) -> OfficeClock:
        """The office's zone from ``PSC_TIME_ZONE`` (default ``Asia/Tokyo``)."""
        return cls(zone_named(os.environ.get("PSC_TIME_ZONE") or DEFAULT_ZONE))

    @classmethod
    def fixed(cls, at: dt.datetime, zone: str | None = None) -> OfficeClock:
        """A clock stopped at ``at``: an aware datetime, or a naive one read as the
        office's wall time (in ``zone``, else ``PSC_TIME_ZONE`` or Asia/Tokyo)."""
        tz = zone_named(zone) if zone else cls.from_env().zone
        instant = at if at.tzinfo is not None else at.replace(tzinfo=tz)
        return cls(tz, lambda: instant)

    def now(self) -> dt.datetime:
        """The current time in the office's zone (aware)."""
        return self.source().astimezone(self.zone)

    def today(self) -> dt.date:
        """The office's date now."""
        return self.now().date()


_day: ContextVar[dt.date | None] = ContextVar("psc_office_day", default=None)


@contextmanager
def office_day(day: dt.date) -> Iterator[None]:
    """Within the block, :func:`office_today` is ``day`` (a unit of work's day)."""
    token = _day.set(day)
    try:
        yield
    finally:
        _day.reset(token)


def office_today() -> dt.date:
    """The office's day for a domain rule (e.g. no birth date in the future): that of
    the unit of work open, else today in the office's time zone, never the machine's."""
    return _day.get() or OfficeClock.from_env().today()
