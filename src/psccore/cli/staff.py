"""``psc staff``: the people who use the system, and their roles per program."""

from __future__ import annotations

import click

from psccore.cli.base import PscGroup, T, emit_json, json_option, state, table
from psccore.cli.catalog import about
from psccore.cli.inputs import choice_of
from psccore.cli.names import PROGRAM, program_names


def read_password(from_stdin: bool, login: str) -> str:
    """``login``'s new password: the first line of stdin, or asked twice at a terminal
    (again until it is acceptable). One that is not acceptable is refused here, before
    anything is written."""
    import sys

    from psccore.domain.auth import password_problems
    from psccore.errors import InvalidInput

    while True:
        if from_stdin:
            entered = sys.stdin.readline().rstrip("\r\n")
        else:
            entered = click.prompt(T("新しいパスワード", "New password"), hide_input=True,
                                   confirmation_prompt=T("もう一度", "Again"))
        problems = password_problems(login, entered)
        if not problems:
            return entered
        if from_stdin:
            raise InvalidInput(problems)
        for problem in problems:  # asked again, as any other question at a terminal
            click.echo(problem.message.format(None, **problem.params), err=True)


def staff_group() -> click.Group:
    from psccore.domain.access import ALL_PROGRAMS, Role

    @click.group(cls=PscGroup, help=about(
        "職員と権限", "staff members and their roles", "権限は事業ごと（* は全事業）に付けます。権限がなければ何も見られません。",
        "Roles are granted per program (* for all). No role, no access."))
    def staff() -> None:
        pass

    @staff.command(help=T("職員を登録します（権限は grant で付けます）",
                          "register a staff member (then grant a role)"))
    @click.argument("login")
    @click.option("--name", required=True, help=T("氏名", "name"))
    @json_option
    def add(login: str, name: str, as_json: bool) -> None:
        member = state().psc().add_staff(login, name)
        if as_json:
            emit_json(member)
        else:
            click.echo(T(f"職員を登録しました: {member.login}", f"Registered: {member.login}"))

    @staff.command(help=T("権限を付けます（その事業での役割を置き換えます）",
                          "grant a role (replacing any role for that program)"))
    @click.argument("login")
    @click.argument("role", type=choice_of(Role))
    @click.option("--program", default=ALL_PROGRAMS, show_default=True,
                  type=PROGRAM, help=T("事業（名称かその一部・コード。* は全事業）",
                                       "program (name, part of it, or code; * for all)"))
    @click.option("--office", default=ALL_PROGRAMS, show_default=True,
                  help=T("拠点（名称かその一部。* は全拠点）", "office (name or part of it; * for all)"))
    def grant(login: str, role: str, program: str, office: str) -> None:
        state().psc().grant(login, role, program, office=office)
        every = program == ALL_PROGRAMS
        [name] = [T("全事業", "every program")] if every else program_names([program])
        where = T("全拠点", "every office") if office == ALL_PROGRAMS else office
        click.echo(T(f"{login}: {name}の{Role.of(role).label.ja}（{where}）",
                     f"{login}: {Role.of(role).label.en} for {name} ({where})"))

    @staff.command(help=T("権限を外します", "revoke a role"))
    @click.argument("login")
    @click.option("--program", default=ALL_PROGRAMS, show_default=True,
                  type=PROGRAM, help=T("取り消す事業（名称かその一部・コード。既定: 全事業の役割）",
                                       "program (name, part of it, or code; default: the "
                                       "all-programs role)"))
    @click.option("--office", default=ALL_PROGRAMS, show_default=True,
                  help=T("拠点（名称かその一部。* は全拠点）", "office (name or part of it; * for all)"))
    def revoke(login: str, program: str, office: str) -> None:
        state().psc().revoke(login, program, office=office)
        click.echo(T(f"{login}: {program} の権限を外しました", f"{login}: role for {program} revoked"))

    @staff.command(help=T("職員を無効にします（記録は残ります）",
                          "deactivate a staff member (records stay)"))
    @click.argument("login")
    def deactivate(login: str) -> None:
        from psccore.domain.cases import CaseStatus

        psc = state().psc()
        member = psc.set_staff_active(login, False)
        click.echo(T(f"{login} を無効にしました（Webのログインも終了しました）",
                     f"{login} deactivated (their web sessions ended)"))
        left = psc.list_cases(status=CaseStatus.OPEN, assigned_staff_id=member.id,
                              limit=10000)
        if left:  # nobody is following these any more
            numbers = ", ".join(str(case.case.id) for case in left)
            click.echo(T(f"担当のままの支援中のケースが {len(left)} 件あります（{numbers}）。"
                         "`psc case assign ケース --to ログイン名` で引き継いでください"
                         f"（一覧: psc case list --staff {login} --status open）。",
                         f"{len(left)} open cases are still theirs ({numbers}): hand each "
                         "over with `psc case assign CASE --to LOGIN` (the list: "
                         f"psc case list --staff {login} --status open)."))

    @staff.command(help=T("無効にした職員を有効に戻します（権限はそのまま）",
                          "reactivate a staff member (their roles as they were)"))
    @click.argument("login")
    def activate(login: str) -> None:
        state().psc().set_staff_active(login, True)
        click.echo(T(f"{login} を有効に戻しました", f"{login} reactivated"))

    @staff.command(help=T(
        "パスワードを設定します（本人か管理者）。その職員のWebのログインは終了し、停止も解除されます",
        "set a password (one's own, or an administrator for anyone); that staff member's "
        "web sessions end and a lock is cleared"))
    @click.argument("login")
    @click.option("--stdin", "from_stdin", is_flag=True,
                  help=T("標準入力の1行目から読む", "read it from the first line of stdin"))
    def password(login: str, from_stdin: bool) -> None:
        state().psc().set_password(login, read_password(from_stdin, login))
        click.echo(T(f"{login} のパスワードを設定しました", f"Password set for {login}"))

    @staff.command(help=T("パスワードの誤りで停止したログインを解除します（管理者）",
                          "unlock a login locked after wrong passwords (administrators)"))
    @click.argument("login")
    def unlock(login: str) -> None:
        psc = state().psc()
        if login in psc.known_logins() and login not in psc.login_states():
            click.echo(T(f"{login} は停止していません（パスワードの誤りもありません）",
                         f"{login} is not locked (no wrong passwords counted)"))
            return
        psc.unlock_login(login)
        click.echo(T(f"{login} の停止を解除しました", f"{login} unlocked"))

    @staff.command(help=T(
        "確認コード（TOTP、2段階認証）の状態を表示し、--reset で解除します（管理者）。"
        "スマートフォンをなくしたときなどに使います",
        "show whether a staff member's TOTP code is on; --reset removes it "
        "(administrators), e.g. for a lost phone"))
    @click.argument("login")
    @click.option("--reset", is_flag=True, help=T("確認コードを解除する", "remove the code"))
    def totp(login: str, reset: bool) -> None:
        psc = state().psc()
        if not reset:
            on = login in psc.logins_with_totp()
            click.echo(T(f"{login}: 確認コード{'あり' if on else 'なし'}",
                         f"{login}: TOTP code {'on' if on else 'off'}"))
            return
        had = psc.reset_totp(login)
        click.echo(T(f"{login} の確認コードを解除しました" if had else
                     f"{login} に確認コードはありませんでした",
                     f"{login}: TOTP code removed" if had else f"{login} had no TOTP code"))

    @staff.command(name="list", help=T("職員と権限の一覧", "staff and their roles"))
    @json_option
    def list_(as_json: bool) -> None:
        members = state().psc().staff_roles()
        if as_json:
            emit_json([{"login": d.staff.login, "name": d.staff.name, "active": d.staff.active,
                        "roles": {p: r.value for p, r in d.roles.items()},
                        "office_roles": {o: {p: r.value for p, r in roles.items()}
                                         for o, roles in d.office_roles.items()}}
                       for d in members])
            return
        table([T("ログイン名", "login"), T("氏名", "name"), T("有効", "active"),
               T("権限", "roles")],
              [(d.staff.login, d.staff.name, d.staff.active,
                ", ".join([f"{p}:{r.label.text()}" for p, r in sorted(d.roles.items())]
                          + [f"{o}/{p}:{r.label.text()}" for o, roles in d.office_roles.items()
                             for p, r in sorted(roles.items())]) or "-")
               for d in members])

    return staff
