"""What every core table shares: the one ``MetaData`` (its naming convention gives
constraints the names the migrations use), UTC date-times and the staff column. Apart
from :mod:`psccore.store.tables` so that the tables built on first use
(``tables_casework`` and the others) need not import it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

#: every core table's; complete once :data:`psccore.store.tables.metadata` is read
core_metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """Stored as naive UTC on every database; read back as aware UTC."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def staff_column() -> sa.Column[int]:
    """The ``staff_id`` column of a row some staff member wrote (nullable)."""
    return sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True)
