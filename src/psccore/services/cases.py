"""Cases: open one for a person in a program, enroll it in more, look them up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.dates import parse_date
from psccore.domain.access import Action, FieldClass, Grants
from psccore.domain.cases import Case, CaseAssignment, CaseStatus, Enrollment
from psccore.domain.consent import Consent, ConsentKind, DataCategory
from psccore.domain.convert import structure, unstructure
from psccore.domain.people import Person
from psccore.domain.program import CaseEventKind, Program
from psccore.domain.rules import info
from psccore.errors import InvalidInput, NotFound, Problem, RuleViolation
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE, emit
from psccore.services.context import Context, Unit, WriteUnit
from psccore.services.people import PERSON
from psccore.services.sensitive import (
    audit_reads,
    open_for,
    seal,
    sensitive_fields,
    unseal,
    without_sealed,
)
from psccore.store import tables as t
from psccore.store.db import from_row, get
from psccore.store.sql import among

UNKNOWN_PROGRAM = Label(
    "事業 {code} は登録されていません（登録済み: {known}）",
    "program {code} is not registered (registered: {known})",
)
ALREADY_ENROLLED = Label("このケースはすでに {program} を利用しています",
                         "this case is already enrolled in {program}")
CASE_CLOSED = Label("終結したケースには追加できません", "the case is closed")
BEFORE_OPENED = Label("ケースの受付日より前です", "is before the case was opened")
STILL_OPEN = Label("ケースはまだ終結していません", "the case is still open")
REOPENED_ALREADY = Label("このケースはすでにケース {id} として再開されています",
                         "this case was already re-opened as case {id}")
IN_FUTURE = Label("未来の日付は入力できません", "cannot be in the future")
BEFORE_CLOSED = Label("前のケースの終結日より前です", "is before the earlier case was closed")


@attrs.frozen
class CaseDetail:
    """A case as the reader may see it: the person, the enrollments they may read, and
    what was withheld (programs and sensitive fields) or added by each program."""

    case: Case
    person: Person
    enrollments: list[Enrollment]
    hidden_programs: list[str] = attrs.field(factory=list)  # answers not the reader's to see
    masked_fields: list[str] = attrs.field(factory=list)  # sensitive answers withheld
    #: what each program adds (``psc_case_summary``): program code → lines.
    program_facts: dict[str, list[ProgramFact]] = attrs.field(factory=dict)
    #: the name of the case's caseworker (``None``: nobody assigned, or not read here)
    caseworker: str | None = None


@attrs.frozen
class ProgramFact:
    """One line a program adds to a case, e.g. an attendance rate."""

    label: Label
    value: object


def program_of(ctx: Context | Unit, code: str) -> Program:
    program = ctx.registry.program(code)
    if program is None:
        known = ", ".join(ctx.registry.programs) or "-"
        raise InvalidInput([Problem("$.program", UNKNOWN_PROGRAM, {"code": code, "known": known})])
    return program


def check_intake(ctx: Context | Unit, code: str, person: Person, intake: Mapping[str, Any],
                 on: dt.date) -> dict[str, Any]:
    """Validate intake answers with the program's class and eligibility; return plain data."""
    program = program_of(ctx, code)
    answers: Any = structure(dict(intake), program.intake)
    if program.eligibility is not None:
        problems = list(program.eligibility(person, answers, on))
        if problems:
            raise InvalidInput(problems)
    plain: dict[str, Any] = unstructure(answers)
    return plain


def open_case(ctx: Context, person_id: int, program: str, intake: Mapping[str, Any],
              opened_on: dt.date | str | None = None, office: str | None = None
              ) -> CaseDetail:
    """Open a case for a person in a program, after its intake answers pass its checks;
    at ``office`` (by name), or the only office of the person's organisation where the
    staff member may write to the program. ``opened_on`` may be a date as typed (read
    as every date is, its problem reported with the others)."""
    from psccore.services.offices import begin_stay, office_for_new_case

    with ctx.write() as uow:
        # every wrong answer at once: the date, the office and the intake's
        problems, day = _day_as_typed(opened_on, "$.opened_on")
        opened_on = day or uow.today
        if opened_on > uow.today:
            problems.append(Problem("$.opened_on", IN_FUTURE))
        staff = uow.acting()
        access.for_person(uow, person_id, Action.WRITE)
        person = get(uow.conn, t.people, Person, person_id, PERSON)
        try:
            at = office_for_new_case(uow, office, program, person.organisation_id).id or 0
            _may_enroll(uow, program, person_id, at)
        except InvalidInput as wrong:
            problems += wrong.problems
        try:
            answers = check_intake(uow, program, person, intake, opened_on)
        except InvalidInput as wrong:
            problems += wrong.problems
        if problems:
            raise InvalidInput(problems)
        case = uow.tx.insert(t.cases, Case(person_id=person_id, opened_on=opened_on,
                                           assigned_staff_id=staff.id, office_id=at))
        begin_stay(uow, case, opened_on)
        emit(uow, CaseEventKind.OPENED, case)
        enrollment = _enroll(uow, case, program, answers, opened_on)
        return CaseDetail(case, person, [enrollment], caseworker=staff.name)


def _day_as_typed(day: dt.date | str | None, path: str) -> tuple[list[Problem], dt.date | None]:
    """A date given as a date or as typed: the date, or the problem of reading it."""
    if not isinstance(day, str):
        return [], day
    try:
        return [], parse_date(day) if day.strip() else None
    except RuleViolation as bad:
        return [Problem(path, bad.message, bad.params)], None


def enroll(ctx: Context, case_id: int, program: str, intake: Mapping[str, Any],
           enrolled_on: dt.date | None = None) -> CaseDetail:
    """Take an open case into one more program."""
    with ctx.write() as uow:
        enrolled_on = enrolled_on or uow.today
        if enrolled_on > uow.today:
            raise InvalidInput([Problem("$.enrolled_on", IN_FUTURE)])
        found = access.for_case(uow, case_id, Action.WRITE)
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        _may_enroll(uow, program, case.person_id, case.office_id)
        if case.status is not CaseStatus.OPEN:
            raise InvalidInput([Problem("$.case", CASE_CLOSED)])
        if enrolled_on < case.opened_on:
            raise InvalidInput([Problem("$.enrolled_on", BEFORE_OPENED)])
        person = get(uow.conn, t.people, Person, case.person_id, PERSON)
        answers = check_intake(uow, program, person, intake, enrolled_on)
        _enroll(uow, case, program, answers, enrolled_on)
        detail, read, _ = _detail(uow, case, found)
    audit_reads(ctx, found.login, case.person_id, read)
    return detail


def _may_enroll(uow: Unit, program: str, person_id: int | None,
                office: int | None = None) -> None:
    """Enrolling writes the program's answers, sensitive ones too if it has any (in the
    office holding the case)."""
    found = program_of(uow, program)
    access.for_program(uow, program, Action.WRITE, person_id=person_id, office=office)
    if sensitive_fields(found):
        access.for_program(uow, program, Action.WRITE, FieldClass.SENSITIVE, person_id,
                           office)


def _enroll(uow: WriteUnit, case: Case, program: str, answers: dict[str, Any],
            on: dt.date) -> Enrollment:
    taken = uow.conn.execute(
        sa.select(t.enrollments.c.id).where(t.enrollments.c.case_id == case.id,
                                             t.enrollments.c.program == program)
    ).first()
    if taken:
        raise InvalidInput([Problem("$.program", ALREADY_ENROLLED, {"program": program})])
    found = program_of(uow, program)
    check_collection(uow.conn, found, case.person_id, answers, on, uow.today)
    enrollment = uow.tx.insert(  # sealed answers are bound to the row: sealed once it is
        t.enrollments,
        Enrollment(case_id=case.id or 0, program=program, enrolled_on=on,
                   intake=without_sealed(found, answers)),
        person_id=case.person_id,
        sealed=lambda new_id: {"intake": seal(uow, found, answers, new_id)},
    )
    enrollment = attrs.evolve(enrollment, intake=answers)  # programs hear the answers
    emit(uow, CaseEventKind.ENROLLED, case, enrollment)
    return enrollment


def get_case(ctx: Context, case_id: int) -> CaseDetail:
    """A case as the acting staff member may see it: another program's answers hidden,
    sensitive answers shown only to those allowed, and each such showing audited."""
    with ctx.read() as uow:
        found = access.for_case(uow, case_id, Action.READ)
        detail, read, withheld = _detail(uow, get(uow.conn, t.cases, Case, case_id, CASE),
                                         found)
        detail = attrs.evolve(detail, program_facts=_facts(uow, detail))
    audit_reads(ctx, found.login, detail.person.id or 0, read)
    audit_reads(ctx, found.login, detail.person.id or 0, withheld, action="refuse")
    return detail


def _facts(uow: Unit, detail: CaseDetail) -> dict[str, list[ProgramFact]]:
    """Each program's own lines about the enrollments the reader may see."""
    facts: dict[str, list[ProgramFact]] = {}
    for enrollment in detail.enrollments:
        if enrollment.program in detail.hidden_programs:
            continue
        lines = facts.setdefault(enrollment.program, [])
        uow.registry.hooks.case_summary(enrollment, uow.conn, _adder(lines))
    return {code: lines for code, lines in facts.items() if lines}


def _adder(lines: list[ProgramFact]) -> Callable[[Label, object], None]:
    return lambda label, value: lines.append(ProgramFact(label, value))


NO_COLLECT_CONSENT = Label(
    "要配慮個人情報（{fields}）を記録するには、先に本人の取得の同意を記録してください"
    "（psc consent add {person} --collect --category health …）",
    "recording sensitive data ({fields}) needs the person's consent to collect it, "
    "recorded first (psc consent add {person} --collect --category health …)")


def check_collection(conn: sa.Connection, program: Program, person_id: int,
                     answers: Mapping[str, Any], on: dt.date, now: dt.date | None = None
                     ) -> None:
    """Sensitive answers of such a program need a consent to collect in force on ``on``
    and, for new records, still in force ``now`` (back-dating gets round no withdrawal)."""
    given = [n for n in sensitive_fields(program) if answers.get(n) not in (None, "", [])]
    if not program.consent_to_collect or not given:
        return
    if not collection_consented(conn, person_id, on, now):
        labels = {a.name: found.label for a in attrs.fields(program.intake)
                  if (found := info(a))}
        shown = [labels.get(n, Label(n, n)) for n in given]  # each language its own labels
        raise ConsentMissing([Problem(f"$.{given[0]}", NO_COLLECT_CONSENT, {
            "fields": Label("、".join(x.ja for x in shown), ", ".join(x.en for x in shown)),
            "person": person_id})])


class ConsentMissing(InvalidInput):
    """Sensitive answers without the person's consent to collect them: not allowed
    (exit 5, as every refusal for a missing consent), whatever else was typed."""

    exit_code = 5


def collection_consented(conn: sa.Connection, person_id: int, on: dt.date,
                         now: dt.date | None = None) -> bool:
    """Whether the person's consent to collect health data is in force on ``on`` (and
    ``now``, when given)."""
    rows = conn.execute(sa.select(t.consents).where(
        t.consents.c.person_id == person_id, t.consents.c.kind == ConsentKind.COLLECT.value))
    return any(c.in_force(on) and (now is None or c.in_force(now))
               and DataCategory.HEALTH in c.categories
               for c in (from_row(r, Consent) for r in rows))


def _stored(conn: sa.Connection, case: Case) -> CaseDetail:
    """A case with its enrollments as stored (sensitive answers sealed)."""
    person = get(conn, t.people, Person, case.person_id, PERSON)
    rows = conn.execute(sa.select(t.enrollments).where(t.enrollments.c.case_id == case.id))
    return CaseDetail(case, person, [from_row(r, Enrollment) for r in rows])


Fields = list[tuple[int, list[str]]]  # (enrollment id, field names)


def _detail(uow: Unit, case: Case, found: Grants) -> tuple[CaseDetail, Fields, Fields]:
    """The case as ``found`` may see it, the sensitive fields shown (to audit as read),
    and those withheld (to audit as refused)."""
    person = get(uow.conn, t.people, Person, case.person_id, PERSON)
    rows = uow.conn.execute(sa.select(t.enrollments).where(t.enrollments.c.case_id == case.id)
                            .order_by(t.enrollments.c.program))
    enrollments, hidden, masked, read, withheld = [], [], [], [], []
    for enrollment in (from_row(r, Enrollment) for r in rows):
        if not access.participation_visible(uow.registry, found, enrollment.program):
            withheld.append((enrollment.id or 0, ["participation"]))
            continue  # taking part in it is itself health data
        shown = open_for(uow, found, uow.registry.program(enrollment.program), enrollment)
        enrollments.append(attrs.evolve(enrollment, intake=shown.intake))
        if shown.hidden:
            hidden.append(enrollment.program)
        masked += [f"{enrollment.program}.{f}" for f in shown.masked]
        read.append((enrollment.id or 0, shown.read))
        withheld.append((enrollment.id or 0, shown.masked))
    caseworker = None if case.assigned_staff_id is None else uow.conn.execute(
        sa.select(t.staff.c.name).where(t.staff.c.id == case.assigned_staff_id)).scalar()
    return CaseDetail(case, person, enrollments, hidden, masked, caseworker=caseworker), \
        read, withheld


@attrs.frozen
class CaseSummary:
    """A case in a list: the case, its person's name and the programs (codes) of its
    enrollments that the staff member may see."""

    case: Case
    person_name: str
    programs: list[str]


@attrs.frozen
class CasePage:
    """One page of the case list: its cases, how many there are in all (counted up to
    ``COUNT_CAP``: ``capped`` when there are more) and the case to continue after."""

    cases: list[CaseSummary]
    total: int
    capped: bool
    after: int | None  # the last case shown, when there may be more


COUNT_CAP = 10_000  # counting every one of 100,000 cases would cost as much as listing them


def list_cases(ctx: Context, *, program: str | None = None, status: CaseStatus | None = None,
               person_id: int | None = None, limit: int = 200,
               after: int | None = None,
               assigned_staff_id: int | None = None,
               person_ids: Sequence[int] | None = None) -> list[CaseSummary]:
    """Cases, newest first, with their person's name and programs (one query each); after
    the case ``after`` (keyset paging: the next page starts where the last one ended);
    ``assigned_staff_id``: only the cases given to that staff member; ``person_ids``: only
    those of these people (bound as one parameter)."""
    return case_page(ctx, program=program, status=status, person_id=person_id, limit=limit,
                     after=after, count=False, assigned_staff_id=assigned_staff_id,
                     person_ids=person_ids).cases


def case_page(ctx: Context, *, program: str | None = None, status: CaseStatus | None = None,
              person_id: int | None = None, limit: int = 50, after: int | None = None,
              count: bool = True, assigned_staff_id: int | None = None,
              person_ids: Sequence[int] | None = None) -> CasePage:
    """A page of :func:`list_cases`, with the count of all the cases it pages through."""
    c = t.cases
    query = sa.select(c, t.people.c.name.label("person_name")).join(
        t.people, t.people.c.id == c.c.person_id)
    if program:
        query = query.where(_enrolled(c.c.id, [program]))
    if status:
        # a staff member's cases are found by their index (staff, status): compared
        # through coalesce, the status alone (most cases are open) is no index to take
        chosen = sa.func.coalesce(c.c.status, "") if assigned_staff_id else c.c.status
        query = query.where(chosen == status.value)
    if person_id:
        query = query.where(c.c.person_id == person_id)
    if person_ids is not None:
        query = query.where(among(c.c.person_id, person_ids))
    if assigned_staff_id:
        query = query.where(c.c.assigned_staff_id == assigned_staff_id)
    with ctx.read() as uow:
        found = uow.grants()
        seen = access.seen_programs(uow.registry, found)
        if seen is not None and program and program not in seen:
            return CasePage([], 0, False, None)  # a hidden program must not tell who
        if (visible := access.visible_cases(uow.registry, found)) is not None:
            query = query.where(visible)
        total = _capped_count(uow.conn, query) if count else 0
        if after is not None:
            last = sa.select(c.c.opened_on).where(c.c.id == after).scalar_subquery()
            query = query.where(sa.or_(c.c.opened_on < last,
                                       sa.and_(c.c.opened_on == last, c.c.id < after)))
        rows = uow.conn.execute(query.order_by(c.c.opened_on.desc(), c.c.id.desc())
                                .limit(limit)).all()
        ids = [r.id for r in rows]
        programs: dict[int, list[str]] = {i: [] for i in ids}
        for case_id, code in uow.conn.execute(
            sa.select(t.enrollments.c.case_id, t.enrollments.c.program)
            .where(among(t.enrollments.c.case_id, ids)).order_by(t.enrollments.c.program)
        ):
            programs[case_id].append(code)
        held = {r.id: r.office_id for r in rows}
        programs = {i: [code for code in codes if access.participation_visible(
            uow.registry, found.at(held[i]), code)] for i, codes in programs.items()}
    cases = [CaseSummary(from_row(r, Case, t.cases), r.person_name, programs[r.id]) for r in rows]
    return CasePage(cases, total, total > COUNT_CAP,
                    ids[-1] if len(ids) == limit else None)


def _enrolled(case_id: Any, programs: list[str]) -> Any:
    """The case is enrolled in one of ``programs``, looked up case by case (a list of
    every enrollment in them, built first, would grow with the office)."""
    e = _ENROLLED
    return sa.exists().where(e.c.case_id == case_id, e.c.program.in_(programs))


_ENROLLED = t.enrollments.alias("enrolled")


def _capped_count(conn: Connection, query: sa.Select[Any]) -> int:
    """How many rows ``query`` gives, counted up to one past ``COUNT_CAP``."""
    some = query.with_only_columns(sa.literal(1)).limit(COUNT_CAP + 1).subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(some)).scalar_one())


__all__ = ["CaseDetail", "CasePage", "CaseSummary", "NotFound", "case_page", "enroll",
           "get_case", "list_cases", "open_case"]


def assign_case(ctx: Context, case_id: int, login: str,
                expected_version: int | None = None) -> Case:
    """Give an open case to another caseworker. With ``expected_version`` (the version
    the staff member saw), a change made meanwhile by someone else is refused."""
    from psccore.services.workflow_rules import staff_ids

    with ctx.write() as uow:
        access.for_case(uow, case_id, Action.WRITE)
        case = _as_seen(get(uow.conn, t.cases, Case, case_id, CASE), expected_version)
        if case.status is not CaseStatus.OPEN:
            raise InvalidInput([Problem("$.case_id", CASE_CLOSED)])
        [found] = staff_ids(uow.conn, [login], "$.staff")
        staff_id = int(found or 0)  # a login given always has an id
        if not uow.conn.execute(sa.select(t.staff.c.active)
                               .where(t.staff.c.id == staff_id)).scalar_one():
            raise InvalidInput([Problem("$.staff", STAFF_INACTIVE, {"login": login})])
        _may_take(uow, case_id, staff_id or 0, login)
        acting = uow.acting()
        uow.tx.insert(t.case_assignments, CaseAssignment(
            case_id=case_id, on=uow.today, assigned_staff_id=staff_id,
            previous_staff_id=case.assigned_staff_id, staff_id=acting.id),
            person_id=case.person_id)
        return uow.tx.update(t.cases, case, attrs.evolve(case, assigned_staff_id=staff_id),
                             entity_label=CASE)


STAFF_INACTIVE = Label("職員 {login} は無効になっています", "staff member {login} is inactive")
CANNOT_READ_CASE = Label(
    "職員 {login} にはこのケースの事業（{programs}）の権限がないため、担当にできません。"
    "先に権限を付与してください（psc staff grant {login} caseworker --program …）",
    "{login} has no role in this case's programs ({programs}), so cannot be given it; "
    "grant one first (psc staff grant {login} caseworker --program …)")


def _may_take(uow: Unit, case_id: int, staff_id: int, login: str) -> None:
    """A caseworker must be able to read the case they are given."""
    from psccore.domain.people import Staff
    from psccore.services.context import grants_of

    member = get(uow.conn, t.staff, Staff, staff_id, Label("職員", "staff member"))
    programs = access.case_programs(uow.conn, [case_id])[case_id]
    office = uow.conn.execute(sa.select(t.cases.c.office_id)
                              .where(t.cases.c.id == case_id)).scalar_one()
    if not grants_of(uow.conn, member).at(office).allows(Action.READ, FieldClass.GENERAL,
                                                         programs):
        named = [uow.registry.programs[p].label if p in uow.registry.programs
                 else Label(p, p) for p in access.nameable(uow.registry, uow.grants(),
                                                           programs)]
        raise InvalidInput([Problem("$.staff", CANNOT_READ_CASE, {
            "login": login, "programs": Label("、".join(n.ja for n in named) or "-",
                                              ", ".join(n.en for n in named) or "-")})])


def _as_seen(case: Case, expected_version: int | None) -> Case:
    """The case as the staff member saw it: its stored state at the version they read."""
    return case if expected_version is None else attrs.evolve(case, version=expected_version)


def close_case(ctx: Context, case_id: int, reason: str, note: str | None = None,
               on: dt.date | None = None, expected_version: int | None = None) -> Case:
    """終結: close with a reason; the active plan ends, started steps end, planned ones stop."""
    from psccore.domain.workflow import Plan, PlanStatus
    from psccore.services.meetings import wind_down

    with ctx.write() as uow:
        on = on or uow.today
        access.for_case(uow, case_id, Action.WRITE)
        case = _as_seen(get(uow.conn, t.cases, Case, case_id, CASE), expected_version)
        if case.status is not CaseStatus.OPEN:
            raise InvalidInput([Problem("$.case_id", CASE_CLOSED)])
        if on > uow.today:
            raise InvalidInput([Problem("$.on", IN_FUTURE)])
        closed = structure({**unstructure(case), "status": "closed", "closed_on": on,
                            "closure_reason": reason, "closure_note": note}, Case)
        closed = uow.tx.update(t.cases, case, closed, entity_label=CASE)
        for row in uow.conn.execute(sa.select(t.plans).where(
                t.plans.c.case_id == case_id,
                t.plans.c.status.in_([PlanStatus.DRAFT.value, PlanStatus.APPROVED.value]))).all():
            plan = from_row(row, Plan)
            uow.tx.update(t.plans, plan, attrs.evolve(plan, status=PlanStatus.ENDED),
                          person_id=case.person_id)
            wind_down(uow.tx, plan, on, case.person_id)
        emit(uow, CaseEventKind.CLOSED, closed, reason=reason)
        return closed


def reopen_case(ctx: Context, case_id: int, on: dt.date | None = None) -> CaseDetail:
    """A closed case is never reopened in place: a new case links to it, with the same
    programs and intake answers (checked again, since eligibility may have changed)."""
    from psccore.services.offices import begin_stay

    with ctx.write() as uow:
        on = on or uow.today
        staff = uow.acting()
        found = access.for_case(uow, case_id, Action.WRITE)
        earlier = _stored(uow.conn, get(uow.conn, t.cases, Case, case_id, CASE))
        if earlier.case.status is not CaseStatus.CLOSED:
            raise InvalidInput([Problem("$.case_id", STILL_OPEN)])
        if earlier.case.closed_on and on < earlier.case.closed_on:
            raise InvalidInput([Problem("$.on", BEFORE_CLOSED)])
        again = uow.conn.execute(sa.select(t.cases.c.id).where(
            t.cases.c.previous_case_id == case_id)).scalar()
        if again is not None:
            raise InvalidInput([Problem("$.case_id", REOPENED_ALREADY, {"id": again})])
        case = uow.tx.insert(t.cases, Case(person_id=earlier.person.id or 0, opened_on=on,
                                           assigned_staff_id=staff.id, previous_case_id=case_id,
                                           office_id=earlier.case.office_id))
        begin_stay(uow, case, on)
        emit(uow, CaseEventKind.OPENED, case, previous_case_id=case_id)
        enrollments = []
        for e in earlier.enrollments:
            _may_enroll(uow, e.program, case.person_id, case.office_id)
            plain = unseal(uow, program_of(uow, e.program), e.intake, e.id or 0)
            enrollments.append(_enroll(uow, case, e.program,
                                       check_intake(uow, e.program, earlier.person, plain, on),
                                       on))
        detail, read, _ = _detail(uow, case, found)  # as this staff member sees it
    audit_reads(ctx, found.login, case.person_id, read)
    return detail
