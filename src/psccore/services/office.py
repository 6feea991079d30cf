"""The office's own facts (its name, the population it serves): read by anyone who may
read office data, set by administrators of all programs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action, Role
from psccore.domain.convert import structure, unstructure
from psccore.domain.office import Office
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context
from psccore.services.workflow_rules import unknown_keys
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row

KEYS = {"name", "population", "population_on", "placement_notice_days", "consent_notice_days",
        "assessment_due_days", "plan_due_days", "referral_wait_days",
        "require_totp_for_admins"}
NOTHING_TO_CHANGE = Label("変更する項目を指定してください（--name, --population, --as-of）",
                          "give something to change (--name, --population, --as-of)")


def office_of(conn: Connection) -> Office:
    row = conn.execute(sa.select(t.office).where(t.office.c.id == 1)).one_or_none()
    return Office() if row is None else from_row(row, Office)


def get_office(ctx: Context) -> Office:
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return office_of(uow.conn)


def set_office(ctx: Context, changes: Mapping[str, Any]) -> Office:
    """Change the given facts; the others stay."""
    if problems := unknown_keys(changes, KEYS, "$"):
        raise InvalidInput(problems)
    if not changes:
        raise InvalidInput([Problem("$", NOTHING_TO_CHANGE)])
    changes = {k: None if v == "" else v for k, v in changes.items()}  # blank clears
    with ctx.write() as uow:
        access.for_managers(uow, "office")
        before = office_of(uow.conn)
        after = structure({**unstructure(before), **changes}, Office)
        if uow.conn.execute(sa.select(t.office.c.id)).first() is None:
            uow.conn.execute(t.office.insert().values(id=1, version=1))
            uow.tx.record("create", t.office, [1])
        saved = uow.tx.update(t.office, before, attrs.evolve(after, version=before.version))
        if saved.require_totp_for_admins and not before.require_totp_for_admins:
            end_sessions_wanting_the_code(uow.tx)
        return saved


def end_sessions_wanting_the_code(tx: Transaction, staff_id: int | None = None) -> None:
    """End the web sessions of administrators (or of ``staff_id``, if one) that the
    office requires the code of and who have not set it up: a session signed in with
    the password alone must not carry an administrator's role; they sign in again and
    are asked to set it up. Audited per staff member (``sign_out``, ``totp_required``)."""
    if not office_of(tx.conn).require_totp_for_admins:
        return
    r, s, c = t.staff_roles, t.web_sessions, t.staff_totp
    wanting = (sa.select(r.c.staff_id).where(r.c.role == Role.ADMINISTRATOR.value)
               .where(r.c.staff_id.not_in(sa.select(c.c.staff_id).where(c.c.enabled))))
    if staff_id is not None:
        wanting = wanting.where(r.c.staff_id == staff_id)
    ended = sorted(tx.conn.execute(sa.select(s.c.staff_id).distinct()
                                   .where(s.c.staff_id.in_(wanting))).scalars())
    if ended:
        tx.conn.execute(s.delete().where(s.c.staff_id.in_(ended)))
    for who in ended:
        tx.audit("sign_out", "staff", who, fields=["totp_required"])
