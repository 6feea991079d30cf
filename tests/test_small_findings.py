"""Smaller hardening: the retention period cannot be set below its floor (nor to
nonsense), backups leave no SQLite side files behind, and exported text never becomes a
formula, even behind a tab."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from psccore.app import Psc
from psccore.errors import ConfigurationError, InvalidInput
from psccore.services.bulk import _inert

D = dt.date


def _closed_person(psc: Psc, closed: dt.date) -> int:
    person = psc.add_person({"name": "保存 期間", "kana": "ホゾン キカン"})
    case = psc.open_case(person.id or 0, "household_budget",
                         {"monthly_income": 0, "housing": "owned"}, D(2013, 4, 1)).case.id or 0
    psc.close_case(case, "other", note="転居", on=closed)
    return person.id or 0


@pytest.mark.parametrize("value", ["-100", "0", "1", "4", "abc", "５", "1e3", "101", ""])
def test_retention_below_its_floor_or_nonsense_is_refused(psc: Psc, value: str,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    pid = _closed_person(psc, D(2024, 3, 31))
    monkeypatch.setenv("PSC_RETENTION_YEARS", value)
    with pytest.raises(ConfigurationError) as refused:
        psc.erase_person(pid, dry_run=False, today=D(2026, 4, 1))
    assert "PSC_RETENTION_YEARS=" in refused.value.text("en")
    assert psc.get_person(pid).name == "保存 期間"  # still within retention, still there


def test_the_cli_says_so_with_exit_6(psc: Psc, psc_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    pid = _closed_person(psc, D(2024, 3, 31))
    for value in ("-100", "abc"):
        monkeypatch.setenv("PSC_RETENTION_YEARS", value)
        result = psc_cli("person", "erase", str(pid), "--yes", lang="en")
        assert result.exit_code == 6, result.output
        assert f"PSC_RETENTION_YEARS={value} cannot be used" in result.output


def test_a_shorter_retention_needs_the_documented_override(psc: Psc,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    pid = _closed_person(psc, D(2020, 2, 29))
    monkeypatch.setenv("PSC_RETENTION_YEARS", "3")
    monkeypatch.setenv("PSC_RETENTION_OVERRIDE", "1")
    with pytest.raises(InvalidInput) as too_soon:
        psc.erase_person(pid, today=D(2023, 2, 28))
    assert "2023-03-01" in too_soon.value.text("en")  # 29 February: a day later, not a crash
    assert psc.erase_person(pid, dry_run=False, today=D(2023, 3, 1)).done
    assert "PSC_RETENTION_OVERRIDE=1" in (Path(__file__).parents[1] / "docs" / "security.md").read_text()


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1",
                                  "\t", "\r\n=HYPERLINK(\"x\")", " =1+1", "\n@x"])
def test_exported_text_never_becomes_a_formula(text: str) -> None:
    assert _inert(text) == "'" + text


@pytest.mark.parametrize("text", ["山田", "1-2", "a=b", "", "メール a@b"])
def test_ordinary_text_is_exported_as_it_is(text: str) -> None:
    assert _inert(text) == text


def test_a_tab_before_a_formula_is_neutralised_in_the_file(psc: Psc, tmp_path: Path) -> None:
    person = psc.add_person({"name": "式 太郎", "kana": "シキ タロウ"})
    case = psc.open_case(person.id or 0, "household_budget",
                         {"monthly_income": 0, "housing": "rented"}).case.id or 0
    psc.add_record(case, {"on": psc.today().isoformat(), "kind": "phone",
                          "summary": "\t=HYPERLINK(\"http://example.invalid\",\"x\")"})
    psc.export_records(tmp_path / "r.csv")
    [_, row] = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert row[5].startswith("'\t=HYPERLINK")


def test_a_backup_leaves_no_side_files(psc: Psc, tmp_path: Path) -> None:
    if psc.ctx.db.sqlite_file is None:
        pytest.skip("pg_dump writes one file")
    out = tmp_path / "out"
    out.mkdir()
    psc.backup(out / "b.db")
    psc.backup(out / "b.db", overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == ["b.db"]
