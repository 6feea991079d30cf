"""The API reference of psccore's public API, made with pdoc from the type hints and
docstrings: ``make docs`` writes it to ``build/api/`` (generated, so never committed).

The public API is what ``psccore`` exports (its ``__all__``) and the modules in
:data:`PUBLIC_MODULES`; ``tests/test_public_api.py`` fails when a public name has no
docstring or when a plugin imports from anywhere else.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path
from types import ModuleType

#: The public modules, each also named in ``psccore``'s docstring. A module's public
#: names are its ``__all__`` (else every name it defines without a leading underscore).
PUBLIC_MODULES = (
    "psccore",
    "psccore.errors",
    "psccore.cli.kit",
    "psccore.testing",
    "psccore.store.tables",
    "psccore.store.rls",
    "psccore.documents.files",
    "psccore.demo",
    "psccore.domain.rules",  # exported as ``psccore.rules``
    "psccore.forms.model",
)
OUTPUT = Path(__file__).resolve().parent.parent / "build" / "api"


def load_public_api() -> list[ModuleType]:
    """The public modules, imported, with ``psccore``'s lazy exports resolved (pdoc reads
    a module's namespace, where a lazily exported name appears only once used)."""
    import psccore

    for name in psccore.__all__:
        getattr(psccore, name)
    return [importlib.import_module(name) for name in PUBLIC_MODULES]


def undocumented() -> list[str]:
    """Every public name the reference would show without a docstring: the names in
    ``psccore.__all__``, and each public module's classes and functions."""
    import pdoc.doc

    missing: list[str] = []
    for module in load_public_api():
        page = pdoc.doc.Module(module)
        names = getattr(module, "__all__", None) or [
            n for n, d in page.members.items()
            if not n.startswith("_") and isinstance(d, pdoc.doc.Class | pdoc.doc.Function)]
        for name in names:
            found = page.members.get(name)
            value = getattr(module, name, None)
            if isinstance(value, ModuleType):  # documented on a page of its own
                if value.__name__ not in PUBLIC_MODULES or not (value.__doc__ or "").strip():
                    missing.append(f"{module.__name__}.{name}")
            elif found is None or not found.docstring.strip():
                missing.append(f"{module.__name__}.{name}")
    return missing


def main(output: Path = OUTPUT) -> None:
    import pdoc
    import pdoc.render

    load_public_api()
    pdoc.render.configure(docformat="restructuredtext", footer_text="psccore")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*does not resolve")  # a broken export
        # Names imported only for type checking stay as written in the signature.
        warnings.filterwarnings("ignore", message="Error parsing type annotation")
        pdoc.pdoc(PUBLIC_MODULES[0], r"!psccore\.", *PUBLIC_MODULES[1:],
                  output_directory=output)
    print(f"API reference: {output / 'index.html'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
