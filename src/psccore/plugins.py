"""The plugin manager and the registry of what plugins contribute.

Plugins are found through the ``psccore`` entry-point group, in name order
(entry-point order is undefined otherwise). ``PSC_PLUGINS`` (allow-list) and
``PSC_DISABLE_PLUGINS`` (deny-list), comma-separated entry-point names, choose
which are loaded; a plugin left out is not even imported. A plugin that fails
to load is skipped with a warning, unless ``PSC_STRICT_PLUGINS=1`` (or
``strict=True``) makes it an error, as tests want.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TypeVar

import attrs
import pluggy

from psccore import hookspecs
from psccore.discovery import plugin_entry_points
from psccore.domain.program import Migrations, Program, ReportSection, SupportMenuItem
from psccore.hooks import PLUGIN_FAILED, Hooks, PluginError, blame, call_plugin, describe
from psccore.i18n import Label

__all__ = ["PLUGIN_FAILED", "BrokenPlugin", "Hooks", "PluginError", "Registry", "call_plugin",
           "load_registry", "plugin_entry_points"]

T = TypeVar("T")

PLUGIN_BROKEN = Label(
    "プラグイン {name} を読み込めませんでした（読み込みを省略します）: {error}",
    "Plugin {name} could not be loaded and was skipped: {error}",
)
DUPLICATE = Label(
    "プラグイン {name} が登録した {what} {key} はすでに登録されています",
    "{what} {key} registered by plugin {name} is already registered",
)
#: core's own contributions, registered first (imported by name: core's modules are
#: loaded on use, and the registry does not depend on the services they call)
DEFAULT_PLUGINS = (("psccore", "psccore.core_plugin"),)


@attrs.frozen
class BrokenPlugin:
    name: str
    error: str


def strict_default() -> bool:
    return os.environ.get("PSC_STRICT_PLUGINS", "") not in ("", "0")


def build_plugin_manager(
    *, strict: bool | None = None, extra: Sequence[tuple[str, object]] = (),
    only: Collection[str] | None = None,
) -> tuple[pluggy.PluginManager, list[BrokenPlugin]]:
    """Load the enabled plugins (of those named in ``only``, if given) and ``extra``
    ``(name, plugin)`` pairs, for tests."""
    strict = strict_default() if strict is None else strict
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    broken: list[BrokenPlugin] = []
    candidates: list[tuple[str, Callable[[], object]]] = [
        (name, _imports(module)) for name, module in DEFAULT_PLUGINS]
    candidates += [(ep.name, ep.load) for ep in plugin_entry_points()
                   if only is None or ep.name in only]
    candidates += [(name, _returns(plugin)) for name, plugin in extra]
    for name, load in candidates:
        try:
            pm.register(load(), name=name)
            pm.check_pending()  # a misspelled hook fails here, naming the plugin
            _warn_replaced(pm, name)
        except Exception as exc:
            if pm.has_plugin(name):
                pm.unregister(name=name)
            if strict:
                raise PluginError(PLUGIN_BROKEN, name=name, error=describe(exc)) from exc
            broken.append(BrokenPlugin(name, describe(exc)))
    return pm, broken


def _warn_replaced(pm: pluggy.PluginManager, name: str) -> None:
    """A plugin written for 0.1 still works; tell its author what replaces its hooks.
    (Core's default plugin is no program: its commands stay a hook.)"""
    if name in {core for core, _ in DEFAULT_PLUGINS}:
        return
    plugin = pm.get_plugin(name)
    for caller in pm.get_hookcallers(plugin) or []:
        method = hookspecs.REPLACED_BY.get(caller.name)
        if method is not None:
            warnings.warn(f"plugin {name} implements {caller.name}, deprecated since psccore "
                          f"0.2: give its program object the method {method.split('.')[1]}() "
                          f"instead ({method}; docs/plugins/compatibility.md)",
                          DeprecationWarning, stacklevel=3)


def _returns(plugin: object) -> Callable[[], object]:
    return lambda: plugin


def _imports(module: str) -> Callable[[], object]:
    return lambda: importlib.import_module(module)


@attrs.frozen
class Registry:
    """What the loaded plugins contribute, validated and sorted; ``hooks`` calls them."""

    pm: pluggy.PluginManager
    programs: dict[str, Program]
    menu: list[SupportMenuItem]
    report_sections: list[ReportSection]
    migrations: list[Migrations]
    broken: list[BrokenPlugin]
    hooks: Hooks

    def program(self, code: str) -> Program | None:
        return self.programs.get(code)


Origin = tuple[str, T]  # (plugin name, what it registered)


def collect(pm: pluggy.PluginManager, hook: str, kind: type[T], what: Label,
            key: Callable[[T], str], given: Sequence[Origin[T]] = ()) -> list[Origin[T]]:
    """Call a ``register``-style hook plugin by plugin, checking every item and adding
    it to those ``given`` (by program objects), which no plugin may register again."""
    items: dict[str, Origin[T]] = {}

    def add(plugin: str, item: object) -> None:
        if not isinstance(item, kind):
            raise PluginError(PLUGIN_FAILED, name=plugin,
                              error=f"{hook} expects {kind.__name__}, got {item!r}")
        if key(item) in items:
            raise PluginError(DUPLICATE, name=plugin, what=what, key=key(item))
        items[key(item)] = (plugin, item)

    impls = getattr(pm.hook, hook).get_hookimpls()
    core = {name for name, _ in DEFAULT_PLUGINS}
    for impl in (i for i in impls if i.plugin_name in core):  # core's first: they win
        call_plugin(impl, register=lambda item, _p=impl.plugin_name: add(_p, item))
    for plugin, item in given:
        add(plugin, item)
    for impl in (i for i in impls if i.plugin_name not in core):
        call_plugin(impl, register=lambda item, _p=impl.plugin_name: add(_p, item))
    return [items[k] for k in sorted(items)]


def load_registry(*, strict: bool | None = None, extra: Sequence[tuple[str, object]] = (),
                  only: Collection[str] | None = None) -> Registry:
    """Load the plugins and what they register. A plugin whose registration fails is
    left out with a warning (unless strict), like one that fails to import."""
    strict = strict_default() if strict is None else strict
    pm, broken = build_plugin_manager(strict=strict, extra=extra, only=only)
    while True:
        try:
            return _registry(pm, broken)
        except PluginError as exc:
            if strict or not pm.has_plugin(exc.plugin):
                raise
            pm.unregister(name=exc.plugin)
            broken.append(BrokenPlugin(exc.plugin, exc.text("en")))


def _registry(pm: pluggy.PluginManager, broken: list[BrokenPlugin]) -> Registry:
    programs = collect(pm, "psc_register_programs", Program, Label("事業", "program"),
                       lambda p: p.code)
    owner = {program.code: plugin for plugin, program in programs}

    def given(method: Callable[[Program], Iterable[T]]) -> list[Origin[T]]:
        found: list[Origin[T]] = []
        for plugin, program in programs:
            with blame(plugin):
                found += [(plugin, item) for item in method(program)]
        return found

    menu = collect(pm, "psc_support_menu", SupportMenuItem,
                   Label("支援メニュー", "support menu item"), lambda m: f"{m.program}.{m.kind}",
                   _own(given(lambda p: p.menu()), lambda m: m.program, owner))
    sections = collect(pm, "psc_report_sections", ReportSection,
                       Label("報告の節", "report section"), lambda s: s.key,
                       given(lambda p: p.report_sections()))
    migrations = collect(pm, "psc_migrations", Migrations, Label("移行", "migration branch"),
                         lambda m: m.branch, given(_migrations))
    return Registry(
        pm=pm,
        programs={p.code: p for _, p in programs},
        menu=[m for _, m in menu],
        report_sections=sorted((s for _, s in sections), key=lambda s: (s.order, s.key)),
        migrations=[m for _, m in migrations],
        broken=broken,
        hooks=Hooks(pm, {p.code: p for _, p in programs}, owner),
    )


def _migrations(program: Program) -> list[Migrations]:
    found = program.migrations()
    return [] if found is None else [found]


WRONG_PROGRAM = "menu item of program {program}, given by the program object of {code}"


def _own(items: list[Origin[T]], program: Callable[[T], str],
         owner: dict[str, str]) -> list[Origin[T]]:
    """A program object offers menu items of its own program only."""
    for plugin, item in items:
        if owner.get(program(item)) != plugin:
            raise PluginError(PLUGIN_FAILED, name=plugin, error=WRONG_PROGRAM.format(
                program=program(item), code=plugin))
    return items


def warn_broken(broken: Iterable[BrokenPlugin]) -> None:
    for plugin in broken:
        print(PLUGIN_BROKEN.format(name=plugin.name, error=plugin.error), file=sys.stderr)
