"""Printing a form: for a case, gather what the staff member may read (sensitive answers
withheld as ``get_case`` withholds them); for a fiscal year, the report sections the form
names, as the staff member may read them; build the form, and audit it as an export in
the unit that keeps the file (``write_form``, ``write_period_form``, ``write_printed``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from psccore.domain.access import Action
from psccore.domain.cases import Case
from psccore.domain.program import ReportPeriod
from psccore.errors import InvalidInput, Problem
from psccore.forms.model import Form, FormData, FormDefinition, PeriodData, PeriodFormDefinition
from psccore.forms.national import INTRODUCTION
from psccore.forms.placement import PLACEMENT_REPORT
from psccore.i18n import Label
from psccore.plugins import Registry
from psccore.services import access, assessments, consent, consultation, plans, records, reports
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
FOR_A_YEAR = Label("様式 {name} は年度ごとの様式です: ケース番号ではなく --fy で年度を指定してください",
                   "form {name} is printed for a fiscal year: give --fy, not a case")
FOR_A_CASE = Label("様式 {name} はケースの様式です: ケース番号を指定してください",
                   "form {name} is printed for a case: give the case number")

Definition = FormDefinition | PeriodFormDefinition
#: core's own forms besides the consultation's (its program offers those)
CORE_FORMS: tuple[Definition, ...] = (INTRODUCTION, PLACEMENT_REPORT)


def forms_of(registry: Registry) -> dict[str, Definition]:
    """Every form by name: core's (the introduction sheet, the placement business
    report), then each program's (``forms()``)."""
    found: dict[str, Definition] = {form.name: form for form in CORE_FORMS}
    for program in registry.programs.values():
        for form in program.forms():
            if form.name in found:
                raise InvalidInput([Problem("$.name", TWO_FORMS, {"name": form.name})])
            found[form.name] = form
    return found


def _definition(ctx: Context, name: str) -> Definition:
    known = forms_of(ctx.registry)
    definition = known.get(name)
    if definition is None:
        raise InvalidInput([Problem("$.name", UNKNOWN_FORM,
                                    {"name": name, "known": ", ".join(known)})])
    return definition


def build_form(ctx: Context, name: str, case_id: int, *, start: dt.date | None = None,
               end: dt.date | None = None, employer_id: int | None = None) -> Form:
    definition = _definition(ctx, name)
    if isinstance(definition, PeriodFormDefinition):
        raise InvalidInput([Problem("$.case", FOR_A_YEAR, {"name": name})])
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


def build_period_form(ctx: Context, name: str, fiscal_year: int) -> Form:
    """A fiscal year's form from the report sections it names (a program's section only
    for staff who may read that program), audited as an export of the year's figures."""
    definition = _definition(ctx, name)
    if not isinstance(definition, PeriodFormDefinition):
        raise InvalidInput([Problem("$.fy", FOR_A_CASE, {"name": name})])
    with ctx.write() as uow:
        uow.acting()
        found = reports.build(ctx, ReportPeriod.fiscal_year(fiscal_year), definition.sections,
                              by_month=False)
        form = definition.build(PeriodData(office=office_of(uow.conn).name or "",
                                           today=uow.today, fiscal_year=fiscal_year,
                                           sections={s.key: s for s in found}))
        uow.tx.audit("export", "forms", fields=[name, f"FY{fiscal_year}"])
        return form


def _audited(ctx: Context, form: Form, name: str) -> Form:
    with ctx.write() as uow:
        uow.acting()
        uow.tx.audit("export", "forms", fields=[name])
    return form


def write_form(ctx: Context, name: str, case_id: int, target: Path, *,
               start: dt.date | None = None, end: dt.date | None = None,
               employer_id: int | None = None, overwrite: bool = False) -> Form:
    """Build the form and write it to ``target`` (.pdf or .xlsx) through the safe writer,
    in one transaction with its audit rows: no file, no audit row."""
    return _written(ctx, target, lambda: build_form(ctx, name, case_id, start=start, end=end,
                                                   employer_id=employer_id), overwrite)


def write_period_form(ctx: Context, name: str, fiscal_year: int, target: Path, *,
                      overwrite: bool = False) -> Form:
    """A fiscal year's form (the placement business report …) written as ``write_form``."""
    return _written(ctx, target, lambda: build_period_form(ctx, name, fiscal_year), overwrite)


def write_printed(ctx: Context, form: Form, name: str, target: Path, *,
                  overwrite: bool = False) -> Form:
    """A form the caller built from what it read (a program's timetable) written as
    ``write_form``, audited as an export named ``name``."""
    return _written(ctx, target, lambda: _audited(ctx, form, name), overwrite)


def _written(ctx: Context, target: Path, build: Callable[[], Form], overwrite: bool) -> Form:
    from psccore.documents.files import check_target, write_atomically
    from psccore.services.batch import kept_with

    check_target(target, (".pdf", ".xlsx"), overwrite=overwrite)
    with kept_with(ctx):
        form = build()
        if target.suffix.lower() == ".pdf":
            from psccore.forms.pdf import write_pdf as write
        else:
            from psccore.forms.xlsx import write_xlsx as write
        write_atomically(target, lambda path: write(form, path), overwrite=overwrite)
    return form


FILE_FORMATS = ("pdf", "xlsx")
UNKNOWN_FORMAT = Label("様式の形式は {known} のどれかです: {format}",
                       "a form is printed as one of {known}: {format}")


def form_content(ctx: Context, name: str, case_id: int, fmt: str, *,
                 start: dt.date | None = None, end: dt.date | None = None) -> bytes:
    """The form for a case as the bytes of a ``fmt`` (pdf or xlsx) file, for a download:
    built and audited as :func:`write_form`, the audit rows kept only if the bytes were
    made; nothing is written to disk."""
    return _content(ctx, fmt, lambda: build_form(ctx, name, case_id, start=start, end=end))


def period_form_content(ctx: Context, name: str, fiscal_year: int, fmt: str) -> bytes:
    """A fiscal year's form as the bytes of a ``fmt`` file, as :func:`form_content`."""
    return _content(ctx, fmt, lambda: build_period_form(ctx, name, fiscal_year))


def _content(ctx: Context, fmt: str, build: Callable[[], Form]) -> bytes:
    import io

    from psccore.services.batch import kept_with

    if fmt not in FILE_FORMATS:
        raise InvalidInput([Problem("$.format", UNKNOWN_FORMAT,
                                    {"known": ", ".join(FILE_FORMATS), "format": fmt})])
    with kept_with(ctx):
        form = build()
        if fmt == "pdf":
            from psccore.forms.pdf import pdf_bytes

            return pdf_bytes(form)
        from psccore.forms.xlsx import write_xlsx

        out = io.BytesIO()
        write_xlsx(form, out)
        return out.getvalue()
