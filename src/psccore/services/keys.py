"""Re-encrypting every sensitive value with the newest key, in one transaction."""

from __future__ import annotations

import sqlalchemy as sa

from psccore.crypto import is_sealed
from psccore.services import access
from psccore.services.context import Context
from psccore.services.sensitive import sensitive_fields
from psccore.store import tables as t


def rotate(ctx: Context, check_only: bool = False) -> int:
    """Re-encrypt with the active key; with ``check_only``, only check that every value
    can be read with the keys at hand (and that the staff member may do this)."""
    keys = ctx.keys()
    count = 0
    with ctx.write() as uow:
        access.for_managers(uow, "keys")
        rows = uow.conn.execute(sa.select(t.enrollments.c.id, t.enrollments.c.program,
                                         t.enrollments.c.intake)).all()
        for row in rows:
            names = sensitive_fields(ctx.registry.program(row.program))
            sealed = {k: v for k, v in row.intake.items() if k in names and is_sealed(v)}
            if not sealed:
                continue
            fresh = {k: keys.encrypt(keys.decrypt(v, f"{row.program}.{k}"), f"{row.program}.{k}")
                     for k, v in sealed.items()}
            count += len(fresh)
            if not check_only:
                uow.conn.execute(t.enrollments.update().where(t.enrollments.c.id == row.id)
                                .values(intake={**row.intake, **fresh}))
        if not check_only:
            uow.tx.audit("rotate", "keys", None, fields=[keys.active])
    return count
