"""``psc init`` and ``psc db``: the database, its schema and its backups."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from psccore.cli.base import PscCommand, PscGroup, T, state
from psccore.cli.catalog import about

if TYPE_CHECKING:
    from psccore.app import Psc

T_ = TypeVar("T_")

#: On PostgreSQL, the owner role's URL: schema changes are made through it (the
#: database URL is then the app role's, which owns no table). Unset: one URL for both.
OWNER_URL = "PSC_OWNER_DATABASE_URL"


def upgrade_schema() -> list[str]:
    """The schema brought up to date as the owner role (``PSC_OWNER_DATABASE_URL``,
    else the database URL), the app role (the database URL's) made if missing and
    given its privileges."""
    owner_url = os.environ.get(OWNER_URL)
    if not owner_url:
        return state().psc().upgrade()
    from psccore.app import Psc

    app_url = state().database_url or os.environ.get("PSC_DATABASE_URL")
    owner = Psc.open(owner_url, registry=state().registry())
    try:
        return owner.upgrade(app_url=app_url)
    finally:
        owner.close()


def _as_owner(work: Callable[[Psc], T_]) -> T_:
    """``work`` done through the owner role (``PSC_OWNER_DATABASE_URL``) when it is set,
    as the acting staff member: a restore replaces tables, which only their owner may."""
    owner_url = os.environ.get(OWNER_URL)
    if not owner_url:
        return work(state().psc())
    from psccore.app import Psc

    owner = Psc.open(owner_url, staff=state().staff, registry=state().registry())
    try:
        return work(owner)
    finally:
        owner.close()


def init_command() -> click.Command:
    @click.command(cls=PscCommand, help=about(
        "データベースを作成・更新し、最初の管理者を登録します",
        "create or update the database and register the first administrator",
        "何度実行しても安全です。", "Safe to repeat."))
    @click.option("--admin", metavar="LOGIN", help=T("最初の職員のログイン名", "first staff login"))
    @click.option("--name", metavar="NAME", help=T("最初の職員の氏名", "first staff member's name"))
    @click.option("--password-stdin", is_flag=True, help=T(
        "最初の職員のパスワードを標準入力から読む（既定: 端末で尋ねる）",
        "read the first staff member's password from stdin (default: asked at a terminal)"))
    def init(admin: str | None, name: str | None, password_stdin: bool) -> None:
        import sys

        from psccore.crypto import default_key_file, key_file, write_new_key_file

        heads = upgrade_schema()
        psc = state().psc()
        made = key_file() or (None if os.environ.get("PSC_KEY") else default_key_file())
        if made is not None and not made.exists():
            write_new_key_file(made)
            click.echo(T(f"暗号鍵を作成しました: {made}（別の安全な場所にも保管してください）",
                         f"Made an encryption key: {made} (keep a copy somewhere safe)"))
        click.echo(T(f"データベース: {psc.database_url}", f"Database: {psc.database_url}"))
        click.echo(T(f"スキーマ: {', '.join(heads)}", f"Schema: {', '.join(heads)}"))
        known = psc.known_logins()
        if admin and admin in known:
            click.echo(T(f"職員 {admin} は登録済みです", f"Staff member {admin} is already registered"))
        elif admin:
            password = None
            if password_stdin or sys.stdin.isatty():  # the web sign-in's, asked first:
                from psccore.cli.staff import read_password  # a refused one registers no one

                password = read_password(password_stdin, admin)
            member = psc.acting_as(admin if not known else state().staff).add_staff(
                admin, name or admin)
            click.echo(T(f"職員を登録しました: {member.login}", f"Registered staff: {member.login}"))
            if password is not None:
                psc.acting_as(admin).set_password(admin, password)
        elif not known:
            click.echo(T("職員が未登録です。`psc init --admin ログイン名 --name 氏名` で登録してください。",
                         "No staff yet: run `psc init --admin LOGIN --name NAME`."))

    return init


def db_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("データベースのスキーマ管理", "database schema"))
    def db() -> None:
        pass

    @db.command(help=T("コアと各事業のスキーマを最新にします", "bring core and program schemas up to date"))
    def upgrade() -> None:
        heads = upgrade_schema()
        click.echo(T(f"最新になりました: {', '.join(heads)}", f"Up to date: {', '.join(heads)}"))

    @db.command(help=T("未適用の移行を表示します", "show migrations not yet applied"))
    def status() -> None:
        pending = state().psc().pending_migrations()
        if pending:
            click.echo(T(f"未適用: {', '.join(pending)}（`psc db upgrade`）",
                         f"Pending: {', '.join(pending)} (`psc db upgrade`)"))
            raise click.exceptions.Exit(1)
        click.echo(T("最新です", "Up to date"))

    @db.command(name="backup", help=T(
        "使用中のままデータベース全体をバックアップし、確認してから保存します（管理者）",
        "back up the whole database while it is in use, checked before it is kept "
        "(administrators)"))
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるバックアップを置き換える", "replace an existing backup"))
    def backup_(file: Path, overwrite: bool) -> None:
        from psccore.documents.files import check_target

        check_target(file, (".db", ".sqlite3", ".dump"), "$.file", overwrite=overwrite)
        found = state().psc().backup(file, overwrite=overwrite)
        if found.audit_entries >= 0:  # SQLite: the copy's own chain was verified
            click.echo(T(f"{file} に保存しました（確認済み: 表 {found.tables}、監査記録 "
                         f"{found.audit_entries}）", f"Saved {file} (checked: {found.tables} "
                         f"tables, {found.audit_entries} audit entries)"))
        else:  # PostgreSQL: the dump's table of contents lists every table's data
            click.echo(T(f"{file} に保存しました（確認済み: 表 {found.tables} のデータをすべて含む）",
                         f"Saved {file} (checked: it holds the data of all {found.tables} "
                         "tables)"))

    @db.command(help=T("バックアップからデータベース全体を戻します（管理者。今のデータは置き換わります）",
                       "restore the whole database from a backup (administrators; the "
                       "current data is replaced)"))
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option("--yes", is_flag=True, help=T("確認なしで実行", "do it without asking"))
    @click.option("--head", "kept", metavar="SEQ:HASH",
                  help=T("別に保管しておいた先頭（psc audit head）: バックアップがこれを含めばよい",
                         "a head kept elsewhere (psc audit head) the backup must hold"))
    @click.option("--replace-history", is_flag=True,
                  help=T("今の監査記録と続かないバックアップでも戻す（管理者。置き換わる記録は先に保存）",
                         "restore even a backup whose trail the live one does not begin "
                         "with (administrators; the entries dropped are saved first)"))
    @click.option("--archive", type=click.Path(path_type=Path),
                  help=T("置き換わる監査記録の保存先（既定: データベースと同じフォルダ、"
                         "PostgreSQL ではバックアップと同じフォルダ）",
                         "where to save the audit entries replaced (default: beside the "
                         "database; on PostgreSQL beside the backup)"))
    def restore(file: Path, yes: bool, kept: str | None, replace_history: bool,
                archive: Path | None) -> None:
        head = None
        if kept:
            seq, _, digest = kept.partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise click.BadParameter(T("SEQ:HASH の形です", "takes SEQ:HASH"),
                                         param_hint="--head")
            head = (int(seq), digest)
        if not yes:
            click.confirm(T("今のデータはバックアップの内容に置き換わります。続けますか",
                            "The current data will be replaced by the backup. Go on"),
                          abort=True)
        found = _as_owner(lambda psc: psc.restore(
            file, head=head, replace_history=replace_history, archive=archive))
        click.echo(T(f"{file} から戻しました（表 {found.tables}）",
                     f"Restored from {file} ({found.tables} tables)"))

    return db
