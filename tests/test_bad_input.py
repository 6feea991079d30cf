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


HOSTILE_CHARS = list("\x00\x1b\x07\x08\x7f\x85\x9b\r\t\n\ud800\udcff%_\\'\"=")
hostile_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(HOSTILE_CHARS)),
                       max_size=30) | st.sampled_from(["%" * 60_000, "山" * 100_001])
hostile_number = st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, 2**70, -(2**63) - 1])


def _as_argv(text: str) -> str:
    """What a command line can carry: no NUL, and surrogates only for bytes that were no
    UTF-8 (U+DC80 to U+DCFF)."""
    return "".join("?" if c == "\x00" or c == "/" or ("\ud800" <= c <= "\udfff"
                                                     and not "\udc80" <= c <= "\udcff")
                   else c for c in text)


def _commands(text: str, number: int, out: str) -> list[tuple[str, ...]]:
    return [
        ("person", "add", "--name", text, "--kana", "ヤマダ", "--allow-duplicate"),
        ("person", "add", "--name", "山田 花子", "--kana", "ヤマダ", "--address", text,
         "--allow-duplicate"),
        ("person", "find", text),
        ("person", "show", str(number)),
        ("case", "show", str(number)),
        ("person", "edit", "1", "--set", f"ward={text}"),
        ("employer", "add", "--name", text or "x", "--set", f"employees={number}"),
        ("person", "export", "1", "-o", f"{out}/{_as_argv(text)[:20]}.json"),
    ]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=hostile_text, number=hostile_number, which=st.integers(0, 7))
def test_hostile_values_through_the_cli_are_refused_cleanly(psc: Psc, psc_cli, tmp_path_factory,  # type: ignore[no-untyped-def]
                                                            text: str, number: int,
                                                            which: int) -> None:
    if not psc.count_people():
        psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ"})
    out = tmp_path_factory.mktemp("out")
    args = _commands(text, number, str(out))[which]
    before = psc.verify_audit()[0]
    result = psc_cli(*args, lang="en")
    after = psc.verify_audit()[0]
    counts = {"tracebacks": int("Traceback" in result.output or (result.exception is not None
                                and not isinstance(result.exception, SystemExit))),
              "exit 70": int(result.exit_code == 70),
              "partial writes": int(result.exit_code != 0 and (
                  after != before or any(out.iterdir())))}
    assert counts == {"tracebacks": 0, "exit 70": 0, "partial writes": 0}, (args, result.output)
    assert result.exit_code in (0, 2, 3), (args, result.output)
    assert "\x1b" not in result.output and "\x00" not in result.output
