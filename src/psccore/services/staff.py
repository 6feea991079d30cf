"""Staff records. The first member is created by ``psc init``; later ones by staff."""

from __future__ import annotations

import sqlalchemy as sa

from psccore.domain.convert import structure
from psccore.domain.people import Staff
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row

LOGIN_TAKEN = Label("ログイン名 {login} はすでに使われています", "login {login} is already taken")


def add_staff(ctx: Context, login: str, name: str) -> Staff:
    """Register a staff member; the acting staff member is required unless none exist yet."""
    member = structure({"login": login, "name": name}, Staff)
    with ctx.db.write(ctx.staff or login) as tx:
        first = tx.conn.execute(sa.select(sa.func.count()).select_from(t.staff)).scalar_one() == 0
        tx.staff = login if first else ctx.acting(tx.conn).login
        if tx.conn.execute(sa.select(t.staff.c.id).where(t.staff.c.login == login)).first():
            raise InvalidInput([Problem("$.login", LOGIN_TAKEN, {"login": login})])
        return tx.insert(t.staff, member)


def list_staff(ctx: Context) -> list[Staff]:
    with ctx.db.read() as conn:
        return [from_row(r, Staff) for r in conn.execute(sa.select(t.staff).order_by(t.staff.c.login))]
