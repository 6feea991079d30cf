"""``psc import``: the spreadsheets offices keep, checked row by row before anything is
written; on both databases."""

from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook

from psccore.app import Psc
from psccore.store import tables as t

HEAD = "氏名,フリガナ,生年月日,電話番号,区・市町村\n"


def _csv(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _count(psc: Psc, table: sa.Table) -> int:
    with psc.ctx.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_people_from_a_shift_jis_csv_are_imported_and_audited(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    path = _csv(tmp_path, HEAD + "青木 一郎,アオキ イチロウ,1980-04-01,022-111-2222,青葉区\n"
                "石川 花子,ｲｼｶﾜ ﾊﾅｺ,昭和60年5月3日,,泉区\n上野 三郎,うえの さぶろう,,,\n",
                encoding="cp932")
    audit_before = psc.verify_audit()[0]
    result = psc_cli("import", "people", str(path))
    assert result.exit_code == 0, result.output
    assert "3 件を登録しました" in result.output
    with psc.ctx.db.read() as conn:
        ids = list(conn.execute(sa.select(t.people.c.id)).scalars())
    names = {p.name: p for p in (psc.get_person(i) for i in ids)}
    assert names["石川 花子"].kana == "イシカワ ハナコ"  # half-width kana normalised
    assert str(names["石川 花子"].birth_date) == "1985-05-03"  # era dates read
    creates = [e for e in psc.audit_log() if e.entity == "people" and e.action == "create"]
    assert len(creates) == 3 and {e.person_id for e in creates} == {
        p.id for p in names.values()}
    assert psc.audit_log()[0].action == "import"  # and the batch itself
    assert psc.verify_audit() == (audit_before + 4, [])


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(
        psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, HEAD + "青木 一郎,アオキ イチロウ,1980-04-01,,\n"
                "石川 花子,イシカワ ハナコ,1985-13-01,,\n,ウエノ サブロウ,,abc,\n")
    result = psc_cli("import", "people", str(path))
    assert result.exit_code == 2
    assert "3行目「生年月日」" in result.output
    assert "4行目「氏名」" in result.output and "4行目「電話番号」" in result.output
    assert _count(psc, t.people) == 0
    english = psc_cli("import", "people", str(path), lang="en")
    assert "row 3, 生年月日" in english.output
    result = psc_cli("import", "people", str(path), "--skip-invalid")
    assert result.exit_code == 0 and "1 件を登録しました" in result.output
    assert "3行目「生年月日」" in result.output  # what was left out is listed
    assert _count(psc, t.people) == 1


def test_possible_duplicates_are_flagged(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    registered = psc.add_person({"name": "青木 一郎", "kana": "アオキ イチロウ",
                                 "birth_date": "1980-04-01"})
    path = _csv(tmp_path, HEAD + "青木 一郎,アオキ イチロウ,1980-04-01,,\n"
                "石川 花子,イシカワ ハナコ,1985-05-03,,\n石川 花子,イシカワ ハナコ,1985-05-03,,\n")
    result = psc_cli("import", "people", str(path), lang="en")
    assert result.exit_code == 2
    assert f"row 2: may be the same person as registered ID {registered.id}" in result.output
    assert "row 4: may be the same person as row 3" in result.output
    assert _count(psc, t.people) == 1
    result = psc_cli("import", "people", str(path), "--allow-duplicates", lang="en")
    assert result.exit_code == 0 and "Imported 3" in result.output
    assert "Possible duplicates (imported)" in result.output


def test_people_from_a_spreadsheet_with_date_cells(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "kana", "birth date", "メモ"])
    sheet.append(["青木 一郎", "アオキ イチロウ", dt.datetime(1980, 4, 1), "要連絡"])
    book.save(tmp_path / "people.xlsx")
    result = psc_cli("import", "people", str(tmp_path / "people.xlsx"))
    assert result.exit_code == 2 and "メモ" in result.output and "--map" in result.output
    result = psc_cli("import", "people", str(tmp_path / "people.xlsx"), "--map", "メモ=-")
    assert result.exit_code == 0, result.output
    [person] = psc.find_people("アオキ")
    assert str(person.birth_date) == "1980-04-01"


def test_employers_then_their_openings_by_name(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    employers = _csv(tmp_path, "事業所名,業種,区・市町村\n株式会社青葉プリント,印刷,青葉区\n"
                     "杜の食堂,飲食店,宮城野区\n", "employers.csv")
    assert psc_cli("import", "employers", str(employers)).exit_code == 0
    openings = _csv(tmp_path, "事業所,職種,仕事内容,1日の時間数,週の勤務日数,時間帯,賃金の形態,"
                    "賃金（円）\n株式会社青葉プリント,軽作業,Tシャツのたたみ,4,3,daytime,hourly,950\n"
                    "杜の食堂,調理補助,盛り付け,5,5,morning,hourly,980\n"
                    "ない会社,清掃,床の清掃,3,3,morning,hourly,1000\n", "openings.csv")
    result = psc_cli("import", "openings", str(openings), lang="en")
    assert result.exit_code == 2
    assert "row 4, 事業所: no employer named ない会社 is registered" in result.output
    assert _count(psc, t.job_openings) == 0
    result = psc_cli("import", "openings", str(openings), "--skip-invalid")
    assert result.exit_code == 0 and "2 件を登録しました" in result.output
    assert {o.title for o in psc.list_openings("open")} == {"軽作業", "調理補助"}


def test_a_file_that_is_no_table_is_refused(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x.xlsx").write_bytes(b"not a workbook")
    result = psc_cli("import", "people", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "読めません" in result.output
    result = psc_cli("import", "people", str(tmp_path / "missing.csv"))
    assert result.exit_code == 2 and "ありません" in result.output
    result = psc_cli("import", "people", str(_csv(tmp_path, HEAD)), "--map", "x")
    assert result.exit_code == 2


def test_the_batch_audit_row_names_no_file(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, HEAD + "青木 一郎,アオキ イチロウ,1980-04-01,,\n", "山田花子_面談.csv")
    assert psc_cli("import", "people", str(path)).exit_code == 0
    assert psc.audit_log()[0].fields == ["rows=1"]  # a file name may name a person


def test_spreadsheet_quirks_are_handled(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # a trailing comma (an empty column), and blank rows that keep their numbers
    path = _csv(tmp_path, "氏名,フリガナ,生年月日,\n青木 一郎,アオキ イチロウ,1980-04-01,\n,,,\n"
                "石川 花子,イシカワ ハナコ,1985-13-01,\n")
    result = psc_cli("import", "people", str(path))
    assert result.exit_code == 2 and "4行目「生年月日」" in result.output, result.output
    both = _csv(tmp_path, "氏名,name,フリガナ\n青木 一郎,別人,アオキ イチロウ\n", "both.csv")
    result = psc_cli("import", "people", str(both), lang="en")
    assert result.exit_code == 2 and "both fill name" in result.output


def test_the_same_kana_with_another_birth_date_is_someone_else(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    psc.add_person({"name": "佐藤 誠", "kana": "サトウ マコト", "birth_date": "1980-04-01"})
    path = _csv(tmp_path, HEAD + "佐藤 誠,サトウ マコト,1990-01-01,,\n")
    result = psc_cli("import", "people", str(path))
    assert result.exit_code == 0, result.output  # as `psc person add` would accept them


def test_imported_employers_start_their_history_and_names_must_be_unique(
        psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    employers = _csv(tmp_path, "事業所名\n杜の食堂\n杜の食堂\n", "employers.csv")
    assert psc_cli("import", "employers", str(employers)).exit_code == 0
    assert _count(psc, t.employer_stage_changes) == 2
    openings = _csv(tmp_path, "事業所,職種,仕事内容,1日の時間数,週の勤務日数,時間帯,賃金の形態,"
                    "賃金（円）\n杜の食堂,調理補助,盛り付け,5,5,morning,hourly,980\n",
                    "openings.csv")
    result = psc_cli("import", "openings", str(openings), lang="en")
    assert result.exit_code == 2 and "several employers are named 杜の食堂" in result.output


def test_the_batch_audit_rows_carry_each_rows_digest_and_verify(  # type: ignore[no-untyped-def]
        psc: Psc, psc_cli, tmp_path: Path) -> None:
    from psccore.domain.audit import AuditEntry, row_digest

    people = _csv(tmp_path, HEAD + "".join(f"取込 太郎{i},トリコミ タロウ,1980-01-{i:02d},"
                                           f"022-111-{i:04d},青葉区\n" for i in range(1, 21)))
    assert psc_cli("import", "people", str(people), "--allow-duplicates").exit_code == 0
    employers = _csv(tmp_path, "事業所名,業種\n株式会社一,印刷\n株式会社二,飲食店\n", "employers.csv")
    assert psc_cli("import", "employers", str(employers)).exit_code == 0
    with psc.ctx.db.read() as conn:
        rows = {(table.name, r.id): row_digest(table.name, dict(r._mapping))
                for table in (t.people, t.employers) for r in conn.execute(sa.select(table))}
        audited = [AuditEntry(**{k: v for k, v in r._mapping.items() if k != "id"})
                   for r in conn.execute(sa.select(t.audit_log).where(
                       t.audit_log.c.action == "create",
                       t.audit_log.c.entity.in_(["people", "employers"])))]
    assert len(audited) == 22
    for entry in audited:  # as AuditEntry.sealed() would write them
        assert entry.data_digest == rows[(entry.entity, entry.entity_id)]
        assert entry.hash == entry.compute_hash()
    assert psc_cli("audit", "verify").exit_code == 0
    verified = psc_cli("audit", "verify", "--data")
    assert verified.exit_code == 0, verified.output
    assert psc.verify_data()[1] == []


def test_a_rows_problems_are_in_both_languages_each_field_named_once(psc: Psc,
                                                                     tmp_path: Path) -> None:
    """An app catching the refusal reads it in either language, the column named as the
    file heads it and the rule after it (not the field's path again)."""
    import pytest

    from psccore import InvalidInput

    path = _csv(tmp_path, HEAD + "石川 花子,イシカワ ハナコ,2026-02-30,,\n"
                "石川 花子,イシカワ ハナコ,1985-05-03,,\n石川 花子,イシカワ ハナコ,1985-05-03,,\n")
    with pytest.raises(InvalidInput) as refused:
        psc.import_rows("people", path)
    japanese, english = refused.value.text("ja"), refused.value.text("en")
    assert "2行目「生年月日」: 存在しない日付です" in japanese and "$.birth_date" not in japanese
    assert "row 2, 生年月日: not a date" in english and "存在しない" not in english
    assert "4行目: 3行目と同じ人の可能性があります" in japanese
    assert "row 4: may be the same person as row 3" in english
    kept = psc.import_rows("people", path, skip_invalid=True)
    assert kept.skipped[0].text("en").startswith("row 2, 生年月日: not a date")
    assert kept.skipped[0].message.startswith("存在しない日付です")
