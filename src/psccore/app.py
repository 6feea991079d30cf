"""The front door for other apps: ``Psc.open()`` and the use cases as methods.

>>> psc = Psc.open("sqlite:///office.db", staff="sato")   # doctest: +SKIP
>>> person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ"})  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from psccore.domain.access import FieldClass, Grants, RoleGrant
from psccore.domain.audit import AuditEntry, ChainBreak
from psccore.domain.cases import Case, CaseStatus, Enrollment
from psccore.domain.consent import Consent, Disclosure, WorkHistoryEntry
from psccore.domain.employers import (
    Employer,
    EmployerVisit,
    JobOpening,
    JobPreference,
    RoleAgreement,
)
from psccore.domain.jobcard import JobCard
from psccore.domain.matching import Match
from psccore.domain.office import Office
from psccore.domain.people import Person, Staff
from psccore.domain.placements import (
    Attendance,
    Employment,
    IncomeChange,
    Internship,
    RetentionCheck,
    Training,
)
from psccore.domain.program import Program, ReportPeriod
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
from psccore.services import (
    agenda,
    audit,
    backup,
    bulk,
    cases,
    consent,
    employers,
    jobcard,
    office,
    people,
    placements,
    programs,
    reports,
    rights,
    staff,
    transfer,
    workflow,
)
from psccore.services.agenda import AgendaItem, AgendaQuery, TimelineEntry
from psccore.services.backup import BackupCheck
from psccore.services.bulk import ImportResult
from psccore.services.cases import CaseDetail, CaseSummary
from psccore.services.consent import IntroductionSheet
from psccore.services.context import Context
from psccore.services.employers import EmployerDetail
from psccore.services.placements import CasePlacements, EmploymentYear
from psccore.services.programs import Participant
from psccore.services.reports import Report, SectionResult
from psccore.services.rights import ErasurePlan
from psccore.services.staff import StaffDetail
from psccore.services.workflow import PlanDetail
from psccore.store import migrate
from psccore.store.db import Database, Transaction


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

    def import_rows(self, kind: str, path: Path, mapping: Mapping[str, str] | None = None,
                    *, skip_invalid: bool = False, allow_duplicates: bool = False,
                    progress: Any = None) -> ImportResult:
        """Import ``people``, ``employers`` or ``openings`` from a CSV or .xlsx file: every
        row checked first; all written in one transaction, or nothing."""
        return bulk.import_rows(self.ctx, kind, path, mapping, skip_invalid=skip_invalid,
                                allow_duplicates=allow_duplicates, progress=progress)

    def export_records(self, target: Path, start: dt.date | None = None,
                       end: dt.date | None = None, *, overwrite: bool = False) -> int:
        """Every support record (of those dates) to a CSV file, streamed; returns the count."""
        from psccore.i18n import current_lang

        return bulk.export_records(self.ctx, target, start, end, current_lang(),
                                   overwrite=overwrite)

    def backup(self, target: Path, *, overwrite: bool = False) -> BackupCheck:
        """A checked copy of the whole database, taken while others keep working."""
        return backup.backup(self.ctx, target, overwrite=overwrite)

    def restore(self, source: Path) -> BackupCheck:
        """Replace the whole database with a backup, after checking it."""
        return backup.restore(self.ctx, source)

    # --- the office ------------------------------------------------------------------
    def office(self) -> Office:
        return office.get_office(self.ctx)

    def set_office(self, changes: Mapping[str, Any]) -> Office:
        """Change the office's name or population (administrators of all programs)."""
        return office.set_office(self.ctx, changes)

    # --- staff and people ------------------------------------------------------------
    def add_staff(self, login: str, name: str) -> Staff:
        return staff.add_staff(self.ctx, login, name)

    def list_staff(self) -> list[Staff]:
        return [d.staff for d in staff.list_staff(self.ctx)]

    def known_logins(self) -> set[str]:
        return staff.known_logins(self.ctx)

    def staff_roles(self) -> list[StaffDetail]:
        return staff.list_staff(self.ctx)

    def grant(self, login: str, role: str, program: str = "*") -> RoleGrant:
        """Give a role for one program, or ``*`` for all (administrators of all only)."""
        return staff.grant(self.ctx, login, role, program)

    def revoke(self, login: str, program: str = "*") -> None:
        staff.revoke(self.ctx, login, program)

    def set_staff_active(self, login: str, active: bool) -> Staff:
        return staff.set_active(self.ctx, login, active)

    def my_grants(self) -> Grants:
        return staff.my_grants(self.ctx)

    def add_person(self, data: Mapping[str, Any], *, allow_duplicate: bool = False) -> Person:
        return people.add_person(self.ctx, data, allow_duplicate=allow_duplicate)

    def possible_duplicates(self, data: Mapping[str, Any]) -> list[Person]:
        return people.possible_duplicates(self.ctx, data)

    def get_person(self, person_id: int) -> Person:
        return people.get_person(self.ctx, person_id)

    def update_person(self, person_id: int, changes: Mapping[str, Any],
                      expected_version: int | None = None) -> Person:
        return people.update_person(self.ctx, person_id, changes, expected_version)

    def count_people(self) -> int:
        return people.count_people(self.ctx)

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
                   on: dt.date | None = None, expected_version: int | None = None) -> Case:
        return cases.close_case(self.ctx, case_id, reason, note, on, expected_version)

    def assign_case(self, case_id: int, login: str,
                    expected_version: int | None = None) -> Case:
        """Give the case to another caseworker; a stale ``expected_version`` is refused."""
        return cases.assign_case(self.ctx, case_id, login, expected_version)

    def reopen_case(self, case_id: int, on: dt.date | None = None) -> CaseDetail:
        return cases.reopen_case(self.ctx, case_id, on)

    def timeline(self, case_id: int) -> list[TimelineEntry]:
        return agenda.timeline(self.ctx, case_id)

    def agenda(self, query: AgendaQuery) -> list[AgendaItem]:
        return agenda.agenda(self.ctx, query)

    def export_case(self, case_id: int) -> CaseExport:
        return transfer.export_case(self.ctx, case_id)

    def import_case(self, data: Mapping[str, Any], person_id: int | None = None,
                    allow_duplicate: bool = False) -> CaseDetail:
        return transfer.import_case(self.ctx, data, person_id, allow_duplicate)

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

    # --- employers, openings, matching ------------------------------------------------------
    def add_employer(self, data: Mapping[str, Any], on: dt.date | None = None) -> Employer:
        return employers.add_employer(self.ctx, data, on)

    def update_employer(self, employer_id: int, changes: Mapping[str, Any],
                        expected_version: int | None = None) -> Employer:
        return employers.update_employer(self.ctx, employer_id, changes, expected_version)

    def move_employer_stage(self, employer_id: int, stage: str, on: dt.date | None = None,
                            note: str | None = None) -> Employer:
        return employers.move_stage(self.ctx, employer_id, stage, on, note)

    def record_visit(self, employer_id: int, data: Mapping[str, Any]) -> EmployerVisit:
        return employers.record_visit(self.ctx, employer_id, data)

    def add_partner_role(self, employer_id: int, data: Mapping[str, Any]) -> RoleAgreement:
        return employers.add_role(self.ctx, employer_id, data)

    def get_employer(self, employer_id: int) -> EmployerDetail:
        return employers.get_employer(self.ctx, employer_id)

    def list_employers(self, stage: str | None = None) -> list[Employer]:
        return employers.list_employers(self.ctx, stage)

    def add_opening(self, data: Mapping[str, Any]) -> JobOpening:
        return employers.add_opening(self.ctx, data)

    def set_opening_status(self, opening_id: int, status: str) -> JobOpening:
        return employers.set_opening_status(self.ctx, opening_id, status)

    def get_opening(self, opening_id: int) -> JobOpening:
        return employers.get_opening(self.ctx, opening_id)

    def list_openings(self, status: str | None = "open") -> list[JobOpening]:
        return employers.list_openings(self.ctx, status)

    def set_preferences(self, person_id: int, data: Mapping[str, Any]) -> JobPreference:
        return employers.set_preferences(self.ctx, person_id, data)

    def get_preferences(self, person_id: int) -> JobPreference | None:
        return employers.get_preferences(self.ctx, person_id)

    def match_person(self, person_id: int, limit: int = 20) -> list[Match]:
        return employers.match_person(self.ctx, person_id, limit)

    def match_opening(self, opening_id: int, limit: int = 20) -> list[Match]:
        return employers.match_opening(self.ctx, opening_id, limit)

    # --- consent and disclosure -----------------------------------------------------------
    def add_consent(self, person_id: int, data: Mapping[str, Any]) -> Consent:
        return consent.add_consent(self.ctx, person_id, data)

    def withdraw_consent(self, consent_id: int, on: dt.date | None = None) -> Consent:
        return consent.withdraw_consent(self.ctx, consent_id, on)

    def list_consents(self, person_id: int) -> list[Consent]:
        return consent.list_consents(self.ctx, person_id)

    def add_work_history(self, person_id: int, data: Mapping[str, Any]) -> WorkHistoryEntry:
        return consent.add_work_history(self.ctx, person_id, data)

    def introduce(self, person_id: int, employer_id: int,
                  categories: Sequence[str] | None = None,
                  on: dt.date | None = None) -> IntroductionSheet:
        return consent.introduce(self.ctx, person_id, employer_id, categories, on)

    def list_disclosures(self, person_id: int) -> list[Disclosure]:
        return consent.list_disclosures(self.ctx, person_id)

    # --- placements ---------------------------------------------------------------------------
    def add_internship(self, case_id: int, data: Mapping[str, Any]) -> Internship:
        return placements.add_internship(self.ctx, case_id, data)

    def record_attendance(self, internship_id: int, data: Mapping[str, Any]) -> Attendance:
        return placements.record_attendance(self.ctx, internship_id, data)

    def evaluate_internship(self, internship_id: int, text: str) -> Internship:
        return placements.evaluate_internship(self.ctx, internship_id, text)

    def add_training(self, case_id: int, data: Mapping[str, Any]) -> Training:
        return placements.add_training(self.ctx, case_id, data)

    def add_employment(self, case_id: int, data: Mapping[str, Any]) -> Employment:
        return placements.add_employment(self.ctx, case_id, data)

    def add_income_change(self, case_id: int, data: Mapping[str, Any]) -> IncomeChange:
        """A check of the person's monthly earned income; a rise counts as 増収."""
        return placements.add_income_change(self.ctx, case_id, data)

    def record_retention(self, check_id: int, data: Mapping[str, Any]) -> RetentionCheck:
        return placements.record_retention(self.ctx, check_id, data)

    def placements_of(self, case_id: int) -> CasePlacements:
        return placements.placements_of(self.ctx, case_id)

    def employment_statistics(self, from_fy: int, to_fy: int) -> list[EmploymentYear]:
        return placements.employment_statistics(self.ctx, from_fy, to_fy)

    # --- a program's own records (for plugins) -------------------------------------------
    @contextmanager
    def program_write(self, program: str, *, person_id: int | None = None
                      ) -> Iterator[Transaction]:
        """An audited transaction for ``program``'s own tables, if the acting staff
        member may write in that program; everything in it is committed or nothing."""
        with programs.writing(self.ctx, program, person_id=person_id) as tx:
            yield tx

    @contextmanager
    def program_read(self, program: str) -> Iterator[Connection]:
        """A read-only connection for ``program``'s tables, if the staff member may read them."""
        with programs.reading(self.ctx, program) as conn:
            yield conn

    def acting_staff(self) -> Staff:
        """The staff member this ``Psc`` acts as (registered and active, or refused)."""
        with self.ctx.db.read() as conn:
            return self.ctx.acting(conn)

    @property
    def staff_login(self) -> str | None:
        """The login of the staff member this ``Psc`` acts as."""
        return self.ctx.staff

    def may_read_sensitive(self, program: str) -> bool:
        """Whether the acting staff member may read ``program``'s sensitive data
        (要配慮個人情報): a program shows such details only to them."""
        with self.ctx.db.read() as conn:
            return programs.may_read(self.ctx, conn, program, FieldClass.SENSITIVE)

    def seal(self, program: str, name: str, value: str) -> str:
        """Encrypt a program's sensitive text (e.g. a note on treatment) for its own
        table, bound to ``program`` and ``name``; see :meth:`unseal`."""
        from psccore.crypto import load_keys

        return load_keys().encrypt(value, f"{program}.{name}")

    def collection_consented(self, person_id: int, on: dt.date) -> bool:
        """Whether the person's consent to collect their health data is in force on
        ``on`` and today (a program records sensitive notes only then)."""
        from psccore.services.cases import collection_consented

        with self.ctx.db.read() as conn:
            return collection_consented(conn, person_id, on, dt.date.today())

    def open_sealed(self, program: str, table: str, row_id: int | None, person_id: int,
                    sealed: Mapping[str, str]) -> dict[str, str] | None:
        """Sealed text of a program's row (``name → stored``) in the clear, if the acting
        staff member may read the program's sensitive data; ``None`` if not. Either way
        the attempt is audited (names only): ``read`` or ``refuse``."""
        from psccore.crypto import load_keys

        allowed = self.may_read_sensitive(program)
        if sealed:
            with self.ctx.db.write(self.ctx.staff or "") as tx:
                tx.audit("read" if allowed else "refuse", table, row_id, person_id=person_id,
                         fields=sorted(sealed))
        if not allowed:
            return None
        keys = load_keys()
        return {name: keys.decrypt(value, f"{program}.{name}") for name, value in sealed.items()}

    def enrollment_in(self, case_id: int, program: str) -> Enrollment:
        """The case's enrollment in ``program`` (a clear error when it has none)."""
        with self.program_read(program) as conn:
            return programs.enrollment_of(conn, case_id, program)

    def participants(self, program: str, enrollment_ids: list[int] | None = None
                     ) -> list[Participant]:
        """Everyone enrolled in ``program`` (a roster), by kana."""
        with self.program_read(program) as conn:
            return programs.participants(conn, program, enrollment_ids)

    # --- reports ----------------------------------------------------------------------
    def report(self, period: ReportPeriod, sections: Sequence[str] = ()) -> list[SectionResult]:
        """Every report section (core's and each program's) for a fiscal year or month."""
        return reports.build(self.ctx, period, sections)

    def job_card(self, person_id: int, today: dt.date | None = None) -> JobCard:
        """A JOB card filled from the person's records (audited as an export)."""
        return jobcard.job_card(self.ctx, person_id, today)

    def build_report(self, period: ReportPeriod, sections: Sequence[str] = (), *,
                     trend_from: int | None = None, today: dt.date | None = None) -> Report:
        """The report as written to files (:mod:`psccore.documents.reports`): the
        sections, month by month where a section asks, and the charted figures of each
        fiscal year from ``trend_from``."""
        return reports.build_report(self.ctx, period, sections, trend_from=trend_from,
                                    today=today)

    # --- a person's rights ------------------------------------------------------------------
    def export_person(self, person_id: int) -> dict[str, Any]:
        """Everything held about a person (disclosures included), nothing about others."""
        return rights.export_person(self.ctx, person_id)

    def erase_person(self, person_id: int, *, dry_run: bool = True,
                     today: dt.date | None = None) -> ErasurePlan:
        return rights.erase_person(self.ctx, person_id, dry_run=dry_run, today=today)

    # --- audit -------------------------------------------------------------------------
    def verify_audit(self, head: tuple[int, str] | None = None) -> tuple[int, list[ChainBreak]]:
        """Check the chain; with ``head`` (kept outside), truncation shows too."""
        return audit.verify(self.ctx) if head is None else audit.verify_against(self.ctx, *head)

    def audit_head(self) -> tuple[int, str]:
        return audit.head(self.ctx)

    def audit_log(self, *, person_id: int | None = None, staff: str | None = None,
                  since: dt.datetime | None = None, until: dt.datetime | None = None,
                  limit: int = 200) -> list[AuditEntry]:
        return audit.log(self.ctx, person_id=person_id, staff=staff, since=since, until=until,
                         limit=limit)

    def audit_affected(self, staff: str, since: dt.datetime,
                       until: dt.datetime) -> dict[int, set[str]]:
        return audit.affected(self.ctx, staff, since, until)

    def close(self) -> None:
        self.ctx.db.dispose()
