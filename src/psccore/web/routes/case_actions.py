"""What a case's page offers besides its records: its assessments, the labels of its
plans' steps, the next actions allowed to the signed-in staff member (only those their
roles allow; the library decides anyway when a form is sent) and the programs its
approved plan still needs the case enrolled in."""

from __future__ import annotations

from typing import Any

from psccore.domain.access import Action, FieldClass
from psccore.domain.catalogues import LifeDomain
from psccore.domain.workflow import GoalResult, PlanStatus
from psccore.web.forms import choices_of
from psccore.web.serving import Ask


def case_work(ask: Ask, detail: Any, plans: list[Any]) -> dict[str, Any]:
    """The case page's case work: assessments, the labels of plan steps, the actions
    allowed to this staff member and programs still to enroll (the library decides
    anyway when a form is sent)."""
    me = ask.me
    case_id = detail.case.id
    grants = me.my_grants()
    may_write = grants.allows(Action.WRITE, FieldClass.GENERAL,
                              [e.program for e in detail.enrollments])
    menu = {(m.program, m.kind): m.label.text(ask.lang) for m in me.support_menu()}
    is_open = detail.case.status.value == "open"
    approved = [p for p in plans if p.plan.status is PlanStatus.APPROVED]
    return {
        "assessments": me.list_assessments(case_id),
        "step_label": lambda s: menu.get((s.program, s.kind), f"{s.program}.{s.kind}"),
        "program_label": lambda code: (me.programs[code].label.text(ask.lang)
                                       if code in me.programs else code),
        "actions": _actions(ask, case_id, plans, is_open, may_write,
                            grants.allows_any(Action.WRITE)) if may_write else [],
        "may_move_steps": may_write and is_open,
        "to_enroll": me.programs_to_enroll(case_id) if approved and is_open else [],
        "life_domains": dict(choices_of(LifeDomain, ask.lang)),
        "goal_results": dict(choices_of(GoalResult, ask.lang)),
    }


def _actions(ask: Ask, case_id: int, plans: list[Any], is_open: bool, may_write: bool,
             may_meet: bool) -> list[tuple[str, str]]:
    """``(href, label)`` of the forms for what may come next."""
    if not is_open:
        return [(f"/cases/{case_id}/reopen", ask.t("再開する（新しいケース）",
                                                   "Reopen (a new case)"))]
    found = [(f"/cases/{case_id}/assessments/new", ask.t("アセスメントを記録", "Record an assessment"))]
    draft = next((p for p in plans if p.plan.status is PlanStatus.DRAFT), None)
    if draft is not None:
        if may_meet:
            found.append((f"/meetings/new?plan={draft.plan.id}",
                          ask.t("支援調整会議を記録", "Record a coordination meeting")))
    elif plans:
        found.append((f"/cases/{case_id}/plans/new?from={plans[-1].plan.id}",
                      ask.t("再プラン（新しい版）", "Re-plan (a new version)")))
    else:
        found.append((f"/cases/{case_id}/plans/new", ask.t("プランを作成", "Draft a plan")))
    approved = next((p for p in plans if p.plan.status is PlanStatus.APPROVED), None)
    if approved is not None:
        found.append((f"/plans/{approved.plan.id}/evaluate", ask.t("評価を記録", "Evaluate")))
    found.append((f"/cases/{case_id}/close", ask.t("終結する", "Close the case")))
    return found
