"""``psc person``: register, show, find and correct people."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import attrs
import click

from psccore.cli.base import PscGroup, T, cut_notice, emit_json, json_option, record, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import prompt_for, read_data
from psccore.cli.names import PERSON, PERSON_CONFIRMED, employer_name, program_names
from psccore.domain.people import Person
from psccore.domain.rules import field_label

PERSON_FIELDS = ("name", "kana", "birth_date", "phone", "email", "postal_code", "ward", "address")


def show_person(person: Person) -> None:
    record([("ID", person.id)] + [(field_label(Person, f).text(), getattr(person, f))
                                  for f in PERSON_FIELDS]
           + [(T("版", "version"), person.version)])


def _confirm_not_duplicate(candidates: list[Person]) -> bool:
    """At a terminal: show people who may be the same, and ask."""
    if not candidates:
        return False
    click.echo(T("同じ人がすでに登録されている可能性があります:",
                 "This person may already be registered:"))
    table(["ID", T("氏名", "name"), T("フリガナ", "kana"), T("生年月日", "birth date")],
          [(p.id, p.name, p.kana, p.birth_date) for p in candidates])
    if not click.confirm(T("別人として登録しますか？", "Register as a different person?")):
        raise click.exceptions.Abort()
    return True


def person_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("相談者の登録・表示・検索", "people supported"))
    def person() -> None:
        pass

    @person.command(help=T(
        "相談者を登録します。端末では足りない項目を順に尋ねます。",
        "register a person; at a terminal, asks for what is missing",
    ))
    @click.option("--name", help=T("氏名", "name"))
    @click.option("--kana", help=T("フリガナ", "name in kana"))
    @click.option("--birth-date", help=T("生年月日（2001-04-01、平成13年4月1日、H13.4.1）",
                                         "birth date (2001-04-01, H13.4.1)"))
    @click.option("--phone", help=T("電話番号", "phone"))
    @click.option("--email", help=T("メールアドレス", "e-mail"))
    @click.option("--postal-code", help=T("郵便番号", "postal code"))
    @click.option("--ward", help=T("区・市町村", "ward / municipality"))
    @click.option("--address", help=T("住所", "address"))
    @click.option("--data", "data_file", type=click.Path(path_type=Path),
                  help=T("JSONファイルから読み込む", "read from a JSON file"))
    @click.option("-i", "--interactive", is_flag=True,
                  help=T("足りない項目を尋ねる", "ask for missing fields"))
    @click.option("--allow-duplicate", is_flag=True,
                  help=T("似た人が登録済みでも登録する", "register even if someone alike exists"))
    @json_option
    def add(data_file: Path | None, interactive: bool, allow_duplicate: bool, as_json: bool,
            **options: Any) -> None:
        data = read_data(data_file, ())
        data.update({k: v for k, v in options.items() if v is not None})
        missing = not {"name", "kana"} <= data.keys()
        if interactive or (sys.stdin.isatty() and missing and not data_file):
            data = prompt_for(Person, data)
        psc = state().psc()
        if not allow_duplicate and sys.stdin.isatty():
            allow_duplicate = _confirm_not_duplicate(psc.possible_duplicates(data))
        created = psc.add_person(data, allow_duplicate=allow_duplicate)
        if as_json:
            emit_json(created)
        else:
            click.echo(T(f"相談者を登録しました（ID {created.id}）", f"Registered person {created.id}"))
            show_person(created)

    @person.command(help=T("相談者を表示します", "show a person"))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @json_option
    def show(person_id: int, as_json: bool) -> None:
        psc = state().psc()
        found = psc.get_person(person_id)
        cases = psc.list_cases(person_id=person_id)
        if as_json:
            emit_json({"person": found, "cases": [attrs.asdict(c.case) for c in cases]})
            return
        show_person(found)
        if cases:
            click.echo()
            table([T("ケース", "case"), T("状態", "status"), T("受付日", "opened"),
                   T("事業", "programs")],
                  [(c.case.id, c.case.status.label, c.case.opened_on, program_names(c.programs))
                   for c in cases])

    @person.command(help=T(
        "氏名・フリガナ・電話番号で検索します（空白の有無・全角半角・ひらがなも可）",
        "find by name, kana or phone (any spacing, width or script)"))
    @click.argument("text")
    @click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True,
                  help=T("表示する最大件数", "most to show"))
    @json_option
    def find(text: str, limit: int, as_json: bool) -> None:
        found = state().psc().search(text, limit)
        people = [hit.person for hit in found.people]
        if as_json:
            emit_json(people)
            return
        if not people:
            click.echo(T("見つかりませんでした", "No one found"))
            return
        table(["ID", T("氏名", "name"), T("フリガナ", "kana"), T("生年月日", "birth date"),
               T("区", "ward"), T("電話", "phone")],
              [(p.id, p.name, p.kana, p.birth_date, p.ward, p.phone) for p in people])
        cut_notice(len(found.people), None if found.capped else found.total, "--limit")

    @person.command(help=T("相談者の情報を訂正します", "correct a person's details"))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                  help=T("変更する項目（繰り返し可）", "field to change (repeatable)"))
    @click.option("--version", "expected_version", type=int,
                  help=T("読み込んだ時の版（他の人の変更を上書きしないため）",
                         "version you read (so others' edits are not overwritten)"))
    @json_option
    def edit(person_id: int, sets: tuple[str, ...], expected_version: int | None,
             as_json: bool) -> None:
        changes = read_data(None, sets)
        if not changes:
            click.echo(T("変更する項目がありません（--set 項目=値）", "Nothing to change (--set KEY=VALUE)"))
            return
        changed = state().psc().update_person(person_id, changes, expected_version)
        if as_json:
            emit_json(changed)
        else:
            click.echo(T(f"更新しました（版 {changed.version}）", f"Updated (version {changed.version})"))
            show_person(changed)

    @person.command(help=T("この人の情報を第三者に提供した記録", "every disclosure about this person"))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @json_option
    def disclosures(person_id: int, as_json: bool) -> None:
        found = state().psc().list_disclosures(person_id)
        if as_json:
            emit_json(found)
            return
        if not found:
            click.echo(T("提供の記録はありません", "No disclosures"))
            return
        table([T("日付", "date"), T("提供先", "recipient"), T("同意", "consent"),
               T("書類", "document"), T("提供した項目", "items")],
              [(d.on.isoformat(), d.organisation or employer_name(d.employer_id),
                d.consent_id, d.document, ", ".join(d.items)) for d in found])

    @person.command(name="export", help=T(
        "この人について保有するすべての情報（提供記録を含む）をJSONで書き出します",
        "everything held about this person (disclosures included), as JSON"))
    @click.argument("person_id", type=PERSON_CONFIRMED, metavar="PERSON")
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                  help=T("出力ファイル（既定: 標準出力）", "output file (default: stdout)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    def export(person_id: int, output: Path | None, overwrite: bool) -> None:
        import json

        from psccore.cli.cases import write_private

        def text() -> str:
            return json.dumps(state().psc().export_person(person_id), ensure_ascii=False,
                              indent=2, default=str) + "\n"
        if output is None:
            click.echo(text(), nl=False)
        else:
            write_private(output, text, overwrite)

    @person.command(help=T(
        "保存期間の後、この人の情報を消去します（統計の件数は残ります）。既定は確認のみ。",
        "erase this person's data after the retention period (counts stay); "
        "a dry run unless --yes"))
    @click.argument("person_id", type=PERSON_CONFIRMED, metavar="PERSON")
    @click.option("--yes", "confirmed", is_flag=True, help=T("実際に消去する", "really erase"))
    @json_option
    def erase(person_id: int, confirmed: bool, as_json: bool) -> None:
        plan = state().psc().erase_person(person_id, dry_run=not confirmed)
        if as_json:
            emit_json(plan)
            return
        click.echo(T("消去しました:" if plan.done else "消去する場合の変更（確認のみ。--yes で実行）:",
                     "Erased:" if plan.done else "Would change (dry run; --yes to erase):"))
        table([T("記録", "records"), T("件数", "rows")], sorted(plan.changes.items()))

    @person.command(help=T("職歴を追加します", "add a job to the work history"))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @click.option("--employer", "employer_name", required=True, help=T("勤務先", "employer"))
    @click.option("--from", "started_on", required=True, help=T("開始", "from"))
    @click.option("--to", "ended_on", help=T("終了", "until"))
    @click.option("--duties", help=T("仕事内容", "duties"))
    @click.option("--type", "employment_type", help=T("雇用形態", "type of employment"))
    def job(person_id: int, **fields: str | None) -> None:
        state().psc().add_work_history(person_id, {k: v for k, v in fields.items() if v})
        click.echo(T("職歴を追加しました", "Added to the work history"))

    return person
