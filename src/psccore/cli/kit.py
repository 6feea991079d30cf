"""What program plugins share in the CLI: their group, with a support-menu listing.

A plugin's ``psc_register_commands`` starts with ``group = program_group(cli, CODE)``
and adds its own commands to ``group``.
"""

from __future__ import annotations

import click

from psccore.cli.base import PscGroup, T, state, table


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
