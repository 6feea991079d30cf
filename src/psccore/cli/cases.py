"""``psc case``: open a case in a program, enroll it in more, show and list."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from psccore.cli.base import (
    PscGroup,
    T,
    describe,
    describe_answers,
    emit_json,
    json_option,
    record,
    state,
    table,
)
from psccore.cli.catalog import about
from psccore.cli.inputs import (
    by_label,
    choice_of,
    named_by_label,
    parse_on,
    prompt_for,
    read_data,
)
from psccore.cli.names import (
    CASE,
    CASE_CONFIRMED,
    OFFICE,
    PERSON,
    PROGRAM,
    STAFF,
    program_names,
    staff_names,
)
from psccore.domain.access import HIDDEN
from psccore.domain.cases import CaseStatus
from psccore.domain.catalogues import ClosureReason
from psccore.domain.consultation import CODE as CONSULTATION
from psccore.domain.program import NOT_INSTALLED
from psccore.domain.rules import info
from psccore.errors import InvalidInput

if TYPE_CHECKING:
    from psccore import CaseDetail


def _intake(program: str, data_file: Path | None, sets: tuple[str, ...],
            interactive: bool) -> dict[str, Any]:
    intake = state().psc().program(program).intake
    data = by_label(read_data(data_file, sets), intake)
    if interactive or (sys.stdin.isatty() and not data_file and not sets):
        data = prompt_for(intake, data)
    return data


@contextlib.contextmanager
def _intake_named(program: str) -> Iterator[None]:
    """A wrong intake answer named by its field's label (the --set key staff typed)."""
    try:
        yield
    except InvalidInput as exc:
        raise named_by_label(exc, state().psc().program(program).intake) from None


def write_private(output: Path, make: Callable[[], str], overwrite: bool = False) -> None:
    """Write a file readable by this user only (it holds a person's data); the export's
    audit rows are made in one transaction with the file, kept only if it was written."""
    from psccore.documents.files import check_target, write_atomically

    check_target(output, (".json",), overwrite=overwrite)
    psc = state().psc()
    with psc.kept_with():
        text = make()
        write_atomically(output, lambda path: path.write_text(text, encoding="utf-8"),
                         overwrite=overwrite)
    click.echo(T(f"書き出しました: {output}", f"Written: {output}"), err=True)


def show_case(detail: CaseDetail) -> None:
    psc = state().psc()
    case = detail.case
    record([
        (T("ケース", "case"), case.id),
        (T("相談者", "person"), f"{detail.person.name}（{detail.person.kana}） ID {detail.person.id}"),
        (T("状態", "status"), case.status.label),
        (T("担当", "caseworker"), detail.caseworker),
        (T("受付日", "opened on"), case.opened_on),
        (T("終結日", "closed on"), case.closed_on),
        (T("版（変更時に --version で指定）", "version (give it with --version to change)"),
         case.version),
    ])
    for enrollment in detail.enrollments:
        program = psc.programs.get(enrollment.program)
        title = program.label.text() if program else NOT_INSTALLED.format(code=enrollment.program)
        click.echo(f"\n[{title}] {T('利用開始', 'since')} {enrollment.enrolled_on}")
        if enrollment.program in detail.hidden_programs:
            click.echo(f"  {HIDDEN.text()}")
            continue
        masked = {m.split(".", 1)[1] for m in detail.masked_fields
                  if m.startswith(enrollment.program + ".")}
        if program is None or masked:
            labels = {a.name: info(a) for a in attrs.fields(program.intake)} if program else {}
            record([(found.label.text() if (found := labels.get(k)) else k,
                     HIDDEN if k in masked else v) for k, v in enrollment.intake.items()])
            continue
        record(describe_answers(enrollment.intake, program.intake)
               + [(f.label.text(), describe(f.value))
                  for f in detail.program_facts.get(enrollment.program, [])])


def _caseworker_only(psc: Any) -> bool:
    """A caseworker (no wider role) sees their own cases by default."""
    from psccore.domain.access import Role

    roles = set(psc.my_grants().anywhere().roles.values())  # in any office
    return bool(roles) and roles <= {Role.CASEWORKER}


def case_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("ケースの受付・表示・一覧", "cases"))
    def case() -> None:
        pass

    intake_options = [
        click.option("--data", "data_file", type=click.Path(path_type=Path),
                     help=T("受付項目をJSONファイルから読み込む", "intake answers from a JSON file")),
        click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                     help=T("受付項目（繰り返し可）", "an intake answer (repeatable)")),
        click.option("-i", "--interactive", is_flag=True,
                     help=T("受付項目を順に尋ねる", "ask for each intake field")),
        click.option("--on", help=T("日付（既定: 今日）", "date (default: today)")),
        json_option,
    ]

    def with_intake(f: Any) -> Any:
        for option in reversed(intake_options):
            f = option(f)
        return f

    @case.command(name="open", help=T(
        "相談者のケースを受け付けます（既定: 自立相談支援事業）。端末では受付項目を順に尋ねます。",
        "open a case for a person (in the consultation unless --program says otherwise); "
        "at a terminal, asks each intake field",
    ))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @click.option("--program", default=CONSULTATION, show_default=True, type=PROGRAM,
                  help=T("事業（名称かその一部・コード。通常は自立相談支援事業で受け付けます）",
                         "program code or name (or a clear part of it; a case normally "
                         "starts in the consultation)"))
    @click.option("--office", type=OFFICE, default=None,
                  help=T("受け付ける拠点（拠点が複数あるとき）", "the office (when there are several)"))
    @with_intake
    def open_(person_id: int, program: str, office: str | None, data_file: Path | None,
              sets: tuple[str, ...], interactive: bool, on: str | None, as_json: bool) -> None:
        state().psc().get_person(person_id)  # an unknown person is said before any question
        intake = _intake(program, data_file, sets, interactive)
        with _intake_named(program):
            detail = state().psc().open_case(person_id, program, intake, parse_on(on),
                                             office=office)
        if as_json:
            emit_json(detail)
            return
        click.echo(T(f"ケース {detail.case.id} を受け付けました", f"Opened case {detail.case.id}"))
        show_case(detail)

    @case.command(help=T("ケースを別の事業でも受け付けます", "enroll a case in another program"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--program", type=PROGRAM, required=True,
                  help=T("事業（名称かその一部・コード。psc programs で確認）",
                         "program code or name (or a clear part of it; see psc programs)"))
    @with_intake
    def enroll(case_id: int, program: str, data_file: Path | None, sets: tuple[str, ...],
               interactive: bool, on: str | None, as_json: bool) -> None:
        intake = _intake(program, data_file, sets, interactive)
        with _intake_named(program):
            detail = state().psc().enroll(case_id, program, intake, parse_on(on))
        if as_json:
            emit_json(detail)
            return
        [name] = program_names([program])
        click.echo(T(f"ケース {case_id} を{name}でも受け付けました",
                     f"Case {case_id} is now enrolled in {name} too"))
        show_case(detail)

    @case.command(help=T("ケースを表示します", "show a case"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @json_option
    def show(case_id: int, as_json: bool) -> None:
        detail = state().psc().get_case(case_id)
        if as_json:
            emit_json(detail)
        else:
            show_case(detail)

    @case.command(name="list", help=T(
        "ケースの一覧（新しい順）。支援員は既定で自分の担当のみ（--all ですべて）",
        "list cases, newest first; caseworkers see their own unless --all"))
    @click.option("--program", type=PROGRAM,
                  help=T("事業で絞り込む（名称かその一部・コード）",
                         "only this program (name, part of it, or code)"))
    @click.option("--status", type=choice_of(CaseStatus),
                  help=T("状態で絞り込む", "only this status"))
    @click.option("--mine/--all", "mine", default=None,
                  help=T("自分の担当のみ／すべて（既定: 支援員は自分の担当のみ）",
                         "only my cases / all (default: mine for caseworkers)"))
    @click.option("--staff", "login", type=STAFF, metavar="STAFF",
                  help=T("この職員の担当のみ（ログイン名か氏名。引き継ぎのとき）",
                         "only this staff member's cases (login or name: a handover)"))
    @click.option("--limit", type=click.IntRange(1, 10000), default=200, show_default=True,
                  help=T("表示する最大件数", "most to show"))
    @click.option("--after", type=int, metavar="CASE",
                  help=T("このケースの次から（前のページの最後のケース）",
                         "continue after this case (the last of the page before)"))
    @json_option
    def list_(program: str | None, status: str | None, mine: bool | None,
              login: str | None, limit: int, after: int | None, as_json: bool) -> None:
        psc = state().psc()
        if program:
            psc.program(program)  # an unknown code is an input error
        if login is not None and mine:
            raise click.UsageError(T("--staff と --mine は同時に指定できません",
                                     "--staff and --mine cannot go together"))
        if mine is None:
            mine = login is None and _caseworker_only(psc)
        chosen = CaseStatus(status) if status else None
        staff_id = (psc.staff_id(login) if login is not None
                    else psc.acting_staff().id if mine else None)
        if as_json:
            found = psc.list_cases(program=program, status=chosen, limit=limit, after=after,
                                   assigned_staff_id=staff_id)
            emit_json([{"case": c.case, "person_name": c.person_name, "programs": c.programs}
                       for c in found])
            return
        page = psc.case_page(program=program, status=chosen, limit=limit, after=after,
                             assigned_staff_id=staff_id)
        names = staff_names()
        table([T("ケース", "case"), T("相談者", "person"), T("状態", "status"),
               T("担当", "caseworker"), T("受付日", "opened"), T("事業", "programs")],
              [(c.case.id, c.person_name, c.case.status.label,
                names.get(c.case.assigned_staff_id or 0), c.case.opened_on,
                program_names(c.programs)) for c in page.cases])
        if mine:
            click.echo(T("（自分の担当のみ。--all ですべて）", "(your cases only: --all for all)"),
                       err=True)
        if page.after is not None:
            total = f"{page.total - 1:,}+" if page.capped else f"{page.total:,}"
            click.echo(T(f"{total} 件中 {len(page.cases)} 件（続き: --after {page.after}）",
                         f"{len(page.cases)} of {total} shown (more: --after {page.after})"))

    @case.command(help=T("ケースを終結します（終結理由が必要です）",
                         "close a case (a reason is required)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--reason", required=True,
                  type=choice_of(ClosureReason),
                  help=T("終結理由", "closure reason"))
    @click.option("--note", help=T("補足（「その他」では必須）", "note (required for other)"))
    @click.option("--on", help=T("終結日（既定: 今日）", "date (default: today)"))
    @click.option("--version", "expected_version", type=int,
                  help=T("見ていた版（その後に他の人が変更していれば終結しません）",
                         "the version you saw (refused if someone changed it since)"))
    @json_option
    def close(case_id: int, reason: str, note: str | None, on: str | None,
              expected_version: int | None, as_json: bool) -> None:
        closed = state().psc().close_case(case_id, reason, note, parse_on(on), expected_version)
        if as_json:
            emit_json(closed)
        else:
            label = ClosureReason.of(reason).label
            click.echo(T(f"ケース {closed.id} を終結しました（{label.ja}）",
                         f"Closed case {closed.id} ({label.en})"))

    @case.command(help=T("ケースの担当者を替えます", "give a case to another caseworker"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--to", "login", required=True, type=STAFF, metavar="STAFF",
                  help=T("新しい担当者（ログイン名か氏名）", "the new caseworker (login or name)"))
    @click.option("--version", "expected_version", type=int,
                  help=T("見ていた版（その後に他の人が変更していれば替えません）",
                         "the version you saw (refused if someone changed it since)"))
    def assign(case_id: int, login: str, expected_version: int | None) -> None:
        case = state().psc().assign_case(case_id, login, expected_version)
        click.echo(T(f"ケース {case.id} の担当者を {login} に替えました（版 {case.version}）",
                     f"Case {case.id} is now {login}'s (version {case.version})"))

    @case.command(help=T("終結したケースを、新しいケースとして再開します",
                         "re-open a closed case as a new, linked case"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--on", help=T("受付日（既定: 今日）", "date (default: today)"))
    @json_option
    def reopen(case_id: int, on: str | None, as_json: bool) -> None:
        detail = state().psc().reopen_case(case_id, parse_on(on))
        if as_json:
            emit_json(detail)
            return
        click.echo(T(f"ケース {detail.case.id} として再開しました（元のケース {case_id}）",
                     f"Re-opened as case {detail.case.id} (earlier case {case_id})"))

    @case.command(help=T("ケースの経過を時系列で表示します", "everything that happened, in order"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @json_option
    def timeline(case_id: int, as_json: bool) -> None:
        entries = state().psc().timeline(case_id)
        if as_json:
            emit_json(entries)
            return
        table([T("日付", "date"), T("内容", "what"), T("担当", "staff")],
              [(e.on.isoformat(), e.text, e.staff or "") for e in entries])

    @case.command(name="export", help=T("ケース全体をJSONで書き出します",
                                        "write the whole case as JSON"))
    @click.argument("case_id", type=CASE_CONFIRMED, metavar="CASE")
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                  help=T("出力ファイル（既定: 標準出力）", "output file (default: stdout)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    def export(case_id: int, output: Path | None, overwrite: bool) -> None:
        import json

        from psccore.domain.convert import unstructure

        def text() -> str:
            return json.dumps(unstructure(state().psc().export_case(case_id)),
                              ensure_ascii=False, indent=2) + "\n"
        if output is None:
            click.echo(text(), nl=False)
        else:
            write_private(output, text, overwrite)

    @case.command(name="import", help=T("書き出したケースを読み込みます（新しいケースになります）",
                                        "read an exported case (it becomes a new case)"))
    @click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--person", "person_id", type=PERSON,
                  help=T("既存の相談者に結び付ける", "attach to this existing person"))
    @click.option("--allow-duplicate", is_flag=True,
                  help=T("似た人が登録済みでも新しく登録する", "register the person even if someone alike exists"))
    @json_option
    def import_(file: Path, person_id: int | None, allow_duplicate: bool, as_json: bool) -> None:
        detail = state().psc().import_case(read_data(file, ()), person_id, allow_duplicate)
        if as_json:
            emit_json(detail)
            return
        click.echo(T(f"ケース {detail.case.id} として読み込みました",
                     f"Imported as case {detail.case.id}"))

    @case.command(help=T(
        "ケースを別の拠点に移管します。要配慮個人情報は --with-sensitive のときだけ移り、"
        "そうでなければ削除されます。別の法人へは本人の提供同意が必要です",
        "move a case to another office; sensitive answers go only with --with-sensitive "
        "(else they are removed); to another organisation only under the person's consent"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--to", "to_office", required=True, type=OFFICE, metavar="OFFICE",
                  help=T("移管先の拠点（名前）", "the receiving office (by name)"))
    @click.option("--with-sensitive", is_flag=True,
                  help=T("要配慮個人情報（健康状態など）も移す", "sensitive answers go too"))
    @click.option("--on", help=T("移管日（既定: 今日）", "date (default: today)"))
    @click.option("--version", "expected_version", type=int,
                  help=T("見ていた版（その後に他の人が変更していれば移管しません）",
                         "the version you saw (refused if someone changed it since)"))
    @json_option
    def transfer(case_id: int, to_office: str, with_sensitive: bool, on: str | None,
                 expected_version: int | None, as_json: bool) -> None:
        moved = state().psc().transfer_case(case_id, to_office, with_sensitive=with_sensitive,
                                            expected_version=expected_version, on=parse_on(on))
        if as_json:
            emit_json(moved)
            return
        click.echo(T(f"ケース {case_id} を「{moved.from_office}」から「{moved.to_office}」へ"
                     f"移管しました",
                     f"Case {case_id} moved from {moved.from_office} to {moved.to_office}"))
        if moved.removed:
            click.echo(T(f"移さなかった要配慮個人情報（削除）: {', '.join(moved.removed)}",
                         f"sensitive answers not transferred (removed): "
                         f"{', '.join(moved.removed)}"))

    return case
