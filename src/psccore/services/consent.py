"""Consent, work history, introduction sheets and the disclosure record.

An introduction sheet holds only what an in-force consent covers, and producing
one records the disclosure in the same transaction. Without a covering consent it
is refused and nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.dates import age_on
from psccore.domain.access import Action, FieldClass, Grants
from psccore.domain.consent import (
    Consent,
    ConsentKind,
    DataCategory,
    Disclosure,
    WorkHistoryEntry,
)
from psccore.domain.convert import structure
from psccore.domain.employers import Employer
from psccore.domain.people import Person
from psccore.errors import NotAllowed, NotFound, Withheld
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context, Unit
from psccore.services.employers import EMPLOYER
from psccore.services.people import PERSON
from psccore.store import tables as t
from psccore.store.db import from_row, get

CONSENT = Label("同意", "consent")
NO_CONSENT = Label(
    "{person} さんの情報を {recipient} に提供する有効な同意がありません"
    "（撤回・期限切れを含む）{why}。何も提供・記録していません。",
    "There is no consent in force for giving {person}'s information to {recipient} "
    "(withdrawn or expired ones do not count){why}. Nothing was given or recorded.",
)
EXPIRED = Label("：同意 {id} は {date} に期限が切れています",
                ": consent {id} expired on {date}")
WITHDRAWN = Label("：同意 {id} は {date} に撤回されています",
                  ": consent {id} was withdrawn on {date}")
NOT_YET = Label("：同意 {id} は {date} からです", ": consent {id} starts on {date}")
NO_RECORD = Label("：この事業所への同意は記録されていません",
                  ": no consent to this employer is recorded")
NOT_COVERED = Label(
    "有効な同意（{consent}）は次の情報を含みません: {missing}。何も提供・記録していません。",
    "The consent in force ({consent}) does not cover: {missing}. Nothing was given or recorded.",
)


@attrs.frozen
class SheetItem:
    key: str
    label: Label
    value: str


@attrs.frozen
class SheetSection:
    category: DataCategory
    items: list[SheetItem]


@attrs.frozen
class IntroductionSheet:
    """紹介票: what an employer receives about a person, nothing more."""

    person_id: int
    employer: str
    on: dt.date
    consent_id: int
    purpose: str
    sections: list[SheetSection]
    disclosure_id: int


def add_consent(ctx: Context, person_id: int, data: Mapping[str, Any]) -> Consent:
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_person(uow, person_id, Action.WRITE)
        consent = structure({"recorded_on": uow.today.isoformat(), **data,
                             "person_id": person_id, "staff_id": staff.id}, Consent)
        if consent.employer_id is not None:
            get(uow.conn, t.employers, Employer, consent.employer_id, EMPLOYER)
        return uow.tx.insert(t.consents, consent, person_id=person_id)


def withdraw_consent(ctx: Context, consent_id: int, on: dt.date | None = None) -> Consent:
    """Withdrawal takes effect at once: from ``on`` (today) nothing more is given."""
    with ctx.write() as uow:
        before = get(uow.conn, t.consents, Consent, consent_id, CONSENT)
        found = access.for_person(uow, before.person_id, Action.WRITE)
        if before.kind is ConsentKind.COLLECT and not collect_visible(uow, found):
            raise NotFound.of(CONSENT, consent_id)  # as if there were none
        after = attrs.evolve(before, withdrawn_on=on or uow.today)
        return uow.tx.update(t.consents, before, after, person_id=before.person_id)


def list_consents(ctx: Context, person_id: int) -> list[Consent]:
    """The person's consents; a consent to collect health data only to those who may read
    the sensitive data of a program that needs one (it would tell that they take part)."""
    with ctx.read() as uow:
        found = access.for_person(uow, person_id, Action.READ)
        collect = collect_visible(uow, found)
        return [c for c in (from_row(r, Consent) for r in uow.conn.execute(
            sa.select(t.consents).where(t.consents.c.person_id == person_id)
            .order_by(t.consents.c.valid_from, t.consents.c.id)))
            if collect or c.kind is not ConsentKind.COLLECT]


def collect_visible(uow: Unit, found: Grants) -> bool:
    """Whether consents to collect are the staff member's to see: they may read the
    sensitive data of a program that records health data only with one."""
    needing = [code for code, p in uow.registry.programs.items() if p.consent_to_collect]
    return found.is_(access.MANAGERS) or any(
        found.allows(Action.READ, FieldClass.SENSITIVE, [code]) for code in needing)


def add_work_history(ctx: Context, person_id: int, data: Mapping[str, Any]) -> WorkHistoryEntry:
    with ctx.write() as uow:
        access.for_person(uow, person_id, Action.WRITE)
        entry = structure({**data, "person_id": person_id}, WorkHistoryEntry)
        return uow.tx.insert(t.work_history, entry, person_id=person_id)


WITHHELD_ITEM = "health.*"  # what a reader without sensitive rights sees of health items


def list_disclosures(ctx: Context, person_id: int) -> list[Disclosure]:
    """The person's disclosures; the names of health items (which can tell a diagnosis
    or a program) only to staff who may read all the person's sensitive data."""
    with ctx.read() as uow:
        found = access.for_person(uow, person_id, Action.READ)
        programs = access.person_programs(uow.conn, person_id) or []
        sensitive = all(found.allows(Action.READ, FieldClass.SENSITIVE, [p]) for p in programs)
        rows = [from_row(r, Disclosure) for r in uow.conn.execute(
            sa.select(t.disclosures).where(t.disclosures.c.person_id == person_id)
            .order_by(t.disclosures.c.on, t.disclosures.c.id))]
    if sensitive:
        return rows
    return [attrs.evolve(d, items=sorted({WITHHELD_ITEM if i.startswith("health.") else i
                                          for i in d.items})) for d in rows]


def introduce(ctx: Context, person_id: int, employer_id: int,
              categories: Sequence[str] | None = None,
              on: dt.date | None = None, *,
              document: str = "introduction_sheet") -> IntroductionSheet:
    """Build an introduction sheet for an employer and record its disclosure (as
    ``document``: a referral records ``referral``).

    ``categories`` defaults to all the consent covers; asking for one it does not
    cover is refused, as is having no consent in force on ``on``.
    """
    wanted = [structure(c, DataCategory) for c in categories] if categories else None
    with ctx.write() as uow:
        on = on or uow.today
        staff = uow.acting()
        access.for_person(uow, person_id, Action.DISCLOSE)
        person = get(uow.conn, t.people, Person, person_id, PERSON)
        employer = get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        consent = _consent_in_force(uow.conn, person_id, employer_id, on)
        if consent is None:
            raise NotAllowed(NO_CONSENT, person=person.name, recipient=employer.name,
                             why=_why_not(uow.conn, person_id, employer_id, on))
        missing = [c for c in (wanted or []) if c not in consent.categories]
        if missing:
            raise NotAllowed(NOT_COVERED, consent=consent.id,
                             missing=", ".join(c.label.text() for c in missing))
        chosen = [c for c in DataCategory if c in (wanted or consent.categories)]
        if DataCategory.HEALTH in chosen:  # 要配慮個人情報 leaves only with a role allowing it
            access.for_person(uow, person_id, Action.DISCLOSE, FieldClass.SENSITIVE)
        sources = _disclosable_cases(uow.conn, uow.grants(), person_id)  # office by office
        sections = [SheetSection(c, list(_items(uow, person, c, on, sources)))
                    for c in chosen]
        disclosure = uow.tx.insert(t.disclosures, Disclosure(
            person_id=person_id, consent_id=consent.id or 0, employer_id=employer_id, on=on,
            staff_id=staff.id, document=document, purpose=consent.purpose,
            items=[f"{s.category.value}.{i.key}" for s in sections for i in s.items]),
            person_id=person_id)
        uow.tx.audit("disclose", "people", person_id, person_id=person_id, fields=disclosure.items)
        return IntroductionSheet(person_id, employer.name, on, consent.id or 0, consent.purpose,
                                 sections, disclosure.id or 0)


def _disclosable_cases(conn: Connection, found: Grants, person_id: int) -> dict[str, Any]:
    """The person's cases whose data this staff member may disclose, per field class
    (case data: a role in any of the case's programs, in the office holding the case),
    and each program's own data (``(case, program)`` pairs: a role in that program)."""
    held = dict(conn.execute(sa.select(t.cases.c.id, t.cases.c.office_id)
                             .where(t.cases.c.person_id == person_id)).all())
    ids = list(held)
    programs = access.case_programs(conn, ids)
    at = {i: found.at(held[i]) for i in ids}
    sources: dict[str, Any] = {
        field.value: [i for i in ids if at[i].allows(Action.DISCLOSE, field, programs[i])]
        for field in FieldClass}
    for field in FieldClass:
        sources[f"{field.value}.programs"] = {
            (i, p) for i in ids for p in programs[i]
            if at[i].allows(Action.DISCLOSE, field, [p])}
    return sources


def _why_not(conn: Connection, person_id: int, employer_id: int, on: dt.date) -> Label:
    """Which consent failed on ``on``, and since when (the latest one to this employer)."""
    row = conn.execute(sa.select(t.consents).where(
        t.consents.c.person_id == person_id, t.consents.c.employer_id == employer_id)
        .order_by(t.consents.c.valid_from.desc(), t.consents.c.id.desc()).limit(1)).first()
    if row is None:
        return NO_RECORD
    consent = from_row(row, Consent)
    if consent.withdrawn_on is not None and on >= consent.withdrawn_on:
        label, date = WITHDRAWN, consent.withdrawn_on
    elif on < consent.valid_from:
        label, date = NOT_YET, consent.valid_from
    else:
        label, date = EXPIRED, consent.valid_until
    return Label(label.ja.format(id=consent.id, date=date.isoformat()),
                 label.en.format(id=consent.id, date=date.isoformat()))


def _consent_in_force(conn: Connection, person_id: int, employer_id: int,
                      on: dt.date) -> Consent | None:
    rows = conn.execute(sa.select(t.consents).where(
        t.consents.c.person_id == person_id, t.consents.c.employer_id == employer_id)
        .order_by(t.consents.c.valid_from.desc(), t.consents.c.id.desc()))
    for consent in (from_row(r, Consent) for r in rows):
        if consent.in_force(on):
            return consent
    return None


_L = {
    "name": Label("氏名", "name"), "kana": Label("フリガナ", "kana"), "age": Label("年齢", "age"),
    "ward": Label("お住まいの区", "ward"), "stage": Label("自立段階", "autonomy stage"),
    "barriers": Label("就労に向けた課題", "barriers to work"),
}


def _items(uow: Unit, person: Person, category: DataCategory,
           on: dt.date, sources: dict[str, Any]) -> Iterable[SheetItem]:
    """Items of one category, from the cases this staff member may disclose from."""
    field = "sensitive" if category is DataCategory.HEALTH else "general"
    cases, pairs = sources[field], sources[f"{field}.programs"]
    if category is DataCategory.BASIC_PROFILE:
        yield SheetItem("name", _L["name"], person.name)
        yield SheetItem("kana", _L["kana"], person.kana)
        if person.birth_date:
            yield SheetItem("age", _L["age"], str(age_on(person.birth_date, on)))
        if person.ward:
            yield SheetItem("ward", _L["ward"], person.ward)
    elif category is DataCategory.WORK_HISTORY:
        for i, entry in enumerate(from_row(r, WorkHistoryEntry) for r in uow.conn.execute(
                sa.select(t.work_history).where(t.work_history.c.person_id == person.id)
                .order_by(t.work_history.c.started_on))):
            period = f"{entry.started_on}〜{entry.ended_on or ''}"
            yield SheetItem(f"job{i + 1}", Label(period, period),
                            " / ".join(x for x in (entry.employer_name, entry.employment_type,
                                                   entry.duties) if x))
    elif category in (DataCategory.ASSESSMENT_SUMMARY, DataCategory.HEALTH):
        yield from _assessment_items(uow.conn, cases, category)
    if category in (DataCategory.PROGRAM_PARTICIPATION, DataCategory.HEALTH):
        for row in uow.conn.execute(sa.select(t.enrollments).where(
                t.enrollments.c.case_id.in_(cases)).order_by(t.enrollments.c.enrolled_on)):
            if (row.case_id, row.program) not in pairs:
                continue  # that program's data is not this staff member's to give
            program = uow.registry.program(row.program)
            sensitive = program is None or program.sensitive_participation
            if sensitive != (category is DataCategory.HEALTH):
                continue  # a program that reveals health data goes under health only
            label = program.label if program else Label(row.program, row.program)
            yield SheetItem(f"program.{row.program}", label, f"{row.enrolled_on}〜")
    yield from _plugin_items(uow, person, category, cases, pairs)


def _assessment_items(conn: Connection, cases: list[int],
                      category: DataCategory) -> Iterable[SheetItem]:
    """The latest assessment: stage and barriers; health barriers only under ``health``."""
    from psccore.domain.catalogues import HEALTH_BARRIERS, AutonomyStage, Barrier

    row = conn.execute(sa.select(t.assessments).where(t.assessments.c.case_id.in_(cases))
                       .order_by(t.assessments.c.assessed_on.desc(),
                                 t.assessments.c.id.desc())).first()
    if row is None:
        return
    health = category is DataCategory.HEALTH
    if not health:
        yield SheetItem("stage", _L["stage"], AutonomyStage.of(row.autonomy_stage).label.text())
    barriers = [b for b in map(Barrier.of, row.barriers) if (b in HEALTH_BARRIERS) == health]
    if barriers:
        yield SheetItem("health_barriers" if health else "barriers", _L["barriers"],
                        "、".join(b.label.text() for b in barriers))


def _plugin_items(uow: Unit, person: Person, category: DataCategory,
                  cases: list[int], pairs: set[tuple[int, str]]) -> Iterable[SheetItem]:
    found: list[SheetItem] = []

    def may_disclose(case_id: int, program: str) -> bool:
        return (case_id, program) in pairs

    uow.registry.hooks.disclosure_items(
        person.id or 0, category.value, uow.conn, list(cases), may_disclose,
        lambda source, key, label, value: found.append(SheetItem(f"{source}.{key}", label,
                                                                 str(value))))
    return found


def collection_consented(ctx: Context, person_id: int, on: dt.date) -> bool:
    """Whether the person's consent to collect their health data is in force on ``on``
    and today, for a staff member who may read the person (a refusal is audited)."""
    from psccore.services.cases import collection_consented as in_force

    with ctx.read() as uow:
        found = access.for_person(uow, person_id, Action.READ)
        if not collect_visible(uow, found):  # refused as any person not one's to see
            raise Withheld(PERSON, person_id, staff=found.login, table="people",
                           action="read:sensitive", entity_id=person_id, person_id=person_id,
                           fields=["consent.collect"])
        return in_force(uow.conn, person_id, on, uow.today)


@attrs.frozen
class ConsentCheck:
    """Whether a consent to give the person's data to an employer holds on ``on``: the
    consent in force, or ``None`` and why not (none recorded, withdrawn, expired, not
    yet)."""

    person_id: int
    employer_id: int
    on: dt.date
    consent: Consent | None
    why_not: Label | None

    @property
    def holds(self) -> bool:
        """A consent in force allows the disclosure."""
        return self.consent is not None


def consent_to_disclose(ctx: Context, person_id: int, employer_id: int,
                        on: dt.date | None = None) -> ConsentCheck:
    """What :func:`introduce` would find, without giving or recording anything: the
    screen before an introduction says whether it can be made, or which consent is
    missing."""
    with ctx.read() as uow:
        access.for_person(uow, person_id, Action.READ)
        access.for_office(uow, Action.READ)
        get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        day = on or uow.today
        consent = _consent_in_force(uow.conn, person_id, employer_id, day)
        why = None if consent else _why_not(uow.conn, person_id, employer_id, day)
        return ConsentCheck(person_id, employer_id, day, consent, why)
