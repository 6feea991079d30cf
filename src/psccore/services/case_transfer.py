"""Moving a case from one office to another (ケースの移管).

Within an organisation the case changes office; its sensitive answers (要配慮個人情報)
travel only if asked and the person's consent to collect them is in force, else they are
removed from it. Between organisations it is a provision to a third party (第三者提供):
it needs the person's consent naming the receiving organisation (and covering health
data if sensitive answers go), and is recorded as a disclosure, as an introduction is;
the person is registered in the receiving organisation (once per organisation) and the
case moves to that registration. Each side's audit trail names the move.
"""

from __future__ import annotations

import datetime as dt

import attrs
import sqlalchemy as sa

from psccore.domain.access import Action, FieldClass
from psccore.domain.cases import Case, CaseStatus, Enrollment
from psccore.domain.consent import Consent, ConsentKind, DataCategory, Disclosure
from psccore.domain.offices import OfficeSite
from psccore.domain.people import Person, Staff
from psccore.errors import InvalidInput, NotAllowed, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE
from psccore.services.cases import collection_consented
from psccore.services.context import Context, WriteUnit, grants_of
from psccore.services.offices import begin_stay, office_named
from psccore.services.sensitive import sensitive_fields
from psccore.store import tables as t
from psccore.store.db import from_row, get

SAME_OFFICE = Label("ケースはすでに拠点「{name}」にあります", "the case is already at {name}")
CLOSED = Label("終結したケースは移管できません", "a closed case cannot be transferred")
IN_FUTURE = Label("未来の日付は指定できません", "the date is in the future")
BEFORE_STAY = Label("移管日は現在の拠点での開始日（{since}）以降にしてください",
                    "the transfer cannot be before the case came to its office ({since})")
NO_COLLECTION_CONSENT = Label(
    "要配慮個人情報を移すには、本人の取得同意（健康状態）が有効である必要があります",
    "sensitive answers go only under the person's consent to collect health data")
NO_PROVISION_CONSENT = Label(
    "法人「{organisation}」への提供について、{categories}を含む有効な同意がありません",
    "no consent in force to give {categories} to {organisation}")
SENSITIVE_PROGRAM = Label(
    "{program}の利用そのものが要配慮個人情報のため、要配慮個人情報を含めずには移管できません",
    "taking part in {program} is itself sensitive: transfer it with its sensitive data")
PURPOSE = "ケースの移管"
DOCUMENT = "case_transfer"
PERSON = Label("相談者", "person")


@attrs.frozen
class Transfer:
    """What a transfer did: the case as now held, the offices, and what went."""

    case: Case
    from_office: str
    to_office: str
    with_sensitive: bool
    removed: list[str]  # the sensitive answers removed (program.field)
    disclosure_id: int | None  # between organisations


def transfer_case(ctx: Context, case_id: int, to_office: str, *, with_sensitive: bool,
                  expected_version: int | None = None, on: dt.date | None = None) -> Transfer:
    """Move an open case to ``to_office`` (by name) on ``on`` (today by default)."""
    with ctx.write() as uow:
        on = on or uow.today
        access.for_case(uow, case_id, Action.WRITE)
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        if expected_version is not None:
            case = attrs.evolve(case, version=expected_version)
        source = office_named(uow.conn, str(case.office_id))
        target = office_named(uow.conn, to_office)
        _check(uow, case, source, target, on)
        between = source.organisation_id != target.organisation_id
        if with_sensitive:
            access.for_case(uow, case_id, Action.WRITE, FieldClass.SENSITIVE)
        if between:
            access.for_case(uow, case_id, Action.DISCLOSE)
            if with_sensitive:
                access.for_case(uow, case_id, Action.DISCLOSE, FieldClass.SENSITIVE)
        elif with_sensitive and not collection_consented(uow.conn, case.person_id, on):
            raise NotAllowed(NO_COLLECTION_CONSENT)
        uow.see_office(target.id or 0)  # allowed: the case is written there from now
        enrollments = [from_row(r, Enrollment) for r in uow.conn.execute(
            sa.select(t.enrollments).where(t.enrollments.c.case_id == case_id))]
        removed = [] if with_sensitive else _remove_sensitive(uow, case, enrollments)
        disclosure = None
        person_id = case.person_id
        if between:
            disclosure, person_id = _provide(uow, case, target, with_sensitive, on)
        moved = uow.tx.update(t.cases, case, attrs.evolve(
            case, office_id=target.id or 0, person_id=person_id,
            assigned_staff_id=_assignee_there(uow, case, target)), entity_label=CASE)
        _end_stay(uow, moved, on)
        begin_stay(uow, moved, on, with_sensitive=with_sensitive, staff_id=uow.acting().id)
        what = ["sensitive" if with_sensitive else "general", f"office:{source.id}",
                f"office:{target.id}"]
        uow.tx.audit("transfer_out", "cases", case_id, person_id=case.person_id, fields=what)
        uow.tx.audit("transfer_in", "cases", case_id, person_id=person_id, fields=what)
        return Transfer(moved, source.name, target.name, with_sensitive, removed, disclosure)


STAFF_MEMBER = Label("職員", "staff member")


def _assignee_there(uow: WriteUnit, case: Case, target: OfficeSite) -> int | None:
    """The case's caseworker, if they may read it at the receiving office too; else none,
    for a caseworker there to take it over (the one who could no longer see it is not
    left its caseworker)."""
    if case.assigned_staff_id is None:
        return None
    member = get(uow.conn, t.staff, Staff, case.assigned_staff_id, STAFF_MEMBER)
    programs = access.case_programs(uow.conn, [case.id or 0])[case.id or 0]
    keeps = grants_of(uow.conn, member).at(target.id or 0).allows(
        Action.READ, FieldClass.GENERAL, programs)
    return case.assigned_staff_id if keeps and member.active else None


def _check(uow: WriteUnit, case: Case, source: OfficeSite, target: OfficeSite,
           on: dt.date) -> None:
    if target.id == source.id:
        raise InvalidInput([Problem("$.to", SAME_OFFICE, {"name": target.name})])
    if case.status is not CaseStatus.OPEN:
        raise InvalidInput([Problem("$.case", CLOSED)])
    if on > uow.today:
        raise InvalidInput([Problem("$.on", IN_FUTURE)])
    since = uow.conn.execute(sa.select(sa.func.max(t.case_offices.c.from_on)).where(
        t.case_offices.c.case_id == case.id)).scalar() or case.opened_on
    if on < since:
        raise InvalidInput([Problem("$.on", BEFORE_STAY, {"since": since.isoformat()})])


def _remove_sensitive(uow: WriteUnit, case: Case, enrollments: list[Enrollment]) -> list[str]:
    """Sensitive answers stay behind: removed from the case's enrollments."""
    removed = []
    for e in enrollments:
        program = uow.registry.program(e.program)
        if program is None or program.sensitive_participation:  # (not installed: may be)
            label = program.label if program is not None else Label(e.program, e.program)
            raise InvalidInput([Problem("$.with_sensitive", SENSITIVE_PROGRAM,
                                        {"program": label})])
        names = [n for n in sensitive_fields(program) if e.intake.get(n) is not None]
        if names:
            uow.tx.update(t.enrollments, e, attrs.evolve(e, intake={
                k: v for k, v in e.intake.items() if k not in names}), person_id=case.person_id)
            removed += [f"{e.program}.{n}" for n in names]
    return removed


def _provide(uow: WriteUnit, case: Case, target: OfficeSite, with_sensitive: bool,
             on: dt.date) -> tuple[int, int]:
    """A provision to the receiving organisation: under a consent naming it, recorded as
    a disclosure; the person registered there. Returns the disclosure and the person."""
    organisation = str(uow.conn.execute(sa.select(t.organisations.c.name).where(
        t.organisations.c.id == target.organisation_id)).scalar_one())
    needed = [DataCategory.BASIC_PROFILE, DataCategory.PROGRAM_PARTICIPATION,
              *([DataCategory.HEALTH] if with_sensitive else [])]
    consent = next((c for c in (from_row(r, Consent) for r in uow.conn.execute(
        sa.select(t.consents).where(t.consents.c.person_id == case.person_id,
                                    t.consents.c.kind == ConsentKind.PROVIDE.value,
                                    t.consents.c.organisation == organisation)
        .order_by(t.consents.c.valid_from.desc(), t.consents.c.id.desc())))
        if c.in_force(on) and all(n in c.categories for n in needed)), None)
    if consent is None:
        names = Label("、".join(c.label.ja for c in needed), ", ".join(c.label.en for c in needed))
        raise NotAllowed(NO_PROVISION_CONSENT, organisation=organisation, categories=names)
    items = ["basic_profile.person", "program_participation.case",
             *(["health.intake"] if with_sensitive else [])]
    disclosure = uow.tx.insert(t.disclosures, Disclosure(
        person_id=case.person_id, consent_id=consent.id or 0, organisation=organisation,
        on=on, staff_id=uow.acting().id, document=DOCUMENT, items=items, purpose=PURPOSE),
        person_id=case.person_id)
    uow.tx.audit("disclose", "people", case.person_id, person_id=case.person_id, fields=items)
    person = get(uow.conn, t.people, Person, case.person_id, PERSON)
    registered = uow.tx.insert(t.people, attrs.evolve(
        person, id=None, version=1, organisation_id=target.organisation_id))
    return disclosure.id or 0, registered.id or 0


def _end_stay(uow: WriteUnit, case: Case, on: dt.date) -> None:
    """The stay at the office the case leaves ends on ``on`` (the new one starts then)."""
    c = t.case_offices
    ids = list(uow.conn.execute(sa.select(c.c.id).where(c.c.case_id == case.id,
                                                        c.c.to_on.is_(None))).scalars())
    if ids:
        uow.conn.execute(c.update().where(c.c.id.in_(ids)).values(to_on=on))
        uow.tx.record("update", c, ids, person_id=case.person_id, fields=["to_on"])
