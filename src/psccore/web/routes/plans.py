"""Plans: draft one (goals, and steps picked from every program's support menu), draft
the next version from an earlier one (再プラン), and the coordination meeting
(支援調整会議) that decides on several plans at once. A step may name a program the
case is not enrolled in yet: the plan is the application to it, and the case is
enrolled before the step starts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from psccore.domain.access import HIDDEN
from psccore.domain.workflow import Decision, Plan
from psccore.errors import InvalidInput, NotFound, Problem
from psccore.i18n import Label
from psccore.web.forms import (
    choices_of,
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
from psccore.web.routes.cases import _id
from psccore.web.serving import Ask, page

Errors = dict[str, list[str]]
Posted = dict[str, list[str]]
PLAN_FIELDS = ("long_term_goal", "period_start", "period_end", "wishes", "problems",
               "points_of_care", "employment_support")
LONG = ("wishes", "problems", "points_of_care")
GOAL_ROWS, STEP_ROWS = 3, 4  # blank rows offered (a re-plan: one or two more than it has)
NOT_FROM_THIS_CASE = Label("このケースのプランではありません", "not a plan of this case")


# --- the plan form ---------------------------------------------------------------------

def plan_form(ask: Ask) -> Response:
    case_id = _id(ask, "case_id")
    detail = ask.me.get_case(case_id)
    earlier = ask.request.query_params.get("from", "")
    posted: Posted = {}
    if earlier.isdigit():
        plan = ask.me.get_plan(int(earlier))
        if plan.plan.case_id != case_id:
            return _plan(ask, detail, {}, {"": [NOT_FROM_THIS_CASE.text(ask.lang)]}, 400)
        posted = _from_plan(ask, plan)
    return _plan(ask, detail, posted, {})


def _from_plan(ask: Ask, plan: Any) -> Posted:
    """An earlier plan as the form's answers: what a re-plan starts from (its goals and
    its steps not yet ended)."""
    def text(value: object) -> list[str]:
        if isinstance(value, bool):
            return ["true" if value else "false"]
        if isinstance(value, dt.date):
            return [value.isoformat()]
        return [] if value is None else [str(value)]

    posted = {name: text(getattr(plan.plan, name)) for name in PLAN_FIELDS}
    posted["from"] = [str(plan.plan.id)]
    for i, goal in enumerate(plan.goals):
        posted |= {f"goals.{i}.text": [goal.text], f"goals.{i}.target_date": text(goal.target_date),
                   f"goals.{i}.short_term": text(goal.short_term)}
    logins = {s.id: s.login for s in _staff(ask)}
    going = [s for s in plan.steps if s.status.value in ("planned", "started")]
    for i, step in enumerate(going):
        posted |= {f"steps.{i}.menu": [f"{step.program}.{step.kind}"],
                   f"steps.{i}.start_on": text(step.start_on),
                   f"steps.{i}.end_on": text(step.end_on), f"steps.{i}.note": text(step.note),
                   f"steps.{i}.staff": text(logins.get(step.staff_id))}
    return posted


def _staff(ask: Ask) -> list[Any]:
    return [s for s in ask.me.list_staff() if s.active]


def _plan(ask: Ask, detail: Any, posted: Posted, errors: Errors,
          status: int = 200) -> Response:
    fields = long_text(inputs(described(Plan, PLAN_FIELDS), posted, ask.lang, errors), LONG)
    goals = [_row(posted, errors, "goals", i, ("text", "short_term", "target_date"))
             for i in range(_count(posted, "goals", GOAL_ROWS, 1))]
    steps = [_row(posted, errors, "steps", i, ("menu", "start_on", "end_on", "staff", "note"))
             for i in range(_count(posted, "steps", STEP_ROWS, 2))]
    return ask.render("plan.html", status, detail=detail, fields=fields, goals=goals,
                      steps=steps, step_menu=_menu(ask, detail), staff=_staff(ask),
                      earlier=first(posted, "from"),
                      general=[m for k in ("", "case_id", "plan_id", "goals", "steps")
                               for m in errors.get(k, [])])


def _count(posted: Posted, prefix: str, least: int, more: int) -> int:
    used = {int(k.split(".")[1]) for k in posted
            if k.startswith(prefix + ".") and k.split(".")[1].isdigit() and any(posted[k])}
    return max(least, max(used, default=-1) + 1 + more)


def _row(posted: Posted, errors: Errors, prefix: str, i: int,
         names: tuple[str, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {"i": i}
    for name in names:
        row[name] = first(posted, f"{prefix}.{i}.{name}")
        row[name + "_errors"] = errors.get(f"{prefix}.{i}.{name}", [])
    return row


def _menu(ask: Ask, detail: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The support menu by program: the case's programs first, then the others (a step
    of another program applies to it; the case is enrolled before the step starts)."""
    enrolled = {e.program for e in detail.enrollments}
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in ask.me.support_menu():
        groups.setdefault(item.program, []).append((f"{item.program}.{item.kind}",
                                                    item.label.text(ask.lang)))
    later = ask.t("（未利用: ステップ開始前に利用登録）", " (not enrolled: enroll before the step)")

    def title(code: str) -> str:
        program = ask.me.programs.get(code)
        name = program.label.text(ask.lang) if program else code
        return name if code in enrolled else name + later

    order = sorted(groups, key=lambda code: (code not in enrolled, code))
    return [(title(code), groups[code]) for code in order]


def draft_plan(ask: Ask) -> Response:
    case_id = _id(ask, "case_id")
    detail = ask.me.get_case(case_id)
    posted = posted_lists(ask.form)
    data = parse(described(Plan, PLAN_FIELDS), posted)
    goals, goals_kept = _goals(posted)
    steps, steps_kept = _steps(posted)
    data |= {"goals": goals, "steps": steps}
    earlier = first(posted, "from")
    try:
        if earlier.isdigit():
            if ask.me.get_plan(int(earlier)).plan.case_id != case_id:
                raise InvalidInput([Problem("$", NOT_FROM_THIS_CASE)])
            # every answer is given, so a cleared one is cleared, not kept from before
            ask.me.replan(int(earlier), {**dict.fromkeys(LONG), "employment_support": False,
                                         **data})
        else:
            ask.me.draft_plan(case_id, data)
    except InvalidInput as wrong:
        errors = problems_by_field(wrong.problems, ask.lang)
        errors = renumbered(renumbered(errors, "goals", goals_kept), "steps", steps_kept)
        errors = moved(errors, {f"steps.{i}.{k}": f"steps.{i}.menu"
                                for i in steps_kept for k in ("program", "kind")})
        return _plan(ask, detail, posted, errors, 400)
    return RedirectResponse(f"/cases/{case_id}#plans", status_code=303)


def _goals(posted: Posted) -> tuple[list[dict[str, Any]], list[int]]:
    goals, kept = [], []
    for i in range(_count(posted, "goals", 0, 0)):
        text, target = first(posted, f"goals.{i}.text"), first(posted, f"goals.{i}.target_date")
        if text or target:
            goals.append({"text": text, "target_date": target or None,
                          "short_term": first(posted, f"goals.{i}.short_term") != "false"})
            kept.append(i)
    return goals, kept


def _steps(posted: Posted) -> tuple[list[dict[str, Any]], list[int]]:
    steps, kept = [], []
    for i in range(_count(posted, "steps", 0, 0)):
        menu, start = first(posted, f"steps.{i}.menu"), first(posted, f"steps.{i}.start_on")
        if not (menu or start):
            continue
        program, _, kind = menu.partition(".")
        steps.append({"program": program, "kind": kind, "start_on": start or None,
                      "end_on": first(posted, f"steps.{i}.end_on") or None,
                      "staff": first(posted, f"steps.{i}.staff") or None,
                      "note": first(posted, f"steps.{i}.note") or None})
        kept.append(i)
    return steps, kept


# --- the coordination meeting ----------------------------------------------------------

def meeting_form(ask: Ask) -> Response:
    wanted = ask.request.query_params.get("plan", "")
    drafts = ask.me.plans_to_decide()
    posted: Posted = {"held_on": [ask.me.today().isoformat()]}
    if ask.login:
        posted["staff"] = [ask.login]
    for i, draft in enumerate(drafts):
        if str(draft.plan.id) == wanted:
            posted[f"decisions.{i}.decision"] = [Decision.APPROVE.value]
    return _meeting(ask, drafts, posted, {})


def _meeting(ask: Ask, drafts: list[Any], posted: Posted, errors: Errors,
             status: int = 200) -> Response:
    rows = [{"i": i, "draft": d, "decision": first(posted, f"decisions.{i}.decision"),
             "reason": first(posted, f"decisions.{i}.reason"),
             "errors": [m for k in ("decision", "reason", "plan_id")
                        for m in errors.get(f"decisions.{i}.{k}", [])]}
            for i, d in enumerate(drafts)]
    return ask.render("meeting.html", status, rows=rows, decisions=choices_of(Decision, ask.lang),
                      staff=_staff(ask), chosen=set(posted.get("staff", [])),
                      held_on=first(posted, "held_on"), organisations=first(posted, "organisations"),
                      notes=first(posted, "notes"), errors=errors,
                      general=[m for k in ("", "decisions") for m in errors.get(k, [])])


def record_meeting(ask: Ask) -> Response:
    posted = posted_lists(ask.form)
    rows = _posted_rows(ask, posted)
    decisions, kept = [], []
    for i, row in enumerate(rows):
        if decision := first(posted, f"decisions.{i}.decision"):
            decisions.append({"plan_id": row.plan.id, "decision": decision,
                              "reason": first(posted, f"decisions.{i}.reason") or None})
            kept.append(i)
    data = {"held_on": first(posted, "held_on") or None, "staff": posted.get("staff", []),
            "organisations": [line.strip() for line in first(posted, "organisations")
                              .splitlines() if line.strip()],
            "notes": first(posted, "notes") or None}
    try:
        ask.me.record_meeting(data, decisions)
    except InvalidInput as wrong:
        errors = renumbered(problems_by_field(wrong.problems, ask.lang), "decisions", kept)
        return _meeting(ask, rows, posted, errors, 400)
    cases = {rows[i].plan.case_id for i in kept}
    return RedirectResponse(f"/cases/{cases.pop()}#plans" if len(cases) == 1 else "/",
                            status_code=303)


@dataclass(frozen=True)
class _Row:
    plan: Plan
    person_name: str


def _posted_rows(ask: Ask, posted: Posted) -> list[Any]:
    """The plans the form was showing, in its order, as they are now: one decided by
    someone else meanwhile stays in its row, and the library says it is no longer a
    draft (nothing is written)."""
    drafts: dict[int, Any] = {d.plan.id or 0: d for d in ask.me.plans_to_decide()}
    rows: list[Any] = []
    for i in range(_count(posted, "decisions", 0, 0)):
        text = first(posted, f"decisions.{i}.plan_id")
        if not text.isdigit() or len(text) > 9:
            raise NotFound.of(HIDDEN, "")
        found = drafts.get(int(text))
        if found is None:  # no longer a draft, or not the staff member's to see (404)
            plan = ask.me.get_plan(int(text)).plan
            found = _Row(plan, ask.me.get_case(plan.case_id).person.name)
        rows.append(found)
    return rows


ROUTES = [
    Route("/cases/{case_id}/plans/new", page(plan_form), methods=["GET"]),
    Route("/cases/{case_id}/plans/new", page(draft_plan), methods=["POST"]),
    Route("/meetings/new", page(meeting_form), methods=["GET"]),
    Route("/meetings/new", page(record_meeting), methods=["POST"]),
]
