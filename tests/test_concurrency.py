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
    # the template's default organisation and office (core_0014), its staff member and
    # role, then one row per person
    assert count == 44


def test_two_staff_editing_the_same_case_the_second_save_is_refused(psc: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    """Both read version 1; the first reassigns it; the second, still at version 1, is
    told someone changed it, and nothing of theirs is written."""
    for login, name in (("kato.m", "加藤 誠"), ("ono.a", "小野 亜希")):
        psc.add_staff(login, name)
        psc.grant(login, "caseworker")
    person = psc.add_person({"name": "阿部 誠", "kana": "アベ マコト"})
    case = psc.open_case(person.id or 0, "household_budget",
                         {"monthly_income": 0, "housing": "rented"}).case
    assert "版（変更時に --version で指定）" in psc_cli("case", "show", str(case.id)).output
    first = psc_cli("case", "assign", str(case.id), "--to", "kato.m", "--version", "1")
    assert first.exit_code == 0, first.output
    second = psc_cli("case", "assign", str(case.id), "--to", "ono.a", "--version", "1")
    assert second.exit_code == 4 and "他の人が変更しました" in second.output
    closing = psc_cli("case", "close", str(case.id), "--reason", "moved", "--version", "1",
                      lang="en")
    assert closing.exit_code == 4 and "changed by someone else" in closing.output
    stored = psc.get_case(case.id or 0).case
    kato = next(s for s in psc.list_staff() if s.login == "kato.m")
    assert (stored.assigned_staff_id, stored.status.value, stored.version) == (kato.id, "open", 2)
