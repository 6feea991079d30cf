"""The plugin manager and the registry of what plugins contribute.

Plugins are found through the ``psccore`` entry-point group, in name order
(entry-point order is undefined otherwise). ``PSC_PLUGINS`` (allow-list) and
``PSC_DISABLE_PLUGINS`` (deny-list), comma-separated entry-point names, choose
which are loaded; a plugin left out is not even imported. A plugin that fails
to load is skipped with a warning, unless ``PSC_STRICT_PLUGINS=1`` (or
``strict=True``) makes it an error, as tests want.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

import attrs
import pluggy

from psccore import hookspecs
from psccore.discovery import plugin_entry_points
from psccore.domain.program import Migrations, Program, ReportSection, SupportMenuItem
from psccore.errors import PscError
from psccore.i18n import Label

T = TypeVar("T")

PLUGIN_BROKEN = Label(
    "プラグイン {name} を読み込めませんでした（読み込みを省略します）: {error}",
    "Plugin {name} could not be loaded and was skipped: {error}",
)
PLUGIN_FAILED = Label(
    "プラグイン {name} でエラーが起きたため、変更は取り消されました: {error}",
    "Plugin {name} failed, so the change was rolled back: {error}",
)
DUPLICATE = Label(
    "プラグイン {name} が登録した {what} {key} はすでに登録されています",
    "{what} {key} registered by plugin {name} is already registered",
)


class PluginError(PscError):
    exit_code = 7

    def __init__(self, message: Label, *, name: str, **params: Any) -> None:
        self.plugin = name
        super().__init__(message, name=name, **params)


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
        (ep.name, ep.load) for ep in plugin_entry_points() if only is None or ep.name in only
    ]
    candidates += [(name, _returns(plugin)) for name, plugin in extra]
    for name, load in candidates:
        try:
            pm.register(load(), name=name)
            pm.check_pending()  # a misspelled hook fails here, naming the plugin
        except Exception as exc:
            if pm.has_plugin(name):
                pm.unregister(name=name)
            if strict:
                raise PluginError(PLUGIN_BROKEN, name=name, error=_describe(exc)) from exc
            broken.append(BrokenPlugin(name, _describe(exc)))
    return pm, broken


def _returns(plugin: object) -> Callable[[], object]:
    return lambda: plugin


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@attrs.frozen
class Registry:
    """What the loaded plugins contribute, validated and sorted."""

    pm: pluggy.PluginManager
    programs: dict[str, Program]
    menu: list[SupportMenuItem]
    report_sections: list[ReportSection]
    migrations: list[Migrations]
    broken: list[BrokenPlugin]

    def program(self, code: str) -> Program | None:
        return self.programs.get(code)


def collect(pm: pluggy.PluginManager, hook: str, kind: type[T], what: Label,
            key: Callable[[T], str], core: Sequence[T] = ()) -> list[T]:
    """Call a ``register``-style hook plugin by plugin, checking every item
    (``core``: the core's own items, which no plugin may register again)."""
    items: dict[str, T] = {key(item): item for item in core}
    for impl in getattr(pm.hook, hook).get_hookimpls():
        def register(item: T, _plugin: str = impl.plugin_name) -> None:
            if not isinstance(item, kind):
                raise PluginError(PLUGIN_FAILED, name=_plugin,
                                  error=f"{hook} expects {kind.__name__}, got {item!r}")
            if key(item) in items:
                raise PluginError(DUPLICATE, name=_plugin, what=what, key=key(item))
            items[key(item)] = item

        call_plugin(impl, register=register)
    return [items[k] for k in sorted(items)]


def call_plugin(impl: pluggy.HookImpl, **kwargs: Any) -> Any:
    """Call one hook implementation; its failure is reported with the plugin's name."""
    try:
        return impl.function(**{k: kwargs[k] for k in impl.argnames})
    except PscError:
        raise
    except Exception as exc:
        if _schema_missing(exc):
            raise  # a schema not upgraded: the store tells staff to run `psc db upgrade`
        raise PluginError(PLUGIN_FAILED, name=impl.plugin_name, error=_describe(exc)) from exc


def _schema_missing(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError

    from psccore.store.db import _missing_table

    return isinstance(exc, DBAPIError) and _missing_table(exc)


def call_each(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> None:
    for impl in getattr(pm.hook, hook).get_hookimpls():
        call_plugin(impl, **kwargs)


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
    from psccore.services.statistics import core_sections

    programs = collect(pm, "psc_register_programs", Program, Label("事業", "program"),
                       lambda p: p.code)
    return Registry(
        pm=pm,
        programs={p.code: p for p in programs},
        menu=collect(pm, "psc_support_menu", SupportMenuItem,
                     Label("支援メニュー", "support menu item"), lambda m: f"{m.program}.{m.kind}"),
        report_sections=sorted(
            collect(pm, "psc_report_sections", ReportSection, Label("報告の節", "report section"),
                    lambda s: s.key, core_sections()), key=lambda s: (s.order, s.key)),
        migrations=collect(pm, "psc_migrations", Migrations, Label("移行", "migration branch"),
                           lambda m: m.branch),
        broken=broken,
    )


def warn_broken(broken: Iterable[BrokenPlugin]) -> None:
    for plugin in broken:
        print(PLUGIN_BROKEN.format(name=plugin.name, error=plugin.error), file=sys.stderr)
