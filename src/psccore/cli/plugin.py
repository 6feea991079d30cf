"""``psc programs`` and ``psc plugin``: the programs installed, and a new program's plugin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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


def plugin_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("新しい事業のプラグインを作ります", "make a plugin for a new program"))
    def plugin() -> None:
        pass

    @plugin.command(help=T(
        "新しい事業のプラグイン一式（登録・インテーク・プランのステップ・記録とそのコマンド・"
        "報告の節・移行・テスト・README）を書き出します。"
        "例: psc plugin new temp_lodging --record stay/宿泊 --field nights:int=1..90/泊数",
        "write a complete plugin for a new program (registration, intake, a plan step, a "
        "record with its commands, a report section, a migration branch, tests, README). "
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
