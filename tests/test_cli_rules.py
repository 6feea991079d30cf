"""Messages that name what was typed, exit codes as the README lists them, and the rules
staff meet at the command: assigning, consents, introductions, imports."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psccore.app import Psc

PROGRAM = "household_budget"
D = dt.date


@pytest.fixture
def person(psc: Psc) -> int:
    return psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ",
                           "birth_date": "1980-01-02"}).id or 0


def test_errors_name_the_option_used(psc: Psc, psc_cli, person: int) -> None:
    case = psc.open_case(person, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         D(2026, 4, 1)).case.id
    result = psc_cli("plan", "draft", str(case), "--goal", "就職する", "--from", "2026-04-10",
                     "--to", "2026-01-01")
    assert result.exit_code == 2 and "--to $.period_end:" in result.output
    missing = psc_cli("person", "add", "--birth-date", "H1.1.1", input="")
    assert "--name $.name:" in missing.output


def test_click_messages_in_japanese(psc_cli) -> None:
    result = psc_cli("case", "list", "--nope")
    assert result.exit_code == 2 and "そのようなオプションはありません" in result.output
    assert "使い方:" in result.output and "Usage" not in result.output


def test_interrupt_exits_130_and_writes_nothing(psc: Psc, psc_cli) -> None:
    from unittest import mock

    with mock.patch("click.prompt", side_effect=KeyboardInterrupt):
        result = psc_cli("person", "add", "-i")
    assert result.exit_code == 130
    assert psc.count_people() == 0


def test_closed_stdin_is_said_plainly(psc: Psc, psc_database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "PSC_DATABASE_URL": psc_database_url, "PSC_USER": "admin",
           "PSC_LANG": "ja"}
    done = subprocess.run([sys.executable, "-m", "psccore", "person", "add", "-i"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert "入力が終わりました" in done.stderr and "予期しない" not in done.stderr
    closed = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.close(0); sys.stdin = None; "
         "from psccore.cli import main; main(['person', 'add'])"],
        capture_output=True, text=True, env=env, timeout=120)
    assert closed.returncode == 2 and "AttributeError" not in closed.stderr
    named = subprocess.run([sys.executable, "-m", "psccore", "person", "add", "-i",
                            "--name", "山田 太郎"], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, env=env, timeout=120)
    assert named.returncode == 2
    assert psc.count_people() == 0  # nothing was written


def test_assigning_to_staff_who_cannot_read_is_refused(psc: Psc, psc_cli,
                                                      person: int) -> None:
    case = psc.open_case(person, PROGRAM, {"monthly_income": 0, "housing": "rented"}).case.id
    psc.add_staff("ito.a", "伊藤 明")
    psc.grant("ito.a", "caseworker", "readiness")
    result = psc_cli("case", "assign", str(case), "--to", "伊藤明")
    assert result.exit_code == 2 and "--to" in result.output and "権限がない" in result.output
    assert psc.get_case(case).case.assigned_staff_id != psc.staff_id("ito.a")


def test_an_expired_consent_needs_yes(psc: Psc, psc_cli, person: int) -> None:
    employer = psc.add_employer({"name": "株式会社テスト", "kana": "テスト"}).id or 0
    args = ("consent", "add", "山田太郎", "--employer", "株式会社テスト", "--category", "氏名",
            "--purpose", "紹介", "--from", "2020-04-01", "--until", "2021-03-31")
    refused = psc_cli(*args)
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert psc.list_consents(person) == []
    assert psc_cli(*args, "--yes").exit_code == 0
    introduced = psc_cli("introduce", str(person), "--employer", str(employer))
    assert introduced.exit_code == 5
    assert "2021-03-31" in introduced.output and "期限が切れて" in introduced.output


def test_a_device_is_not_a_file_and_common_headings_map(psc: Psc, psc_cli,
                                                        tmp_path: Path) -> None:
    result = psc_cli("import", "people", "/dev/null")
    assert result.exit_code == 2 and "通常のファイルではありません" in result.output
    sheet = tmp_path / "名簿.csv"
    sheet.write_text("氏名,ふりがな,誕生日,区名,電話\n山田 次郎,やまだ じろう,S60.5.5,青葉区,"
                     "022-000-1111\n", encoding="utf-8")
    done = psc_cli("import", "people", str(sheet))
    assert done.exit_code == 0, done.output
    assert psc.find_people("やまだじろう")[0].ward == "青葉区"


def test_the_kana_error_names_its_real_cause(psc_cli, tmp_path: Path) -> None:
    sheet = tmp_path / "名簿.csv"
    sheet.write_text("氏名,フリガナ,生年月日\n山田 x,やまだ,2099-99-99\n", encoding="utf-8")
    result = psc_cli("import", "people", str(sheet))
    assert result.exit_code == 2 and "生年月日" in result.output
    assert "カタカナ" not in result.output
