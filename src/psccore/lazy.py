"""Naming a program's code where it is used, so that registering a program imports
nothing heavy: ``on_use("psc_readiness.report:report_rows")`` stands for that function
(or value), imported the first time it is wanted."""

from __future__ import annotations

import importlib
from typing import Any


def on_use(ref: str) -> Any:
    """A stand-in for ``module:name``, imported on first use: called, it calls the
    function with the arguments given, or, for a value (a ``MetaData``), returns it."""
    module, _, name = ref.partition(":")
    found: list[Any] = []

    def use(*args: Any, **kwargs: Any) -> Any:
        if not found:
            found.append(getattr(importlib.import_module(module), name))
        target = found[0]
        return target(*args, **kwargs) if callable(target) else target

    use.__name__ = use.__qualname__ = name
    use.__doc__ = f"``{ref}``, imported on first use."
    return use
