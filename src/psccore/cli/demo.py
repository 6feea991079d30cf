"""``psc demo``: load invented data to try the system with."""

from __future__ import annotations

from typing import Any

import click

from psccore.cli.base import PscCommand, T, state, table
from psccore.cli.catalog import about
from psccore.errors import NotAllowed
from psccore.i18n import Label

NOT_EMPTY = Label(
    "このデータベースにはすでに相談者がいます。デモは空のデータベースに読み込んでください。",
    "This database already holds people; load the demo into an empty database.",
)


def _example_match(psc: Any) -> None:
    from psccore.cli.employers import show_matches

    for case in psc.list_cases():
        if psc.get_preferences(case.case.person_id) is not None:
            click.echo(T(f"{case.person_name} さんに合う求人（psc match person {case.case.person_id}）:",
                         f"Openings for {case.person_name} (psc match person "
                         f"{case.case.person_id}):"))
            show_matches(psc.match_person(case.case.person_id, 2), True, False, True)
            return


def _statistics_table(years: list[Any]) -> None:
    from psccore.cli.placements import statistics_table

    statistics_table(years)


def _scale(psc: Any, cases: int, records_per_case: int, seed: int) -> None:
    import time

    from psccore.demo_scale import load_scale

    started = time.perf_counter()
    found = load_scale(psc, cases, records_per_case=records_per_case, seed=seed)
    seconds = time.perf_counter() - started
    click.echo(T(f"大量のデモデータを読み込みました（{seconds:.0f}秒）: 相談者 {found.people:,}名、"
                 f"ケース {found.cases:,}件、プラン {found.plans:,}件、支援経過 "
                 f"{found.support_records:,}件、就労 {found.employments:,}件",
                 f"Loaded demo data at scale in {seconds:.0f} s: {found.people:,} people, "
                 f"{found.cases:,} cases, {found.plans:,} plans, {found.support_records:,} "
                 f"support records, {found.employments:,} jobs"))


def demo_command() -> click.Command:
    @click.command(cls=PscCommand, help=about(
        "架空のデモデータを空のデータベースに読み込みます", "load invented demo data into an empty database",
        "職員・相談者・各事業のケースを作ります。", "Makes staff, people and cases in every program."))
    @click.option("--people", "per_program", type=click.IntRange(1, 10000), default=6,
                  show_default=True, help=T("事業ごとの人数", "people per program"))
    @click.option("--seed", type=int, default=2017, show_default=True,
                  help=T("乱数の種（同じ種なら同じデータ）", "random seed (same seed, same data)"))
    @click.option("--scale", type=click.IntRange(1, 5_000_000), metavar="CASES",
                  help=T("大量のデータ: この件数のケース（全事業、5年分の履歴、1件に支援経過20件）",
                         "data at scale: this many cases (every program, five years of "
                         "history, 20 support records each)"))
    @click.option("--records-per-case", type=click.IntRange(0, 1000), default=20,
                  show_default=True, help=T("--scale の1件あたりの支援経過記録",
                                            "support records per case with --scale"))
    def demo(per_program: int, seed: int, scale: int | None, records_per_case: int) -> None:
        from psccore.demo import load_demo

        psc = state().psc()
        psc.upgrade()
        if psc.count_people():
            raise NotAllowed(NOT_EMPTY)
        if scale is not None:
            _scale(psc, scale, records_per_case, seed)
            return
        with psc.all_or_nothing():  # all of the demo, or none of it
            summary = load_demo(psc, people_per_program=per_program, seed=seed)
        click.echo(T(f"デモデータを読み込みました: 職員 {summary.staff}名、相談者 {summary.people}名、"
                     f"ケース {summary.cases}件",
                     f"Demo loaded: {summary.staff} staff, {summary.people} people, "
                     f"{summary.cases} cases"))
        click.echo()
        table([T("事業", "program"), T("ケース数", "cases")],
              [(psc.programs[c].label, n) for c, n in summary.by_program.items()])
        click.echo()
        from psccore.demo import STAGE_LABELS

        table([T("段階", "stage"), T("ケース数", "cases")],
              [(STAGE_LABELS[s], n) for s, n in summary.by_stage.items()])
        click.echo()
        from psccore.domain.employers import DevelopmentStage

        table([T("企業開拓の段階", "employer development"), T("事業所数", "employers")],
              [(DevelopmentStage.of(s).label, n) for s, n in summary.employers_by_stage.items()])
        click.echo()
        _example_match(psc)
        click.echo()
        click.echo(T("職業体験実習及び就労訓練事業の実績:",
                     "Internships and certified training by fiscal year:"))
        _statistics_table(psc.employment_statistics(2013, 2017))
        click.echo()
        cases = psc.list_cases(limit=10)
        click.echo(T("最近のケース:", "Latest cases:"))
        table([T("ケース", "case"), T("相談者", "person"), T("受付日", "opened"),
               T("事業", "programs")],
              [(c.case.id, c.person_name, c.case.opened_on, c.programs) for c in cases])

    return demo
