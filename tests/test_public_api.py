"""The public API is documented and is all a plugin needs: every name ``psccore`` exports
and every public module's classes and functions have a docstring (the reference that
``make docs`` builds shows it), and the four plugins, the fifth in tests/ and the
scaffold's template import from nothing else."""

import ast
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

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
    """In the module's public names, or (with no ``__all__``) one it builds on first use,
    as psccore.store.tables builds its tables: found whether or not one was used yet."""
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


def test_an_invalid_input_names_its_fields_but_no_value_when_printed() -> None:
    """A script that logs or lets through an ``InvalidInput`` sees which fields were
    wrong and the rules broken (never what was typed: a log must hold no personal data)."""
    from psccore import InvalidInput, Label, Problem

    wrong = InvalidInput([Problem("$.name", Label("入力が必要です", "is required")),
                          Problem("$.birth_date", Label("{value} は日付ではありません",
                                                        "{value} is not a date"),
                                  {"value": "山田の誕生日"})])
    assert str(wrong) == "The input is not valid: $.name: is required; $.birth_date"
    assert "山田" in wrong.text("en") and "山田" not in str(wrong) + repr(wrong)
    assert str(InvalidInput([])) == "The input is not valid"


def test_each_error_class_says_what_it_means() -> None:
    """Not inherited from ``PscError``: ``help()`` and the reference show each one's own."""
    from psccore import errors

    classes = [v for v in vars(errors).values()
               if isinstance(v, type) and issubclass(v, errors.PscError)]
    assert len(classes) >= 8
    assert [c.__name__ for c in classes if "__doc__" not in vars(c) or not c.__doc__] == []
    assert errors.PscError.text.__doc__ and errors.Problem.text.__doc__


#: ``Psc`` methods of the daily work: an app annotates what they return with public names.
DAILY_WORK = (
    "add_staff", "add_person", "get_person", "update_person", "find_people", "search",
    "open_case", "get_case", "list_cases", "case_page", "close_case", "timeline", "agenda",
    "agenda_page", "record_assessment", "list_assessments", "draft_plan", "get_plan",
    "list_plans", "record_meeting", "start_step", "end_step", "add_record", "list_records",
    "evaluate", "report", "build_report", "import_rows", "resolve_person", "resolve_case",
)


def _names_in(annotation: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}


def test_what_the_daily_work_returns_is_public() -> None:
    tree = ast.parse((ROOT / "src" / "psccore" / "app.py").read_text(encoding="utf-8"))
    returns = {f.name: f.returns for f in ast.walk(tree)
               if isinstance(f, ast.FunctionDef) and f.name in DAILY_WORK}
    assert sorted(returns) == sorted(DAILY_WORK)
    plain = {"list", "tuple", "dict", "set", "int", "str", "bool", "None"}
    private = {name: sorted(_names_in(ret) - plain - set(psccore.__all__))
               for name, ret in returns.items() if ret is not None}
    assert {k: v for k, v in private.items() if v} == {}


def test_what_every_method_of_psc_returns_is_public() -> None:
    """Not only the daily work: staff, employers, placements, forms, sign-in … (a
    library's own names, SQLAlchemy's ``Connection`` of ``program_read``, aside)."""
    tree = ast.parse((ROOT / "src" / "psccore" / "app.py").read_text(encoding="utf-8"))
    psc = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Psc")
    outside = {"list", "tuple", "dict", "set", "int", "str", "bool", "float", "bytes", "None",
               "object", "Any", "Path", "Iterator", "Iterable", "Sequence", "Mapping", "dt",
               "Connection"}
    private = {f.name: sorted(_names_in(f.returns) - outside - set(psccore.__all__))
               for f in psc.body if isinstance(f, ast.FunctionDef)
               and not f.name.startswith("_") and f.returns is not None}
    assert len(private) > 150 and {k: v for k, v in private.items() if v} == {}


APP = '''
from pathlib import Path

from psccore import (AgendaPage, AgendaQuery, CasePage, ImportResult, InvalidInput, PersonHit,
                     PlanDetail, Psc, Report, ReportPeriod, SearchResult, SectionResult,
                     TimelineEntry)


def names(result: SearchResult) -> list[str]:
    hits: list[PersonHit] = result.people
    return [hit.person.name for hit in hits]


def ids(page: CasePage) -> list[int]:
    return [summary.case.id or 0 for summary in page.cases]


def day(psc: Psc, person_id: int) -> tuple[PlanDetail, list[TimelineEntry], AgendaPage]:
    case = psc.open_case(person_id, "readiness", {}).case.id or 0
    plan = psc.draft_plan(case, {"long_term_goal": "就職する"})
    return plan, psc.timeline(case), psc.agenda_page(AgendaQuery(today=psc.today()))


def month(psc: Psc) -> dict[str, SectionResult]:
    report: Report = psc.build_report(ReportPeriod.month(2026, 4))
    return {section.key: section for section in report.sections}


def sync(psc: Psc, sheet: Path) -> ImportResult | str:
    try:
        return psc.import_rows("people", sheet)
    except InvalidInput as wrong:
        return wrong.text("en")
'''

#: Two mistakes a type checker must catch: a misspelt name, a progress that is no wrapper.
TYPOS = '''
from pathlib import Path

from psccore import CasePgae, Psc


def sync(psc: Psc) -> None:
    psc.import_rows("people", Path("people.csv"), progress=len)
'''


def test_an_app_typed_with_the_public_names_passes_mypy_strict(tmp_path: Path) -> None:
    """What README and the reference show type-checks as a strict app would check it."""
    api = pytest.importorskip("mypy.api")
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    (tmp_path / "typo.py").write_text(TYPOS, encoding="utf-8")
    out, err, _ = api.run(["--strict", "--no-incremental", "--follow-imports=silent",
                           "--cache-dir", str(tmp_path / "cache"),
                           str(tmp_path / "app.py"), str(tmp_path / "typo.py")])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 2 and all("typo.py" in e for e in errors), out + err
    assert "CasePgae" in errors[0] and "progress" in errors[1], out


def test_the_data_a_method_documents_is_what_it_reads() -> None:
    """Each key that a ``Psc`` method's docstring shows in its ``data`` is a field of the
    record it writes (a renamed field shows here), and the example choices are codes."""
    import re

    import attrs as attrs_

    from psccore.app import Psc
    from psccore.domain import workflow as w

    records = {"record_assessment": [w.Assessment, w.DomainRating],
               "draft_plan": [w.Plan, w.Goal, w.Step],
               "record_meeting": [w.CoordinationMeeting, w.MeetingDecision],
               "add_record": [w.SupportRecord]}
    for method, classes in records.items():
        doc = getattr(Psc, method).__doc__ or ""
        shown = set(re.findall(r'"(\w+)":', doc))
        fields = {f.name for cls in classes for f in attrs_.fields(cls)} | {"goals", "steps"}
        assert shown and shown <= fields, (method, shown - fields)
    decision = (Psc.record_meeting.__doc__ or "").split('"decision":')[1].split('"reason"')[0]
    assert set(re.findall(r'"(\w+)"', decision)) == {d.value for d in w.Decision}


def test_the_readme_library_example_runs_and_type_checks(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """README's "Using the library" runs as written on a new database, twice (the second
    time on what the first left), and passes ``mypy --strict``."""
    import re
    import runpy

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Using the library\n\n```python\n(.*?)```", readme, re.S)
    assert code
    (tmp_path / "example.py").write_text(code.group(1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PSC_KEY_FILE", str(tmp_path / "office.keys"))
    for _ in range(2):
        runpy.run_path(str(tmp_path / "example.py"))
    from psccore import Psc

    psc = Psc.open("sqlite:///office.db", staff="sato.h")
    assert [c.person_name for c in psc.list_cases()] == ["山田 太郎", "山田 太郎"]
    psc.close()
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--strict", "--no-incremental", "--follow-imports=silent",
                                "--cache-dir", str(tmp_path / "cache"),
                                str(tmp_path / "example.py")])
    assert status == 0, out + err


def test_the_compatibility_policy_names_each_public_module() -> None:
    """docs/plugins/compatibility.md's "What is public" lists the modules the reference
    and the import check call public, and no other."""
    import re

    text = (ROOT / "docs" / "plugins" / "compatibility.md").read_text(encoding="utf-8")
    public = text.split("What is public:")[1].split("Anything else")[0]
    named = set(re.findall(r"`(psccore(?:\.\w+)+)`", public)) - {"psccore.store.tables"}
    expected = {m.replace("psccore.domain.rules", "psccore.rules")
                for m in _api_docs().PUBLIC_MODULES[1:]} - {"psccore.store.tables"}
    assert named == expected


def test_the_methods_of_each_exported_class_have_docstrings() -> None:
    """``help()`` on a name psccore exports explains each of its own public methods and
    properties (a ``cross_rules`` override is explained by its base)."""
    import inspect

    missing = []
    for name in psccore.__all__:
        cls = getattr(psccore, name)
        if not isinstance(cls, type):
            continue
        for member, value in vars(cls).items():
            func = value.fget if isinstance(value, property) else getattr(value, "__func__",
                                                                          value)
            if (member[0] != "_" and member != "cross_rules" and inspect.isfunction(func)
                    and not (func.__doc__ or "").strip()):
                missing.append(f"{name}.{member}")
    assert missing == []


def test_the_missing_consent_names_the_sensitive_fields_in_each_language(psc: Any) -> None:
    """A program's sensitive answers without the consent to collect them: refused with
    the fields named in the language of the message, not Japanese inside English."""
    import random

    from psccore import InvalidInput

    pytest.importorskip("psc_cancer_reemployment")
    program = psc.program("cancer_reemployment")
    assert program.example_intake is not None
    person = psc.add_person({"name": "田中 一", "kana": "タナカ ハジメ"})
    with pytest.raises(InvalidInput) as refused:
        psc.open_case(person.id or 0, "cancer_reemployment",
                      dict(program.example_intake(random.Random(1))))
    labels = {f.name: f.label for f in program.fields()}
    en, ja = refused.value.text("en"), refused.value.text("ja")
    assert labels["referral_department"].en in en and labels["referral_department"].ja in ja
    assert not any(label.ja in en for label in labels.values() if label.ja != label.en)


def test_every_error_a_library_caller_may_meet_is_exported() -> None:
    """An app catches each kind of ``PscError`` from ``psccore`` itself: a database or key
    file set up wrong is a ``ConfigurationError``, not an unexported class."""
    from psccore import errors

    kinds = {"PscError", "InvalidInput", "NotFound", "ConcurrentEdit", "NotAllowed",
             "AccessRefused", "ConfigurationError"}
    assert kinds <= set(psccore.__all__)
    assert all(getattr(psccore, k) is getattr(errors, k) for k in kinds)


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

