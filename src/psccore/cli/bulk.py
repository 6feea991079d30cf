"""``psc import``: people, employers and job openings from the spreadsheets offices keep."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from psccore.cli.base import PscCommand, PscGroup, T, state
from psccore.cli.catalog import about
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

BAD_MAP = Label("--map は 列名=項目 の形です: {value}", "--map takes COLUMN=field: {value}")
NOT_A_TABLE = Label("CSV（.csv）か Excel（.xlsx）のファイルを指定してください: {name}",
                   "give a CSV (.csv) or Excel (.xlsx) file: {name}")
#: what a spreadsheet is saved as (a CSV may come as .txt)
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")


def import_group() -> click.Group:
    @click.group("import", cls=PscGroup, help=about(
        "相談者・事業所・求人の一括登録（CSV・Excel）", "bulk import of people, employers and openings (CSV, Excel)",
        "すべての行を確認してから登録します。1行でも誤りがあれば何も登録しません"
        "（--skip-invalid で正しい行だけ登録）。",
        "Every row is checked first; if any is wrong nothing is written (--skip-invalid "
        "writes the good rows and lists the others)."))
    def import_() -> None:
        pass

    for kind, ja, en in (("people", "相談者", "people"), ("employers", "事業所", "employers"),
                         ("openings", "求人", "job openings")):
        import_.add_command(_command(kind, ja, en))
    return import_


def _command(kind: str, ja: str, en: str) -> click.Command:
    @click.command(cls=PscCommand, name=kind, help=T(
        f"{ja}を CSV（UTF-8・Shift_JIS）か .xlsx から一括登録します。列は項目名か見出し"
        "（日本語・英語）で対応付けます",
        f"import {en} from CSV (UTF-8, Shift_JIS) or .xlsx; columns match fields by name "
        "or label (Japanese or English)"))
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option("--map", "maps", multiple=True, metavar="COLUMN=field",
                  help=T("列と項目の対応（\"列名=-\" で無視）", "map a column to a field "
                         "(\"COLUMN=-\" ignores it)"))
    @click.option("--skip-invalid", is_flag=True,
                  help=T("誤りのある行を除いて登録し、除いた行を示す",
                         "write the good rows and list the others"))
    @click.option("--allow-duplicates", is_flag=True,
                  help=T("登録済みと同じ人の可能性がある行も登録する（一覧は示す）",
                         "write possible duplicates too (they are still listed)"))
    def run(file: Path, maps: tuple[str, ...], skip_invalid: bool,
            allow_duplicates: bool) -> None:
        from psccore.documents.files import check_source

        check_source(file)
        if file.suffix.lower() not in TABLE_SUFFIXES:  # a .json or .pdf read as CSV says nothing useful
            raise InvalidInput([Problem("$.file", NOT_A_TABLE, {"name": file.name})])
        found = state().psc().import_rows(kind, file, _mapping(maps),
                                          skip_invalid=skip_invalid,
                                          allow_duplicates=allow_duplicates,
                                          progress=_progress)
        click.echo(T(f"{found.written} 件を登録しました", f"Imported {found.written}"))
        for title, problems in ((T("登録しなかった行:", "Rows not imported:"), found.skipped),
                                (T("同じ人の可能性がある行（登録済み）:",
                                   "Possible duplicates (imported):"), found.duplicates)):
            if problems:
                click.echo(title)
                for problem in problems:
                    click.echo(f"  {problem.text()}")

    return run


def _mapping(maps: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in maps:
        column, sep, field = value.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise InvalidInput([Problem("$.map", BAD_MAP, {"value": value})])
        mapping[column.strip()] = field.strip()
    return mapping


def _progress(rows: Iterable[Any]) -> Iterator[Any]:
    """A progress bar on a terminal (checking is what takes time); nothing otherwise."""
    items = list(rows)
    if not sys.stderr.isatty() or len(items) < 1000:
        yield from items
        return
    with click.progressbar(items, label=T("確認中", "checking"), file=sys.stderr) as bar:
        yield from bar
