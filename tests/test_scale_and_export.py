"""``psc demo --scale`` and the streamed export of support records."""

import csv
import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo_scale import load_scale
from psccore.domain.program import ReportPeriod
from psccore.errors import NotAllowed
from psccore.store import tables as t

DAY = dt.date(2026, 11, 1)


def _count(psc: Psc, table: sa.Table) -> int:
    with psc.ctx.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_data_at_scale_is_whole_valid_and_the_same_each_time(psc: Psc, tmp_path: Path) -> None:
    found = load_scale(psc, 120, records_per_case=5, today=DAY)
    assert found.cases == _count(psc, t.cases) >= 110  # a few drawn ineligible are left out
    assert found.support_records == _count(psc, t.support_records) == found.cases * 5
    with psc.ctx.db.read() as conn:
        programs = set(conn.execute(sa.select(t.enrollments.c.program)).scalars())
    assert programs == set(psc.programs)  # every program
    assert psc.verify_audit()[1] == []
    [national] = psc.report(ReportPeriod.fiscal_year(2025), ["national"])
    figures = {r.key: r.value for r in national.rows}
    assert figures["new_consultations"] > 0 and figures["plans"] > 0
    for case in psc.list_cases(limit=200):  # every case reads back, programs' rows too
        psc.get_case(case.case.id or 0)
    other = Psc.open(f"sqlite:///{tmp_path / 'again.db'}", staff="admin")
    other.upgrade()
    other.add_staff("admin", "管理者")
    again = load_scale(other, 120, records_per_case=5, today=DAY)
    assert again == found
    with psc.ctx.db.read() as a, other.ctx.db.read() as b:
        query = sa.select(t.people.c.name, t.people.c.birth_date).order_by(t.people.c.id)
        assert a.execute(query).all() == b.execute(query).all()
    other.close()


def test_the_cli_loads_data_at_scale(psc_cli) -> None:  # type: ignore[no-untyped-def]
    result = psc_cli("demo", "--scale", "40", "--records-per-case", "3")
    assert result.exit_code == 0, result.output
    assert "大量のデモデータを読み込みました" in result.output


def test_records_export_streams_every_record_to_csv(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_scale(psc, 30, records_per_case=4, today=DAY)
    target = tmp_path / "records.csv"
    result = psc_cli("record", "export", "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert rows[0] == ["記録ID", "ケース", "日付", "種別", "職員", "内容"]
    assert len(rows) - 1 == _count(psc, t.support_records)
    assert psc.audit_log()[0].action == "export"
    since = tmp_path / "since.csv"
    psc_cli("record", "export", "-o", str(since), "--from", "2026-06-01")
    dated = list(csv.reader(since.open(encoding="utf-8-sig")))[1:]
    assert all(row[2] >= "2026-06-01" for row in dated) and len(dated) < len(rows) - 1


def test_only_administrators_and_supervisors_export_everyones_records(
        psc: Psc, tmp_path: Path) -> None:
    psc.add_staff("kato", "加藤 誠")
    psc.grant("kato", "caseworker")
    with pytest.raises(NotAllowed):
        psc.acting_as("kato").export_records(tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()


def test_exported_text_never_runs_as_a_formula(psc: Psc, tmp_path: Path) -> None:
    person = psc.add_person({"name": "式 太郎", "kana": "シキ タロウ"})
    case = psc.open_case(person.id or 0, "household_budget",
                         {"monthly_income": 0, "housing": "rented"}).case
    psc.add_record(case.id or 0, {"on": psc.today().isoformat(), "kind": "phone",
                                  "summary": '=HYPERLINK("http://example.invalid","x")'})
    psc.export_records(tmp_path / "r.csv")
    [_, row] = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert row[5].startswith("'=HYPERLINK")
    assert psc.audit_log()[0].fields == ["rows=1"]


def test_only_administrators_load_data_at_scale(psc: Psc) -> None:
    psc.add_staff("kato", "加藤 誠")
    psc.grant("kato", "supervisor")
    with pytest.raises(NotAllowed):
        load_scale(psc.acting_as("kato"), 5, records_per_case=1, today=DAY)
    assert _count(psc, t.people) == 0
