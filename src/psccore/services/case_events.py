"""What every case service shares: the case's label and telling the programs what
happened to a case (:class:`psccore.CaseEvent`), inside the transaction that did it.

Below ``cases``, ``plans`` and ``meetings``, so that closing a case may wind down its plans
without the services importing one another in a circle."""

from __future__ import annotations

from typing import Any

from psccore.domain.cases import Case, Enrollment
from psccore.domain.program import CaseEvent, CaseEventKind
from psccore.i18n import Label
from psccore.services.context import WriteUnit

CASE = Label("ケース", "case")


def emit(uow: WriteUnit, kind: CaseEventKind, case: Case,
         enrollment: Enrollment | None = None, **details: Any) -> None:
    """Tell the programs concerned (through the hook gateway) what happened to ``case``."""
    tx = uow.tx
    event = CaseEvent(kind=kind, case=case, enrollment=enrollment, staff=tx.staff,
                      details=details)
    uow.registry.hooks.case_event(event, tx)
