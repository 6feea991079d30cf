"""What program plugins share in the CLI: their group (with a support-menu listing),
the office's data as the acting staff member sees it, and the core's output helpers.

A plugin's ``psc_register_commands`` starts with ``group = program_group(cli, CODE)``
and adds its own commands to ``group``; a command reads and writes through
``current_psc()``. Errors raised as :class:`psccore.PscError` are printed in the
user's language with a non-zero exit, never as a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from psccore.cli.base import (
    PscGroup,
    T,
    echo_ok,
    emit_json,
    json_option,
    record,
    state,
    table,
)
from psccore.cli.inputs import parse_on, read_data

if TYPE_CHECKING:
    from psccore.app import Psc


def current_psc() -> Psc:
    """The office's data for this command, as ``--as``/``PSC_USER`` (opened on first use)."""
    return state().psc()


def program_group(cli: click.Group, code: str) -> click.Group:
    """The program's command group (help from its registration) with ``menu`` in it."""
    program = state().registry().programs[code]

    about = program.label.text() + (f"\n\n{program.description.text()}"
                                    if program.description else "")

    @cli.group(name=code, cls=PscGroup, help=about)
    def group() -> None:
        pass

    @group.command(name="menu", help=T("支援メニューの一覧", "list the support menu"))
    def menu() -> None:
        items = [m for m in state().registry().menu if m.program == code]
        table([T("種類", "kind"), T("支援メニュー", "support"), T("内容", "content")],
              [(m.kind, m.label, m.description) for m in items])

    return group


__all__ = ["T", "current_psc", "echo_ok", "emit_json", "json_option", "parse_on",
           "program_group", "read_data", "record", "table"]
