"""Assessments: record and list them; each function is one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from psccore.domain.access import Action
from psccore.domain.convert import structure
from psccore.domain.workflow import (
    Assessment,
)
from psccore.errors import InvalidInput
from psccore.services import access
from psccore.services.context import Context
from psccore.services.workflow_rules import dates_within, next_number, open_case_for_update
from psccore.store import tables as t
from psccore.store.db import from_row


def record_assessment(ctx: Context, case_id: int, data: Mapping[str, Any]) -> Assessment:
    """Add an assessment; earlier ones stay, numbered in order."""
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_case(uow, case_id, Action.WRITE)
        case = open_case_for_update(uow.tx, case_id)
        number = next_number(uow.conn, t.assessments, case_id)
        assessment = structure({**data, "case_id": case_id, "number": number,
                                "staff_id": staff.id}, Assessment)
        if problems := dates_within("$.assessed_on", assessment.assessed_on, case.opened_on,
                                     uow.today):
            raise InvalidInput(problems)
        return uow.tx.insert(t.assessments, assessment, person_id=case.person_id)


def list_assessments(ctx: Context, case_id: int) -> list[Assessment]:
    with ctx.read() as uow:
        access.for_case(uow, case_id, Action.READ)
        rows = uow.conn.execute(sa.select(t.assessments).where(t.assessments.c.case_id == case_id)
                                .order_by(t.assessments.c.number))
        return [from_row(r, Assessment) for r in rows]
