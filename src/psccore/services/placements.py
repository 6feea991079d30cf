"""Placements: internships with daily attendance, certified training, employment
outcomes with retention follow-ups; and the employment-support statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.dates import fiscal_year, fiscal_year_range
from psccore.domain.access import Action
from psccore.domain.cases import Case
from psccore.domain.convert import structure
from psccore.domain.employers import Employer, PartnerRole
from psccore.domain.placements import (
    RETENTION_MONTHS,
    STATISTICS_ROWS,
    Attendance,
    Employment,
    FollowUpItem,
    FollowUpKind,
    IncomeChange,
    Internship,
    PlacementKind,
    RetentionCheck,
    Training,
    add_months,
    default_follow_ups,
)
from psccore.domain.workflow import Plan, Step
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE
from psccore.services.context import Context, WriteUnit
from psccore.services.employers import EMPLOYER
from psccore.services.workflow_rules import PLAN, STEP, dates_within, open_case_for_update
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row, get

INTERNSHIP = Label("職業体験実習", "internship")
EMPLOYMENT = Label("就労", "employment")
CHECK = Label("定着支援", "retention follow-up")
NO_ROLE = Label("{employer} は {date} に「{role}」の協力事業所ではありません（psc employer role）",
                "{employer} is not a partner as {role} on {date} (psc employer role)")
STEP_OF_OTHER_CASE = Label("ステップ {step} はこのケースのものではありません",
                           "step {step} does not belong to this case")
OUTSIDE = Label("実習期間（{start}〜{end}）の外の日付です",
                "is outside the internship ({start} to {end})")
ALREADY_DONE = Label("この定着支援はすでに記録されています", "this follow-up is already recorded")


def _check_step(tx: Transaction, case_id: int, step_id: int | None) -> None:
    if step_id is None:
        return
    step = get(tx.conn, t.plan_steps, Step, step_id, STEP)
    plan = get(tx.conn, t.plans, Plan, step.plan_id, PLAN)
    if plan.case_id != case_id:
        raise InvalidInput([Problem("$.step_id", STEP_OF_OTHER_CASE, {"step": step_id})])


def _check_partner(conn: Connection, employer_id: int, role: PartnerRole, on: dt.date,
                   path: str) -> None:
    employer = get(conn, t.employers, Employer, employer_id, EMPLOYER)
    r = t.employer_roles
    in_force = conn.execute(sa.select(r.c.id).where(
        r.c.employer_id == employer_id, r.c.role == role.value, r.c.since <= on,
        sa.or_(r.c.until.is_(None), r.c.until >= on))).first()
    if in_force is None:
        raise InvalidInput([Problem(path, NO_ROLE, {"employer": employer.name, "date": on,
                                                    "role": role.label})])


def add_internship(ctx: Context, case_id: int, data: Mapping[str, Any]) -> Internship:
    """職業体験実習 at a partner host: 5–20 days within its period."""
    internship = structure({**data, "case_id": case_id}, Internship)
    with ctx.write() as uow:
        access.for_case(uow, case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, case_id)
        _check_step(uow.tx, case_id, internship.step_id)
        _check_partner(uow.conn, internship.host_id, PartnerRole.INTERNSHIP_HOST,
                       internship.start_on, "$.host_id")
        internship = uow.tx.insert(t.internships, internship, person_id=case.person_id)
        _schedule(uow, case, PlacementKind.INTERNSHIP, internship.id or 0, internship.step_id,
                  internship.start_on, internship.end_on)
        return internship


def _schedule(uow: WriteUnit, case: Case, kind: PlacementKind, placement_id: int,
              step_id: int | None, start: dt.date, end: dt.date) -> None:
    """The placement's follow-ups: the first program of the case (the step's first)
    that gives its own schedule, else core's template."""
    plan = _program_schedule(uow, case, kind, step_id, start, end)
    for follow_up, due in default_follow_ups(start, end) if plan is None else plan:
        uow.tx.insert(t.follow_ups, FollowUpItem(
            case_id=case.id or 0, placement=kind, placement_id=placement_id,
            kind=follow_up if isinstance(follow_up, FollowUpKind) else FollowUpKind.of(follow_up),
            due_on=due, staff_id=case.assigned_staff_id),
            person_id=case.person_id)


def _program_schedule(uow: WriteUnit, case: Case, kind: PlacementKind, step_id: int | None,
                      start: dt.date, end: dt.date) -> list[tuple[Any, dt.date]] | None:
    codes = list(uow.conn.execute(sa.select(t.enrollments.c.program).where(
        t.enrollments.c.case_id == case.id).order_by(t.enrollments.c.enrolled_on,
                                                      t.enrollments.c.id)).scalars())
    if step_id is not None:
        first = uow.conn.execute(sa.select(t.plan_steps.c.program).where(
            t.plan_steps.c.id == step_id)).scalar()
        codes = sorted(codes, key=lambda code: code != first)
    for code in codes:
        program = uow.registry.program(code)
        plan = program.follow_up_schedule(kind.value, start, end) if program else None
        if plan is not None:
            return list(plan)
    return None


FOLLOW_UP = Label("フォローアップ", "follow-up")


def record_follow_up(ctx: Context, item_id: int, on: dt.date | None = None,
                     note: str | None = None) -> FollowUpItem:
    """A placement's follow-up done (by the acting staff member)."""
    with ctx.write() as uow:
        staff = uow.acting()
        before = get(uow.conn, t.follow_ups, FollowUpItem, item_id, FOLLOW_UP)
        access.for_case(uow, before.case_id, Action.WRITE)
        if before.done_on is not None:
            raise InvalidInput([Problem("$.item_id", ALREADY_DONE)])
        case = get(uow.conn, t.cases, Case, before.case_id, CASE)
        after = attrs.evolve(before, done_on=on or uow.today, note=note, staff_id=staff.id)
        return uow.tx.update(t.follow_ups, before, after, person_id=case.person_id)


def record_attendance(ctx: Context, internship_id: int, data: Mapping[str, Any]) -> Attendance:
    with ctx.write() as uow:
        internship = get(uow.conn, t.internships, Internship, internship_id, INTERNSHIP)
        access.for_case(uow, internship.case_id, Action.WRITE)
        day = structure({**data, "internship_id": internship_id}, Attendance)
        if not internship.start_on <= day.on <= internship.end_on:
            raise InvalidInput([Problem("$.on", OUTSIDE, {"start": internship.start_on,
                                                          "end": internship.end_on})])
        case = get(uow.conn, t.cases, Case, internship.case_id, CASE)
        return uow.tx.insert(t.internship_attendance, day, person_id=case.person_id)


def evaluate_internship(ctx: Context, internship_id: int, text: str) -> Internship:
    """The host's evaluation (実習先の評価)."""
    with ctx.write() as uow:
        before = get(uow.conn, t.internships, Internship, internship_id, INTERNSHIP)
        access.for_case(uow, before.case_id, Action.WRITE)
        after = structure({**attrs.asdict(before), "host_evaluation": text,
                           "start_on": before.start_on.isoformat(),
                           "end_on": before.end_on.isoformat()}, Internship)
        case = get(uow.conn, t.cases, Case, before.case_id, CASE)
        return uow.tx.update(t.internships, before, after, person_id=case.person_id)


def add_training(ctx: Context, case_id: int, data: Mapping[str, Any]) -> Training:
    """認定就労訓練 at a certified provider, 3 to 6 months."""
    training = structure({**data, "case_id": case_id}, Training)
    with ctx.write() as uow:
        access.for_case(uow, case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, case_id)
        _check_step(uow.tx, case_id, training.step_id)
        _check_partner(uow.conn, training.provider_id, PartnerRole.TRAINING_PROVIDER,
                       training.start_on, "$.provider_id")
        training = uow.tx.insert(t.trainings, training, person_id=case.person_id)
        if training.certified:
            _schedule(uow, case, PlacementKind.TRAINING, training.id or 0, training.step_id,
                      training.start_on, training.end_on)
        return training


def add_employment(ctx: Context, case_id: int, data: Mapping[str, Any]) -> Employment:
    """A job obtained; follow-ups are scheduled 1, 3 and 6 months after it starts."""
    employment = structure({**data, "case_id": case_id}, Employment)
    with ctx.write() as uow:
        access.for_case(uow, case_id, Action.WRITE)
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        _check_step(uow.tx, case_id, employment.step_id)
        if employment.employer_id is not None:
            get(uow.conn, t.employers, Employer, employment.employer_id, EMPLOYER)
        employment = uow.tx.insert(t.employments, employment, person_id=case.person_id)
        for month in RETENTION_MONTHS:
            uow.tx.insert(t.retention_checks, RetentionCheck(
                employment_id=employment.id or 0, month=month,
                due_on=add_months(employment.start_on, month)), person_id=case.person_id)
        return employment


def add_income_change(ctx: Context, case_id: int, data: Mapping[str, Any]) -> IncomeChange:
    """A check of the person's monthly earned income (a rise is 増収)."""
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_case(uow, case_id, Action.WRITE)
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        change = structure({**data, "case_id": case_id, "staff_id": staff.id}, IncomeChange)
        if problems := dates_within("$.on", change.on, case.opened_on, uow.today):
            raise InvalidInput(problems)
        return uow.tx.insert(t.income_changes, change, person_id=case.person_id)


def record_retention(ctx: Context, check_id: int, data: Mapping[str, Any]) -> RetentionCheck:
    with ctx.write() as uow:
        before = get(uow.conn, t.retention_checks, RetentionCheck, check_id, CHECK)
        job = get(uow.conn, t.employments, Employment, before.employment_id, EMPLOYMENT)
        access.for_case(uow, job.case_id, Action.WRITE)
        if before.done_on is not None:
            raise InvalidInput([Problem("$.check_id", ALREADY_DONE)])
        after = structure({**attrs.asdict(before), "due_on": before.due_on.isoformat(),
                           "done_on": uow.today.isoformat(), **data}, RetentionCheck)
        employment = get(uow.conn, t.employments, Employment, before.employment_id, EMPLOYMENT)
        case = get(uow.conn, t.cases, Case, employment.case_id, CASE)
        return uow.tx.update(t.retention_checks, before, after, person_id=case.person_id)


@attrs.frozen
class CasePlacements:
    """A case's placements: internships with their attendance, trainings, employments
    with their retention checks, income changes and follow-ups."""

    internships: list[Internship]
    attendance: dict[int, list[Attendance]]
    trainings: list[Training]
    employments: list[Employment]
    retention: dict[int, list[RetentionCheck]]
    income_changes: list[IncomeChange] = attrs.field(factory=list)
    follow_ups: list[FollowUpItem] = attrs.field(factory=list)


def placements_of(ctx: Context, case_id: int) -> CasePlacements:
    with ctx.read() as uow:
        access.for_case(uow, case_id, Action.READ)

        def rows(table: sa.Table, cls: type[Any], where: Any, *order: Any) -> list[Any]:
            return [from_row(r, cls) for r in uow.conn.execute(
                sa.select(table).where(where).order_by(*order))]

        internships = rows(t.internships, Internship, t.internships.c.case_id == case_id,
                           t.internships.c.start_on)
        employments = rows(t.employments, Employment, t.employments.c.case_id == case_id,
                           t.employments.c.start_on)
        a, rc = t.internship_attendance, t.retention_checks
        return CasePlacements(
            internships,
            {i.id: rows(a, Attendance, a.c.internship_id == i.id, a.c.on) for i in internships},
            rows(t.trainings, Training, t.trainings.c.case_id == case_id, t.trainings.c.start_on),
            employments,
            {e.id: rows(rc, RetentionCheck, rc.c.employment_id == e.id, rc.c.month)
             for e in employments},
            rows(t.income_changes, IncomeChange, t.income_changes.c.case_id == case_id,
                 t.income_changes.c.on),
            rows(t.follow_ups, FollowUpItem, t.follow_ups.c.case_id == case_id,
                 t.follow_ups.c.due_on, t.follow_ups.c.id),
        )


# --- statistics -----------------------------------------------------------------------------

@attrs.frozen
class EmploymentYear:
    """One fiscal year of the seed's table (職業体験実習及び就労訓練事業の実績)."""

    fiscal_year: int
    internship_hosts: int  # 職業体験実習 協力事業所数
    internships: int  # 職業体験実習 実施件数
    employed_after_internship: int  # 実習後に就労決定した者
    training_providers: int  # 就労訓練事業所数
    trainings: int  # 就労訓練実施件数


ROWS = STATISTICS_ROWS


def employment_statistics(ctx: Context, from_fy: int, to_fy: int) -> list[EmploymentYear]:
    """Counts per fiscal year (April–March). Definitions: docs/reports.md."""
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return [_year(uow.conn, fy) for fy in range(from_fy, to_fy + 1)]


def _year(conn: Connection, fy: int) -> EmploymentYear:
    return placement_counts(conn, *fiscal_year_range(fy))


def partners(conn: Connection, role: PartnerRole, start: dt.date, end: dt.date) -> int:
    """Employers with ``role`` in force on at least one day of the period."""
    r = t.employer_roles
    return int(conn.execute(sa.select(sa.func.count(sa.distinct(r.c.employer_id))).where(
        r.c.role == role.value, r.c.since <= end,
        sa.or_(r.c.until.is_(None), r.c.until >= start))).scalar_one())


def placement_counts(conn: Connection, start: dt.date, end: dt.date,
                     held: Callable[[Any, Any], Any] = lambda case, day: sa.true()
                     ) -> EmploymentYear:
    """The table's figures for any period (labelled with the fiscal year it starts in);
    ``held(case, day)``: only internships and trainings of cases held that day by the
    offices reported on (a report by office)."""
    i, tr, e = t.internships, t.trainings, t.employments

    def started(table: sa.Table, *only: Any) -> int:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(
            table.c.start_on.between(start, end), held(table.c.case_id, table.c.start_on),
            *only)).scalar_one())

    intern_case, job_case = t.cases.alias("intern_case"), t.cases.alias("job_case")
    employed = conn.execute(
        sa.select(sa.func.count(sa.distinct(intern_case.c.person_id)))
        .select_from(i.join(intern_case, intern_case.c.id == i.c.case_id))
        .join(job_case, job_case.c.person_id == intern_case.c.person_id)
        .join(e, e.c.case_id == job_case.c.id)
        .where(i.c.start_on.between(start, end), e.c.start_on >= i.c.start_on,
               held(i.c.case_id, i.c.start_on))
    ).scalar_one()
    return EmploymentYear(fiscal_year(start),
                          partners(conn, PartnerRole.INTERNSHIP_HOST, start, end), started(i),
                          int(employed), partners(conn, PartnerRole.TRAINING_PROVIDER, start, end),
                          started(tr, tr.c.certified))
