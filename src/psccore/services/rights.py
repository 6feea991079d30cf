"""A person's rights: everything held about them, and erasure after the retention period.

Erasure keeps what the statistics count (cases, programs, dates, placements, outcomes)
and removes or blanks everything that says who the person is or what they told us.
Records of disclosures must be kept for 3 years (APPI), so erasure waits for them too.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.domain.access import Action, FieldClass
from psccore.domain.cases import CaseStatus
from psccore.domain.consent import Consent, Disclosure, WorkHistoryEntry
from psccore.domain.convert import unstructure
from psccore.domain.employers import JobPreference
from psccore.domain.people import Person
from psccore.errors import ConfigurationError, InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context, Unit, WriteUnit
from psccore.services.people import PERSON
from psccore.store import tables as t
from psccore.store.db import from_row, get

DISCLOSURE_YEARS = 3
STILL_OPEN = Label("支援中のケースがあるため消去できません（ケース {cases}）",
                   "cannot erase: cases still open ({cases})")
TOO_SOON = Label("保存期間中のため {date} まで消去できません（{why}）",
                 "cannot erase before {date} ({why})")
WHY_RETENTION = Label("終結から{years}年", "{years} years after closure")
WHY_DISCLOSURE = Label("第三者提供の記録は3年間保存", "records of disclosure are kept 3 years")
ERASED = "（消去済み）"


#: Years a closed case's records are kept: the default, and the least an office may set
#: without ``PSC_RETENTION_OVERRIDE=1`` (see docs/security.md, "Retention and erasure").
RETENTION_FLOOR = 5
RETENTION_MOST = 100
BAD_RETENTION = Label(
    "PSC_RETENTION_YEARS={value} は使えません。{low}以上{high}以下の整数にしてください"
    "（{floor}年未満にするには PSC_RETENTION_OVERRIDE=1 も設定します）",
    "PSC_RETENTION_YEARS={value} cannot be used: give a whole number from {low} to {high} "
    "(below {floor} years only with PSC_RETENTION_OVERRIDE=1 as well)")


def retention_years() -> int:
    """Years a closed case is kept before erasure (``PSC_RETENTION_YEARS``, default and
    floor 5; 1 to 4 only with ``PSC_RETENTION_OVERRIDE=1``)."""
    raw = os.environ.get("PSC_RETENTION_YEARS", str(RETENTION_FLOOR)).strip()
    low = 1 if os.environ.get("PSC_RETENTION_OVERRIDE") == "1" else RETENTION_FLOOR
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= RETENTION_MOST:
        raise ConfigurationError(BAD_RETENTION, value=raw, low=low, high=RETENTION_MOST,
                                 floor=RETENTION_FLOOR)
    return int(raw)


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February: 1 March, so never a day short)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def export_person(ctx: Context, person_id: int) -> dict[str, Any]:
    """Everything held about one person, as plain data, and nothing about anyone else."""
    from psccore.services.placements import placements_of
    from psccore.services.transfer import export_case

    with ctx.read() as uow:
        found = access.for_person(uow, person_id, Action.EXPORT)
        person = get(uow.conn, t.people, Person, person_id, PERSON)
        case_ids = list(uow.conn.execute(sa.select(t.cases.c.id).where(
            t.cases.c.person_id == person_id).order_by(t.cases.c.id)).scalars())
        for case_id in case_ids:  # all or nothing: no export is audited for a refused one
            access.for_case(uow, case_id, Action.EXPORT)
        for program in access.person_programs(uow.conn, person_id) or []:
            # the whole of it, sensitive data included, or nothing: every program's right
            access.require(found, Action.EXPORT, FieldClass.SENSITIVE, [program],
                           access.PERSON_WHAT, entity="people", entity_id=person_id,
                           person_id=person_id,
                           named=access.nameable(uow.registry, found, [program]))

        def rows(table: sa.Table, cls: type[Any]) -> list[Any]:
            query = sa.select(table).where(table.c.person_id == person_id).order_by(table.c.id)
            return [unstructure(from_row(r, cls)) for r in uow.conn.execute(query)]

        held = {
            "person": unstructure(person),
            "consents": rows(t.consents, Consent),
            "disclosures": rows(t.disclosures, Disclosure),
            "work_history": rows(t.work_history, WorkHistoryEntry),
            "job_preferences": rows(t.job_preferences, JobPreference),
        }
        held["programs"] = _program_records(uow, person_id)
    held["cases"] = [unstructure(export_case(ctx, c)) for c in case_ids]
    held["placements"] = [unstructure(placements_of(ctx, c)) for c in case_ids]
    return held


def _program_records(uow: Unit, person_id: int) -> dict[str, Any]:
    """What each program keeps about the person in its own tables (``psc_export_person``)."""
    found: dict[str, Any] = {}
    uow.registry.hooks.export_person(person_id, uow.conn, lambda source, key, data: found.setdefault(
        source, {}).__setitem__(key, unstructure(data)))
    return found


@attrs.frozen
class ErasurePlan:
    """What erasing a person removes or blanks (rows by table), and whether it was done
    or only tried (a dry run)."""

    person_id: int
    changes: dict[str, int]  # table → rows removed or blanked
    done: bool


class _DryRun(Exception):
    """Leaves the erasure transaction so that it rolls back, carrying what it did."""

    def __init__(self, plan: ErasurePlan) -> None:
        self.plan = plan


def erase_person(ctx: Context, person_id: int, *, dry_run: bool = True,
                 today: dt.date | None = None) -> ErasurePlan:
    """Erase a person after their cases closed and the retention periods ended.

    With ``dry_run`` (the default) the erasure runs and is rolled back, to say what
    would change.
    """
    try:
        with ctx.write() as uow:
            today = today or uow.today
            access.for_managers(uow, "people")
            get(uow.conn, t.people, Person, person_id, PERSON)
            _check_may_erase(uow.conn, person_id, today)
            changes = _erase(uow, person_id)
            if dry_run:
                raise _DryRun(ErasurePlan(person_id, changes, False))
            uow.tx.audit("erase", "people", person_id, person_id=person_id, fields=sorted(changes))
    except _DryRun as dry:
        return dry.plan
    ctx.db.compact()  # old page images must not keep what was erased
    return ErasurePlan(person_id, changes, True)


def _check_may_erase(conn: sa.Connection, person_id: int, today: dt.date) -> None:
    cases = conn.execute(sa.select(t.cases).where(t.cases.c.person_id == person_id)).all()
    still_open = [c.id for c in cases if c.status == CaseStatus.OPEN.value]
    if still_open:
        raise InvalidInput([Problem("$.person_id", STILL_OPEN,
                                    {"cases": ", ".join(map(str, still_open))})])
    closed = max((c.closed_on for c in cases if c.closed_on), default=None)
    if closed is not None:
        until = years_after(closed, retention_years())
        if today < until:
            raise InvalidInput([Problem("$.person_id", TOO_SOON, {
                "date": until, "why": WHY_RETENTION.format(years=retention_years())})])
    last = conn.execute(sa.select(sa.func.max(t.disclosures.c.on))
                        .where(t.disclosures.c.person_id == person_id)).scalar()
    if last is not None and today < years_after(last, DISCLOSURE_YEARS):
        raise InvalidInput([Problem("$.person_id", TOO_SOON, {
            "date": years_after(last, DISCLOSURE_YEARS), "why": WHY_DISCLOSURE})])


def _erase(uow: WriteUnit, person_id: int) -> dict[str, int]:
    tx = uow.tx
    uow.registry.hooks.erase_person(person_id, tx)
    conn = tx.conn
    cases = sa.select(t.cases.c.id).where(t.cases.c.person_id == person_id)
    plans = sa.select(t.plans.c.id).where(t.plans.c.case_id.in_(cases))
    internships = sa.select(t.internships.c.id).where(t.internships.c.case_id.in_(cases))
    people = sa.select(t.people.c.id).where(t.people.c.id == person_id)
    steps: list[tuple[sa.Table, Any, dict[str, Any] | None]] = [
        (t.people, t.people.c.id.in_(people), dict(
            name=f"{ERASED}{person_id}", kana="ショウキョズミ", birth_date=None, phone=None,
            email=None, postal_code=None, address=None)),
        (t.enrollments, t.enrollments.c.case_id.in_(cases), dict(intake={})),
        (t.assessments, t.assessments.c.case_id.in_(cases), dict(
            ratings=[], barrier_notes=None, summary=None)),
        (t.plans, t.plans.c.id.in_(plans), dict(
            wishes=None, problems=None, long_term_goal=ERASED, points_of_care=None)),
        (t.plan_goals, t.plan_goals.c.plan_id.in_(plans), dict(text=ERASED)),
        (t.plan_steps, t.plan_steps.c.plan_id.in_(plans), dict(note=None)),
        (t.meeting_decisions, t.meeting_decisions.c.plan_id.in_(plans), dict(reason=None)),
        (t.support_records, t.support_records.c.case_id.in_(cases), dict(summary=ERASED)),
        (t.evaluations, t.evaluations.c.plan_id.in_(plans), dict(results=[], note=None)),
        (t.internships, t.internships.c.id.in_(internships), dict(host_evaluation=None)),
        (t.internship_attendance, t.internship_attendance.c.internship_id.in_(internships),
         dict(note=None)),
        (t.retention_checks, t.retention_checks.c.employment_id.in_(
            sa.select(t.employments.c.id).where(t.employments.c.case_id.in_(cases))),
         dict(note=None)),
        (t.income_changes, t.income_changes.c.case_id.in_(cases), dict(note=None)),
        (t.cases, t.cases.c.id.in_(cases), dict(closure_note=None)),
        (t.work_history, t.work_history.c.person_id == person_id, None),
        (t.job_preferences, t.job_preferences.c.person_id == person_id, None),
        (t.disclosures, t.disclosures.c.person_id == person_id, None),
        (t.consents, t.consents.c.person_id == person_id, None),
    ]
    changes = {}
    for table, where, values in steps:  # None: the rows are removed
        ids = list(conn.execute(sa.select(table.c.id).where(where)).scalars())
        if not ids:
            continue
        chosen = table.c.id.in_(ids)
        conn.execute(table.delete().where(chosen) if values is None
                     else table.update().where(chosen).values(**values))
        tx.record("erase", table, ids, person_id=person_id, fields=sorted(values or {}))
        changes[table.name] = len(ids)
    return changes
