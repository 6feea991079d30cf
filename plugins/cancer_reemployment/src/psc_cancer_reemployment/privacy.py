"""What the program gives of a person: introduction-sheet items, everything kept (their request to see it), and the erasure of free text."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs
from sqlalchemy.engine import Connection

from psc_cancer_reemployment import service
from psc_cancer_reemployment.intake import CancerIntake
from psc_cancer_reemployment.tables import (
    cancer_reemployment_followups,
    cancer_reemployment_referrals,
    cancer_reemployment_return_plans,
)
from psccore import (
    Label,
    Transaction,
    enrollment_of,
    participants,
    rules,
    unseal_answer,
    unseal_text,
)

CODE = service.CODE
#: what an employer may learn, with a health consent: what the job must allow for
ACCOMMODATIONS = ("work_possible_from", "hours_needed", "rest_needed", "commuting_needs",
                  "tasks_to_avoid", "hospital_visits")


def disclosure_items(person_id: int, conn: Connection,
                     may_disclose: Callable[[int, str], bool]
                     ) -> Iterator[tuple[str, Label, object]]:
    """Under ``health`` only: what the job must allow for, and a phased return."""
    labels = {a.name: found.label for a in attrs.fields(CancerIntake)
              if (found := rules.info(a))}
    for who in participants(conn, CODE):
        if who.person_id != person_id or not may_disclose(who.case_id, CODE):
            continue
        answers = enrollment_of(conn, who.case_id, CODE).intake
        for name in ACCOMMODATIONS:
            value = unseal_answer(CODE, name, answers.get(name))
            if value not in (None, ""):
                yield f"accommodation.{name}", labels[name], value
        for plan in service.return_plans(conn, [who.enrollment_id]):
            steps = "、".join(f"{p.starts_on}から{p.hours_per_day:g}時間×週{p.days_per_week}日"
                             for p in plan.phase_list())
            yield "return_plan", Label("復職と段階的な勤務", "return and phased hours"), \
                f"{plan.return_on} {steps}"


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    """The person's referrals, follow-ups and return plans, notes opened."""
    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    yield "followups", [attrs.evolve(f, note=unseal_text(CODE, "note", f.note))
                        for f in service.followups_of(conn, mine)]
    yield "referrals", [attrs.evolve(r, purpose=unseal_text(CODE, "purpose", r.purpose) or "",
                                     outcome_note=unseal_text(CODE, "outcome_note",
                                                              r.outcome_note))
                        for r in service.referrals_of(conn, mine)]
    yield "return_plans", service.return_plans(conn, mine)


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank the sealed notes about the person; keep dates and codes. A return plan
    lets go of the consent it was held under (core removes the person's consents)."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    plans = tx.conn.execute(cancer_reemployment_return_plans.update().where(
        cancer_reemployment_return_plans.c.enrollment_id.in_(mine)).values(consent_id=None))
    if plans.rowcount:
        tx.audit("erase", "cancer_reemployment_return_plans", None, person_id=person_id,
                 fields=["consent_id"])
    for table, values in ((cancer_reemployment_followups, {"note": None}),
                          (cancer_reemployment_referrals, {"purpose": "", "outcome_note": None})):
        result = tx.conn.execute(table.update().where(table.c.enrollment_id.in_(mine))
                                 .values(values))
        if result.rowcount:
            tx.audit("erase", table.name, None, person_id=person_id, fields=sorted(values))
