"""The plugin contract: every hook a program plugin may implement.

Since 0.2 a plugin registers program objects (``psc_register_programs``) whose methods
core calls; the other hooks remain for plugins written for 0.1 (see ``REPLACED_BY``).

Each hook is documented in ``docs/plugins/hooks.md`` (a test fails when one is not).
Hooks that contribute things receive a ``register`` callback instead of
returning values, so the core validates each contribution and can name the
plugin that gave a bad one. Hook arguments are only ever added, never removed
or renamed; a plugin may accept any subset of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import datetime
    from random import Random

    import click
    from sqlalchemy.engine import Connection

    from psccore.app import Psc
    from psccore.domain.cases import Enrollment
    from psccore.domain.program import (
        CaseEvent,
        Migrations,
        Program,
        ReportSection,
        SupportMenuItem,
    )
    from psccore.i18n import Label
    from psccore.services.agenda import AgendaItem, AgendaQuery
    from psccore.store.db import Transaction

PROJECT = "psccore"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

#: Hooks replaced in 0.2 by a method of the program object (:class:`psccore.Program`),
#: which core calls with the program's own data only. They still work, for at least one
#: minor release; a plugin implementing one gets a ``DeprecationWarning`` when loaded.
REPLACED_BY = {
    "psc_support_menu": "Program.menu",
    "psc_migrations": "Program.migrations",
    "psc_register_commands": "Program.commands",
    "psc_case_event": "Program.on_event",
    "psc_agenda": "Program.agenda",
    "psc_case_summary": "Program.case_summary",
    "psc_disclosure_items": "Program.disclosure_items",
    "psc_export_person": "Program.export_person",
    "psc_erase_person": "Program.erase_person",
    "psc_demo": "Program.demo",
}


@hookspec
def psc_register_programs(register: Callable[[Program], None]) -> None:
    """Register the funded programs (事業) this plugin provides.

    Call ``register(Program(...))`` once per program: its code (``readiness``),
    its Japanese and English labels, its intake class (an attrs class whose
    fields are declared with :func:`psccore.intake_field`, which gives each
    field its labels, rules and sensitivity: these are the program's intake
    fields), an optional eligibility check, and optionally a function making
    example intake answers for the demo and the conformance tests.
    """


@hookspec
def psc_support_menu(register: Callable[[SupportMenuItem], None]) -> None:
    """Offer support-menu items (支援メニュー) that plans may choose as steps.

    Call ``register(SupportMenuItem(program=..., kind=..., label=...))`` for each.
    """


@hookspec
def psc_report_sections(register: Callable[[ReportSection], None]) -> None:
    """Add sections to period reports (fiscal year or month).

    Call ``register(ReportSection(key=..., title=..., build=...))``; ``build``
    receives a read-only query context and the period, and returns rows.
    """


@hookspec
def psc_register_commands(cli: click.Group) -> None:
    """Add the plugin's command group to the ``psc`` CLI.

    Add exactly one group named after the program code (``@cli.group("readiness")``).
    ``psc --help`` lists the group from the entry point's metadata without
    importing the plugin; this hook runs only when the group is used.
    """


@hookspec
def psc_migrations(register: Callable[[Migrations], None]) -> None:
    """Declare the plugin's own tables and the Alembic branch that creates them.

    Call ``register(Migrations(branch=code, versions=folder, metadata=metadata))``.
    The branch's first revision should ``depends_on`` the core revision it
    needs. Tables are named with the program code as prefix.
    """


@hookspec
def psc_case_event(event: CaseEvent, tx: Transaction) -> None:
    """Hear what happens to cases: opened, enrolled, plan approved, step
    started or ended, closed.

    Called inside the transaction that made the change: ``tx.conn`` writes the
    plugin's own rows and ``tx.audit(...)`` records them. An exception here
    rolls the whole change back and is reported with the plugin's name.
    """


@hookspec
def psc_agenda(query: AgendaQuery, conn: Connection,
               register: Callable[[AgendaItem], None]) -> None:
    """Add what the program's staff must do to the agenda (``psc agenda``).

    ``query`` says as of which day (``query.today``), how far ahead
    (``query.horizon``), and for which staff member or program. Read with
    ``conn`` (read-only) and call ``register(AgendaItem(...))`` for each item
    due by the horizon or late; items of cases outside the query are dropped.
    An item of the office rather than of one case (a work order, an event) has
    ``case_id=None`` and ``program=`` its program code: it is shown to staff who
    may read that program (and, in one staff member's agenda, when its
    ``staff_id`` is theirs or ``None``).
    """


@hookspec
def psc_case_summary(enrollment: Enrollment, conn: Connection,
                     register: Callable[[Label, object], None]) -> None:
    """Add what the program knows about a case to ``psc case show`` and ``Psc.get_case``.

    Called once per enrollment the reader may see (of any program: answer only
    for your own, ``enrollment.program``). Read with ``conn`` (read-only) and call
    ``register(label, value)`` for each line, e.g. an attendance rate. Never
    register sensitive details here.
    """


@hookspec
def psc_demo(psc: Psc, rng: Random, today: datetime.date) -> None:
    """Add the program's own demo activity (``psc demo``) after the core's demo data.

    ``psc`` acts as the demo administrator; use its public methods (and
    ``psc.program_write``) as any app would, and ``rng`` so the demo stays the
    same from run to run. Cases enrolled in the program already exist.
    """


@hookspec
def psc_disclosure_items(person_id: int, category: str, conn: Connection,
                         register: Callable[[str, Label, object], None],
                         case_ids: list[int],
                         may_disclose: Callable[[int, str], bool]) -> None:
    """Offer what the program knows about a person for an introduction sheet.

    Called once per data category (``basic_profile``, ``work_history``,
    ``assessment_summary``, ``program_participation``, ``health``) that an
    in-force consent covers and staff chose to send. Call ``register(key, label,
    value)`` for each item; the core records every item in the disclosure record.
    Never register health details under any category but ``health``. Offer a
    program's data only where ``may_disclose(case_id, program)`` is true (the staff
    member's role in *that* program allows giving this category); ``case_ids`` are the
    cases whose case-level data they may give. A sensitive answer is read with
    :func:`psccore.unseal_answer`.
    """


@hookspec
def psc_export_person(person_id: int, conn: Connection,
                      register: Callable[[str, object], None]) -> None:
    """Give what the program keeps about a person in its own tables, for their request
    to see everything held about them (``psc person export``).

    Call ``register(key, data)`` per kind of record (``"attendance"``, a list of attrs
    objects or plain data), sealed texts opened (:func:`psccore.unseal_text`): the staff
    member exporting may read everything of the person, sensitive data included.
    """


@hookspec
def psc_erase_person(person_id: int, tx: Transaction) -> None:
    """Erase what the program holds about a person, keeping only what statistics count.

    Called by ``psc person erase`` (after the retention period) inside its transaction,
    before the core blanks its own records. Remove or blank names, notes and free
    text in the plugin's tables; keep codes and dates that reports count.
    """
