"""What program plugins use to keep their own records: a checked, audited transaction
for one program, a read-only view of it, and the program's participants.

A plugin's rows belong to its program, so the acting staff member's role *in that
program* decides, as it does for the intake answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action, FieldClass
from psccore.domain.cases import CaseStatus, Enrollment
from psccore.errors import InvalidInput, NotFound, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE
from psccore.services.cases import program_of
from psccore.services.context import Context, Unit
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row
from psccore.store.sql import among

NOT_ENROLLED = Label("ケース {case} は{program}を利用していません",
                     "case {case} is not enrolled in {program}")


@attrs.frozen
class Participant:
    """Someone enrolled in a program, as a roster shows them."""

    enrollment_id: int
    case_id: int
    person_id: int
    name: str
    kana: str
    enrolled_on: dt.date
    case_status: CaseStatus
    closed_on: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        """Whether the enrollment had begun by ``day`` and its case was not yet closed."""
        return self.enrolled_on <= day and (self.closed_on is None or day <= self.closed_on)


@contextmanager
def writing(ctx: Context, program: str, *, person_id: int | None = None
            ) -> Iterator[Transaction]:
    """One audited transaction for ``program``'s records, if the staff member may write there."""
    with ctx.write() as uow:
        field_class = _field_class(uow, program)
        access.for_program(uow, program, Action.WRITE, field_class, person_id)
        yield uow.tx


@contextmanager
def reading(ctx: Context, program: str) -> Iterator[Connection]:
    """A read-only view of ``program``'s records, if the staff member may read them."""
    with ctx.read() as uow:
        reading_check(uow, program)
        yield uow.conn


def reading_check(uow: Unit, program: str) -> None:
    """Refuse (audited) unless the staff member may read ``program``'s records."""
    access.for_program(uow, program, Action.READ, _field_class(uow, program))


def may_read(uow: Unit, program: str, field_class: FieldClass | None = None) -> bool:
    """Whether the staff member may read ``program``'s records (or its sensitive ones)."""
    found = uow.grants()
    return found.allows(Action.READ, field_class or _field_class(uow, program), [program])


def _field_class(ctx: Context | Unit, program: str) -> FieldClass:
    """Where taking part is itself health data, the program's records are sensitive."""
    return FieldClass.SENSITIVE if program_of(ctx, program).sensitive_participation \
        else FieldClass.GENERAL


def enrollment_of(conn: Connection, case_id: int, program: str) -> Enrollment:
    """The case's enrollment in ``program``; a clear error if it has none."""
    if conn.execute(sa.select(t.cases.c.id).where(t.cases.c.id == case_id)).first() is None:
        raise NotFound.of(CASE, case_id)
    row = conn.execute(sa.select(t.enrollments).where(
        t.enrollments.c.case_id == case_id, t.enrollments.c.program == program)).one_or_none()
    if row is None:
        raise InvalidInput([Problem("$.case", NOT_ENROLLED, {"case": case_id, "program": program})])
    return from_row(row, Enrollment)


def participants(conn: Connection, program: str,
                 enrollment_ids: list[int] | sa.Select[Any] | None = None,
                 offices: list[int] | None = None) -> list[Participant]:
    """Everyone enrolled in ``program`` (or only ``enrollment_ids``; only in cases held
    by ``offices``, if given), by kana."""
    e, c, p = t.enrollments, t.cases, t.people
    query = (sa.select(e.c.id, e.c.case_id, c.c.person_id, p.c.name, p.c.kana, e.c.enrolled_on,
                       c.c.status, c.c.closed_on)
             .join(c, c.c.id == e.c.case_id).join(p, p.c.id == c.c.person_id)
             .where(e.c.program == program).order_by(p.c.kana, e.c.id))
    if enrollment_ids is not None:
        query = query.where(among(e.c.id, enrollment_ids))
    if offices is not None:
        query = query.where(c.c.office_id.in_(offices))
    return [Participant(r.id, r.case_id, r.person_id, r.name, r.kana, r.enrolled_on,
                        CaseStatus(r.status), r.closed_on) for r in conn.execute(query)]


def enrollment_in(ctx: Context, case_id: int, program: str) -> Enrollment:
    """The case's enrollment in ``program``, for a staff member who may read its records
    (in the office holding the case)."""
    with ctx.read() as uow:
        reading_check(uow, program)
        if _offices(uow, program) is not None:  # a case of another office: as if absent
            access.for_case(uow, case_id, Action.READ)
            access.for_program(uow, program, Action.READ, _field_class(uow, program),
                               office=_held_by(uow.conn, case_id))
        return enrollment_of(uow.conn, case_id, program)


def roster(ctx: Context, program: str, enrollment_ids: list[int] | None = None
           ) -> list[Participant]:
    """Everyone enrolled in ``program`` (a roster) by kana, for a staff member who may
    read its records: of the offices where they may."""
    with ctx.read() as uow:
        reading_check(uow, program)
        return participants(uow.conn, program, enrollment_ids, _offices(uow, program))


def _offices(uow: Unit, program: str) -> list[int] | None:
    """The offices whose records of ``program`` the staff member may read (``None``: all)."""
    return access.offices_for(uow.grants(), program, Action.READ, _field_class(uow, program))


def _held_by(conn: Connection, case_id: int) -> int:
    office = conn.execute(sa.select(t.cases.c.office_id).where(t.cases.c.id == case_id)
                          ).scalar_one_or_none()
    if office is None:
        raise NotFound.of(CASE, case_id)
    return int(office)
