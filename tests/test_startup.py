"""Start-up stays quick: each command imports only what it needs (read from
``-X importtime`` in a child process), and the command index that spares ``psc --help``
the entry-point metadata is rebuilt when the installed distributions change and never
breaks ``psc`` when it is damaged or cannot be written."""

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

import pytest

from psccore import discovery
from psccore.app import Psc
from psccore.cli.catalog import GENERATED, generated_text
from psccore.testing import run_psc

PLUGINS = {"psc_readiness", "psc_jm_training", "psc_cancer_reemployment",
           "psc_childcare_aftercare", "psc_household_budget"}


def imported(args: list[str], env: dict[str, str]) -> tuple[set[str], str]:
    """The modules ``psc ARGS`` imports, and what it printed."""
    result = run_psc(args, {**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    return set(re.findall(r"\|\s+([\w.]+)\s*$", result.stderr, re.MULTILINE)), result.stdout


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def cache(tmp_path: Path) -> dict[str, str]:
    """An empty cache folder of the test's own, as ``XDG_CACHE_HOME``."""
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PSC_LANG": "ja"}


def test_help_lists_programs_without_importing_sqlalchemy_or_plugins(
        cache: dict[str, str]) -> None:
    run_psc(["--help"], cache)  # the first run after an install fills the index
    modules, shown = imported(["--help"], cache)
    assert "click" in modules
    assert "sqlalchemy" not in tops(modules)
    assert not tops(modules) & PLUGINS
    assert not {"pluggy", "attrs", "importlib.metadata"} & modules  # nor the plugin machinery
    assert "household_budget" in shown and "事業（プラグイン）" in shown
    assert "家計改善支援事業" in shown  # the group's own help, kept in the index


def test_help_in_english(cache: dict[str, str]) -> None:
    result = run_psc(["--lang", "en", "--help"], cache)
    assert "Usage: psc" in result.stdout and "Programs (plugins)" in result.stdout
    assert "Work readiness support" in result.stdout  # each group's help, in English


def test_help_respects_the_plugin_lists(cache: dict[str, str]) -> None:
    run_psc(["--help"], cache)
    shown = run_psc(["--help"], {**cache, "PSC_DISABLE_PLUGINS": "household_budget"}).stdout
    assert "household_budget" not in shown and "readiness" in shown
    shown = run_psc(["--help"], {**cache, "PSC_PLUGINS": "readiness"}).stdout
    assert "readiness" in shown and "jm_training" not in shown
    result = run_psc(["household_budget", "--help"],
                     {**cache, "PSC_DISABLE_PLUGINS": "household_budget"})
    assert result.returncode != 0 and "household_budget" in result.stderr


def test_program_help_imports_that_program_only(cache: dict[str, str]) -> None:
    first, shown = imported(["readiness", "--help"], cache)  # not yet in the index
    assert tops(first) & PLUGINS == {"psc_readiness"}
    assert "就労準備支援事業" in shown and "timetable" in shown
    again, shown_again = imported(["readiness", "--help"], cache)  # from the index
    assert not tops(again) & PLUGINS and "sqlalchemy" not in tops(again)
    assert shown_again == shown
    english = run_psc(["readiness", "--help"], {**cache, "PSC_LANG": "en"}).stdout
    assert "Work readiness support" in english


def test_a_program_command_loads_that_plugin_only(cache: dict[str, str]) -> None:
    modules, shown = imported(["readiness", "menu"], cache)
    assert tops(modules) & PLUGINS == {"psc_readiness"}
    assert "work_program" in shown


@pytest.fixture
def office(psc_database_url: str, cache: dict[str, str]) -> tuple[Psc, dict[str, str]]:
    """A database on SQLite (a staff member's office) and the environment to reach it."""
    if not psc_database_url.startswith("sqlite"):
        pytest.skip("start-up is measured on SQLite")
    psc = Psc.open(psc_database_url, staff="admin")
    return psc, {**cache, "PSC_DATABASE_URL": psc_database_url, "PSC_USER": "admin"}


def _case(psc: Psc, health_note: str | None) -> int:
    person = psc.add_person({"name": "起動 太郎", "kana": "キドウ タロウ"}, allow_duplicate=True)
    intake = {"monthly_income": 0, "housing": "rented", "health_note": health_note}
    return psc.open_case(person.id or 0, "household_budget", intake, dt.date(2026, 4, 1)).case.id or 0


HEAVY = {"alembic", "mako", "pygments", "openpyxl", "psycopg", "psycopg2"}


def test_case_show_imports_neither_migrations_nor_spreadsheets(office) -> None:
    psc, env = office
    sealed = _case(psc, "通院中")
    modules, shown = imported(["case", "show", str(sealed)], env)
    assert not tops(modules) & (HEAVY | {"cattrs"})  # rows are read without cattrs
    assert "cryptography" in tops(modules) and "通院中" in shown  # a sealed value was read
    plain = _case(psc, None)
    modules, shown = imported(["case", "show", str(plain)], env)
    assert not tops(modules) & (HEAVY | {"cryptography"})
    assert "家計改善支援事業" in shown


def test_builtin_index_matches_the_commands() -> None:
    assert GENERATED.read_text(encoding="utf-8") == generated_text(), (
        "run `python -m psccore.cli.catalog` to regenerate psccore/cli/builtin.py")


# --- the command index ----------------------------------------------------------------

def _dist(folder: Path, name: str, version: str) -> Path:
    info = folder / f"psc_{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: psc-{name}\nVersion: {version}\nSummary: {name} program\n")
    (info / "entry_points.txt").write_text(f"[psccore]\n{name} = psc_{name}\n")
    return info


def test_the_index_is_rebuilt_when_distributions_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PSC_PLUGINS", raising=False)
    monkeypatch.delenv("PSC_DISABLE_PLUGINS", raising=False)
    before = discovery.command_index()
    assert "extra" not in before.plugins
    site = tmp_path / "site"
    info = _dist(site, "extra", "0.1")
    monkeypatch.syspath_prepend(str(site))  # installed
    installed = discovery.command_index()
    assert installed.key != before.key
    assert installed.plugins["extra"]["version"] == "0.1"
    assert os.path.isfile(discovery._path(installed.key))  # kept for the next run
    info.rename(site / "psc_extra-0.2.dist-info")  # upgraded
    (site / "psc_extra-0.2.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: psc-extra\nVersion: 0.2\n")
    assert discovery.command_index().plugins["extra"]["version"] == "0.2"
    for path in (site / "psc_extra-0.2.dist-info").iterdir():  # removed
        path.unlink()
    (site / "psc_extra-0.2.dist-info").rmdir()
    assert "extra" not in discovery.command_index().plugins


def test_the_index_is_read_back_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    index = discovery.command_index()
    index.describe("household_budget", {"household_budget": {
        "summary": ["家計", "budget"], "help": ["家計の説明", "about budgets"]}})
    monkeypatch.setattr(discovery, "_current", None)  # a new process
    monkeypatch.setattr(discovery, "_scan", lambda: pytest.fail("metadata read again"))
    again = discovery.command_index()
    assert again.commands("household_budget") == {"household_budget": {
        "summary": ["家計", "budget"], "help": ["家計の説明", "about budgets"]}}


def _fill(env: dict[str, str]) -> Path:
    run_psc(["--help"], env)
    [path] = Path(env["XDG_CACHE_HOME"], "psccore").glob("commands-*.json")
    return path


@pytest.mark.parametrize("damage", [
    "not json {", json.dumps({"format": 1}), json.dumps({"format": 1, "key": "x"}), "",
    "SAME-KEY-BAD-PLUGINS",
])
def test_a_damaged_index_does_not_break_psc(cache: dict[str, str], damage: str) -> None:
    path = _fill(cache)
    if damage == "SAME-KEY-BAD-PLUGINS":
        data = json.loads(path.read_text(encoding="utf-8"))
        data["plugins"]["readiness"]["commands"] = {"readiness": {"summary": "x", "help": 3}}
        damage = json.dumps(data)
    path.write_text(damage, encoding="utf-8")
    result = run_psc(["--help"], cache)
    assert result.returncode == 0, result.stderr
    assert "readiness" in result.stdout and "Traceback" not in result.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["plugins"]  # written again, sound
    assert run_psc(["readiness", "--help"], cache).returncode == 0


def test_an_unwritable_cache_does_not_break_psc(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {"XDG_CACHE_HOME": str(blocker), "PSC_LANG": "en"}
    result = run_psc(["--help"], env)
    assert result.returncode == 0, result.stderr
    assert "household_budget" in result.stdout and "Traceback" not in result.stderr
    modules, _ = imported(["--help"], env)
    assert not tops(modules) & PLUGINS  # nothing kept, so no plugin is imported to describe
    result = run_psc(["readiness", "--help"], env)
    assert result.returncode == 0 and "Work readiness support" in result.stdout


def test_run_as_a_module_and_as_the_script_agree(cache: dict[str, str]) -> None:
    script = Path(sys.executable).with_name("psc")
    if not script.exists():
        pytest.skip("psc is not installed beside this python")
    import subprocess

    full = {**os.environ, **cache}
    by_script = subprocess.run([str(script), "--help"], capture_output=True, text=True,
                               env=full, check=True).stdout
    assert by_script == run_psc(["--help"], cache).stdout


#: what registering a program may import: its entry module (its program object names its
#: intake class, imported when a case of the program is touched)
ENTRY = {"", "plugin"}


def test_case_show_loads_only_the_code_of_the_case_s_program(office) -> None:
    import random

    psc, env = office
    person = psc.add_person({"name": "準備 花子", "kana": "ジュンビ ハナコ"})
    intake = psc.program("readiness").example_intake(random.Random(1))
    case = psc.open_case(person.id or 0, "readiness", intake, dt.date(2026, 4, 1)).case.id
    modules, shown = imported(["case", "show", str(case)], env)
    assert "就労準備支援事業" in shown
    others = {"psc_jm_training", "psc_cancer_reemployment", "psc_childcare_aftercare"}
    loaded = {m for m in modules if m.split(".")[0] in others}
    assert {m.partition(".")[2] for m in loaded} <= ENTRY, sorted(loaded)
    assert "psc_readiness.summary" in modules  # the case's own program, asked for its lines
    assert not {m for m in modules if m.endswith(".report")}  # no report is being made
    assert "psccore.services.statistics" not in modules
    later = {"psccore.store.tables_casework", "psccore.store.tables_employment",
             "psccore.store.tables_sign_in", "psccore.domain.pages"}
    assert not later & set(modules)  # tables and page classes the command does not use
