"""What every command shares: language, state, error handling, output."""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from psccore.errors import InvalidInput, PscError
from psccore.i18n import Label, current_lang, set_lang

if TYPE_CHECKING:
    from psccore.app import Psc
    from psccore.plugins import Registry

F = TypeVar("F", bound=Callable[..., Any])

INTERNAL_ERROR = Label(
    "予期しないエラーが起きました（{error}）。処理中の変更は取り消されていますが、"
    "表示の途中だった場合は保存済みのことがあります。PSC_DEBUG=1 を付けて再実行すると詳細が表示されます。",
    "An unexpected error occurred ({error}). A change in progress was rolled back; if the "
    "error came while printing, the change may have been saved. PSC_DEBUG=1 shows details.",
)
ABORTED = Label("中止しました。変更は保存されていません。", "Aborted. Nothing was saved.")


def T(ja: str, en: str) -> str:
    """Text in the language in force when the command is built."""
    return ja if current_lang() == "ja" else en


def prescan_lang(args: Sequence[str]) -> None:
    """Read ``--lang`` before the CLI is built, so even the root help is translated."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("ja", "en"):
            set_lang(value)


def hoist_lang(args: Sequence[str]) -> list[str]:
    """``psc case list --lang en`` works as ``psc --lang en case list``: the language is
    the root's option, but staff add it at the end."""
    rest, chosen = [], None
    i = 0
    while i < len(args):
        arg = args[i]
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("ja", "en"):
            chosen = value
            i += 1 if arg.startswith("--lang=") else 2
            continue
        rest.append(arg)
        i += 1
    return ["--lang", chosen, *rest] if chosen else rest


class State:
    """Per-invocation state; opens the database and plugins only when asked."""

    def __init__(self) -> None:
        self.staff: str | None = None
        self.database_url: str | None = None
        self.only_plugins: frozenset[str] | None = None  # a plugin's command: just that one
        self._psc: Psc | None = None
        self._registry: Registry | None = None

    def registry(self) -> Registry:
        if self._registry is None:
            from psccore.plugins import load_registry, warn_broken

            self._registry = load_registry(only=self.only_plugins)
            warn_broken(self._registry.broken)
        return self._registry

    def psc(self) -> Psc:
        if self._psc is None:
            from psccore.app import Psc

            self._psc = Psc.open(self.database_url, staff=self.staff, registry=self.registry())
            context = click.get_current_context(silent=True)
            if context is not None:  # closed when the command ends, not at teardown
                context.find_root().call_on_close(self._close)
        return self._psc

    def _close(self) -> None:
        if self._psc is not None:
            self._psc.close()
            self._psc = None


def state() -> State:
    return click.get_current_context().ensure_object(State)


def office_today() -> Any:
    """Today at the office (its time zone, its clock), not the server's day: what every
    "today" of a command means."""
    return state().psc().today()


class _Localised:
    """Headings and click's own words in the language in force."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = T("このヘルプを表示して終了", "Show this message and exit.")
        return option  # type: ignore[no-any-return]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), T("使い方: ", "Usage: "))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        told = [(p.make_metavar(ctx), described) for p in params
                if isinstance(p, click.Argument) and (described := _argument_help(p))]
        if told:
            with formatter.section(T("引数", "Arguments")):
                formatter.write_dl(told)
        rows = [(_help_name(p, r[0]), _help_text(p, r[1])) for p in params
                if not isinstance(p, click.Argument) and (r := p.get_help_record(ctx))]
        if rows:
            with formatter.section(T("オプション", "Options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except InvalidInput as exc:
            fail(as_typed(exc, ctx).text(), exc.exit_code)
        except PscError as exc:
            fail(exc.text(), exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            fail(ABORTED.text(), 130)
        except BrokenPipeError:  # `psc … | head`: the reader left; nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if os.environ.get("PSC_DEBUG"):
                raise
            fail(INTERNAL_ERROR.format(error=type(exc).__name__), 70)


#: Fields whose option is named otherwise than the field (used only where the command
#: has that option).
FIELD_OPTIONS = {"period_start": "--from", "period_end": "--to", "autonomy_stage": "--stage",
                 "long_term_goal": "--goal", "assessed_on": "--on", "held_on": "--on",
                 "evaluated_on": "--on", "recorded_on": "--on", "start_on": "--from",
                 "end_on": "--to", "valid_from": "--from", "valid_until": "--until",
                 "ratings": "--rate", "barriers": "--barrier", "steps": "--step",
                 "opened_on": "--on", "closed_on": "--on", "stipend_per_day": "--stipend",
                 "staff": "--to"}


def as_typed(exc: InvalidInput, ctx: click.Context) -> InvalidInput:
    """The problems named first by the option the staff member used (``--to``), then
    by the field's path (``$.period_end``, which scripts match); paths no option stands
    for are kept as they are."""
    options: dict[str, str] = {}
    for param in ctx.command.params:
        if isinstance(param, click.Argument) and param.name:
            options.setdefault(param.name, param.human_readable_name)
        if isinstance(param, click.Option) and param.name:
            longest = max(param.opts, key=len)
            options.setdefault(param.name, longest)
            options.setdefault(longest.lstrip("-").replace("-", "_"), longest)
    offered = {o for p in ctx.command.params for o in getattr(p, "opts", [])}
    for field, option in FIELD_OPTIONS.items():
        if option in offered:
            options.setdefault(field, option)

    def renamed(path: str) -> str:
        if not path.startswith("$."):
            return path
        head, sep, rest = path[2:].partition(".")
        key, bracket, index = head.partition("[")
        option = options.get(key)
        if option is None:
            return path
        typed = option + (bracket + index if bracket else "") + (sep + rest if sep else "")
        return f"{typed} {path}"  # the field too, as scripts match it

    changed = [p._replace(path=renamed(p.path)) for p in exc.problems]
    copy = InvalidInput(changed)
    copy.message = exc.message
    return copy


def fail(message: str, code: int) -> None:
    click.echo(printable(message), err=True)
    raise click.exceptions.Exit(code)


#: Options that take a date (written 2026-04-01, R8.4.1 or 令和8年4月1日).
DATE_OPTIONS = frozenset({
    "on", "held_on", "start_on", "end_on", "valid_from", "valid_until", "since", "until",
    "period_start", "period_end", "today", "start", "end", "sent_on", "paid_on", "next_on",
    "started_on", "ended_on", "left_on", "opened_on", "closed_on", "birth_date"})


def _argument_help(param: click.Argument) -> str:
    """What an argument stands for: its own help, or what its type takes (a case by
    number or name …); nothing for an argument the usage line says enough of."""
    described = getattr(param.type, "stands_for", None)
    return param.help or (T(*described) if described else "")


def _help_name(param: click.Parameter, text: str) -> str:
    """``--on 日付`` rather than ``--on TEXT`` for an option that takes a date."""
    if (isinstance(param, click.Option) and param.name in DATE_OPTIONS
            and param.type is click.STRING and param.metavar is None):
        return text.replace(" TEXT", " " + T("日付", "DATE"))
    if current_lang() == "ja" and isinstance(param, click.Option) and param.metavar is None:
        for english, japanese in _METAVARS_JA:  # click's own names of what an option takes
            if text.endswith(english):
                return text.removesuffix(english) + japanese
    return text


_METAVARS_JA = ((" INTEGER RANGE", " 整数"), (" INTEGER", " 整数"), (" FLOAT RANGE", " 数値"),
                (" FLOAT", " 数値"), (" TEXT", " 文字"), (" PATH", " ファイル"),
                (" FILE", " ファイル"), (" DIRECTORY", " フォルダ"))


def _help_text(param: click.Parameter, text: str) -> str:
    """An option's help with click's notes in the language in force, and the list form
    named where a repeatable choice takes one."""
    if (isinstance(param, click.Option) and param.multiple
            and getattr(param.type, "splits_lists", False) and "、" not in text
            and "comma" not in text):
        note = T("（、区切りで複数可・繰り返し可）", " (a comma list, or repeated)")
        text = text.replace("（繰り返し可）", "").replace(" (repeatable)", "")
        text = f"{text}{note}" if "  [" not in text else text.replace("  [", f"{note}  [", 1)
    coded = getattr(param.type, "coded", None)
    if coded is not None and isinstance(param.default, str) and param.default in {
            m.value for m in coded}:
        label = coded(param.default).label.text()
        text = text.replace(f"[default: {param.default}", f"[default: {label}")
    if current_lang() == "ja":
        import re

        text = re.sub(r"\[default: (.*?)(; required)?\]",
                      lambda m: f"［既定: {m.group(1)}{'・必須' if m.group(2) else ''}］", text)
        text = text.replace("[required]", "［必須］")
    return text


class ListOption(click.Option):
    """A repeatable option whose type reads lists (``splits_lists``): each value may
    itself be a ``、``- or comma-separated list (``--category 基本情報、職歴``)."""

    def type_cast_value(self, ctx: click.Context, value: Any) -> Any:
        if self.multiple and isinstance(value, list | tuple):
            from psccore.domain.names import split_list

            value = tuple(part for v in value
                          for part in (split_list(v) if isinstance(v, str) else [v]))
        return super().type_cast_value(ctx, value)


def _lists_split(params: Iterable[click.Parameter]) -> None:
    for param in params:
        if (type(param) is click.Option and param.multiple
                and getattr(param.type, "splits_lists", False)):
            param.__class__ = ListOption


class PscCommand(_Localised, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lists_split(self.params)


class PscGroup(_Localised, click.Group):
    command_class = PscCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lists_split(self.params)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, cmd.get_short_help_str(60)) for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if rows:
            with formatter.section(T("コマンド", "Commands")):
                formatter.write_dl(rows)


PscGroup.group_class = PscGroup


def json_option(f: F) -> F:
    """A ``--json`` flag (parameter ``as_json``): the command prints JSON instead."""
    return click.option("--json", "as_json", is_flag=True,
                        help=T("JSONで出力", "print JSON"))(f)


# --- output -----------------------------------------------------------------------

#: Control characters (but tab and line feed) shown as escapes, never sent to a terminal
#: (ESC would drive it: colours, titles, cursor moves; CR would overwrite a line).
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))
            if c not in (0x09, 0x0A)}


def printable(text: str) -> str:
    """``text`` safe to print: control characters and undecodable parts escaped."""
    text = text.translate(_ESCAPES)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, from bytes that were no UTF-8
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def emit_json(data: Any) -> None:
    """Print ``data`` (domain objects too, through :func:`psccore.unstructure`) as JSON."""
    from psccore.domain.convert import unstructure

    click.echo(json.dumps(unstructure(data), ensure_ascii=False, indent=2, default=str))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _help_width(text: str) -> int:
    from click._compat import strip_ansi

    return width(strip_ansi(text))


# click lays out help (options and their text) by characters; Japanese choices such as
# [支援中|終結] take two columns each, so help is measured by display width instead.
click.formatting.term_len = _help_width  # type: ignore[attr-defined,assignment]


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, err: bool = False) -> None:
    """An aligned table; wide (Japanese) characters count as two columns (``err``: on
    standard error, leaving standard output for the answer)."""
    cells = [[_cell(v) for v in row] for row in rows]
    sizes = [max([width(h), *(width(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    click.echo("  ".join(pad(h, s) for h, s in zip(headers, sizes, strict=True)).rstrip(),
               err=err)
    click.echo("  ".join("-" * s for s in sizes), err=err)
    for row in cells:
        click.echo("  ".join(pad(c, s) for c, s in zip(row, sizes, strict=True)).rstrip(),
                   err=err)


def cut_notice(shown: int, total: int | None, option: str) -> None:
    """Say that a list was cut short, how much of it is shown, and how to see more
    (``total`` None: more exist, uncounted)."""
    if total is not None and total <= shown:
        return
    if total is None:
        click.echo(T(f"（先頭の {shown:,} 件を表示。ほかにもあります。{option} で件数を増やすか、"
                     "条件で絞り込んでください）",
                     f"(first {shown:,} shown; there are more: raise {option} or narrow "
                     "the search)"), err=True)
    else:
        click.echo(T(f"（{total:,} 件中 {shown:,} 件を表示。{option} {total} ですべて表示、"
                     "または条件で絞り込んでください）",
                     f"({shown:,} of {total:,} shown: {option} {total} shows all, or "
                     "narrow the search)"), err=True)


def record(pairs: Iterable[tuple[str, Any]]) -> None:
    """Print one record as aligned ``label  value`` lines: ``-`` for no value, a
    :class:`psccore.Label` in the user's language, a date with its era in Japanese."""
    items = [(k, _cell(v)) for k, v in pairs]
    size = max((width(k) for k, _ in items), default=0)
    for key, value in items:
        click.echo(f"{pad(key, size)}  {value}")


def describe(value: Any) -> Any:
    """What staff should read for a stored value: labels for codes, fields for objects."""
    import attrs

    from psccore.domain.rules import info

    label = getattr(value, "label", None)
    if isinstance(label, Label):
        return label
    if attrs.has(type(value)):
        parts = []
        for attribute in attrs.fields(type(value)):
            shown = describe(getattr(value, attribute.name))
            if shown is not None and shown != []:
                name = found.label.text() if (found := info(attribute)) else attribute.name
                parts.append(f"{name}: {_cell(shown)}")
        return " / ".join(parts)
    if isinstance(value, list):
        return [describe(v) for v in value]
    return value


def describe_answers(answers: Mapping[str, Any], cls: type) -> list[tuple[str, Any]]:
    """``(label, value)`` of each field of an intake class as :func:`describe` shows it,
    read from the answers as stored (plain JSON) without building the object (which
    would bring cattrs into a command that only shows a case)."""
    import attrs

    from psccore.domain.rules import info

    return [(found.label.text() if (found := info(a)) else a.name,
             _described(_stored(answers, a), a.type)) for a in attrs.fields(cls)]


def _stored(answers: Mapping[str, Any], attribute: Any) -> Any:
    """A stored answer, or the field's default when it was stored without it."""
    import attrs

    if attribute.name in answers:
        return answers[attribute.name]
    default = attribute.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return None if default is attrs.NOTHING else default


def _described(value: Any, kind: Any) -> Any:
    """:func:`describe` of a stored value as a field of type ``kind`` would hold it."""
    import datetime as dt
    import enum
    import types
    import typing

    import attrs

    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _described(value, inner[0]) if len(inner) == 1 else value
    if origin is list and len(args) == 1 and isinstance(value, list):
        return [_described(v, args[0]) for v in value]
    if not isinstance(kind, type):
        return value
    if issubclass(kind, enum.Enum):
        try:
            return describe(kind(value))
        except ValueError:
            return value
    if kind is dt.date and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if attrs.has(kind) and isinstance(value, dict):
        attrs.resolve_types(kind)
        parts = [f"{label}: {_cell(shown)}" for label, shown in describe_answers(value, kind)
                 if shown is not None and shown != []]
        return " / ".join(parts)
    return value


def _cell(value: Any) -> str:
    import datetime as dt

    if value is None:
        return "-"
    if isinstance(value, Label):
        return value.text()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        if current_lang() == "ja":
            from psccore.dates import format_era

            return f"{value.isoformat()}（{format_era(value)}）"
        return value.isoformat()
    if isinstance(value, bool):
        return T("はい", "yes") if value else T("いいえ", "no")
    if isinstance(value, list | tuple):  # 自立相談支援事業、就労準備支援事業
        return T("、", ", ").join(_cell(v) for v in value) or "-"
    return printable(str(value))


def echo_ok(message: str) -> None:
    """Print the message that a command did what was asked (give it in both languages
    with :func:`T`)."""
    click.echo(printable(message))



# click's own messages, for the ones staff meet most.
_CLICK_JA = [
    (r"Missing argument '([^']+)'\.", r"引数 \1 を指定してください。"),
    (r"Missing option '([^']+)'\.", r"オプション \1 を指定してください。"),
    (r"Missing option '([^']+)' / '([^']+)'\.", r"オプション \1（\2）を指定してください。"),
    (r"No such option: (.+)", r"そのようなオプションはありません: \1"),
    (r"No such option '([^']+)'\. Did you mean '([^']+)'\?",
     r"そのようなオプションはありません: \1（\2 のことですか？）"),
    (r"No such option '([^']+)'\. \(Possible options: (.+)\)",
     r"そのようなオプションはありません: \1（候補: \2）"),
    (r"No such option '([^']+)'\.?", r"そのようなオプションはありません: \1"),
    (r"No such command '([^']+)'\. Did you mean '([^']+)'\?",
     r"そのようなコマンドはありません: \1（\2 のことですか？）"),
    (r"Invalid value for '(.+)': '(.*)' is not a valid integer range\.",
     r"\1 の値 '\2' は整数ではありません。"),
    (r"Invalid value for '(.+)': (.+) is not in the range (.+)\.",
     r"\1 の値 \2 は範囲 \3 の外です。"),
    (r"Invalid value for '(.+)': '(.*)' is not a valid float( range)?\.",
     r"\1 の値 '\2' は数値ではありません。"),
    (r"Invalid value for '(.+)': '(.*)' is not a valid boolean\.",
     r"\1 の値 '\2' は はい／いいえ ではありません。"),
    (r"Invalid value for '(.+)': (?:File|Path|Directory) '(.*)' does not exist\.",
     r"\1: '\2' がありません。"),
    (r"Invalid value for '(.+)': (?:File|Path) '(.*)' is a directory\.",
     r"\1: '\2' はフォルダです。"),
    (r"Option '(.+)' does not take a value\.", r"オプション \1 には値を付けません。"),
    (r"Error: (.+)", r"\1"),
    (r"No such command '(.+)'\.", r"そのようなコマンドはありません: \1"),
    (r"Got unexpected extra arguments? \((.+)\)", r"余分な引数があります: \1"),
    (r"Option '(.+)' requires an argument\.", r"オプション \1 には値が必要です。"),
    (r"Invalid value for '(.+)': '(.*)' is not a valid integer\.",
     r"\1 の値 '\2' は整数ではありません。"),
    (r"Invalid value for '(.+)': '(.*)' is not one of (.+)\.",
     r"\1 の値 '\2' は使えません。次のいずれかです: \3"),
    (r"Missing option '(.+)'\. Choose from:\s*(.+)", r"オプション \1 を指定してください。選択肢: \2"),
    (r"Invalid value for '(.+)': (.+)", r"\1 の値が正しくありません: \2"),
]


def click_message(message: str) -> str:
    import re

    if current_lang() == "ja":
        for pattern, replacement in _CLICK_JA:
            if re.fullmatch(pattern, message, flags=re.DOTALL):
                return re.sub(pattern, replacement, message, flags=re.DOTALL)
    return message


def report_click_error(error: click.ClickException) -> None:
    """click's usage errors, in the user's language."""
    if isinstance(error, click.UsageError) and error.ctx is not None:
        click.echo(error.ctx.get_usage(), err=True)
        hint = f"{error.ctx.command_path} --help"
        click.echo(T(f"'{hint}' でヘルプを表示します。", f"Try '{hint}' for help."), err=True)
    click.echo(T("エラー: ", "Error: ") + printable(click_message(error.format_message())),
               err=True)
