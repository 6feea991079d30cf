"""The front door for other apps: ``Psc.open()`` and the use cases as methods.

>>> psc = Psc.open("sqlite:///office.db", staff="sato")   # doctest: +SKIP
>>> person = psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ"})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations: services load when a method first needs one
    import datetime as dt
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from psccore.clock import OfficeClock
    from psccore.domain.access import Grants, RoleGrant
    from psccore.domain.audit import AuditEntry, ChainBreak, RowChange
    from psccore.domain.cases import Case, CaseStatus, Enrollment
    from psccore.domain.consent import Consent, Disclosure, WorkHistoryEntry
    from psccore.domain.consultation import Screening
    from psccore.domain.employers import (
        Employer,
        EmployerVisit,
        JobOpening,
        JobPreference,
        RoleAgreement,
    )
    from psccore.domain.job_placement import JobApplication, Referral
    from psccore.domain.jobcard import JobCard
    from psccore.domain.matching import Match
    from psccore.domain.names import Resolved
    from psccore.domain.office import Office
    from psccore.domain.offices import Municipality, OfficeSite, Organisation
    from psccore.domain.people import Person, Staff
    from psccore.domain.placements import (
        Attendance,
        Employment,
        FollowUpItem,
        IncomeChange,
        Internship,
        RetentionCheck,
        Training,
    )
    from psccore.domain.program import Program, ReportPeriod, SupportMenuItem
    from psccore.domain.transfer import CaseExport
    from psccore.domain.workflow import (
        Assessment,
        CoordinationMeeting,
        Evaluation,
        MeetingDecision,
        Step,
        SupportRecord,
    )
    from psccore.forms.model import Form, FormDefinition, PeriodFormDefinition
    from psccore.plugins import Registry
    from psccore.services.admin import AuditPage
    from psccore.services.agenda import AgendaItem, AgendaPage, AgendaQuery, TimelineEntry
    from psccore.services.auth import CodeNeeded, LoginState, SessionInfo, SignedIn
    from psccore.services.backup import BackupCheck
    from psccore.services.bulk import ImportResult
    from psccore.services.case_transfer import Transfer
    from psccore.services.cases import CaseDetail, CasePage, CaseSummary
    from psccore.services.consent import ConsentCheck, IntroductionSheet
    from psccore.services.context import Context
    from psccore.services.employers import EmployerDetail
    from psccore.services.job_placement import ReferralResult
    from psccore.services.meetings import PlanToDecide
    from psccore.services.placements import CasePlacements, EmploymentYear
    from psccore.services.plans import PlanDetail
    from psccore.services.programs import Participant
    from psccore.services.reports import Report, SectionResult
    from psccore.services.rights import ErasurePlan
    from psccore.services.search import SearchResult
    from psccore.services.staff import StaffDetail
    from psccore.services.totp import Enrolment, TotpState
    from psccore.store.db import Transaction


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
        clock: OfficeClock | None = None,
        read_url: str | None = None,
    ) -> Psc:
        """Connect to ``database_url`` (default: ``PSC_DATABASE_URL`` or the user's
        SQLite file) with the enabled plugins, acting as ``staff`` (a login). ``clock``:
        the office's (default: its time zone, ``PSC_TIME_ZONE`` or Asia/Tokyo).
        ``read_url`` (default ``PSC_READ_DATABASE_URL``): a PostgreSQL streaming replica
        that reports and exports read from (docs/deployment.md)."""
        from psccore.clock import OfficeClock
        from psccore.plugins import load_registry
        from psccore.services.context import Context
        from psccore.store.db import Database

        registry = registry or load_registry(strict=strict_plugins, extra=extra_plugins)
        db = Database(database_url)
        return cls(Context(db, registry, staff, clock or OfficeClock.from_env(),
                           db.replica(read_url)))

    def acting_as(self, staff: str | None) -> Psc:
        """The same database and plugins, acting as another staff member (``None``: as nobody)."""
        from psccore.services.context import Context

        return Psc(Context(self.ctx.db, self.ctx.registry, staff, self.ctx.clock,
                           self.ctx.read_db))

    def today(self) -> dt.date:
        """The office's today (in its time zone, not the machine's)."""
        return self.ctx.clock.today()

    @property
    def programs(self) -> dict[str, Program]:
        """The loaded programs by code (their labels, intake and menu; no data)."""
        return self.ctx.registry.programs

    def program(self, code: str) -> Program:
        """One loaded program; an unknown code is an input error naming the known ones."""
        from psccore.services import cases

        return cases.program_of(self.ctx, code)

    @property
    def database_url(self) -> str:
        """The database's URL with any password hidden (fit to print)."""
        return self.ctx.db.safe_url

    # --- database ------------------------------------------------------------------
    def upgrade(self, *, app_url: str | None = None) -> list[str]:
        """Create or bring the schema up to date (core and every loaded plugin); on
        PostgreSQL, connected as the owner role, also make the app role of ``app_url``
        (if missing, and this role may create roles) and give it its privileges."""
        from psccore.store import migrate  # Alembic only for the commands that migrate

        return migrate.upgrade(self.ctx.db, self.ctx.registry, app_url=app_url)

    def pending_migrations(self) -> list[str]:
        """The schema changes not yet applied (core's and each loaded program's)."""
        from psccore.store import migrate

        return migrate.pending(self.ctx.db, self.ctx.registry)

    @contextmanager
    def all_or_nothing(self) -> Iterator[None]:
        """Every call made inside (through any ``Psc`` on this database) joins one
        transaction: all kept, or none (e.g. loading the demo). Administrators of all
        programs only: it holds the whole database meanwhile."""
        from psccore.services import batch

        with batch.all_or_nothing(self.ctx):
            yield

    @contextmanager
    def kept_with(self) -> Iterator[None]:
        """What the calls made inside write (their audit rows included) is kept only if
        the block ends without error: an export's audit row only with its file."""
        from psccore.services import batch

        with batch.kept_with(self.ctx):
            yield

    def rotate_keys(self, *, check_only: bool = False) -> int:
        """Re-encrypt every sensitive value with the newest key (administrators of all
        programs); with ``check_only``, only check that all can be read. Returns the count."""
        from psccore.services import keys

        return keys.rotate(self.ctx, check_only=check_only)

    def import_rows(self, kind: str, path: Path, mapping: Mapping[str, str] | None = None,
                    *, skip_invalid: bool = False, allow_duplicates: bool = False,
                    progress: Callable[[Iterable[Any]], Iterator[Any]] | None = None
                    ) -> ImportResult:
        """Import ``people``, ``employers`` or ``openings`` from a CSV or .xlsx file: every
        row checked first; all written in one transaction, or nothing. ``mapping``: a
        column's heading → the field it holds (``"-"``: ignore the column), for headings
        the import does not know; ``skip_invalid``: write the good rows and list the
        others (else an invalid row refuses all, ``InvalidInput``); ``allow_duplicates``:
        write possible duplicates too (listed). ``progress`` wraps the rows as they are
        checked (e.g. a progress bar) and must yield each one."""
        from psccore.services import bulk

        return bulk.import_rows(self.ctx, kind, path, mapping, skip_invalid=skip_invalid,
                                allow_duplicates=allow_duplicates, progress=progress)

    def export_records(self, target: Path, start: dt.date | None = None,
                       end: dt.date | None = None, *, overwrite: bool = False) -> int:
        """Every support record (of those dates) to a CSV file, streamed; returns the count."""
        from psccore.i18n import current_lang
        from psccore.services import bulk

        return bulk.export_records(self.ctx, target, start, end, current_lang(),
                                   overwrite=overwrite)

    def backup(self, target: Path, *, overwrite: bool = False) -> BackupCheck:
        """A checked copy of the whole database, taken while others keep working."""
        from psccore.services import backup

        return backup.backup(self.ctx, target, overwrite=overwrite)

    def restore(self, source: Path, *, head: tuple[int, str] | None = None,
                replace_history: bool = False, archive: Path | None = None) -> BackupCheck:
        """Replace the whole database with a backup, after checking it: whole, true to
        its own audit trail, every sealed value opening, and its trail a beginning of
        the live one (or holding ``head``, kept outside). Anything else only with
        ``replace_history``, the live entries it drops first saved to ``archive``."""
        from psccore.services import backup

        return backup.restore(self.ctx, source, head=head, replace_history=replace_history,
                              archive=archive)

    # --- the office ------------------------------------------------------------------
    def office(self) -> Office:
        """The office's own details: its name and the population of the area it serves."""
        from psccore.services import office

        return office.get_office(self.ctx)

    def set_office(self, changes: Mapping[str, Any]) -> Office:
        """Change the office's name or population (administrators of all programs)."""
        from psccore.services import office

        return office.set_office(self.ctx, changes)

    # --- staff and people ------------------------------------------------------------
    def add_staff(self, login: str, name: str) -> Staff:
        """Register a staff member by login and name (administrators of all programs
        only), with no role yet (:meth:`grant` gives one). The very first one, in a new
        database, is registered by anyone and becomes administrator of all programs:
        ``Psc.open(url).acting_as("admin").add_staff("admin", "管理 者")``."""
        from psccore.services import staff

        return staff.add_staff(self.ctx, login, name)

    def list_staff(self) -> list[Staff]:
        """The staff members, active or not."""
        from psccore.services import staff

        return staff.staff_members(self.ctx)

    def known_logins(self) -> set[str]:
        """The logins of every registered staff member."""
        from psccore.services import staff

        return staff.known_logins(self.ctx)

    def staff_roles(self) -> list[StaffDetail]:
        """Each staff member with the roles they hold, by program."""
        from psccore.services import staff

        return staff.list_staff(self.ctx)

    def grant(self, login: str, role: str, program: str = "*", *,
              office: str | None = None) -> RoleGrant:
        """Give a role for one program, or ``*`` for all (administrators of all only), in
        one office (by name), or ``None``/``*`` for every office."""
        from psccore.services import staff

        return staff.grant(self.ctx, login, role, program, office)

    def revoke(self, login: str, program: str = "*", *, office: str | None = None) -> None:
        """Take back a staff member's role for one program, or ``*`` for all (in one
        office, or every office)."""
        from psccore.services import staff

        staff.revoke(self.ctx, login, program, office)

    def set_staff_active(self, login: str, active: bool) -> Staff:
        """Make a staff member active, or inactive (they can then do nothing)."""
        from psccore.services import staff

        return staff.set_active(self.ctx, login, active)

    def my_grants(self) -> Grants:
        """The acting staff member's roles, by program."""
        from psccore.services import staff

        return staff.my_grants(self.ctx)

    def add_person(self, data: Mapping[str, Any], *, allow_duplicate: bool = False,
                   organisation: str | None = None) -> Person:
        """Register a person from plain data in ``organisation`` (by name; by default the
        only one the staff member works for); refused as a likely duplicate unless
        ``allow_duplicate``."""
        from psccore.services import people

        return people.add_person(self.ctx, data, allow_duplicate=allow_duplicate,
                                 organisation=organisation)

    def possible_duplicates(self, data: Mapping[str, Any]) -> list[Person]:
        """People already registered who may be the person ``data`` describes."""
        from psccore.services import people

        return people.possible_duplicates(self.ctx, data)

    def get_person(self, person_id: int) -> Person:
        """A person, if the acting staff member may read them."""
        from psccore.services import people

        return people.get_person(self.ctx, person_id)

    def update_person(self, person_id: int, changes: Mapping[str, Any],
                      expected_version: int | None = None) -> Person:
        """Change a person's details; a stale ``expected_version`` is refused."""
        from psccore.services import people

        return people.update_person(self.ctx, person_id, changes, expected_version)

    def count_people(self) -> int:
        """How many people are registered (any staff member with a role may ask)."""
        from psccore.services import people

        return people.count_people(self.ctx)

    def find_people(self, text: str, limit: int = 50) -> list[Person]:
        """People whose name or kana match ``text`` (normalised), at most ``limit``."""
        from psccore.services import people

        return people.find_people(self.ctx, text, limit)

    # --- cases -----------------------------------------------------------------------
    def open_case(self, person_id: int, program: str, intake: Mapping[str, Any],
                  opened_on: dt.date | str | None = None, *, office: str | None = None
                  ) -> CaseDetail:
        """Open a case for a person in a program, with its intake answers (checked and,
        where sensitive, sealed), at ``office`` (by name; by default the only one the
        staff member may open it at). ``opened_on`` (today by default) may be a date as
        typed (``R8.4.1``): a wrong one is reported with every other wrong answer."""
        from psccore.services import cases

        return cases.open_case(self.ctx, person_id, program, intake, opened_on, office)

    def enroll(self, case_id: int, program: str, intake: Mapping[str, Any],
               enrolled_on: dt.date | None = None) -> CaseDetail:
        """Enroll an open case in one more program, with that program's intake answers."""
        from psccore.services import cases

        return cases.enroll(self.ctx, case_id, program, intake, enrolled_on)

    def get_case(self, case_id: int) -> CaseDetail:
        """A case with its enrollments, as the acting staff member may see it: sensitive
        answers they may not read are withheld (named in ``masked_fields``) and audited."""
        from psccore.services import cases

        return cases.get_case(self.ctx, case_id)

    def list_cases(self, *, program: str | None = None, status: CaseStatus | None = None,
                   person_id: int | None = None, limit: int = 200,
                   after: int | None = None,
                   assigned_staff_id: int | None = None) -> list[CaseSummary]:
        """Cases, newest first, with their person's name and the programs the acting
        staff member may see; ``after`` a case id, those listed after it (keyset paged);
        ``assigned_staff_id``: only that caseworker's."""
        from psccore.services import cases

        return cases.list_cases(self.ctx, program=program, status=status,
                                person_id=person_id, limit=limit, after=after,
                                assigned_staff_id=assigned_staff_id)

    def case_page(self, *, program: str | None = None, status: CaseStatus | None = None,
                  limit: int = 50, after: int | None = None,
                  assigned_staff_id: int | None = None) -> CasePage:
        """A page of the case list (newest first, after the case ``after``) with the
        count of all of them (capped)."""
        from psccore.services import cases

        return cases.case_page(self.ctx, program=program, status=status, limit=limit,
                               after=after, assigned_staff_id=assigned_staff_id)

    def agenda_page(self, query: AgendaQuery) -> AgendaPage:
        """The agenda (at most ``query.limit`` items) with the count of all its items."""
        from psccore.services import agenda

        return agenda.agenda_page(self.ctx, query)

    def close_case(self, case_id: int, reason: str, note: str | None = None,
                   on: dt.date | None = None, expected_version: int | None = None) -> Case:
        """Close a case for ``reason``; a stale ``expected_version`` is refused."""
        from psccore.services import cases

        return cases.close_case(self.ctx, case_id, reason, note, on, expected_version)

    def assign_case(self, case_id: int, login: str,
                    expected_version: int | None = None) -> Case:
        """Give the case to another caseworker; a stale ``expected_version`` is refused."""
        from psccore.services import cases

        return cases.assign_case(self.ctx, case_id, login, expected_version)

    def reopen_case(self, case_id: int, on: dt.date | None = None) -> CaseDetail:
        """A new case following on from a closed one, with the same programs and intake
        answers (checked again); a closed case is never reopened in place."""
        from psccore.services import cases

        return cases.reopen_case(self.ctx, case_id, on)

    def timeline(self, case_id: int) -> list[TimelineEntry]:
        """Every event of a case, oldest first, as the acting staff member may see it."""
        from psccore.services import agenda

        return agenda.timeline(self.ctx, case_id)

    def agenda(self, query: AgendaQuery) -> list[AgendaItem]:
        """What is due by the query's horizon or late, soonest first."""
        from psccore.services import agenda

        return agenda.agenda(self.ctx, query)

    def export_case(self, case_id: int) -> CaseExport:
        """A case with all its records in the transfer format (sensitive values sealed)."""
        from psccore.services import transfer

        return transfer.export_case(self.ctx, case_id)

    def import_case(self, data: Mapping[str, Any], person_id: int | None = None,
                    allow_duplicate: bool = False, *, office: str | None = None
                    ) -> CaseDetail:
        """Add a case from the transfer format, for a new person or ``person_id``, at
        ``office`` (by name; by default the only one the staff member may write at)."""
        from psccore.services import transfer

        return transfer.import_case(self.ctx, data, person_id, allow_duplicate, office)

    # --- the support workflow ------------------------------------------------------------
    def record_assessment(self, case_id: int, data: Mapping[str, Any]) -> Assessment:
        """Record an assessment (アセスメント) of a case: ``{"assessed_on": …,
        "autonomy_stage": …, "ratings": [{"domain": …, "rating": 1–5, "note": …}],
        "barriers": [...], "barrier_notes": …, "summary": …}`` (choices by code or
        label)."""
        from psccore.services import assessments

        return assessments.record_assessment(self.ctx, case_id, data)

    def list_assessments(self, case_id: int) -> list[Assessment]:
        """A case's assessments, in order."""
        from psccore.services import assessments

        return assessments.list_assessments(self.ctx, case_id)

    def draft_plan(self, case_id: int, data: Mapping[str, Any],
                   today: dt.date | None = None) -> PlanDetail:
        """Draft a support plan for a case, with its steps (each step's period checked):
        ``{"long_term_goal": …, "period_start": …, "period_end": …, "wishes": …,
        "goals": [{"text": …, "short_term": …, "target_date": …}], "steps":
        [{"program": …, "kind": …, "start_on": …, "end_on": …, "note": …}]}``, a step's
        ``kind`` the code of a :meth:`support_menu` item of its program."""
        from psccore.services import plans

        return plans.draft_plan(self.ctx, case_id, data, today)

    def replan(self, plan_id: int, changes: Mapping[str, Any] | None = None,
               today: dt.date | None = None) -> PlanDetail:
        """Draft the next plan from an approved one, with ``changes``."""
        from psccore.services import plans

        return plans.replan(self.ctx, plan_id, changes or {}, today)

    def get_plan(self, plan_id: int) -> PlanDetail:
        """A plan with its steps and decisions."""
        from psccore.services import plans

        return plans.get_plan(self.ctx, plan_id)

    def list_plans(self, case_id: int) -> list[PlanDetail]:
        """A case's plans, in order."""
        from psccore.services import plans

        return plans.list_plans(self.ctx, case_id)

    def record_meeting(self, data: Mapping[str, Any], decisions: Sequence[Mapping[str, Any]]
                       ) -> tuple[CoordinationMeeting, list[MeetingDecision]]:
        """Record a coordination meeting (支援調整会議) and its decisions on plans, all at
        once or nothing: ``data`` ``{"held_on": …, "staff": [logins], "organisations":
        [...], "notes": …}``; each decision ``{"plan_id": …, "decision": "approve" |
        "revise" | "end", "reason": …}``. Approval makes a plan active."""
        from psccore.services import meetings

        return meetings.record_meeting(self.ctx, data, decisions)

    def start_step(self, step_id: int, on: dt.date | None = None) -> Step:
        """Mark a plan step as started (its program is told)."""
        from psccore.services import plans

        return plans.start_step(self.ctx, step_id, on)

    def end_step(self, step_id: int, on: dt.date | None = None, cancelled: bool = False) -> Step:
        """Mark a plan step as ended, or as cancelled (its program is told)."""
        from psccore.services import plans

        return plans.end_step(self.ctx, step_id, on, cancelled)

    def add_record(self, case_id: int, data: Mapping[str, Any]) -> SupportRecord:
        """Add a support record (支援記録) to a case: ``{"on": …, "kind": "phone" |
        "visit" | …, "summary": …, "step_id": …, "at": …, "minutes": …}``."""
        from psccore.services import records

        return records.add_record(self.ctx, case_id, data)

    def list_records(self, case_id: int) -> list[SupportRecord]:
        """A case's support records, in order."""
        from psccore.services import records

        return records.list_records(self.ctx, case_id)

    def evaluate(self, plan_id: int, data: Mapping[str, Any]) -> Evaluation:
        """Record the evaluation of a plan, goal by goal."""
        from psccore.services import records

        return records.evaluate(self.ctx, plan_id, data)

    # --- employers, openings, matching ------------------------------------------------------
    def add_employer(self, data: Mapping[str, Any], on: dt.date | None = None) -> Employer:
        """Register an employer (事業所)."""
        from psccore.services import employers

        return employers.add_employer(self.ctx, data, on)

    def update_employer(self, employer_id: int, changes: Mapping[str, Any],
                        expected_version: int | None = None) -> Employer:
        """Change an employer's details; a stale ``expected_version`` is refused."""
        from psccore.services import employers

        return employers.update_employer(self.ctx, employer_id, changes, expected_version)

    def move_employer_stage(self, employer_id: int, stage: str, on: dt.date | None = None,
                            note: str | None = None, *,
                            expected_version: int | None = None) -> Employer:
        """Move an employer to another stage of development, with a note; a stale
        ``expected_version`` is refused (``ConcurrentEdit``), nothing overwritten."""
        from psccore.services import employers

        return employers.move_stage(self.ctx, employer_id, stage, on, note, expected_version)

    def record_visit(self, employer_id: int, data: Mapping[str, Any]) -> EmployerVisit:
        """Record a visit to an employer."""
        from psccore.services import employers

        return employers.record_visit(self.ctx, employer_id, data)

    def add_partner_role(self, employer_id: int, data: Mapping[str, Any]) -> RoleAgreement:
        """Record an employer's agreement to a role (e.g. hosting internships)."""
        from psccore.services import employers

        return employers.add_role(self.ctx, employer_id, data)

    def get_employer(self, employer_id: int) -> EmployerDetail:
        """An employer with its visits, roles and openings."""
        from psccore.services import employers

        return employers.get_employer(self.ctx, employer_id)

    def list_employers(self, stage: str | None = None) -> list[Employer]:
        """The employers, or those at ``stage``."""
        from psccore.services import employers

        return employers.list_employers(self.ctx, stage)

    def add_opening(self, data: Mapping[str, Any]) -> JobOpening:
        """Register a job opening of an employer."""
        from psccore.services import employers

        return employers.add_opening(self.ctx, data)

    def set_opening_status(self, opening_id: int, status: str) -> JobOpening:
        """Open, fill or close a job opening."""
        from psccore.services import employers

        return employers.set_opening_status(self.ctx, opening_id, status)

    def get_opening(self, opening_id: int) -> JobOpening:
        """A job opening."""
        from psccore.services import employers

        return employers.get_opening(self.ctx, opening_id)

    def list_openings(self, status: str | None = "open") -> list[JobOpening]:
        """Job openings with ``status`` (``None``: all)."""
        from psccore.services import employers

        return employers.list_openings(self.ctx, status)

    def set_preferences(self, person_id: int, data: Mapping[str, Any]) -> JobPreference:
        """Record the kind of work a person looks for."""
        from psccore.services import employers

        return employers.set_preferences(self.ctx, person_id, data)

    def get_preferences(self, person_id: int) -> JobPreference | None:
        """The kind of work a person looks for, if recorded."""
        from psccore.services import employers

        return employers.get_preferences(self.ctx, person_id)

    def match_person(self, person_id: int, limit: int = 20) -> list[Match]:
        """Open job openings ranked for a person's preferences, best first."""
        from psccore.services import employers

        return employers.match_person(self.ctx, person_id, limit)

    def match_opening(self, opening_id: int, limit: int = 20) -> list[Match]:
        """People with open cases and preferences, ranked for a job opening, best first."""
        from psccore.services import employers

        return employers.match_opening(self.ctx, opening_id, limit)

    # --- consent and disclosure -----------------------------------------------------------
    def add_consent(self, person_id: int, data: Mapping[str, Any]) -> Consent:
        """Record a person's consent (to collect, or to disclose to an employer)."""
        from psccore.services import consent

        return consent.add_consent(self.ctx, person_id, data)

    def withdraw_consent(self, consent_id: int, on: dt.date | None = None) -> Consent:
        """Record that a consent was withdrawn on ``on``."""
        from psccore.services import consent

        return consent.withdraw_consent(self.ctx, consent_id, on)

    def list_consents(self, person_id: int) -> list[Consent]:
        """A person's consents, in force or not."""
        from psccore.services import consent

        return consent.list_consents(self.ctx, person_id)

    def add_work_history(self, person_id: int, data: Mapping[str, Any]) -> WorkHistoryEntry:
        """Add an entry to a person's work history."""
        from psccore.services import consent

        return consent.add_work_history(self.ctx, person_id, data)

    def introduce(self, person_id: int, employer_id: int,
                  categories: Sequence[str] | None = None,
                  on: dt.date | None = None) -> IntroductionSheet:
        """Make an introduction sheet for an employer, with only what the person
        consented to disclose in ``categories`` (audited as a disclosure)."""
        from psccore.services import consent

        return consent.introduce(self.ctx, person_id, employer_id, categories, on)

    def list_disclosures(self, person_id: int) -> list[Disclosure]:
        """What was disclosed about a person, to whom and when."""
        from psccore.services import consent

        return consent.list_disclosures(self.ctx, person_id)

    # --- placements ---------------------------------------------------------------------------
    def add_internship(self, case_id: int, data: Mapping[str, Any]) -> Internship:
        """Record an internship (職業体験) of a case at a host employer."""
        from psccore.services import placements

        return placements.add_internship(self.ctx, case_id, data)

    def record_attendance(self, internship_id: int, data: Mapping[str, Any]) -> Attendance:
        """Record a day's attendance at an internship."""
        from psccore.services import placements

        return placements.record_attendance(self.ctx, internship_id, data)

    def evaluate_internship(self, internship_id: int, text: str) -> Internship:
        """Record the host's evaluation of an internship."""
        from psccore.services import placements

        return placements.evaluate_internship(self.ctx, internship_id, text)

    def add_training(self, case_id: int, data: Mapping[str, Any]) -> Training:
        """Record a training placement (就労訓練) of a case."""
        from psccore.services import placements

        return placements.add_training(self.ctx, case_id, data)

    def add_employment(self, case_id: int, data: Mapping[str, Any]) -> Employment:
        """Record that the person of a case started a job (follow-ups are scheduled)."""
        from psccore.services import placements

        return placements.add_employment(self.ctx, case_id, data)

    def add_income_change(self, case_id: int, data: Mapping[str, Any]) -> IncomeChange:
        """A check of the person's monthly earned income; a rise counts as 増収."""
        from psccore.services import placements

        return placements.add_income_change(self.ctx, case_id, data)

    def record_retention(self, check_id: int, data: Mapping[str, Any]) -> RetentionCheck:
        """Record the result of a follow-up of a job (定着支援)."""
        from psccore.services import placements

        return placements.record_retention(self.ctx, check_id, data)

    def placements_of(self, case_id: int) -> CasePlacements:
        """A case's internships, trainings, jobs and their follow-ups."""
        from psccore.services import placements

        return placements.placements_of(self.ctx, case_id)

    def employment_statistics(self, from_fy: int, to_fy: int) -> list[EmploymentYear]:
        """Employment counts per fiscal year (April–March; definitions: docs/reports.md)."""
        from psccore.services import placements

        return placements.employment_statistics(self.ctx, from_fy, to_fy)

    # --- a program's own records (for plugins) -------------------------------------------
    @contextmanager
    def program_write(self, program: str, *, person_id: int | None = None
                      ) -> Iterator[Transaction]:
        """An audited transaction for ``program``'s own tables, if the acting staff
        member may write in that program; everything in it is committed or nothing."""
        from psccore.services import programs

        with programs.writing(self.ctx, program, person_id=person_id) as tx:
            yield tx

    @contextmanager
    def program_read(self, program: str) -> Iterator[Connection]:
        """A read-only connection for ``program``'s tables, if the staff member may read them."""
        from psccore.services import programs

        with programs.reading(self.ctx, program) as conn:
            yield conn

    def acting_staff(self) -> Staff:
        """The staff member this ``Psc`` acts as (registered and active, or refused)."""
        from psccore.services import staff

        return staff.acting_staff(self.ctx)

    @property
    def staff_login(self) -> str | None:
        """The login of the staff member this ``Psc`` acts as (as given, unchecked)."""
        return self.ctx.staff

    def staff_id(self, login: str) -> int:
        """The id of a registered staff member (e.g. for :class:`AgendaQuery`)."""
        from psccore.services import staff

        return staff.staff_id(self.ctx, login)

    def may_read_sensitive(self, program: str) -> bool:
        """Whether the acting staff member, who may read ``program``'s records, may also
        read its sensitive data (要配慮個人情報): a program shows such details only to them."""
        from psccore.services import sealed

        return sealed.may_read_sensitive(self.ctx, program)

    def seal(self, program: str, name: str, value: str, *, table: str, row_id: int) -> str:
        """Encrypt a program's sensitive text (e.g. a note on treatment) for its own
        table, bound to the row (``table``, ``row_id``) and field ``name`` it is stored
        in, if the acting staff member may write the program's sensitive data. A new row
        is sealed into once it has its id: ``tx.insert(table, obj, sealed=lambda new_id:
        {"note": psc.seal(code, "note", text, table=table.name, row_id=new_id)})``;
        see :meth:`open_sealed`."""
        from psccore.services import sealed

        return sealed.seal(self.ctx, program, name, value, table=table, row_id=row_id)

    def collection_consented(self, person_id: int, on: dt.date) -> bool:
        """Whether the person's consent to collect their health data is in force on
        ``on`` and today (a program records sensitive notes only then), if the acting
        staff member may read the person."""
        from psccore.services import consent

        return consent.collection_consented(self.ctx, person_id, on)

    def open_sealed(self, program: str, table: str, row_id: int, person_id: int,
                    sealed: Mapping[str, str]) -> dict[str, str] | None:
        """Sealed text of a program's row (``name → stored``) in the clear, if the acting
        staff member may read the program's sensitive data; ``None`` if not. Either way
        the attempt is audited (names only): ``read`` or ``refuse``. A value moved from
        another row raises ``RecordDamaged`` (audited ``damaged``)."""
        from psccore.services import sealed as sealing

        return sealing.open_sealed(self.ctx, program, table, row_id, person_id, sealed)

    def enrollment_in(self, case_id: int, program: str) -> Enrollment:
        """The case's enrollment in ``program`` (a clear error when it has none)."""
        from psccore.services import programs

        return programs.enrollment_in(self.ctx, case_id, program)

    def participants(self, program: str, enrollment_ids: list[int] | None = None
                     ) -> list[Participant]:
        """Everyone enrolled in ``program`` (a roster), by kana."""
        from psccore.services import programs

        return programs.roster(self.ctx, program, enrollment_ids)

    # --- reports ----------------------------------------------------------------------
    def report(self, period: ReportPeriod, sections: Sequence[str] = (), *,
               as_of: dt.date | None = None, office: str | None = None,
               organisation: str | None = None) -> list[SectionResult]:
        """Every report section (core's and each program's) for a fiscal year or month;
        with ``as_of``, counting only what happened up to that day. For one ``office``
        or ``organisation`` (by name): each event for the office holding its case that
        day (a section that cannot count by office is left out, refused when named)."""
        from psccore.services import reports

        return reports.build(self.ctx, period, sections, as_of=as_of, office=office,
                             organisation=organisation)

    def job_card(self, person_id: int, today: dt.date | None = None) -> JobCard:
        """A JOB card filled from the person's records (audited as an export)."""
        from psccore.services import jobcard

        return jobcard.job_card(self.ctx, person_id, today)

    def build_report(self, period: ReportPeriod, sections: Sequence[str] = (), *,
                     trend_from: int | None = None, today: dt.date | None = None,
                     as_of: dt.date | None = None, office: str | None = None,
                     organisation: str | None = None) -> Report:
        """The report as written to files (:mod:`psccore.documents.reports`): the
        sections, month by month where a section asks, and the charted figures of each
        fiscal year from ``trend_from``; with ``as_of``, each cut at that day; for one
        ``office`` or ``organisation`` (by name), counted and named as :meth:`report`."""
        from psccore.services import reports

        return reports.build_report(self.ctx, period, sections, trend_from=trend_from,
                                    today=today, as_of=as_of, office=office,
                                    organisation=organisation)

    # --- a person's rights ------------------------------------------------------------------
    def export_person(self, person_id: int) -> dict[str, Any]:
        """Everything held about a person (disclosures included), nothing about others."""
        from psccore.services import rights

        return rights.export_person(self.ctx, person_id)

    def erase_person(self, person_id: int, *, dry_run: bool = True,
                     today: dt.date | None = None) -> ErasurePlan:
        """Erase a person whose retention period has ended; with ``dry_run``, only
        say what would be erased and kept."""
        from psccore.services import rights

        return rights.erase_person(self.ctx, person_id, dry_run=dry_run, today=today)

    # --- audit -------------------------------------------------------------------------
    def verify_audit(self, head: tuple[int, str] | None = None) -> tuple[int, list[ChainBreak]]:
        """Check the chain; with ``head`` (kept outside), truncation shows too."""
        from psccore.services import audit

        return audit.check_chain(self.ctx, head)

    def verify_data(self) -> tuple[int, list[RowChange]]:
        """Re-hash every data row and compare it with the digest audited with its last
        write: rows changed, added or removed outside psccore (by table and id, never a
        value). For auditors."""
        from psccore.services import audit

        return audit.verify_data(self.ctx)

    def exposed_files(self, backups: Sequence[Path] = ()) -> list[Path]:
        """The database, the key file and ``backups`` where other users of the machine
        may read them (auditors only)."""
        from psccore.services import audit

        return audit.exposed_files(self.ctx, backups)

    def audit_head(self) -> tuple[int, str]:
        """The newest audit entry's number and hash, to be kept outside the database."""
        from psccore.services import audit

        return audit.head(self.ctx)

    def audit_log(self, *, person_id: int | None = None, staff: str | None = None,
                  since: dt.datetime | None = None, until: dt.datetime | None = None,
                  limit: int = 200) -> list[AuditEntry]:
        """Audit entries, filtered by person, staff member and time (auditors only)."""
        from psccore.services import audit

        return audit.log(self.ctx, person_id=person_id, staff=staff, since=since, until=until,
                         limit=limit)

    def audit_affected(self, staff: str, since: dt.datetime,
                       until: dt.datetime) -> dict[int, set[str]]:
        """For a breach report: each person a staff member touched in a time window, and
        what (record kinds and field names, never values)."""
        from psccore.services import audit

        return audit.affected(self.ctx, staff, since, until)

    def close(self) -> None:
        """Close the database connections."""
        self.ctx.db.dispose()
        if self.ctx.read_db is not None:
            self.ctx.read_db.dispose()

    # --- signing in (the web app) and the one search box ---------------------------------
    def set_password(self, login: str, password: str) -> None:
        """Set ``login``'s password (one's own, or anyone's for an administrator); their
        web sessions end and their login is unlocked."""
        from psccore.services import auth

        auth.set_password(self.ctx, login, password)

    def unlock_login(self, login: str) -> None:
        """Clear the lock and the wrong-password count of ``login`` (administrators)."""
        from psccore.services import auth

        auth.unlock(self.ctx, login)

    def sign_in(self, login: str, password: str, device: str = "") -> SignedIn | CodeNeeded:
        """A new web session, or ``SignInRefused`` with the same answer whether or not
        the login exists; failures are counted (wait after 5, locked after 10). With a
        TOTP code on (or required), :class:`CodeNeeded`: see :meth:`sign_in_code`.
        ``device``: the browser's device cookie (``SignedIn.device``), whose own count
        stands for the login's while it is good."""
        from psccore.services import auth

        return auth.sign_in(self.ctx, login, password, device)

    def web_session(self, token: str, now: dt.datetime | None = None) -> SessionInfo | None:
        """The live session of a cookie's value (``None``: unknown, expired, or its staff
        member deactivated); act for it with ``acting_as(session.login)``."""
        from psccore.services import auth

        return auth.session(self.ctx, token, now=now)

    def sign_out(self, token: str) -> bool:
        """End the web session of a cookie's value (audited); ``False`` if none."""
        from psccore.services import auth

        return auth.sign_out(self.ctx, token)

    def search(self, text: str, limit: int = 20) -> SearchResult:
        """People by name or kana in any width or spacing, or by phone, each with their
        cases (the first ``limit`` and how many in all); a case by number: only those the
        staff member may read. The web app's search box and ``psc person find``."""
        from psccore.services import search

        return search.search(self.ctx, text, limit)

    # --- the consultation (自立相談支援事業) ----------------------------------------------
    def record_screening(self, case_id: int, data: Mapping[str, Any]) -> Screening:
        """スクリーニング after reception: ``{"outcome": "plan" | "information" |
        "referred", "agency": …, "decided_on": …, "note": …}`` (once per case)."""
        from psccore.services import consultation

        return consultation.record_screening(self.ctx, case_id, data)

    def screening(self, case_id: int) -> Screening | None:
        """The case's screening after reception, or ``None`` before it is recorded."""
        from psccore.services import consultation

        return consultation.screening_of(self.ctx, case_id)

    def programs_to_enroll(self, case_id: int) -> list[str]:
        """Programs the approved plan's steps name that the case is not enrolled in yet
        (each needs ``enroll`` with its intake before its steps start)."""
        from psccore.services import consultation

        return consultation.programs_to_enroll(self.ctx, case_id)

    def form(self, name: str, case_id: int, target: Path, *, start: dt.date | None = None,
             end: dt.date | None = None, employer_id: int | None = None,
             overwrite: bool = False) -> Form:
        """Write a form for a case to ``target`` (.pdf or .xlsx, A4): ``reception``,
        ``assessment``, ``plan``, ``records`` (from ``start`` to ``end``), ``evaluation``,
        ``introduction`` (to ``employer_id``, recording the disclosure) or a program's own.
        It shows only what the staff member may read, and is audited as an export in the
        transaction that keeps the file."""
        from psccore.services import forms

        return forms.write_form(self.ctx, name, case_id, target, start=start, end=end,
                                employer_id=employer_id, overwrite=overwrite)

    def period_form(self, name: str, fiscal_year: int, target: Path, *,
                    overwrite: bool = False) -> Form:
        """Write a fiscal year's form to ``target`` (.pdf or .xlsx, A4):
        ``placement-report`` (職業紹介事業報告書, 様式第8号) or a program's own, from the
        report sections it names; audited as an export in the transaction that keeps
        the file."""
        from psccore.services import forms

        return forms.write_period_form(self.ctx, name, fiscal_year, target, overwrite=overwrite)

    def print_form(self, form: Form, name: str, target: Path, *,
                   overwrite: bool = False) -> Form:
        """Write a form the caller built from what it read (a program's timetable, …) to
        ``target`` (.pdf or .xlsx), audited as an export named ``name`` in the
        transaction that keeps the file."""
        from psccore.services import forms

        return forms.write_printed(self.ctx, form, name, target, overwrite=overwrite)

    # --- partner agreements -------------------------------------------------------------
    def end_partner_role(self, employer_id: int, role: str,
                         on: dt.date | None = None) -> RoleAgreement:
        """End the employer's agreement as ``role`` in force on ``on`` (its last day)."""
        from psccore.services import employers

        return employers.end_role(self.ctx, employer_id, role, on)

    def renew_partner_role(self, employer_id: int, role: str, until: dt.date | None = None,
                           since: dt.date | None = None) -> RoleAgreement:
        """A new agreement as ``role`` following the latest, ended one."""
        from psccore.services import employers

        return employers.renew_role(self.ctx, employer_id, role, until, since)

    # --- free job placement (無料職業紹介) ------------------------------------------------
    def register_seeker(self, person_id: int, data: Mapping[str, Any]) -> JobApplication:
        """求職登録: the work wanted defaults to the person's job preferences."""
        from psccore.services import job_placement

        return job_placement.register_seeker(self.ctx, person_id, data)

    def list_applications(self, person_id: int) -> list[JobApplication]:
        """The person's job applications (求職登録), newest first."""
        from psccore.services import job_placement

        return job_placement.list_applications(self.ctx, person_id)

    def refer(self, person_id: int, opening_id: int, on: dt.date | None = None,
              categories: Sequence[str] | None = None) -> ReferralResult:
        """紹介: the person put forward for an opening, under their consent (recorded as
        a disclosure)."""
        from psccore.services import job_placement

        return job_placement.refer(self.ctx, person_id, opening_id, on, categories)

    def record_referral_outcome(self, referral_id: int, outcome: str,
                                on: dt.date | None = None,
                                employment: Mapping[str, Any] | None = None) -> Referral:
        """採用・不採用・辞退; a hire records the employment and fills the opening."""
        from psccore.services import job_placement

        return job_placement.record_outcome(self.ctx, referral_id, outcome, on, employment)

    def list_referrals(self, *, person_id: int | None = None, opening_id: int | None = None,
                       waiting: bool = False) -> list[Referral]:
        """Referrals (紹介) of a person or to an opening; ``waiting``: those with no outcome
        yet."""
        from psccore.services import job_placement

        return job_placement.list_referrals(self.ctx, person_id=person_id,
                                            opening_id=opening_id, waiting=waiting)

    # --- follow-up of placements --------------------------------------------------------
    def record_follow_up(self, item_id: int, on: dt.date | None = None,
                         note: str | None = None) -> FollowUpItem:
        """A placement's follow-up (訓練前調整, 同行, 電話確認, 訪問, 振り返り) done."""
        from psccore.services import placements

        return placements.record_follow_up(self.ctx, item_id, on, note)

    # --- names as staff type them (the command's arguments) ------------------------------
    def resolve_person(self, text: str) -> Resolved[Person]:
        """The person a name, kana, phone number or ID stands for: one, several (only
        people the staff member may read) or none."""
        from psccore.services import names

        return names.resolve_person(self.ctx, text)

    def resolve_case(self, text: str) -> Resolved[CaseSummary]:
        """The case a number or its person's name stands for (their open case first)."""
        from psccore.services import names

        return names.resolve_case(self.ctx, text)

    def resolve_employer(self, text: str) -> Resolved[Employer]:
        """The employer a name, kana, phone number or ID stands for."""
        from psccore.services import names

        return names.resolve_employer(self.ctx, text)

    def resolve_opening(self, text: str) -> Resolved[JobOpening]:
        """The opening an ID, title or employer's name stands for (open ones first)."""
        from psccore.services import names

        return names.resolve_opening(self.ctx, text)

    def resolve_staff(self, text: str) -> Resolved[Staff]:
        """The staff member a login or name stands for."""
        from psccore.services import names

        return names.resolve_staff(self.ctx, text)

    # --- consent before an introduction ---------------------------------------------------
    def consent_to_disclose(self, person_id: int, employer_id: int,
                            on: dt.date | None = None) -> ConsentCheck:
        """Whether the person's consent to give their data to the employer holds on
        ``on`` (today): the consent in force, or why not. Nothing is given or recorded."""
        from psccore.services import consent

        return consent.consent_to_disclose(self.ctx, person_id, employer_id, on)

    # --- files for a download (the web): bytes, no file on disk ----------------------------
    def report_file(self, period: ReportPeriod, fmt: str, sections: Sequence[str] = (), *,
                    trend_from: int | None = None, as_of: dt.date | None = None,
                    office: str | None = None, organisation: str | None = None) -> bytes:
        """The report as the bytes of a ``csv``, ``json``, ``xlsx`` or ``html`` file, its
        labels in the current language (as :meth:`build_report` builds it, for one
        ``office`` or ``organisation`` if given); audited as an export naming its scope
        under the staff member once the bytes are made."""
        from psccore.services import report_files

        return report_files.report_content(self.ctx, period, fmt, sections,
                                           trend_from=trend_from, as_of=as_of,
                                           office=office, organisation=organisation)

    def write_report(self, target: Path, period: ReportPeriod, fmt: str,
                     sections: Sequence[str] = (), *, trend_from: int | None = None,
                     as_of: dt.date | None = None, office: str | None = None,
                     organisation: str | None = None, overwrite: bool = False) -> None:
        """:meth:`report_file` written to ``target`` (over an existing file only with
        ``overwrite``); the export is audited only if the file is in place."""
        from psccore.services import report_files

        report_files.write_report(self.ctx, target, period, fmt, sections,
                                  trend_from=trend_from, as_of=as_of, office=office,
                                  organisation=organisation, overwrite=overwrite)

    def form_file(self, name: str, case_id: int, fmt: str, *, start: dt.date | None = None,
                  end: dt.date | None = None) -> bytes:
        """A case's form (as :meth:`form`) as the bytes of a ``pdf`` or ``xlsx`` file:
        only what the staff member may read, audited as an export only if made."""
        from psccore.services import forms

        return forms.form_content(self.ctx, name, case_id, fmt, start=start, end=end)

    def period_form_file(self, name: str, fiscal_year: int, fmt: str) -> bytes:
        """A fiscal year's form (as :meth:`period_form`) as the bytes of a ``pdf`` or
        ``xlsx`` file, audited as an export only if made."""
        from psccore.services import forms

        return forms.period_form_content(self.ctx, name, fiscal_year, fmt)

    def printable_forms(self) -> list[FormDefinition | PeriodFormDefinition]:
        """Every form that can be printed, core's and each program's: names, titles and
        numbers (a case's forms, and a fiscal year's); no records."""
        from psccore.services import forms

        return list(forms.forms_of(self.ctx.registry).values())

    # --- the second step of signing in (TOTP), one's account, administration ------------
    def sign_in_code(self, token: str, code: str, now: dt.datetime | None = None,
                     device: str = "") -> SignedIn:
        """The second step of a sign-in waiting under ``token`` (a :class:`CodeNeeded`'s):
        a new web session if the code is right, unused and in time (5 minutes); a wrong
        code counts as a wrong password."""
        from psccore.services import auth

        return auth.sign_in_code(self.ctx, token, code, now, device)

    def sign_in_enrolment(self, token: str) -> Enrolment | None:
        """For a sign-in waiting to set up a required code: its secret and otpauth URI."""
        from psccore.services import auth

        found: Enrolment | None = auth.waiting_enrolment(self.ctx, token)
        return found

    def totp_state(self) -> TotpState:
        """The acting staff member's TOTP code: on, being set up, required."""
        from psccore.services import totp

        return totp.state(self.ctx)

    def start_totp(self) -> Enrolment:
        """Begin setting up one's TOTP code: a new secret (sealed), on once confirmed."""
        from psccore.services import totp

        return totp.start(self.ctx)

    def totp_enrolment(self) -> Enrolment | None:
        """One's TOTP secret being set up, if any (to show it again)."""
        from psccore.services import totp

        return totp.enrolment(self.ctx)

    def confirm_totp(self, code: str) -> None:
        """Turn one's TOTP code on with a right code from the authenticator app."""
        from psccore.services import totp

        totp.confirm(self.ctx, code)

    def reset_totp(self, login: str) -> bool:
        """Remove a staff member's TOTP code (administrators); ``False``: none was set."""
        from psccore.services import totp

        return totp.reset(self.ctx, login)

    def logins_with_totp(self) -> set[str]:
        """The logins whose TOTP code is on (administrators)."""
        from psccore.services import totp

        return totp.logins_with_totp(self.ctx)

    def change_password(self, current: str, new: str, keep_session: str = "",
                        device: str = "") -> None:
        """One's own new password, given the current one; one's other web sessions end
        (``keep_session``: the cookie value of the one in use). A wrong current one counts
        as a wrong password at sign-in (on ``device``, the browser's, when known)."""
        from psccore.services import auth

        auth.change_password(self.ctx, current, new, keep_session, device)

    def login_states(self) -> dict[str, LoginState]:
        """Logins with wrong passwords counted: waiting or locked (administrators)."""
        from psccore.services import auth

        return auth.login_states(self.ctx)

    def audit_page(self, *, staff: str | None = None, since: dt.datetime | None = None,
                   until: dt.datetime | None = None, before: int | None = None,
                   size: int = 50) -> AuditPage:
        """A page of the audit trail, newest first, each entry with the name of the
        person it is about (auditors); ``before``: the previous page's ``older``."""
        from psccore.services import admin

        return admin.audit_page(self.ctx, staff=staff, since=since, until=until,
                                before=before, size=size)
    # --- case work on the web -------------------------------------------------------------
    def support_menu(self) -> list[SupportMenuItem]:
        """Every loaded program's support menu (支援メニュー): the steps a plan may choose,
        whether or not the case is enrolled in the program yet (no data)."""
        return list(self.ctx.registry.menu)

    def plans_to_decide(self) -> list[PlanToDecide]:
        """Draft plans awaiting a coordination meeting, of open cases the staff member
        may see in lists, oldest first, with the person's name."""
        from psccore.services import meetings

        return meetings.plans_to_decide(self.ctx)

    def match_people(self, person_ids: Sequence[int], limit: int = 20) -> dict[int, list[Match]]:
        """For each of these people (those with job preferences the staff member may
        read), the open openings ranked as :meth:`match_person` ranks them: the office's
        person × opening matrix, the openings read once."""
        from psccore.services import employers

        return employers.match_people(self.ctx, person_ids, limit)

    # --- several offices: organisations, offices (拠点), municipalities -------------------
    def organisations(self) -> list[Organisation]:
        """Every organisation (法人) running offices here."""
        from psccore.services import offices

        return offices.organisations(self.ctx)

    def offices(self) -> list[OfficeSite]:
        """Every office (拠点), with its organisation and municipality code."""
        from psccore.services import offices

        return offices.offices(self.ctx)

    def municipalities(self) -> list[Municipality]:
        """The municipalities whose population gives reports' rates."""
        from psccore.services import offices

        return offices.municipalities(self.ctx)

    def add_organisation(self, name: str) -> Organisation:
        """Register an organisation (administrators of all programs and offices)."""
        from psccore.services import offices

        return offices.add_organisation(self.ctx, name)

    def rename_organisation(self, name: str, new_name: str) -> Organisation:
        """Rename an organisation (administrators)."""
        from psccore.services import offices

        return offices.rename_organisation(self.ctx, name, new_name)

    def add_office(self, organisation: str, data: Mapping[str, Any]) -> OfficeSite:
        """Add an office (``name``, ``address``, ``municipality_code``) to an
        organisation, by its name (administrators)."""
        from psccore.services import offices

        return offices.add_office(self.ctx, organisation, data)

    def change_office(self, name: str, changes: Mapping[str, Any],
                      expected_version: int | None = None) -> OfficeSite:
        """Rename an office or change its address or municipality code (administrators)."""
        from psccore.services import offices

        return offices.change_office(self.ctx, name, changes, expected_version)

    def set_municipality(self, data: Mapping[str, Any]) -> Municipality:
        """Add a municipality (``code``, ``name``, ``population``, ``population_on``) or
        change it, by its code (administrators)."""
        from psccore.services import offices

        return offices.set_municipality(self.ctx, data)

    def transfer_case(self, case_id: int, to_office: str, *, with_sensitive: bool,
                      expected_version: int | None = None, on: dt.date | None = None
                      ) -> Transfer:
        """Move an open case to another office (by name), on ``on`` (today by default):
        within an organisation, its sensitive answers go only ``with_sensitive`` and
        under the person's consent to collect them (else they are removed); to another
        organisation, only under the person's consent naming it, recorded as a
        disclosure. Audited on both sides."""
        from psccore.services import case_transfer

        return case_transfer.transfer_case(self.ctx, case_id, to_office,
                                           with_sensitive=with_sensitive,
                                           expected_version=expected_version, on=on)

    def confirm_password(self, session: str, password: str, device: str = "") -> None:
        """Prove one's password again in the web session of a cookie's value (the
        administration pages ask after ``SessionInfo.confirmed`` runs out). A wrong one
        counts as a wrong password at sign-in (on ``device``, the browser's, when known)."""
        from psccore.services import auth

        auth.confirm_password(self.ctx, session, password, device)
