"""Matching with the explanation: an opening's page with the people ranked for it,
a case's openings ranked for its person, and the person's job preferences form."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.convert import unstructure
from psccore.domain.employers import JobPreference, OpeningStatus
from psccore.domain.matching import Fit
from psccore.errors import InvalidInput
from psccore.i18n import Label
from psccore.web.forms import show
from psccore.web.routes.employers import OPENING, may_write
from psccore.web.routes.record_forms import (
    coded_choices,
    errors_of,
    form_data,
    form_inputs,
    number,
    posted,
    posted_from,
    specs,
)
from psccore.web.serving import Ask, page

CASE = Label("ケース", "case")
PERSON = Label("相談者", "person")
PREFERENCE_FIELDS = ("duties", "industries", "cannot_do", "areas", "max_hours_per_day",
                     "max_days_per_week", "times_of_day", "min_hourly_wage",
                     "has_experience", "needs_gradual_start")
#: The mark beside each condition (also said in words: colour is not the only cue).
MARKS = {Fit.FITS: "fits", Fit.RELAXABLE: "relaxable", Fit.NO_FIT: "no-fit"}


def opening(ask: Ask) -> Response:
    """The opening, and the people with open cases ranked for it (only those the staff
    member may read), each condition explained."""
    opening_id = number(ask, "opening_id", OPENING)
    me = ask.me
    found = me.get_opening(opening_id)
    employer = me.get_employer(found.employer_id).employer
    matches = me.match_opening(opening_id)
    people = {m.person_id: me.get_person(m.person_id) for m in matches}
    return ask.render("opening.html", opening=found, employer=employer,
                      matches=matches, people=people, marks=MARKS, may_write=may_write(ask),
                      statuses=coded_choices(ask, list(OpeningStatus)))


def case_matching(ask: Ask) -> Response:
    """The open openings ranked for the case's person, each condition explained."""
    case_id = number(ask, "case_id", CASE)
    me = ask.me
    detail = me.get_case(case_id)
    person_id = detail.person.id or 0
    preferences = me.get_preferences(person_id)
    matches = me.match_person(person_id) if preferences is not None else []
    employers = {e.id: e for e in me.list_employers()}
    return ask.render("case_matching.html", detail=detail, preferences=preferences,
                      matches=matches, employers=employers, marks=MARKS,
                      shown=_preferences_shown(ask, preferences))


def _preferences_shown(ask: Ask, preferences: JobPreference | None) -> list[tuple[str, str]]:
    """The preferences as labelled lines (choice labels, yes or no)."""
    if preferences is None:
        return []
    plain = {k: f"{v:g}" if isinstance(v, float) else v
             for k, v in unstructure(preferences).items()}
    return [(s.label.text(ask.lang), show(s, plain.get(s.name), ask.lang))
            for s in specs(JobPreference, PREFERENCE_FIELDS)]


# --- job preferences ---------------------------------------------------------------------

def preferences_form(ask: Ask) -> Response:
    person_id = number(ask, "person_id", PERSON)
    person = ask.me.get_person(person_id)
    found = specs(JobPreference, PREFERENCE_FIELDS)
    return _preferences(ask, person, posted_from(ask.me.get_preferences(person_id), found), {})


def _preferences(ask: Ask, person: Any, sent: dict[str, list[str]],
                 errors: dict[str, list[str]], status: int = 200) -> Response:
    back = ask.request.query_params.get("case", "")
    action = f"/people/{person.id}/preferences" + (f"?case={back}" if back.isdigit() else "")
    return ask.render(
        "record_form.html", status, title=ask.t(f"希望条件: {person.name}",
                                                f"Job preferences: {person.name}"),
        action=action, inputs=form_inputs(ask, specs(JobPreference, PREFERENCE_FIELDS),
                                          sent, errors),
        general=errors.get("", []), submit=ask.t("保存する", "Save"),
        note=ask.t("複数の語は「、」かカンマで区切ってください（例: 軽作業、パソコン）。",
                   "Separate several words with commas (e.g. packing, computer)."),
        back=(f"/cases/{back}/matching" if back.isdigit() else f"/people/{person.id}",
              ask.t("戻る", "Back")))


def set_preferences(ask: Ask) -> Response:
    person_id = number(ask, "person_id", PERSON)
    person = ask.me.get_person(person_id)
    sent = posted(ask)
    data = form_data(specs(JobPreference, PREFERENCE_FIELDS), sent, blanks=True)
    try:
        ask.me.set_preferences(person_id, data)
    except InvalidInput as wrong:
        return _preferences(ask, person, sent, errors_of(ask, wrong), 400)
    back = ask.request.query_params.get("case", "")
    return RedirectResponse(f"/cases/{back}/matching" if back.isdigit()
                            else f"/people/{person_id}", status_code=303)


ROUTES = [
    Route("/openings/{opening_id}", page(opening), methods=["GET"]),
    Route("/cases/{case_id}/matching", page(case_matching), methods=["GET"]),
    Route("/people/{person_id}/preferences", page(preferences_form), methods=["GET"]),
    Route("/people/{person_id}/preferences", page(set_preferences), methods=["POST"]),
]
