"""``psc form NAME CASE -o FILE.pdf|.xlsx``: the national forms, printed from the records."""

from __future__ import annotations

from pathlib import Path

import click

from psccore.cli.base import T, state
from psccore.cli.catalog import about
from psccore.cli.inputs import parse_on

NAMES = ("reception（相談受付・申込票）, assessment（インテーク・アセスメントシート）, "
         "plan（プラン兼事業等利用申込書）, records（支援経過記録シート）, evaluation（評価シート）, "
         "introduction（紹介票）")


def form_command() -> click.Command:
    @click.command(name="form", help=about(
        "様式をA4のPDFかExcelに印刷用に書き出します", "write a form for printing, A4 PDF or Excel",
        f"NAME: {NAMES}、または事業の様式。閲覧できる項目だけを載せ、書き出しとして監査記録に残します。",
        f"NAME: {NAMES}, or a program's own. Holds only what you may read; audited as an "
        "export."))
    @click.argument("name")
    @click.argument("case_id", type=int, metavar="CASE")
    @click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
                  help=T("書き出すファイル（.pdf か .xlsx）", "the file (.pdf or .xlsx)"))
    @click.option("--from", "start", help=T("記録の期間の初日（records）", "first day (records)"))
    @click.option("--to", "end", help=T("記録の期間の末日（records）", "last day (records)"))
    @click.option("--employer", "employer_id", type=int,
                  help=T("紹介先の事業所（introduction）", "the employer (introduction)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    def form(name: str, case_id: int, output: Path, start: str | None, end: str | None,
             employer_id: int | None, overwrite: bool) -> None:
        written = state().psc().form(name, case_id, output, start=parse_on(start, "$.from"),
                                     end=parse_on(end, "$.to"), employer_id=employer_id,
                                     overwrite=overwrite)
        click.echo(T(f"{written.title}を書き出しました: {output}",
                     f"Wrote the {written.title}: {output}"))

    return form
