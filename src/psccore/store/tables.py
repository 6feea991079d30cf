"""The core tables. Each mirrors one domain class; ``tests/test_schema.py`` fails if
they drift apart. Plugins may point foreign keys at these tables (public API).

The tables every command touches (staff, people, cases, enrollments, consents, the
audit trail) are built here; the rest — case work (:mod:`psccore.store.tables_casework`),
employment (:mod:`psccore.store.tables_employment`) and sign-in
(:mod:`psccore.store.tables_sign_in`) — when one of them, or :data:`metadata`, is first
used: building a table costs SQLAlchemy about 50 µs a column, a tenth of a short
command's start-up, and ``psc case show`` needs eight tables of forty."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from psccore.store.columns import UTCDateTime as UTCDateTime
from psccore.store.columns import core_metadata as _metadata
from psccore.store.columns import staff_column as staff_column


def foreign_key(table: str, column: str, target: sa.Column[Any]) -> sa.ForeignKeyConstraint:
    """A plugin table's foreign key, named as core's convention names its own
    (``fk_<table>_<column>_<target table>``), so migrations and metadata agree."""
    return sa.ForeignKeyConstraint([column], [target],
                                   name=f"fk_{table}_{column}_{target.table.name}")


def program_table(code: str, name: str, metadata: sa.MetaData, *items: sa.schema.SchemaItem,
                  enrollment: bool = True) -> sa.Table:
    """A program's table ``<code>_<name>`` with core's conventions: an ``id`` primary key
    named ``pk_<table>`` and, with ``enrollment``, a required ``enrollment_id`` pointing
    at ``enrollments.id`` (through :func:`foreign_key`). ``items`` are the table's own
    columns and constraints, after ``id`` and ``enrollment_id``."""
    table = f"{code}_{name}"
    columns: list[sa.schema.SchemaItem] = [sa.Column("id", sa.Integer)]
    keys: list[sa.schema.SchemaItem] = [sa.PrimaryKeyConstraint("id", name=f"pk_{table}")]
    if enrollment:
        columns.append(sa.Column("enrollment_id", sa.Integer, nullable=False))
        keys.append(foreign_key(table, "enrollment_id", enrollments.c.id))
    return sa.Table(table, metadata, *columns, *keys, *items)


# --- organisations, their offices (拠点) and municipalities (core_0014) -----------------

organisations = sa.Table(
    "organisations",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("version", sa.Integer, nullable=False),
)

municipalities = sa.Table(
    "municipalities",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(6), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("population", sa.Integer, nullable=True),
    sa.Column("population_on", sa.Date, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

offices = sa.Table(
    "offices",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"),
              nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("address", sa.String(200), nullable=True),
    sa.Column("municipality_code", sa.String(6), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
)

staff = sa.Table(
    "staff",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("login", sa.String(40), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

staff_roles = sa.Table(
    "staff_roles",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False, index=True),
    sa.Column("program", sa.String(40), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("granted_on", sa.Date, nullable=False),
    # the office the role is for; NULL: every office (core_0014)
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=True,
              index=True),
    sa.UniqueConstraint("staff_id", "program", "office_id",
                        name="uq_staff_roles_staff_program_office"),
)

people = sa.Table(
    "people",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("kana", sa.String(100), nullable=False, index=True),
    sa.Column("birth_date", sa.Date, nullable=True),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("email", sa.String(200), nullable=True),
    sa.Column("postal_code", sa.String(8), nullable=True),
    sa.Column("ward", sa.String(40), nullable=True),
    sa.Column("address", sa.String(200), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    # registered once per organisation (core_0014)
    sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id"),
              nullable=False, index=True),
)

cases = sa.Table(
    "cases",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date, nullable=True),
    sa.Column("assigned_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
    sa.Column("closure_reason", sa.String(20), nullable=True),
    sa.Column("closure_note", sa.String(2000), nullable=True),
    sa.Column("previous_case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    # the office holding the case now (core_0014); its history is in case_offices
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=False,
              index=True),
)

enrollments = sa.Table(
    "enrollments",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("program", sa.String(40), nullable=False, index=True),
    sa.Column("enrolled_on", sa.Date, nullable=False),
    sa.Column("intake", sa.JSON, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("case_id", "program", name="uq_enrollments_case_program"),
)


# A case's stays at its offices (like case_assignments): reports count by the office of the day.
case_offices = sa.Table(
    "case_offices",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
    sa.Column("office_id", sa.Integer, sa.ForeignKey("offices.id"), nullable=False,
              index=True),
    sa.Column("from_on", sa.Date, nullable=False),
    sa.Column("to_on", sa.Date, nullable=True),
    sa.Column("with_sensitive", sa.Boolean, nullable=False),
    staff_column(),
    # an office's cases from the index alone, for its reports (core_0019)
    sa.Index("ix_case_offices_office_id_case_id", "office_id", "case_id"),
)


# --- consent (the rest of employment: psccore.store.tables_employment) -----------------

consents = sa.Table(
    "consents",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False, server_default="provide"),
    # an employer, kept as ``_employer`` makes it in tables_employment
    sa.Column("employer_id", sa.Integer, sa.ForeignKey("employers.id"), nullable=True,
              index=True),
    sa.Column("organisation", sa.String(200), nullable=True),
    sa.Column("categories", sa.JSON, nullable=False),
    sa.Column("purpose", sa.String(500), nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    sa.Column("withdrawn_on", sa.Date, nullable=True),
    sa.Column("form_reference", sa.String(200), nullable=True),
    sa.Column("recorded_on", sa.Date, nullable=False),
    staff_column(),
    sa.Column("version", sa.Integer, nullable=False),
)


# One row: the office's own facts that reports need (its population, for rates).
office = sa.Table(
    "office",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=True),
    sa.Column("population", sa.Integer, nullable=True),
    sa.Column("population_on", sa.Date, nullable=True),
    sa.Column("placement_notice_days", sa.Integer, nullable=False, server_default="14"),
    sa.Column("consent_notice_days", sa.Integer, nullable=False, server_default="30"),
    sa.Column("assessment_due_days", sa.Integer, nullable=False, server_default="14"),
    sa.Column("plan_due_days", sa.Integer, nullable=False, server_default="30"),
    sa.Column("referral_wait_days", sa.Integer, nullable=False, server_default="14"),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("require_totp_for_admins", sa.Boolean, nullable=False,
              server_default=sa.false()),
)


audit_log = sa.Table(
    "audit_log",
    _metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("staff", sa.String(40), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("entity", sa.String(60), nullable=False),
    sa.Column("entity_id", sa.Integer, nullable=True),
    sa.Column("person_id", sa.Integer, nullable=True, index=True),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    # the written row's content digest (core_0009): see psc audit verify --data
    sa.Column("data_digest", sa.String(64), nullable=True),
)

# One row: the newest seq and hash. Writers lock it, so the chain never forks.
audit_head = sa.Table(
    "audit_head",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

# The people search's index (core_0013, one row a person since core_0016) is kept by
# psccore.store.search_index, which alone knows its shape on each database (an FTS5
# table on SQLite, an array under a GIN index on PostgreSQL).

# What the lists, the agenda and the reports read by, so that they stay as fast at
# 100,000 cases as at 10,000 (core_0011): the case list newest first (keyset paged), a
# caseworker's open cases; the other tables' indexes are beside them.
LIST_INDEXES = (
    sa.Index("ix_cases_opened_on_id", cases.c.opened_on, cases.c.id),
    sa.Index("ix_cases_status_opened_on_id", cases.c.status, cases.c.opened_on, cases.c.id),
    sa.Index("ix_cases_assigned_staff_id_status", cases.c.assigned_staff_id, cases.c.status),
    sa.Index("ix_cases_closed_on", cases.c.closed_on),
    sa.Index("ix_enrollments_case_id", enrollments.c.case_id),
)

#: Where the tables built on first use are.
LATER = ("psccore.store.tables_casework", "psccore.store.tables_employment",
         "psccore.store.tables_sign_in")

if TYPE_CHECKING:
    from psccore.store.tables_casework import (
        assessments as assessments,
    )
    from psccore.store.tables_casework import (
        case_assignments as case_assignments,
    )
    from psccore.store.tables_casework import (
        evaluations as evaluations,
    )
    from psccore.store.tables_casework import (
        meeting_decisions as meeting_decisions,
    )
    from psccore.store.tables_casework import (
        meetings as meetings,
    )
    from psccore.store.tables_casework import (
        plan_goals as plan_goals,
    )
    from psccore.store.tables_casework import (
        plan_steps as plan_steps,
    )
    from psccore.store.tables_casework import (
        plans as plans,
    )
    from psccore.store.tables_casework import (
        screenings as screenings,
    )
    from psccore.store.tables_casework import (
        support_records as support_records,
    )
    from psccore.store.tables_employment import (
        disclosures as disclosures,
    )
    from psccore.store.tables_employment import (
        employer_roles as employer_roles,
    )
    from psccore.store.tables_employment import (
        employer_stage_changes as employer_stage_changes,
    )
    from psccore.store.tables_employment import (
        employer_visits as employer_visits,
    )
    from psccore.store.tables_employment import (
        employers as employers,
    )
    from psccore.store.tables_employment import (
        employments as employments,
    )
    from psccore.store.tables_employment import (
        follow_ups as follow_ups,
    )
    from psccore.store.tables_employment import (
        income_changes as income_changes,
    )
    from psccore.store.tables_employment import (
        internship_attendance as internship_attendance,
    )
    from psccore.store.tables_employment import (
        internships as internships,
    )
    from psccore.store.tables_employment import (
        job_applications as job_applications,
    )
    from psccore.store.tables_employment import (
        job_openings as job_openings,
    )
    from psccore.store.tables_employment import (
        job_preferences as job_preferences,
    )
    from psccore.store.tables_employment import (
        referrals as referrals,
    )
    from psccore.store.tables_employment import (
        retention_checks as retention_checks,
    )
    from psccore.store.tables_employment import (
        trainings as trainings,
    )
    from psccore.store.tables_employment import (
        work_history as work_history,
    )
    from psccore.store.tables_sign_in import (
        sign_in_devices as sign_in_devices,
    )
    from psccore.store.tables_sign_in import (
        sign_in_pending as sign_in_pending,
    )
    from psccore.store.tables_sign_in import (
        sign_in_throttle as sign_in_throttle,
    )
    from psccore.store.tables_sign_in import (
        staff_passwords as staff_passwords,
    )
    from psccore.store.tables_sign_in import (
        staff_totp as staff_totp,
    )
    from psccore.store.tables_sign_in import (
        web_sessions as web_sessions,
    )

    #: every core table (all built)
    metadata: sa.MetaData


def __getattr__(name: str) -> Any:
    """A table built on first use, or :data:`metadata` with every core table built."""
    if name.startswith("__"):  # e.g. ``from … import`` asks for ``__path__``
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = globals()
    for module in LATER:
        tables = importlib.import_module(module)
        found.update((n, getattr(tables, n)) for n in tables.__all__)
    found["metadata"] = _metadata
    if name not in found:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return found[name]
