"""*Find*: one search box for people (name, kana, phone), case numbers and employers;
and registering a person not found (new consultations start there)."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.access import HIDDEN, Action
from psccore.domain.employers import Employer
from psccore.domain.names import id_key
from psccore.domain.people import Person
from psccore.errors import AccessRefused, InvalidInput, NotAllowed, NotFound
from psccore.web.routes.record_forms import errors_of, form_data, form_inputs, posted, specs
from psccore.web.serving import Ask, page

#: What the registration asks (the person's record; the organisation is the staff's).
PERSON_FIELDS = ("name", "kana", "birth_date", "phone", "email", "postal_code", "ward",
                 "address")
#: Sent once the staff member has seen the people alike and registers someone else.
ANOTHER = "another_person"


def search(ask: Ask) -> Response:
    text = ask.request.query_params.get("q", "").strip()[:100]
    found = ask.me.search(text) if text else None
    template = "_results.html" if ask.request.headers.get("hx-request") else "search.html"
    return ask.render(template, q=text, found=found, programs=ask.me.programs,
                      employers=_employers(ask, text), may_register=_may_register(ask))


def _may_register(ask: Ask) -> bool:
    """Whether to offer registering a person (the library decides anyway)."""
    return ask.me.my_grants().allows_any(Action.WRITE)


def new_person_form(ask: Ask) -> Response:
    if not _may_register(ask):
        raise NotFound.of(HIDDEN, "")  # as any page not found
    return _person_form(ask, {}, {})


def _person_form(ask: Ask, sent: dict[str, list[str]], errors: dict[str, list[str]],
                 alike: list[Person] | None = None, status: int = 200) -> Response:
    return ask.render("new_person.html", status,
                      inputs=form_inputs(ask, specs(Person, PERSON_FIELDS), sent, errors),
                      general=errors.get("", []), alike=alike or [], another=ANOTHER)


def add_person(ask: Ask) -> Response:
    """Register the person; someone alike already registered is shown first (the same
    kana, or name and birth date), registered only when the staff member says the
    person is someone else."""
    sent = posted(ask)
    data: dict[str, Any] = form_data(specs(Person, PERSON_FIELDS), sent)
    another = ask.field(ANOTHER) == "yes"
    try:
        alike = [] if another else ask.me.possible_duplicates(data)
        if alike:
            return _person_form(ask, sent, {}, alike, 409)
        person = ask.me.add_person(data, allow_duplicate=another)
    except InvalidInput as wrong:
        return _person_form(ask, sent, errors_of(ask, wrong), status=400)
    except AccessRefused:
        raise  # answered as any refusal
    except NotAllowed as refused:  # alike in an office the staff member may not read
        return _person_form(ask, sent, {"": [refused.text(ask.lang)]}, status=409)
    return RedirectResponse(f"/people/{person.id}", status_code=303)


def _employers(ask: Ask, text: str) -> list[Employer]:
    """Employers by name, kana or phone (a number is a case's, not an employer's)."""
    from psccore.domain.access import Action

    if not text or id_key(text) is not None or not ask.me.my_grants().allows_any(Action.READ):
        return []
    return list(ask.me.resolve_employer(text).matches)


ROUTES = [Route("/search", page(search), methods=["GET"]),
          # before /people/{person_id} (the case pages' module comes later)
          Route("/people/new", page(new_person_form), methods=["GET"]),
          Route("/people/new", page(add_person), methods=["POST"])]
