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
