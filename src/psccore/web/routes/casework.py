"""Case work: the assessment, the evaluation of a plan, starting and ending its steps,
closing the case (終結) and reopening it. Each form is one call to ``Psc``: nothing is
saved until the whole form is valid."""

from __future__ import annotations

from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.access import HIDDEN
from psccore.domain.cases import CLOSURE_REASON_NEEDED
from psccore.domain.catalogues import ClosureReason, LifeDomain
from psccore.domain.workflow import Assessment, Evaluation, GoalResult
from psccore.errors import ConcurrentEdit, InvalidInput, NotFound, Problem
from psccore.web.forms import (
    choices_of,
    day_or_problem,
    described,
    first,
    inputs,
    long_text,
    moved,
    parse,
    posted_lists,
    problems_by_field,
    renumbered,
)
from psccore.web.routes.cases import _id, case
from psccore.web.serving import Ask, page

Errors = dict[str, list[str]]
Posted = dict[str, list[str]]
RATINGS = ("1", "2", "3", "4", "5")
STEP_MOVES = ("start", "end", "cancel")
STALE = ("他の人がこのケースを変更しました。最新の内容を確かめてから、もう一度送信してください。"
         "何も上書きしていません。",
         "Someone else changed this case. Check what it says now, then send again. "
         "Nothing was overwritten.")


# --- assessment ----------------------------------------------------------------------

ASSESSMENT_FIELDS = ("assessed_on", "autonomy_stage", "barriers", "barrier_notes", "summary")


def assessment_form(ask: Ask) -> Response:
    detail = ask.me.get_case(_id(ask, "case_id"))
    return _assessment(ask, detail, {"assessed_on": [ask.me.today().isoformat()]}, {})


def _assessment(ask: Ask, detail: Any, posted: Posted, errors: Errors,
                status: int = 200) -> Response:
    fields = long_text(inputs(described(Assessment, ASSESSMENT_FIELDS), posted, ask.lang,
                              errors), ("barrier_notes", "summary"))
    domains = [(i, code, text, first(posted, f"ratings.{i}.rating"),
                first(posted, f"ratings.{i}.note"),
                errors.get(f"ratings.{i}.rating", []) + errors.get(f"ratings.{i}.domain", [])
                + errors.get(f"ratings.{i}.note", []))
               for i, (code, text) in enumerate(choices_of(LifeDomain, ask.lang))]
    return ask.render("assessment.html", status, detail=detail, fields=fields,
                      domains=domains, ratings=RATINGS, general=_general_errors(errors))


def record_assessment(ask: Ask) -> Response:
    case_id = _id(ask, "case_id")
    detail = ask.me.get_case(case_id)
    posted = posted_lists(ask.form)
    data = parse(described(Assessment, ASSESSMENT_FIELDS), posted)
    ratings, kept = [], []
    for i, (code, _) in enumerate(choices_of(LifeDomain, ask.lang)):
        rating, note = first(posted, f"ratings.{i}.rating"), first(posted, f"ratings.{i}.note")
        if rating or note:
            ratings.append({"domain": code, "rating": rating or None, "note": note or None})
            kept.append(i)
    data["ratings"] = ratings
    try:
        ask.me.record_assessment(case_id, data)
    except InvalidInput as wrong:
        errors = renumbered(problems_by_field(wrong.problems, ask.lang), "ratings", kept)
        return _assessment(ask, detail, posted, errors, 400)
    return RedirectResponse(f"/cases/{case_id}#assessments", status_code=303)


# --- evaluation ----------------------------------------------------------------------

EVALUATION_FIELDS = ("evaluated_on", "next_action", "note")


def evaluation_form(ask: Ask) -> Response:
    plan = ask.me.get_plan(_id(ask, "plan_id"))
    return _evaluation(ask, plan, {"evaluated_on": [ask.me.today().isoformat()]}, {})


def _evaluation(ask: Ask, plan: Any, posted: Posted, errors: Errors,
                status: int = 200) -> Response:
    detail = ask.me.get_case(plan.plan.case_id)
    fields = long_text(inputs(described(Evaluation, EVALUATION_FIELDS), posted, ask.lang,
                              errors), ("note",))
    goals = [(i, goal, first(posted, f"results.{i}.result"), first(posted, f"results.{i}.note"),
              errors.get(f"results.{i}.result", []) + errors.get(f"results.{i}.goal_id", [])
              + errors.get(f"results.{i}.note", []))
             for i, goal in enumerate(plan.goals)]
    return ask.render("evaluation.html", status, detail=detail, plan=plan, fields=fields,
                      goals=goals, results=choices_of(GoalResult, ask.lang),
                      general=_general_errors(errors, "plan_id"))


def evaluate(ask: Ask) -> Response:
    plan = ask.me.get_plan(_id(ask, "plan_id"))
    posted = posted_lists(ask.form)
    data = parse(described(Evaluation, EVALUATION_FIELDS), posted)
    results, kept = [], []
    for i, goal in enumerate(plan.goals):
        result, note = first(posted, f"results.{i}.result"), first(posted, f"results.{i}.note")
        if result or note:
            results.append({"goal_id": goal.id, "result": result or None, "note": note or None})
            kept.append(i)
    data["results"] = results
    try:
        ask.me.evaluate(plan.plan.id or 0, data)
    except InvalidInput as wrong:
        errors = renumbered(problems_by_field(wrong.problems, ask.lang), "results", kept)
        return _evaluation(ask, plan, posted, errors, 400)
    return RedirectResponse(f"/cases/{plan.plan.case_id}#plans", status_code=303)


# --- closure and reopening --------------------------------------------------------------

CLOSURE_NAMES = {"closure_reason": "reason", "closure_note": "note", "closed_on": "on"}


def closure_form(ask: Ask) -> Response:
    detail = ask.me.get_case(_id(ask, "case_id"))
    return _closure(ask, detail, {"version": [str(detail.case.version)]}, {})


def _closure(ask: Ask, detail: Any, posted: Posted, errors: Errors, status: int = 200,
             stale: bool = False) -> Response:
    return ask.render("closure.html", status, detail=detail, posted=posted, errors=errors,
                      reasons=choices_of(ClosureReason, ask.lang), stale=stale,
                      stale_text=ask.t(*STALE), general=_general_errors(errors),
                      value=lambda name: first(posted, name))


def close_case(ask: Ask) -> Response:
    case_id = _id(ask, "case_id")
    posted = posted_lists(ask.form)
    version = first(posted, "version")
    on, problems = day_or_problem(first(posted, "on"), "$.on")
    if problems and not first(posted, "reason"):  # the library would say so too
        problems.append(Problem("$.closure_reason", CLOSURE_REASON_NEEDED))
    try:
        if problems:
            raise InvalidInput(problems)
        ask.me.close_case(case_id, first(posted, "reason"), first(posted, "note") or None, on,
                          expected_version=int(version) if version.isdigit() else None)
    except InvalidInput as wrong:
        errors = moved(problems_by_field(wrong.problems, ask.lang), CLOSURE_NAMES)
        return _closure(ask, ask.me.get_case(case_id), posted, errors, 400)
    except ConcurrentEdit:
        detail = ask.me.get_case(case_id)  # as it is now; the form keeps what was typed
        posted["version"] = [str(detail.case.version)]
        return _closure(ask, detail, posted, {}, 409, stale=True)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def reopen_form(ask: Ask) -> Response:
    detail = ask.me.get_case(_id(ask, "case_id"))
    return ask.render("reopen.html", detail=detail, on="", errors={}, general=[])


def reopen(ask: Ask) -> Response:
    case_id = _id(ask, "case_id")
    typed = ask.field("on")
    on, problems = day_or_problem(typed, "$.on")
    try:
        if problems:
            raise InvalidInput(problems)
        again = ask.me.reopen_case(case_id, on)
    except InvalidInput as wrong:
        errors = problems_by_field(wrong.problems, ask.lang)
        return ask.render("reopen.html", 400, detail=ask.me.get_case(case_id), on=typed,
                          errors=errors, general=_general_errors(errors))
    return RedirectResponse(f"/cases/{again.case.id}", status_code=303)


# --- steps -------------------------------------------------------------------------------

def move_step(ask: Ask) -> Response:
    """Start, end or cancel a step of the approved plan, on the date typed (blank: today)."""
    case_id, step_id = _id(ask, "case_id"), _id(ask, "step_id")
    how = str(ask.request.path_params.get("how"))
    if how not in STEP_MOVES or not any(
            s.id == step_id for p in ask.me.list_plans(case_id) for s in p.steps):
        raise NotFound.of(HIDDEN, "")  # a step of another case: as any page not found
    on, problems = day_or_problem(ask.field("on"), "$.on")
    try:
        if problems:
            raise InvalidInput(problems)
        if how == "start":
            ask.me.start_step(step_id, on)
        else:
            ask.me.end_step(step_id, on, cancelled=how == "cancel")
    except InvalidInput as wrong:
        messages = [m for ms in problems_by_field(wrong.problems, ask.lang).values() for m in ms]
        return case(ask, status=400, step_errors={step_id: messages})
    return RedirectResponse(f"/cases/{case_id}#plans", status_code=303)


def _general_errors(errors: Errors, *also: str) -> list[str]:
    """Problems that belong to no input of the form (shown above it)."""
    return [m for key in ("", "case_id", *also) for m in errors.get(key, [])]


ROUTES = [
    Route("/cases/{case_id}/assessments/new", page(assessment_form), methods=["GET"]),
    Route("/cases/{case_id}/assessments/new", page(record_assessment), methods=["POST"]),
    Route("/plans/{plan_id}/evaluate", page(evaluation_form), methods=["GET"]),
    Route("/plans/{plan_id}/evaluate", page(evaluate), methods=["POST"]),
    Route("/cases/{case_id}/close", page(closure_form), methods=["GET"]),
    Route("/cases/{case_id}/close", page(close_case), methods=["POST"]),
    Route("/cases/{case_id}/reopen", page(reopen_form), methods=["GET"]),
    Route("/cases/{case_id}/reopen", page(reopen), methods=["POST"]),
    Route("/cases/{case_id}/steps/{step_id}/{how:str}", page(move_step), methods=["POST"]),
]
