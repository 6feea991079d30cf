"""Finding plugins and the commands they add without importing them (standard library
only), so ``psc --help`` imports no plugin and no plugin machinery.

Reading entry-point metadata costs about as much as importing click, so what it finds
is kept in a *command index* in the user's cache folder (``$XDG_CACHE_HOME/psccore``,
else ``~/.cache/psccore``): each plugin's entry point and distribution, and, once a
plugin has been asked, the commands it adds with their help in Japanese and English.
There is one index per set of installed distributions: its key lists the
``*.dist-info``/``*.egg-info`` folders on ``sys.path`` with their modification times,
so installing, removing, upgrading or reinstalling any distribution starts a new one.
(No ``pathlib`` or ``hashlib`` here: each costs ``psc --help`` a tenth of click.)
The cache is only a shortcut: missing, corrupt or unwritable, it is rebuilt in memory.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
import zlib
from typing import Any, NamedTuple

ENTRY_POINT_GROUP = "psccore"
FORMAT = 1  # changes when the index's shape does
KEEP = 8  # index files kept: one per environment (virtualenv, test path …)


class PluginEntry(NamedTuple):
    """A plugin's entry point, as read from its distribution's metadata."""

    name: str
    value: str  # "module" or "module:attribute"
    dist: str
    version: str
    summary: str

    def load(self) -> Any:
        module, _, attribute = self.value.partition(":")
        found: Any = importlib.import_module(module.strip())
        for part in filter(None, attribute.strip().split(".")):
            found = getattr(found, part)
        return found


# What a plugin's commands look like in the index: name -> {"summary"|"help": [ja, en]}.
Described = dict[str, dict[str, list[str]]]


class CommandIndex:
    """The installed plugins and, for those described, their commands."""

    def __init__(self, key: str, plugins: dict[str, dict[str, Any]]) -> None:
        self.key = key  # what distributions_key() gave
        self.plugins = plugins
        self.kept = True  # False when the cache could not be written

    def entries(self) -> list[PluginEntry]:
        """The enabled plugins (``PSC_PLUGINS``, ``PSC_DISABLE_PLUGINS``), by name."""
        allowed, denied = _names("PSC_PLUGINS"), _names("PSC_DISABLE_PLUGINS") or set()
        return [
            PluginEntry(name, p["value"], p["dist"], p["version"], p["summary"])
            for name, p in sorted(self.plugins.items())
            if name not in denied and (allowed is None or name in allowed)
        ]

    def commands(self, plugin: str) -> Described | None:
        """The plugin's commands, or None when it has not been described yet."""
        found: Described | None = self.plugins[plugin].get("commands")
        return found

    def describe(self, plugin: str, commands: Described) -> None:
        """Record the plugin's commands, and keep them for the next run."""
        self.plugins[plugin]["commands"] = commands
        save(self)

    def provider(self, command: str) -> str | None:
        """The enabled plugin that adds ``command``; by the contract, an undescribed
        plugin adds one group named after itself."""
        for entry in self.entries():
            described = self.commands(entry.name)
            if command in (described if described is not None else (entry.name,)):
                return entry.name
        return None


def _names(variable: str) -> set[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return {n.strip() for n in value.split(",") if n.strip()}


def distributions_key() -> str:
    """Changes when a distribution is installed, removed, upgraded or reinstalled."""
    parts = [f"{FORMAT}", sys.executable, sys.version]
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                metadata = sorted(f"{e.name}:{e.stat().st_mtime_ns}" for e in found
                                  if e.name.endswith((".dist-info", ".egg-info")))
        except NotADirectoryError:  # a zip archive: its own time says it changed
            metadata = [str(os.stat(entry).st_mtime_ns)]
        except OSError:
            metadata = []
        parts.append(f"{entry}\0{'|'.join(metadata)}")
    return "\n".join(parts)


def cache_folder() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "psccore")


def _path(key: str) -> str:
    """The index's file: named by a checksum of the key (the key itself is kept inside
    and compared whole, so two keys with one checksum only take turns)."""
    return os.path.join(cache_folder(), f"commands-{zlib.crc32(key.encode()):08x}.json")


_current: CommandIndex | None = None


def command_index() -> CommandIndex:
    """The index for the distributions installed now: from the cache when it is there
    and sound, else read from the metadata and kept."""
    global _current
    key = distributions_key()
    if _current is None or _current.key != key:
        _current = _read(key)
        if _current is None:
            _current = CommandIndex(key, _scan())
            save(_current)
    return _current


def _read(key: str) -> CommandIndex | None:
    try:
        with open(_path(key), encoding="utf-8") as found:
            data = json.load(found)
        if data["format"] != FORMAT or data["key"] != key:
            return None
        plugins = data["plugins"]
        if not all(_sound(p) for p in plugins.values()):  # damaged: read as missing
            return None
        return CommandIndex(key, plugins)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _sound(plugin: dict[str, Any]) -> bool:
    commands = plugin["commands"]
    return all(isinstance(plugin[f], str) for f in ("value", "dist", "version", "summary")) and (
        commands is None or all(
            isinstance(texts, list) and len(texts) == 2 and all(isinstance(t, str) for t in texts)
            for command in commands.values() for texts in (command["summary"], command["help"])))


def _scan() -> dict[str, dict[str, Any]]:
    from importlib.metadata import entry_points  # the slow part the index saves

    plugins: dict[str, dict[str, Any]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        meta = ep.dist.metadata if ep.dist is not None else None
        plugins[ep.name] = {
            "value": ep.value,
            "dist": (meta["Name"] if meta else None) or "",
            "version": (meta["Version"] if meta else None) or "",
            "summary": (meta["Summary"] if meta else None) or "",
            "commands": None,
        }
    return plugins


def save(index: CommandIndex) -> None:
    """Keep the index (atomically); a cache that cannot be written is simply not kept."""
    import tempfile

    target = _path(index.key)
    folder = os.path.dirname(target)
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".commands-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"format": FORMAT, "key": index.key, "plugins": index.plugins},
                          out, ensure_ascii=False)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        _prune(folder)
        index.kept = True
    except OSError:
        index.kept = False


def _prune(folder: str) -> None:
    """Keep the most recently written indexes (old environments' go)."""
    with os.scandir(folder) as entries:
        found = sorted((e for e in entries if e.name.startswith("commands-")),
                       key=lambda e: e.stat().st_mtime, reverse=True)
    for old in found[KEEP:]:
        with contextlib.suppress(FileNotFoundError):  # another psc pruned it first
            os.unlink(old.path)


def plugin_entry_points() -> list[PluginEntry]:
    """The enabled plugins' entry points, sorted by name. Imports nothing."""
    return command_index().entries()
