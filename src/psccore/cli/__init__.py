"""The ``psc`` command. Start-up stays light: built-in command modules are
imported when used, and plugin groups are listed from entry-point metadata,
so ``psc --help`` imports neither SQLAlchemy nor any plugin."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from importlib.metadata import EntryPoint
from typing import Any, NoReturn

import click

from psccore.cli.base import (
    ABORTED,
    PscGroup,
    State,
    T,
    hoist_lang,
    prescan_lang,
    report_click_error,
)
from psccore.cli.catalog import BUILTIN
from psccore.i18n import language_scope, set_lang


class RootGroup(PscGroup):
    """Built-in commands on demand, then one group per enabled plugin."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """click's main, with its own messages (usage errors, aborts) translated."""
        args = hoist_lang(list(sys.argv[1:] if args is None else args))
        with language_scope():
            try:
                result = super().main(args, prog_name, complete_var, standalone_mode=False,
                                      **extra)
                code = result if isinstance(result, int) else 0
            except (click.exceptions.Abort, EOFError, KeyboardInterrupt):
                click.echo(ABORTED.text(), err=True)
                code = 1
            except click.ClickException as error:
                report_click_error(error)
                code = error.exit_code
        if standalone_mode:
            sys.exit(code)
        return code

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*BUILTIN, *(n for n in self._plugins() if n not in BUILTIN)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in BUILTIN:
            module, factory = BUILTIN[name][0].split(":")
            command: click.Command = getattr(importlib.import_module(module), factory)()
            return command
        if name in self._plugins():
            return self._plugin_command(ctx, name)
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, T(ja, en)) for name, (_, ja, en) in BUILTIN.items()]
        plugin_rows = [(n, _summary(ep)) for n, ep in self._plugins().items() if n not in BUILTIN]
        with formatter.section(T("コマンド", "Commands")):
            formatter.write_dl(rows)
        if plugin_rows:
            with formatter.section(T("事業（プラグイン）", "Programs (plugins)")):
                formatter.write_dl(plugin_rows)

    @staticmethod
    def _plugins() -> dict[str, EntryPoint]:
        from psccore.discovery import plugin_entry_points

        return {ep.name: ep for ep in plugin_entry_points()}

    def _plugin_command(self, ctx: click.Context, name: str) -> click.Command | None:
        state = ctx.ensure_object(State)
        holder = PscGroup(name="psc")  # plugin groups made on it inherit localised help
        state.registry().hooks.commands(holder, name)
        return holder.commands.get(name)


def _summary(ep: EntryPoint) -> str:
    dist = ep.dist
    return (dist.metadata["Summary"] or "") if dist is not None else ""


def build_cli() -> click.Group:
    """The root ``psc`` group (built in a function: no state at import time)."""

    @click.group(
        cls=RootGroup,
        help=T(
            "パーソナルサポートセンターの相談・就労支援の記録と報告。\n\n"
            "初めて使うとき: `psc init --admin ログイン名 --name 氏名`",
            "Records and reports for employment and life support.\n\n"
            "First use: `psc init --admin LOGIN --name NAME`",
        ),
    )
    @click.option("--lang", type=click.Choice(["ja", "en"]), envvar="PSC_LANG",
                  help=T("表示言語（既定: ja）", "language shown (default: ja)"))
    @click.option("--as", "staff", envvar="PSC_USER", metavar="LOGIN",
                  help=T("操作する職員のログイン名（PSC_USER）", "acting staff login (PSC_USER)"))
    @click.option("--database", envvar="PSC_DATABASE_URL", metavar="URL",
                  help=T("データベースURL（PSC_DATABASE_URL）", "database URL (PSC_DATABASE_URL)"))
    @click.version_option(package_name="psccore", prog_name="psc",
                          help=T("バージョンを表示して終了", "Show the version and exit."))
    @click.pass_context
    def psc(ctx: click.Context, lang: str | None, staff: str | None,
            database: str | None) -> None:
        if lang:
            set_lang(lang)
        state = ctx.ensure_object(State)
        state.staff, state.database_url = staff, database

    return psc


def main(argv: Sequence[str] | None = None) -> NoReturn:
    args = list(sys.argv[1:] if argv is None else argv)
    prescan_lang(args)
    build_cli().main(args, prog_name="psc")
    sys.exit(0)


__all__ = ["BUILTIN", "build_cli", "main"]
