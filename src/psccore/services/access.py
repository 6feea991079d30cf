"""Access control, checked here for every caller: which programs a record belongs
to, and whether the acting staff member's roles allow the action on it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import (
    ALL_PROGRAMS,
    AUDITORS,
    MANAGERS,
    POLICY,
    Action,
    FieldClass,
    Grants,
    Role,
)
from psccore.domain.cases import Case
from psccore.domain.people import Person
from psccore.errors import AccessRefused, Withheld
from psccore.i18n import Label
from psccore.plugins import Registry
from psccore.services.context import Unit, grants_of
from psccore.store import tables as t
from psccore.store.db import get

T = TypeVar("T")

REFUSED = Label(
    "{login} さんには、この{what}の「{action_label}」の権限がありません（{programs}）。"
    "必要なら管理者に権限の付与を依頼してください（psc staff grant）。",
    "{login} may not {action_label} this {what} ({programs}); an administrator can grant "
    "a role if needed (psc staff grant).",
)
ADMIN_ONLY = Label("この操作は全事業の{roles}だけが行えます", "only {roles} of all programs may do this")
EVERY_PROGRAM = Label("全事業", "every program")


def case_programs(conn: Connection, case_ids: Iterable[int]) -> dict[int, list[str]]:
    """The programs each case is enrolled in."""
    ids = list(case_ids)
    found: dict[int, list[str]] = {i: [] for i in ids}
    for case_id, program in conn.execute(
            sa.select(t.enrollments.c.case_id, t.enrollments.c.program)
            .where(t.enrollments.c.case_id.in_(ids))):
        found[case_id].append(program)
    return found


def person_programs(conn: Connection, person_id: int) -> list[str] | None:
    """The programs of all the person's cases; ``None`` if they have no case yet."""
    rows = conn.execute(sa.select(t.cases.c.id, t.enrollments.c.program)
                        .outerjoin(t.enrollments, t.enrollments.c.case_id == t.cases.c.id)
                        .where(t.cases.c.person_id == person_id)).all()
    if not rows:
        return None
    return sorted({r.program for r in rows if r.program})


# Refusals about these tell nothing (not even that the record exists): see Withheld.
ABOUT_SOMEONE = frozenset({"people", "cases"})


def require(grants: Grants, action: Action, field_class: FieldClass,
            programs: Sequence[str] | None, what: Label, *, entity: str,
            entity_id: int | None = None, person_id: int | None = None,
            fields: Sequence[str] = (), named: Sequence[str] | None = None) -> None:
    """Refuse (and have the refusal audited) unless the roles allow it.

    ``programs`` ``None`` means a person with no case yet: any role allowing the
    action somewhere will do (so intake can begin).
    """
    if programs is None:
        allowed = grants.allows_any(action) if field_class is FieldClass.GENERAL else \
            grants.allows(action, field_class, [])
    else:
        allowed = grants.allows(action, field_class, programs)
    if not allowed and entity in ABOUT_SOMEONE:
        raise Withheld(what, entity_id, staff=grants.login, table=entity,
                       action=f"{action.value}:{field_class.value}", entity_id=entity_id,
                       person_id=person_id, fields=fields)
    if not allowed:
        raise AccessRefused(
            REFUSED, staff=grants.login, action=f"{action.value}:{field_class.value}",
            entity=entity, entity_id=entity_id, person_id=person_id, fields=fields,
            login=grants.login, what=what, action_label=action.label,
            programs=", ".join(programs or [] if named is None else named) or EVERY_PROGRAM)


def require_role(grants: Grants, roles: frozenset[Role], entity: str) -> None:
    if not grants.is_(roles):
        names = Label("・".join(r.label.ja for r in roles), " or ".join(r.label.en for r in roles))
        raise AccessRefused(ADMIN_ONLY, staff=grants.login, action="administer", entity=entity,
                            roles=names)


__all__ = ["AUDITORS", "MANAGERS", "case_programs", "grants_of", "person_programs", "require",
           "require_role"]


# --- the checks services make ---------------------------------------------------------

CASE_WHAT = Label("ケース", "case")
PERSON_WHAT = Label("相談者", "person")
PROGRAM_WHAT = Label("事業の記録", "program record")
OFFICE_WHAT = Label("事業所・求人などの記録", "office record")


def for_case(uow: Unit, case_id: int, action: Action,
             field_class: FieldClass = FieldClass.GENERAL) -> Grants:
    """Check ``action`` on a case: the roles of its programs decide."""
    found = uow.grants()
    case = _existing(uow, t.cases, Case, case_id, CASE_WHAT)
    programs = case_programs(uow.conn, [case_id])[case_id]
    require(found, action, field_class, programs, CASE_WHAT, entity="cases",
            entity_id=case_id, person_id=case.person_id,
            named=nameable(uow.registry, found, programs))
    return found


def _existing(uow: Unit, table: sa.Table, cls: type[T], id: int, what: Label) -> T:
    """The record; if there is none, ``NotFound`` with the message and exit code of a
    refusal (``Withheld``), so neither tells the other apart (only refusals are audited)."""
    return get(uow.conn, table, cls, id, what)


def participation_visible(registry: Registry, found: Grants, code: str) -> bool:
    """Whether the staff member may even see that a person takes part in a program: not
    if that is sensitive and theirs not to read. A program that is not installed may be
    sensitive (core cannot tell), so only administrators for every program see it."""
    program = registry.program(code)
    if program is None:
        return found.is_(MANAGERS)
    if not program.sensitive_participation:
        return True
    return found.allows(Action.READ, FieldClass.SENSITIVE, [code])


def nameable(registry: Registry, found: Grants, programs: Sequence[str]) -> list[str]:
    """Programs a message may name to this staff member: those whose participation
    they may see (the name of any other would tell)."""
    return [p for p in programs if participation_visible(registry, found, p)]


def for_person(uow: Unit, person_id: int, action: Action,
               field_class: FieldClass = FieldClass.GENERAL) -> Grants:
    found = uow.grants()
    _existing(uow, t.people, Person, person_id, PERSON_WHAT)
    programs = person_programs(uow.conn, person_id)
    require(found, action, field_class, programs, PERSON_WHAT, entity="people",
            entity_id=person_id, person_id=person_id,
            named=None if programs is None else nameable(uow.registry, found, programs))
    return found


def for_program(uow: Unit, program: str, action: Action,
                field_class: FieldClass = FieldClass.GENERAL,
                person_id: int | None = None) -> Grants:
    found = uow.grants()
    require(found, action, field_class, [program], PROGRAM_WHAT, entity="enrollments",
            person_id=person_id)
    return found


def for_office(uow: Unit, action: Action) -> Grants:
    """Employers, openings, meetings, statistics: any role allowing the action somewhere."""
    found = uow.grants()
    require(found, action, FieldClass.GENERAL, None, OFFICE_WHAT, entity="office")
    return found


def for_managers(uow: Unit, entity: str) -> Grants:
    found = uow.grants()
    require_role(found, MANAGERS, entity)
    return found


def for_auditors(uow: Unit) -> Grants:
    found = uow.grants()
    require_role(found, AUDITORS, "audit_log")
    return found


def readable_programs(found: Grants, field_class: FieldClass = FieldClass.GENERAL
                      ) -> set[str] | None:
    """Programs whose data the staff member may read; ``None`` means all of them."""
    readable = {p for p, r in found.roles.items() if (Action.READ, field_class) in POLICY[r]}
    return None if ALL_PROGRAMS in readable else readable


def visible_programs(registry: Registry, found: Grants) -> set[str] | None:
    """Programs whose cases the staff member may see in lists and the agenda: readable
    ones whose participation they may see (:func:`participation_visible`). ``None``:
    every program, those not installed too, which only administrators for every
    program see; anyone else gets installed programs only."""
    readable = readable_programs(found)
    if readable is None and found.is_(MANAGERS):
        return None  # administrators read everything, sensitive or not installed
    installed = set(registry.programs)
    return {code for code in (installed if readable is None else readable & installed)
            if participation_visible(registry, found, code)}
