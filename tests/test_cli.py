"""The staff's path through the CLI, in both languages, with clean errors."""

import json
from pathlib import Path

import sqlalchemy as sa

from psccore.app import Psc
from psccore.store import tables as t

PROGRAM = "household_budget"  # the test program in tests/plugin_household


def _count(psc: Psc, table: sa.Table) -> int:
    with psc.ctx.db.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _add_person(psc_cli, *extra: str) -> int:
    result = psc_cli("person", "add", "--name", "菅原 蓮", "--kana", "ｽｶﾞﾜﾗ れん",
                     "--birth-date", "平成13年4月1日", "--ward", "青葉区", "--json", *extra)
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["id"])


def test_person_add_show_find(psc_cli) -> None:
    person_id = _add_person(psc_cli)
    shown = psc_cli("person", "show", str(person_id))
    assert "スガワラ レン" in shown.output  # kana normalised
    assert "2001-04-01（平成13年4月1日）" in shown.output
    english = psc_cli("person", "show", str(person_id), lang="en").output
    assert "ward / municipality  青葉区" in english and "version              1" in english
    found = json.loads(psc_cli("person", "find", "すがわら", "--json").stdout)
    assert [p["id"] for p in found] == [person_id]


def test_case_open_with_set_and_data_file(psc: Psc, psc_cli, tmp_path: Path) -> None:
    person_id = _add_person(psc_cli)
    opened = psc_cli("case", "open", str(person_id), "--program", PROGRAM,
                     "--set", "monthly_income=120000", "--set", "housing=rented",
                     "--set", 'debts=[{"creditor": "消費者金融A", "amount": 300000}]',
                     "--on", "R8.5.1", "--json")
    assert opened.exit_code == 0, opened.output
    detail = json.loads(opened.stdout)
    assert detail["case"]["opened_on"] == "2026-05-01"
    assert detail["enrollments"][0]["intake"]["debts"] == [
        {"creditor": "消費者金融A", "amount": 300000}]
    data = tmp_path / "intake.json"
    data.write_text(json.dumps({"monthly_income": 0, "housing": "public"}), encoding="utf-8")
    second = psc_cli("case", "open", str(person_id), "--program", PROGRAM, "--data", str(data))
    assert second.exit_code == 0, second.output
    assert "家計改善支援事業" in second.output and "月収（円）" in second.output
    listed = json.loads(psc_cli("case", "list", "--program", PROGRAM, "--json").stdout)
    assert len(listed) == 2
    # the plugin heard the enrollment inside the same transaction
    with psc.ctx.db.read() as conn:
        debts = conn.execute(sa.text(
            "select total_debt from household_budget_enrollments order by id")).scalars().all()
    assert debts == [300000, 0]


def test_interactive_intake_asks_each_field_and_reasks_on_a_bad_answer(psc_cli) -> None:
    person_id = _add_person(psc_cli)
    answers = "\n".join(["たくさん", "150000", "castle", "rented", "", "", ""]) + "\n"
    result = psc_cli("case", "open", str(person_id), "--program", PROGRAM, "-i",
                     input=answers, lang="en")
    assert result.exit_code == 0, result.output
    assert "$.monthly_income: must be a whole number" in result.output
    assert "one of: rented, owned, public, homeless" in result.output
    assert "Opened case" in result.output


def test_bad_intake_names_the_field_in_the_users_language_and_writes_nothing(
        psc: Psc, psc_cli) -> None:
    person_id = _add_person(psc_cli)
    before = (_count(psc, t.cases), _count(psc, t.audit_log))
    args = ("case", "open", str(person_id), "--program", PROGRAM, "--set", "housing=castle",
            "--set", 'debts=[{"creditor": "A", "amount": -5}]', "--set", "colour=blue")
    ja = psc_cli(*args)
    assert ja.exit_code == 2
    assert "$.housing: 次のいずれか（rented, owned, public, homeless）で入力してください" in ja.output
    assert "$.debts[0].amount: 1以上100000000以下で入力してください" in ja.output
    assert "$.monthly_income: 入力が必要です" in ja.output
    assert "colour" in ja.output and "Traceback" not in ja.output
    en = psc_cli(*args, lang="en")
    assert "$.debts[0].amount: must be between 1 and 100000000" in en.output
    assert (_count(psc, t.cases), _count(psc, t.audit_log)) == before


def test_unknown_program_person_and_staff_are_clear_errors(psc_cli) -> None:
    person_id = _add_person(psc_cli)
    result = psc_cli("case", "open", str(person_id), "--program", "nope", "--set", "a=1",
                     lang="en")
    assert result.exit_code == 2 and "program nope is not registered" in result.output
    result = psc_cli("person", "show", "999", lang="en")
    assert result.exit_code == 3 and "person 999 not found" in result.output
    result = psc_cli("person", "add", "--name", "x", "--kana", "エックス", staff="ghost")
    assert result.exit_code == 5 and "ghost" in result.output
    result = psc_cli("person", "add", "--name", "x", "--kana", "エックス", staff=None, lang="en")
    assert result.exit_code == 5 and "--as LOGIN" in result.output


def test_an_uninitialised_database_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from psccore.cli import build_cli

    env = {"PSC_DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}", "PSC_LANG": "en"}
    result = CliRunner().invoke(build_cli(), ["case", "list"], env=env)
    assert result.exit_code == 6
    assert "Run `psc init`" in result.output and "Traceback" not in result.output


def test_init_programs_and_staff(psc_cli) -> None:
    assert psc_cli("init").exit_code == 0
    programs = json.loads(psc_cli("programs", "--json").stdout)
    assert PROGRAM in [p["code"] for p in programs]
    assert psc_cli("staff", "add", "kato.m", "--name", "加藤 誠").exit_code == 0
    again = psc_cli("staff", "add", "kato.m", "--name", "加藤 誠", lang="en")
    assert again.exit_code == 2 and "already taken" in again.output
    staff = json.loads(psc_cli("staff", "list", "--json").stdout)
    assert [s["login"] for s in staff] == ["admin", "kato.m"]


def test_help_is_translated(psc_cli) -> None:
    assert "使い方:" in psc_cli("case", "--help").output
    english = psc_cli("case", "open", "--help", lang="en").output
    assert "Usage:" in english and "program code" in english


def test_usage_errors_are_in_the_users_language(psc_cli) -> None:
    result = psc_cli("person", "show")
    assert result.exit_code == 2
    assert "使い方: psc person show" in result.output
    assert "エラー: 引数 PERSON を指定してください。" in result.output
    assert "Error: Missing argument 'PERSON'." in psc_cli("person", "show", lang="en").output


def test_the_language_may_come_at_the_end(psc_cli) -> None:  # type: ignore[no-untyped-def]
    at_end = psc_cli("programs", "--lang", "en")
    assert at_end.exit_code == 0, at_end.output
    assert at_end.output.split()[:2] == ["code", "program"]  # the English headings
    assert psc_cli("programs", "--lang=en").output.split()[:2] == ["code", "program"]
    assert psc_cli("programs").output.split()[:2] == ["コード", "事業"]
    wrong = psc_cli("programs", "--lang", "fr")
    assert wrong.exit_code == 2  # not a language: click names the option as before
