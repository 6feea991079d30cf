"""Moving a case to another office (拠点の移管) from its page: a form naming the office,
whether the sensitive answers go, and the version of the case seen; the library checks
the consents and roles, and nothing is written unless it accepts. Offered only where
there is more than one office, to staff whose roles allow writing the case."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.access import HIDDEN, Action, FieldClass
from psccore.errors import ConcurrentEdit, InvalidInput, NotAllowed, NotFound, Withheld
from psccore.web.forms import problems_by_field
from psccore.web.serving import Ask, page

TO, WITH_SENSITIVE = "to", "with_sensitive"


def case_office(ask: Ask, detail: Any, may_write: bool) -> dict[str, Any]:
    """The case page's office: its name, and whether to offer a transfer."""
    offices = ask.me.offices()
    name = next((o.name for o in offices if o.id == detail.case.office_id), "")
    return {"office_name": name if len(offices) > 1 else "",
            "may_transfer": may_write and len(offices) > 1
            and detail.case.status.value == "open"}


def _may_write(ask: Ask, detail: Any) -> bool:
    return ask.me.my_grants().at(detail.case.office_id).allows(
        Action.WRITE, FieldClass.GENERAL, [e.program for e in detail.enrollments])


def _case_id(ask: Ask) -> int:
    text = str(ask.request.path_params.get("case_id", ""))
    if not text.isdigit() or len(text) > 9:
        raise NotFound.of(HIDDEN, "")
    return int(text)


def _form(ask: Ask, detail: Any, errors: dict[str, list[str]], status: int = 200,
          changed: str = "") -> Response:
    offices = ask.me.offices()
    if len(offices) < 2 or not _may_write(ask, detail):
        raise NotFound.of(HIDDEN, "")
    here = next((o for o in offices if o.id == detail.case.office_id), None)
    names = {g.id: g.name for g in ask.me.organisations()}
    choices = [(o.name, ask.t(f"{o.name}（{names.get(o.organisation_id, '')}）",
                              f"{o.name} ({names.get(o.organisation_id, '')})"))
               for o in offices if o.id != detail.case.office_id]
    return ask.render(
        "transfer.html", status, detail=detail, here=here.name if here else "",
        choices=choices, to=ask.field(TO), with_sensitive=bool(ask.field(WITH_SENSITIVE)),
        errors=errors, general=errors.get("", []), changed=changed)


def transfer_form(ask: Ask) -> Response:
    return _form(ask, ask.me.get_case(_case_id(ask)), {})


def transfer(ask: Ask) -> Response:
    """Transfer the case; the library's refusals beside the fields, nothing written."""
    case_id = _case_id(ask)
    detail = ask.me.get_case(case_id)
    version, to = ask.field("version"), ask.field(TO)
    offices = {o.name: o for o in ask.me.offices()}
    here = next((o for o in offices.values() if o.id == detail.case.office_id), None)
    target = offices.get(to)
    if target is None:
        errors = {TO: [ask.t("移管先の拠点を選んでください", "choose the office to move to")]}
        return _form(ask, detail, errors, 400)
    try:
        moved = ask.me.transfer_case(
            case_id, to, with_sensitive=bool(ask.field(WITH_SENSITIVE)),
            expected_version=int(version) if version.isdigit() else None)
    except InvalidInput as wrong:
        return _form(ask, detail, problems_by_field(wrong.problems, ask.lang), 400)
    except ConcurrentEdit as stale:
        return _form(ask, detail, {}, 409, changed=stale.text(ask.lang))
    except Withheld:
        raise
    except NotAllowed as refused:  # a consent missing, or a role that may not give it
        within = here is not None and here.organisation_id == target.organisation_id
        key = WITH_SENSITIVE if within and ask.field(WITH_SENSITIVE) else TO
        return _form(ask, detail, {key: [refused.text(ask.lang)]}, 400)
    try:
        ask.me.get_case(case_id)
    except NotFound:  # the receiving office is not one the staff member works in
        return ask.render("transfer_done.html", case_id=case_id, to=moved.to_office)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


ROUTES = [
    Route("/cases/{case_id}/transfer", page(transfer_form), methods=["GET"]),
    Route("/cases/{case_id}/transfer", page(transfer), methods=["POST"]),
]
