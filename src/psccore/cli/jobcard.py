"""``psc jobcard``: a JOB card filled from a person's records, saved as JSON to complete
with the person, then written as an Excel workbook or printable HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from psccore.cli.base import PscGroup, T, state
from psccore.cli.catalog import about
from psccore.cli.names import PERSON
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

ONE_SOURCE = Label("--person か --from のどちらか一方を指定してください",
                   "give either --person or --from")
DRAFT_EXISTS = Label("{path} は既にあります。記入済みの下書きを守るため書き出しません"
                     "（置き換えるなら --overwrite）",
                     "{path} exists; a draft being completed is not replaced "
                     "(--overwrite to replace it)")
UNREADABLE = Label("ファイル {path} を読めません: {error}", "cannot read {path}: {error}")


def jobcard_group() -> click.Group:
    @click.group(cls=PscGroup, help=about(
        "ジョブ・カードの作成", "JOB cards (the national career document)",
        "draft で記録から下書き（JSON）を作り、本人と記入してから write で "
        ".xlsx か印刷用の .html に書き出します。",
        "draft fills a card from the records as JSON to complete with the person; write "
        "makes the .xlsx workbook or printable .html."))
    def jobcard() -> None:
        pass

    @jobcard.command(help=T("記録からジョブ・カードの下書き（JSON）を作ります",
                            "fill a JOB card from the records, as JSON to edit"))
    @click.argument("person_id", type=PERSON, metavar="PERSON")
    @click.option("-o", "--output", type=click.Path(path_type=Path),
                  help=T("書き出すファイル（.json、省略時は画面）", "file to write (.json)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にある下書きを置き換える（記入した内容は消えます）",
                         "replace an existing draft (what was written in it is lost)"))
    def draft(person_id: int, output: Path | None, overwrite: bool) -> None:
        from psccore.documents.files import check_target, write_atomically
        from psccore.documents.jobcard import card_json

        if output is not None:
            if output.exists() and not output.is_symlink() and not overwrite:
                raise InvalidInput([Problem("$.output", DRAFT_EXISTS, {"path": str(output)})])
            check_target(output, (".json",), overwrite=overwrite)
        psc = state().psc()
        if output is None:
            click.echo(card_json(psc.job_card(person_id)), nl=False)
            return
        with psc.kept_with():  # the card's audit row only with the file
            text = card_json(psc.job_card(person_id))
            write_atomically(output, lambda path: path.write_text(text, encoding="utf-8"),
                             overwrite=overwrite)
        click.echo(T(f"{output} に書き出しました。記入してから `psc jobcard write --from "
                     f"{output} -o カード.xlsx` で書き出してください",
                     f"Wrote {output}. Complete it, then `psc jobcard write --from "
                     f"{output} -o card.xlsx`"))

    @jobcard.command(help=T("ジョブ・カードを .xlsx か印刷用の .html に書き出します",
                            "write a JOB card as .xlsx or printable .html"))
    @click.option("--person", "person_id", type=PERSON,
                  help=T("記録から作る相談者", "the person, filled from the records"))
    @click.option("--from", "source", type=click.Path(path_type=Path),
                  help=T("記入した下書き（JSON）", "a completed draft (JSON)"))
    @click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
                  help=T("書き出すファイル（.xlsx か .html）", "file to write (.xlsx or .html)"))
    @click.option("--overwrite", is_flag=True,
                  help=T("既にあるファイルを置き換える", "replace an existing file"))
    def write(person_id: int | None, source: Path | None, output: Path,
              overwrite: bool) -> None:
        from psccore.documents.files import check_target, write_atomically
        from psccore.documents.jobcard import card_html, read_card, write_card_xlsx
        from psccore.i18n import current_lang

        if (person_id is None) == (source is None):
            raise InvalidInput([Problem("$.person", ONE_SOURCE)])
        check_target(output, (".xlsx", ".html"), overwrite=overwrite)
        psc = state().psc()
        with psc.kept_with():  # the card's audit row only with the file
            card = read_card(_read(source)) if source else psc.job_card(person_id or 0)
            lang = current_lang()
            if output.suffix.lower() == ".xlsx":
                write_atomically(output, lambda path: write_card_xlsx(card, path, lang),
                                 overwrite=overwrite)
            else:
                page = card_html(card, lang)
                write_atomically(output, lambda path: path.write_text(page, encoding="utf-8"),
                                 overwrite=overwrite)
        click.echo(T(f"{output} に書き出しました", f"Wrote {output}"))

    return jobcard


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput([Problem("$.from", UNREADABLE,
                                    {"path": str(path), "error": _reason(exc)})]) from exc


def _reason(exc: Any) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
