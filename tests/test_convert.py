"""Input becomes domain objects with every problem reported at once, at its path."""

import attrs
import pytest

from psccore import Label, intake_field, rules
from psccore.domain.convert import structure
from psccore.errors import InvalidInput


@attrs.define(kw_only=True)
class Member:
    age: int = intake_field(Label("年齢", "age"), rules=[rules.between(0, 120)])


@attrs.define(kw_only=True)
class Household:
    size: int = intake_field(Label("人数", "size"))
    note: str = intake_field(Label("備考", "note"), rules=[rules.required()])
    members: list[Member] = intake_field(Label("世帯員", "members"), factory=list)


def test_type_errors_rule_errors_and_nested_errors_come_together() -> None:
    with pytest.raises(InvalidInput) as caught:
        structure({"size": "three", "note": " ", "members": [{"age": 30}, {"age": 200}],
                   "pets": 2}, Household)
    assert sorted(p.path for p in caught.value.problems) == [
        "$", "$.members[1].age", "$.note", "$.size"]
    text = caught.value.text("en")
    assert "$.size: must be a whole number" in text
    assert "$.members[1].age: must be between 0 and 120" in text
    assert "$: unknown field(s): pets" in text


def test_the_problems_are_in_what_a_traceback_shows() -> None:
    with pytest.raises(InvalidInput) as caught:
        structure({"size": "three", "note": "x"}, Household)
    shown = str(caught.value)
    assert shown.startswith("The input is not valid") and "$.size: must be a whole number" in shown
    assert "$.size" in repr(caught.value)


def test_good_input_is_converted() -> None:
    household = structure({"size": "2", "note": "母と子", "members": [{"age": 7}]}, Household)
    assert household == Household(size=2, note="母と子", members=[Member(age=7)])
