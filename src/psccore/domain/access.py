"""Who may do what: roles granted per program, and the policy they follow.

The policy table here is the one written in docs/security.md; a test compares the
two and checks every cell through the library and the CLI. No role, no access.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from psccore.domain.catalogues import Coded
from psccore.i18n import Label

ALL_PROGRAMS = "*"
#: What a reader sees in place of data their roles do not allow.
HIDDEN = Label("（閲覧権限がありません）", "(not shown: no permission)")


class Role(Coded):
    ADMINISTRATOR = ("administrator", "管理者", "administrator")
    SUPERVISOR = ("supervisor", "主任・監督者", "supervisor")
    CASEWORKER = ("caseworker", "支援員", "caseworker")
    READ_ONLY = ("read_only", "閲覧のみ", "read-only")


class Action(Coded):
    READ = ("read", "閲覧", "read")
    WRITE = ("write", "記録・変更", "write")
    EXPORT = ("export", "書き出し", "export")
    DISCLOSE = ("disclose", "第三者提供", "disclose")


class FieldClass(Coded):
    GENERAL = ("general", "一般の情報", "general data")
    SENSITIVE = ("sensitive", "要配慮個人情報", "sensitive data")


_EVERYTHING = frozenset((a, f) for a in Action for f in FieldClass)

#: role → the (action, field class) pairs it allows, within the programs it is granted for.
POLICY: Mapping[Role, frozenset[tuple[Action, FieldClass]]] = {
    Role.ADMINISTRATOR: _EVERYTHING,
    Role.SUPERVISOR: _EVERYTHING,
    Role.CASEWORKER: frozenset({
        (Action.READ, FieldClass.GENERAL), (Action.READ, FieldClass.SENSITIVE),
        (Action.WRITE, FieldClass.GENERAL), (Action.WRITE, FieldClass.SENSITIVE),
        (Action.DISCLOSE, FieldClass.GENERAL),
    }),
    Role.READ_ONLY: frozenset({(Action.READ, FieldClass.GENERAL)}),
}

#: What only administrators of all programs do: staff, keys, erasure.
MANAGERS = frozenset({Role.ADMINISTRATOR})
#: Who may read the audit trail (of all programs).
AUDITORS = frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR})


@attrs.frozen
class Grants:
    """The roles one staff member holds: program code (or ``*``) → role.

    ``roles`` hold in every office; ``offices`` holds the roles held in one office only
    (office id → program → role). A check about a case held by an office uses
    :meth:`at` that office; without an office only the roles of every office count, so an
    office's role never reaches another office's data by mistake.
    """

    login: str
    staff_id: int
    roles: Mapping[str, Role]
    offices: Mapping[int, Mapping[str, Role]] = attrs.field(factory=dict, kw_only=True)
    #: the organisations of the offices they hold roles for; ``None``: every one
    organisations: frozenset[int] | None = attrs.field(default=None, kw_only=True)

    def at(self, *office_ids: int) -> Grants:
        """The roles that hold in these offices (of every office, and of each one); where
        both give a role for a program, the one allowing more."""
        merged = dict(self.roles)
        for office in office_ids:
            for program, role in self.offices.get(office, {}).items():
                if program not in merged or len(POLICY[role]) > len(POLICY[merged[program]]):
                    merged[program] = role
        return Grants(self.login, self.staff_id, merged, organisations=self.organisations)

    def anywhere(self) -> Grants:
        """The roles of every office they work in, merged (for checks that name no office,
        e.g. which menus to offer)."""
        return self.at(*self.offices)

    def role_for(self, programs: Iterable[str]) -> list[Role]:
        """The roles held for any of ``programs`` (or for every program)."""
        scopes = {ALL_PROGRAMS, *programs}
        return [role for program, role in self.roles.items() if program in scopes]

    def allows(self, action: Action, field_class: FieldClass, programs: Iterable[str]) -> bool:
        """Allowed for data that belongs to ``programs`` (an empty set: core data), in
        every office (or in the offices this was narrowed to with :meth:`at`)."""
        return any((action, field_class) in POLICY[r] for r in self.role_for(programs))

    def allows_any(self, action: Action) -> bool:
        """Allowed in at least one program of one office (e.g. registering a new person)."""
        every = [*self.roles.values(), *(r for o in self.offices.values() for r in o.values())]
        return any((action, FieldClass.GENERAL) in POLICY[r] for r in every)

    def is_(self, roles: frozenset[Role]) -> bool:
        """Holds one of ``roles`` for all programs (in every office, or in the offices
        this was narrowed to)."""
        return self.roles.get(ALL_PROGRAMS) in roles


@attrs.define(kw_only=True)
class RoleGrant:
    """One role of one staff member for one program (or ``*``, all programs)."""

    id: int | None = None
    staff_id: int
    program: str
    role: Role
    granted_on: dt.date
    office_id: int | None = None  # None: every office
