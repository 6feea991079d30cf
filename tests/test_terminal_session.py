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
    assert "PC講座、ポスティング" in screen and "担当" in screen
    # assessment, plan (its step by the support's label), meeting, record: by name and label
    start, end = today, today + dt.timedelta(days=150)
    step = f"作業@{_era(start + dt.timedelta(days=3))}..{_era(start + dt.timedelta(days=40))}"
    fy = today.year if today.month >= 4 else today.year - 1
    for args, shown in [
        (("assess", "山田花子", "--stage", "社会生活自立", "--rate", "健康=3",
          "--barrier", "長期の離職、生活リズムの乱れ"), "アセスメント第1回"),
        (("plan", "draft", "山田 花子", "--goal", "就職する", "--short", "履歴書を書く",
          "--from", _era(start), "--to", _era(end), "--step", step), "作業プログラム"),
        (("meeting", "record", "--approve", "山田花子"), "支援調整会議を記録しました"),
        (("record", "add", "山田花子", "--kind", "来所・訪問", "--summary", "体調確認"), "記録しました"),
        # the employer, its opening, and matching both ways
        (("employer", "add", "--name", "株式会社みどり商事", "--kana", "みどりしょうじ",
          "--phone", "022-555-0000"), "みどり商事"),
        (("employer", "role", "add", "みどり", "職業体験実習", "--since", _era(start)),
         "協力の内容を登録しました"),
        (("opening", "add", "みどり商事", "--title", "軽作業スタッフ", "--duties", "梱包",
          "--hours", "4", "--days", "3", "--time", "日中", "--wage", "1000",
          "--wage-type", "時給"), "求人を登録しました"),
        (("prefs", "set", "山田花子", "--duty", "軽作業", "--max-hours", "5", "--max-days", "4",
          "--time", "日中", "--min-wage", "900"), "希望条件を保存しました"),
        (("match", "person", "やまだ はなこ"), "軽作業スタッフ（株式会社みどり商事）"),
        (("match", "opening", "みどり商事"), "山田 花子"),
        (("consent", "add", "山田花子", "--employer", "みどり", "--category", "基本情報、職歴",
          "--purpose", "職場紹介", "--until", _era(end)), "同意を記録しました"),
    ]:
        child = terminal(*args)
        assert shown in _done(child), args
    child = terminal("plan", "show", "山田花子")
    screen = _done(child)
    assert "作業プログラム" in screen and "readiness" not in screen and "承認" in screen
    # sending data out, given a name: the birth date is asked to confirm
    child = terminal("introduce", "山田花子", "--employer", "みどり商事")
    _answer(child, [("生年月日", "H2.3.4")])
    screen = _done(child)
    assert "山田 花子" in screen and "職歴" in screen
    # the internship: registered, attended and evaluated by the person's name
    for args, shown in [
        (("internship", "add", "山田花子", "--host", "みどり商事", "--from", _era(start),
          "--to", _era(start + dt.timedelta(days=7)), "--days", "5"), "職業体験実習を登録しました"),
        (("internship", "attend", "山田花子", "--on", _era(start), "--hours", "5"),
         "出欠を記録しました"),
        (("internship", "evaluate", "山田花子", "挨拶がよくできた"), "評価を記録しました"),
        (("report", "fy", _era_fy(fy)), f"{fy}年度"),
    ]:
        child = terminal(*args)
        assert shown in _done(child), args


def _era_fy(year: int) -> str:
    """令和8年度 for 2026."""
    return f"令和{year - 2018}年度"


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


def test_exporting_a_case_by_name_needs_the_birth_date(terminal, tmp_path) -> None:
    child = terminal("person", "add", "--name", "高橋 三郎", "--kana", "タカハシ サブロウ",
                     "--birth-date", "1985-05-05")
    _done(child)
    child = terminal("case", "open", "高橋三郎", "--program", "consultation",
                     "--set", "相談経路=本人", "--set", "相談内容=就職")
    _done(child)
    target = tmp_path / "case.json"
    child = terminal("case", "export", "高橋三郎", "-o", str(target))
    _answer(child, [("生年月日", "昭和60年5月6日")])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2 and "一致しません" in child.before
    assert not target.exists()
    child = terminal("case", "export", "たかはし さぶろう", "-o", str(target))
    _answer(child, [("生年月日", "S60.5.5")])
    _done(child)
    assert "高橋" in target.read_text(encoding="utf-8")


def test_ctrl_c_at_a_question_exits_130(terminal) -> None:
    child = terminal("person", "add")
    _answer(child, [("氏名", "中断 太郎")])
    child.expect("フリガナ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and "保存されていません" in child.before
    child = terminal("person", "find", "中断太郎")
    screen = _done(child)
    assert "中断" not in screen  # nothing was written
