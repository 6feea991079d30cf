"""psccore: case management for employment and life support.

The names below are the stable API for apps and plugins. They are imported on
first use, so ``import psccore`` (and ``psc --help``) stays fast.
What ``Psc``'s methods return (``CasePage``, ``SearchResult``, ``PlanDetail``,
``Report``, ``StaffDetail`` …) is among them, for an app's own type hints.

These modules are public too, and a plugin imports from nothing else:

- :mod:`psccore.errors`: the errors staff see, each with its message in both languages;
- :mod:`psccore.cli.kit`: a program's command group and the CLI's output helpers;
- :mod:`psccore.testing`: the pytest fixtures and the conformance suite for plugins;
- :mod:`psccore.store.tables`: core's tables, for a program's foreign keys and joins;
- :mod:`psccore.store.rls`: row-level security for a program's tables (PostgreSQL);
- :mod:`psccore.documents.files`: writing a document to a file whole or not at all;
- :mod:`psccore.demo`: the demo data, which a program's tests may load.
- :mod:`psccore.domain.rules` (``psccore.rules``): the rules an intake field can carry;
- :mod:`psccore.forms.model`: a printed form as plain values (``Program.forms()``).

``make docs`` builds the reference of all of them (``build/api/index.html``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Psc": "psccore.app",
    "Label": "psccore.i18n",
    "hookimpl": "psccore.hookspecs",
    "Program": "psccore.domain.program",
    "SupportMenuItem": "psccore.domain.program",
    "ReportSection": "psccore.domain.program",
    "ReportRow": "psccore.domain.program",
    "ReportPeriod": "psccore.domain.program",
    "Migrations": "psccore.domain.program",
    "CaseEvent": "psccore.domain.program",
    "CaseEventKind": "psccore.domain.program",
    "ProgramPage": "psccore.domain.pages",
    "PageRequest": "psccore.domain.pages",
    "PageContent": "psccore.domain.pages",
    "PageTable": "psccore.domain.pages",
    "PageLink": "psccore.domain.pages",
    "intake_field": "psccore.domain.rules",
    "rules": "psccore.domain",
    "Person": "psccore.domain.people",
    "Staff": "psccore.domain.people",
    "Case": "psccore.domain.cases",
    "CaseStatus": "psccore.domain.cases",
    "Enrollment": "psccore.domain.cases",
    "AgendaItem": "psccore.services.agenda",
    "AgendaQuery": "psccore.services.agenda",
    "Participant": "psccore.services.programs",
    "participants": "psccore.services.programs",
    "enrollment_of": "psccore.services.programs",
    "ReportQuery": "psccore.services.reports",
    "PlacementStart": "psccore.services.reports",
    "ProgramFact": "psccore.services.cases",
    "CaseDetail": "psccore.services.cases",
    "from_row": "psccore.store.db",
    "structure": "psccore.domain.convert",
    "unseal_answer": "psccore.services.sensitive",
    "unseal_text": "psccore.services.sensitive",
    "unstructure": "psccore.domain.convert",
    "public_holiday": "psccore.dates",
    "is_working_day": "psccore.dates",
    "working_days": "psccore.dates",
    "add_working_days": "psccore.dates",
    "add_months": "psccore.domain.placements",
    "FollowUpKind": "psccore.domain.placements",
    "default_follow_ups": "psccore.domain.placements",
    "open_through_consultation": "psccore.demo",
    "parse_date": "psccore.dates",
    "format_era": "psccore.dates",
    "on_use": "psccore.lazy",
    "current_lang": "psccore.i18n",
    "NotFound": "psccore.errors",
    "OfficeClock": "psccore.clock",
    "NotAllowed": "psccore.errors",
    "AccessRefused": "psccore.errors",
    "ConcurrentEdit": "psccore.errors",
    "Problem": "psccore.errors",
    "program_group": "psccore.cli.kit",
    "Transaction": "psccore.store.db",
    "age_on": "psccore.dates",
    "fiscal_year": "psccore.dates",
    "Coded": "psccore.domain.catalogues",
    "PscError": "psccore.errors",
    "InvalidInput": "psccore.errors",
    "RuleViolation": "psccore.errors",
    "program_table": "psccore.store.tables",
    "among": "psccore.store.sql",
    "FieldSpec": "psccore.domain.fields",
    # what ``Psc``'s methods return, for an app's own type hints
    "CaseSummary": "psccore.services.cases",
    "CasePage": "psccore.services.cases",
    "PersonHit": "psccore.services.search",
    "SearchResult": "psccore.services.search",
    "AgendaPage": "psccore.services.agenda",
    "TimelineEntry": "psccore.services.agenda",
    "PlanDetail": "psccore.services.plans",
    "Report": "psccore.services.reports",
    "SectionResult": "psccore.services.reports",
    "ImportResult": "psccore.services.bulk",
    "RowProblem": "psccore.services.bulk",
    "Assessment": "psccore.domain.workflow",
    "Plan": "psccore.domain.workflow",
    "Goal": "psccore.domain.workflow",
    "Step": "psccore.domain.workflow",
    "CoordinationMeeting": "psccore.domain.workflow",
    "MeetingDecision": "psccore.domain.workflow",
    "SupportRecord": "psccore.domain.workflow",
    "Evaluation": "psccore.domain.workflow",
    "Resolved": "psccore.domain.names",
    "ConfigurationError": "psccore.errors",
    # and what the rest of them return (staff, employers, placements, forms, sign-in …)
    "Grants": "psccore.domain.access",
    "RoleGrant": "psccore.domain.access",
    "AuditEntry": "psccore.domain.audit",
    "ChainBreak": "psccore.domain.audit",
    "RowChange": "psccore.domain.audit",
    "Consent": "psccore.domain.consent",
    "Disclosure": "psccore.domain.consent",
    "WorkHistoryEntry": "psccore.domain.consent",
    "Screening": "psccore.domain.consultation",
    "Employer": "psccore.domain.employers",
    "EmployerVisit": "psccore.domain.employers",
    "JobOpening": "psccore.domain.employers",
    "JobPreference": "psccore.domain.employers",
    "RoleAgreement": "psccore.domain.employers",
    "JobApplication": "psccore.domain.job_placement",
    "Referral": "psccore.domain.job_placement",
    "JobCard": "psccore.domain.jobcard",
    "Match": "psccore.domain.matching",
    "Office": "psccore.domain.office",
    "Municipality": "psccore.domain.offices",
    "OfficeSite": "psccore.domain.offices",
    "Organisation": "psccore.domain.offices",
    "Attendance": "psccore.domain.placements",
    "Employment": "psccore.domain.placements",
    "FollowUpItem": "psccore.domain.placements",
    "IncomeChange": "psccore.domain.placements",
    "Internship": "psccore.domain.placements",
    "RetentionCheck": "psccore.domain.placements",
    "Training": "psccore.domain.placements",
    "CaseExport": "psccore.domain.transfer",
    "Form": "psccore.forms.model",
    "FormDefinition": "psccore.forms.model",
    "PeriodFormDefinition": "psccore.forms.model",
    "AuditPage": "psccore.services.admin",
    "CodeNeeded": "psccore.services.auth",
    "LoginState": "psccore.services.auth",
    "SessionInfo": "psccore.services.auth",
    "SignedIn": "psccore.services.auth",
    "BackupCheck": "psccore.services.backup",
    "Transfer": "psccore.services.case_transfer",
    "ConsentCheck": "psccore.services.consent",
    "IntroductionSheet": "psccore.services.consent",
    "EmployerDetail": "psccore.services.employers",
    "ReferralResult": "psccore.services.job_placement",
    "PlanToDecide": "psccore.services.meetings",
    "CasePlacements": "psccore.services.placements",
    "EmploymentYear": "psccore.services.placements",
    "ErasurePlan": "psccore.services.rights",
    "StaffDetail": "psccore.services.staff",
    "Enrolment": "psccore.services.totp",
    "TotpState": "psccore.services.totp",
}

if TYPE_CHECKING:
    from pluggy import HookimplMarker

    from psccore.app import Psc
    from psccore.cli.kit import program_group
    from psccore.clock import OfficeClock
    from psccore.dates import (
        add_working_days,
        age_on,
        fiscal_year,
        format_era,
        is_working_day,
        parse_date,
        public_holiday,
        working_days,
    )
    from psccore.demo import open_through_consultation
    from psccore.domain import rules
    from psccore.domain.access import Grants, RoleGrant
    from psccore.domain.audit import AuditEntry, ChainBreak, RowChange
    from psccore.domain.cases import Case, CaseStatus, Enrollment
    from psccore.domain.catalogues import Coded
    from psccore.domain.consent import Consent, Disclosure, WorkHistoryEntry
    from psccore.domain.consultation import Screening
    from psccore.domain.convert import structure, unstructure
    from psccore.domain.employers import (
        Employer,
        EmployerVisit,
        JobOpening,
        JobPreference,
        RoleAgreement,
    )
    from psccore.domain.fields import FieldSpec
    from psccore.domain.job_placement import JobApplication, Referral
    from psccore.domain.jobcard import JobCard
    from psccore.domain.matching import Match
    from psccore.domain.names import Resolved
    from psccore.domain.office import Office
    from psccore.domain.offices import Municipality, OfficeSite, Organisation
    from psccore.domain.pages import PageContent, PageLink, PageRequest, PageTable, ProgramPage
    from psccore.domain.people import Person, Staff
    from psccore.domain.placements import (
        Attendance,
        Employment,
        FollowUpItem,
        FollowUpKind,
        IncomeChange,
        Internship,
        RetentionCheck,
        Training,
        add_months,
        default_follow_ups,
    )
    from psccore.domain.program import (
        CaseEvent,
        CaseEventKind,
        Migrations,
        Program,
        ReportPeriod,
        ReportRow,
        ReportSection,
        SupportMenuItem,
    )
    from psccore.domain.rules import intake_field
    from psccore.domain.transfer import CaseExport
    from psccore.domain.workflow import (
        Assessment,
        CoordinationMeeting,
        Evaluation,
        Goal,
        MeetingDecision,
        Plan,
        Step,
        SupportRecord,
    )
    from psccore.errors import (
        AccessRefused,
        ConcurrentEdit,
        ConfigurationError,
        InvalidInput,
        NotAllowed,
        NotFound,
        Problem,
        PscError,
        RuleViolation,
    )
    from psccore.forms.model import Form, FormDefinition, PeriodFormDefinition
    from psccore.i18n import Label, current_lang
    from psccore.lazy import on_use
    from psccore.services.admin import AuditPage
    from psccore.services.agenda import AgendaItem, AgendaPage, AgendaQuery, TimelineEntry
    from psccore.services.auth import CodeNeeded, LoginState, SessionInfo, SignedIn
    from psccore.services.backup import BackupCheck
    from psccore.services.bulk import ImportResult, RowProblem
    from psccore.services.case_transfer import Transfer
    from psccore.services.cases import CaseDetail, CasePage, CaseSummary, ProgramFact
    from psccore.services.consent import ConsentCheck, IntroductionSheet
    from psccore.services.employers import EmployerDetail
    from psccore.services.job_placement import ReferralResult
    from psccore.services.meetings import PlanToDecide
    from psccore.services.placements import CasePlacements, EmploymentYear
    from psccore.services.plans import PlanDetail
    from psccore.services.programs import Participant, enrollment_of, participants
    from psccore.services.reports import PlacementStart, Report, ReportQuery, SectionResult
    from psccore.services.rights import ErasurePlan
    from psccore.services.search import PersonHit, SearchResult
    from psccore.services.sensitive import unseal_answer, unseal_text
    from psccore.services.staff import StaffDetail
    from psccore.services.totp import Enrolment, TotpState
    from psccore.store.db import Transaction, from_row
    from psccore.store.sql import among
    from psccore.store.tables import program_table

hookimpl: HookimplMarker
"""Marks a plugin's function as a hook implementation: ``@hookimpl`` above
``def psc_register_programs(register): ...`` (the hooks: docs/plugins/hooks.md)."""


if not TYPE_CHECKING:  # a type checker sees the imports above: a misspelt name is an error

    def __getattr__(name: str) -> Any:
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'psccore' has no attribute {name!r}")
        if name == "rules":
            value: Any = importlib.import_module("psccore.domain.rules")
        else:
            value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


__all__ = [
    "AccessRefused",
    "AgendaItem",
    "AgendaPage",
    "AgendaQuery",
    "Assessment",
    "Attendance",
    "AuditEntry",
    "AuditPage",
    "BackupCheck",
    "Case",
    "CaseDetail",
    "CaseEvent",
    "CaseEventKind",
    "CaseExport",
    "CasePage",
    "CasePlacements",
    "CaseStatus",
    "CaseSummary",
    "ChainBreak",
    "CodeNeeded",
    "Coded",
    "ConcurrentEdit",
    "ConfigurationError",
    "Consent",
    "ConsentCheck",
    "CoordinationMeeting",
    "Disclosure",
    "Employer",
    "EmployerDetail",
    "EmployerVisit",
    "Employment",
    "EmploymentYear",
    "Enrollment",
    "Enrolment",
    "ErasurePlan",
    "Evaluation",
    "FieldSpec",
    "FollowUpItem",
    "FollowUpKind",
    "Form",
    "FormDefinition",
    "Goal",
    "Grants",
    "ImportResult",
    "IncomeChange",
    "Internship",
    "IntroductionSheet",
    "InvalidInput",
    "JobApplication",
    "JobCard",
    "JobOpening",
    "JobPreference",
    "Label",
    "LoginState",
    "Match",
    "MeetingDecision",
    "Migrations",
    "Municipality",
    "NotAllowed",
    "NotFound",
    "Office",
    "OfficeClock",
    "OfficeSite",
    "Organisation",
    "PageContent",
    "PageLink",
    "PageRequest",
    "PageTable",
    "Participant",
    "PeriodFormDefinition",
    "Person",
    "PersonHit",
    "PlacementStart",
    "Plan",
    "PlanDetail",
    "PlanToDecide",
    "Problem",
    "Program",
    "ProgramFact",
    "ProgramPage",
    "Psc",
    "PscError",
    "Referral",
    "ReferralResult",
    "Report",
    "ReportPeriod",
    "ReportQuery",
    "ReportRow",
    "ReportSection",
    "Resolved",
    "RetentionCheck",
    "RoleAgreement",
    "RoleGrant",
    "RowChange",
    "RowProblem",
    "RuleViolation",
    "Screening",
    "SearchResult",
    "SectionResult",
    "SessionInfo",
    "SignedIn",
    "Staff",
    "StaffDetail",
    "Step",
    "SupportMenuItem",
    "SupportRecord",
    "TimelineEntry",
    "TotpState",
    "Training",
    "Transaction",
    "Transfer",
    "WorkHistoryEntry",
    "add_months",
    "add_working_days",
    "age_on",
    "among",
    "current_lang",
    "default_follow_ups",
    "enrollment_of",
    "fiscal_year",
    "format_era",
    "from_row",
    "hookimpl",
    "intake_field",
    "is_working_day",
    "on_use",
    "open_through_consultation",
    "parse_date",
    "participants",
    "program_group",
    "program_table",
    "public_holiday",
    "rules",
    "structure",
    "unseal_answer",
    "unseal_text",
    "unstructure",
    "working_days",
]
