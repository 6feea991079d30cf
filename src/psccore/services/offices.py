"""Organisations, their offices (拠点) and municipalities: set up by administrators of
all programs and offices; read by anyone with a role. Which office a new case or person
belongs to is decided here too (see :mod:`psccore.domain.offices`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action, FieldClass, Grants
from psccore.domain.convert import structure, unstructure
from psccore.domain.offices import Municipality, OfficeSite, Organisation
from psccore.errors import InvalidInput, NotFound, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context, Unit, WriteUnit
from psccore.store import tables as t
from psccore.store.db import from_row

ORGANISATION = Label("法人", "organisation")
OFFICE = Label("拠点", "office")
MUNICIPALITY = Label("市区町村", "municipality")
NAME_TAKEN = Label("「{name}」はすでに登録されています", "{name} is already registered")
NO_SUCH = Label("{what}「{name}」は登録されていません（一覧: {known}）",
                "no {what} named {name} (known: {known})")
WHICH_OFFICE = Label("どの拠点か指定してください（{known}）",
                     "say which office ({known})")
WHICH_ORGANISATION = Label("どの法人か指定してください（{known}）",
                           "say which organisation ({known})")
NOT_YOUR_OFFICE = Label("拠点「{name}」でこの操作をする権限がありません",
                        "you may not do this at the office {name}")
OFFICE_KEYS = {"name", "address", "municipality_code"}


def organisations(ctx: Context) -> list[Organisation]:
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return [from_row(r, Organisation) for r in uow.conn.execute(
            sa.select(t.organisations).order_by(t.organisations.c.id))]


def offices(ctx: Context) -> list[OfficeSite]:
    """Every office (their names are not personal data: a transfer names its target)."""
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return all_offices(uow.conn)


def all_offices(conn: Connection) -> list[OfficeSite]:
    return [from_row(r, OfficeSite) for r in conn.execute(
        sa.select(t.offices).order_by(t.offices.c.id))]


def municipalities(ctx: Context) -> list[Municipality]:
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return [from_row(r, Municipality) for r in uow.conn.execute(
            sa.select(t.municipalities).order_by(t.municipalities.c.code))]


def add_organisation(ctx: Context, name: str) -> Organisation:
    found = structure({"name": name}, Organisation)
    with ctx.write() as uow:
        access.for_managers(uow, "organisations")
        _unique(uow.conn, t.organisations, found.name)
        return uow.tx.insert(t.organisations, found)


def add_office(ctx: Context, organisation: str, data: Mapping[str, Any]) -> OfficeSite:
    """A new office of ``organisation`` (by name): ``name``, ``address``,
    ``municipality_code``."""
    _known_keys(data)
    with ctx.write() as uow:
        access.for_managers(uow, "offices")
        org = organisation_named(uow.conn, organisation)
        found = structure({**data, "organisation_id": org.id}, OfficeSite)
        _unique(uow.conn, t.offices, found.name)
        return uow.tx.insert(t.offices, found)


def change_office(ctx: Context, name: str, changes: Mapping[str, Any],
                  expected_version: int | None = None) -> OfficeSite:
    """Rename an office or change its address or municipality; the others stay."""
    _known_keys(changes)
    changes = {k: None if v == "" else v for k, v in changes.items()}
    with ctx.write() as uow:
        access.for_managers(uow, "offices")
        before = office_named(uow.conn, name)
        if expected_version is not None:
            before = attrs.evolve(before, version=expected_version)
        after = structure({**unstructure(before), **changes}, OfficeSite)
        if after.name != before.name:
            _unique(uow.conn, t.offices, after.name)
        return uow.tx.update(t.offices, before, after, entity_label=OFFICE)


def rename_organisation(ctx: Context, name: str, new_name: str) -> Organisation:
    with ctx.write() as uow:
        access.for_managers(uow, "organisations")
        before = organisation_named(uow.conn, name)
        after = structure({**unstructure(before), "name": new_name}, Organisation)
        if after.name != before.name:
            _unique(uow.conn, t.organisations, after.name)
        return uow.tx.update(t.organisations, before, after, entity_label=ORGANISATION)


def set_municipality(ctx: Context, data: Mapping[str, Any]) -> Municipality:
    """Add a municipality by its code, or change its name or population."""
    with ctx.write() as uow:
        access.for_managers(uow, "municipalities")
        given = structure(dict(data), Municipality)
        row = uow.conn.execute(sa.select(t.municipalities).where(
            t.municipalities.c.code == given.code)).one_or_none()
        if row is None:
            return uow.tx.insert(t.municipalities, given)
        before = from_row(row, Municipality)
        after = attrs.evolve(given, id=before.id, version=before.version)
        return uow.tx.update(t.municipalities, before, after, entity_label=MUNICIPALITY)


def _known_keys(data: Mapping[str, Any]) -> None:
    from psccore.services.workflow_rules import unknown_keys

    if problems := unknown_keys(data, OFFICE_KEYS, "$"):
        raise InvalidInput(problems)


def _unique(conn: Connection, table: sa.Table, name: str) -> None:
    if conn.execute(sa.select(table.c.id).where(table.c.name == name)).first() is not None:
        raise InvalidInput([Problem("$.name", NAME_TAKEN, {"name": name})])


def organisation_named(conn: Connection, name: str) -> Organisation:
    row = conn.execute(sa.select(t.organisations).where(
        t.organisations.c.name == name)).one_or_none()
    if row is None:
        known = "、".join(conn.execute(sa.select(t.organisations.c.name)
                                      .order_by(t.organisations.c.id)).scalars())
        raise NotFound(NO_SUCH, what=ORGANISATION, name=name, known=known or "-")
    return from_row(row, Organisation)


def office_named(conn: Connection, name: str) -> OfficeSite:
    """An office by its name (or its id, written as digits)."""
    column = t.offices.c.id if name.isdigit() else t.offices.c.name
    row = conn.execute(sa.select(t.offices).where(
        column == (int(name) if name.isdigit() else name))).one_or_none()
    if row is None:
        known = "、".join(o.name for o in all_offices(conn))
        raise NotFound(NO_SUCH, what=OFFICE, name=name, known=known or "-")
    return from_row(row, OfficeSite)


def organisation_name(conn: Connection, office: OfficeSite) -> str:
    return str(conn.execute(sa.select(t.organisations.c.name).where(
        t.organisations.c.id == office.organisation_id)).scalar_one())


def office_of_case(conn: Connection, case_id: int) -> OfficeSite:
    row = conn.execute(sa.select(t.offices).join(t.cases, t.cases.c.office_id == t.offices.c.id)
                       .where(t.cases.c.id == case_id)).one()
    return from_row(row, OfficeSite)


def office_for_new_case(uow: Unit, office: str | None, program: str,
                        person_organisation: int) -> OfficeSite:
    """The office a new case opens at: the one named, or the only office of the person's
    organisation where the staff member may write to ``program`` (the caller checks that
    they may)."""
    found = uow.grants()
    if office is not None:
        chosen = office_named(uow.conn, office)
        if not found.at(chosen.id or 0).allows(Action.WRITE, FieldClass.GENERAL, [program]) \
                or chosen.organisation_id != person_organisation:
            raise InvalidInput([Problem("$.office", NOT_YOUR_OFFICE, {"name": chosen.name})])
        return chosen
    theirs = [o for o in all_offices(uow.conn) if o.organisation_id == person_organisation]
    mine = [o for o in theirs
            if found.at(o.id or 0).allows(Action.WRITE, FieldClass.GENERAL, [program])]
    if theirs and not mine:
        return theirs[0]  # the program's check then refuses, as with a single office
    if len(mine) != 1:
        known = "、".join(o.name for o in mine) or "-"
        raise InvalidInput([Problem("$.office", WHICH_OFFICE, {"known": known})])
    return mine[0]


def organisation_for_new_person(uow: Unit, organisation: str | None) -> int:
    """The organisation a new person is registered in: the one named, or the only one
    the staff member works for."""
    found: Grants = uow.grants()
    if organisation is not None:
        org = organisation_named(uow.conn, organisation)
        if found.organisations is not None and org.id not in found.organisations:
            raise InvalidInput([Problem("$.organisation", NOT_YOUR_OFFICE, {"name": org.name})])
        return org.id or 0
    ids = sorted(found.organisations) if found.organisations else list(  # none: refused later
        uow.conn.execute(sa.select(t.organisations.c.id).order_by(t.organisations.c.id))
        .scalars())
    if len(ids) != 1:
        known = "、".join(uow.conn.execute(sa.select(t.organisations.c.name).where(
            t.organisations.c.id.in_(ids))).scalars())
        raise InvalidInput([Problem("$.organisation", WHICH_ORGANISATION,
                                    {"known": known or "-"})])
    return int(ids[0])


def begin_stay(uow: WriteUnit, case: Any, on: Any, *, with_sensitive: bool = True,
               staff_id: int | None = None) -> None:
    """A case's stay at its office from ``on`` (its history, for reports by office)."""
    from psccore.domain.offices import CaseOffice

    uow.tx.insert(t.case_offices, CaseOffice(
        case_id=case.id or 0, office_id=case.office_id, from_on=on,
        with_sensitive=with_sensitive, staff_id=staff_id), person_id=case.person_id)
