"""The service context and its unit of work.

A :class:`Context` lives as long as a ``Psc``: one database, the loaded plugins, the
acting staff member's login, the office clock and the key ring (loaded once, on
first use). Each service call opens a :class:`Unit` from it (``with ctx.read() as
uow`` or ``with ctx.write() as uow``): one transaction, with the acting staff member
and their grants read at most once. A unit opened inside another joins it (the same
connection, the same staff and grants, the same audit chain), so a whole report is
one snapshot.

Reports and exports read with ``ctx.read(replica=True)``: on the PostgreSQL streaming
replica when one is configured (``read_db``, from ``PSC_READ_DATABASE_URL``), else on
the database itself. Their audit rows are written afterwards, on the primary, in a
short transaction of their own; a replica that is down or too far behind refuses
(:class:`~psccore.store.db.ReplicaUnavailable`), it never falls back to the primary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

import attrs
import sqlalchemy as sa

from psccore.clock import OfficeClock, office_day
from psccore.domain.access import Grants, Role, RoleGrant
from psccore.domain.people import Staff
from psccore.errors import AccessRefused, NotAllowed
from psccore.i18n import Label
from psccore.plugins import Registry
from psccore.store import tables as t
from psccore.store.db import Database, Scope, Transaction, from_row

if TYPE_CHECKING:
    from psccore.crypto import KeyRing

NO_STAFF = Label(
    "操作する職員が指定されていません。--as ログイン名 または環境変数 PSC_USER で指定してください。",
    "No acting staff member: give --as LOGIN or set PSC_USER.",
)
UNKNOWN_STAFF = Label(
    "職員 {login} は登録されていないか、無効です。", "Staff member {login} is not registered or not active."
)


@attrs.define
class Context:
    db: Database
    registry: Registry
    staff: str | None = None
    clock: OfficeClock = attrs.field(factory=OfficeClock.from_env)
    #: the read replica reports and exports read from (None: they read from ``db``)
    read_db: Database | None = None
    _keys: KeyRing | None = attrs.field(default=None, init=False, repr=False)

    def keys(self) -> KeyRing:
        """The key ring, read from its file on first use (cryptography loads only then)."""
        if self._keys is None:
            from psccore.crypto import load_keys

            self._keys = load_keys()
        return self._keys

    @contextmanager
    def read(self, *, replica: bool = False) -> Iterator[Unit]:
        """A read unit: one snapshot, joining the unit already open, if any. With
        ``replica`` (reports and exports), on the read replica when there is one."""
        db = self.read_db if replica and self.read_db is not None else self.db
        with db.reading() as scope, self._meeting_damage():
            self._limit_offices(scope)
            unit = Unit(self, scope)
            with office_day(unit.today):
                yield unit

    @contextmanager
    def write(self, staff: str | None = None) -> Iterator[WriteUnit]:
        """A write unit, audited as ``staff`` (default: the acting staff member); inside
        another write, a savepoint of it."""
        with self.db.writing(staff or self.staff or "") as scope, self._meeting_damage():
            self._limit_offices(scope)
            unit = WriteUnit(self, scope)
            with office_day(unit.today):  # the day domain rules check against
                yield unit

    def _limit_offices(self, scope: Scope) -> None:
        """On PostgreSQL, keep the transaction to the acting staff member's offices
        (row-level security's ``psc.offices``), once, before anything of an office is
        read: every office for roles held in every office, and for work with no staff
        member done as the tables' owner (migrations, demo, backup); no office at all
        for the app role before anyone is known (sign-in reads only staff tables)."""
        if "offices" in scope.memo or scope.conn.dialect.name != "postgresql":
            return
        from psccore.store import rls

        value = rls.NO_OFFICE
        if not self.staff:
            if rls.connected_as_owner(scope.conn, scope.db.url):
                value = rls.EVERY_OFFICE
        else:
            try:
                staff = acting_staff(scope.conn, self.staff)
            except (NotAllowed, AccessRefused):
                staff = None  # refused by the unit's first check, with no office seen
            if staff is not None:
                grants = grants_of(scope.conn, staff)
                scope.memo[("staff", self.staff)] = staff  # read once per unit
                scope.memo[("grants", self.staff)] = grants
                value = rls.offices_value(None if grants.roles else grants.offices)
        rls.set_offices(scope.conn, value)
        scope.memo["offices"] = value

    @contextmanager
    def _meeting_damage(self) -> Iterator[None]:
        """A damaged record met in a unit names who met it (the database audits it once
        the unit is over)."""
        from psccore.crypto import RecordDamaged

        try:
            yield
        except RecordDamaged as damaged:
            damaged.staff = damaged.staff or self.staff or ""
            raise

    def acting(self, conn: sa.Connection) -> Staff:
        """The acting staff member, who must be registered and active."""
        return acting_staff(conn, self.staff)


def acting_staff(conn: sa.Connection, login: str | None) -> Staff:
    """The staff member ``login``, who must be registered and active."""
    if not login:
        raise NotAllowed(NO_STAFF)
    row = conn.execute(sa.select(t.staff).where(t.staff.c.login == login)).one_or_none()
    if row is None or not row.active:
        raise AccessRefused(UNKNOWN_STAFF, staff=login, action="act", entity="staff",
                            login=login)
    return from_row(row, Staff)


class Unit:
    """One call's work: its connection, who acts (read once), the clock and the keys.

    ``today`` is fixed when the outermost unit opens, so one call sees one date.
    """

    def __init__(self, ctx: Context, scope: Scope) -> None:
        self.ctx = ctx
        self.scope = scope
        self.conn: sa.Connection = scope.conn
        self.registry: Registry = ctx.registry
        self.login: str | None = ctx.staff
        self.clock: OfficeClock = ctx.clock
        self.today: dt.date = scope.memo.setdefault("today", ctx.clock.today())
        scope.memo.setdefault("keys", ctx.keys)  # for hooks that unseal (not handed a unit)

    def acting(self) -> Staff:
        """The acting staff member (registered and active, or refused), read once."""
        key = ("staff", self.login)
        if key not in self.scope.memo:
            self.scope.memo[key] = acting_staff(self.conn, self.login)
        staff: Staff = self.scope.memo[key]
        return staff

    def see_office(self, office_id: int) -> None:
        """Let the rest of this transaction see one more office (PostgreSQL's row-level
        security): a transfer writes the case, and the receiving organisation's copy of
        the person, into an office the staff member may not otherwise see. Called only
        once the service has checked that they may."""
        value = self.scope.memo.get("offices")
        if value is None:  # SQLite: the services alone keep offices apart
            return
        from psccore.store import rls

        if value == rls.EVERY_OFFICE:
            return
        held = [int(i) for i in value.strip("{}").split(",") if i]
        value = rls.offices_value([*held, office_id])
        rls.set_offices(self.conn, value)
        self.scope.memo["offices"] = value

    def grants(self) -> Grants:
        """The acting staff member's roles, read once per unit."""
        key = ("grants", self.login)
        if key not in self.scope.memo:
            self.scope.memo[key] = grants_of(self.conn, self.acting())
        found: Grants = self.scope.memo[key]
        return found

    def keys(self) -> KeyRing:
        return self.ctx.keys()


def _data_tables(registry: Registry) -> dict[str, sa.Table]:
    """Core's tables and every loaded program's, by name."""
    from psccore.store import tables as t

    return {name: table for meta in (t.metadata, *(m.metadata for m in registry.migrations))
            for name, table in meta.tables.items() if "id" in table.c}


class _Tables(Mapping[str, sa.Table]):
    """The data tables by name, gathered on first use: most transactions never ask, and
    gathering them imports every loaded program's tables."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._found: dict[str, sa.Table] | None = None

    def _all(self) -> dict[str, sa.Table]:
        if self._found is None:
            self._found = _data_tables(self._registry)
        return self._found

    def __getitem__(self, name: str) -> sa.Table:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class WriteUnit(Unit):
    """A unit that writes: its :class:`Transaction` appends the audit rows."""

    def __init__(self, ctx: Context, scope: Scope) -> None:
        super().__init__(ctx, scope)
        assert scope.tx is not None
        self.tx: Transaction = scope.tx
        if not isinstance(self.tx.tables, _Tables):  # looked up only when a write needs it
            self.tx.tables = _Tables(ctx.registry)

    def forget_grants(self) -> None:
        """After roles or staff rows change, read them again when next asked."""
        for key in [k for k in self.scope.memo if isinstance(k, tuple)]:
            del self.scope.memo[key]


def grants_of(conn: sa.Connection, staff: Staff) -> Grants:
    """A staff member's roles, by program: in every office, and in single offices."""
    rows = conn.execute(sa.select(t.staff_roles).where(t.staff_roles.c.staff_id == staff.id))
    roles: dict[str, Role] = {}
    offices: dict[int, dict[str, Role]] = {}
    for grant in (from_row(r, RoleGrant) for r in rows):
        if grant.office_id is None:
            roles[grant.program] = grant.role
        else:
            offices.setdefault(grant.office_id, {})[grant.program] = grant.role
    organisations = None
    if not roles and offices:
        organisations = frozenset(conn.execute(
            sa.select(t.offices.c.organisation_id).distinct()
            .where(t.offices.c.id.in_(sorted(offices)))).scalars())
    elif not roles:
        organisations = frozenset()
    return Grants(staff.login, staff.id or 0, roles, offices=offices,
                  organisations=organisations)
