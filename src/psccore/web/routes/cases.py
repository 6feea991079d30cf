"""The person and case pages, the quick support record and taking a case over."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.access import HIDDEN
from psccore.domain.catalogues import ContactKind
from psccore.errors import InvalidInput, NotFound
from psccore.web.forms import problems_by_field, show
from psccore.web.routes.case_actions import case_work
from psccore.web.routes.transfer import case_office
from psccore.web.serving import Ask, page


def _id(ask: Ask, name: str) -> int:
    text = str(ask.request.path_params.get(name, ""))
    if not text.isdigit() or len(text) > 9:
        raise NotFound.of(HIDDEN, "")  # answered as any other page not found
    return int(text)


def person(ask: Ask) -> Response:
    me = ask.me
    found = me.get_person(_id(ask, "person_id"))
    cases = me.list_cases(person_id=found.id, limit=100)
    return ask.render("person.html", person=found, cases=cases, programs=me.programs,
                      may_open=_writable_programs(ask))


def _writable_programs(ask: Ask) -> list[tuple[str, str]]:
    from psccore.domain.access import Action, FieldClass

    grants = ask.me.my_grants()
    return [(code, p.label.text(ask.lang)) for code, p in sorted(ask.me.programs.items())
            if grants.allows(Action.WRITE, FieldClass.GENERAL, [code])]


def case(ask: Ask, record_errors: dict[str, list[str]] | None = None,
         status: int = 200, step_errors: dict[int, list[str]] | None = None) -> Response:
    me = ask.me
    case_id = _id(ask, "case_id")
    detail = me.get_case(case_id)
    plans = me.list_plans(case_id)
    may_write = _may_write(ask, detail)
    return ask.render(
        "case.html", status, detail=detail, answers=_answers(ask, detail),
        timeline=me.timeline(case_id), plans=plans, step_errors=step_errors or {},
        **case_work(ask, detail, plans),
        records=me.list_records(case_id), kinds=_kinds(ask), errors=record_errors or {},
        posted={k: ask.field(k) for k in ("on", "kind", "summary")} if record_errors else {},
        today=me.today(), programs=me.programs, may_write=may_write,
        may_export=may_export(ask, detail), **case_office(ask, detail, may_write),
        **_caseworker(ask, detail))


def _caseworker(ask: Ask, detail: Any) -> dict[str, Any]:
    """Who the case's caseworker is (by name), and whether it is the signed-in staff
    member, who then is not offered to take the case over."""
    assigned = detail.case.assigned_staff_id
    return {"caseworker": detail.caseworker,
            "is_mine": assigned is not None and assigned == ask.me.my_grants().staff_id}


def _may_write(ask: Ask, detail: Any) -> bool:
    """Whether to offer the forms that change the case (the library decides anyway)."""
    from psccore.domain.access import Action, FieldClass

    return ask.me.my_grants().allows(Action.WRITE, FieldClass.GENERAL,
                                     [e.program for e in detail.enrollments])


def _kinds(ask: Ask) -> list[tuple[str, str]]:
    return [(k.value, k.label.text(ask.lang)) for k in ContactKind]


def _answers(ask: Ask, detail: Any) -> list[dict[str, Any]]:
    """Each enrollment's answers as labelled lines; a withheld answer says so and
    never carries its value."""
    shown = []
    for enrollment in detail.enrollments:
        program = ask.me.programs.get(enrollment.program)
        entry: dict[str, Any] = {"enrollment": enrollment, "lines": [],
                                 "title": program.label.text(ask.lang) if program else
                                 ask.t("（未導入の事業）", "(a program not installed)"),
                                 "hidden": enrollment.program in detail.hidden_programs}
        masked = {m.split(".", 1)[1] for m in detail.masked_fields
                  if m.startswith(enrollment.program + ".")}
        if program is not None and not entry["hidden"]:
            for spec in program.fields():
                withheld = spec.name in masked
                value = None if withheld else enrollment.intake.get(spec.name)
                entry["lines"].append((spec.label.text(ask.lang), spec.sensitive, withheld,
                                       "" if withheld else show(spec, value, ask.lang)))
            entry["facts"] = [(f.label.text(ask.lang), f.value)
                              for f in detail.program_facts.get(enrollment.program, [])]
        shown.append(entry)
    return shown


def add_record(ask: Ask) -> Response:
    case_id = _id(ask, "case_id")
    data = {k: v for k in ("on", "kind", "summary") if (v := ask.field(k))}
    data.setdefault("on", ask.me.today().isoformat())
    htmx = bool(ask.request.headers.get("hx-request"))
    try:
        ask.me.add_record(case_id, data)
    except InvalidInput as wrong:
        errors = problems_by_field(wrong.problems, ask.lang)
        if htmx:
            return _records_part(ask, case_id, errors)
        return case(ask, errors, 400)
    if htmx:
        return _records_part(ask, case_id, {})
    return RedirectResponse(f"/cases/{case_id}#records", status_code=303)


def _records_part(ask: Ask, case_id: int, errors: dict[str, list[str]]) -> Response:
    posted = {k: ask.field(k) for k in ("on", "kind", "summary")} if errors else {}
    detail = ask.me.get_case(case_id)
    return ask.render("_records.html", detail=detail, may_write=_may_write(ask, detail),
                      records=ask.me.list_records(case_id), kinds=_kinds(ask),
                      errors=errors, posted=posted, today=ask.me.today())


def take_over(ask: Ask) -> Response:
    """Make the signed-in staff member the case's caseworker; the version they saw
    must still be the case's (else: changed by someone else, nothing overwritten)."""
    case_id = _id(ask, "case_id")
    version = ask.field("version")
    ask.me.assign_case(case_id, ask.login or "",
                       expected_version=int(version) if version.isdigit() else None)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def may_export(ask: Ask, detail: Any) -> bool:
    """Whether to offer the case's export (the library decides anyway)."""
    from psccore.domain.access import Action, FieldClass

    return ask.me.my_grants().allows(Action.EXPORT, FieldClass.GENERAL,
                                     [e.program for e in detail.enrollments])


def export(ask: Ask) -> Response:
    """The whole case in the transfer format (``psc case import`` reads it), made and
    audited as an export by the library; refused as any page not found."""
    import json

    from psccore.domain.convert import unstructure
    from psccore.web.routes.documents import download

    case_id = _id(ask, "case_id")
    text = json.dumps(unstructure(ask.me.export_case(case_id)), ensure_ascii=False, indent=2)
    today = ask.me.today().isoformat()
    return download((text + "\n").encode(), "json",
                    ask.t(f"ケース{case_id}_書き出し_{today}", f"case {case_id} export {today}"),
                    f"case-{case_id}-{today}")


ROUTES = [
    Route("/people/{person_id}", page(person), methods=["GET"]),
    Route("/cases/{case_id}", page(case), methods=["GET"]),
    Route("/cases/{case_id}/records", page(add_record), methods=["POST"]),
    Route("/cases/{case_id}/take-over", page(take_over), methods=["POST"]),
    Route("/cases/{case_id}/export", page(export), methods=["POST"]),
]
