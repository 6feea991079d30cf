"""``psc site``, ``psc organisation`` and ``psc municipality``: several offices in one
system (拠点・法人・市区町村). ``psc office`` stays the settings of the whole installation."""

from __future__ import annotations

from typing import Any

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, record, state, table
from psccore.cli.catalog import about
from psccore.cli.names import OFFICE


def site_group() -> click.Group:
    @click.group(cls=PscGroup, help=about(
        "拠点（事業所）の一覧・登録・変更", "offices (sites) of the organisations",
        "ケースは1つの拠点に属し、職員の権限は拠点ごとに付けられます（psc staff grant --office）。",
        "A case belongs to one office; roles may be granted per office "
        "(psc staff grant --office)."))
    def site() -> None:
        pass

    @site.command(name="list", help=T("拠点の一覧", "list the offices"))
    @json_option
    def list_(as_json: bool) -> None:
        psc = state().psc()
        found = psc.offices()
        if as_json:
            emit_json(found)
            return
        names = {o.id: o.name for o in psc.organisations()}
        table(["ID", T("拠点名", "office"), T("法人", "organisation"), T("所在地", "address"),
               T("市区町村コード", "municipality")],
              [(o.id, o.name, names.get(o.organisation_id), o.address, o.municipality_code)
               for o in found])

    @site.command(help=T("拠点を登録します", "add an office"))
    @click.argument("name")
    @click.option("--organisation", required=True, help=T("法人名", "organisation name"))
    @click.option("--address", help=T("所在地", "address"))
    @click.option("--municipality", "municipality_code",
                  help=T("市区町村コード（6桁）", "municipality code (6 digits)"))
    def add(name: str, organisation: str, **more: Any) -> None:
        given = {k: v for k, v in more.items() if v is not None}
        _show(state().psc().add_office(organisation, {"name": name, **given}))

    @site.command(name="set", help=T("拠点の名前・所在地・市区町村を変えます",
                                     "rename an office or change its address or municipality"))
    @click.argument("office", type=OFFICE)
    @click.option("--name", help=T("新しい拠点名", "new name"))
    @click.option("--address", help=T("所在地（空で消去）", "address (empty clears)"))
    @click.option("--municipality", "municipality_code",
                  help=T("市区町村コード（空で消去）", "municipality code (empty clears)"))
    def set_(office: str, **changes: Any) -> None:
        given = {k: v for k, v in changes.items() if v is not None}
        _show(state().psc().change_office(office, given))

    return site


def _show(found: Any) -> None:
    record([(T("拠点名", "office"), found.name), (T("所在地", "address"), found.address),
            (T("市区町村コード", "municipality code"), found.municipality_code)])


def organisation_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("法人（拠点を運営する団体）", "organisations running offices"))
    def organisation() -> None:
        pass

    @organisation.command(name="list", help=T("法人の一覧", "list the organisations"))
    @json_option
    def list_(as_json: bool) -> None:
        found = state().psc().organisations()
        if as_json:
            emit_json(found)
            return
        table(["ID", T("法人名", "organisation")], [(o.id, o.name) for o in found])

    @organisation.command(help=T("法人を登録します", "add an organisation"))
    @click.argument("name")
    def add(name: str) -> None:
        found = state().psc().add_organisation(name)
        click.echo(T(f"法人を登録しました: {found.name}", f"Added: {found.name}"))

    @organisation.command(help=T("法人の名前を変えます", "rename an organisation"))
    @click.argument("name")
    @click.argument("new_name")
    def rename(name: str, new_name: str) -> None:
        found = state().psc().rename_organisation(name, new_name)
        click.echo(T(f"法人名を変えました: {found.name}", f"Renamed: {found.name}"))

    return organisation


def municipality_group() -> click.Group:
    @click.group(cls=PscGroup, help=about(
        "市区町村と人口（報告の率に使います）", "municipalities and their population (for rates)"))
    def municipality() -> None:
        pass

    @municipality.command(name="list", help=T("市区町村の一覧", "list the municipalities"))
    @json_option
    def list_(as_json: bool) -> None:
        found = state().psc().municipalities()
        if as_json:
            emit_json(found)
            return
        table([T("コード", "code"), T("市区町村名", "name"), T("人口", "population"),
               T("人口の基準日", "as of")],
              [(m.code, m.name, f"{m.population:,}" if m.population else None, m.population_on)
               for m in found])

    @municipality.command(name="set", help=T("市区町村を登録・変更します（コードで）",
                                             "add or change a municipality (by its code)"))
    @click.argument("code")
    @click.option("--name", required=True, help=T("市区町村名", "name"))
    @click.option("--population", type=int, help=T("人口", "population"))
    @click.option("--as-of", "population_on", help=T("人口の基準日", "population as of"))
    def set_(code: str, **fields: Any) -> None:
        given = {k: v for k, v in fields.items() if v is not None}
        found = state().psc().set_municipality({"code": code, **given})
        click.echo(T(f"{found.code} {found.name}: 人口 {found.population or '-'}",
                     f"{found.code} {found.name}: population {found.population or '-'}"))

    return municipality
