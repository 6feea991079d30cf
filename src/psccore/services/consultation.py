"""The consultation's own records: the screening after reception, and which programs the
approved plan's steps still need the case enrolled in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from psccore.domain.access import Action
from psccore.domain.consultation import Screening
from psccore.domain.convert import structure
from psccore.domain.workflow import PlanStatus, StepStatus
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context
from psccore.services.workflow_rules import dates_within, open_case_for_update
from psccore.store import tables as t
from psccore.store.db import from_row

SCREENED_ALREADY = Label("ケース {case} のスクリーニングはすでに記録されています（{on}）",
                         "case {case} was already screened ({on})")


def record_screening(ctx: Context, case_id: int, data: Mapping[str, Any]) -> Screening:
    """スクリーニング: what the center decided after receiving the consultation (once)."""
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_case(uow, case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, case_id)
        screening = structure({"decided_on": uow.today, **data, "case_id": case_id,
                               "staff_id": staff.id}, Screening)
        if problems := dates_within("$.decided_on", screening.decided_on, case.opened_on,
                                    uow.today):
            raise InvalidInput(problems)
        earlier = uow.conn.execute(sa.select(t.screenings.c.decided_on)
                                   .where(t.screenings.c.case_id == case_id)).scalar()
        if earlier is not None:
            raise InvalidInput([Problem("$.case_id", SCREENED_ALREADY,
                                        {"case": case_id, "on": earlier})])
        return uow.tx.insert(t.screenings, screening, person_id=case.person_id)


def screening_of(ctx: Context, case_id: int) -> Screening | None:
    with ctx.read() as uow:
        access.for_case(uow, case_id, Action.READ)
        row = uow.conn.execute(sa.select(t.screenings)
                               .where(t.screenings.c.case_id == case_id)).first()
        return None if row is None else from_row(row, Screening)


def programs_to_enroll(ctx: Context, case_id: int) -> list[str]:
    """Programs named by steps of the case's approved plan (not cancelled) that the case
    is not enrolled in yet: each needs ``psc case enroll`` with its intake before its
    steps can start (the plan is the application, プラン兼事業等利用申込書)."""
    with ctx.read() as uow:
        access.for_case(uow, case_id, Action.READ)
        return missing_programs(uow.conn, case_id)


def missing_programs(conn: sa.Connection, case_id: int) -> list[str]:
    p, s, e = t.plans, t.plan_steps, t.enrollments
    named = set(conn.execute(
        sa.select(s.c.program).join(p, p.c.id == s.c.plan_id)
        .where(p.c.case_id == case_id, p.c.status == PlanStatus.APPROVED.value,
               s.c.status != StepStatus.CANCELLED.value)).scalars())
    enrolled = set(conn.execute(sa.select(e.c.program).where(e.c.case_id == case_id)).scalars())
    return sorted(named - enrolled)
