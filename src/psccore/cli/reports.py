"""``psc report``: period reports assembled from every section (core's and each
program's), and the employment statistics by fiscal year."""

from __future__ import annotations

from typing import Any

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, state, table
from psccore.cli.catalog import about
from psccore.cli.employment import statistics_table
from psccore.cli.inputs import parse_month


def report_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("report"))
    def report() -> None:
        pass

    @report.command(name="employment", help=T(
        "職業体験実習及び就労訓練事業の実績（年度別）",
        "internships and certified training by fiscal year"))
    @click.option("--from-fy", type=click.IntRange(1990, 2100), required=True,
                  help=T("最初の年度（西暦）", "first fiscal year"))
    @click.option("--to-fy", type=click.IntRange(1990, 2100), required=True,
                  help=T("最後の年度（西暦）", "last fiscal year"))
    @json_option
    def employment_(from_fy: int, to_fy: int, as_json: bool) -> None:
        years = state().psc().employment_statistics(from_fy, min(to_fy, from_fy + 30))
        if as_json:
            emit_json(years)
            return
        statistics_table(years)

    @report.command(name="fy", help=T(
        "年度（4月〜翌3月）の報告: 全事業の節（例: psc report fy 2017）",
        "a fiscal year's report (April to March), every program's section "
        "(e.g. psc report fy 2017)"))
    @click.argument("year", type=click.IntRange(1990, 2100))
    @click.option("--section", "sections", multiple=True, metavar="KEY",
                  help=T("この節だけ（繰り返し可）", "only this section (repeatable)"))
    @json_option
    def fy(year: int, sections: tuple[str, ...], as_json: bool) -> None:
        from psccore.domain.program import ReportPeriod

        show_report(ReportPeriod.fiscal_year(year), sections, as_json)

    @report.command(name="month", help=T("月の報告（例: psc report month 2017-08）",
                                         "a month's report (e.g. psc report month 2017-08)"))
    @click.argument("month")
    @click.option("--section", "sections", multiple=True, metavar="KEY",
                  help=T("この節だけ（繰り返し可）", "only this section (repeatable)"))
    @json_option
    def month(month: str, sections: tuple[str, ...], as_json: bool) -> None:
        from psccore.domain.program import ReportPeriod

        year, number = parse_month(month)
        show_report(ReportPeriod.month(year, number), sections, as_json)

    return report


def show_report(period: Any, sections: tuple[str, ...], as_json: bool) -> None:
    found = state().psc().report(period, sections)
    if as_json:
        emit_json({"period": period, "sections": found})
        return
    click.echo(period.label.text())
    for section in found:
        click.echo(f"\n■ {section.title.text()}")
        table([T("項目", "item"), T("値", "value")],
              [(r.label, f"{r.value:,}" if isinstance(r.value, int) else r.value)
               for r in section.rows])


