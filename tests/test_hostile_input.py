"""Hostile files and values: each gets a clear message and exit 2 (never 70, never a
traceback), nothing is written, and the spreadsheet's claims about itself are not
believed."""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.services.bulk import ReadLimits, read_table
from psccore.store import tables as t

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'),
}


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _xlsx(path: Path, dimension: str, rows: str, padding: int = 0) -> Path:
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
             f'<sheetData>{rows}</sheetData>{" " * padding}</worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**_PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, text)
    return path


def _heads(name: str = "氏名", kana: str = "フリガナ") -> str:
    return f'<row r="1">{_cell("A1", name)}{_cell("B1", kana)}</row>'


def _people(psc: Psc) -> int:
    with psc.ctx.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(t.people)).scalar_one())


def test_a_tiny_workbook_claiming_every_cell_is_refused_quickly(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    bomb = _xlsx(tmp_path / "bomb.xlsx", "A1:XFD1048576",
                 _heads() + f'<row r="1048576">{_cell("XFD1048576", "x")}</row>')
    assert bomb.stat().st_size < 2_000
    started = time.monotonic()
    result = psc_cli("import", "people", str(bomb), lang="en")
    assert result.exit_code == 2, result.output
    assert "too many rows (at most 1,000,000" in result.output
    assert time.monotonic() - started < 60  # was: 3.9 GB and MemoryError
    assert _people(psc) == 0


def test_a_workbook_claiming_every_cell_with_few_rows_reads_only_those(tmp_path: Path) -> None:
    book = _xlsx(tmp_path / "small.xlsx", "A1:XFD1048576",
                 _heads() + f'<row r="2">{_cell("A2", "山田 花子")}{_cell("B2", "ヤマダ")}</row>')
    assert read_table(book) == (["氏名", "フリガナ"], [(2, ["山田 花子", "ヤマダ"])])


def test_sheet_limits_name_themselves(tmp_path: Path, psc_cli, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
                                      ) -> None:
    wide = _xlsx(tmp_path / "wide.xlsx", "A1:B2",
                 _heads() + f'<row r="2">{_cell("A2", "x")}{_cell("XFD2", "y")}</row>')
    result = psc_cli("import", "people", str(wide), lang="en")
    assert result.exit_code == 2 and "row 2 has too many columns (at most 256" in result.output
    padded = _xlsx(tmp_path / "padded.xlsx", "A1:B1", _heads(), padding=3 * 2**20)
    assert padded.stat().st_size < 100_000  # three megabytes of spaces pack small
    monkeypatch.setenv("PSC_IMPORT_MAX_MB", "2")
    result = psc_cli("import", "people", str(padded), lang="en")
    assert result.exit_code == 2 and "too large (at most 2 MB unpacked" in result.output
    monkeypatch.setenv("PSC_IMPORT_MAX_MB", "lots")
    result = psc_cli("import", "people", str(padded), lang="en")
    assert result.exit_code == 6 and "PSC_IMPORT_MAX_MB=lots" in result.output
    many = tmp_path / "many.csv"
    many.write_text("氏名,フリガナ\n" + "山田,ヤマダ\n" * 20, encoding="utf-8")
    with pytest.raises(Exception, match="The input is not valid") as refused:
        read_table(many, ReadLimits(rows=10))
    assert "too many rows (at most 10" in refused.value.text("en")  # type: ignore[attr-defined]


def test_a_huge_csv_field_is_a_clear_refusal(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.csv"
    big.write_text("氏名,フリガナ\n" + "山" * 200_000 + ",ヤマダ\n", encoding="utf-8")
    result = psc_cli("import", "people", str(big), lang="en")
    assert result.exit_code == 2, result.output
    assert "at most 131,072 characters in a field" in result.output
    assert _people(psc) == 0


def test_deep_json_is_refused_not_a_crash(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for args in (("person", "add", "--data", str(deep)),
                 ("employer", "add", "--name", "株式会社A", "--data", str(deep)),
                 ("person", "add", "--name", "山田", "--kana", "ヤマダ", "--data", str(deep))):
        result = psc_cli(*args, lang="en")
        assert result.exit_code == 2 and "nested too deeply" in result.output, result.output
    person = psc.add_person({"name": "山田 花子", "kana": "ヤマダ ハナコ"})
    result = psc_cli("person", "edit", str(person.id), "--set",
                     "address=" + "[" * 100_000 + "]" * 100_000, lang="en")
    assert result.exit_code == 2 and "nested too deeply" in result.output, result.output
    assert _people(psc) == 1


@pytest.mark.parametrize("value", ["山田\x00花子", "山田\x1b[31m花子", "山田\x9b2J", "山田\ud800",
                                   "山" * 100_001])
def test_names_refuse_control_characters_and_lone_surrogates(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                             value: str) -> None:
    result = psc_cli("person", "add", "--name", value, "--kana", "ヤマダ", lang="en")
    assert result.exit_code == 2, result.output
    assert "$.name" in result.output and "\x1b" not in result.output
    result = psc_cli("employer", "add", "--name", value, lang="en")
    assert result.exit_code == 2, result.output
    assert psc.list_employers() == [] and _people(psc) == 0


@pytest.mark.parametrize("value", ["株式会社\nA", "株式会社\tA", "株式会社\rA"])
def test_one_line_fields_refuse_line_breaks(psc: Psc, psc_cli, value: str) -> None:  # type: ignore[no-untyped-def]
    result = psc_cli("employer", "add", "--name", value, lang="en")
    assert result.exit_code == 2 and "must be one line" in result.output, result.output
    result = psc_cli("person", "add", "--name", "山田 花子", "--kana", "ヤマダ",
                     "--address", value, lang="en")
    assert result.exit_code == 2 and "$.address" in result.output, result.output
    person = psc.add_person({"name": "山田\n花子", "kana": "ヤマダ"})
    assert person.name == "山田 花子"  # a name's spaces and breaks are made one space


def test_control_characters_stored_earlier_are_escaped_when_printed(psc: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    person = psc.add_person({"name": "山田 花子", "kana": "ヤマダ ハナコ"})
    with psc.ctx.db.write("admin") as tx:  # as an older version, or sqlite3, could have
        tx.conn.execute(sa.update(t.people).values(name="山田\x1b]0;owned\x07\x1b[2J花子"))
    for args in (("person", "show", str(person.id)), ("person", "find", "山田")):
        result = psc_cli(*args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "\\x1b[2J" in result.output


@pytest.mark.parametrize("args", [
    ("person", "show", str(2**70)),
    ("case", "show", str(2**70)),
    ("case", "show", str(2**31)),
    ("person", "edit", "1", "--set", "address=x", "--version", str(2**70)),
    ("employer", "add", "--name", "株式会社A", "--set", f"employees={2**70}"),
    ("record", "add", "1", "--kind", "phone", "--summary", "x", "--step", str(2**63)),
    ("person", "find", "%" * 60_000),
])
def test_numbers_and_searches_out_of_range_are_refused(psc: Psc, psc_cli,  # type: ignore[no-untyped-def]
                                                       args: tuple[str, ...]) -> None:
    psc.add_person({"name": "山田 花子", "kana": "ヤマダ ハナコ"})
    result = psc_cli(*args, lang="en")
    # refused; a search is answered from the search index: no one found
    searched = args[:2] == ("person", "find")
    assert result.exit_code in ((0,) if searched else (2, 3)), result.output
    assert not searched or "山田" not in result.output
    assert "unexpected error" not in result.output


def test_an_unreadable_workbook_is_no_crash(psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.xlsx"
    data = io.BytesIO()
    _xlsx(tmp_path / "whole.xlsx", "A1:B1", _heads())
    whole = (tmp_path / "whole.xlsx").read_bytes()
    data.write(whole[: len(whole) // 2])
    broken.write_bytes(data.getvalue())
    result = psc_cli("import", "people", str(broken), lang="en")
    assert result.exit_code == 2, result.output
    os.remove(broken)
