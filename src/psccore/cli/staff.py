"""``psc staff``: the people who use the system."""

from __future__ import annotations

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, state, table
from psccore.cli.catalog import about


def staff_group() -> click.Group:
    @click.group(cls=PscGroup, help=about("staff"))
    def staff() -> None:
        pass

    @staff.command(help=T("職員を登録します", "register a staff member"))
    @click.argument("login")
    @click.option("--name", required=True, help=T("氏名", "name"))
    @json_option
    def add(login: str, name: str, as_json: bool) -> None:
        member = state().psc().add_staff(login, name)
        if as_json:
            emit_json(member)
        else:
            click.echo(T(f"職員を登録しました: {member.login}", f"Registered: {member.login}"))

    @staff.command(name="list", help=T("職員の一覧", "list staff"))
    @json_option
    def list_(as_json: bool) -> None:
        members = state().psc().list_staff()
        if as_json:
            emit_json(members)
            return
        table([T("ログイン名", "login"), T("氏名", "name"), T("有効", "active")],
              [(m.login, m.name, m.active) for m in members])

    return staff
