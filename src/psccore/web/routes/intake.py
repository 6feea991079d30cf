"""*Open a case*: the program's intake form, generated from its field descriptions."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.access import Action, FieldClass
from psccore.errors import InvalidInput, NotFound
from psccore.i18n import Label
from psccore.web.forms import inputs, parse, posted_lists, problems_by_field
from psccore.web.routes.cases import _id, _writable_programs
from psccore.web.serving import Ask, page

OPENED_ON = "opened_on"
OFFICE = "office"
PROGRAM = Label("事業", "program")


def intake_form(ask: Ask) -> Response:
    person_id = _id(ask, "person_id")
    person = ask.me.get_person(person_id)  # not readable: the same 404 as missing
    code = ask.request.query_params.get("program", "")
    if not code:
        return ask.render("choose_program.html", person=person,
                          choices=_writable_programs(ask))
    return _form(ask, person, code, {}, {})


def _form(ask: Ask, person: Any, code: str, posted: dict[str, list[str]],
          errors: dict[str, list[str]], status: int = 200) -> Response:
    program = ask.me.programs.get(code)
    if program is None:
        raise NotFound.of(PROGRAM, code)
    offices = _my_offices(ask, person, code)
    return ask.render("intake.html", status, person=person, code=code,
                      program=program.label.text(ask.lang),
                      offices=offices if len(offices) > 1 else [],  # one office: no question
                      office=(posted.get(OFFICE) or [""])[0], office_errors=errors.get(OFFICE, []),
                      inputs=inputs(program.fields(), posted, ask.lang, errors),
                      opened_on=(posted.get(OPENED_ON) or [""])[0],
                      opened_errors=errors.get(OPENED_ON, []), general=errors.get("", []))


def _my_offices(ask: Ask, person: Any, code: str) -> list[str]:
    """The offices of the person's organisation where the staff member may open a case
    in the program: the only choices that can be accepted."""
    grants = ask.me.my_grants()
    return [o.name for o in ask.me.offices()
            if o.organisation_id == person.organisation_id
            and grants.at(o.id or 0).allows(Action.WRITE, FieldClass.GENERAL, [code])]


def open_case(ask: Ask) -> Response:
    person_id = _id(ask, "person_id")
    person = ask.me.get_person(person_id)
    code = ask.request.query_params.get("program", "")
    program = ask.me.programs.get(code)
    if program is None:
        raise NotFound.of(PROGRAM, code)
    posted = posted_lists(ask.form)
    data = parse(program.fields(), posted)
    try:  # the date as typed: read with the answers, every problem reported at once
        detail = ask.me.open_case(person_id, code, data, ask.field(OPENED_ON) or None,
                                  office=ask.field(OFFICE) or None)
    except InvalidInput as wrong:
        return _form(ask, person, code, posted, problems_by_field(wrong.problems, ask.lang),
                     400)
    return RedirectResponse(f"/cases/{detail.case.id}", status_code=303)


ROUTES = [
    Route("/people/{person_id}/open", page(intake_form), methods=["GET"]),
    Route("/people/{person_id}/open", page(open_case), methods=["POST"]),
]
