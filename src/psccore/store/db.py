"""Engines and transactions: SQLite configured for safety, PostgreSQL through the same code.

Every write happens in :meth:`Database.write`, which opens one transaction
(``BEGIN IMMEDIATE`` on SQLite), hands out a :class:`Transaction` that appends
audit rows in that same transaction, and commits only if nothing failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

import attrs
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from psccore.crypto import RecordDamaged
from psccore.domain.audit import DELETED, AuditEntry, _plain, row_digest
from psccore.domain.rules import trusted
from psccore.errors import (
    AccessRefused,
    ConcurrentEdit,
    ConfigurationError,
    InvalidInput,
    NotFound,
    Problem,
    PscError,
)
from psccore.i18n import Label
from psccore.store import search_index
from psccore.store import tables as t
from psccore.store.location import default_database_url, sqlite_file
from psccore.store.rows import build, to_row
from psccore.store.sql import among, insert_rows

T = TypeVar("T")

NOT_INITIALISED = Label(
    "データベースが未作成か、スキーマが古いままです（{url}）。"
    "`psc init`（作成済みなら `psc db upgrade`）を実行してください。",
    "The database is not initialised or its schema is out of date ({url}). "
    "Run `psc init` (or `psc db upgrade` if it exists).",
)
CHANGED_MEANWHILE = Label(
    "{entity} {id} は読み込んだ後に他の人が変更しました。読み直してからやり直してください。",
    "{entity} {id} was changed by someone else since it was read; reload and try again.",
)
BAD_URL = Label(
    "データベースURL {url} を使えません（{error}）。例: sqlite:////path/psc.db、"
    "postgresql+psycopg://user@host/psc",
    "Cannot use the database URL {url} ({error}). E.g. sqlite:////path/psc.db or "
    "postgresql+psycopg://user@host/psc",
)
CLASHED = Label(
    "同時に行われた他の変更と重なったため、保存しませんでした。もう一度やり直してください。",
    "This clashed with another change made at the same time; nothing was saved. Try again.",
)
UNSTORABLE = Label(
    "データベースに保存・照会できない値です（大きすぎる数、長すぎる文字列、文字でないもの）",
    "a value the database cannot hold or search for (a number too large, text too long, "
    "or something that is no text)",
)
CANNOT_CONNECT = Label(
    "データベースに接続できません（{url}）: {error}", "Cannot connect to the database ({url}): {error}"
)
REPLICA_DOWN = Label(
    "集計・書き出し用の読み取り専用データベース（レプリカ {url}）が使えません: {error}。"
    "何も書き出していません。レプリカを復旧するか、PSC_READ_DATABASE_URL を外して"
    "主データベースで実行してください。",
    "The read-only database for reports and exports (the replica {url}) cannot be used: "
    "{error}. Nothing was exported. Bring the replica back, or unset "
    "PSC_READ_DATABASE_URL to run this on the primary.",
)
REPLICA_BEHIND = Label(
    "集計・書き出し用のレプリカ（{url}）が主データベースより {lag} 秒遅れています"
    "（上限 PSC_READ_MAX_LAG = {limit} 秒）。古い数字を出さないよう中止しました。"
    "レプリカが追いつくまで待つか、PSC_READ_DATABASE_URL を外して主データベースで実行してください。",
    "The replica for reports and exports ({url}) is {lag} s behind the primary (the limit, "
    "PSC_READ_MAX_LAG, is {limit} s); stopped rather than give stale figures. Wait for it "
    "to catch up, or unset PSC_READ_DATABASE_URL to run this on the primary.",
)
REPLICA_ON_SQLITE = Label(
    "PSC_READ_DATABASE_URL（読み取り用レプリカ）は PostgreSQL の主データベースと"
    "PostgreSQL のレプリカでのみ使えます（主: {url}、レプリカ: {read_url}）。"
    "SQLite では設定しないでください。",
    "PSC_READ_DATABASE_URL (a read replica) needs a PostgreSQL primary and a PostgreSQL "
    "replica (primary: {url}, replica: {read_url}); unset it with SQLite.",
)
BAD_LAG = Label("PSC_READ_MAX_LAG は秒数（0 より大きい数）です: {value}",
                "PSC_READ_MAX_LAG is a number of seconds greater than 0: {value}")
#: How far behind the primary a replica may be before reports refuse it (seconds).
DEFAULT_MAX_LAG = 30.0


class ReplicaUnavailable(PscError):
    """The replica that reports and exports read from is down, unreachable, or not
    replaying (a report is never silently read from the primary instead)."""

    exit_code = 7


class ReplicaBehind(ReplicaUnavailable):
    """The replica is further behind the primary than ``PSC_READ_MAX_LAG`` allows."""


@attrs.define(eq=False)
class Scope:
    """The transaction open in this context: its connection, its writer (``None``
    while only reading) and what the layers above keep for its length (``memo``: the
    acting staff member and their grants, read once). Nested reads and writes join it."""

    db: Database
    conn: Connection
    tx: Transaction | None = None
    memo: dict[object, Any] = attrs.field(factory=dict)


_current: ContextVar[Scope | None] = ContextVar("psc_scope", default=None)


def current_scope() -> Scope | None:
    """The innermost open scope, if any (for code not handed one, e.g. a plugin's hook)."""
    return _current.get()


def create_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, FULL sync and a busy timeout."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL",
                       "busy_timeout=10000", "secure_delete=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A writer takes the lock at BEGIN, so two writers never deadlock on upgrade.
        write = conn.get_execution_options().get("psc_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class _Columns:
    """A row seen through some of its columns."""

    def __init__(self, row: Any, names: Iterable[str]) -> None:
        mapping = row._mapping  # a property, not to be rebuilt for every column
        self._mapping = {n: mapping[n] for n in names}


def from_row(row: Any, cls: type[T], table: sa.Table | None = None) -> T:
    """Build ``cls`` from a row (only ``table``'s columns, when the row has more)."""
    if table is not None:
        row = _Columns(row, table.columns.keys())
    with trusted():
        return build(row._mapping, cls)


_DIGEST_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

Digest = Callable[[int, str, str, int | None, int | None, list[str], str, str | None], str]


def _batch_digest(at: dt.datetime, staff: str, first: tuple[str, str, int | None, int | None,
                                                              Sequence[str]],
                  first_digest: str | None, seq: int, prev: str) -> Digest:
    """How the entries of one batch (one time, one staff member) are hashed:
    ``AuditEntry.compute_hash`` (the written row's ``data_digest`` included when there is
    one) with the time formatted and the JSON encoder made once. Checked against
    ``compute_hash`` on the batch's first entry; should they ever differ, ``compute_hash``
    itself hashes every entry."""
    at_text = at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")

    def quick(seq: int, action: str, entity: str, entity_id: int | None,
              person_id: int | None, fields: list[str], prev: str,
              data_digest: str | None) -> str:
        content: list[object] = [seq, at_text, staff, action, entity, entity_id, person_id,
                                 fields, prev]
        if data_digest is not None:  # entries from before digests hash as they did
            content.append(data_digest)
        return hashlib.sha256(_DIGEST_JSON.encode(content).encode()).hexdigest()

    def exact(seq: int, action: str, entity: str, entity_id: int | None,
              person_id: int | None, fields: list[str], prev: str,
              data_digest: str | None) -> str:
        return AuditEntry(seq=seq, at=at, staff=staff, action=action, entity=entity,
                          entity_id=entity_id, person_id=person_id, fields=fields,
                          prev_hash=prev, data_digest=data_digest).compute_hash()

    action, entity, entity_id, person_id, fields = first
    sample = (seq, action, entity, entity_id, person_id, sorted(fields), prev, first_digest)
    return quick if quick(*sample) == exact(*sample) else exact


_ROW_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                             default=str)
_AS_IS = (str, int)  # values that row_digest's canonical form leaves as they are


def _rows_digest(table: str, first: Mapping[str, Any]) -> Callable[[str, Mapping[str, Any]], str]:
    """How the rows of one read are digested: ``row_digest`` with its JSON encoder made
    once and text and whole numbers taken as they are (every other value made plain as
    ``row_digest`` makes it). Checked against ``row_digest`` on the first row; should
    they ever differ, ``row_digest`` itself digests every row."""

    def quick(table: str, row: Mapping[str, Any]) -> str:
        body = [table, {k: v if type(v) in _AS_IS else _plain(v)
                        for k, v in row.items() if v is not None}]
        return hashlib.sha256(_ROW_JSON.encode(body).encode()).hexdigest()

    return quick if quick(table, first) == row_digest(table, first) else row_digest


WRITES = frozenset({"create", "update", "delete", "erase"})


class Transaction:
    """One database transaction with the acting staff member; appends audit rows."""

    def __init__(self, conn: Connection, staff: str, db: Database | None = None) -> None:
        self.conn = conn
        self.staff = staff
        self.db = db
        self._chain: list[tuple[int, str]] = []  # the audit head, shared with joined views
        # the data tables (core's and the programs'), by name: a write audited by name
        # alone (a row a program wrote itself) still gets its row's digest
        self.tables: Mapping[str, sa.Table] = {}

    def joined(self, staff: str) -> Transaction:
        """This transaction, acting as another staff member (for nested writes)."""
        view = Transaction(self.conn, staff, self.db)
        view._chain = self._chain
        view.tables = self.tables
        return view

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int | None = None,
        *,
        person_id: int | None = None,
        fields: Iterable[str] = (),
        data_digest: str | None = None,
    ) -> AuditEntry:
        """Append an audit row (names of fields only, never values) to the chain; for a
        write, ``data_digest`` is the written row's content digest (see :meth:`record`)."""
        if not self._chain:
            row = self.conn.execute(
                sa.select(t.audit_head.c.seq, t.audit_head.c.hash).with_for_update()
            ).one()
            self._chain.append((row.seq, row.hash))
        if data_digest is None and action in WRITES and entity_id is not None \
                and (table := self.tables.get(entity)) is not None:
            data_digest = self.digests(table, [entity_id])[entity_id]  # a row written raw
        seq, prev = self._chain[-1]
        entry = AuditEntry(
            seq=seq + 1, at=dt.datetime.now(dt.UTC), staff=self.staff, action=action,
            entity=entity, entity_id=entity_id, person_id=person_id,
            fields=sorted(fields), prev_hash=prev, data_digest=data_digest,
        ).sealed()
        self.conn.execute(t.audit_log.insert().values(**attrs.asdict(entry)))
        self.conn.execute(t.audit_head.update().values(seq=entry.seq, hash=entry.hash))
        self._chain[:] = [(entry.seq, entry.hash)]
        if entity == "people" and action in WRITES and entity_id is not None:
            search_index.refresh(self.conn, [entity_id])
        return entry

    def audit_many(self, entries: Sequence[tuple[str, str, int | None, int | None,
                                                 Sequence[str]]],
                   digests: Sequence[str | None] | None = None) -> None:
        """Many audit rows at once (action, entity, entity id, person id, fields; and
        each written row's digest): one chain, written with one statement, for a bulk
        import."""
        if not entries:
            return
        if not self._chain:
            row = self.conn.execute(
                sa.select(t.audit_head.c.seq, t.audit_head.c.hash).with_for_update()
            ).one()
            self._chain.append((row.seq, row.hash))
        seq, prev = self._chain[-1]
        at = dt.datetime.now(dt.UTC)
        digest = _batch_digest(at, self.staff, entries[0], digests[0] if digests else None,
                               seq + 1, prev)
        rows = []
        for i, (action, entity, entity_id, person_id, fields) in enumerate(entries):
            seq += 1
            named = sorted(fields)
            data_digest = digests[i] if digests else None
            rows.append({"seq": seq, "action": action, "entity": entity, "entity_id": entity_id,
                         "person_id": person_id, "fields": named, "prev_hash": prev,
                         "data_digest": data_digest})
            prev = digest(seq, action, entity, entity_id, person_id, named, prev, data_digest)
            rows[-1]["hash"] = prev
        insert_rows(self.conn, t.audit_log, rows, same={"at": at, "staff": self.staff})
        self.conn.execute(t.audit_head.update().values(seq=seq, hash=prev))
        self._chain[:] = [(seq, prev)]
        # every write to a person is audited: the search index follows it here
        people = [(action, entity_id) for action, entity, entity_id, _, _ in entries
                  if entity == "people" and action in WRITES and entity_id is not None]
        search_index.refresh(self.conn, [i for a, i in people if a == "create"], new=True)
        search_index.refresh(self.conn, [i for a, i in people if a != "create"])

    def insert_many(self, table: sa.Table, objects: Sequence[Any],
                    person_ids: Sequence[int | None] | None = None,
                    sealed: Callable[[int, int], Mapping[str, Any]] | None = None
                    ) -> list[int]:
        """Insert many domain objects with one statement, each audited as created (about
        ``person_ids[i]``, else the row's own person); return their ids in order.
        ``sealed(i, new_id)`` gives values to seal into row ``i`` once it has its id."""
        rows = [to_row(obj) for obj in objects]
        for row in rows:
            row.pop("id", None)
        ids = list(self.conn.execute(
            table.insert().returning(table.c.id, sort_by_parameter_order=True), rows
        ).scalars()) if rows else []
        if sealed is not None and ids:
            later = [dict(sealed(i, new_id)) for i, new_id in enumerate(ids)]
            for row, more in zip(rows, later, strict=True):
                row.update(more)
            self._fill(table, ids, later)
        entity = table.name
        people = person_ids if person_ids is not None else [
            new_id if table is t.people else row.get("person_id")
            for new_id, row in zip(ids, rows, strict=True)]
        digests = self.digests(table, ids)
        self.audit_many([
            ("create", entity, new_id, person,
             [k for k, v in row.items() if v is not None and k != "version"])
            for new_id, row, person in zip(ids, rows, people, strict=True)],
            [digests[i] for i in ids])
        return ids

    def _fill(self, table: sa.Table, ids: Sequence[int],
              values: Sequence[Mapping[str, Any]]) -> None:
        """Write values sealed after their rows were inserted (not a change: no audit
        of its own, no new version; the row's creation is audited with them)."""
        for new_id, more in zip(ids, values, strict=True):
            if more:
                self.conn.execute(table.update().where(table.c.id == new_id).values(**more))

    # --- data digests: what audit verify --data compares rows with -------------------

    def digests(self, table: sa.Table, ids: Iterable[int]) -> dict[int, str]:
        """Each row's content digest (``DELETED`` for one that is not there)."""
        wanted = list(ids)
        found = dict.fromkeys(wanted, DELETED)
        if wanted:  # one statement, the ids bound as one parameter
            read = self.conn.execute(sa.select(table).where(among(table.c.id, wanted)))
            names = list(read.keys())
            rows = [dict(zip(names, row, strict=True)) for row in read]
            digest = _rows_digest(table.name, rows[0]) if rows else row_digest
            for row in rows:
                found[row["id"]] = digest(table.name, row)
        return found

    def record(self, action: str, table: sa.Table, ids: Iterable[int], *,
               person_id: int | None = None, fields: Sequence[str] = ()) -> None:
        """Audit rows written (or removed) by a statement of many rows (an erasure, a
        re-encryption, a program's own bulk change): one entry per row, with its digest."""
        digests = self.digests(table, ids)
        self.audit_many([(action, table.name, i, person_id, fields) for i in digests],
                        list(digests.values()))

    # --- generic record helpers used by the services ---------------------------

    def insert_row(self, table: sa.Table, values: dict[str, Any], *,
                   person_id: int | None = None, entity: str | None = None,
                   sealed: Callable[[int], Mapping[str, Any]] | None = None) -> int:
        """Insert one row and audit it (the names of the fields given, never values).

        ``sealed(new_id)`` gives the values to seal into the row once it has its id (a
        sealed value is bound to its row, whose id the insert makes): they are written
        in the same transaction and audited with the row. Plugins use it for their own
        tables; the core's records go through :meth:`insert`.
        """
        key = self.conn.execute(table.insert().values(**values)).inserted_primary_key
        assert key is not None
        new_id = int(key[0])
        if sealed is not None and (more := dict(sealed(new_id))):
            self._fill(table, [new_id], [more])
            values = {**values, **more}
        if table is t.people:  # a person's own row is about them
            person_id = new_id
        self.audit("create", entity or table.name, new_id,
                   person_id=person_id if person_id is not None else values.get("person_id"),
                   fields=[k for k, v in values.items() if v is not None and k != "version"],
                   data_digest=self.digests(table, [new_id])[new_id])
        return new_id

    def insert(self, table: sa.Table, obj: T, *, person_id: int | None = None,
               entity: str | None = None,
               sealed: Callable[[int], Mapping[str, Any]] | None = None) -> T:
        """Insert a domain object into its table; return it with its id (and the values
        ``sealed`` gave, as stored)."""
        row = to_row(obj)
        row.pop("id", None)
        filled: dict[str, Any] = {}

        def seal(new_id: int) -> Mapping[str, Any]:
            filled.update(sealed(new_id) if sealed is not None else {})
            return filled

        new_id = self.insert_row(table, row, person_id=person_id, entity=entity,
                                 sealed=seal if sealed is not None else None)
        return attrs.evolve(obj, id=new_id, **filled)  # type: ignore[misc]

    def update(self, table: sa.Table, before: T, after: T, *, person_id: int | None = None,
               entity: str | None = None, entity_label: Label | None = None) -> T:
        """Write ``after`` if the stored version is still ``before``'s; audit changed fields."""
        old, new = to_row(before), to_row(after)
        changed = [k for k in new if k not in ("id", "version") and new[k] != old[k]]
        version = old["version"]
        if not changed:
            # Nothing to write, but a stale version is still a lost update: say so.
            stored = self.conn.execute(sa.select(table.c.version).where(
                table.c.id == old["id"])).scalar_one_or_none()
            if stored != version:
                raise ConcurrentEdit(CHANGED_MEANWHILE, entity=entity_label or entity or table.name,
                                     id=old["id"])
            return before
        result = self.conn.execute(
            table.update()
            .where(table.c.id == old["id"], table.c.version == version)
            .values(**{k: new[k] for k in changed}, version=version + 1)
        )
        if result.rowcount != 1:
            raise ConcurrentEdit(CHANGED_MEANWHILE, entity=entity_label or entity or table.name,
                                 id=old["id"])
        self.audit("update", entity or table.name, old["id"],
                   person_id=person_id if person_id is not None else _person_of(table, after),
                   fields=changed, data_digest=self.digests(table, [old["id"]])[old["id"]])
        return attrs.evolve(after, version=version + 1)  # type: ignore[misc]


def _person_of(table: sa.Table, obj: Any) -> int | None:
    if table is t.people:
        return int(obj.id)
    return getattr(obj, "person_id", None)


def get(conn: Connection, table: sa.Table, cls: type[T], id: int, entity: Label) -> T:
    row = conn.execute(sa.select(table).where(table.c.id == id)).one_or_none()
    if row is None:  # a person or case: told as one not the reader's to see
        raise (NotFound.withheld if table.name in ("people", "cases") else NotFound.of)(
            entity, id)
    return from_row(row, cls)


class Database:
    """A database by URL. Cheap to create; the engine is made on first use."""

    def __init__(self, url: str | None = None, *, primary: Database | None = None,
                 max_lag: float = DEFAULT_MAX_LAG) -> None:
        self.url = url or default_database_url()
        self._engine: Engine | None = None
        #: set on a read replica: the database its refusals are audited in
        self.primary = primary
        self.max_lag = max_lag

    def replica(self, url: str | None = None, max_lag: float | None = None) -> Database | None:
        """The streaming replica reports and exports read from: ``url`` (default
        ``PSC_READ_DATABASE_URL``; none when unset), refused unless both databases are
        PostgreSQL. ``max_lag`` (default ``PSC_READ_MAX_LAG``, else 30) seconds."""
        url = url or os.environ.get("PSC_READ_DATABASE_URL") or None
        if url is None:
            return None
        if not (_is_postgresql(self.url) and _is_postgresql(url)):
            raise ConfigurationError(REPLICA_ON_SQLITE, url=self.safe_url,
                                     read_url=_hidden(url))
        if max_lag is None:
            text = os.environ.get("PSC_READ_MAX_LAG") or str(DEFAULT_MAX_LAG)
            try:
                max_lag = float(text)
            except ValueError:
                max_lag = -1.0
            if not max_lag > 0:
                raise ConfigurationError(BAD_LAG, value=text)
        return Database(url, primary=self, max_lag=max_lag)

    def _check_lag(self, conn: Connection) -> None:
        """Refuse a replica further behind than ``max_lag``. Caught up means every WAL
        record received is replayed while the WAL receiver runs; otherwise the lag is
        the age of the last transaction replayed (looked at again for a moment: just
        after a quiet spell the newest record may be on its way to being replayed)."""
        lag = self.lag(conn)
        for _ in range(5):
            if lag is not None and lag <= self.max_lag:
                return
            time.sleep(0.1)
            lag = self.lag(conn)
        if lag is None or lag > self.max_lag:
            raise ReplicaBehind(REPLICA_BEHIND, url=self.safe_url,
                                lag="?" if lag is None else f"{lag:.1f}",
                                limit=f"{self.max_lag:g}")

    @staticmethod
    def lag(conn: Connection) -> float | None:
        """Seconds this server is behind its primary (0 for a primary; ``None``: not
        known, nothing replayed while WAL waits)."""
        return conn.exec_driver_sql(LAG_QUERY).scalar()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            if (path := self.sqlite_file) is not None:  # no output file goes over it
                from psccore.documents.files import protect

                protect(path)
            try:
                self._engine = create_engine(self.url)
            except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
                raise ConfigurationError(BAD_URL, url=self.url, error=type(exc).__name__) \
                    from None
        return self._engine

    @property
    def sqlite_file(self) -> Path | None:
        """The file of a SQLite database (``None`` for other databases or memory)."""
        return sqlite_file(self.url)

    def create_folder(self) -> None:
        """Only creating the database (``psc init``, upgrades) may make its folder, and
        the file itself, owner-only (SQLite gives its -wal and -shm files the same mode)."""
        if (path := self.sqlite_file) is not None:
            from psccore.documents.files import create_private

            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            create_private(path)

    @property
    def safe_url(self) -> str:
        return sa.make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only view; inside another read or a write, that one's connection."""
        with self.reading() as scope:
            yield scope.conn

    @contextmanager
    def write(self, staff: str) -> Iterator[Transaction]:
        """One transaction: all of it is committed, or none of it.

        A write inside another (e.g. a bulk load calling the services) joins it,
        so the whole is still one transaction.
        """
        with self.writing(staff) as scope:
            assert scope.tx is not None
            yield scope.tx

    @contextmanager
    def reading(self) -> Iterator[Scope]:
        """A read scope: one snapshot (on PostgreSQL a REPEATABLE READ, READ ONLY
        transaction; SQLite's BEGIN is one already). Inside another scope of this
        database, that scope itself."""
        outer = _current.get()
        if outer is not None and (outer.db is self or outer.db.primary is self
                                  or outer.db is self.primary):
            yield outer  # a read inside a replica's read joins it, and the other way round
            return
        try:
            with self._connect(write=False) as conn, conn.begin():
                if self.primary is not None:
                    self._check_lag(conn)
                scope = Scope(self, conn)
                token = _current.set(scope)
                try:
                    yield scope
                finally:
                    _current.reset(token)
        except AccessRefused as refused:
            self._record_refusal(refused)
            raise
        except RecordDamaged as damaged:
            self._record_damage(damaged)
            raise

    @contextmanager
    def writing(self, staff: str) -> Iterator[Scope]:
        """A write scope. Inside another write it is a savepoint of that one (same
        connection, audit chain and memo); inside a read, a transaction of its own
        (the read stays a snapshot)."""
        outer = _current.get()
        if outer is not None and outer.db is self and outer.tx is not None:
            # A savepoint: a failed inner write leaves nothing, even if the caller goes on;
            # nor does the audit head it moved (rolled back with it).
            chain = list(outer.tx._chain)
            inner = Scope(self, outer.conn, outer.tx.joined(staff), outer.memo)
            token = _current.set(inner)
            try:
                with outer.conn.begin_nested():
                    yield inner
            except BaseException:
                outer.tx._chain[:] = chain
                raise
            finally:
                _current.reset(token)
            return
        try:
            with self._connect(write=True) as conn, conn.begin():
                if conn.dialect.name != "sqlite":  # SQLite's BEGIN IMMEDIATE does the same
                    conn.execute(sa.select(t.audit_head.c.id).with_for_update())
                scope = Scope(self, conn, Transaction(conn, staff, self))
                token = _current.set(scope)
                try:
                    yield scope
                finally:
                    _current.reset(token)
        except sa.exc.IntegrityError:
            # Writers are serialised, so a clash means the data changed under us.
            raise ConcurrentEdit(CLASHED) from None
        except AccessRefused as refused:
            self._record_refusal(refused)
            raise
        except RecordDamaged as damaged:
            self._record_damage(damaged)
            raise

    def _record_refusal(self, refused: AccessRefused) -> None:
        """A refused access is audited in its own transaction, after the refused one
        was rolled back (never the values: what was asked, by whom); on the primary,
        when it was refused on a replica."""
        with (self.primary or self).write(refused.staff) as tx:
            tx.audit("refuse", refused.entity, refused.entity_id, person_id=refused.person_id,
                     fields=[refused.action, *refused.fields])

    def _record_damage(self, damaged: RecordDamaged) -> None:
        """A sealed value that does not open in its row (moved there, or altered) is
        audited in a transaction of its own: which row and field, never a value."""
        with (self.primary or self).write(damaged.staff or "") as tx:
            tx.audit("damaged", damaged.table, damaged.row_id, fields=[damaged.field])

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        path = self.sqlite_file
        if path is not None and not path.exists():
            raise ConfigurationError(NOT_INITIALISED, url=self.safe_url)
        try:
            conn = self.engine.connect()
        except sa.exc.OperationalError as exc:
            if self.primary is not None:
                raise ReplicaUnavailable(REPLICA_DOWN, url=self.safe_url,
                                         error=_first_line(exc)) from None
            raise ConfigurationError(CANNOT_CONNECT, url=self.safe_url,
                                     error=str(exc.orig).strip()) from None
        with conn:
            if write:
                conn = conn.execution_options(psc_write=True)
            elif conn.dialect.name == "postgresql":  # one snapshot, and nothing written
                conn = conn.execution_options(isolation_level="REPEATABLE READ",
                                              postgresql_readonly=True)
            try:
                yield conn
            except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
                if self.primary is not None and isinstance(exc, sa.exc.OperationalError):
                    # gone mid-read, or a query cancelled by a conflict with replay
                    raise ReplicaUnavailable(REPLICA_DOWN, url=self.safe_url,
                                             error=_first_line(exc)) from None
                if _missing_table(exc):
                    raise ConfigurationError(NOT_INITIALISED, url=self.safe_url) from None
                if "pattern too complex" in str(exc.orig):
                    raise InvalidInput([Problem("$", UNSTORABLE)]) from None
                raise
            except (OverflowError, UnicodeEncodeError, sa.exc.DataError):
                # a value no column can hold (a number too large, text that is no text):
                # the input's fault, whichever path let it through
                raise InvalidInput([Problem("$", UNSTORABLE)]) from None

    def compact(self) -> None:
        """After an erasure: on SQLite, fold the write-ahead log into the file (whose
        freed space ``secure_delete`` has zeroed), so no old copy of a page remains."""
        if self.sqlite_file is not None:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


# On a replica: 0 while all WAL received is replayed and the receiver runs (a quiet
# primary sends nothing, and that is no lag); else the age of the last replayed commit.
LAG_QUERY = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0.0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
       AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN 0.0
  ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8
END
"""


def _is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


def _hidden(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "?"


def _first_line(exc: sa.exc.DBAPIError) -> str:
    return (str(exc.orig).strip().splitlines() or ["?"])[0]


def _missing_table(exc: sa.exc.DBAPIError) -> bool:
    """A table or column the code expects is not there: the schema is not upgraded."""
    text = str(exc.orig).lower()
    return "no such table" in text or "no such column" in text or (
        "does not exist" in text and ("relation" in text or "column" in text))
