"""What a new member of staff meets at the terminal: the answers to wrong or missing
input, in Japanese (English with --lang en), named as they typed it."""

from __future__ import annotations

import json

PROGRAM = "household_budget"  # the test program in tests/plugin_household


def test_a_missing_choice_lists_its_labels_on_one_line(psc_cli) -> None:
    missing = psc_cli("record", "add", "1", "--summary", "体調確認")
    assert missing.exit_code == 2
    line = next(x for x in missing.output.splitlines() if x.startswith("エラー:"))
    assert line.startswith("エラー: オプション --kind を指定してください。選択肢: 電話（phone）、")
    assert "ケース会議（case_conference）" in line
    english = psc_cli("record", "add", "1", "--summary", "x", lang="en").output
    assert "Missing option '--kind'. Choose from: phone (phone), visit (" in english


def _person(psc_cli) -> str:
    added = psc_cli("person", "add", "--name", "山田 太郎", "--kana", "やまだ たろう",
                    "--birth-date", "S55.1.2", "--json")
    assert added.exit_code == 0, added.output
    return str(json.loads(added.stdout)["id"])


def test_a_wrong_intake_answer_is_named_by_the_label_typed(psc_cli) -> None:
    person = _person(psc_cli)
    args = ("case", "open", person, "--program", PROGRAM, "--set", "月収=たくさん",
            "--set", "住まい=城")
    ja = psc_cli(*args)
    assert ja.exit_code == 2
    assert "  月収（円） $.monthly_income: 整数で入力してください" in ja.output
    assert "  住まい $.housing: 次のいずれか" in ja.output
    en = psc_cli(*args, lang="en").output
    assert "  monthly income (yen) $.monthly_income: must be a whole number" in en
    assert "  housing $.housing: must be one of" in en


def test_a_wrong_answer_at_a_question_is_named_by_the_question(psc_cli) -> None:
    person = _person(psc_cli)
    answers = "\n".join(["たくさん", "150000", "城", "rented", "", "", ""]) + "\n"
    asked = psc_cli("case", "open", person, "--program", PROGRAM, "-i", input=answers)
    assert asked.exit_code == 0, asked.output
    assert "月収（円） $.monthly_income: 整数で入力してください" in asked.output
    assert "住まい $.housing: 次のいずれか" in asked.output


def test_a_file_that_is_not_a_spreadsheet_is_refused_as_such(psc, psc_cli, tmp_path) -> None:
    data = tmp_path / "data.json"
    data.write_text('{"氏名": "山田 太郎"}\n', encoding="utf-8")
    wrong = psc_cli("import", "people", str(data))
    assert wrong.exit_code == 2
    assert "FILE $.file: CSV（.csv）か Excel（.xlsx）のファイルを指定してください: data.json" \
        in wrong.output
    binary = tmp_path / "名簿.csv"  # a Word file (a zip), renamed
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00,name\n\x00\x00,x\n")
    refused = psc_cli("import", "people", str(binary), lang="en")
    assert refused.exit_code == 2
    assert "cannot read the file; save it as CSV (UTF-8 or Shift_JIS) or .xlsx" in refused.output
    assert psc.find_people("山田") == []


def test_a_day_that_does_not_exist_is_told_as_such(psc_cli) -> None:
    person = _person(psc_cli)
    wrong = psc_cli("case", "open", person, "--program", PROGRAM, "--on", "2026-02-30",
                    "--set", "monthly_income=0", "--set", "housing=rented")
    assert wrong.exit_code == 2
    assert "--on $.on: 存在しない日付です: 2026-02-30（2026年2月は28日まで）" in wrong.output
    era = psc_cli("person", "edit", person, "--set", "birth_date=R8.13.1", lang="en")
    assert era.exit_code == 2 and "not a date: R8.13.1 (months are 1 to 12)" in era.output
    unreadable = psc_cli("case", "open", person, "--program", PROGRAM, "--on", "あした")
    assert "日付として読めません（例: 2026-04-01、令和8年4月1日、R8.4.1）: あした" in unreadable.output
    assert json.loads(psc_cli("case", "list", "--json").stdout) == []


def test_programs_are_named_as_staff_know_them_not_by_their_code(psc_cli) -> None:
    person = _person(psc_cli)
    opened = psc_cli("case", "open", person, "--program", PROGRAM, "--on", "2026-04-01",
                     "--set", "monthly_income=0", "--set", "housing=rented", "--json")
    case = str(json.loads(opened.stdout)["case"]["id"])
    draft = json.loads(psc_cli("plan", "draft", case, "--on", "2026-04-05", "--goal", "住まいを保つ",
                               "--from", "2026-04-10", "--to", "2026-09-30",
                               "--step", "住居確保給付金の支給@2026-04-20", "--json").stdout)
    step = str(draft["steps"][0]["id"])
    approved = psc_cli("meeting", "record", "--on", "2026-04-08", "--approve",
                       str(draft["plan"]["id"]))
    assert approved.exit_code == 0, approved.output
    not_yet = psc_cli("step", "start", step, "--on", "2026-04-20")
    assert not_yet.exit_code == 2
    assert "このケースは住居確保給付金を利用していません（psc case enroll）" in not_yet.output
    english = psc_cli("step", "start", step, "--on", "2026-04-20", lang="en").output
    assert "the case is not enrolled in Housing allowance" in english
    enrolled = psc_cli("case", "enroll", case, "--program", "housing_support", "--set", "rent=40000",
                       "--on", "2026-04-10")
    assert enrolled.exit_code == 0, enrolled.output
    assert f"ケース {case} を住居確保給付金でも受け付けました" in enrolled.output
    assert psc_cli("staff", "add", "ito.a", "--name", "伊藤 明").exit_code == 0
    granted = psc_cli("staff", "grant", "ito.a", "caseworker", "--program", "housing_support")
    assert "ito.a: 住居確保給付金の支援員（全拠点）" in granted.output
    every = psc_cli("staff", "grant", "ito.a", "supervisor", lang="en").output
    assert "ito.a: supervisor for every program (every office)" in every
