"""What program plugins share in the CLI: their group (with a support-menu listing),
the office's data as the acting staff member sees it, and the core's output helpers.

A plugin's ``psc_register_commands`` starts with ``group = program_group(cli, CODE)``
and adds its own commands to ``group``; a command reads and writes through
``current_psc()``. Its options take what core's do: :class:`CodedChoice` (a code, either
label or a clear part of one; a list when repeatable), ``FISCAL_YEAR`` (``2026``,
``R8``, ``令和8年度``), and names for ``CASE``, ``PERSON``, ``EMPLOYER`` (resolved to IDs;
``PERSON_CONFIRMED`` for commands that send data out). Errors raised as :class:`psccore.PscError` are printed in the
user's language with a non-zero exit, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from psccore.cli import inputs as _inputs
from psccore.cli import names as _names
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
from psccore.cli.inputs import CodedChoice as _CoreChoice
from psccore.cli.inputs import parse_month, parse_on, read_data

CASE = _names.CASE
"""A case argument: its number, or its person's name, kana or phone (their open case);
converted to the case's number. Several matches: a numbered choice at a terminal."""

PERSON = _names.PERSON
"""A person argument: name, kana (any spacing, width or script), phone or ID; converted
to the person's ID."""

PERSON_CONFIRMED = _names.PERSON_CONFIRMED
"""A person for a command that sends data out or destroys it: given by name, their birth
date is asked at a terminal (a script must give the ID)."""

EMPLOYER = _names.EMPLOYER
"""An employer argument: name, kana, phone or ID; converted to the employer's ID."""

FISCAL_YEAR = _inputs.FISCAL_YEAR
"""A fiscal year as staff write it (``2026``, ``2026年度``, ``R8``, ``令和8年度``, ``H30``);
converted to the Western year it starts in."""

if TYPE_CHECKING:
    from psccore.app import Psc


def command(name: str | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """``click.command`` whose help and errors speak the user's language."""
    return click.command(name, cls=PscCommand, **kwargs)


def group(name: str | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Group]:
    """``click.group`` whose help, errors and subcommands speak the user's language."""
    return click.group(name, cls=PscGroup, **kwargs)


class CodedChoice(_CoreChoice):
    """A choice of a :class:`psccore.Coded` enum, by code, either label or a clear part
    of one (``late``, ``遅刻``), converted to the code; repeatable, a list in one value
    too. A wrong answer lists each choice as ``code（label）``."""

    def described(self) -> str:
        return ", ".join(f"{m.value}（{m.label.text()}）" for m in self.coded)


def _contact_by() -> CodedChoice:
    from psccore.domain.catalogues import Coded

    class ContactBy(Coded):
        PHONE = ("phone", "電話", "phone")
        VISIT = ("visit", "面談・訪問", "in person")

    return CodedChoice(ContactBy)


CONTACT_BY = _contact_by()
"""How a follow-up was done: ``phone`` (電話) or ``visit`` (面談・訪問), codes as stored."""


def _data_category() -> CodedChoice:
    from psccore.domain.consent import DataCategory

    return CodedChoice(DataCategory)


DATA_CATEGORY = _data_category()
"""The categories of personal data a consent covers (基本情報, 職歴, 健康状態 …), by code
or label; repeatable, a list in one value."""


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


__all__ = ["CASE", "CONTACT_BY", "DATA_CATEGORY", "EMPLOYER", "FISCAL_YEAR", "PERSON", "PERSON_CONFIRMED", "CodedChoice", "T", "command", "current_psc", "echo_ok", "emit_json", "group",
           "json_option", "parse_month",
           "parse_on", "program_group", "read_data", "record", "table"]
