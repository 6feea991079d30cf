"""Access control, checked here for every caller: which programs a record belongs
to, and whether the acting staff member's roles allow the action on it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
from psccore.errors import AccessRefused, NotFound, Withheld
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


def case_offices(conn: Connection, person_id: int) -> dict[int, tuple[int, list[str]]]:
    """The person's cases: case id → (the office holding it, its programs)."""
    found: dict[int, tuple[int, list[str]]] = {}
    for case_id, office, program in conn.execute(
            sa.select(t.cases.c.id, t.cases.c.office_id, t.enrollments.c.program)
            .outerjoin(t.enrollments, t.enrollments.c.case_id == t.cases.c.id)
            .where(t.cases.c.person_id == person_id)):
        found.setdefault(case_id, (office, []))[1].extend([program] if program else [])
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
    """Check ``action`` on a case: the roles held in its office for its programs decide.
    The roles returned are those of the case's office (for the checks that follow)."""
    case = _existing(uow, t.cases, Case, case_id, CASE_WHAT,
                     f"{action.value}:{field_class.value}")
    found = uow.grants().at(case.office_id)
    programs = case_programs(uow.conn, [case_id])[case_id]
    require(found, action, field_class, programs, CASE_WHAT, entity="cases",
            entity_id=case_id, person_id=case.person_id,
            named=nameable(uow.registry, found, programs))
    return found


def _existing(uow: Unit, table: sa.Table, cls: type[T], id: int, what: Label,
              action: str) -> T:
    """The record; if there is none, ``NotFound`` with the message and exit code of a
    refusal (``Withheld``), so neither tells the other apart (only refusals are audited).
    On PostgreSQL a row of an office the transaction may not see reads as absent: the
    owner's function tells it apart, and it is refused (and audited) as on SQLite."""
    try:
        return get(uow.conn, table, cls, id, what)
    except NotFound:
        from psccore.store import rls

        if rls.is_postgresql(uow.conn) and rls.exists_unseen(uow.conn, table.name, id):
            raise Withheld(what, id, staff=uow.grants().login, table=table.name,
                           action=action, entity_id=id,
                           person_id=id if table is t.people else None) from None
        raise


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
    """Check ``action`` on a person: through the cases the staff member may act on (each
    in its office), or, with no case yet, if registered in one of their organisations.
    The roles returned are those of the offices holding the person's cases."""
    everywhere = uow.grants()
    person = _existing(uow, t.people, Person, person_id, PERSON_WHAT,
                       f"{action.value}:{field_class.value}")
    cases = case_offices(uow.conn, person_id)
    if not cases:
        if everywhere.organisations is not None and \
                person.organisation_id not in everywhere.organisations:
            _withhold_person(everywhere, action, field_class, person_id)
        found = everywhere.anywhere()
        require(found, action, field_class, None, PERSON_WHAT, entity="people",
                entity_id=person_id, person_id=person_id)
        return found
    if not any(everywhere.at(office).allows(action, field_class, programs)
               for office, programs in cases.values()):
        _withhold_person(everywhere, action, field_class, person_id)
    return everywhere.at(*sorted({office for office, _ in cases.values()}))


def _withhold_person(found: Grants, action: Action, field_class: FieldClass,
                     person_id: int) -> None:
    raise Withheld(PERSON_WHAT, person_id, staff=found.login, table="people",
                   action=f"{action.value}:{field_class.value}", entity_id=person_id,
                   person_id=person_id)


def for_program(uow: Unit, program: str, action: Action,
                field_class: FieldClass = FieldClass.GENERAL,
                person_id: int | None = None, office: int | None = None) -> Grants:
    """Check ``action`` on a program's records: in ``office`` if given; else in the
    offices holding the person's cases in the program (``person_id``), or in any office
    the staff member works in (the program's own lists then keep to :func:`offices_for`)."""
    everywhere = uow.grants()
    if office is not None:
        found = everywhere.at(office)
    elif person_id is not None:
        held = [o for o, programs in case_offices(uow.conn, person_id).values()
                if program in programs]
        found = everywhere.at(*held) if held else everywhere.anywhere()
    else:
        found = everywhere.anywhere()
    require(found, action, field_class, [program], PROGRAM_WHAT, entity="enrollments",
            person_id=person_id)
    return found


def offices_for(found: Grants, program: str, action: Action = Action.READ,
                field_class: FieldClass = FieldClass.GENERAL) -> list[int] | None:
    """The offices whose records of ``program`` the staff member may act on; ``None``:
    every office."""
    if found.allows(action, field_class, [program]):
        return None
    return sorted(o for o in found.offices
                  if found.at(o).allows(action, field_class, [program]))


def for_office(uow: Unit, action: Action) -> Grants:
    """Employers, openings, meetings, statistics: any role allowing the action somewhere
    (employers and openings are shared by the offices of an organisation)."""
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


def readable_cases(found: Grants) -> sa.ColumnElement[bool] | None:
    """Which cases the staff member may read (a condition on ``cases``), in each office
    by the roles held there; ``None``: every case."""
    return _cases_where(found, readable_programs)


def visible_cases(registry: Registry, found: Grants) -> sa.ColumnElement[bool] | None:
    """Which cases the staff member may see in lists and the agenda (a condition on
    ``cases``): :func:`visible_programs` in each office; ``None``: every case."""
    return _cases_where(found, lambda scoped: visible_programs(registry, scoped))


def _cases_where(found: Grants, programs_of: Callable[[Grants], set[str] | None]
                 ) -> sa.ColumnElement[bool] | None:
    everywhere = programs_of(found)
    if everywhere is None:
        return None
    clauses = [_in_programs(everywhere)] if everywhere or not found.offices else []
    for office in sorted(found.offices):
        here = programs_of(found.at(office))
        held = t.cases.c.office_id == office
        if here is None:
            clauses.append(held)
        elif here - everywhere:
            clauses.append(sa.and_(held, _in_programs(here)))
    return sa.or_(*clauses) if clauses else sa.false()


def _in_programs(programs: set[str]) -> sa.ColumnElement[bool]:
    """The case has an enrollment in one of ``programs``: asked of each case by its id
    (``ix_enrollments_case_id``), not as a list of every such case, which the database
    would build in full however few cases the query reads."""
    e = t.enrollments
    return sa.exists().where(e.c.case_id == t.cases.c.id,
                             e.c.program.in_(sorted(programs)))


def seen_programs(registry: Registry, found: Grants) -> set[str] | None:
    """Programs whose cases the staff member sees in some office (a list asked by a
    program they see nowhere must not tell who takes part); ``None``: every one."""
    every: set[str] = set()
    for scoped in (found, *(found.at(o) for o in found.offices)):
        here = visible_programs(registry, scoped)
        if here is None:
            return None
        every |= here
    return every
