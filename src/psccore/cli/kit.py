"""What program plugins share in the CLI: their group (with a support-menu listing),
the office's data as the acting staff member sees it, and the core's output helpers.

A plugin's ``psc_register_commands`` starts with ``group = program_group(cli, CODE)``
and adds its own commands to ``group``; a command reads and writes through
``current_psc()``. Errors raised as :class:`psccore.PscError` are printed in the
user's language with a non-zero exit, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from psccore.cli.base import (
    PscCommand,
    PscGroup,
    T,
    echo_ok,
    emit_json,
    json_option,
    record,
    state,
    table,
)
from psccore.cli.inputs import parse_month, parse_on, read_data

if TYPE_CHECKING:
    from psccore.app import Psc
    from psccore.domain.catalogues import Coded


def command(name: str | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """``click.command`` whose help and errors speak the user's language."""
    return click.command(name, cls=PscCommand, **kwargs)


def group(name: str | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Group]:
    """``click.group`` whose help, errors and subcommands speak the user's language."""
    return click.group(name, cls=PscGroup, **kwargs)


class CodedChoice(click.ParamType):  # type: ignore[type-arg]
    """A choice of a :class:`psccore.Coded` enum, by code or by either label
    (``late``, ``遅刻``), converted to the code."""

    name = "choice"

    def __init__(self, coded: type[Coded]) -> None:
        self.coded = coded

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(m.value for m in self.coded) + "]"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value).strip()
        for member in self.coded:
            if text.lower() in (member.value, member.label.ja, member.label.en.lower()):
                return str(member.value)
        choices = ", ".join(f"{m.value}（{m.label.ja}）" for m in self.coded)
        raise click.BadParameter(T(f"'{text}' は選べません。次のいずれかです: {choices}",
                                   f"'{text}' is not one of: {choices}"), ctx, param)


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


__all__ = ["CodedChoice", "T", "command", "current_psc", "echo_ok", "emit_json", "group",
           "json_option", "parse_month",
           "parse_on", "program_group", "read_data", "record", "table"]
