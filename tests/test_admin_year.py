"""An administrator's year at the terminal: staff leaving, keys rotated, backups restored,
the audit trail checked; each step says what to do next."""

from __future__ import annotations

from psccore.app import Psc

PROGRAM = "household_budget"


def _case_of(psc: Psc, login: str, name: str, kana: str) -> int:
    person = psc.add_person({"name": name, "kana": kana, "birth_date": "1980-01-02"})
    case = psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"})
    psc.assign_case(case.case.id or 0, login)
    return case.case.id or 0


def test_deactivating_names_the_open_cases_still_theirs(psc: Psc, psc_cli) -> None:
    psc.add_staff("kato.m", "加藤 誠")
    psc.grant("kato.m", "caseworker", PROGRAM)
    first = _case_of(psc, "kato.m", "山田 太郎", "ヤマダ タロウ")
    second = _case_of(psc, "kato.m", "佐々木 一郎", "ササキ イチロウ")
    psc.close_case(first, "employment")
    result = psc_cli("staff", "deactivate", "kato.m")
    assert result.exit_code == 0, result.output
    assert f"支援中のケースが 1 件あります（{second}）" in result.output
    assert "psc case assign" in result.output
    theirs = psc_cli("case", "list", "--staff", "加藤 誠", "--status", "open")
    assert theirs.exit_code == 0, theirs.output
    assert f"\n{second} " in theirs.output and f"\n{first} " not in theirs.output
    handed = psc_cli("case", "assign", str(second), "--to", "admin")
    assert handed.exit_code == 0, handed.output
    psc.add_staff("ono.a", "小野 明")
    psc.grant("ono.a", "caseworker", PROGRAM)
    quiet = psc_cli("staff", "deactivate", "ono.a", lang="en")
    assert quiet.exit_code == 0 and "open cases" not in quiet.output
    back = psc_cli("staff", "activate", "ono.a")  # someone back from leave, roles as they were
    assert back.exit_code == 0 and "有効に戻しました" in back.output
    assert psc.acting_as("ono.a").my_grants().roles


def test_unlocking_a_login_that_is_not_locked_says_so(psc: Psc, psc_cli) -> None:
    psc.add_staff("kato.m", "加藤 誠")
    seq = psc.audit_head()[0]
    said = psc_cli("staff", "unlock", "kato.m")
    assert said.exit_code == 0 and "停止していません" in said.output
    assert psc.audit_head()[0] == seq  # nothing was undone, nothing audited
    assert psc_cli("staff", "unlock", "nobody").exit_code == 3


def test_rotating_keys_says_to_renew_the_kept_copy_and_keep_old_lines(
        psc_cli, tmp_path, monkeypatch) -> None:
    from psccore.crypto import write_new_key_file

    key_file = tmp_path / "psc.keys"
    write_new_key_file(key_file)
    monkeypatch.delenv("PSC_KEY")
    monkeypatch.setenv("PSC_KEY_FILE", str(key_file))
    result = psc_cli("keys", "rotate")
    assert result.exit_code == 0, result.output
    assert "削除できます" not in result.output
    assert "保管しているコピーをこのファイルで置き換えて" in result.output
    assert "古い鍵の行は" in result.output and "消さないでください" in result.output


def test_a_backup_sealed_with_a_key_since_dropped_says_which_to_add(
        psc: Psc, psc_cli, tmp_path, monkeypatch) -> None:
    import base64
    import secrets

    person = psc.add_person({"name": "鈴木 花子", "kana": "スズキ ハナコ"})
    psc.open_case(person.id or 0, "consultation",
                  {"route": "本人来所", "topics": ["住まい"], "health": "腰痛で通院中"})
    backup = tmp_path / "before.db"
    assert psc_cli("db", "backup", str(backup)).exit_code == 0
    monkeypatch.setenv("PSC_KEY", f"new:{base64.b64encode(secrets.token_bytes(32)).decode()}")
    refused = psc_cli("db", "restore", str(backup), "--yes")
    assert refused.exit_code == 2, refused.output
    assert "暗号鍵 test で暗号化されています" in refused.output
    assert "鍵 test の行を" in refused.output


def test_a_broken_trail_says_what_to_do_first(psc: Psc, psc_cli) -> None:
    from psccore.store import tables as t

    psc.add_person({"name": "千葉 陽菜", "kana": "チバ ハルナ"})
    intact = psc_cli("audit", "verify")
    assert intact.exit_code == 0 and "責任者" not in intact.output
    with psc.ctx.db.engine.begin() as conn:
        conn.execute(t.audit_log.update().where(t.audit_log.c.seq == 1).values(action="read"))
    result = psc_cli("audit", "verify")
    assert result.exit_code == 1
    assert "#1: 内容が書き換えられています" in result.output
    assert "これ以上何も変えずに" in result.output and "docs/guide.md「監査」" in result.output


def test_serve_refuses_a_port_in_use_in_words(psc_cli, monkeypatch) -> None:
    import socket

    import uvicorn

    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: started.append(kw))
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = psc_cli("serve", "--port", str(port))
    assert result.exit_code == 6, result.output
    assert f"127.0.0.1:{port} は他のプログラムが使っています" in result.output
    assert "--port で別のポート" in result.output and not started


def test_serve_refuses_a_database_with_migrations_pending(psc: Psc, psc_cli,
                                                          monkeypatch) -> None:
    import uvicorn

    from psccore.store import migrate

    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: started.append(kw))
    migrate.downgrade(psc.ctx.db, psc.ctx.registry, "core_0020")
    result = psc_cli("serve", "--port", "1")
    assert result.exit_code == 6, result.output
    assert "未適用の移行があります（core_" in result.output
    assert "`psc db upgrade`" in result.output and not started
    assert psc_cli("db", "upgrade").exit_code == 0


def _admin_commands() -> list[list[str]]:
    """The ``psc`` lines of the guide's section on an administrator's year."""
    import re
    import shlex
    from pathlib import Path

    guide = (Path(__file__).parent.parent / "docs" / "guide.md").read_text(encoding="utf-8")
    section = guide.split("## 管理者の1年", 1)[1].split("\n## ", 1)[0]
    found = []
    for block in re.findall(r"```\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            for part in line.split("#", 1)[0].split(" ; "):
                words = shlex.split(part.replace("</dev/null", ""))
                if words[:1] == ["psc"]:
                    found.append(words[1:])
    return found


def test_every_command_of_the_administrators_year_exists_with_its_options() -> None:
    import click

    from psccore.cli import build_cli

    commands = _admin_commands()
    assert len(commands) > 25
    for words in commands:
        command: click.Command = build_cli()
        rest = list(words)
        if rest[:1] == ["--database"]:
            rest = rest[2:]  # psc's own option
        while isinstance(command, click.Group) and rest:
            found = command.get_command(click.Context(command), rest[0])
            assert found is not None, words
            command, rest = found, rest[1:]
        names = {name for param in command.params for name in param.opts}
        for word in rest:
            if word.startswith("-") and word != "-":
                assert word in names, (words, word)
