"""Period reports: every registered section (core's and each program's) built for one
fiscal year or month. Definitions of the figures: docs/reports.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.program import ReportPeriod, ReportRow, ReportSection
from psccore.errors import InvalidInput, Problem, PscError
from psccore.i18n import Label
from psccore.plugins import PLUGIN_FAILED, PluginError
from psccore.services import access, programs
from psccore.services.context import Context
from psccore.services.programs import Participant, participants
from psccore.store import tables as t

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
    the period, and the core's facts a program's figures need."""

    conn: Connection
    period: ReportPeriod

    def participants(self, program: str) -> list[Participant]:
        """Everyone enrolled in ``program`` at some time in the period."""
        return [p for p in participants(self.conn, program)
                if p.enrolled_on <= self.period.end
                and (p.closed_on is None or p.closed_on >= self.period.start)]

    def placements(self, case_ids: Iterable[int]) -> list[PlacementStart]:
        """Internships, trainings and jobs of these cases that began in the period."""
        ids = sorted(set(case_ids))
        found: list[PlacementStart] = []
        for kind, table in (("internship", t.internships), ("training", t.trainings),
                            ("employment", t.employments)):
            rows = self.conn.execute(
                sa.select(table.c.case_id, t.cases.c.person_id, table.c.start_on)
                .join(t.cases, t.cases.c.id == table.c.case_id)
                .where(table.c.case_id.in_(ids),
                       table.c.start_on.between(self.period.start, self.period.end)))
            found += [PlacementStart(kind, r.case_id, r.person_id, r.start_on) for r in rows]
        return sorted(found, key=lambda p: (p.start_on, p.kind, p.case_id))

    def retention(self, case_ids: Iterable[int]) -> list[RetentionResult]:
        """Follow-ups of these cases' jobs recorded in the period (e.g. still employed
        six months on)."""
        rc, e = t.retention_checks, t.employments
        rows = self.conn.execute(
            sa.select(e.c.case_id, t.cases.c.person_id, rc.c.month, rc.c.done_on,
                      rc.c.still_employed)
            .join(e, e.c.id == rc.c.employment_id).join(t.cases, t.cases.c.id == e.c.case_id)
            .where(e.c.case_id.in_(sorted(set(case_ids))),
                   rc.c.done_on.between(self.period.start, self.period.end)))
        return [RetentionResult(r.case_id, r.person_id, r.month, r.done_on,
                                bool(r.still_employed)) for r in rows]


@attrs.frozen
class RetentionResult:
    """A job's follow-up at 1, 3 or 6 months, as recorded."""

    case_id: int
    person_id: int
    month: int
    done_on: dt.date
    still_employed: bool


@attrs.frozen
class SectionResult:
    key: str
    title: Label
    rows: list[ReportRow]
    program: str | None = None


def build(ctx: Context, period: ReportPeriod, keys: Sequence[str] = ()) -> list[SectionResult]:
    """The report's sections (all, or those named in ``keys``), in their order."""
    sections = _chosen(ctx.registry.report_sections, keys)
    with ctx.db.read() as conn:
        access.for_office(ctx, conn, Action.READ)
        query = ReportQuery(conn, period)
        return [SectionResult(s.key, s.title, _rows(s, query), s.program) for s in sections
                if _may_read(ctx, conn, s, asked=bool(keys))]


def _may_read(ctx: Context, conn: Connection, section: ReportSection, asked: bool) -> bool:
    """A program's section is for staff who may read that program (as its records are);
    asked for by name, it is refused (and the refusal audited), else left out."""
    if section.program is None:
        return True
    if asked:
        programs.reading_check(ctx, conn, section.program)
        return True
    return programs.may_read(ctx, conn, section.program)


def _chosen(sections: list[ReportSection], keys: Sequence[str]) -> list[ReportSection]:
    known = {s.key for s in sections}
    problems = [Problem("$.section", UNKNOWN_SECTION, {"key": k, "known": ", ".join(sorted(known))})
                for k in keys if k not in known]
    if problems:
        raise InvalidInput(problems)
    return [s for s in sections if not keys or s.key in keys]


def _rows(section: ReportSection, query: ReportQuery) -> list[ReportRow]:
    try:
        return list(section.build(query, query.period))
    except PscError:
        raise
    except Exception as exc:  # a plugin's section failing is named, not a traceback
        raise PluginError(PLUGIN_FAILED, name=section.program or section.key,
                          error=f"{section.key}: {type(exc).__name__}: {exc}") from exc
