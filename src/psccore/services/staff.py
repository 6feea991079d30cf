"""Staff records and their roles. The first member becomes administrator of all
programs; after that only such administrators manage staff."""

from __future__ import annotations

from typing import Any

import attrs
import sqlalchemy as sa

from psccore.domain.access import ALL_PROGRAMS, Grants, Role, RoleGrant
from psccore.domain.convert import structure
from psccore.domain.people import Staff
from psccore.errors import InvalidInput, NotFound, Problem
from psccore.i18n import Label
from psccore.services.access import for_managers, grants_of
from psccore.services.context import Context, Unit
from psccore.services.office import end_sessions_wanting_the_code
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row

LOGIN_TAKEN = Label("ログイン名 {login} はすでに使われています", "login {login} is already taken")
STAFF = Label("職員", "staff member")
NO_SUCH_STAFF = Label("職員 {login} は登録されていません", "staff member {login} is not registered")
UNKNOWN_PROGRAM = Label("事業 {code} は登録されていません", "program {code} is not registered")
LAST_ADMIN = Label("最後の全事業の管理者の権限は外せません", "the last administrator of all programs stays")


@attrs.frozen
class StaffDetail:
    """A staff member with their roles: in every office, and in single offices."""

    staff: Staff
    roles: dict[str, Role]  # in every office
    #: roles held in one office only: office name → program → role
    office_roles: dict[str, dict[str, Role]] = attrs.field(factory=dict)


def add_staff(ctx: Context, login: str, name: str) -> Staff:
    """Register a staff member (no roles yet: no access). The very first one becomes
    administrator of all programs, so that someone can grant the rest."""
    member = structure({"login": login, "name": name}, Staff)
    with ctx.write(ctx.staff or login) as uow:
        tx = uow.tx
        first = uow.conn.execute(sa.select(sa.func.count()).select_from(t.staff)
                                 ).scalar_one() == 0
        if first:
            tx.staff = login
        else:
            tx.staff = for_managers(uow, "staff").login
        if uow.conn.execute(sa.select(t.staff.c.id).where(t.staff.c.login == login)).first():
            raise InvalidInput([Problem("$.login", LOGIN_TAKEN, {"login": login})])
        member = tx.insert(t.staff, member)
        if first:
            tx.insert(t.staff_roles, RoleGrant(staff_id=member.id or 0, program=ALL_PROGRAMS,
                                               role=Role.ADMINISTRATOR, granted_on=uow.today))
        uow.forget_grants()
        return member


def _member(conn: sa.Connection, login: str) -> Staff:
    row = conn.execute(sa.select(t.staff).where(t.staff.c.login == login)).one_or_none()
    if row is None:
        raise NotFound(NO_SUCH_STAFF, login=login)
    return from_row(row, Staff)


def grant(ctx: Context, login: str, role: str, program: str = ALL_PROGRAMS,
          office: str | None = None) -> RoleGrant:
    """Give ``login`` a role for one program (or ``*``) in one office (by name; ``None``
    or ``*``: every office); it replaces their role there."""
    chosen = structure(role, Role)
    if program != ALL_PROGRAMS and program not in ctx.registry.programs:
        raise InvalidInput([Problem("$.program", UNKNOWN_PROGRAM, {"code": program})])
    with ctx.write() as uow:
        for_managers(uow, "staff_roles")
        member = _member(uow.conn, login)
        office_id = _office_id(uow.conn, office)
        held = _held(uow.conn, member, program, office_id)
        if held is not None and held.role == chosen.value:  # held already: nothing changes
            return from_row(held, RoleGrant, t.staff_roles)
        _remove(uow.tx, member, program, office_id)
        uow.forget_grants()  # a unit this one joins reads the new roles
        granted = uow.tx.insert(t.staff_roles, RoleGrant(
            staff_id=member.id or 0, program=program, role=chosen, granted_on=uow.today,
            office_id=office_id))
        if chosen is Role.ADMINISTRATOR:
            end_sessions_wanting_the_code(uow.tx, member.id)
        return granted


def revoke(ctx: Context, login: str, program: str = ALL_PROGRAMS,
           office: str | None = None) -> None:
    with ctx.write() as uow:
        for_managers(uow, "staff_roles")
        _remove(uow.tx, _member(uow.conn, login), program, _office_id(uow.conn, office))
        uow.forget_grants()


def _office_id(conn: sa.Connection, office: str | None) -> int | None:
    from psccore.services.offices import office_named

    return None if office in (None, ALL_PROGRAMS) else office_named(conn, office or "").id


def _held(conn: sa.Connection, member: Staff, program: str,
          office_id: int | None) -> sa.Row[Any] | None:
    """The role ``member`` holds for ``program`` in that office (``None``: every office)."""
    r = t.staff_roles
    at = r.c.office_id.is_(None) if office_id is None else r.c.office_id == office_id
    return conn.execute(sa.select(r).where(r.c.staff_id == member.id,
                                           r.c.program == program, at)).first()


def _remove(tx: Transaction, member: Staff, program: str, office_id: int | None = None) -> None:
    r = t.staff_roles
    row = _held(tx.conn, member, program, office_id)
    if row is None:
        return
    if row.program == ALL_PROGRAMS and row.role == Role.ADMINISTRATOR.value \
            and row.office_id is None:
        _keep_an_administrator(tx.conn)
    tx.conn.execute(r.delete().where(r.c.id == row.id))
    tx.record("delete", r, [row.id], fields=["program", "role"])


def _keep_an_administrator(conn: sa.Connection) -> None:
    """Refuse a change that would leave no active administrator for all programs."""
    r = t.staff_roles
    admins = conn.execute(sa.select(sa.func.count()).select_from(r).join(t.staff).where(
        r.c.program == ALL_PROGRAMS, r.c.role == Role.ADMINISTRATOR.value,
        r.c.office_id.is_(None), t.staff.c.active.is_(True))).scalar_one()
    if admins <= 1:
        raise InvalidInput([Problem("$.login", LAST_ADMIN)])


def set_active(ctx: Context, login: str, active: bool) -> Staff:
    with ctx.write() as uow:
        for_managers(uow, "staff")
        before = _member(uow.conn, login)
        if not active and grants_of(uow.conn, before).is_(frozenset({Role.ADMINISTRATOR})):
            _keep_an_administrator(uow.conn)
        uow.forget_grants()
        after = uow.tx.update(t.staff, before, attrs.evolve(before, active=active))
        if not active:  # their browsers are signed out at once
            from psccore.services.auth import end_sessions

            if ended := end_sessions(uow, before.id or 0):
                uow.tx.audit("sign_out", "staff", before.id, fields=["deactivated", *ended])
        return after


def known_logins(ctx: Context) -> set[str]:
    """Logins already registered (for ``psc init``, before anyone can act)."""
    with ctx.read() as uow:
        return set(uow.conn.execute(sa.select(t.staff.c.login)).scalars())


def list_staff(ctx: Context) -> list[StaffDetail]:
    """Every staff member with their roles (all roles read in one statement, however
    many staff there are)."""
    with ctx.read() as uow:
        members = _members(uow)
        names = dict(uow.conn.execute(sa.select(t.offices.c.id, t.offices.c.name)).all())
        details = {m.id: StaffDetail(m, {}) for m in members}
        for grant in (from_row(r, RoleGrant) for r in uow.conn.execute(
                sa.select(t.staff_roles).order_by(t.staff_roles.c.office_id,
                                                  t.staff_roles.c.id))):
            detail = details.get(grant.staff_id)
            if detail is None:
                continue
            if grant.office_id is None:
                detail.roles[grant.program] = grant.role
            else:
                detail.office_roles.setdefault(names[grant.office_id], {})[grant.program] = \
                    grant.role
        return list(details.values())


def _members(uow: Unit) -> list[Staff]:
    """Every staff member by login, for anyone who may read office data."""
    from psccore.domain.access import Action
    from psccore.services.access import for_office

    for_office(uow, Action.READ)
    return [from_row(r, Staff)
            for r in uow.conn.execute(sa.select(t.staff).order_by(t.staff.c.login))]


def my_grants(ctx: Context) -> Grants:
    with ctx.read() as uow:
        return uow.grants()


def acting_staff(ctx: Context) -> Staff:
    """The acting staff member: registered and active, or refused (signing in)."""
    with ctx.read() as uow:
        return uow.acting()


def staff_id(ctx: Context, login: str) -> int:
    """The id of a registered staff member (e.g. whose agenda to show), for anyone who
    may read office data; an unknown login is an input error."""
    from psccore.domain.access import Action
    from psccore.services.access import for_office
    from psccore.services.workflow_rules import staff_ids

    with ctx.read() as uow:
        for_office(uow, Action.READ)
        found = staff_ids(uow.conn, [login], "$.staff")[0]
    assert found is not None  # staff_ids refuses an unknown login
    return found


def staff_members(ctx: Context) -> list[Staff]:
    """Every staff member (without their roles), for anyone who may read office data."""
    with ctx.read() as uow:
        return _members(uow)
