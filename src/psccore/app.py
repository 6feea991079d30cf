"""The front door for other apps: ``Psc.open()`` and the use cases as methods.

>>> psc = Psc.open("sqlite:///office.db", staff="sato")   # doctest: +SKIP
>>> person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ"})  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from psccore.domain.audit import ChainBreak
from psccore.domain.cases import Case, CaseStatus
from psccore.domain.people import Person, Staff
from psccore.domain.program import Program
from psccore.domain.transfer import CaseExport
from psccore.domain.workflow import (
    Assessment,
    CoordinationMeeting,
    Evaluation,
    MeetingDecision,
    Step,
    SupportRecord,
)
from psccore.plugins import Registry, load_registry
from psccore.services import agenda, audit, cases, people, staff, transfer, workflow
from psccore.services.agenda import AgendaItem, AgendaQuery, TimelineEntry
from psccore.services.cases import CaseDetail, CaseSummary
from psccore.services.context import Context
from psccore.services.workflow import PlanDetail
from psccore.store import migrate
from psccore.store.db import Database


class Psc:
    """One office's data as the acting staff member sees it."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @classmethod
    def open(
        cls,
        database_url: str | None = None,
        *,
        staff: str | None = None,
        strict_plugins: bool | None = None,
        extra_plugins: Sequence[tuple[str, object]] = (),
        registry: Registry | None = None,
    ) -> Psc:
        """Connect to ``database_url`` (default: ``PSC_DATABASE_URL`` or the user's
        SQLite file) with the enabled plugins, acting as ``staff`` (a login)."""
        registry = registry or load_registry(strict=strict_plugins, extra=extra_plugins)
        return cls(Context(Database(database_url), registry, staff))

    def acting_as(self, staff: str | None) -> Psc:
        return Psc(Context(self.ctx.db, self.ctx.registry, staff))

    @property
    def programs(self) -> dict[str, Program]:
        return self.ctx.registry.programs

    # --- database ------------------------------------------------------------------
    def upgrade(self) -> list[str]:
        """Create or bring the schema up to date (core and every loaded plugin)."""
        return migrate.upgrade(self.ctx.db, self.ctx.registry)

    def pending_migrations(self) -> list[str]:
        return migrate.pending(self.ctx.db, self.ctx.registry)

    # --- staff and people ------------------------------------------------------------
    def add_staff(self, login: str, name: str) -> Staff:
        return staff.add_staff(self.ctx, login, name)

    def list_staff(self) -> list[Staff]:
        return staff.list_staff(self.ctx)

    def add_person(self, data: Mapping[str, Any], *, allow_duplicate: bool = False) -> Person:
        return people.add_person(self.ctx, data, allow_duplicate=allow_duplicate)

    def possible_duplicates(self, data: Mapping[str, Any]) -> list[Person]:
        return people.possible_duplicates(self.ctx, data)

    def get_person(self, person_id: int) -> Person:
        return people.get_person(self.ctx, person_id)

    def update_person(self, person_id: int, changes: Mapping[str, Any],
                      expected_version: int | None = None) -> Person:
        return people.update_person(self.ctx, person_id, changes, expected_version)

    def find_people(self, text: str, limit: int = 50) -> list[Person]:
        return people.find_people(self.ctx, text, limit)

    # --- cases -----------------------------------------------------------------------
    def open_case(self, person_id: int, program: str, intake: Mapping[str, Any],
                  opened_on: dt.date | None = None) -> CaseDetail:
        return cases.open_case(self.ctx, person_id, program, intake, opened_on)

    def enroll(self, case_id: int, program: str, intake: Mapping[str, Any],
               enrolled_on: dt.date | None = None) -> CaseDetail:
        return cases.enroll(self.ctx, case_id, program, intake, enrolled_on)

    def get_case(self, case_id: int) -> CaseDetail:
        return cases.get_case(self.ctx, case_id)

    def list_cases(self, *, program: str | None = None, status: CaseStatus | None = None,
                   person_id: int | None = None, limit: int = 200) -> list[CaseSummary]:
        return cases.list_cases(self.ctx, program=program, status=status,
                                person_id=person_id, limit=limit)

    def close_case(self, case_id: int, reason: str, note: str | None = None,
                   on: dt.date | None = None) -> Case:
        return cases.close_case(self.ctx, case_id, reason, note, on)

    def reopen_case(self, case_id: int, on: dt.date | None = None) -> CaseDetail:
        return cases.reopen_case(self.ctx, case_id, on)

    def timeline(self, case_id: int) -> list[TimelineEntry]:
        return agenda.timeline(self.ctx, case_id)

    def agenda(self, query: AgendaQuery) -> list[AgendaItem]:
        return agenda.agenda(self.ctx, query)

    def export_case(self, case_id: int) -> CaseExport:
        return transfer.export_case(self.ctx, case_id)

    def import_case(self, data: Mapping[str, Any], person_id: int | None = None) -> CaseDetail:
        return transfer.import_case(self.ctx, data, person_id)

    # --- the support workflow ------------------------------------------------------------
    def record_assessment(self, case_id: int, data: Mapping[str, Any]) -> Assessment:
        return workflow.record_assessment(self.ctx, case_id, data)

    def list_assessments(self, case_id: int) -> list[Assessment]:
        return workflow.list_assessments(self.ctx, case_id)

    def draft_plan(self, case_id: int, data: Mapping[str, Any],
                   today: dt.date | None = None) -> PlanDetail:
        return workflow.draft_plan(self.ctx, case_id, data, today)

    def replan(self, plan_id: int, changes: Mapping[str, Any] | None = None,
               today: dt.date | None = None) -> PlanDetail:
        return workflow.replan(self.ctx, plan_id, changes or {}, today)

    def get_plan(self, plan_id: int) -> PlanDetail:
        return workflow.get_plan(self.ctx, plan_id)

    def list_plans(self, case_id: int) -> list[PlanDetail]:
        return workflow.list_plans(self.ctx, case_id)

    def record_meeting(self, data: Mapping[str, Any], decisions: Sequence[Mapping[str, Any]]
                       ) -> tuple[CoordinationMeeting, list[MeetingDecision]]:
        return workflow.record_meeting(self.ctx, data, decisions)

    def start_step(self, step_id: int, on: dt.date | None = None) -> Step:
        return workflow.start_step(self.ctx, step_id, on)

    def end_step(self, step_id: int, on: dt.date | None = None, cancelled: bool = False) -> Step:
        return workflow.end_step(self.ctx, step_id, on, cancelled)

    def add_record(self, case_id: int, data: Mapping[str, Any]) -> SupportRecord:
        return workflow.add_record(self.ctx, case_id, data)

    def list_records(self, case_id: int) -> list[SupportRecord]:
        return workflow.list_records(self.ctx, case_id)

    def evaluate(self, plan_id: int, data: Mapping[str, Any]) -> Evaluation:
        return workflow.evaluate(self.ctx, plan_id, data)

    # --- audit -------------------------------------------------------------------------
    def verify_audit(self) -> tuple[int, list[ChainBreak]]:
        return audit.verify(self.ctx)

    def close(self) -> None:
        self.ctx.db.dispose()
