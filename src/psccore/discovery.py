"""Finding plugins from entry-point metadata alone (standard library only), so that
``psc --help`` can list them without importing them or the plugin machinery."""

from __future__ import annotations

import os
from importlib.metadata import EntryPoint, entry_points

ENTRY_POINT_GROUP = "psccore"


def _names(variable: str) -> set[str] | None:
    value = os.environ.get(variable)
    if value is None:
        return None
    return {n.strip() for n in value.split(",") if n.strip()}


def plugin_entry_points() -> list[EntryPoint]:
    """The enabled plugins' entry points, sorted by name. Imports nothing."""
    allowed, denied = _names("PSC_PLUGINS"), _names("PSC_DISABLE_PLUGINS") or set()
    found = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return [
        found[name]
        for name in sorted(found)
        if name not in denied and (allowed is None or name in allowed)
    ]
