"""Core's own contributions, registered as a plugin through the same contract as any
program plugin, first, before the installed ones (as tox and datasette do): a plugin
cannot register a report section of core's again, and core's are found the same way.
``psc --help`` lists core's commands from ``psccore.cli.builtin``, generated from them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from psccore.domain.program import Program, ReportPeriod, ReportRow, ReportSection
from psccore.hookspecs import hookimpl
from psccore.i18n import Label

if TYPE_CHECKING:
    import click

    from psccore.services.reports import ReportQuery

NAME = "psccore"
NATIONAL = Label("生活困窮者自立支援制度の支援状況（国の調査項目）",
                 "Self-reliance support: the national survey's items")
PLACEMENTS = Label("職業体験実習及び就労訓練事業の実績", "Internships and certified training")
JOB_PLACEMENT = Label("職業紹介事業報告書（様式第8号・無料職業紹介）",
                      "Free job placement business report (form 8)")


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    """自立相談支援事業, where every case normally starts."""
    from psccore.consultation import PROGRAM

    register(PROGRAM)


@hookimpl
def psc_report_sections(register: Callable[[ReportSection], None]) -> None:
    """The national survey's items, the placements made and the free job placement
    business report (様式第8号), for every period report."""
    register(ReportSection(key="national", title=NATIONAL, build=_national_rows, order=10,
                           by_month=True, build_months=_national_months, chart=("new_consultations", "plans",
                                                 "employment_support", "employed",
                                                 "higher_income")))
    register(ReportSection(key="placements", title=PLACEMENTS, build=_placement_rows, order=20,
                           chart=("internship_hosts", "internships",
                                  "employed_after_internship", "training_providers",
                                  "trainings")))
    register(ReportSection(key="job_placement", title=JOB_PLACEMENT, build=_job_placement_rows,
                           order=30))


# The sections' figures are imported when a report is made, not by every command.
def _national_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    from psccore.services.statistics import national_rows

    return national_rows(query, period)


def _national_months(query: ReportQuery, months: list[ReportPeriod]) -> list[list[ReportRow]]:
    from psccore.services.statistics import national_months

    return national_months(query, months)


def _placement_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    from psccore.services.statistics import placement_rows

    return placement_rows(query, period)


def _job_placement_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    from psccore.services.statistics import job_placement_rows

    return job_placement_rows(query, period)


@hookimpl
def psc_register_commands(cli: click.Group) -> None:
    """Core's commands (``psc init``, ``psc case`` …)."""
    from psccore.cli.catalog import add_commands

    add_commands(cli)
