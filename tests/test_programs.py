"""Program objects: core calls a program's methods with its own data only, through one
gateway that names the plugin of a failure; core's own contributions are a plugin too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from psccore import CaseEvent, Label, Program, Psc, ReportSection, hookimpl
from psccore.plugins import PluginError, load_registry


@attrs.define(kw_only=True)
class NoAnswers:
    pass


def _listener(heard: list[tuple[str, str]], fail: bool = False) -> object:
    class Listening(Program):
        """Records what core tells it; with ``fail``, its case view fails."""

        def on_event(self, event: CaseEvent, tx: Any) -> None:
            assert event.enrollment is not None and event.enrollment.program == self.code
            heard.append((event.kind.value, event.enrollment.program))

        def case_summary(self, enrollment: Any, conn: Any) -> Iterator[tuple[Label, object]]:
            if fail:
                raise ValueError("no summary today")
            yield Label("聞いた", "heard"), len(heard)

    program = Listening(code="listening", label=Label("聴取", "listening"), intake=NoAnswers)

    class Plugin:
        @hookimpl
        def psc_register_programs(self, register: Callable[[Program], None]) -> None:
            register(program)

    return Plugin()


def test_a_program_hears_only_its_own_enrollments(psc_database_url: str) -> None:
    heard: list[tuple[str, str]] = []
    psc = Psc.open(psc_database_url, staff="admin", strict_plugins=True,
                   extra_plugins=[("listening", _listener(heard))])
    person = psc.add_person({"name": "聴取 一郎", "kana": "チョウシュ イチロウ"})
    other = psc.open_case(person.id or 0, "household_budget",
                          {"monthly_income": 1, "housing": "owned"}, dt.date(2024, 4, 1))
    assert heard == []  # another program's case: not told
    psc.close_case(other.case.id or 0, "moved", on=dt.date(2024, 5, 1))
    assert heard == []
    mine = psc.open_case(person.id or 0, "listening", {}, dt.date(2024, 6, 1))
    assert heard == [("enrolled", "listening")]
    psc.close_case(mine.case.id or 0, "moved", on=dt.date(2024, 7, 1))
    assert heard[-1] == ("closed", "listening")  # a case's event, with its own enrollment
    facts = psc.get_case(mine.case.id or 0).program_facts
    assert [(f.label.en, f.value) for f in facts["listening"]] == [("heard", 2)]
    assert "listening" not in psc.get_case(other.case.id or 0).program_facts
    psc.close()


def test_a_failing_program_method_is_named(psc_database_url: str) -> None:
    psc = Psc.open(psc_database_url, staff="admin", strict_plugins=True,
                   extra_plugins=[("listening", _listener([], fail=True))])
    person = psc.add_person({"name": "聴取 次郎", "kana": "チョウシュ ジロウ"})
    case = psc.open_case(person.id or 0, "listening", {}, dt.date(2024, 6, 1))
    with pytest.raises(PluginError) as caught:
        psc.get_case(case.case.id or 0)
    assert "listening" in caught.value.text("en") and "no summary today" in caught.value.text("en")
    psc.close()


def test_core_report_sections_come_from_the_default_plugin_first() -> None:
    registry = load_registry(strict=True)
    first = registry.pm.hook.psc_report_sections.get_hookimpls()[0]
    assert first.plugin_name == "psccore"
    assert {"national", "placements"} <= {s.key for s in registry.report_sections}

    class Usurper:
        @hookimpl
        def psc_report_sections(self, register: Callable[[ReportSection], None]) -> None:
            register(ReportSection(key="national", title=Label("国", "national"),
                                   build=lambda query, period: []))

    with pytest.raises(PluginError) as caught:
        load_registry(strict=True, extra=[("usurper", Usurper())])
    assert "usurper" in caught.value.text("en")


@pytest.mark.parametrize("code", ["readiness", "jm_training", "cancer_reemployment",
                                  "childcare_aftercare"])
def test_every_intake_field_is_described_in_both_languages(code: str) -> None:
    from psccore.domain.fields import FieldSpec

    program = load_registry(strict=True).programs[code]
    described = program.fields()
    assert [f.name for f in described] == [a.name for a in attrs.fields(program.intake)]

    def check(spec: FieldSpec) -> None:
        assert spec.label.ja and spec.label.en and spec.label.ja != spec.label.en, spec.name
        assert spec.kind in {"text", "int", "decimal", "bool", "date", "choice", "record"}
        if spec.kind == "choice":
            assert spec.choices, spec.name
            for choice in spec.choices:
                assert choice.label.ja and choice.label.en, (spec.name, choice.value)
                assert choice.label.ja != choice.label.en, (spec.name, choice.value)
        assert (spec.kind == "record") == bool(spec.fields), spec.name
        for nested in spec.fields:
            check(nested)

    for spec in described:
        check(spec)
    assert any(f.example is not None for f in described)  # from example_intake
    if code == "cancer_reemployment":
        assert any(f.sensitive for f in described)


@attrs.define(kw_only=True)
class OneAnswer:
    note: str = attrs.field(metadata={})


def _registering(program: Program) -> object:
    class Plugin:
        @hookimpl
        def psc_register_programs(self, register: Callable[[Program], None]) -> None:
            register(program)

    return Plugin()


def test_the_conformance_suite_checks_the_program_object(psc_database_url: str) -> None:
    from psccore.testing import ConformanceSuite

    class Misnamed(Program):
        def case_summary(self, enrollment: Any, connection: Any  # type: ignore[override]
                         ) -> Iterator[tuple[Label, object]]:
            return iter(())

    checks = [(Misnamed(code="misnamed", label=Label("誤名", "misnamed"), intake=NoAnswers),
               "case_summary"),
              (Program(code="unlabelled", label=Label("無題", "unlabelled"), intake=OneAnswer),
               "field note")]
    for program, complaint in checks:
        psc = Psc.open(psc_database_url, staff="admin", strict_plugins=True,
                       extra_plugins=[(program.code, _registering(program))])
        suite = type("Suite", (ConformanceSuite,), {"program": program.code})()
        with pytest.raises(AssertionError) as caught:
            suite.test_the_program_object_keeps_to_the_contract(psc)
        assert complaint in str(caught.value)
        psc.close()
    good = Program(code="good", label=Label("良", "good"), intake=NoAnswers)
    psc = Psc.open(psc_database_url, staff="admin", strict_plugins=True,
                   extra_plugins=[("good", _registering(good))])
    type("Suite", (ConformanceSuite,), {"program": "good"})(
        ).test_the_program_object_keeps_to_the_contract(psc)
    psc.close()


def test_the_conformance_suite_checks_the_entry_point_is_named_by_the_code(
        psc_database_url: str) -> None:
    from psccore.testing import ConformanceSuite

    program = Program(code="named", label=Label("名前", "named"), intake=NoAnswers)
    for plugin, complaint in (("misnamed", "name it by the program code"), ("named", None)):
        psc = Psc.open(psc_database_url, staff="admin", strict_plugins=True,
                       extra_plugins=[(plugin, _registering(program))])
        suite = type("Suite", (ConformanceSuite,), {"program": "named"})()
        try:
            if complaint is None:
                suite.test_the_entry_point_is_named_by_the_program_code(psc)
            else:
                with pytest.raises(AssertionError, match=complaint):
                    suite.test_the_entry_point_is_named_by_the_program_code(psc)
        finally:
            psc.close()


def test_an_intake_class_named_by_reference_is_imported_and_checked_on_use() -> None:
    from psc_jm_training.intake import JmTrainingIntake

    named = Program(code="named", label=Label("名前で", "by name"),
                    intake="psc_jm_training.intake:JmTrainingIntake")
    assert named.intake is JmTrainingIntake
    with pytest.raises(ValueError, match="module:Name"):
        Program(code="named", label=Label("名前で", "by name"), intake="no colon here")
    missing = Program(code="named", label=Label("名前で", "by name"),
                      intake="psccore.domain.people:NoSuchClass")
    with pytest.raises(AttributeError):
        missing.intake  # noqa: B018 - the reference is resolved when first used
    not_attrs = Program(code="named", label=Label("名前で", "by name"), intake="sys:path")
    with pytest.raises(TypeError, match="attrs class"):
        not_attrs.intake  # noqa: B018
