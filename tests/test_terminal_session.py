"""A day's work at a real (pseudo-)terminal, typing only names, Japanese labels, dates
and free text: no code, no JSON, no ID looked up. Each screen is checked."""

from __future__ import annotations

import datetime as dt
import os
import sys
from zoneinfo import ZoneInfo

import pytest

pexpect = pytest.importorskip("pexpect")


@pytest.fixture
def terminal(psc_database_url: str):
    env = {**os.environ, "PSC_DATABASE_URL": psc_database_url, "PSC_USER": "admin",
           "PSC_LANG": "ja", "COLUMNS": "160", "PSC_STRICT_PLUGINS": ""}

    def run(*args: str) -> pexpect.spawn:
        return pexpect.spawn(sys.executable, ["-m", "psccore", *args], env=env,
                             encoding="utf-8", timeout=60, dimensions=(50, 160))

    return run


def _answer(child: pexpect.spawn, pairs: list[tuple[str, str]]) -> None:
    for question, answer in pairs:
        child.expect(question)
        child.sendline(answer)


def _done(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def _era(day: dt.date) -> str:
    from psccore.dates import format_era

    return format_era(day)


def test_a_day_typing_names_labels_dates_and_text(terminal) -> None:
    today = dt.datetime.now(ZoneInfo("Asia/Tokyo")).date()
    # intake: the person, asked field by field
    child = terminal("person", "add")
    _answer(child, [("氏名", "山田　花子"), ("フリガナ", "やまだ　はなこ"), ("生年月日", "平成2年3月4日"),
                    ("電話番号", "０２２－３３３－４４４４"), ("メール", ""), ("郵便番号", ""),
                    ("区・市町村", "青葉区"), ("住所", "")])
    assert "ヤマダ ハナコ" in _done(child)
    # the case: choices from numbered menus of labels, a list as 、-separated text
    child = terminal("case", "open", "やまだはなこ", "--program", "readiness")
    child.expect("区役所・福祉事務所")  # the menu shows labels, not codes
    _answer(child, [("紹介経路", "区役所"), ("生活リズム", "2"), ("支援期間の目標", "週3日通う"),
                    ("開始時の自立段階", "社会"), ("希望する活動", "PC講座、ポスティング")])
    screen = _done(child)
    assert "区役所・福祉事務所" in screen and "乱れがち" in screen
    assert "PC講座, ポスティング" in screen and "担当" in screen
    # assessment, plan, meeting, record: by name and label
    start, end = today, today + dt.timedelta(days=150)
    for args, shown in [
        (("assess", "山田花子", "--stage", "社会生活自立", "--rate", "健康=3",
          "--barrier", "長期の離職、生活リズムの乱れ"), "アセスメント第1回"),
        (("plan", "draft", "山田 花子", "--goal", "就職する", "--short", "履歴書を書く",
          "--from", _era(start), "--to", _era(end)), "プラン"),
        (("meeting", "record", "--approve", "山田花子"), "支援調整会議を記録しました"),
        (("record", "add", "山田花子", "--kind", "来所・訪問", "--summary", "体調確認"), "記録しました"),
        (("employer", "add", "--name", "株式会社みどり商事", "--kana", "みどりしょうじ",
          "--phone", "022-555-0000"), "みどり商事"),
        (("consent", "add", "山田花子", "--employer", "みどり", "--category", "基本情報",
          "--category", "職歴", "--purpose", "職場紹介", "--until", _era(end)), "同意を記録しました"),
    ]:
        child = terminal(*args)
        assert shown in _done(child), args
    # sending data out, given a name: the birth date is asked to confirm
    child = terminal("introduce", "山田花子", "--employer", "みどり商事")
    _answer(child, [("生年月日", "H2.3.4")])
    assert "山田 花子" in _done(child)
    child = terminal("report", "fy", "R8")
    _done(child)


def test_several_matches_are_a_numbered_choice_with_birth_dates(terminal) -> None:
    for name, kana, born in [("佐藤 一郎", "サトウ イチロウ", "S50.1.1"),
                             ("佐藤 次郎", "サトウ ジロウ", "S52.2.2")]:
        child = terminal("person", "add", "--name", name, "--kana", kana, "--birth-date", born)
        _done(child)
    child = terminal("person", "show", "さとう")
    child.expect("1975-01-01")
    child.expect("1977-02-02")
    _answer(child, [("番号を選んでください", "2")])
    screen = _done(child)
    assert "佐藤 次郎" in screen and "佐藤 一郎" not in screen.split("フリガナ")[-1]


def test_erasing_by_name_needs_the_birth_date(terminal) -> None:
    child = terminal("person", "add", "--name", "鈴木 一", "--kana", "スズキ ハジメ",
                     "--birth-date", "1990-01-01")
    _done(child)
    child = terminal("person", "export", "鈴木一")
    _answer(child, [("生年月日", "1990-01-02")])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2 and "一致しません" in child.before


def test_ctrl_c_at_a_question_exits_130(terminal) -> None:
    child = terminal("person", "add")
    child.expect("氏名")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
