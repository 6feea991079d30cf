"""Core's own contributions, registered as a plugin through the same contract as any
program plugin, first, before the installed ones (as tox and datasette do): a plugin
cannot register a report section of core's again, and core's are found the same way."""

from __future__ import annotations

from collections.abc import Callable

from psccore.domain.program import ReportSection
from psccore.hookspecs import hookimpl

NAME = "psccore"


@hookimpl
def psc_report_sections(register: Callable[[ReportSection], None]) -> None:
    """The national survey's items and the placements made, for every period report."""
    from psccore.services.statistics import core_sections

    for section in core_sections():
        register(section)
