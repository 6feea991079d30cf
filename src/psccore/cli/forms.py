"""``psc form NAME CASE -o FILE.pdf|.xlsx``: the national forms, printed from the records;
``psc form NAME --fy FY -o FILE``: a fiscal year's form (the placement business report)."""

from __future__ import annotations

from pathlib import Path

import click

from psccore.cli.base import PscCommand, T, state
from psccore.cli.catalog import about
from psccore.cli.inputs import parse_on
from psccore.cli.names import CASE, EMPLOYER
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

NAMES = ("reception（相談受付・申込票）, assessment（インテーク・アセスメントシート）, "
         "plan（プラン兼事業等利用申込書）, records（支援経過記録シート）, evaluation（評価シート）, "
         "introduction（紹介票）")
YEAR_NAMES = "placement-report（職業紹介事業報告書 様式第8号）"
CASE_OR_YEAR = Label("ケース番号か、年度の様式なら --fy の年度のどちらか一つを指定してください",
                     "give either a case number or, for a fiscal year's form, --fy")


def form_command() -> click.Command:
    @click.command(name="form", cls=PscCommand, help=about(
        "様式をA4のPDFかExcelに印刷用に書き出します", "write a form for printing, A4 PDF or Excel",
        f"NAME: {NAMES}、または事業の様式（CASE を指定）。年度の様式（--fy を指定）: "
        f"{YEAR_NAMES}。閲覧できる項目だけを載せ、書き出しとして監査記録に残します。",
        f"NAME: {NAMES}, or a program's own (give CASE). A fiscal year's form (give --fy): "
        f"{YEAR_NAMES}. Holds only what you may read; audited as an export."))
    @click.argument("name")
    @click.argument("case_id", type=CASE, metavar="[CASE]", required=False)
    @click.option("--fy", "fiscal_year", metavar=T("年度", "FY"),
                  help=T("年度の様式の年度（例: 2026、令和8年度、R8）",
                         "the fiscal year of a year's form (e.g. 2026, R8)"))
    @click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
                  help=T("書き出すファイル（.pdf か .xlsx）", "the file (.pdf or .xlsx)"))
    @click.option("--from", "start", help=T("記録の期間の初日（records）", "first day (records)"))
    @click.option("--to", "end", help=T("記録の期間の末日（records）", "last day (records)"))
    @click.option("--employer", "employer_id", type=EMPLOYER,
                  help=T("紹介先の事業所（introduction）", "the employer (introduction)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    def form(name: str, case_id: int | None, fiscal_year: str | None, output: Path,
             start: str | None, end: str | None, employer_id: int | None,
             overwrite: bool) -> None:
        if case_id is None and fiscal_year is not None:
            from psccore.cli.reports import fiscal_year_input

            written = state().psc().period_form(name, fiscal_year_input(fiscal_year, "$.fy"),
                                                output, overwrite=overwrite)
        elif case_id is None or fiscal_year is not None:
            raise InvalidInput([Problem("$.case", CASE_OR_YEAR)])
        else:
            written = state().psc().form(name, case_id, output, start=parse_on(start, "$.from"),
                                         end=parse_on(end, "$.to"), employer_id=employer_id,
                                         overwrite=overwrite)
        click.echo(T(f"{written.title}を書き出しました: {output}",
                     f"Wrote the {written.title}: {output}"))

    return form
