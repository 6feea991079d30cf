"""The plugin contract: discovery, order, allow/deny lists, broken plugins, docs."""

import inspect
import json
import re
from pathlib import Path

import pytest

from psccore import AgendaQuery, Label, Psc, ReportSection, hookimpl, hookspecs
from psccore.plugins import PluginError, load_registry, plugin_entry_points
from psccore.testing import run_psc

DOCS = Path(__file__).parents[1] / "docs" / "plugins" / "hooks.md"


def test_entry_points_are_sorted_and_filtered(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [ep.name for ep in plugin_entry_points()]
    assert names == sorted(names) and "household_budget" in names
    monkeypatch.setenv("PSC_DISABLE_PLUGINS", "household_budget")
    assert "household_budget" not in [ep.name for ep in plugin_entry_points()]
    monkeypatch.delenv("PSC_DISABLE_PLUGINS")
    monkeypatch.setenv("PSC_PLUGINS", "household_budget")
    assert [ep.name for ep in plugin_entry_points()] == ["household_budget"]


def test_a_fifth_program_works_through_the_cli_with_no_change_to_core(tmp_path: Path) -> None:
    env = {"PSC_DATABASE_URL": f"sqlite:///{tmp_path / 'five.db'}", "PSC_LANG": "en",
           "PSC_USER": "admin"}
    assert run_psc(["init", "--admin", "admin", "--name", "Admin"], env).returncode == 0
    listed = json.loads(run_psc(["programs", "--json"], env).stdout)
    assert "household_budget" in [p["code"] for p in listed]
    person = json.loads(run_psc(["person", "add", "--name", "後藤 悠斗", "--kana", "ゴトウ ユウト",
                                 "--json"], env).stdout)
    opened = run_psc(["case", "open", str(person["id"]), "--program", "household_budget",
                      "--set", "monthly_income=90000", "--set", "housing=public"], env)
    assert opened.returncode == 0, opened.stderr
    assert "Household budget support" in opened.stdout
    command = run_psc(["household_budget", "menu"], env)
    assert command.returncode == 0 and command.stdout.strip() == "budget_plan"


def test_a_disabled_plugin_is_not_even_imported(tmp_path: Path) -> None:
    code = ("import sys; from psccore.plugins import load_registry; r = load_registry(); "
            "print(sorted(r.programs)); print('psc_household_budget' in sys.modules)")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**__import__("os").environ,
                              "PSC_DISABLE_PLUGINS": "household_budget"}, check=True).stdout
    assert "household_budget" not in out.splitlines()[0]
    assert out.splitlines()[1] == "False"


class Misspelled:
    @hookimpl
    def psc_register_program(self, register):  # type: ignore[no-untyped-def]
        """One letter short of a real hook."""


def test_a_broken_plugin_warns_unless_strict() -> None:
    registry = load_registry(strict=False, extra=[("typo", Misspelled())])
    assert [b.name for b in registry.broken] == ["typo"]
    assert "psc_register_program" in registry.broken[0].error
    assert "household_budget" in registry.programs  # the others still load
    with pytest.raises(PluginError) as caught:
        load_registry(strict=True, extra=[("typo", Misspelled())])
    assert "typo" in caught.value.text("en")


def test_the_cli_survives_a_broken_plugin(tmp_path: Path) -> None:
    broken = tmp_path / "broken_pkg"
    (broken / "psc_broken-0.1.dist-info").mkdir(parents=True)
    (broken / "psc_broken-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: psc-broken\nVersion: 0.1\n")
    (broken / "psc_broken-0.1.dist-info" / "entry_points.txt").write_text(
        "[psccore]\nbroken = psc_broken\n")
    (broken / "psc_broken.py").write_text("raise ImportError('missing dependency foo')\n")
    import os

    env = {"PYTHONPATH": os.pathsep.join([str(broken), os.environ["PYTHONPATH"]]),
           "PSC_LANG": "en", "PSC_STRICT_PLUGINS": "0"}
    result = run_psc(["programs"], env)
    assert result.returncode == 0
    assert "Plugin broken could not be loaded" in result.stderr
    assert "household_budget" in result.stdout
    assert "Traceback" not in result.stderr


class Exploding:
    @hookimpl
    def psc_case_event(self, event, tx):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")


def test_a_plugin_failing_in_a_case_event_rolls_back_and_is_named(psc_database_url: str) -> None:
    from psccore.app import Psc

    psc = Psc.open(psc_database_url, staff="admin", extra_plugins=[("exploding", Exploding())])
    person = psc.add_person({"name": "遠藤 結衣", "kana": "エンドウ ユイ"})
    with pytest.raises(PluginError) as caught:
        psc.open_case(person.id, "household_budget", {"monthly_income": 1, "housing": "owned"})
    assert "exploding" in caught.value.text("en") and "boom" in caught.value.text("en")
    assert psc.list_cases() == []
    psc.close()


def test_every_hook_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    hooks = [n for n, f in inspect.getmembers(hookspecs, inspect.isfunction)
             if n.startswith("psc_")]
    assert len(hooks) >= 6
    for name in hooks:
        signature = str(inspect.signature(getattr(hookspecs, name))).split(" ->")[0]
        params = ", ".join(re.findall(r"(\w+):", signature))
        assert f"## `{name}({params})`" in text, f"{name} is not documented in docs/plugins/hooks.md"


class FailsToRegister:
    @hookimpl
    def psc_register_programs(self, register):  # type: ignore[no-untyped-def]
        raise RuntimeError("cannot read my settings")


def test_a_plugin_failing_to_register_is_left_out_with_a_warning() -> None:
    registry = load_registry(strict=False, extra=[("fails", FailsToRegister())])
    assert [b.name for b in registry.broken] == ["fails"]
    assert "cannot read my settings" in registry.broken[0].error
    assert "household_budget" in registry.programs
    with pytest.raises(PluginError):
        load_registry(strict=True, extra=[("fails", FailsToRegister())])


class Faulty:
    """Fails in every hook it implements, after the fact of registering."""

    @hookimpl
    def psc_report_sections(self, register):  # type: ignore[no-untyped-def]
        def build(query, period):  # type: ignore[no-untyped-def]
            raise ZeroDivisionError("no rows today")

        register(ReportSection(key="faulty", title=Label("故障", "faulty"), build=build))

    @hookimpl
    def psc_erase_person(self, person_id, tx):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    @hookimpl
    def psc_agenda(self, query, conn, register):  # type: ignore[no-untyped-def]
        raise KeyError("due")


def test_a_plugin_failing_in_any_hook_is_named_and_changes_nothing(
        psc_database_url: str) -> None:
    import datetime as dt

    from psccore.domain.program import ReportPeriod

    psc = Psc.open(psc_database_url, staff="admin", extra_plugins=[("faulty", Faulty())],
                   strict_plugins=True)
    person = psc.add_person({"name": "消去 候補", "kana": "ショウキョ コウホ"})
    case = psc.open_case(person.id or 0, "household_budget",
                         {"monthly_income": 1, "housing": "owned"}, dt.date(2020, 4, 1))
    psc.close_case(case.case.id or 0, "moved", on=dt.date(2020, 5, 1))
    audit_before = psc.verify_audit()[0]
    for call, words in (
            (lambda: psc.report(ReportPeriod.fiscal_year(2020), ["faulty"]), "no rows today"),
            (lambda: psc.erase_person(person.id or 0, dry_run=False,
                                      today=dt.date(2030, 1, 1)), "disk on fire"),
            (lambda: psc.agenda(AgendaQuery(today=dt.date(2020, 4, 2))), "due")):
        with pytest.raises(PluginError) as caught:
            call()
        assert "faulty" in caught.value.text("en") and words in caught.value.text("en")
    assert psc.get_person(person.id or 0).name == "消去 候補"  # the erasure was rolled back
    assert psc.verify_audit()[0] == audit_before and psc.verify_audit()[1] == []
    psc.close()
