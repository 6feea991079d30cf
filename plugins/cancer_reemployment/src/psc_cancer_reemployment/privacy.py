"""What the program gives of a person: introduction-sheet items, everything kept (their request to see it), and the erasure of free text."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs
import sqlalchemy as sa
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
            value = unseal_answer(CODE, name, answers.get(name),
                                  enrollment_id=who.enrollment_id)
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
    followups, referrals = cancer_reemployment_followups, cancer_reemployment_referrals
    yield "followups", [attrs.evolve(f, note=unseal_text(
        CODE, "note", f.note, table=followups.name, row_id=f.id or 0))
        for f in service.followups_of(conn, mine)]
    yield "referrals", [attrs.evolve(
        r, purpose=unseal_text(CODE, "purpose", r.purpose, table=referrals.name,
                               row_id=r.id or 0) or "",
        outcome_note=unseal_text(CODE, "outcome_note", r.outcome_note, table=referrals.name,
                                 row_id=r.id or 0))
        for r in service.referrals_of(conn, mine)]
    yield "return_plans", service.return_plans(conn, mine)


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank the sealed notes about the person; keep dates and codes. A return plan
    lets go of the consent it was held under (core removes the person's consents)."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    for table, values in ((cancer_reemployment_return_plans, {"consent_id": None}),
                          (cancer_reemployment_followups, {"note": None}),
                          (cancer_reemployment_referrals, {"purpose": "", "outcome_note": None})):
        ids = list(tx.conn.execute(sa.select(table.c.id).where(
            table.c.enrollment_id.in_(mine))).scalars())
        if ids:  # each row audited with its content's digest (psc audit verify --data)
            tx.conn.execute(table.update().where(table.c.id.in_(ids)).values(values))
            tx.record("erase", table, ids, person_id=person_id, fields=sorted(values))
