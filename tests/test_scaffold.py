"""``psc plugin new``: the generated plugin installs, passes its own tests (psccore's
conformance suite among them) and its command works, as generated."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from psccore.cli import build_cli
from psccore.i18n import reset_lang, set_lang


def new(*args: str, lang: str = "ja") -> Result:
    """``psc plugin new …`` in-process (it needs no database)."""
    token = set_lang(lang)
    try:
        return CliRunner().invoke(build_cli(), ["plugin", "new", *args],
                                  env={"PSC_LANG": lang, "PSC_STRICT_PLUGINS": "1"})
    finally:
        reset_lang(token)


def _generate(into: Path) -> Path:
    result = new("city_project", "--into", str(into), "--label-ja", "市の新規事業",
                 "--label-en", "City project")
    assert result.exit_code == 0, result.output
    return into / "psc-city-project"


def _install(plugin: Path, site: Path) -> dict[str, str]:
    """Installed into a folder of its own, seen through PYTHONPATH: the test environment
    stays as it was."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(site), str(plugin)],
                   check=True, capture_output=True, timeout=300)
    return {**os.environ, "PYTHONPATH": str(site), "PSC_LANG": "ja"}


def test_a_generated_plugin_installs_passes_its_tests_and_runs(tmp_path: Path) -> None:
    plugin = _generate(tmp_path)
    written = sorted(str(p.relative_to(plugin)) for p in plugin.rglob("*") if p.is_file())
    assert written == [
        "README.md", "pyproject.toml", "src/psc_city_project/__init__.py",
        "src/psc_city_project/cli.py", "src/psc_city_project/intake.py",
        "src/psc_city_project/migrations/city_project_0001_initial.py",
        "src/psc_city_project/plugin.py", "src/psc_city_project/py.typed",
        "src/psc_city_project/records.py",
        "src/psc_city_project/service.py", "src/psc_city_project/tables.py",
        "tests/test_city_project.py"]
    env = _install(plugin, tmp_path / "site")

    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            str(plugin / "tests")], cwd=plugin, env=env, capture_output=True,
                           text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout and "failed" not in tests.stdout

    env |= {"PSC_DATABASE_URL": f"sqlite:///{tmp_path / 'office.db'}",
            "PSC_KEY_FILE": str(tmp_path / "office.keys"), "PSC_USER": "sato.h"}

    def psc(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "psccore", *args], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    psc("init", "--admin", "sato.h", "--name", "佐藤 裕子")
    psc("person", "add", "--name", "試験 花子", "--kana", "シケン ハナコ",
        "--birth-date", "1990-04-01")
    psc("case", "open", "1", "--program", "city_project", "--set", "goal=清掃",
        "--set", "days_per_week=2", "--on", "2026-04-01")
    assert "活動を記録しました" in psc("city_project", "activity", "1", "--on", "2026-05-01",
                                      "--note", "清掃活動")
    assert "清掃活動" in psc("city_project", "activities", "1")
    assert "清掃活動" in psc("city_project", "activities", "試験花子")  # a case by its person's name
    report = psc("report", "fy", "2026", "--section", "city_project", "--lang", "en")
    assert "participants" in report and "activities" in report


def test_generated_code_passes_ruff_and_strict_mypy_with_its_own_settings(
        tmp_path: Path) -> None:
    """Names that sort differently from the template's order (``Topic`` after
    ``SavedSession``), a decimal, a bool and a sensitive field: the plugin's own
    ``pyproject.toml`` settings (psccore third-party, the plugin first-party) pass as
    generated."""
    result = new("kakei_test", "--into", str(tmp_path), "--record", "session/家計相談",
                 "--field", "topic:choice=budget(家計表),debt(債務)/相談内容",
                 "--field", "zone:choice=north(北),south(南)", "--field", "minutes:int=10..240",
                 "--field", "income:decimal?", "--field", "done:bool",
                 "--field", "memo:sensitive?")
    assert result.exit_code == 0, result.output
    plugin = tmp_path / "psc-kakei-test"
    for tool in (["ruff", "check", "--no-cache", "."], ["mypy", "--cache-dir", str(tmp_path / "c")]):
        done = subprocess.run([sys.executable, "-m", *tool], cwd=plugin, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


@pytest.mark.parametrize(("code", "message"), [
    ("City", "lower-case"), ("x", "lower-case"), ("class", "lower-case"),
    ("a_very_long_program_code_name", "lower-case"), ("household_budget", "already taken"),
])
def test_a_bad_code_writes_nothing(tmp_path: Path, code: str, message: str) -> None:
    result = new(code, "--into", str(tmp_path), lang="en")
    assert result.exit_code == 2 and message in result.output, result.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "psc-city-project").mkdir()
    result = new("city_project", "--into", str(tmp_path))
    assert result.exit_code == 2 and "すでにあります" in result.output
    assert list((tmp_path / "psc-city-project").iterdir()) == []


@pytest.mark.parametrize(("lang", "summary"), [("ja", "新しい事業のプラグイン一式を書き出します"),
                                               ("en", "write a complete plugin")])
def test_the_plugin_group_lists_new_with_its_summary(lang: str, summary: str) -> None:
    token = set_lang(lang)
    try:
        shown = CliRunner().invoke(build_cli(), ["plugin", "--help"], env={"PSC_LANG": lang})
    finally:
        reset_lang(token)
    assert shown.exit_code == 0, shown.output
    [line] = [row for row in shown.output.splitlines() if row.strip().startswith("new ")]
    assert summary in line and "..." not in line, shown.output
    assert "psc programs" in shown.output  # the list of programs installed is there
