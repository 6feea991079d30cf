"""Encryption keys and sealed values: a key file edited by hand keeps working, and text
that merely looks sealed is kept as text."""

import datetime as dt
from pathlib import Path

import pytest

from psccore.app import Psc

D = dt.date
OWN, OTHER = "household_budget", "housing_support"


@pytest.fixture
def setup(psc: Psc) -> dict[str, int]:
    person = psc.add_person({"name": "保護 花子", "kana": "ホゴ ハナコ", "birth_date": "1990-01-01"})
    case = psc.open_case(person.id or 0, OWN, {"monthly_income": 0, "housing": "rented",
                                               "health_note": "SECRET-1"}, D(2026, 4, 1))
    psc.record_assessment(case.case.id or 0, {"assessed_on": "2026-04-02",
                                              "autonomy_stage": "work", "barriers": ["health"]})
    psc.add_staff("other", "他事業の支援員")
    psc.grant("other", "supervisor", OTHER)
    return {"person": person.id or 0, "case": case.case.id or 0}


def test_text_that_looks_sealed_in_a_general_field_is_just_text(
        psc: Psc, setup: dict[str, int]) -> None:
    person = psc.add_person({"name": "記号 太郎", "kana": "キゴウ タロウ"})
    case = psc.open_case(person.id or 0, OWN, {"monthly_income": 0, "housing": "public",
                                               "debts": [{"creditor": "psc1:x", "amount": 1}]})
    shown = psc.get_case(case.case.id or 0).enrollments[0].intake
    assert shown["debts"][0]["creditor"] == "psc1:x"
    from psccore.services.keys import rotate

    assert rotate(psc.ctx, check_only=True) >= 1


def test_a_key_added_to_a_file_without_final_newline(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from psccore.crypto import add_key, load_keys, new_key_line

    keys = tmp_path / "k"
    keys.write_text(new_key_line("old"))  # no newline at the end
    new = add_key(keys)
    monkeypatch.setenv("PSC_KEY_FILE", str(keys))
    ring = load_keys()
    assert list(ring.keys) == ["old", new] and ring.active == new
    assert keys.stat().st_mode & 0o077 == 0


def test_a_new_key_file_is_made_where_psc_key_file_points(
        psc_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """`env PSC_KEY_FILE=/etc/psccore/psc.keys psc keys new` (docs/deployment.md) makes
    that file, the one every other command then reads, not the default one."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    named = tmp_path / "etc" / "psc.keys"
    monkeypatch.setenv("PSC_KEY_FILE", str(named))
    result = psc_cli("keys", "new", lang="en")
    assert result.exit_code == 0, result.output
    assert named.exists() and str(named) in result.output
    assert not (tmp_path / "config" / "psccore" / "psc.keys").exists()
    again = psc_cli("keys", "new", lang="en")  # never over an existing key file
    assert again.exit_code == 2 and "exists already" in again.output
