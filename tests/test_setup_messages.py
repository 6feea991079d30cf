"""A missing or wrong database, a repeated `psc init` and a disabled plugin are explained
in words, with the documented exit code."""

from pathlib import Path

from click.testing import CliRunner

from psccore.cli import build_cli


def _cli(args: list[str], env: dict[str, str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_cli(), args, env={"PSC_LANG": "en", **env})


def test_reading_a_database_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.db"
    result = _cli(["case", "list"], {"PSC_DATABASE_URL": f"sqlite:///{target}"})
    assert result.exit_code == 6 and "Run `psc init`" in result.output
    assert not target.parent.exists()
    bad = _cli(["case", "list"], {"PSC_DATABASE_URL": "foo://x"})
    assert bad.exit_code == 6 and "Cannot use the database URL" in bad.output


def test_init_twice_and_a_disabled_plugin_are_explained(tmp_path: Path) -> None:
    env = {"PSC_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    assert _cli(["init", "--admin", "sato", "--name", "佐藤"], env).exit_code == 0
    again = _cli(["init", "--admin", "sato", "--name", "佐藤"], env)
    assert again.exit_code == 0 and "already registered" in again.output
    status = _cli(["db", "status"], {**env, "PSC_DISABLE_PLUGINS": "household_budget"})
    assert status.exit_code == 6 and "not loaded" in status.output


def test_init_refusing_the_first_password_registers_no_one(tmp_path: Path) -> None:
    env = {"PSC_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
           "PSC_KEY_FILE": str(tmp_path / "psc.keys")}
    short = CliRunner().invoke(build_cli(), ["init", "--admin", "sato", "--name", "佐藤",
                                             "--password-stdin"], input="short\n", env=env)
    assert short.exit_code == 2 and "10文字以上" in short.output
    assert "登録しました" not in short.output
    again = CliRunner().invoke(build_cli(), ["init", "--admin", "sato", "--name", "佐藤",
                                             "--password-stdin"],
                               input="a-long-password\n", env=env)
    assert again.exit_code == 0 and "職員を登録しました: sato" in again.output


def test_a_password_too_short_at_the_terminal_is_asked_again(tmp_path: Path) -> None:
    env = {"PSC_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
           "PSC_KEY_FILE": str(tmp_path / "psc.keys"), "PSC_USER": "sato"}
    assert _cli(["init", "--admin", "sato", "--name", "佐藤"], env).exit_code == 0
    asked = CliRunner().invoke(build_cli(), ["staff", "password", "sato"],
                               input="short\nshort\na-long-password\na-long-password\n",
                               env=env)
    assert asked.exit_code == 0, asked.output
    assert "10文字以上" in asked.output and "sato のパスワードを設定しました" in asked.output
