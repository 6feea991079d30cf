"""``psc case``: open a case in a program, enroll it in more, show and list."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, record, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import prompt_for, read_data
from psccore.dates import parse_date
from psccore.domain.cases import CaseStatus
from psccore.domain.rules import info
from psccore.errors import InvalidInput, Problem, RuleViolation

if TYPE_CHECKING:
    from psccore.services.cases import CaseDetail


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except RuleViolation as exc:
        raise InvalidInput([Problem("$.on", exc.message, exc.params)]) from None


def _intake(program: str, data_file: Path | None, sets: tuple[str, ...],
            interactive: bool) -> dict[str, Any]:
    from psccore.services.cases import program_of

    data = read_data(data_file, sets)
    if interactive or (sys.stdin.isatty() and not data_file and not sets):
        data = prompt_for(program_of(state().psc().ctx, program).intake, data)
    return data


def show_case(detail: CaseDetail) -> None:
    psc = state().psc()
    case = detail.case
    record([
        (T("ケース", "case"), case.id),
        (T("相談者", "person"), f"{detail.person.name}（{detail.person.kana}） ID {detail.person.id}"),
        (T("状態", "status"), case.status.label),
        (T("受付日", "opened on"), case.opened_on),
        (T("終結日", "closed on"), case.closed_on),
    ])
    for enrollment in detail.enrollments:
        program = psc.programs.get(enrollment.program)
        title = program.label.text() if program else enrollment.program
        click.echo(f"\n[{title}] {T('利用開始', 'since')} {enrollment.enrolled_on}")
        labels = ({a.name: info(a) for a in attrs.fields(program.intake)} if program else {})
        record([(found.label.text() if (found := labels.get(k)) else k, v)
                for k, v in enrollment.intake.items()])


def case_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("case"))
    def case() -> None:
        pass

    intake_options = [
        click.option("--program", required=True, metavar="CODE",
                     help=T("事業コード（psc programs で確認）", "program code (see psc programs)")),
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
        "相談者のケースを事業で受け付けます。端末では受付項目を順に尋ねます。",
        "open a case for a person in a program; at a terminal, asks each intake field",
    ))
    @click.argument("person_id", type=int, metavar="PERSON")
    @with_intake
    def open_(person_id: int, program: str, data_file: Path | None, sets: tuple[str, ...],
              interactive: bool, on: str | None, as_json: bool) -> None:
        intake = _intake(program, data_file, sets, interactive)
        detail = state().psc().open_case(person_id, program, intake, _date(on))
        if as_json:
            emit_json(detail)
            return
        click.echo(T(f"ケース {detail.case.id} を受け付けました", f"Opened case {detail.case.id}"))
        show_case(detail)

    @case.command(help=T("ケースを別の事業でも受け付けます", "enroll a case in another program"))
    @click.argument("case_id", type=int, metavar="CASE")
    @with_intake
    def enroll(case_id: int, program: str, data_file: Path | None, sets: tuple[str, ...],
               interactive: bool, on: str | None, as_json: bool) -> None:
        intake = _intake(program, data_file, sets, interactive)
        detail = state().psc().enroll(case_id, program, intake, _date(on))
        if as_json:
            emit_json(detail)
            return
        show_case(detail)

    @case.command(help=T("ケースを表示します", "show a case"))
    @click.argument("case_id", type=int, metavar="CASE")
    @json_option
    def show(case_id: int, as_json: bool) -> None:
        detail = state().psc().get_case(case_id)
        if as_json:
            emit_json(detail)
        else:
            show_case(detail)

    @case.command(name="list", help=T("ケースの一覧（新しい順）", "list cases, newest first"))
    @click.option("--program", metavar="CODE", help=T("事業で絞り込む", "only this program"))
    @click.option("--status", type=click.Choice([s.value for s in CaseStatus]),
                  help=T("状態で絞り込む", "only this status"))
    @click.option("--limit", type=click.IntRange(1, 10000), default=200, show_default=True)
    @json_option
    def list_(program: str | None, status: str | None, limit: int, as_json: bool) -> None:
        from psccore.services.cases import program_of

        psc = state().psc()
        if program:
            program_of(psc.ctx, program)
        found = psc.list_cases(program=program, status=CaseStatus(status) if status else None,
                               limit=limit)
        if as_json:
            emit_json([{"case": c.case, "person_name": c.person_name, "programs": c.programs}
                       for c in found])
            return
        table([T("ケース", "case"), T("相談者", "person"), T("状態", "status"),
               T("受付日", "opened"), T("事業", "programs")],
              [(c.case.id, c.person_name, c.case.status.label, c.case.opened_on, c.programs)
               for c in found])

    return case
