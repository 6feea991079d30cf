"""Which programs' pages a staff member is shown: those of the programs they hold a
role in (the pages themselves: :mod:`psccore.web.routes.programs`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from psccore.domain.access import Action, FieldClass, Grants
from psccore.domain.program import Program
from psccore.i18n import Lang

if TYPE_CHECKING:
    from psccore.app import Psc

PREFIX = "/programs/"


def may_use(psc: Psc, program: Program, grants: Grants | None = None) -> bool:
    """Whether the acting staff member (whose ``grants`` may be given, read once for a
    menu) holds a role that reads the program's records (sensitive ones where taking
    part is itself health data, as the library decides)."""
    kind = FieldClass.SENSITIVE if program.sensitive_participation else FieldClass.GENERAL
    return (grants or psc.my_grants()).allows(Action.READ, kind, [program.code])


def menu_entries(psc: Psc, lang: Lang) -> list[tuple[str, str]]:
    """The menu entries of the pages of the programs the staff member has a role in."""
    entries: list[tuple[str, str]] = []
    grants = None
    for code, program in sorted(psc.programs.items()):
        shown = [p for p in program.pages() if p.menu]
        if not shown:
            continue
        grants = grants or psc.my_grants()
        if may_use(psc, program, grants):
            entries += [(f"{PREFIX}{code}/{p.path}", p.title.text(lang)) for p in shown]
    return entries
