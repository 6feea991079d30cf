"""Core's own contributions, registered as a plugin through the same contract as any
program plugin, first, before the installed ones (as tox and datasette do): a plugin
cannot register a report section of core's again, and core's are found the same way.
``psc --help`` lists core's commands from ``psccore.cli.builtin``, generated from them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from psccore.domain.program import Program, ReportSection
from psccore.hookspecs import hookimpl

if TYPE_CHECKING:
    import click

NAME = "psccore"


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    """自立相談支援事業, where every case normally starts."""
    from psccore.consultation import PROGRAM

    register(PROGRAM)


@hookimpl
def psc_report_sections(register: Callable[[ReportSection], None]) -> None:
    """The national survey's items and the placements made, for every period report."""
    from psccore.services.statistics import core_sections

    for section in core_sections():
        register(section)


@hookimpl
def psc_register_commands(cli: click.Group) -> None:
    """Core's commands (``psc init``, ``psc case`` …)."""
    from psccore.cli.catalog import add_commands

    add_commands(cli)
