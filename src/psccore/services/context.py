"""The service context: one database, the loaded plugins, the acting staff member."""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from psccore.domain.people import Staff
from psccore.errors import AccessRefused, NotAllowed
from psccore.i18n import Label
from psccore.plugins import Registry
from psccore.store import tables as t
from psccore.store.db import Database, from_row

NO_STAFF = Label(
    "操作する職員が指定されていません。--as ログイン名 または環境変数 PSC_USER で指定してください。",
    "No acting staff member: give --as LOGIN or set PSC_USER.",
)
UNKNOWN_STAFF = Label(
    "職員 {login} は登録されていないか、無効です。", "Staff member {login} is not registered or not active."
)


@attrs.define
class Context:
    db: Database
    registry: Registry
    staff: str | None = None

    def acting(self, conn: sa.Connection) -> Staff:
        """The acting staff member, who must be registered and active."""
        if not self.staff:
            raise NotAllowed(NO_STAFF)
        row = conn.execute(sa.select(t.staff).where(t.staff.c.login == self.staff)).one_or_none()
        if row is None or not row.active:
            raise AccessRefused(UNKNOWN_STAFF, staff=self.staff, action="act", entity="staff",
                                login=self.staff)
        return from_row(row, Staff)
