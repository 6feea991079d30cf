"""``psc programs`` and ``psc plugin``: the programs installed, and a new program's plugin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psccore.cli.base import PscCommand, PscGroup, T, emit_json, json_option, state, table
from psccore.cli.catalog import about

if TYPE_CHECKING:
    from psccore.domain.program import Program


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
             "menu": [m.kind for m in registry.menu if m.program == p.code],
             "menu_labels": [m.label.text() for m in registry.menu if m.program == p.code]}
            for p in registry.programs.values()
        ]
        if as_json:
            emit_json(rows)
            return
        table([T("コード", "code"), T("事業", "program"), T("受付項目", "intake fields"),
               T("支援メニュー", "support menu")],
              [(r["code"], r["ja"] if T("ja", "en") == "ja" else r["en"],
                len(r["intake_fields"]), ", ".join(r["menu_labels"])) for r in rows])

    return programs


def _show_program(program: Program, as_json: bool) -> None:
    """One program's intake fields, from its field descriptions: each field's shape (a
    choice with its labels, a list, a nested record field by field) with an example as
    staff would type it after ``--set``."""
    from psccore.domain.fields import FieldSpec

    specs = program.fields()
    if as_json:
        emit_json(specs)
        return
    rows: list[tuple[Any, ...]] = []

    def add(spec: FieldSpec, indent: str) -> None:
        rows.append((indent + spec.name, spec.label.text(), shape(spec), spec.required,
                     example(spec), spec.sensitive))
        for sub in spec.fields:
            add(sub, indent + "  ")

    for spec in specs:
        add(spec, "")
    click.echo(f"{program.code}: {program.label.text()}")
    table([T("項目", "field"), T("名称", "label"), T("形式", "shape"), T("必須", "required"),
           T("例（--set 項目=例）", "example (--set field=example)"), T("要配慮", "sensitive")],
          rows)
    click.echo(T("選択肢はコードでも日本語でも、一覧は「、」か「,」区切りで入力できます。"
                 "入れ子の項目は端末で一つずつ尋ねます。",
                 "Choices take their code or label; lists are comma-separated; nested "
                 "fields are asked one by one at a terminal."))


_KINDS = {"text": ("文字列", "text"), "int": ("整数", "whole number"),
          "decimal": ("数値", "number"), "bool": ("はい／いいえ", "yes/no"),
          "date": ("日付", "date"), "choice": ("選択", "choice"),
          "record": ("項目の組", "record")}


def shape(spec: Any) -> str:
    """``選択: 本人・家族／区役所…`` or ``一覧（、区切り）: 文字列``."""
    kind = T(*_KINDS.get(spec.kind, (spec.kind, spec.kind)))
    if spec.choices:
        kind += ": " + "／".join(c.label.text() for c in spec.choices)
    if spec.many and spec.kind == "record":
        kind = T("項目の組の一覧（端末では一件ずつ尋ねます。--set では JSON）",
                 "list of records (asked one by one at a terminal; JSON with --set)")
    elif spec.many:
        kind = T("一覧（、区切り）の", "list of ") + kind
    return kind


def example(spec: Any) -> str:
    """The field's example value written as staff type it."""
    value = spec.example
    if value is None or spec.kind == "record":
        return "-"
    labels = {c.value: c.label.text() for c in spec.choices}
    values = value if isinstance(value, list | tuple) else [value]
    shown = [labels.get(str(v), str(v)) if not isinstance(v, bool)
             else T("はい", "yes") if v else T("いいえ", "no") for v in values]
    return "、".join(shown) if T("ja", "en") == "ja" else ", ".join(shown)


def plugin_group() -> click.Group:
    @click.group(cls=PscGroup, help=about(
        "新しい事業のプラグインを作ります", "make a plugin for a new program",
        "入っている事業（プラグイン）の一覧は psc programs です。",
        "The programs (plugins) installed: psc programs."))
    def plugin() -> None:
        pass

    @plugin.command(help=about(
        "新しい事業のプラグイン一式を書き出します", "write a complete plugin for a new program",
        "登録・インテーク・プランのステップ・記録とそのコマンド・報告の節・移行・テスト・README。"
        "例: psc plugin new temp_lodging --record stay/宿泊 --field nights:int=1..90/泊数",
        "Registration, intake, a plan step, a record with its commands, a report section, a "
        "migration branch, tests, README. "
        "E.g. psc plugin new temp_lodging --record stay --field nights:int=1..90"))
    @click.argument("code")
    @click.option("--into", type=click.Path(path_type=Path), default=Path("."),
                  help=T("書き出す先のフォルダ（既定: 今のフォルダ）", "folder to write into"))
    @click.option("--label-ja", help=T("事業名（日本語）", "the program's Japanese name"))
    @click.option("--label-en", help=T("事業名（英語）", "the program's English name"))
    @click.option("--record", metavar="NAME[/名称]", help=T(
        "事業が記録するもの（既定: activity/活動）。例: stay/宿泊",
        "what the program records (default: activity). E.g. stay/宿泊"))
    @click.option("--field", "fields", multiple=True, metavar="NAME:TYPE[?][=ARG][/名称]",
                  help=T("記録の項目（繰り返し可）。形式: text, int（=1..90）, date, decimal, bool, "
                         "choice=code(名称),…, sensitive（要配慮）。? で任意",
                         "a field of the record (repeatable). Types: text, int (=1..90), date, "
                         "decimal, bool, choice=code(名称),…, sensitive; ? makes it optional"))
    def new(code: str, into: Path, label_ja: str | None, label_en: str | None,
            record: str | None, fields: tuple[str, ...]) -> None:
        from psccore.i18n import Label
        from psccore.plugins import load_registry
        from psccore.scaffold import DEFAULT_RECORD, new_plugin, parse_record

        label = Label(label_ja or f"新しい事業（{code}）",
                      label_en or code.replace("_", " ").capitalize())
        described = parse_record(record or DEFAULT_RECORD[0], fields or (
            () if record else DEFAULT_RECORD[1]))
        target = new_plugin(code, into, label, set(load_registry().programs), described)
        click.echo(T(f"{target} に書き出しました。次に:\n"
                     f"  pip install -e {target}\n  psc db upgrade\n"
                     f"  python -m pytest {target}",
                     f"Wrote {target}. Next:\n  pip install -e {target}\n  psc db upgrade\n"
                     f"  python -m pytest {target}"))

    return plugin
