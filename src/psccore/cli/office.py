"""``psc office``: the office's own facts (its name, the population it serves)."""

from __future__ import annotations

from typing import Any

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, state
from psccore.cli.catalog import about


def office_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("事業所の情報（人口など）", "the office (its population …)"))
    def office() -> None:
        pass

    @office.command(help=T("事業所の情報を表示します", "show the office's facts"))
    @json_option
    def show(as_json: bool) -> None:
        found = state().psc().office()
        if as_json:
            emit_json(found)
            return
        _show_office(found)

    @office.command(name="set", help=T(
        "事業所名・人口（圏域）を設定します。人口は国の統計の「人口10万人あたり」に使います",
        "set the office's name and the population it serves (for the national survey's "
        "rates per 100,000 inhabitants)"))
    @click.option("--name", help=T("事業所名", "office name"))
    @click.option("--population", type=int, help=T("人口（圏域）", "population served"))
    @click.option("--as-of", "population_on", help=T("人口の基準日", "population as of"))
    @click.option("--require-totp-for-admins/--no-require-totp-for-admins", default=None,
                  help=T("管理者に確認コード（TOTP）を必須にする",
                         "require a TOTP code of administrators at sign-in"))
    def set_(**fields: Any) -> None:
        given = {k: v for k, v in fields.items() if v is not None}
        _show_office(state().psc().set_office(given))

    return office


def _show_office(found: Any) -> None:
    from psccore.cli.base import record

    record([(T("事業所名", "office name"), found.name),
            (T("人口（圏域）", "population served"),
             f"{found.population:,}" if found.population else None),
            (T("人口の基準日", "population as of"), found.population_on),
            (T("管理者の確認コード", "TOTP for administrators"),
             T("必須", "required") if found.require_totp_for_admins else T("任意", "optional"))])
