"""What a new member of staff meets at the terminal: the answers to wrong or missing
input, in Japanese (English with --lang en), named as they typed it."""

from __future__ import annotations


def test_a_missing_choice_lists_its_labels_on_one_line(psc_cli) -> None:
    missing = psc_cli("record", "add", "1", "--summary", "体調確認")
    assert missing.exit_code == 2
    line = next(x for x in missing.output.splitlines() if x.startswith("エラー:"))
    assert line.startswith("エラー: オプション --kind を指定してください。選択肢: 電話（phone）、")
    assert "ケース会議（case_conference）" in line
    english = psc_cli("record", "add", "1", "--summary", "x", lang="en").output
    assert "Missing option '--kind'. Choose from: phone (phone), visit (" in english
