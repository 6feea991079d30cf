"""Schema changes through Alembic: a core branch and one branch per plugin."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from psccore.errors import ConfigurationError
from psccore.i18n import Label
from psccore.plugins import Registry
from psccore.store import tables
from psccore.store.db import Database

HERE = Path(__file__).parent / "migrations"


def all_metadata(registry: Registry) -> list[sa.MetaData]:
    return [tables.metadata, *(m.metadata for m in registry.migrations)]


def alembic_config(registry: Registry, connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    locations = [HERE / "versions", *(Path(m.versions) for m in registry.migrations)]
    cfg.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
    cfg.attributes["connection"] = connection
    cfg.attributes["target_metadata"] = all_metadata(registry)
    return cfg


def upgrade(db: Database, registry: Registry, app_url: str | None = None) -> list[str]:
    """Bring core and every loaded plugin's branch to its head, and on PostgreSQL make
    the audit trail's partitions for the coming fiscal years and give the app role its
    privileges (the role of ``app_url``, made if missing and this role may; and the
    roles given them before); return the heads."""
    try:
        heads = _migrate(db, registry, command.upgrade, "heads")
        if db.sqlite_file is None and db.url.startswith("postgresql"):
            _after_upgrade(db, app_url)
    except sa.exc.ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        raise ConfigurationError(NOT_THE_OWNER, role=sa.make_url(db.url).username or "?"
                                 ) from None
    return heads


#: PostgreSQL's SQLSTATE for "permission denied" and "must be owner of"
INSUFFICIENT_PRIVILEGE = "42501"
NOT_THE_OWNER = Label(
    "ロール {role} ではスキーマを変えられません（表の所有者ではありません）。"
    "所有者のロールの URL を PSC_OWNER_DATABASE_URL に設定して、もう一度実行してください"
    "（docs/deployment.md）。",
    "The role {role} may not change the schema (it owns no table). Set "
    "PSC_OWNER_DATABASE_URL to the owner role's URL and run this again "
    "(docs/deployment.md).")


def _after_upgrade(db: Database, app_url: str | None) -> None:
    """On PostgreSQL: the audit trail's coming partitions, and the app roles' grants."""
    from psccore.clock import OfficeClock
    from psccore.store import rls
    from psccore.store.partitions import ensure_audit_partitions

    with db.engine.begin() as conn:
        ensure_audit_partitions(conn, OfficeClock.from_env().today())
        roles = set(rls.app_roles(conn))
        if app_url and app_url.startswith("postgresql"):
            app = sa.make_url(app_url)
            current = conn.exec_driver_sql("SELECT current_user").scalar()
            if app.username and app.username != current and \
                    rls.ensure_app_role(conn, app.username, app.password):
                roles.add(app.username)
        for role in sorted(roles):
            rls.grant_app_role(conn, role)


def downgrade(db: Database, registry: Registry, revision: str) -> list[str]:
    """Take the schema back to ``revision`` (of core or of one program's branch)."""
    return _migrate(db, registry, command.downgrade, revision)


def _migrate(db: Database, registry: Registry, step: Any, revision: str) -> list[str]:
    """One Alembic step in one transaction; return the heads reached."""
    db.create_folder()
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw: Any = conn.connection.dbapi_connection
        if sqlite:  # batch mode copies tables; references are checked after, below
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
        try:
            conn = conn.execution_options(psc_write=True)
            with conn.begin():
                if not sqlite:  # migrations see (and record) every office's rows
                    from psccore.store import rls

                    rls.set_offices(conn, rls.EVERY_OFFICE)
                config = alembic_config(registry, conn)
                check_programs_present(conn, ScriptDirectory.from_config(config))
                _run(step, config, revision)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("a migration broke a foreign key; nothing was changed")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")
        return sorted(MigrationContext.configure(conn).get_current_heads())


MISSING_PROGRAM = Label(
    "データベースには、読み込まれていない事業（{programs}）の移行 {revisions} が適用されています。"
    "その事業のプラグインをインストールして有効にしてから、もう一度実行してください"
    "（PSC_PLUGINS / PSC_DISABLE_PLUGINS）。その事業のデータはそのまま残っています。",
    "The database has migrations ({revisions}) of programs that are not loaded ({programs}). "
    "Install and enable their plugins (PSC_PLUGINS / PSC_DISABLE_PLUGINS), then run this "
    "again. Their data is kept as it was.",
)


class ProgramMissing(ConfigurationError):
    """The database holds a program's schema but its plugin is absent or disabled."""


def check_programs_present(conn: Connection, script: ScriptDirectory) -> None:
    """Refuse, before Alembic runs, when a revision in the database is of no loaded branch."""
    from alembic.script.revision import ResolutionError
    from alembic.util import CommandError

    unknown = []
    for head in sorted(MigrationContext.configure(conn).get_current_heads()):
        try:
            script.get_revision(head)
        except (ResolutionError, CommandError):
            unknown.append(head)
    if unknown:  # revisions are named BRANCH_NNNN, the branch being the program code
        programs = sorted({re.sub(r"_\d+$", "", u) for u in unknown})
        raise ProgramMissing(MISSING_PROGRAM, programs=", ".join(programs),
                             revisions=", ".join(unknown))


UNKNOWN_REVISION = Label(
    "データベースには、読み込まれていない事業のスキーマ（{error}）があります。"
    "その事業のプラグインを有効にしてください（PSC_PLUGINS / PSC_DISABLE_PLUGINS）。",
    "The database holds the schema of a program that is not loaded ({error}). "
    "Enable that program's plugin (PSC_PLUGINS / PSC_DISABLE_PLUGINS).",
)


def _run(step: Any, *args: Any) -> Any:
    """An Alembic command; a revision of a missing plugin is a configuration error."""
    from alembic.script.revision import ResolutionError

    try:
        return step(*args)
    except ResolutionError as exc:
        raise ConfigurationError(UNKNOWN_REVISION, error=str(exc)) from None


def pending(db: Database, registry: Registry) -> list[str]:
    """Heads of the loaded branches that the database has not reached."""
    script = ScriptDirectory.from_config(alembic_config(registry))
    with db.read() as conn:
        check_programs_present(conn, script)
        current = set(MigrationContext.configure(conn).get_current_heads())
        applied: set[str] = set()
        for head in current:
            revisions = _run(lambda h: list(script.iterate_revisions(h, "base")), head)
            applied.update(r.revision for r in revisions)
    return sorted(h for h in script.get_heads() if h not in applied)


def differences(conn: Connection, registry: Registry) -> list[Any]:
    """What the migrations made that the tables in code do not say (empty when they agree)."""
    from psccore.store.partitions import PARTITION
    from psccore.store.search_index import kept_here

    def ours(_obj: Any, name: str | None, kind: str, _reflected: bool, _to: Any) -> bool:
        return not (kind == "table" and name is not None
                    and (PARTITION.match(name) or kept_here(name)))

    metadata = all_metadata(registry)
    context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_object": ours})
    return list(compare_metadata(context, metadata))  # type: ignore[arg-type]  # takes a list too
