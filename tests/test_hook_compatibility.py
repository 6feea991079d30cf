"""Hooks only gain arguments (docs/plugins/compatibility.md): every hook of a release, with
every argument it had, is still there, so plugins written for it keep working."""

import inspect
import json
from pathlib import Path

import pytest

from psccore import hookspecs

RELEASED = json.loads((Path(__file__).parent / "data" / "hooks-0.1.json").read_text())


@pytest.mark.parametrize("hook", sorted(RELEASED))
def test_a_released_hook_keeps_its_arguments(hook: str) -> None:
    assert hasattr(hookspecs, hook), f"{hook} was removed: add a new hook instead"
    now = list(inspect.signature(getattr(hookspecs, hook)).parameters)
    assert [a for a in now if a in RELEASED[hook]] == RELEASED[hook], (
        f"{hook}: released arguments {RELEASED[hook]} must stay, in order; now {now}")


def test_an_implementation_taking_fewer_arguments_still_works(psc_database_url: str) -> None:
    """A plugin written when psc_disclosure_items had four arguments is called with those."""
    from psccore import Psc, hookimpl

    seen: list[str] = []

    class Older:
        @hookimpl
        def psc_disclosure_items(self, person_id, category, conn, register):  # type: ignore[no-untyped-def]
            seen.append(category)

    from psccore.plugins import call_plugin

    psc = Psc.open(psc_database_url, staff="admin", extra_plugins=[("older", Older())],
                   strict_plugins=True)
    [impl] = [i for i in psc.ctx.registry.pm.hook.psc_disclosure_items.get_hookimpls()
              if i.plugin_name == "older"]
    call_plugin(impl, person_id=1, category="health", conn=None, register=print,
                case_ids=[1], may_disclose=lambda case, program: True)  # as core calls it
    assert seen == ["health"]
    psc.close()


def test_a_plugin_written_for_0_1_works_and_is_warned() -> None:
    """tests/plugin_household keeps the 0.1 hooks: it loads, with a warning naming it and
    what replaces each hook; the program objects of the four programs warn of nothing."""
    import warnings

    from psccore.plugins import load_registry

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        registry = load_registry(strict=True)
    texts = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert "household_budget" in registry.programs and "household_budget" in registry.hooks.owner
    assert any("plugin household_budget implements psc_case_event" in t
               and "on_event()" in t for t in texts), texts
    assert not [t for t in texts if "plugin household_budget" not in t], texts
