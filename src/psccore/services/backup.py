"""Backups taken while staff keep working, and restores, for administrators of all
programs.

A backup is written beside its target, checked, and only then put in place: on SQLite a
copy made with SQLite's online backup (a consistent snapshot even while others write),
then ``integrity_check``, ``foreign_key_check`` and the audit chain are checked on the
copy; on PostgreSQL ``pg_dump``'s custom format, whose table of contents must list every
table's data. A restore checks the file the same way before it touches anything, then
reads the backup's content (on PostgreSQL restored first into a scratch database on the
same server, dropped afterwards whatever happens): its audit chain, its rows against its
own trail, its sealed values, and its trail against the live one."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from glob import glob
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.documents.files import check_source, write_atomically
from psccore.domain.audit import AuditEntry, verify_chain
from psccore.errors import ConfigurationError, InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import from_row

DAMAGED = Label("バックアップ {path} は使えません: {reason}", "the backup {path} is unusable: {reason}")
IS_LIVE = Label("{path} は使用中のデータベースそのものです。別のファイル名にしてください",
                "{path} is the database in use; give another file")
NO_PG_TOOL = Label("{tool} が見つかりません（PostgreSQL のクライアントを入れてください）",
                   "{tool} not found (install the PostgreSQL client)")
TOOL_FAILED = Label("{tool} が失敗しました: {error}", "{tool} failed: {error}")
NO_SCRATCH = Label(
    "バックアップを確かめるための一時データベース {name} を作れません: {error}。戻すのは"
    "所有者のロールで（PSC_OWNER_DATABASE_URL に所有者の URL）、そのロールには CREATEDB の権限が"
    "要ります（ALTER ROLE 所有者 CREATEDB）",
    "cannot make the scratch database {name} to check the backup in: {error}. Restore as "
    "the owner role (PSC_OWNER_DATABASE_URL set to its URL), which needs CREATEDB (ALTER "
    "ROLE owner CREATEDB)")


@attrs.frozen
class BackupCheck:
    """What was checked on a backup: its audit entries and tables."""

    path: Path
    audit_entries: int
    tables: int


def backup(ctx: Context, target: Path, *, overwrite: bool = False) -> BackupCheck:
    """Write a checked backup of the whole database to ``target``, owner-only, through
    the one safe writer (an existing file is replaced only with ``overwrite``, and only
    when the new one is good); audited only once it is in place."""
    with ctx.read() as uow:
        access.for_managers(uow, "database")
    _not_the_database(ctx, target)
    checked: list[BackupCheck] = []

    def write(temporary: Path) -> None:
        if (source := ctx.db.sqlite_file) is not None:
            _sqlite_copy(source, temporary)
        else:
            pg_dump(ctx.db.url, temporary)
        checked.append(check(ctx, temporary))

    @contextmanager
    def audited() -> Iterator[None]:
        with ctx.write() as uow:
            uow.tx.audit("backup", "database")  # never the file's name: it may name a person
            yield

    write_atomically(target, write, overwrite=overwrite, within=audited, field="$.file")
    return attrs.evolve(checked[0], path=target)


def restore(ctx: Context, source: Path, *, head: tuple[int, str] | None = None,
            replace_history: bool = False, archive: Path | None = None) -> BackupCheck:
    """Replace the whole database with a checked backup; the restore itself is then
    audited in the restored chain.

    The backup must also be true to itself (its audit chain whole, every data row as its
    trail says, every sealed value opening in its row) and its trail must be a beginning
    of the live one (or hold ``head``, kept outside): a backup whose trail went another
    way (edited and re-hashed, or another office's) replaces the live trail only with
    ``replace_history``, and the live entries it drops are first written to ``archive``
    (owner-only; by default beside the SQLite database, or on PostgreSQL beside the
    backup)."""
    with ctx.read() as uow:
        access.for_managers(uow, "database")
    check_source(source)
    _not_the_database(ctx, source)
    found = check(ctx, source)
    with opened(ctx, source) as engine, engine.connect() as conn:
        if ctx.db.sqlite_file is None:  # on SQLite, check() has read the chain already
            found = attrs.evolve(found, audit_entries=_chain(conn, source))
        tail = _history_check(ctx, conn, source, head, replace_history)
    if tail:
        beside = ctx.db.sqlite_file or source
        _archive(tail, archive or beside.parent / f"replaced-audit-{_stamp()}.json")
    ctx.db.dispose()
    if (live := ctx.db.sqlite_file) is not None:
        _sqlite_copy(source, live)
    else:
        _pg_restore_over(ctx.db.url, source)
    with ctx.write() as uow:
        uow.tx.audit("restore", "database", fields=["replace-history"] if replace_history
                     else [])
    return found


@contextmanager
def opened(ctx: Context, source: Path) -> Iterator[sa.Engine]:
    """The content of the backup ``source``, to read: on SQLite the file itself; on
    PostgreSQL a scratch database on the live one's server (named after it, with a
    random suffix) the dump is restored into, dropped afterwards whatever happens."""
    if ctx.db.sqlite_file is not None:
        engine = sa.create_engine(f"sqlite:///{source}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    live = sa.make_url(ctx.db.url)
    name = f"{(live.database or 'psc')[:40]}_restore_{secrets.token_hex(6)}"
    server = sa.create_engine(live, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    quoted = '"' + name.replace('"', '""') + '"'
    try:
        with server.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {quoted} TEMPLATE template0")
    except sa.exc.DBAPIError as exc:
        server.dispose()
        raise ConfigurationError(NO_SCRATCH, name=name, error=str(exc.orig).strip()
                                 ) from None
    url = live.set(database=name).render_as_string(hide_password=False)
    # every office's rows: the copy is checked whole (row-level security, as in _run)
    engine = sa.create_engine(url, poolclass=sa.NullPool,
                              connect_args={"options": "-c psc.offices=*"})
    try:
        _run("pg_restore", "--no-owner", "--single-transaction", f"--dbname={_libpq(url)}",
             str(source), url=url)
        yield engine
    finally:
        engine.dispose()
        with server.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        server.dispose()


NOT_A_PREFIX = Label(
    "バックアップの監査記録が今の記録の途中までと一致しません（書き換えて計算し直したか、"
    "別のデータベースのものです）。今の記録を置き換えるには --replace-history を付けてください"
    "（置き換わる記録は先にファイルに保存します）",
    "the backup's audit trail is not a beginning of the live one (edited and re-hashed, or "
    "another database's). To replace the live trail anyway, add --replace-history (the "
    "entries it drops are saved to a file first)",
)
ROWS_CHANGED = Label(
    "バックアップのデータが監査記録と一致しません（{rows}）", "its data rows do not match its "
    "audit trail ({rows})")
SEALED_BROKEN = Label(
    "バックアップの暗号化された値が開けません（{where}）",
    "a sealed value in it does not open ({where})")
SEALED_KEY_MISSING = Label(
    "バックアップの値は暗号鍵 {key} で暗号化されていますが、今の鍵ファイルにその鍵がありません"
    "（{where}）。psc keys rotate の前の鍵ファイル（保管しているコピー）から鍵 {key} の行を"
    "今の鍵ファイルに加えてから、もう一度実行してください",
    "its values are sealed with key {key}, which the key file at hand lacks ({where}): add "
    "key {key}'s line from the key file as it was before `psc keys rotate` (your kept copy) "
    "to the key file, then run this again")


def _history_check(ctx: Context, conn: sa.Connection, source: Path,
                   head: tuple[int, str] | None, replace_history: bool
                   ) -> list[dict[str, Any]]:
    """Refuse a backup (read through ``conn``) not true to itself; return the live
    entries a restore would drop from a trail the backup's does not continue (only with
    ``replace_history``)."""
    from psccore.services.audit import rows_against_trail
    from psccore.services.keys import data_tables, registry_metadata, sealed_values

    tables = data_tables(conn, registry_metadata(ctx.registry))
    _, changed = rows_against_trail(conn, tables)
    if changed:
        raise _damaged(source, _both(ROWS_CHANGED, rows=", ".join(
            f"{c.table} #{c.row_id}" for c in changed[:5])))
    _all_open(ctx, source, list(sealed_values(conn, tables)))
    theirs = dict(conn.execute(sa.select(t.audit_log.c.seq, t.audit_log.c.hash)).all())
    with ctx.read() as uow:
        ours = dict(uow.conn.execute(sa.select(t.audit_log.c.seq, t.audit_log.c.hash)).all())
    last = max(theirs, default=0)
    kept = head is not None and theirs.get(head[0]) == head[1]
    if ours.get(last) == theirs.get(last) or kept:
        return []
    if not replace_history:
        raise _damaged(source, NOT_A_PREFIX)
    common = max((seq for seq, digest in ours.items() if theirs.get(seq) == digest), default=0)
    with ctx.read() as uow:
        return [dict(row._mapping) for row in uow.conn.execute(
            sa.select(t.audit_log).where(t.audit_log.c.seq > common)
            .order_by(t.audit_log.c.seq))]


def _all_open(ctx: Context, source: Path, values: list[Any]) -> None:
    """Every sealed value of the backup opens in its row with the keys at hand."""
    from psccore.crypto import UNKNOWN_KEY, is_legacy

    keys = ctx.keys() if values else None
    for value in values:
        assert keys is not None
        try:
            if is_legacy(value.token):
                keys.decrypt_legacy(value.token, value.legacy)
            else:
                keys.decrypt(value.token, value.place)
        except ConfigurationError as refused:
            where = f"{value.table} #{value.row_id} {value.column}"
            if refused.message is UNKNOWN_KEY:  # rotated since: the old key line was dropped
                raise _damaged(source, _both(SEALED_KEY_MISSING, where=where,
                                             **refused.params)) from None
            raise _damaged(source, _both(SEALED_BROKEN, where=where)) from None


def _archive(entries: list[dict[str, Any]], path: Path) -> None:
    """The live entries a restore drops, kept in a file (owner-only, never over another)."""
    text = json.dumps(entries, ensure_ascii=False, indent=1, default=str)
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"),
                     field="$.archive")


def _stamp() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")


def _not_the_database(ctx: Context, path: Path) -> None:
    """A backup is never written over (nor restored from) the live database's files."""
    live = ctx.db.sqlite_file
    if live is None:
        return
    for own in (live, Path(f"{live}-wal"), Path(f"{live}-shm")):
        if path.resolve() == own.resolve() or (path.exists() and own.exists()
                                               and os.path.samefile(path, own)):
            raise InvalidInput([Problem("$.file", IS_LIVE, {"path": str(path)})])


def check(ctx: Context, path: Path) -> BackupCheck:
    """A backup is whole: SQLite's checks and the audit chain, or pg_dump's table of
    contents listing the data of every table."""
    if ctx.db.sqlite_file is not None:
        return _check_sqlite(path)
    listing = _run("pg_restore", "--list", str(path))
    # a partitioned table (the audit trail) holds no data itself: its partitions do
    parts = re.findall(r" TABLE ATTACH public (\S+) ", listing)
    # the tables of the dump's own schema (a database not yet upgraded lacks the newest),
    # which must hold the first revision's at least
    defined = set(re.findall(r" TABLE public (\S+) ", listing))
    if not {"people", "cases", "audit_log", "audit_head"} <= defined:
        raise _damaged(path, "not a psccore database")
    missing = [name for name in t.metadata.tables
               if name in defined and f"TABLE DATA public {name} " not in listing
               and not (name == "audit_log" and f"TABLE public {name} " in listing
                        and any(p.startswith("audit_log_") for p in parts))]
    missing += [p for p in parts if f"TABLE DATA public {p} " not in listing]
    if missing:
        raise _damaged(path, f"no data for {', '.join(missing)}")
    return BackupCheck(path, -1, len(t.metadata.tables))


def _check_sqlite(path: Path) -> BackupCheck:
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as con:
            integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
            broken_keys = con.execute("PRAGMA foreign_key_check").fetchall()
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master "
                                                "WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None
    if integrity != ["ok"]:
        raise _damaged(path, "; ".join(integrity[:3]))
    if broken_keys:
        raise _damaged(path, f"{len(broken_keys)} broken references")
    if missing := sorted(set(t.metadata.tables) - tables):
        raise _damaged(path, f"no table {', '.join(missing)}")
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            entries = _chain(conn, path)
    finally:
        engine.dispose()
    return BackupCheck(path, entries, len(tables))


def _chain(conn: sa.Connection, path: Path) -> int:
    """The backup's audit chain (read through ``conn``) is whole: how many entries."""
    head = conn.execute(sa.select(t.audit_head)).one()
    entries = [from_row(r, AuditEntry) for r in conn.execute(
        sa.select(t.audit_log).order_by(t.audit_log.c.seq))]
    if breaks := verify_chain(entries, head.seq, head.hash):
        raise _damaged(path, f"the audit chain breaks at {breaks[0].seq}")
    return len(entries)


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while others go on writing."""
    try:
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.execute("PRAGMA busy_timeout = 10000")
            dst.execute("PRAGMA busy_timeout = 10000")
            src.backup(dst)
    except sqlite3.DatabaseError as exc:  # e.g. another page size in WAL mode
        raise ConfigurationError(TOOL_FAILED, tool="SQLite backup", error=str(exc)) from None
    os.chmod(target, 0o600)


def pg_dump(url: str, target: Path) -> None:
    """The PostgreSQL database at ``url`` dumped in ``pg_dump``'s custom format."""
    _run("pg_dump", "--format=custom", "--no-owner", "--enable-row-security", f"--file={target}",
         f"--dbname={_libpq(url)}", url=url)


def _pg_restore_over(url: str, source: Path) -> None:
    """The dump restored over the live database in one transaction. The script
    pg_restore writes is run by psql after dropping the partitioned audit trail
    (its partitions with it): pg_restore's own ``--clean`` would first drop each
    partition's key, which PostgreSQL refuses while the partition is attached."""
    dump = subprocess.Popen([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                             "--file=-", str(source)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:  # streamed from one to the other: the script is as large as the data
        _run("psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
             "--command=DROP TABLE IF EXISTS public.audit_log", "--file=-",
             f"--dbname={_libpq(url)}", url=url, stdin=dump.stdout)
    finally:
        assert dump.stdout is not None and dump.stderr is not None
        dump.stdout.close()
        failed = dump.wait() != 0
        error = dump.stderr.read().decode(errors="replace").strip()[-500:]
        dump.stderr.close()
    if failed:
        raise ConfigurationError(TOOL_FAILED, tool="pg_restore", error=error)


def _libpq(url: str) -> str:
    """The URL for pg_dump, without its password (that goes by PGPASSWORD, which other
    users of the machine cannot see in the process list)."""
    return sa.make_url(url).set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)


def _tool(tool: str) -> str:
    found = shutil.which(tool) or max(glob(f"/usr/lib/postgresql/*/bin/{tool}"), default=None)
    if found is None:
        raise ConfigurationError(NO_PG_TOOL, tool=tool)
    return found


def _run(tool: str, *args: str, url: str | None = None, stdin: Any = None) -> str:
    found = _tool(tool)
    env = dict(os.environ)
    if url is not None and (password := sa.make_url(url).password):
        env["PGPASSWORD"] = str(password)
    if url is not None:  # the whole database: every office's rows (row-level security)
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c psc.offices=*".strip()
    done = subprocess.run([found, *args], capture_output=True, text=True, env=env, stdin=stdin)
    if done.returncode != 0:
        raise ConfigurationError(TOOL_FAILED, tool=tool, error=done.stderr.strip()[-500:])
    return done.stdout


def _both(label: Label, **params: Any) -> Label:
    """``label`` filled in, in both languages."""
    return Label(label.format("ja", **params), label.format("en", **params))


def _damaged(path: Path, reason: str | Label) -> InvalidInput:
    return InvalidInput([Problem("$.file", DAMAGED, {"path": str(path), "reason": reason})])
