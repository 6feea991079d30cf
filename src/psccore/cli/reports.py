"""``psc report``: period reports assembled from every section (core's and each
program's), shown or written as CSV, JSON, Excel or an HTML page with charts; and the
employment statistics by fiscal year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import FISCAL_YEAR, parse_month
from psccore.cli.placements import statistics_table
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

FORMATS = ("table", "csv", "json", "xlsx", "html")
NEEDS_FILE = Label("--format xlsx には -o ファイル名 が必要です",
                   "--format xlsx needs -o FILE")
OUT_OF_RANGE = Label("年度は 1990〜2100 年度の間で指定してください: {value}",
                     "a fiscal year between 1990 and 2100, please: {value}")
JSON_AND_FORMAT = Label("--json と --format は一緒に使えません（--format json と同じです）",
                        "--json and --format do not go together (--json is --format json)")
BOTH_SCOPES = Label("--office と --organisation はどちらか一方だけ指定してください",
                    "give --office or --organisation, not both")
TREND_AFTER = Label("--trend-from は報告の年度以前にしてください（{fy} 以前）",
                    "--trend-from must not be after the report's year ({fy})")


def _output_options(f: Any) -> Any:
    for option in reversed([
        click.option("--section", "sections", multiple=True, metavar="KEY",
                     help=T("この節だけ（繰り返し可）", "only this section (repeatable)")),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                     help=T("出力形式（既定: 画面の表、-o があればその拡張子）",
                            "output format (default: a table, or the -o file's suffix)")),
        click.option("-o", "--output", type=click.Path(path_type=Path),
                     help=T("書き出すファイル（.csv .json .xlsx .html）",
                            "file to write (.csv .json .xlsx .html)")),
        click.option("--overwrite", is_flag=True,
                     help=T("既にあるファイルを置き換える", "replace an existing file")),
        click.option("--office", metavar="NAME",
                     help=T("この拠点の報告（その日に事案を持っていた拠点に数える）",
                            "this office's report (each event for the office holding "
                            "its case that day)")),
        click.option("--organisation", metavar="NAME",
                     help=T("この法人の報告（所属拠点の合計、同じ人は1人）",
                            "this organisation's report (its offices' sums, a person "
                            "once)")),
        click.option("--as-of", "as_of", metavar="DATE",
                     help=T("この日までに起きたことだけを数える（例: 2017-07-31 → 7月現在）",
                            "count only what happened up to this day (e.g. 2017-07-31)")),
        json_option,
    ]):
        f = option(f)
    return f


def report_group() -> click.Group:
    @click.group(cls=PscGroup, help=about(
        "実績の集計（年度・月、国の統計）", "reports (fiscal year or month, national statistics)"))
    def report() -> None:
        pass

    @report.command(name="employment", help=T(
        "職業体験実習及び就労訓練事業の実績（年度別）",
        "internships and certified training by fiscal year"))
    @click.option("--from-fy", type=FISCAL_YEAR, required=True,
                  help=T("最初の年度（西暦）", "first fiscal year"))
    @click.option("--to-fy", type=FISCAL_YEAR, required=True,
                  help=T("最後の年度（西暦）", "last fiscal year"))
    @json_option
    def employment_(from_fy: int, to_fy: int, as_json: bool) -> None:
        years = state().psc().employment_statistics(from_fy, min(to_fy, from_fy + 30))
        if as_json:
            emit_json(years)
            return
        statistics_table(years)

    @report.command(name="fy", help=T(
        "年度（4月〜翌3月）の報告: 国の調査項目（月別も）と全事業の節。YEAR は 2026、"
        "令和8年度、R8 など（省くと今年度）。例: psc report fy 2026 --format xlsx -o 報告.xlsx。"
        "節: national（国の調査項目）、placements（実習・訓練）と各事業のコード",
        "a fiscal year's report (April to March): the national survey's items (also by "
        "month) and every program's section. YEAR as 2026, 令和8年度, R8 … (none: this "
        "fiscal year). E.g. psc report fy 2026 --format xlsx -o report.xlsx. Sections: "
        "national, placements and each program's code"))
    @click.argument("year", required=False)
    @click.option("--trend-from", metavar="YEAR",
                  help=T("推移のグラフを始める年度（既定: 4年前）",
                         "first fiscal year of the trend charts (default: four years before)"))
    @_output_options
    def fy(year: str | None, trend_from: str | None, **options: Any) -> None:

        from psccore.dates import fiscal_year
        from psccore.domain.program import ReportPeriod

        chosen = fiscal_year_input(year, "$.year") if year else fiscal_year(state().psc().today())
        first = chosen - 4 if trend_from is None else fiscal_year_input(trend_from, "$.trend_from")
        if first > chosen:
            raise InvalidInput([Problem("$.trend_from", TREND_AFTER, {"fy": chosen})])
        show_report(ReportPeriod.fiscal_year(chosen), trend_from=first, **options)

    @report.command(name="month", help=T("月の報告（例: psc report month 2017-08）",
                                         "a month's report (e.g. psc report month 2017-08)"))
    @click.argument("month")
    @_output_options
    def month(month: str, **options: Any) -> None:
        from psccore.domain.program import ReportPeriod

        year, number = parse_month(month)
        show_report(ReportPeriod.month(year, number), trend_from=None, **options)

    return report


def fiscal_year_input(value: str, path: str) -> int:
    """``2026``, ``令和8年度``, ``R8``, ``H29`` …, within the years the system can hold."""
    from psccore.dates import parse_fiscal_year
    from psccore.errors import RuleViolation

    try:
        year = parse_fiscal_year(value)
    except RuleViolation as exc:
        raise InvalidInput([Problem(path, exc.message, exc.params)]) from exc
    if not 1990 <= year <= 2100:
        raise InvalidInput([Problem(path, OUT_OF_RANGE, {"value": value})])
    return year


def show_report(period: Any, sections: tuple[str, ...], fmt: str | None, output: Path | None,
                as_json: bool, trend_from: int | None, overwrite: bool = False,
                as_of: str | None = None, office: str | None = None,
                organisation: str | None = None) -> None:
    """On screen, or written to ``output`` whole (audited as an export naming the
    office or organisation the report is for)."""
    from psccore.cli.inputs import parse_on
    from psccore.documents import reports as documents
    from psccore.documents.files import check_target
    from psccore.i18n import current_lang

    fmt = _format(fmt, output, as_json)
    if office is not None and organisation is not None:
        raise InvalidInput([Problem("$.office", BOTH_SCOPES)])
    if output is not None:
        check_target(output, (documents.SUFFIXES[fmt],), "$.output", overwrite=overwrite)
    charts = fmt in ("html", "xlsx", "json")
    scope: dict[str, Any] = {"trend_from": trend_from if charts else None,
                             "as_of": parse_on(as_of, "$.as_of"), "office": office,
                             "organisation": organisation}
    if output is not None:
        state().psc().write_report(output, period, fmt, sections, overwrite=overwrite,
                                   **scope)
        click.echo(T(f"{output} に書き出しました", f"Wrote {output}"))
        return
    found = state().psc().build_report(period, sections, **scope)
    if fmt == "table":
        _print_table(found)
        return
    lang = current_lang()
    text = {"csv": lambda: documents.csv_text(found, lang),
            "json": lambda: documents.json_text(found),
            "html": lambda: documents.html_page(found, lang)}[fmt]()
    click.echo(text.lstrip("\ufeff"), nl=False)


def _format(fmt: str | None, output: Path | None, as_json: bool) -> str:
    """The format asked for, else the output file's suffix, else a table on screen."""
    from psccore.documents.files import check_target
    from psccore.documents.reports import SUFFIXES

    if as_json and fmt not in (None, "json"):
        raise InvalidInput([Problem("$.format", JSON_AND_FORMAT)])
    fmt = "json" if as_json else fmt
    if output is not None and fmt in (None, "table"):
        check_target(output, tuple(SUFFIXES.values()), "$.output", overwrite=True)
        fmt = {suffix: name for name, suffix in SUFFIXES.items()}[output.suffix.lower()]
    fmt = fmt or "table"
    if fmt == "xlsx" and output is None:
        raise InvalidInput([Problem("$.output", NEEDS_FILE)])
    return fmt


def _print_table(found: Any) -> None:
    click.echo(found.period.label.text() if found.scope is None
               else f"{found.period.label.text()} {found.scope.label.text()}")
    for section in found.sections:
        click.echo(f"\n■ {section.title.text()}")
        table([T("項目", "item"), T("値", "value")],
              [(r.label, f"{r.value:,}" if isinstance(r.value, int) else r.value)
               for r in section.rows])
