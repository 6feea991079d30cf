"""Whole-case export and import (format ``psccore.case/1``, see :mod:`psccore.domain.transfer`).

Export → import → export gives the same document: ids are not part of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain import transfer as x
from psccore.domain.access import Action, Grants
from psccore.domain.cases import Case, CaseStatus, Enrollment
from psccore.domain.consent import Consent, ConsentKind, DataCategory
from psccore.domain.convert import structure, unstructure
from psccore.domain.people import Person
from psccore.domain.program import CaseEventKind, Program
from psccore.domain.workflow import (
    Assessment,
    CoordinationMeeting,
    Evaluation,
    Goal,
    MeetingDecision,
    Plan,
    PlanStatus,
    Step,
    SupportRecord,
)
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.case_events import CASE, emit
from psccore.services.cases import (
    CaseDetail,
    _may_enroll,
    check_collection,
    check_intake,
    program_of,
)
from psccore.services.consent import collect_visible
from psccore.services.context import Context, Unit
from psccore.services.offices import (
    begin_stay,
    office_for_new_case,
    office_named,
    organisation_for_new_person,
    organisation_name,
)
from psccore.services.people import PERSON, add_person
from psccore.services.plans import PlanDetail, _plan_detail
from psccore.services.sensitive import audit_reads, open_for, seal, without_sealed
from psccore.services.workflow_rules import staff_ids
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row, get

NO_PROGRAM = Label("事業の利用（enrollments）が1つ以上必要です",
                   "at least one enrollment in a program is needed")
PLAN_NUMBERS = Label("プランの版番号が重複しています: {numbers}", "plan numbers repeat: {numbers}")
LIVE_PLAN_IN_CLOSED_CASE = Label("終結したケースに実施中・作成中のプランがあります",
                                 "a closed case cannot have a draft or active plan")
BEFORE_OPENED = Label("ケースの受付日（{opened}）より前です", "is before the case was opened ({opened})")
WRONG_FORMAT = Label("形式 {found} は読めません（{expected} のみ）",
                     "cannot read format {found} (only {expected})")
BAD_REFERENCE = Label("{what} {ref} はこの文書にありません", "{what} {ref} is not in this document")


def _collect_consents(conn: Connection, person_id: int,
                      opened: list[tuple[int, list[str]]]) -> list[x.CollectConsentOut]:
    """The consents to collect behind the sensitive answers exported (none if none was)."""
    if not any(fields for _, fields in opened):
        return []
    rows = conn.execute(sa.select(t.consents).where(
        t.consents.c.person_id == person_id, t.consents.c.kind == "collect")
        .order_by(t.consents.c.valid_from, t.consents.c.id))
    found = [from_row(r, Consent) for r in rows]
    return [x.CollectConsentOut(
        categories=[c.value for c in c_.categories], purpose=c_.purpose,
        valid_from=c_.valid_from, valid_until=c_.valid_until, withdrawn_on=c_.withdrawn_on,
        form_reference=c_.form_reference, recorded_on=c_.recorded_on) for c_ in found]


def export_case(ctx: Context, case_id: int) -> x.CaseExport:
    """The whole case; sensitive answers only if the staff member may export them
    (the export of each is audited), withheld otherwise."""
    with ctx.read() as uow:
        found = access.for_case(uow, case_id, Action.EXPORT)
        logins = {row.id: row.login
                  for row in uow.conn.execute(sa.select(t.staff.c.id, t.staff.c.login))}

        def login(staff_id: int | None) -> str | None:
            return logins.get(staff_id) if staff_id else None

        case = get(uow.conn, t.cases, Case, case_id, CASE)
        person = get(uow.conn, t.people, Person, case.person_id, PERSON)
        plans = [_plan_detail(uow.conn, from_row(r, Plan)) for r in uow.conn.execute(
            sa.select(t.plans).where(t.plans.c.case_id == case_id).order_by(t.plans.c.number))]
        step_refs = {s.id: x.StepRef(plan=p.plan.number, step=s.position)
                     for p in plans for s in p.steps}
        opened: list[tuple[int, list[str]]] = []
        withheld: list[tuple[int, list[str]]] = []
        document = x.CaseExport(
            person=_copy(person, x.PersonOut),
            case=x.CaseOut(status=case.status, opened_on=case.opened_on,
                           closed_on=case.closed_on, closure_reason=case.closure_reason,
                           closure_note=case.closure_note,
                           assigned_staff=login(case.assigned_staff_id)),
            enrollments=[_enrollment_out(uow, found, e, opened) for e in _rows(
                uow.conn, t.enrollments, Enrollment, t.enrollments.c.case_id == case_id,
                t.enrollments.c.program)
                if _shown_or_withheld(uow, found, e, withheld)],
            assessments=[attrs.evolve(_copy(a, x.AssessmentOut, staff=None),
                                      staff=login(a.staff_id)) for a in _rows(
                uow.conn, t.assessments, Assessment, t.assessments.c.case_id == case_id,
                t.assessments.c.number)],
            plans=[_plan_out(uow.conn, p, login) for p in plans],
            records=[attrs.evolve(_copy(r, x.RecordOut, staff=None), staff=login(r.staff_id),
                                  step=step_refs.get(r.step_id) if r.step_id else None)
                     for r in _rows(uow.conn, t.support_records, SupportRecord,
                                    t.support_records.c.case_id == case_id,
                                    t.support_records.c.on, t.support_records.c.id)],
            collect_consents=_collect_consents(uow.conn, person.id or 0, opened)
            if collect_visible(uow, found) else [],
        )
    with ctx.write(found.login) as uow:  # the case left the system, sensitive or not
        uow.tx.audit("export", "cases", case_id, person_id=person.id)
    audit_reads(ctx, found.login, person.id or 0, opened, action="export")
    audit_reads(ctx, found.login, person.id or 0, withheld, action="refuse")
    return document


def _shown_or_withheld(uow: Unit, found: Grants, enrollment: Enrollment,
                       withheld: list[tuple[int, list[str]]]) -> bool:
    """Whether the export may tell that the person takes part (else noted to audit)."""
    if access.participation_visible(uow.registry, found, enrollment.program):
        return True
    withheld.append((enrollment.id or 0, ["participation"]))
    return False


def _enrollment_out(uow: Unit, found: Grants, enrollment: Enrollment,
                    opened: list[tuple[int, list[str]]]) -> x.EnrollmentOut:
    shown = open_for(uow, found, uow.registry.program(enrollment.program), enrollment,
                     Action.EXPORT)
    opened.append((enrollment.id or 0, shown.read))
    return x.EnrollmentOut(program=enrollment.program, enrolled_on=enrollment.enrolled_on,
                           intake=shown.intake)


def _rows(conn: Connection, table: sa.Table, cls: type[Any], where: Any,
          *order: Any) -> list[Any]:
    return [from_row(r, cls) for r in conn.execute(sa.select(table).where(where).order_by(*order))]


def _copy(obj: Any, cls: type[Any], **extra: Any) -> Any:
    """The fields of ``obj`` that ``cls`` has, plus ``extra``."""
    names = {a.name for a in attrs.fields(cls)}
    return cls(**{k: v for k, v in attrs.asdict(obj, recurse=False).items() if k in names},
               **extra)


def _plan_out(conn: Connection, detail: PlanDetail,
              login: Callable[[int | None], str | None]) -> x.PlanOut:
    meetings = {row.id: row for row in conn.execute(sa.select(t.meetings).where(
        t.meetings.c.id.in_([d.meeting_id for d in detail.decisions])))}
    position = {g.id: g.position for g in detail.goals}
    out: x.PlanOut = _copy(
        detail.plan, x.PlanOut,
        goals=[_copy(g, x.GoalOut) for g in detail.goals],
        steps=[attrs.evolve(_copy(s, x.StepOut, staff=None), staff=login(s.staff_id))
               for s in detail.steps],
        decisions=[x.DecisionOut(held_on=meetings[d.meeting_id].held_on,
                                 staff=list(meetings[d.meeting_id].staff),
                                 organisations=list(meetings[d.meeting_id].organisations),
                                 notes=meetings[d.meeting_id].notes, decision=d.decision,
                                 reason=d.reason) for d in detail.decisions],
        evaluations=[x.EvaluationOut(
            evaluated_on=e.evaluated_on, staff=login(e.staff_id),
            results=[x.GoalResultOut(goal=position[r.goal_id], result=r.result, note=r.note)
                     for r in e.results],
            next_action=e.next_action, note=e.note) for e in detail.evaluations],
    )
    return out


# --- import ---------------------------------------------------------------------------

def _consistency(doc: x.CaseExport) -> list[Problem]:
    """Rules across the records of one document, checked before anything is written."""
    problems = []
    numbers = [p.number for p in doc.plans]
    if len(set(numbers)) != len(numbers):
        problems.append(Problem("$.plans", PLAN_NUMBERS, {"numbers": numbers}))
    if doc.case.status is CaseStatus.CLOSED:
        problems += [Problem(f"$.plans[{i}].status", LIVE_PLAN_IN_CLOSED_CASE)
                     for i, p in enumerate(doc.plans)
                     if p.status in (PlanStatus.DRAFT, PlanStatus.APPROVED)]
    dated = [(f"$.records[{i}].on", r.on) for i, r in enumerate(doc.records)]
    dated += [(f"$.assessments[{i}].assessed_on", a.assessed_on)
              for i, a in enumerate(doc.assessments)]
    dated += [(f"$.plans[{i}].created_on", p.created_on) for i, p in enumerate(doc.plans)]
    problems += [Problem(path, BEFORE_OPENED, {"opened": doc.case.opened_on})
                 for path, day in dated if day < doc.case.opened_on]
    return problems


def import_case(ctx: Context, data: Mapping[str, Any], person_id: int | None = None,
                allow_duplicate: bool = False, office: str | None = None) -> CaseDetail:
    """Create a case (and its person, unless ``person_id`` is given) from an export, at
    ``office`` (by name; by default the only office the staff member may write there).

    The programs hear the case opened and enrolled, as for a case opened by hand.
    """
    doc = structure(dict(data), x.CaseExport)
    if doc.format != x.FORMAT:
        raise InvalidInput([Problem("$.format", WRONG_FORMAT,
                                    {"found": doc.format, "expected": x.FORMAT})])
    if problems := _consistency(doc):
        raise InvalidInput(problems)
    if not doc.enrollments:
        raise InvalidInput([Problem("$.enrollments", NO_PROGRAM)])
    with ctx.write() as uow:
        uow.acting()
        if person_id is not None:
            access.for_person(uow, person_id, Action.WRITE)
        ids = _staff_map(uow.conn, doc)
        if person_id is not None:
            person = get(uow.conn, t.people, Person, person_id, PERSON)
            at = office_for_new_case(uow, office, doc.enrollments[0].program,
                                     person.organisation_id)
        else:
            named = office_named(uow.conn, office) if office is not None else None
            organisation = None if named is None else organisation_name(uow.conn, named)
            at = office_for_new_case(uow, office, doc.enrollments[0].program,
                                     organisation_for_new_person(uow, organisation))
        for e in doc.enrollments:
            _may_enroll(uow, e.program, person_id, at.id)
        if person_id is None:
            person = add_person(ctx, unstructure(doc.person), allow_duplicate=allow_duplicate,
                                organisation=organisation_name(uow.conn, at))
        pid = person.id or 0
        case = uow.tx.insert(t.cases, Case(
            person_id=pid, status=doc.case.status, opened_on=doc.case.opened_on,
            closed_on=doc.case.closed_on, closure_reason=doc.case.closure_reason,
            closure_note=doc.case.closure_note, assigned_staff_id=ids(doc.case.assigned_staff),
            office_id=at.id or 0))
        begin_stay(uow, case, case.opened_on)
        cid = case.id or 0
        emit(uow, CaseEventKind.OPENED, case, imported=True)
        for consent in doc.collect_consents:  # before the answers that need them
            uow.tx.insert(t.consents, Consent(person_id=pid, kind=ConsentKind.COLLECT,
                                              **{**attrs.asdict(consent), "categories": [
                                                  DataCategory.of(c)
                                                  for c in consent.categories]}),
                          person_id=pid)
        enrollments = []
        for e in doc.enrollments:
            answers = check_intake(uow, e.program, person, e.intake, e.enrolled_on)
            check_collection(uow.conn, program_of(uow, e.program), pid, answers, e.enrolled_on)
            enrollment = uow.tx.insert(t.enrollments, Enrollment(
                case_id=cid, program=e.program, enrolled_on=e.enrolled_on,
                intake=without_sealed(program_of(uow, e.program), answers)), person_id=pid,
                sealed=_sealer(uow, program_of(uow, e.program), answers))
            enrollment = attrs.evolve(enrollment, intake=answers)
            emit(uow, CaseEventKind.ENROLLED, case, enrollment, imported=True)
            enrollments.append(enrollment)
        for a in doc.assessments:
            uow.tx.insert(t.assessments, Assessment(
                case_id=cid, staff_id=ids(a.staff),
                **{k: v for k, v in attrs.asdict(a, recurse=False).items() if k != "staff"}),
                person_id=pid)
        steps = {}
        for p in doc.plans:
            steps.update(_import_plan(uow.tx, cid, pid, p, ids))
        for i, r in enumerate(doc.records):
            step_id = None
            if r.step is not None:
                step_id = steps.get((r.step.plan, r.step.step))
                if step_id is None:
                    raise InvalidInput([Problem(f"$.records[{i}].step", BAD_REFERENCE,
                                                {"what": "step", "ref": attrs.asdict(r.step)})])
            uow.tx.insert(t.support_records, SupportRecord(
                case_id=cid, on=r.on, kind=r.kind, staff_id=ids(r.staff), summary=r.summary,
                step_id=step_id), person_id=pid)
        return CaseDetail(case, person, enrollments)


def _sealer(uow: Unit, program: Program, answers: dict[str, Any]
            ) -> Callable[[int], dict[str, Any]]:
    """The sealed answers of an enrollment, once its row has an id to bind them to."""
    return lambda new_id: {"intake": seal(uow, program, answers, new_id)}


def _staff_map(conn: Connection, doc: x.CaseExport) -> Any:
    logins = {doc.case.assigned_staff, *(a.staff for a in doc.assessments),
              *(r.staff for r in doc.records)}
    for p in doc.plans:
        logins |= {s.staff for s in p.steps} | {e.staff for e in p.evaluations}
        logins |= {login for d in p.decisions for login in d.staff}
    wanted = sorted(login for login in logins if login)
    found = dict(zip(wanted, staff_ids(conn, wanted, "$.staff"), strict=True))
    return lambda login: found.get(login) if login else None


def _import_plan(tx: Transaction, cid: int, pid: int, p: x.PlanOut,
                 ids: Any) -> dict[tuple[int, int], int]:
    fields = {k: v for k, v in attrs.asdict(p, recurse=False).items()
              if k not in ("goals", "steps", "decisions", "evaluations")}
    plan = tx.insert(t.plans, Plan(case_id=cid, **fields), person_id=pid)
    plan_id = plan.id or 0
    goal_ids = [tx.insert(t.plan_goals, Goal(plan_id=plan_id, position=i, **attrs.asdict(g)),
                          person_id=pid).id for i, g in enumerate(p.goals)]
    steps = {}
    for i, s in enumerate(p.steps):
        values = {k: v for k, v in attrs.asdict(s, recurse=False).items() if k != "staff"}
        step = tx.insert(t.plan_steps, Step(plan_id=plan_id, position=i, staff_id=ids(s.staff),
                                            **values), person_id=pid)
        steps[(p.number, i)] = step.id or 0
    for d in p.decisions:
        meeting = tx.insert(t.meetings, CoordinationMeeting(
            held_on=d.held_on, staff=d.staff, organisations=d.organisations, notes=d.notes))
        tx.insert(t.meeting_decisions, MeetingDecision(
            meeting_id=meeting.id or 0, plan_id=plan_id, decision=d.decision, reason=d.reason),
            person_id=pid)
    for e in p.evaluations:
        results = []
        for r in e.results:
            if not 0 <= r.goal < len(goal_ids):
                raise InvalidInput([Problem("$.plans.evaluations", BAD_REFERENCE,
                                            {"what": "goal", "ref": r.goal})])
            results.append({"goal_id": goal_ids[r.goal], "result": r.result.value,
                            "note": r.note})
        tx.insert(t.evaluations, structure({
            "plan_id": plan_id, "evaluated_on": e.evaluated_on.isoformat(),
            "staff_id": ids(e.staff), "results": results, "next_action": e.next_action.value,
            "note": e.note}, Evaluation), person_id=pid)
    return steps
