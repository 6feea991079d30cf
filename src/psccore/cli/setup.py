"""``psc init``, ``psc db``, ``psc programs``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psccore.cli.base import PscCommand, PscGroup, T, emit_json, json_option, state, table
from psccore.cli.catalog import about

if TYPE_CHECKING:
    from psccore.domain.program import Program


def init_command() -> click.Command:
    @click.command(cls=PscCommand, help=about(
        "データベースを作成・更新し、最初の管理者を登録します",
        "create or update the database and register the first administrator",
        "何度実行しても安全です。", "Safe to repeat."))
    @click.option("--admin", metavar="LOGIN", help=T("最初の職員のログイン名", "first staff login"))
    @click.option("--name", metavar="NAME", help=T("最初の職員の氏名", "first staff member's name"))
    def init(admin: str | None, name: str | None) -> None:
        from psccore.crypto import default_key_file, key_file, write_new_key_file

        psc = state().psc()
        heads = psc.upgrade()
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
            member = psc.acting_as(admin if not known else state().staff).add_staff(
                admin, name or admin)
            click.echo(T(f"職員を登録しました: {member.login}", f"Registered staff: {member.login}"))
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
        heads = state().psc().upgrade()
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
        click.echo(T(f"{file} に保存しました（確認済み: 表 {found.tables}、監査記録 "
                     f"{found.audit_entries if found.audit_entries >= 0 else '-'}）",
                     f"Saved {file} (checked: {found.tables} tables, "
                     f"{found.audit_entries if found.audit_entries >= 0 else '-'} audit entries)"))

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
                  help=T("置き換わる監査記録の保存先（既定: データベースと同じフォルダ）",
                         "where to save the audit entries replaced (default: beside the "
                         "database)"))
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
        found = state().psc().restore(file, head=head, replace_history=replace_history,
                                      archive=archive)
        click.echo(T(f"{file} から戻しました（表 {found.tables}）",
                     f"Restored from {file} ({found.tables} tables)"))

    return db


def programs_command() -> click.Command:
    @click.command(cls=PscCommand, help=about(
        "登録されている事業（プラグイン）の一覧", "list the registered programs (plugins)",
        "コードを指定すると、その事業の受付項目（選択肢・必須かどうか）を表示します。",
        "Give a code to see that program's intake fields (choices, required or not)."))
    @click.argument("code", required=False)
    @json_option
    def programs(code: str | None, as_json: bool) -> None:
        import attrs

        registry = state().registry()
        if code is not None:
            _show_program(state().psc().program(code), as_json)
            return
        rows = [
            {"code": p.code, "ja": p.label.ja, "en": p.label.en,
             "intake_fields": [a.name for a in attrs.fields(p.intake)],
             "menu": [m.kind for m in registry.menu if m.program == p.code]}
            for p in registry.programs.values()
        ]
        if as_json:
            emit_json(rows)
            return
        table([T("コード", "code"), T("事業", "program"), T("受付項目", "intake fields"),
               T("支援メニュー", "support menu")],
              [(r["code"], r["ja"] if T("ja", "en") == "ja" else r["en"],
                len(r["intake_fields"]), ", ".join(r["menu"])) for r in rows])

    return programs


def _show_program(program: Program, as_json: bool) -> None:
    """One program's intake fields: what to give with --set or --data."""
    import enum
    import typing

    import attrs

    from psccore.domain.convert import _type_label
    from psccore.domain.rules import info

    attrs.resolve_types(program.intake)
    rows = []
    for a in attrs.fields(program.intake):
        meta = info(a)
        kind = _type_label(a.type)
        base = next((t for t in (a.type, *typing.get_args(a.type))
                     if isinstance(t, type) and issubclass(t, enum.Enum)), None)
        rows.append({"field": a.name, "label": meta.label.text() if meta else a.name,
                     "type": kind.text() if kind else str(a.type),
                     "choices": [m.value for m in base] if base else [],
                     "required": a.default is attrs.NOTHING,
                     "sensitive": bool(meta and meta.sensitive)})
    if as_json:
        emit_json(rows)
        return
    click.echo(f"{program.code}: {program.label.text()}")
    table([T("項目", "field"), T("名称", "label"), T("形式", "type"), T("必須", "required"),
           T("要配慮", "sensitive")],
          [(r["field"], r["label"], r["type"], r["required"], r["sensitive"]) for r in rows])


def office_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("事業所の情報（人口など）", "the office (its population …)"))
    def office() -> None:
        pass

    @office.command(help=T("事業所の情報を表示します", "show the office's facts"))
    @json_option
    def show(as_json: bool) -> None:
        found = state().psc().office()
        if as_json:
            emit_json(found)
            return
        _show_office(found)

    @office.command(name="set", help=T(
        "事業所名・人口（圏域）を設定します。人口は国の統計の「人口10万人あたり」に使います",
        "set the office's name and the population it serves (for the national survey's "
        "rates per 100,000 inhabitants)"))
    @click.option("--name", help=T("事業所名", "office name"))
    @click.option("--population", type=int, help=T("人口（圏域）", "population served"))
    @click.option("--as-of", "population_on", help=T("人口の基準日", "population as of"))
    def set_(**fields: Any) -> None:
        given = {k: v for k, v in fields.items() if v is not None}
        _show_office(state().psc().set_office(given))

    return office


def _show_office(found: Any) -> None:
    from psccore.cli.base import record

    record([(T("事業所名", "office name"), found.name),
            (T("人口（圏域）", "population served"),
             f"{found.population:,}" if found.population else None),
            (T("人口の基準日", "population as of"), found.population_on)])


def plugin_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("新しい事業のプラグインを作ります", "make a plugin for a new program"))
    def plugin() -> None:
        pass

    @plugin.command(help=T(
        "新しい事業のプラグイン一式（登録・インテーク・プランのステップ・報告の節・コマンド・"
        "移行・テスト・README）を書き出します。例: psc plugin new city_project",
        "write a complete plugin for a new program (registration, intake, a plan step, a "
        "report section, a command, a migration branch, tests, README). "
        "E.g. psc plugin new city_project"))
    @click.argument("code")
    @click.option("--into", type=click.Path(path_type=Path), default=Path("."),
                  help=T("書き出す先のフォルダ（既定: 今のフォルダ）", "folder to write into"))
    @click.option("--label-ja", help=T("事業名（日本語）", "the program's Japanese name"))
    @click.option("--label-en", help=T("事業名（英語）", "the program's English name"))
    def new(code: str, into: Path, label_ja: str | None, label_en: str | None) -> None:
        from psccore.i18n import Label
        from psccore.plugins import load_registry
        from psccore.scaffold import new_plugin

        label = Label(label_ja or f"新しい事業（{code}）",
                      label_en or code.replace("_", " ").capitalize())
        target = new_plugin(code, into, label, set(load_registry().programs))
        click.echo(T(f"{target} に書き出しました。次に:\n"
                     f"  pip install -e {target}\n  psc db upgrade\n"
                     f"  python -m pytest {target}",
                     f"Wrote {target}. Next:\n  pip install -e {target}\n  psc db upgrade\n"
                     f"  python -m pytest {target}"))

    return plugin
