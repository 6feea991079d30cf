"""The people search reads its index (``person_search``): every spacing, width and script
of a name or kana, two-character infixes such as 山田, phone numbers with or without
hyphens; exact matches first, then prefixes, then infixes; a count capped at "100+";
the index kept by every insert, correction, import and erasure in the same transaction,
and made by the migration for people already there. On both databases."""

import csv
import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.domain.kana import query_grams, stored_grams
from psccore.errors import PscError
from psccore.store import search_index
from psccore.store import tables as t

PROGRAM = "household_budget"


def _names(psc: Psc, text: str) -> list[str]:
    return [h.person.name for h in psc.search(text).people]


def _add(psc: Psc, name: str, kana: str, phone: str | None = None) -> int:
    person = psc.add_person({"name": name, "kana": kana, "phone": phone},
                            allow_duplicate=True)
    return person.id or 0


def _grams(psc: Psc, person_id: int) -> set[str]:
    with psc.ctx.db.read() as conn:
        return search_index.pieces(conn, [person_id]).get(person_id, set())


@pytest.fixture
def people(psc: Psc) -> dict[str, int]:
    return {
        "taro": _add(psc, "山田 太郎", "ヤマダ タロウ", "022-123-4567"),
        "hanako": _add(psc, "小山田 花子", "オヤマダ ハナコ", "090-1111-2222"),
        "taromaru": _add(psc, "山田 太郎丸", "ヤマダ タロウマル"),
        "sato": _add(psc, "佐藤 一郎", "サトウ イチロウ", "0223334444"),
    }


@pytest.mark.parametrize("typed", ["山田　太郎", "山田 太郎", "山田太郎", "やまだたろう",
                                   "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ", " 山田太郎 "])
def test_every_spacing_width_and_script_finds_the_person(psc: Psc, people: dict[str, int],
                                                         typed: str) -> None:
    found = _names(psc, typed)
    assert found[0] == "山田 太郎"  # the exact one first
    assert set(found) <= {"山田 太郎", "山田 太郎丸"} and "山田 太郎丸" in found


def test_half_width_kana_alone_finds_by_kana(psc: Psc, people: dict[str, int]) -> None:
    assert _names(psc, "ﾔﾏﾀﾞ") == ["山田 太郎", "山田 太郎丸", "小山田 花子"]  # prefix, infix


def test_two_characters_are_found_inside_a_name(psc: Psc, people: dict[str, int]) -> None:
    assert set(_names(psc, "山田")) == {"山田 太郎", "山田 太郎丸", "小山田 花子"}
    assert _names(psc, "花子") == ["小山田 花子"]
    assert _names(psc, "田花") == ["小山田 花子"]  # across the space
    assert _names(psc, "タロ") == ["山田 太郎", "山田 太郎丸"]


def test_ranked_exact_then_prefix_then_infix(psc: Psc, people: dict[str, int]) -> None:
    other = _add(psc, "山田", "ヤマダ")
    assert _names(psc, "山田")[:3] == ["山田", "山田 太郎", "山田 太郎丸"]
    assert _names(psc, "山田")[3:] == ["小山田 花子"]
    assert psc.search("山田").people[0].person.id == other


def test_one_character_finds_names_beginning_with_it(psc: Psc, people: dict[str, int]) -> None:
    assert set(_names(psc, "山")) == {"山田 太郎", "山田 太郎丸"}
    assert _names(psc, "さ") == ["佐藤 一郎"]
    assert _names(psc, "藤") == []  # not at the beginning


def test_pieces_that_are_not_together_do_not_match(psc: Psc, people: dict[str, int]) -> None:
    _add(psc, "田太 山田", "タタ ヤマダ")  # holds 山田 and 田太, not 山田太
    assert _names(psc, "山田太") == ["山田 太郎", "山田 太郎丸"]
    assert "田太 山田" in _names(psc, "山田")


@pytest.mark.parametrize("typed", ["022-123-4567", "0221234567", "０２２－１２３－４５６７",
                                   "123-4567", "4567", "(022) 123 4567"])
def test_phone_with_or_without_hyphens(psc: Psc, people: dict[str, int], typed: str) -> None:
    assert _names(psc, typed) == ["山田 太郎"]


def test_phone_stored_without_hyphens_is_found_with_them(psc: Psc,
                                                         people: dict[str, int]) -> None:
    assert _names(psc, "022-333-4444") == ["佐藤 一郎"]
    assert _names(psc, "3334") == ["佐藤 一郎"]
    assert _names(psc, "123") == []  # three digits: not a phone number, not a name


def test_count_is_capped(psc: Psc, tmp_path: Path) -> None:
    psc.import_rows("people", _file(tmp_path, 120, "鈴木 花{}", "スズキ ハナ"),
                    allow_duplicates=True)
    found = psc.search("鈴木", limit=5)
    assert len(found.people) == 5 and found.cut and found.capped
    assert found.count_text == "100+"
    few = psc.search("鈴木 花7")  # 花7, 花70..花79
    assert not few.capped and few.count_text == str(few.total) == "11"


def _file(folder: Path, n: int, name: str, kana: str, phone: str = "") -> Path:
    path = folder / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "kana", "birth_date", "phone"])
        for i in range(n):
            writer.writerow([name.format(i), kana, f"1980-01-{1 + i % 28:02d}", phone])
    return path


def test_import_indexes_every_row(psc: Psc, tmp_path: Path) -> None:
    psc.import_rows("people", _file(tmp_path, 3, "取込 次郎{}", "トリコミ ジロウ", "011-222-3333"),
                    allow_duplicates=True)
    assert _names(psc, "込次") == ["取込 次郎0", "取込 次郎1", "取込 次郎2"]
    assert len(_names(psc, "2223333")) == 3


def test_a_correction_moves_the_person_in_the_index(psc: Psc, people: dict[str, int]) -> None:
    psc.update_person(people["sato"], {"name": "加藤 一郎", "kana": "カトウ イチロウ",
                                       "phone": "099-888-7777"})
    assert _names(psc, "佐藤") == [] and _names(psc, "サトウ") == []
    assert _names(psc, "0223334444") == []
    assert _names(psc, "加藤") == ["加藤 一郎"] and _names(psc, "8887777") == ["加藤 一郎"]


def test_a_failed_write_leaves_the_index_as_it_was(psc: Psc, people: dict[str, int]) -> None:
    with pytest.raises(PscError):
        psc.update_person(people["sato"], {"name": "加藤 一郎"}, expected_version=99)
    assert _names(psc, "佐藤") == ["佐藤 一郎"] and _names(psc, "加藤") == []


def test_erasure_removes_the_person_from_the_index(psc: Psc, people: dict[str, int]) -> None:
    sato = people["sato"]
    assert {"n佐藤", "kサト", "p3334"} <= _grams(psc, sato)
    psc.erase_person(sato, dry_run=False)
    assert _names(psc, "佐藤") == [] and _names(psc, "イチロウ") == []
    assert _names(psc, "0223334444") == []
    with psc.ctx.db.read() as conn:  # the row as stored (the erased mark unnormalised)
        erased = conn.execute(sa.select(t.people).where(t.people.c.id == sato)).one()
    assert _grams(psc, sato) == stored_grams(erased.name, erased.kana, None)
    assert "n佐藤" not in _grams(psc, sato)


def test_only_people_the_staff_member_may_read(psc: Psc, people: dict[str, int]) -> None:
    psc.open_case(people["taro"], PROGRAM, {"monthly_income": 0, "housing": "owned"},
                  dt.date(2026, 4, 1))
    psc.add_staff("worker", "担当 者")
    assert psc.acting_as("worker").search("山田").people == []  # no role: no one
    psc.grant("worker", "caseworker", "consultation")
    seen = {h.person.name for h in psc.acting_as("worker").search("山田").people}
    assert seen == {"山田 太郎丸", "小山田 花子"}  # 山田 太郎 is in a program not theirs


def test_the_index_made_again_is_the_index_kept(psc: Psc, people: dict[str, int]) -> None:
    psc.update_person(people["hanako"], {"phone": None})
    with psc.ctx.db.read() as conn:
        kept = search_index.pieces(conn)
    with psc.ctx.db.write("admin") as tx:
        assert search_index.rebuild(tx.conn) == 4
    with psc.ctx.db.read() as conn:
        assert search_index.pieces(conn) == kept


def test_query_pieces() -> None:
    assert query_grams("山田", "山田", None) == [["n山田"], ["k山田"]]
    assert query_grams("山", "山", None) == [["n^山"], ["k^山"]]
    assert query_grams("abc", "ABC", "12345") == [["nab", "nbc"], ["kAB", "kBC"],
                                                  ["p1234", "p2345"]]
    assert stored_grams("山田 太郎", "ヤマダ タロウ", "022-1234") == {
        "n^山", "n山田", "n田太", "n太郎", "k^ヤ", "kヤマ", "kマダ", "kダタ", "kタロ", "kロウ",
        "p0221", "p2212", "p2123", "p1234"}


def test_the_migration_indexes_the_people_already_there(psc: Psc,
                                                         people: dict[str, int]) -> None:
    from psccore.store import migrate

    psc.ctx.db.dispose()
    migrate.downgrade(psc.ctx.db, psc.ctx.registry, "core_0012")
    with psc.ctx.db.engine.begin() as conn:  # one more, written by the older code
        conn.execute(t.people.insert().values(name="旧版 登録", kana="キュウハン トウロク",
                                              phone="011-999-8888", version=1))
    psc.ctx.db.dispose()
    migrate.upgrade(psc.ctx.db, psc.ctx.registry)
    assert _names(psc, "版登") == ["旧版 登録"] and _names(psc, "9998888") == ["旧版 登録"]
    assert set(_names(psc, "山田")) == {"山田 太郎", "山田 太郎丸", "小山田 花子"}
    assert psc.verify_audit()[1] == []  # the migration wrote nothing to the trail
