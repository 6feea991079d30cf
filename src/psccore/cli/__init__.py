"""The ``psc`` command. Start-up stays light: a built-in command's module is imported
when that command is used (:mod:`psccore.cli.builtin` lists them, generated from the
commands), and plugin groups are listed from the command index
(:mod:`psccore.discovery`), so ``psc --help`` imports neither SQLAlchemy nor any
plugin, and ``psc PROGRAM …`` loads that program's plugin only."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
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
from psccore.cli.builtin import BUILTIN
from psccore.i18n import LANGS, Label, current_lang, language_scope, set_lang

HELP_WIDTH = 78  # click's help width on a terminal of 80 columns or more (and off one)


def help_width() -> int | None:
    """The width click would give help, found without importing ``shutil`` (which brings
    bz2 and lzma); None leaves it to click (as when its test runner forces one)."""
    from click import formatting

    if formatting.FORCED_WIDTH is not None:
        return None
    try:
        columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size(
            sys.__stdout__.fileno() if sys.__stdout__ else 1).columns
    except (ValueError, OSError):
        columns = 80
    return max(min(columns, 80) - 2, 50)


class RootGroup(PscGroup):
    """Built-in commands on demand, then the commands of each enabled plugin."""

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
            except (click.exceptions.Abort, EOFError, KeyboardInterrupt) as stop:
                code = _stopped(stop)
            except click.ClickException as error:
                report_click_error(error)
                code = error.exit_code
        if standalone_mode:
            sys.exit(code)
        return code

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*BUILTIN, *(n for n in _plugin_commands() if n not in BUILTIN)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in BUILTIN:
            from psccore.cli.catalog import make

            return make(BUILTIN[name][0])
        plugin = _index().provider(name)
        if plugin is None:
            return None
        ctx.ensure_object(State).only_plugins = frozenset({plugin})  # load that one only
        return _plugin_holder(ctx, plugin).commands.get(name)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        """``psc PROGRAM --help`` from the index: the plugin is not imported."""
        name = args[0] if args else ""
        if args[1:] == ["--help"] and name not in BUILTIN and ctx.terminal_width == HELP_WIDTH:
            text = _kept_help(ctx, name)
            if text is not None:
                return name, _CachedHelp(name, text), args[1:]
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = LANGS.index(current_lang())
        rows = [(name, row[1 + lang]) for name, row in BUILTIN.items()]
        plugin_rows = [(n, text) for n, text in _plugin_commands(ctx, lang).items()
                       if n not in BUILTIN]
        with formatter.section(T("コマンド", "Commands")):
            formatter.write_dl(rows)
        if plugin_rows:
            with formatter.section(T("事業（プラグイン）", "Programs (plugins)")):
                formatter.write_dl(plugin_rows)


NO_INPUT = Label(
    "入力が終わりました（標準入力が閉じているか空です）。何も保存していません。"
    "足りない項目はオプションか --data で指定してください。",
    "Input ended (standard input is closed or empty). Nothing was saved. Give what is "
    "missing with options or --data.")
INTERRUPTED = 130  # as shells report Ctrl-C: 128 + SIGINT
NO_INPUT_CODE = 2


def _stopped(stop: BaseException) -> int:
    """Ctrl-C (exit 130) or the end of input at a question (exit 2), said plainly;
    nothing was saved either way."""
    cause = stop.__context__ if isinstance(stop, click.exceptions.Abort) else stop
    if isinstance(cause, EOFError):
        click.echo(NO_INPUT.text(), err=True)
        return NO_INPUT_CODE
    if isinstance(cause, KeyboardInterrupt) or isinstance(stop, KeyboardInterrupt):
        click.echo(ABORTED.text(), err=True)
        return INTERRUPTED
    click.echo(ABORTED.text(), err=True)  # a "no" to a confirmation
    return 1


class _CachedHelp(click.Command):
    """Stands in for a plugin's command when only its help is asked for."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(name)
        self.text = text

    def get_help(self, ctx: click.Context) -> str:
        return self.text


def _index() -> Any:
    from psccore.discovery import command_index

    return command_index()


def _plugin_commands(ctx: click.Context | None = None, lang: int = 0) -> dict[str, str]:
    """Each enabled plugin's commands and one-line help. With ``ctx`` (for help), a
    plugin not yet in the index is described now, if the index can be kept; else its
    distribution's summary stands in."""
    index = _index()
    found: dict[str, str] = {}
    for entry in index.entries():
        described = index.commands(entry.name)
        if described is None and ctx is not None and index.kept:
            described = _describe(ctx, entry.name)
        if described is None:
            found[entry.name] = entry.summary
        else:
            found.update({n: c["summary"][lang] for n, c in described.items()})
    return found


def _describe(ctx: click.Context, plugin: str) -> dict[str, dict[str, list[str]]] | None:
    """Build the plugin's commands in each language, keeping their one-line and full
    help in the index; None when the plugin cannot be loaded (it is then warned about
    when used)."""
    from psccore.cli.catalog import summary

    found: dict[str, dict[str, list[str]]] = {}
    try:
        for lang in LANGS:
            with language_scope():
                set_lang(lang)
                state = State()
                state.only_plugins = frozenset({plugin})
                with click.Context(ctx.command, info_name=ctx.info_name, obj=state,
                                   terminal_width=HELP_WIDTH) as root:
                    for name, command in _plugin_holder(root, plugin).commands.items():
                        texts = found.setdefault(name, {"summary": [], "help": []})
                        texts["summary"].append(summary(command))
                        with click.Context(command, info_name=name, parent=root) as sub:
                            texts["help"].append(command.get_help(sub))
    except Exception:  # a broken plugin: listed by its distribution's summary
        return None
    _index().describe(plugin, found)
    return found


def _kept_help(ctx: click.Context, name: str) -> str | None:
    """A plugin command's help from the index (described now if it is not yet there)."""
    index = _index()
    plugin = index.provider(name)
    if plugin is None:
        return None
    described = index.commands(plugin)
    if described is None and index.kept:
        described = _describe(ctx, plugin)
    if described is None or name not in described:
        return None
    text: str = described[name]["help"][LANGS.index(current_lang())]
    return text


def _plugin_holder(ctx: click.Context, plugin: str) -> click.Group:
    """A group holding what the plugin's ``psc_register_commands`` adds."""
    state = ctx.ensure_object(State)
    holder = PscGroup(name="psc")  # plugin groups made on it inherit localised help
    state.registry().hooks.commands(holder, plugin)
    return holder


def build_cli() -> click.Group:
    """The root ``psc`` group (built in a function: no state at import time)."""

    @click.group(
        cls=RootGroup,
        context_settings={"terminal_width": help_width()},
        help=T(
            "パーソナルサポートセンターの相談・就労支援の記録と報告。\n\n"
            "初めて使うとき: `psc init --admin ログイン名 --name 氏名`\n\n"
            "\b\n入力の書き方:\n"
            "  相談者・ケース・事業所・職員: 名前・フリガナ（空白・全角半角・かなの種類は問わない）・\n"
            "    電話番号・番号\n"
            "  選択肢: 日本語・英語の名称かその一部、またはコード\n"
            "  一覧: 「、」かカンマ区切り、またはオプションの繰り返し\n"
            "  日付: 2026-04-01・R8.4.1・令和8年4月1日　年度: 2026・R8・令和8年度\n"
            "  月: 2026-04・R8.4・令和8年4月",
            "Records and reports for employment and life support.\n\n"
            "First use: `psc init --admin LOGIN --name NAME`\n\n"
            "How to type answers: people, cases, employers and staff by name, kana (any "
            "spacing, width or script), phone or number; choices by their Japanese or "
            "English label, a clear part of one, or the code; lists separated by commas or "
            "「、」, or the option repeated; dates as 2026-04-01, R8.4.1 or 令和8年4月1日; "
            "fiscal years as 2026, R8 or 令和8年度; months as 2026-04, R8.4 or 令和8年4月.",
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
    if sys.stdin is None:  # started with standard input closed (`psc … <&-`)
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (kept for the run)
    prescan_lang(args)
    build_cli().main(args, prog_name="psc")
    sys.exit(0)


def run() -> NoReturn:
    """The ``psc`` script: :func:`main`, then the process ends without the interpreter's
    teardown. Exit handlers run and output is flushed as at any exit, and the database
    was closed when the command ended; only the freeing of every module, class and
    object one by one is skipped (the system takes the memory back at once), which was
    a fifth of a short command's CPU time (docs/performance.md).

    The collector's first threshold is raised from 700 to 50,000 allocations: start-up
    makes some 70,000 tracked objects that live as long as the process (modules,
    classes, tables), and a collection every 700 allocations (some 140 in ``psc case
    show``) went over them again and again, freeing almost nothing."""
    import gc

    gc.set_threshold(50_000, 10, 10)
    code: str | int | None = 0
    try:
        main()
    except SystemExit as done:
        code = done.code
    finish(code)


def finish(code: str | int | None) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, skipping the interpreter's teardown
    unless a thread other than this one is still running (which an exit waits for)."""
    import atexit
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()  # logging's flush and any other exit handler, as at an exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # e.g. `psc … | head` left early: CPython exits with 120 then too
        code = code or 120
    os._exit(code or 0)


__all__ = ["BUILTIN", "build_cli", "main", "run"]
