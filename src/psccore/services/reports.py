"""Period reports: every registered section (core's and each program's) built for one
fiscal year or month. Definitions of the figures: docs/reports.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import POLICY, Action, FieldClass
from psccore.domain.program import ReportPeriod, ReportRow, ReportSection
from psccore.errors import AccessRefused, InvalidInput, Problem, PscError
from psccore.i18n import Label
from psccore.plugins import PLUGIN_FAILED, PluginError
from psccore.services import access, programs
from psccore.services.context import Context, Unit
from psccore.services.programs import Participant, participants
from psccore.store import tables as t
from psccore.store.sql import among

UNKNOWN_SECTION = Label("報告の節 {key} はありません（あるもの: {known}）",
                        "no report section {key} (there are: {known})")


@attrs.frozen
class PlacementStart:
    """An internship, certified training or job that began in the period."""

    kind: str  # internship | training | employment
    case_id: int
    person_id: int
    start_on: dt.date


@attrs.frozen
class ReportQuery:
    """What a section reads with: a read-only connection (for a plugin's own tables),
    the period, the office's today (a period still running is counted up to it), and
    the core's facts a program's figures need."""

    conn: Connection
    period: ReportPeriod
    today: dt.date
    #: the offices reported on (an office's or an organisation's report); ``None``: all
    offices: list[int] | None = None
    #: what a section read for its period, kept for its months (read once for both)
    memo: dict[Any, Any] = attrs.field(factory=dict, eq=False, repr=False)

    #: the offices' stays, read once when a figure asks (see :meth:`holds`)
    _stays: dict[int, list[tuple[dt.date, dt.date | None]]] = attrs.field(
        factory=dict, eq=False, repr=False, alias="_stays")

    @property
    def by_office(self) -> bool:
        """Whether the report is for some offices (an office's or an organisation's)."""
        return self.offices is not None

    def participants(self, program: str) -> list[Participant]:
        """Everyone enrolled in ``program`` at some time in the period (chosen in SQL:
        the enrollments of earlier years are not read); for some offices, those whose
        case one of them held on a day of the period while enrolled (a person moved
        between two offices is a participant of both, once for the organisation)."""
        e, c = t.enrollments, t.cases
        during = sa.select(e.c.id).join(c, c.c.id == e.c.case_id).where(
            e.c.program == program, e.c.enrolled_on <= self.period.end,
            sa.or_(c.c.closed_on.is_(None), c.c.closed_on >= self.period.start))
        if self.offices is not None:
            co = t.case_offices
            during = during.where(sa.exists().where(
                co.c.case_id == c.c.id, co.c.office_id.in_(self.offices),
                co.c.from_on <= self.period.end,
                co.c.from_on <= sa.func.coalesce(c.c.closed_on, self.period.end),
                sa.or_(co.c.to_on.is_(None), sa.and_(co.c.to_on > self.period.start,
                                                     co.c.to_on > e.c.enrolled_on))))
        return participants(self.conn, program, during)

    def held(self, case_id: Any, day: Any) -> sa.ColumnElement[bool]:
        """A condition for a query of events: the case (a column or id) was held on
        ``day`` (a column or date) by one of the offices reported on; always true for
        the whole installation. Count an event with it to count it by office."""
        return Scope(self.offices).held(case_id, day)  # type: ignore[no-any-return]

    def held_enrollment(self, enrollment_id: Any, day: Any) -> sa.ColumnElement[bool]:
        """As :meth:`held`, for an event recorded against an enrollment (a program's
        own table keeps ``enrollment_id``)."""
        if self.offices is None:
            return sa.true()
        e, co = t.enrollments, t.case_offices
        return sa.exists().where(e.c.id == enrollment_id, co.c.case_id == e.c.case_id,
                                 co.c.office_id.in_(self.offices), co.c.from_on <= day,
                                 sa.or_(co.c.to_on.is_(None), co.c.to_on > day))

    def holds(self, case_id: int, day: dt.date) -> bool:
        """Whether one of the offices reported on held the case on ``day`` (always, for
        the whole installation): for events already read, counted by office in Python."""
        if self.offices is None:
            return True
        if not self._stays:
            co = t.case_offices
            self._stays[0] = []  # read: an installation with no stay at all reads once
            for r in self.conn.execute(sa.select(co.c.case_id, co.c.from_on, co.c.to_on)
                                       .where(co.c.office_id.in_(self.offices))):
                self._stays.setdefault(r.case_id, []).append((r.from_on, r.to_on))
        return any(start <= day and (end is None or day < end)
                   for start, end in self._stays.get(case_id, []))

    def whole(self, value: int | float | str) -> int | float | str:
        """A figure that belongs to no case (a session held, an order, an employer):
        the installation's, so ``-`` (:data:`NOT_BY_OFFICE_VALUE`) in a report for some
        offices rather than the whole installation's count under an office's name."""
        return value if self.offices is None else NOT_BY_OFFICE_VALUE

    def whole_only(self, key: str) -> None:
        """For a section that cannot be counted by office at all: refuses (it is left
        out of a report for some offices, and refused when asked for by name)."""
        if self.offices is not None:
            raise NotByOffice([Problem("$.section", NOT_BY_OFFICE, {"key": key})])

    def placements(self, case_ids: Iterable[int]) -> list[PlacementStart]:
        """Internships, trainings and jobs of these cases that began in the period (for
        some offices: while one of them held the case)."""
        ids = sorted(set(case_ids))
        parts = [sa.select(sa.literal(kind).label("kind"), table.c.case_id,
                           t.cases.c.person_id, table.c.start_on)
                 .join(t.cases, t.cases.c.id == table.c.case_id)
                 .where(among(table.c.case_id, ids),
                        table.c.start_on.between(self.period.start, self.period.end),
                        self.held(table.c.case_id, table.c.start_on))
                 for kind, table in (("internship", t.internships), ("training", t.trainings),
                                     ("employment", t.employments))]
        found = [PlacementStart(r.kind, r.case_id, r.person_id, r.start_on)
                 for r in self.conn.execute(sa.union_all(*parts))]
        return sorted(found, key=lambda p: (p.start_on, p.kind, p.case_id))

    def retention(self, case_ids: Iterable[int]) -> list[RetentionResult]:
        """Follow-ups of these cases' jobs recorded in the period (e.g. still employed
        six months on; for some offices: while one of them held the case)."""
        rc, e = t.retention_checks, t.employments
        rows = self.conn.execute(
            sa.select(e.c.case_id, t.cases.c.person_id, rc.c.month, rc.c.done_on,
                      rc.c.still_employed)
            .join(e, e.c.id == rc.c.employment_id)
            .join(t.cases, t.cases.c.id == e.c.case_id)
            .where(among(e.c.case_id, case_ids),
                   rc.c.done_on.between(self.period.start, self.period.end),
                   self.held(e.c.case_id, rc.c.done_on)))
        return [RetentionResult(r.case_id, r.person_id, r.month, r.done_on,
                                bool(r.still_employed)) for r in rows]


@attrs.frozen
class Scope:
    """Which offices a report counts for: an event counts for the office that held its
    case on the event's day (``case_offices``); ``None``: every office."""

    offices: list[int] | None = None

    def cases(self, case_id: Any) -> Any:
        """A condition: the case was held by one of the offices at some time. Not
        correlated with the row, so PostgreSQL starts from the offices' stays (a few
        thousand) instead of testing every case of the installation (measured at
        1,000,000 cases: docs/performance.md)."""
        if self.offices is None:
            return sa.true()
        co = t.case_offices
        return case_id.in_(sa.select(co.c.case_id).where(co.c.office_id.in_(self.offices)))

    def held(self, case_id: Any, day: Any) -> Any:
        """A condition: the case was held by one of the offices on ``day``."""
        if self.offices is None:
            return sa.true()
        co = t.case_offices
        return sa.and_(self.cases(case_id), sa.exists().where(
            co.c.case_id == case_id, co.c.office_id.in_(self.offices), co.c.from_on <= day,
            sa.or_(co.c.to_on.is_(None), co.c.to_on > day)))


def served(conn: Connection, offices: list[int]) -> int | None:
    """The population of the offices' municipalities, each counted once; ``None`` if
    one of them has no municipality or population recorded."""
    o, m = t.offices, t.municipalities
    rows = conn.execute(sa.select(o.c.municipality_code, m.c.population).distinct()
                        .outerjoin(m, m.c.code == o.c.municipality_code)
                        .where(o.c.id.in_(offices))).all()
    if not rows or any(r.population is None for r in rows):
        return None
    return sum(int(r.population) for r in {r.municipality_code: r for r in rows}.values())


@attrs.frozen
class RetentionResult:
    """A job's follow-up at 1, 3 or 6 months, as recorded."""

    case_id: int
    person_id: int
    month: int
    done_on: dt.date
    still_employed: bool


@attrs.frozen
class MonthRows:
    """A section's figures for one month of the period."""

    period: ReportPeriod
    rows: list[ReportRow]


@attrs.frozen
class SectionResult:
    """One section of a report, counted: its key and title, its rows, the program
    that adds it (``None``: core), its figures month by month where it asks, and the
    keys of the rows it charts."""

    key: str
    title: Label
    rows: list[ReportRow]
    program: str | None = None
    #: For a section reported by month, each month of a fiscal year's report.
    months: list[MonthRows] = attrs.field(factory=list)
    chart: tuple[str, ...] = ()


@attrs.frozen
class TrendYear:
    fiscal_year: int
    label: Label
    sections: list[SectionResult]


@attrs.frozen
class Report:
    """A report as written to a file: the period's sections, and for a fiscal year the
    charted figures of the years before it."""

    period: ReportPeriod
    sections: list[SectionResult]
    made_on: dt.date
    office: str | None = None
    trend: list[TrendYear] = attrs.field(factory=list)
    population: int | None = None  # the rates per 100,000 rest on it
    population_on: dt.date | None = None
    #: for one office or organisation: which (``office`` names it), else ``None``
    scope: ReportScope | None = None


@attrs.frozen
class ReportScope:
    """What a report for some offices covers: one office, or an organisation's offices."""

    kind: str  # office | organisation
    name: str

    @property
    def label(self) -> Label:
        return (Label(f"拠点: {self.name}", f"office: {self.name}") if self.kind == "office"
                else Label(f"法人: {self.name}", f"organisation: {self.name}"))


#: a figure that belongs to no case, in a report for some offices (:meth:`ReportQuery.whole`)
NOT_BY_OFFICE_VALUE = "-"
NOT_BY_OFFICE = Label("報告の節 {key} は拠点・法人ごとには集計できません（全体の報告にだけあります）",
                      "section {key} is not counted by office (only in the whole report)")
NOT_YOURS = Label("この拠点・法人の報告を見る権限がありません",
                  "you may not see this office's or organisation's report")
NOT_ALL_OFFICES = Label("法人の報告は、その法人のすべての拠点に権限のある職員が作ります。"
                        "拠点ごとの報告を選んでください",
                        "an organisation's report is for staff with a role in each of its "
                        "offices: choose an office's report")
WHOLE_NEEDS_ALL = Label("全体の報告は、すべての拠点に権限のある職員が作ります。"
                        "拠点を指定してください（{offices}）",
                        "the whole installation's report is for staff with a role in every "
                        "office: give an office ({offices})")


class NotByOffice(InvalidInput):
    """A section asked for an office or organisation that it cannot count by office."""


def build(ctx: Context, period: ReportPeriod, keys: Sequence[str] = (), *,
          by_month: bool = True, as_of: dt.date | None = None, office: str | None = None,
          organisation: str | None = None) -> list[SectionResult]:
    """The report's sections (all, or those named in ``keys``), in their order; with
    ``as_of``, counting only what happened up to that day. For ``office`` (or
    ``organisation``), by name: each event counted for the office that held its case
    on the event's day (a section that cannot count by office is left out, or refused
    when named)."""
    sections = _chosen(ctx.registry.report_sections, keys)
    with ctx.read(replica=True) as uow:
        offices, _ = _scope(uow, office, organisation)
        return _build(uow, sections, period, bool(keys), by_month, as_of, offices)


def _scope(uow: Unit, office: str | None, organisation: str | None
           ) -> tuple[list[int] | None, ReportScope | None]:
    """The offices a report is for (``None``: the whole installation) and what it says
    it covers. An office's report needs a reading role there; an organisation's, or the
    whole installation's, a reading role in each of its offices (PostgreSQL's row-level
    security would count the others' events as none, so SQLite refuses alike). Asked for
    the whole installation, a staff member of one office gets that office's report."""
    from psccore.services.offices import all_offices, office_named, organisation_named

    grants = uow.grants()

    def reads(office_id: int) -> bool:
        return any((Action.READ, FieldClass.GENERAL) in POLICY[role]
                   for role in grants.at(office_id).roles.values())

    def refused(ids: list[int], message: Label, named: str = "") -> AccessRefused:
        return AccessRefused(message, staff=grants.login, action="read:general",
                             entity="offices", entity_id=ids[0] if ids else None,
                             offices=named)

    if office is not None:
        found = office_named(uow.conn, office)
        if not reads(found.id or 0):
            raise refused([found.id or 0], NOT_YOURS)
        return [found.id or 0], ReportScope("office", found.name)
    every = all_offices(uow.conn)
    if organisation is not None:
        org = organisation_named(uow.conn, organisation)
        offices = [o.id or 0 for o in every if o.organisation_id == org.id]
        if not offices or not all(reads(o) for o in offices):
            raise refused(offices, NOT_ALL_OFFICES if any(map(reads, offices)) else NOT_YOURS)
        return offices, ReportScope("organisation", org.name)
    mine = [o for o in every if reads(o.id or 0)]
    if len(mine) == len(every):
        return None, None
    if len(mine) == 1:
        return [mine[0].id or 0], ReportScope("office", mine[0].name)
    if not mine:
        raise refused([], NOT_YOURS)
    raise refused([o.id or 0 for o in mine], WHOLE_NEEDS_ALL, "、".join(o.name for o in mine))


def _build(uow: Unit, sections: list[ReportSection], period: ReportPeriod, asked: bool,
           by_month: bool = True, as_of: dt.date | None = None,
           offices: list[int] | None = None) -> list[SectionResult]:
    access.for_office(uow, Action.READ)
    today = uow.today if as_of is None else min(uow.today, as_of)
    found = []
    for s in sections:
        if not _may_read(uow, s, asked):
            continue
        try:
            found.append(_section(s, uow, period, by_month, today, as_of, offices))
        except NotByOffice:
            if asked:
                raise
    return found


def build_report(ctx: Context, period: ReportPeriod, keys: Sequence[str] = (), *,
                 trend_from: int | None = None, today: dt.date | None = None,
                 as_of: dt.date | None = None, office: str | None = None,
                 organisation: str | None = None) -> Report:
    """The sections, and for each fiscal year from ``trend_from`` to the period's the
    rows the sections chart (the HTML page draws them). With ``as_of``, every figure
    counts only what happened up to that day (平成29年度（7月現在）). For ``office``
    or ``organisation`` (by name), counted as :func:`build` does; the report names it.

    All of it is read in one unit, one snapshot (REPEATABLE READ on PostgreSQL), so the
    sections, months and years agree with each other. A section asked for by name and
    refused is audited after the snapshot ends (the refusal's own transaction)."""
    from psccore.dates import fiscal_year
    from psccore.services.office import office_of

    chosen = _chosen(ctx.registry.report_sections, keys)
    with ctx.read(replica=True) as uow:
        offices, scope = _scope(uow, office, organisation)
        sections = _build(uow, chosen, period, bool(keys), as_of=as_of, offices=offices)
        keys_charted = [s.key for s in sections if s.chart]
        charted = [s for s in chosen if s.key in keys_charted]
        trend = []
        if trend_from is not None and charted:
            last = fiscal_year(period.end)
            for fy in range(trend_from, last + 1):
                whole = ReportPeriod.fiscal_year(fy)
                year = (sections if fy == last and period == whole
                        else _build(uow, charted, whole, True, by_month=False, as_of=as_of,
                                    offices=offices))
                trend.append(TrendYear(fy, whole.cut(as_of).label,
                                       [s for s in year if s.key in keys_charted]))
        settings = office_of(uow.conn)
        if offices is None or scope is None:
            return Report(period.cut(as_of), sections, today or uow.today, settings.name,
                          trend, settings.population, settings.population_on)
        return Report(period.cut(as_of), sections, today or uow.today, scope.name, trend,
                      served(uow.conn, offices), scope=scope)


def _section(section: ReportSection, uow: Unit, period: ReportPeriod, by_month: bool,
             today: dt.date, as_of: dt.date | None = None,
             offices: list[int] | None = None) -> SectionResult:
    query = ReportQuery(uow.conn, period.cut(as_of), today, offices)  # one for both
    rows = _rows(section, query)
    months = period.months() if by_month and section.by_month else []
    if len(months) < 2:
        months = []
    begun = [m for m in months if m.start <= today]
    built = (_month_rows(section, query, begun, as_of)
             if section.build_months is not None and begun else {})
    return SectionResult(section.key, section.title, rows, section.program,
                         [_month(section, uow, m, rows, today, as_of, built.get(m), offices)
                          for m in months],
                         section.chart)


def _month_rows(section: ReportSection, query: ReportQuery, months: list[ReportPeriod],
                as_of: dt.date | None) -> dict[ReportPeriod, list[ReportRow]]:
    """The rows of each month (cut at ``as_of``) from the section's ``build_months``."""
    assert section.build_months is not None
    cut = [m.cut(as_of) for m in months]
    try:
        found = section.build_months(query, cut)
    except PscError:
        raise
    except Exception as exc:  # a plugin's section failing is named, not a traceback
        raise PluginError(PLUGIN_FAILED, name=section.program or section.key,
                          error=f"{section.key}: {type(exc).__name__}: {exc}") from exc
    return {m: _marked(list(rows), c) for m, c, rows in zip(months, cut, found, strict=True)}


def _month(section: ReportSection, uow: Unit, month: ReportPeriod, year: list[ReportRow],
           today: dt.date, as_of: dt.date | None,
           built: list[ReportRow] | None = None,
           offices: list[int] | None = None) -> MonthRows:
    """A month's rows, matching the year's one for one; a month not yet begun (or begun
    after ``as_of``) is ``-``."""
    if month.start > today:
        return MonthRows(month, [attrs.evolve(r, value="-") for r in year])
    rows = built if built is not None else _rows(section, ReportQuery(
        uow.conn, month.cut(as_of), today, offices))
    if [r.label for r in rows] != [r.label for r in year]:
        raise PluginError(PLUGIN_FAILED, name=section.program or section.key,
                          error=f"{section.key}: {month.label.en} gives other rows than the "
                                "period (a section by month must give the same rows)")
    return MonthRows(month, rows)


def _may_read(uow: Unit, section: ReportSection, asked: bool) -> bool:
    """A program's section is for staff who may read that program (as its records are);
    asked for by name, it is refused (and the refusal audited), else left out."""
    if section.program is None:
        return True
    if asked:
        programs.reading_check(uow, section.program)
        return True
    return programs.may_read(uow, section.program)


def _chosen(sections: list[ReportSection], keys: Sequence[str]) -> list[ReportSection]:
    known = {s.key for s in sections}
    problems = [Problem("$.section", UNKNOWN_SECTION, {"key": k, "known": ", ".join(sorted(known))})
                for k in keys if k not in known]
    if problems:
        raise InvalidInput(problems)
    return [s for s in sections if not keys or s.key in keys]


#: what a figure shows for a year before the one it begins in (not 0: there was none)
NOT_YET = "–"


def _rows(section: ReportSection, query: ReportQuery) -> list[ReportRow]:
    return _marked(_built(section, query), query.period)


def _marked(rows: list[ReportRow], period: ReportPeriod) -> list[ReportRow]:
    """A figure of a year before the one it begins in shown as ``NOT_YET``."""
    from psccore.dates import fiscal_year

    fy = fiscal_year(period.start)
    return [attrs.evolve(r, value=NOT_YET) if r.since_fy is not None and fy < r.since_fy
            else r for r in rows]


def _built(section: ReportSection, query: ReportQuery) -> list[ReportRow]:
    try:
        return list(section.build(query, query.period))
    except PscError:
        raise
    except Exception as exc:  # a plugin's section failing is named, not a traceback
        raise PluginError(PLUGIN_FAILED, name=section.program or section.key,
                          error=f"{section.key}: {type(exc).__name__}: {exc}") from exc
