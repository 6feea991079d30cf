"""Whatever is typed, the answer is a clear message naming the field, never a crash."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psccore.app import Psc
from psccore.domain.convert import structure
from psccore.domain.people import Person
from psccore.errors import InvalidInput

PERSON_KEYS = ["name", "kana", "birth_date", "phone", "email", "postal_code", "ward", "address"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.lists(st.integers(), max_size=2))
person_data = st.dictionaries(st.sampled_from([*PERSON_KEYS, "extra"]), scalars, max_size=9)


@settings(deadline=None)
@given(person_data)
def test_person_input_is_accepted_or_every_problem_is_named(data: dict[str, Any]) -> None:
    try:
        structure(data, Person)
    except InvalidInput as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path.startswith("$")
            assert problem.text("ja") and problem.text("en")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=person_data)
def test_bad_person_input_through_the_cli_writes_nothing(psc: Psc, psc_cli,
                                                         data: dict[str, Any]) -> None:
    args = ["person", "add", "--allow-duplicate"]
    for key, value in data.items():
        if key in PERSON_KEYS and isinstance(value, str) and value and "\x00" not in value:
            args += [f"--{key.replace('_', '-')}", value]
    before = psc.verify_audit()[0]
    result = psc_cli(*args, lang="en")
    after = psc.verify_audit()[0]
    if result.exit_code == 0:
        assert after == before + 1
    else:
        assert result.exit_code == 2, result.output
        assert "The input is not valid" in result.output and "$." in result.output
        assert after == before
    assert "Traceback" not in result.output
