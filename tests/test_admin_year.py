"""An administrator's year at the terminal: staff leaving, keys rotated, backups restored,
the audit trail checked; each step says what to do next."""

from __future__ import annotations

from psccore.app import Psc

PROGRAM = "household_budget"


def _case_of(psc: Psc, login: str, name: str, kana: str) -> int:
    person = psc.add_person({"name": name, "kana": kana, "birth_date": "1980-01-02"})
    case = psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"})
    psc.assign_case(case.case.id or 0, login)
    return case.case.id or 0


def test_deactivating_names_the_open_cases_still_theirs(psc: Psc, psc_cli) -> None:
    psc.add_staff("kato.m", "加藤 誠")
    psc.grant("kato.m", "caseworker", PROGRAM)
    first = _case_of(psc, "kato.m", "山田 太郎", "ヤマダ タロウ")
    second = _case_of(psc, "kato.m", "佐々木 一郎", "ササキ イチロウ")
    psc.close_case(first, "employment")
    result = psc_cli("staff", "deactivate", "kato.m")
    assert result.exit_code == 0, result.output
    assert f"支援中のケースが 1 件あります（{second}）" in result.output
    assert "psc case assign" in result.output
    handed = psc_cli("case", "assign", str(second), "--to", "admin")
    assert handed.exit_code == 0, handed.output
    psc.add_staff("ono.a", "小野 明")
    psc.grant("ono.a", "caseworker", PROGRAM)
    quiet = psc_cli("staff", "deactivate", "ono.a", lang="en")
    assert quiet.exit_code == 0 and "open cases" not in quiet.output
