"""The public API is documented and is all a plugin needs: every name ``psccore`` exports
and every public module's classes and functions have a docstring (the reference that
``make docs`` builds shows it), and the four plugins, the fifth in tests/ and the
scaffold's template import from nothing else."""

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import psccore

ROOT = Path(__file__).resolve().parent.parent


def _api_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("api_docs", ROOT / "scripts" / "api_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_public_name_has_a_docstring() -> None:
    pytest.importorskip("pdoc")
    assert _api_docs().undocumented() == []


def test_psccore_names_each_public_module() -> None:
    for name in _api_docs().PUBLIC_MODULES[1:]:
        assert f":mod:`{name}`" in (psccore.__doc__ or ""), name


def _public_names(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    return set(getattr(module, "__all__", None) or (n for n in vars(module) if n[0] != "_"))


def _is_public(module_name: str, name: str) -> bool:
    """``name`` is one of the module's public names, or one it builds on first use
    (``psccore.store.tables`` makes most tables only when asked for)."""
    module = importlib.import_module(module_name)
    return name in _public_names(module_name) or (
        not hasattr(module, "__all__") and name[0] != "_" and hasattr(module, name))


def _imports_from_psccore(path: Path) -> list[tuple[str, str]]:
    """``(module, name)`` for each name the file imports from psccore (a template's
    placeholders stand for the plugin's own package)."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text.replace("__package__", "plugin").replace("__code__", "code"))
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "psccore":
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.split(".")[0] == "psccore"]
    return found


def _plugin_sources(generated: Path) -> list[Path]:
    roots = [*ROOT.glob("plugins/*/src"), *ROOT.glob("plugins/*/tests"), generated,
             ROOT / "tests" / "plugin_household"]
    return sorted(p for root in roots for p in root.rglob("*") if p.suffix == ".py")


def _generate(into: Path) -> Path:
    """A plugin from the template with a field of every kind, as its author would get it."""
    from psccore.i18n import Label
    from psccore.scaffold import KINDS, new_plugin, parse_record

    fields = [f"f_{kind}:{kind}" + ("=a(あ),b(い)" if kind == "choice" else "")
              for kind in KINDS]
    return new_plugin("every_kind", into, Label("全種類", "Every kind"),
                      record=parse_record("item", fields))


def test_plugins_and_the_template_import_only_the_public_api(tmp_path: Path) -> None:
    public = _api_docs().PUBLIC_MODULES
    generated = _generate(tmp_path)
    sources = _plugin_sources(generated)
    assert any(generated in p.parents for p in sources) and len(sources) > 20
    outside = []
    for path in sources:
        for module, name in _imports_from_psccore(path):
            if module not in public or (name and not _is_public(module, name)):
                where = path.relative_to(generated if generated in path.parents else ROOT)
                outside.append(f"{where}: {module} {name}")
    assert outside == [], "import these from the public API (or make them public):\n" + (
        "\n".join(outside))


def test_field_descriptions_are_public() -> None:
    from psccore.domain.fields import FieldSpec

    assert "FieldSpec" in psccore.__all__ and psccore.FieldSpec is FieldSpec
    assert "labels" in (FieldSpec.__doc__ or "").lower() or "label" in (FieldSpec.__doc__ or "")


def test_every_public_method_of_psc_has_a_docstring() -> None:
    from psccore.app import Psc

    methods = {n: v for n, v in vars(Psc).items() if not n.startswith("_")}
    undocumented = [n for n, v in methods.items() if not (
        (v.fget if isinstance(v, property) else getattr(v, "__func__", v)).__doc__ or "").strip()]
    assert len(methods) > 80 and undocumented == [], undocumented


def test_a_program_can_give_its_own_follow_ups_with_public_names() -> None:
    """``Program.follow_up_schedule`` returns ``(FollowUpKind, day)`` pairs: a plugin
    takes the kinds, and core's template to start from, from ``psccore``."""
    import datetime as dt

    import attrs

    from psccore import FollowUpKind, Program, default_follow_ups

    @attrs.define
    class NoAnswers:
        pass

    class Weekly(Program):
        def follow_up_schedule(self, placement: str, start: dt.date, end: dt.date
                               ) -> list[tuple[FollowUpKind, dt.date]]:
            return [(kind, day) for kind, day in default_follow_ups(start, end)
                    if kind is not FollowUpKind.ARRANGEMENTS]

    assert {"FollowUpKind", "default_follow_ups"} <= set(psccore.__all__)
    weekly = Weekly(code="weekly", label=psccore.Label("週", "weekly"), intake=NoAnswers)
    schedule = weekly.follow_up_schedule("internship", dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert schedule and all(isinstance(k, FollowUpKind) for k, _ in schedule)

