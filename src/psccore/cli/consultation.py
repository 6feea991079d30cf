"""``psc screen``: the screening after a consultation is received; and, after a
coordination meeting, which programs the approved plans still need the case enrolled in."""

from __future__ import annotations

from collections.abc import Sequence

import click

from psccore.cli.base import PscCommand, T, emit_json, json_option, record, state
from psccore.cli.catalog import about
from psccore.cli.inputs import choice_of, parse_on
from psccore.cli.names import CASE
from psccore.domain.consultation import ScreeningOutcome


def screen_command() -> click.Command:
    @click.command(name="screen", cls=PscCommand, help=about(
        "相談受付後のスクリーニング結果を記録します", "record the screening after reception",
        "プランを作成して支援（plan）・情報提供のみ（information）・他機関へつなぎ（referred、"
        "--agency が必要）のいずれか。ケースごとに1回。国の報告で数えます。",
        "a plan is to be made (plan), information only (information) or passed to another "
        "agency (referred, with --agency); once per case; counted in the national report."))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--outcome", required=True, type=choice_of(ScreeningOutcome),
                  help=T("スクリーニングの結果", "the outcome"))
    @click.option("--agency", help=T("つなぎ先の機関", "the agency passed to"))
    @click.option("--note", help=T("補足", "note"))
    @click.option("--on", help=T("判断日（既定: 今日）", "date (default: today)"))
    @json_option
    def screen(case_id: int, outcome: str, agency: str | None, note: str | None,
               on: str | None, as_json: bool) -> None:
        day = parse_on(on, "$.decided_on")
        data = {"outcome": outcome, "agency": agency, "note": note,
                **({"decided_on": day} if day else {})}
        found = state().psc().record_screening(case_id, data)
        if as_json:
            emit_json(found)
            return
        click.echo(T(f"ケース {case_id} のスクリーニングを記録しました",
                     f"Recorded the screening of case {case_id}"))
        record([(T("結果", "outcome"), found.outcome.label), (T("つなぎ先", "agency"), found.agency),
                (T("判断日", "decided on"), found.decided_on)])

    return screen


def tell_programs_to_enroll(plan_ids: Sequence[int]) -> None:
    """After approvals: each program a plan's steps name that its case is not enrolled in
    yet, with the command that enrolls it (its intake is asked there)."""
    psc = state().psc()
    for plan_id in plan_ids:
        case_id = psc.get_plan(plan_id).plan.case_id
        for code in psc.programs_to_enroll(case_id):
            label = psc.programs[code].label if code in psc.programs else None
            name = label.text() if label else code
            click.echo(T(f"ケース {case_id} は {name} の利用登録がまだです: "
                         f"psc case enroll {case_id} --program {code}",
                         f"case {case_id} is not yet enrolled in {name}: "
                         f"psc case enroll {case_id} --program {code}"), err=True)
