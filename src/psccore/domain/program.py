"""What a program plugin contributes: the program object, its menu items, report sections.

A plugin registers one :class:`Program` per funded program (through
``psc_register_programs``). Core calls the program's methods only for the program's own
data (its enrollments, its participants), so a plugin never filters by program code.
The other classes are plain attrs values a program hands to core, which checks them once.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import random
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from psccore.domain.cases import Case, Enrollment
from psccore.domain.people import Person
from psccore.errors import Problem
from psccore.i18n import Label

if TYPE_CHECKING:
    import click
    from sqlalchemy.engine import Connection

    from psccore.domain.fields import FieldSpec
    from psccore.domain.pages import ProgramPage

CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")
INTAKE_REF = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")

#: ``(person, intake, on) -> problems``: may this person join on that date?
Eligibility = Callable[[Person, Any, dt.date], Iterable[Problem]]


def _code(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not CODE.fullmatch(value):
        raise ValueError(f"{attribute.name} {value!r} must match {CODE.pattern}")


def _intake_class(_: object, attribute: attrs.Attribute[Any], value: type | str) -> None:
    """A class is checked at once; a ``module:Name`` reference when it is first used."""
    if isinstance(value, str):
        if not INTAKE_REF.fullmatch(value):
            raise ValueError(f"intake {value!r} must be an attrs class or 'module:Name'")
        return
    _check_intake(value)


def _check_intake(value: object) -> type:
    if not (isinstance(value, type) and attrs.has(value)):
        raise TypeError(f"intake must be an attrs class, got {value!r}")
    attrs.resolve_types(value)
    for field in attrs.fields(value):
        for nested in (field.type, *typing.get_args(field.type)):
            if isinstance(nested, type) and attrs.has(nested) and any(
                    (i := a.metadata.get("psc")) is not None and i.sensitive
                    for a in attrs.fields(nested)):
                raise TypeError(f"{value.__name__}.{field.name}: sensitive fields must be at "
                                "the top level of an intake class, where they are encrypted")
    return value


@functools.cache
def _imported_intake(ref: str) -> type:
    module, _, name = ref.partition(":")
    return _check_intake(getattr(importlib.import_module(module), name))


@attrs.frozen(kw_only=True)
class Program:
    """A funded program (事業). Registered by its plugin through ``psc_register_programs``."""

    code: str = attrs.field(validator=_code)
    label: Label
    description: Label | None = None
    #: attrs class of the intake answers (its fields use :func:`psccore.intake_field`), or
    #: where it is, ``"module:Name"``, imported when first used: a command that touches
    #: no case of the program then never builds the class (see :attr:`intake`).
    intake_ref: type | str = attrs.field(alias="intake", validator=_intake_class)
    eligibility: Eligibility | None = None
    #: makes plausible intake answers, for the demo and for conformance tests.
    example_intake: Callable[[random.Random], Mapping[str, Any]] | None = None
    #: taking part in this program itself reveals health data (e.g. cancer support):
    #: it is then disclosed only under the ``health`` category.
    sensitive_participation: bool = False
    #: its sensitive answers may be recorded only under the person's consent to collect
    #: them (a ``collect`` consent covering ``health``), recorded first
    consent_to_collect: bool = False

    @property
    def intake(self) -> type:
        """The attrs class of the intake answers (imported now if it was named)."""
        ref = self.intake_ref
        return _imported_intake(ref) if isinstance(ref, str) else ref

    # What the program adds to core. Subclass Program and override the ones it needs; core
    # calls each only with the program's own data. ``tx`` is a :class:`psccore.Transaction`,
    # ``query`` an :class:`psccore.AgendaQuery`, ``psc`` a :class:`psccore.Psc` (typed
    # loosely here so that the domain imports nothing above it).

    def menu(self) -> Iterable[SupportMenuItem]:
        """The kinds of support (支援メニュー) plans may choose as steps."""
        return ()

    def report_sections(self) -> Iterable[ReportSection]:
        """The program's sections of period reports."""
        return ()

    def migrations(self) -> Migrations | None:
        """The program's own tables and the Alembic branch that creates them."""
        return None

    def commands(self, cli: click.Group) -> None:
        """Add the program's command group (named after its code) to ``cli``."""

    def on_event(self, event: CaseEvent, tx: Any) -> None:
        """Something happened to a case enrolled in the program (``event.enrollment`` is
        its enrollment), inside the transaction that made the change."""

    def agenda(self, query: Any, conn: Connection) -> Iterable[Any]:
        """``AgendaItem``s of the program due by ``query.horizon`` or late."""
        return ()

    def case_summary(self, enrollment: Enrollment, conn: Connection
                     ) -> Iterable[tuple[Label, object]]:
        """``(label, value)`` lines about one enrollment in the program (nothing sensitive)."""
        return ()

    def disclosure_items(self, person_id: int, category: str, conn: Connection,
                         case_ids: list[int], may_disclose: Callable[[int, str], bool]
                         ) -> Iterable[tuple[str, Label, object]]:
        """``(key, label, value)`` items for an introduction sheet, under ``category``,
        only for cases where ``may_disclose(case_id, code)``."""
        return ()

    def export_person(self, person_id: int, conn: Connection) -> Iterable[tuple[str, object]]:
        """``(kind, records)`` the program keeps about a person in its own tables."""
        return ()

    def erase_person(self, person_id: int, tx: Any) -> None:
        """Blank what the program keeps about a person, keeping what reports count."""

    def demo(self, psc: Any, rng: random.Random, today: dt.date) -> None:
        """Add the program's demo activity after core's demo data."""

    def forms(self) -> Iterable[Any]:
        """Printable forms of the program (``psc form NAME CASE -o FILE.pdf|.xlsx``): each
        a :class:`psccore.forms.model.FormDefinition` built from the case as the staff
        member may read it, or a :class:`psccore.forms.model.PeriodFormDefinition` for a
        fiscal year (``psc form NAME --fy FY``) built from report sections."""
        return ()

    def follow_up_schedule(self, placement: str, start: dt.date, end: dt.date
                           ) -> list[tuple[Any, dt.date]] | None:
        """The follow-ups (``(FollowUpKind, due)``) of an internship or certified
        training (``placement``) of one of the program's cases, replacing core's
        template (:func:`psccore.domain.placements.default_follow_ups`); ``[]`` for
        none (the program follows up its own way), ``None`` to keep core's."""
        return None

    def pages(self) -> Iterable[ProgramPage]:
        """The program's web pages (served under ``/programs/<code>/``), each with its
        title and handler; those with ``menu=True`` are menu entries. Core shows them
        only to staff with a role in the program (404 to anyone else, as for a page that
        does not exist). Keep this cheap (it is asked for every menu): name handlers with
        :func:`psccore.on_use` so that they are imported when a page is served."""
        return ()

    def fields(self) -> list[FieldSpec]:
        """One description of every intake field (labels, kind, choices, nesting,
        sensitivity, help and an example), for every surface that asks for them."""
        from psccore.domain.fields import describe_fields

        example = self.example_intake(random.Random(0)) if self.example_intake else None
        return describe_fields(self.intake, example)


#: how an enrollment of a program whose plugin is not loaded is named (to administrators)
NOT_INSTALLED = Label("インストールされていない事業（{code}）", "a program that is not installed ({code})")


#: ``(start_on, end_on) -> problems`` (paths ``$.start_on`` / ``$.end_on``): a step's period rule.
PeriodRule = Callable[[dt.date, dt.date | None], Iterable[Problem]]


@attrs.frozen(kw_only=True)
class SupportMenuItem:
    """A kind of support (支援メニュー) a program offers as a plan step.

    ``period_rule`` checks a step's dates when a plan is drafted (e.g. an internship
    of 5 to 20 days), given ``end_on=None`` for an open-ended step; ``typical_days`` is how long such a step usually lasts (the demo
    plans steps of that length).
    """

    program: str = attrs.field(validator=_code)
    kind: str = attrs.field(validator=_code)
    label: Label
    description: Label | None = None
    period_rule: PeriodRule | None = None
    typical_days: int | None = None


@attrs.frozen(kw_only=True)
class ReportPeriod:
    """The days a report covers, ``start`` to ``end`` inclusive, with its label; made by
    :meth:`fiscal_year` or :meth:`month`. ``day in period`` tells whether it covers a day."""

    start: dt.date
    end: dt.date  # inclusive
    label: Label

    @classmethod
    def fiscal_year(cls, fy: int) -> ReportPeriod:
        """April ``fy`` to March ``fy + 1`` (令和8年度 = FY2026)."""
        from psccore.dates import fiscal_year_label, fiscal_year_range

        start, end = fiscal_year_range(fy)
        return cls(start=start, end=end,
                   label=Label(fiscal_year_label(fy, "ja"), fiscal_year_label(fy, "en")))

    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        """The calendar month, first to last day (2026年4月 = April 2026)."""
        start = dt.date(year, month, 1)
        end = (start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        return cls(start=start, end=end,
                   label=Label(f"{year}年{month}月", start.strftime("%B %Y")))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def cut(self, as_of: dt.date | None) -> ReportPeriod:
        """The period up to ``as_of`` (events after it not counted), labelled so
        (平成29年度（7月31日現在）); the period itself when it ends by then."""
        if as_of is None or as_of >= self.end:
            return self
        return ReportPeriod(start=self.start, end=as_of, label=Label(
            f"{self.label.ja}（{as_of.month}月{as_of.day}日現在）",
            f"{self.label.en} (as of {as_of.isoformat()})"))

    def months(self) -> list[ReportPeriod]:
        """The calendar months the period covers, in order (April … March for a year)."""
        found, day = [], self.start.replace(day=1)
        while day <= self.end:
            found.append(ReportPeriod.month(day.year, day.month))
            day = (day + dt.timedelta(days=31)).replace(day=1)
        return found


@attrs.frozen(kw_only=True)
class ReportRow:
    """One figure. ``key`` (optional) names it for programs reading reports; ``value``
    is ``"-"`` where the figure is undefined (a rate of nobody)."""

    label: Label
    value: int | float | str
    key: str | None = None
    #: the fiscal year the figure begins (e.g. certified training, FY2015): a report of
    #: an earlier year shows ``–`` (no such thing then), not 0
    since_fy: int | None = None

    @classmethod
    def of(cls, ja: str, en: str, value: int | float | str, key: str | None = None
           ) -> ReportRow:
        """A row keyed by ``key``, or by its English label made a name
        (``"attendance rate (%)"`` → ``attendance_rate``)."""
        return cls(label=Label(ja, en), value=value,
                   key=key or "_".join(re.findall(r"[a-z0-9]+", en.lower().replace("%", ""))))


@attrs.frozen(kw_only=True)
class ReportSection:
    """A section of a period report.

    ``build(query, period)`` receives a :class:`psccore.ReportQuery` (a read-only
    connection and the core's facts for the period) and returns the rows.
    ``program`` names the program a plugin's section reports on. With ``by_month``,
    a fiscal year's report also gives the section month by month (as the national
    survey is reported), built once for each month, or all at once by
    ``build_months(query, months)`` when given (one row list a month, read with a few
    grouped queries). ``chart`` names the keys of rows drawn as a trend over fiscal
    years in the HTML report.
    """

    key: str = attrs.field(validator=_code)
    title: Label
    build: Callable[[Any, ReportPeriod], list[ReportRow]]
    order: int = 100
    program: str | None = None
    by_month: bool = False
    chart: tuple[str, ...] = ()
    build_months: Callable[[Any, list[ReportPeriod]], list[list[ReportRow]]] | None = None


@attrs.frozen(kw_only=True)
class Migrations:
    """Where a plugin's Alembic branch lives and the tables it describes.

    ``branch`` is the Alembic branch label (the program code by convention);
    ``versions`` the folder of its revision files; ``metadata`` the
    ``sqlalchemy.MetaData`` holding its tables (compared with the migrations in tests),
    or a function without arguments returning it: then the tables are imported only
    when something migrates or compares them, not by every command that loads plugins.
    """

    branch: str = attrs.field(validator=_code)
    versions: Path
    _metadata: Any  # a MetaData, or a function returning one (never called otherwise)

    @property
    def metadata(self) -> Any:
        """The ``sqlalchemy.MetaData`` of the branch's tables."""
        found = self._metadata
        return found() if callable(found) else found


class CaseEventKind(enum.Enum):
    """What happened to a case, in a :class:`CaseEvent`: opened, a program enrolled, a
    plan approved, a plan step started or ended, closed."""

    OPENED = "opened"
    ENROLLED = "enrolled"
    PLAN_APPROVED = "plan_approved"
    STEP_STARTED = "step_started"
    STEP_ENDED = "step_ended"
    CLOSED = "closed"


@attrs.frozen(kw_only=True)
class CaseEvent:
    """Something that happened to a case; plugins hear it inside the same transaction.

    ``details`` carries what the kind needs (e.g. ``plan_id``, ``step_id``).
    """

    kind: CaseEventKind
    case: Case
    enrollment: Enrollment | None = None
    staff: str
    details: Mapping[str, Any] = attrs.field(factory=dict)
