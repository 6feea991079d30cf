"""Options and defaults that the employer, consent and placement commands share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from psccore.cli.base import T, state
from psccore.cli.inputs import parse_on


def given(**values: Any) -> dict[str, Any]:
    """Options the user gave (empty tuples and ``None`` left out)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()
            if v is not None and v != ()}


def data_options(f: Any) -> Any:
    """``--set KEY=VALUE`` (repeatable) and ``--data FILE`` for a record's other fields."""
    f = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                     help=T("その他の項目（繰り返し可）", "any other field (repeatable)"))(f)
    return click.option("--data", "data_file", type=click.Path(path_type=Path),
                        help=T("JSONファイルから読み込む", "read from a JSON file"))(f)


def on_option(f: Any) -> Any:
    """``--on DATE``, today when not given."""
    return click.option("--on", help=T("日付（既定: 今日）", "date (default: today)"))(f)


def day_or_today(on: str | None) -> dt.date:
    """The date ``--on`` gave, else today."""
    return parse_on(on) or state().psc().today()
