"""The command as Japanese staff type it: names for numbers, labels for codes, forgiving
search, lists cut short said so."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from psccore.app import Psc
from psccore.domain.catalogues import Coded
from psccore.domain.convert import structure
from psccore.domain.kana import kana_key, name_key, phone_key
from psccore.domain.names import read_choice, split_list

PROGRAM = "household_budget"
D = dt.date


@pytest.fixture
def people(psc: Psc) -> dict[str, int]:
    found = {}
    for name, kana, born, phone in [("山田 太郎", "ヤマダ タロウ", "1980-01-02", "022-123-4567"),
                                    ("山田 花子", "ヤマダ ハナコ", "1982-03-04", None),
                                    ("佐々木 一郎", "ササキ イチロウ", "1975-05-06", None)]:
        person = psc.add_person({"name": name, "kana": kana, "birth_date": born,
                                 "phone": phone})
        found[name] = person.id or 0
    return found


@pytest.mark.parametrize("typed", ["山田 太郎", "山田　太郎", "山田太郎", "やまだたろう",
                                   "やまだ　たろう", "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ", "0221234567",
                                   "０２２－１２３－４５６７", "123-4567"])
def test_search_finds_every_spelling(psc_cli, people: dict[str, int], typed: str) -> None:
    found = json.loads(psc_cli("person", "find", typed, "--json").stdout)
    assert [p["id"] for p in found] == [people["山田 太郎"]]


def test_keys_are_the_duplicate_checks() -> None:
    assert name_key("山田　太郎") == name_key("山田太郎") == "山田太郎"
    assert kana_key("ﾔﾏﾀﾞ　たろう") == "ヤマダタロウ"
    assert phone_key("０２２（１２３）４５６７") == "0221234567" and phone_key("山田") is None
    assert split_list("軽作業, パソコン") == split_list("軽作業、パソコン") == ["軽作業", "パソコン"]


def test_duplicate_check_sees_a_name_without_its_space(psc: Psc, people: dict[str, int]) -> None:
    alike = psc.possible_duplicates({"name": "山田太郎", "kana": "ヤマダ　タロウ",
                                     "birth_date": "1980-01-02"})
    assert [p.id for p in alike] == [people["山田 太郎"]]


def test_a_name_stands_for_one_person(psc_cli, people: dict[str, int]) -> None:
    shown = psc_cli("person", "show", "やまだ はなこ")
    assert shown.exit_code == 0, shown.output
    assert "山田 花子" in shown.output


def test_several_matches_in_a_script_are_listed_with_birth_dates(psc_cli,
                                                                 people: dict[str, int]) -> None:
    result = psc_cli("person", "show", "山田")
    assert result.exit_code == 2
    assert "複数" in result.output and "1980-01-02" in result.output
    assert "1982-03-04" in result.output and "佐々木" not in result.output


def test_no_match_is_not_found(psc_cli, people: dict[str, int]) -> None:
    result = psc_cli("person", "show", "田中", lang="en")
    assert result.exit_code == 3 and "no person matches '田中'" in result.output


def test_only_people_the_staff_member_may_read_are_listed(psc: Psc, psc_cli,
                                                          people: dict[str, int]) -> None:
    psc.open_case(people["山田 太郎"], PROGRAM, {"monthly_income": 0, "housing": "rented"})
    psc.add_staff("other.c", "他事業 職員")
    psc.grant("other.c", "caseworker", "readiness")
    result = psc_cli("person", "show", "山田", staff="other.c")
    assert "山田 太郎" not in result.output  # in a program other.c may not read
    assert result.exit_code == 0 and "山田 花子" in result.output  # no case yet: readable


def test_destructive_commands_take_an_id_in_scripts(psc_cli, people: dict[str, int]) -> None:
    result = psc_cli("person", "export", "山田太郎")
    assert result.exit_code == 2 and f"ID {people['山田 太郎']}" in result.output
    assert psc_cli("person", "export", str(people["山田 太郎"])).exit_code == 0


def test_a_case_and_a_caseworker_by_name(psc: Psc, psc_cli, people: dict[str, int]) -> None:
    case = psc.open_case(people["山田 太郎"], PROGRAM, {"monthly_income": 0,
                                                     "housing": "rented"}).case.id
    psc.add_staff("kato.m", "加藤 誠")
    psc.grant("kato.m", "caseworker", PROGRAM)
    assigned = psc_cli("case", "assign", "やまだたろう", "--to", "加藤誠")
    assert assigned.exit_code == 0, assigned.output
    shown = psc_cli("case", "show", "山田太郎")
    assert "担当" in shown.output and "加藤 誠" in shown.output
    listed = psc_cli("case", "list", staff="kato.m")  # a caseworker: their cases
    assert "加藤 誠" in listed.output and str(case) in listed.output


def test_coded_options_take_labels(psc: Psc, psc_cli, people: dict[str, int]) -> None:
    case = psc.open_case(people["山田 太郎"], PROGRAM, {"monthly_income": 0,
                                                     "housing": "rented"}, D(2026, 4, 1)).case.id
    added = psc_cli("record", "add", str(case), "--kind", "電話", "--summary", "体調確認",
                    "--on", "2026-04-02")
    assert added.exit_code == 0, added.output
    assessed = psc_cli("assess", "山田太郎", "--stage", "就労自立", "--rate", "健康=2",
                       "--on", "R8.4.3")
    assert assessed.exit_code == 0, assessed.output
    wrong = psc_cli("record", "add", str(case), "--kind", "伝書鳩", "--summary", "x",
                    "--on", "2026-04-02")
    assert wrong.exit_code == 2 and "--kind" in wrong.output and "電話" in wrong.output


def _coded(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_coded(sub)]
    return found


def test_every_coded_choice_reads_its_code_and_both_labels(psc: Psc) -> None:
    """Core's and the loaded programs' coded choices, found from the program contract."""
    import psccore.domain.catalogues  # noqa: F401  (core's catalogues)

    for program in psc.programs.values():
        __import__(type(program).__module__)
    kinds = _coded(Coded)
    assert len(kinds) > 10
    for kind in kinds:
        for member in kind:
            for typed in (member.value, member.label.ja, member.label.en):
                assert structure(typed, kind) is member, (kind, typed)
                assert read_choice(list(kind), lambda m: [m.value, m.label.ja, m.label.en],
                                   typed) is member


def test_a_list_answer_as_comma_text_or_repeated(psc: Psc, psc_cli,
                                                people: dict[str, int]) -> None:
    psc.open_case(people["山田 太郎"], PROGRAM, {"monthly_income": 0, "housing": "rented"},
                  D(2026, 4, 1))
    result = psc_cli("assess", "山田太郎", "--stage", "就労", "--barrier", "長期の離職、心身の不調",
                     "--barrier", "no_experience", "--on", "2026-04-02", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["barriers"] == ["long_gap", "health", "no_experience"]


def test_a_cut_list_says_so(psc: Psc, psc_cli) -> None:
    for n in range(5):
        psc.add_person({"name": f"高橋 {n}郎", "kana": f"タカハシ {'イジサシゴ'[n]}ロウ"},
                       allow_duplicate=True)
    result = psc_cli("person", "find", "たかはし", "--limit", "3")
    assert "5 件中 3 件を表示" in result.output and "--limit 5" in result.output
    english = psc_cli("person", "find", "たかはし", "--limit", "3", lang="en")
    assert "3 of 5 shown" in english.output
