"""Tables and domain classes must not drift apart; migrations must make the tables."""

import datetime as dt
import enum
import types
import typing

import attrs
import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.domain import auth
from psccore.domain import consent as c
from psccore.domain import consultation as cs
from psccore.domain import employers as e
from psccore.domain import job_placement as jp
from psccore.domain import offices as o
from psccore.domain import placements as p
from psccore.domain import workflow as w
from psccore.domain.audit import AuditEntry
from psccore.domain.cases import Case, CaseAssignment, Enrollment
from psccore.domain.office import Office
from psccore.domain.people import Person, Staff
from psccore.store import migrate
from psccore.store import tables as t

PAIRS = [(Person, t.people), (Staff, t.staff), (Case, t.cases), (Enrollment, t.enrollments),
         (AuditEntry, t.audit_log), (w.Assessment, t.assessments), (w.Plan, t.plans),
         (w.Goal, t.plan_goals), (w.Step, t.plan_steps), (w.CoordinationMeeting, t.meetings),
         (w.MeetingDecision, t.meeting_decisions), (w.SupportRecord, t.support_records),
         (w.Evaluation, t.evaluations), (e.Employer, t.employers),
         (e.StageChange, t.employer_stage_changes), (e.EmployerVisit, t.employer_visits),
         (e.RoleAgreement, t.employer_roles), (e.JobOpening, t.job_openings),
         (e.JobPreference, t.job_preferences), (c.WorkHistoryEntry, t.work_history),
         (c.Consent, t.consents), (c.Disclosure, t.disclosures), (p.Internship, t.internships),
         (p.Attendance, t.internship_attendance), (p.Training, t.trainings),
         (p.Employment, t.employments), (p.RetentionCheck, t.retention_checks),
         (p.IncomeChange, t.income_changes), (Office, t.office),
         (auth.Credential, t.staff_passwords), (auth.WebSession, t.web_sessions),
         (auth.Throttle, t.sign_in_throttle),
         (cs.Screening, t.screenings),
         (CaseAssignment, t.case_assignments), (p.FollowUpItem, t.follow_ups),
         (jp.JobApplication, t.job_applications), (jp.Referral, t.referrals),
         (o.Organisation, t.organisations), (o.Municipality, t.municipalities),
         (o.OfficeSite, t.offices), (o.CaseOffice, t.case_offices)]

COLUMN_TYPES = {int: sa.Integer, float: sa.Float, str: sa.String, bool: sa.Boolean,
                dt.date: sa.Date,
                dt.datetime: sa.DateTime, dict: sa.JSON, list: sa.JSON}


def _python_type(tp: typing.Any) -> tuple[typing.Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _python_type(args[0])[0], True
    origin = typing.get_origin(tp) or tp
    if isinstance(origin, type) and issubclass(origin, enum.Enum):
        return str, False
    return origin, False


@pytest.mark.parametrize(("cls", "table"), PAIRS, ids=[c.__name__ for c, _ in PAIRS])
def test_table_matches_its_domain_class(cls: type, table: sa.Table) -> None:
    hints = typing.get_type_hints(cls)
    fields = {a.name for a in attrs.fields(cls)}
    assert fields == set(table.columns.keys())
    for name in fields:
        column = table.columns[name]
        python, optional = _python_type(hints[name])
        column_type = column.type
        if isinstance(column_type, sa.TypeDecorator):
            column_type = column_type.impl_instance
        assert isinstance(column_type, COLUMN_TYPES[python]), name
        if not column.primary_key:
            assert column.nullable == optional, f"{cls.__name__}.{name} nullability"


def test_migrations_make_exactly_the_tables_in_code(psc: Psc) -> None:
    with psc.ctx.db.read() as conn:
        assert migrate.differences(conn, psc.ctx.registry) == []
    assert psc.pending_migrations() == []


def test_every_installed_program_has_its_branch(psc: Psc) -> None:
    with psc.ctx.db.read() as conn:
        heads = set(conn.execute(sa.text("select version_num from alembic_version")).scalars())
    # a plugin branch depends on core, so core's revision is implied by the plugin heads
    for branch in psc.ctx.registry.migrations:
        assert any(h.startswith(branch.branch) for h in heads), branch.branch
    assert psc.pending_migrations() == []
