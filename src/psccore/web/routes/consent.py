"""Consent on the web: a person's consents (record, withdraw) and disclosures, and
introducing them to an employer or referring them to an opening only under a consent
in force: the page says whether it holds, which consent is missing if not, and offers
the consent form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.consent import Consent, ConsentKind, DataCategory
from psccore.domain.fields import Choice
from psccore.errors import InvalidInput, NotAllowed, NotFound
from psccore.i18n import Label
from psccore.web.routes.employers import EMPLOYER, OPENING
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

PERSON = Label("相談者", "person")
CONSENT = Label("同意", "consent")
CONSENT_FIELDS = ("kind", "employer_id", "organisation", "categories", "purpose",
                  "valid_from", "valid_until", "form_reference")
#: What the consent form proposes for an introduction (staff change it as agreed).
PURPOSE = Label("就職に向けた事業所への紹介", "introduction to an employer for a job")
DOCUMENTS = {"introduction_sheet": Label("紹介票", "introduction sheet"),
             "referral": Label("職業紹介", "job referral")}


def _consent_specs(ask: Ask) -> list[Any]:
    employers = [Choice(value=str(e.id), label=Label(e.name, e.name))
                 for e in ask.me.list_employers()]
    return specs(Consent, CONSENT_FIELDS, choices={"employer_id": employers})


def _proposed(ask: Ask, employer_id: int | None) -> dict[str, list[str]]:
    """A new consent to give an employer the person's basic profile and work history,
    for a year from today."""
    today = ask.me.today()
    until = today.replace(year=today.year + 1) - dt.timedelta(days=1) \
        if (today.month, today.day) != (2, 29) else today + dt.timedelta(days=364)
    return {"kind": [ConsentKind.PROVIDE.value],
            "employer_id": [str(employer_id)] if employer_id else [],
            "categories": [DataCategory.BASIC_PROFILE.value, DataCategory.WORK_HISTORY.value],
            "purpose": [PURPOSE.text(ask.lang)], "valid_from": [today.isoformat()],
            "valid_until": [until.isoformat()]}


# --- the person's consents ---------------------------------------------------------------

def consents(ask: Ask, *, sent: dict[str, list[str]] | None = None,
             errors: dict[str, list[str]] | None = None, status: int = 200) -> Response:
    person_id = number(ask, "person_id", PERSON)
    me = ask.me
    person = me.get_person(person_id)
    names = {e.id: e.name for e in me.list_employers()}
    return ask.render(
        "consents.html", status, person=person, consents=me.list_consents(person_id),
        disclosures=me.list_disclosures(person_id), employers=names, documents=DOCUMENTS,
        inputs=form_inputs(ask, _consent_specs(ask), sent or _proposed(ask, None),
                           errors or {}),
        general=(errors or {}).get("", []), today=me.today(), back="",
        action=f"/people/{person_id}/consents")


def add_consent(ask: Ask) -> Response:
    """Record a consent; from the introduction page, back to it."""
    person_id = number(ask, "person_id", PERSON)
    sent = posted(ask)
    employer_id = form_number(ask, "employer")
    opening_id = form_number(ask, "opening")
    try:
        ask.me.add_consent(person_id, form_data(_consent_specs(ask), sent))
    except InvalidInput as wrong:
        if employer_id is not None:
            return _introduction(ask, person_id, employer_id, opening_id, sent=sent,
                                 errors=errors_of(ask, wrong), status=400)
        return consents(ask, sent=sent, errors=errors_of(ask, wrong), status=400)
    if employer_id is not None:
        return RedirectResponse(_introduce_path(person_id, employer_id, opening_id),
                                status_code=303)
    return RedirectResponse(f"/people/{person_id}/consents", status_code=303)


def withdraw(ask: Ask) -> Response:
    person_id = number(ask, "person_id", PERSON)
    consent_id = number(ask, "consent_id", CONSENT)
    if consent_id not in {c.id for c in ask.me.list_consents(person_id)}:
        raise NotFound.of(CONSENT, consent_id)  # not this person's: as any unknown one
    ask.me.withdraw_consent(consent_id)
    return RedirectResponse(f"/people/{person_id}/consents", status_code=303)


# --- introduce and refer -----------------------------------------------------------------

def _introduce_path(person_id: int, employer_id: int, opening_id: int | None) -> str:
    query = f"?opening={opening_id}" if opening_id else ""
    return f"/people/{person_id}/introduce/{employer_id}{query}"


def introduction(ask: Ask) -> Response:
    return _introduction(ask, number(ask, "person_id", PERSON),
                         number(ask, "employer_id", EMPLOYER), form_number(ask, "opening"))


def _introduction(ask: Ask, person_id: int, employer_id: int, opening_id: int | None, *,
                  sent: dict[str, list[str]] | None = None,
                  errors: dict[str, list[str]] | None = None, refused: str = "",
                  status: int = 200) -> Response:
    """Whether the consent holds; if not, why, and the consent form for this employer."""
    me = ask.me
    person = me.get_person(person_id)
    check = me.consent_to_disclose(person_id, employer_id)
    employer = me.get_employer(employer_id).employer
    opening = me.get_opening(opening_id) if opening_id else None
    if opening is not None and opening.employer_id != employer_id:
        opening = None
    applied = [a for a in me.list_applications(person_id) if a.in_force(me.today())]
    why = check.why_not.text(ask.lang).lstrip("：: ") if check.why_not else ""
    return ask.render(
        "introduce.html", status, person=person, employer=employer, opening=opening,
        check=check, why=why, applied=bool(applied), refused=refused,
        categories=coded_choices(ask, [c for c in DataCategory
                                       if check.consent and c in check.consent.categories]),
        inputs=form_inputs(ask, _consent_specs(ask), sent or _proposed(ask, employer_id),
                           errors or {}),
        general=(errors or {}).get("", []), today=me.today(),
        action=f"/people/{person_id}/consents")


def introduce(ask: Ask) -> Response:
    """Make the introduction sheet (recorded as a disclosure), or say why not."""
    person_id = number(ask, "person_id", PERSON)
    employer_id = number(ask, "employer_id", EMPLOYER)
    opening_id = form_number(ask, "opening")
    try:
        sheet = ask.me.introduce(person_id, employer_id, ask.fields("categories") or None)
    except NotAllowed as refused:
        return _introduction(ask, person_id, employer_id, opening_id,
                             refused=refused.text(ask.lang), status=409)
    return ask.render("sheet.html", sheet=sheet, person=ask.me.get_person(person_id),
                      referral=None, document=DOCUMENTS["introduction_sheet"].text(ask.lang))


def refer(ask: Ask) -> Response:
    """職業紹介 to the opening, under the same consent check (recorded as a disclosure)."""
    person_id = number(ask, "person_id", PERSON)
    opening_id = number(ask, "opening_id", OPENING)
    employer_id = ask.me.get_opening(opening_id).employer_id
    try:
        result = ask.me.refer(person_id, opening_id, categories=ask.fields("categories") or None)
    except (NotAllowed, InvalidInput) as refused:
        return _introduction(ask, person_id, employer_id, opening_id,
                             refused=refused.text(ask.lang), status=409)
    return ask.render("sheet.html", sheet=result.sheet, person=ask.me.get_person(person_id),
                      referral=result.referral, document=DOCUMENTS["referral"].text(ask.lang))


def register_seeker(ask: Ask) -> Response:
    """求職登録 with the library's defaults (the preferences' work, three months)."""
    person_id = number(ask, "person_id", PERSON)
    employer_id = form_number(ask, "employer")
    ask.me.register_seeker(person_id, {})
    if employer_id is not None:
        return RedirectResponse(_introduce_path(person_id, employer_id,
                                                form_number(ask, "opening")), status_code=303)
    return RedirectResponse(f"/people/{person_id}", status_code=303)


ROUTES = [
    Route("/people/{person_id}/consents", page(consents), methods=["GET"]),
    Route("/people/{person_id}/consents", page(add_consent), methods=["POST"]),
    Route("/people/{person_id}/consents/{consent_id}/withdraw", page(withdraw),
          methods=["POST"]),
    Route("/people/{person_id}/introduce/{employer_id}", page(introduction), methods=["GET"]),
    Route("/people/{person_id}/introduce/{employer_id}", page(introduce), methods=["POST"]),
    Route("/people/{person_id}/refer/{opening_id}", page(refer), methods=["POST"]),
    Route("/people/{person_id}/seeker", page(register_seeker), methods=["POST"]),
]
