"""*Employers* (求人開拓): the pipeline board by development stage, an employer's page
(stage history, visit log, partner agreements, openings), the new-employer and
new-opening forms, and opening or closing an opening."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.access import Action
from psccore.domain.employers import (
    DevelopmentStage,
    Employer,
    EmployerVisit,
    EmploymentLength,
    JobOpening,
    OpeningStatus,
    PartnerRole,
    RoleAgreement,
)
from psccore.errors import ConcurrentEdit, InvalidInput, NotFound, Problem
from psccore.i18n import Label
from psccore.web.routes.record_forms import (
    coded_choices,
    errors_of,
    form_data,
    form_inputs,
    form_number,
    number,
    posted,
    specs,
)
from psccore.web.serving import Ask, page

EMPLOYER = Label("事業所", "employer")
OPENING = Label("求人", "job opening")
CHOOSE_STATUS = Label("募集の状態を選んでください", "choose the opening's status")

EMPLOYER_FIELDS = ("name", "kana", "industry", "stage", "postal_code", "ward", "address",
                   "phone", "contact_name", "contact_email", "employees", "notes")
VISIT_FIELDS = ("on", "purpose", "notes")
ROLE_FIELDS = ("role", "since", "until")
OPENING_FIELDS = ("title", "duties", "workload", "ward", "place", "hours_per_day",
                  "min_hours_per_day", "days_per_week", "time_of_day", "wage_type", "wage",
                  "headcount", "days_off", "experience_required", "relaxations",
                  "employment_length", "opened_on")


def may_write(ask: Ask) -> bool:
    """Whether to offer the forms that change employers (the library decides anyway)."""
    return ask.me.my_grants().allows_any(Action.WRITE)


# --- the board ---------------------------------------------------------------------------

#: Cards a stage shows on the board before "show the rest" (a city's board holds hundreds).
CARDS_SHOWN = 12


def board(ask: Ask, *, stale: str = "", status: int = 200) -> Response:
    employers = ask.me.list_employers()
    whole = ask.request.query_params.get("stage", "")
    columns = []
    for stage in DevelopmentStage:
        cards = [e for e in employers if e.stage is stage]
        shown = cards if stage.value == whole else cards[:CARDS_SHOWN]
        columns.append((stage, shown, len(cards)))
    return ask.render("employers.html", status, columns=columns, stale=stale,
                      stages=coded_choices(ask, list(DevelopmentStage)),
                      may_write=may_write(ask))


def move(ask: Ask) -> Response:
    """Move an employer to another stage, if it is still as the staff member saw it."""
    employer_id = number(ask, "employer_id", EMPLOYER)
    try:
        ask.me.move_employer_stage(employer_id, ask.field("stage"),
                                   note=ask.field("note") or None,
                                   expected_version=form_number(ask, "version"))
    except ConcurrentEdit as changed:
        return board(ask, stale=changed.text(ask.lang), status=409)
    back = "/employers" if ask.field("back") != "employer" else f"/employers/{employer_id}"
    return RedirectResponse(back, status_code=303)


# --- a new employer ----------------------------------------------------------------------

def _employer_specs() -> list[Any]:
    return specs(Employer, EMPLOYER_FIELDS)


def _only_writers(ask: Ask) -> None:
    """A form is offered only to staff who may send it: others get the one 404."""
    if not may_write(ask):
        raise NotFound.of(EMPLOYER, "")


def new_employer_form(ask: Ask) -> Response:
    _only_writers(ask)
    return _employer_form(ask, {"stage": [DevelopmentStage.RESEARCH.value]}, {})


def _employer_form(ask: Ask, sent: dict[str, list[str]], errors: dict[str, list[str]],
                   status: int = 200) -> Response:
    return ask.render("record_form.html", status,
                      title=ask.t("事業所の登録", "New employer"), action="/employers/new",
                      inputs=form_inputs(ask, _employer_specs(), sent, errors),
                      general=errors.get("", []), submit=ask.t("登録する", "Register"),
                      back=("/employers", ask.t("求人開拓へ戻る", "Back to employers")))


def add_employer(ask: Ask) -> Response:
    sent = posted(ask)
    try:
        employer = ask.me.add_employer(form_data(_employer_specs(), sent))
    except InvalidInput as wrong:
        return _employer_form(ask, sent, errors_of(ask, wrong), 400)
    return RedirectResponse(f"/employers/{employer.id}", status_code=303)


# --- an employer's page ------------------------------------------------------------------

def employer(ask: Ask, *, sent: dict[str, list[str]] | None = None, which: str = "",
             errors: dict[str, list[str]] | None = None, status: int = 200) -> Response:
    employer_id = number(ask, "employer_id", EMPLOYER)
    detail = ask.me.get_employer(employer_id)
    staff = {s.id: s.name for s in ask.me.list_staff()}

    def form(name: str, fields: Any) -> Any:
        return form_inputs(ask, fields, (sent or {}) if which == name else {},
                           (errors or {}) if which == name else {})

    return ask.render(
        "employer.html", status, detail=detail, staff=staff, may_write=may_write(ask),
        stages=coded_choices(ask, list(DevelopmentStage)),
        visit_inputs=form("visit", specs(EmployerVisit, VISIT_FIELDS)),
        role_inputs=form("role", specs(RoleAgreement, ROLE_FIELDS)),
        general=(errors or {}).get("", []), which=which, today=ask.me.today())


def record_visit(ask: Ask) -> Response:
    employer_id = number(ask, "employer_id", EMPLOYER)
    sent = posted(ask)
    try:
        ask.me.record_visit(employer_id, form_data(specs(EmployerVisit, VISIT_FIELDS), sent))
    except InvalidInput as wrong:
        return employer(ask, sent=sent, which="visit", errors=errors_of(ask, wrong),
                        status=400)
    return RedirectResponse(f"/employers/{employer_id}#visits", status_code=303)


def add_role(ask: Ask) -> Response:
    employer_id = number(ask, "employer_id", EMPLOYER)
    sent = posted(ask)
    try:
        ask.me.add_partner_role(employer_id, form_data(specs(RoleAgreement, ROLE_FIELDS), sent))
    except InvalidInput as wrong:
        return employer(ask, sent=sent, which="role", errors=errors_of(ask, wrong), status=400)
    return RedirectResponse(f"/employers/{employer_id}#roles", status_code=303)


def end_role(ask: Ask) -> Response:
    """End an agreement in force today (its last day)."""
    employer_id = number(ask, "employer_id", EMPLOYER)
    role = ask.field("role")
    if role not in {r.value for r in PartnerRole}:
        return employer(ask, status=400)
    ask.me.end_partner_role(employer_id, role)
    return RedirectResponse(f"/employers/{employer_id}#roles", status_code=303)


# --- openings ----------------------------------------------------------------------------

def _opening_specs() -> list[Any]:
    return specs(JobOpening, OPENING_FIELDS, optional=("opened_on",))


def new_opening_form(ask: Ask) -> Response:
    _only_writers(ask)
    employer_id = number(ask, "employer_id", EMPLOYER)
    defaults = {"headcount": ["1"], "experience_required": ["false"],
                "employment_length": [EmploymentLength.REGULAR.value]}
    return _opening_form(ask, ask.me.get_employer(employer_id).employer, defaults, {})


def _opening_form(ask: Ask, found: Employer, sent: dict[str, list[str]],
                  errors: dict[str, list[str]], status: int = 200) -> Response:
    return ask.render("record_form.html", status,
                      title=ask.t(f"求人の登録: {found.name}", f"New job opening: {found.name}"),
                      action=f"/employers/{found.id}/openings/new",
                      inputs=form_inputs(ask, _opening_specs(), sent, errors),
                      general=errors.get("", []), submit=ask.t("登録する", "Register"),
                      back=(f"/employers/{found.id}", ask.t("事業所へ戻る", "Back to the employer")),
                      note=ask.t("受付日が空欄なら今日の日付になります。",
                                 "A blank received-on date means today."))


def add_opening(ask: Ask) -> Response:
    employer_id = number(ask, "employer_id", EMPLOYER)
    found = ask.me.get_employer(employer_id).employer
    sent = posted(ask)
    try:
        opening = ask.me.add_opening({**form_data(_opening_specs(), sent),
                                      "employer_id": employer_id})
    except InvalidInput as wrong:
        return _opening_form(ask, found, sent, errors_of(ask, wrong), 400)
    return RedirectResponse(f"/openings/{opening.id}", status_code=303)


def set_opening_status(ask: Ask) -> Response:
    opening_id = number(ask, "opening_id", OPENING)
    status = ask.field("status")
    if status not in {s.value for s in OpeningStatus}:
        raise InvalidInput([Problem("$.status", CHOOSE_STATUS)])
    ask.me.set_opening_status(opening_id, status)
    return RedirectResponse(f"/openings/{opening_id}", status_code=303)


ROUTES = [
    Route("/employers", page(board), methods=["GET"]),
    Route("/employers/new", page(new_employer_form), methods=["GET"]),
    Route("/employers/new", page(add_employer), methods=["POST"]),
    Route("/employers/{employer_id}", page(employer), methods=["GET"]),
    Route("/employers/{employer_id}/stage", page(move), methods=["POST"]),
    Route("/employers/{employer_id}/visits", page(record_visit), methods=["POST"]),
    Route("/employers/{employer_id}/roles", page(add_role), methods=["POST"]),
    Route("/employers/{employer_id}/roles/end", page(end_role), methods=["POST"]),
    Route("/employers/{employer_id}/openings/new", page(new_opening_form), methods=["GET"]),
    Route("/employers/{employer_id}/openings/new", page(add_opening), methods=["POST"]),
    Route("/openings/{opening_id}/status", page(set_opening_status), methods=["POST"]),
]
