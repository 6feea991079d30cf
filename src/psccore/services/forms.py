"""Printing a form for a case: gather what the staff member may read (sensitive answers
withheld as ``get_case`` withholds them), build the form, and audit it as an export in
the same unit (the caller keeps that unit with the file: ``Psc.form``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from psccore.domain.access import Action
from psccore.domain.cases import Case
from psccore.errors import InvalidInput, Problem
from psccore.forms.model import Form, FormData, FormDefinition
from psccore.forms.national import INTRODUCTION
from psccore.i18n import Label
from psccore.plugins import Registry
from psccore.services import access, assessments, consent, consultation, plans, records
from psccore.services.case_events import CASE
from psccore.services.cases import _detail
from psccore.services.context import Context, WriteUnit
from psccore.services.office import office_of
from psccore.store import tables as t
from psccore.store.db import get

UNKNOWN_FORM = Label("様式 {name} はありません（あるもの: {known}）",
                     "there is no form {name} (known: {known})")
EMPLOYER_NEEDED = Label("紹介票には提供先の事業所（--employer）が必要です",
                        "the introduction sheet needs the employer (--employer)")
TWO_FORMS = Label("様式 {name} が2つの事業から登録されています", "form {name} is offered twice")


def forms_of(registry: Registry) -> dict[str, FormDefinition]:
    """Every form by name: the introduction sheet, then each program's (``forms()``)."""
    found = {INTRODUCTION.name: INTRODUCTION}
    for program in registry.programs.values():
        for form in program.forms():
            if form.name in found:
                raise InvalidInput([Problem("$.name", TWO_FORMS, {"name": form.name})])
            found[form.name] = form
    return found


def build_form(ctx: Context, name: str, case_id: int, *, start: dt.date | None = None,
               end: dt.date | None = None, employer_id: int | None = None) -> Form:
    known = forms_of(ctx.registry)
    definition = known.get(name)
    if definition is None:
        raise InvalidInput([Problem("$.name", UNKNOWN_FORM,
                                    {"name": name, "known": ", ".join(known)})])
    if definition.needs_employer and employer_id is None:
        raise InvalidInput([Problem("$.employer", EMPLOYER_NEEDED)])
    with ctx.write() as uow:
        uow.acting()
        found = access.for_case(uow, case_id, Action.READ)
        case = get(uow.conn, t.cases, Case, case_id, CASE)
        detail, read, withheld = _detail(uow, case, found)
        sheet = consent.introduce(ctx, case.person_id, employer_id or 0, None, uow.today) \
            if definition.needs_employer else None
        data = FormData(
            detail=detail, office=office_of(uow.conn).name or "", today=uow.today,
            staff_names={r.id: r.name for r in uow.conn.execute(sa.select(t.staff.c.id, t.staff.c.name))},
            programs=dict(uow.registry.programs),
            menu={(m.program, m.kind): m.label for m in uow.registry.menu},
            screening=consultation.screening_of(ctx, case_id),
            assessments=assessments.list_assessments(ctx, case_id),
            plans=plans.list_plans(ctx, case_id),
            records=records.list_records(ctx, case_id),
            start=start, end=end, introduction=sheet, conn=uow.conn)
        form = definition.build(data)
        _audit(uow, case, name, read, withheld)
        return form


def _audit(uow: WriteUnit, case: Case, name: str, read: list[tuple[int, list[str]]],
           withheld: list[tuple[int, list[str]]]) -> None:
    """The printing as an export of the case, and each sensitive answer shown or withheld."""
    for action, rows in (("read", read), ("refuse", withheld)):
        for enrollment_id, fields in rows:
            if fields:
                uow.tx.audit(action, "enrollments", enrollment_id, person_id=case.person_id,
                             fields=fields)
    uow.tx.audit("export", "forms", case.id, person_id=case.person_id, fields=[name])


def write_form(ctx: Context, name: str, case_id: int, target: Path, *,
               start: dt.date | None = None, end: dt.date | None = None,
               employer_id: int | None = None, overwrite: bool = False) -> Form:
    """Build the form and write it to ``target`` (.pdf or .xlsx) through the safe writer,
    in one transaction with its audit rows: no file, no audit row."""
    from psccore.documents.files import check_target, write_atomically
    from psccore.services.batch import kept_with

    check_target(target, (".pdf", ".xlsx"), overwrite=overwrite)
    with kept_with(ctx):
        form = build_form(ctx, name, case_id, start=start, end=end, employer_id=employer_id)
        if target.suffix.lower() == ".pdf":
            from psccore.forms.pdf import write_pdf as write
        else:
            from psccore.forms.xlsx import write_xlsx as write
        write_atomically(target, lambda path: write(form, path), overwrite=overwrite)
    return form
