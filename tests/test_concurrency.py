"""Concurrent edits are detected, not overwritten."""

import pytest

from psccore.app import Psc
from psccore.errors import ConcurrentEdit


def test_a_stale_edit_is_refused_and_changes_nothing(psc: Psc) -> None:
    person = psc.add_person({"name": "阿部 誠", "kana": "アベ マコト"})
    mine = psc.get_person(person.id)
    theirs = psc.get_person(person.id)
    psc.update_person(theirs.id, {"phone": "022-222-3333"}, expected_version=theirs.version)
    with pytest.raises(ConcurrentEdit) as caught:
        psc.update_person(mine.id, {"phone": "022-444-5555"}, expected_version=mine.version)
    assert "changed by someone else" in caught.value.text("en")
    assert psc.get_person(person.id).phone == "022-222-3333"
    assert psc.get_person(person.id).version == 2


def test_the_cli_refuses_a_stale_version(psc: Psc, psc_cli) -> None:
    person = psc.add_person({"name": "阿部 誠", "kana": "アベ マコト"})
    assert psc_cli("person", "edit", str(person.id), "--set", "ward=泉区",
                   "--version", "1").exit_code == 0
    result = psc_cli("person", "edit", str(person.id), "--set", "ward=青葉区", "--version", "1")
    assert result.exit_code == 4
    assert "他の人が変更しました" in result.output
    assert psc.get_person(person.id).ward == "泉区"


def test_concurrent_writers_keep_one_unbroken_audit_chain(psc: Psc) -> None:
    """Eight threads, each with its own connection, add people at once."""
    from concurrent.futures import ThreadPoolExecutor

    def add(i: int) -> int:
        return psc.add_person({"name": f"並行 {i}", "kana": f"ヘイコウ{'ア' * i}"}).id or 0

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(add, range(40)))
    assert len(set(ids)) == 40
    count, breaks = psc.verify_audit()
    assert breaks == []
    assert count == 42  # the template's staff member and role, then one row per person
