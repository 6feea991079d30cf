"""Edits at rest are noticed: a sealed value is bound to its row (copied onto another
person's enrollment it no longer opens: "record damaged", audited), and every data row is
covered by a digest in the audit trail, so ``psc audit verify --data`` reports rows
changed, added or removed outside psccore (by table and id, never a value)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.crypto import RecordDamaged
from psccore.demo import load_demo
from psccore.store import tables as t

OWN = "household_budget"
D = dt.date


def _case(psc: Psc, name: str, kana: str, note: str) -> tuple[int, int]:
    person = psc.add_person({"name": name, "kana": kana}, allow_duplicate=True)
    detail = psc.open_case(person.id or 0, OWN, {"monthly_income": 0, "housing": "rented",
                                                 "health_note": note}, D(2026, 4, 1))
    return person.id or 0, detail.case.id or 0


def _raw(psc: Psc, statement: sa.Executable) -> None:
    """A change made past psccore (as with the sqlite3 shell)."""
    with psc.ctx.db.engine.begin() as conn:
        conn.execute(statement)


def test_every_write_of_a_busy_office_is_covered(psc: Psc) -> None:
    load_demo(psc, people_per_program=3, seed=5, today=D(2026, 11, 1))
    rows, changed = psc.verify_data()
    assert rows > 300 and changed == []


def test_an_intake_copied_onto_another_enrollment_is_damaged_and_reported(
        psc: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    _, first = _case(psc, "一郎 さん", "イチロウ", "糖尿病で通院")
    _, second = _case(psc, "二郎 さん", "ジロウ", "腰痛")
    [one] = psc.get_case(first).enrollments
    [two] = psc.get_case(second).enrollments
    with psc.ctx.db.engine.begin() as conn:
        stored = conn.execute(sa.select(t.enrollments.c.intake)
                              .where(t.enrollments.c.id == one.id)).scalar_one()
        conn.execute(t.enrollments.update().where(t.enrollments.c.id == two.id)
                     .values(intake=stored))
    with pytest.raises(RecordDamaged) as caught:
        psc.get_case(second)
    assert "Record damaged" in caught.value.text("en") and "損傷" in caught.value.text("ja")
    assert "糖尿病" not in caught.value.text("en")
    damaged = psc.audit_log(limit=1)[0]
    assert (damaged.action, damaged.entity, damaged.entity_id) == (
        "damaged", "enrollments", two.id)
    assert damaged.fields == [f"{OWN}.health_note"]
    assert psc.get_case(first).enrollments[0].intake["health_note"] == "糖尿病で通院"
    shown = psc_cli("case", "show", str(second), lang="en")
    assert shown.exit_code == 6 and "Record damaged" in shown.output
    assert "Traceback" not in shown.output
    _, changed = psc.verify_data()
    assert [(c.table, c.row_id, c.reason) for c in changed] == [
        ("enrollments", two.id, "changed")]
    verified = psc_cli("audit", "verify", "--data", lang="en")
    assert verified.exit_code == 1
    assert f"enrollments #{two.id}: changed outside psccore" in verified.output
    assert "腰痛" not in verified.output and "糖尿病" not in verified.output


def test_a_row_edited_added_or_removed_with_sql_is_reported(psc: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    person, case = _case(psc, "三郎 さん", "サブロウ", "-")
    psc.add_record(case, {"on": "2026-05-01", "kind": "phone", "summary": "確認"})
    [record] = psc.list_records(case)
    assert psc.verify_data()[1] == []
    assert psc_cli("audit", "verify", "--data", lang="en").exit_code == 0
    _raw(psc, t.people.update().where(t.people.c.id == person).values(address="仙台市"))
    _raw(psc, t.support_records.delete().where(t.support_records.c.id == record.id))
    _raw(psc, t.employers.insert().values(name="架空の会社", stage="research", version=1))
    _, changed = psc.verify_data()
    assert sorted((c.table, c.reason) for c in changed) == [
        ("employers", "unrecorded"), ("people", "changed"), ("support_records", "removed")]
    shown = psc_cli("audit", "verify", "--data", "--json")
    assert shown.exit_code == 1
    report = json.loads(shown.stdout)
    assert report["intact"] is False and len(report["rows_changed"]) == 3
    assert "仙台市" not in shown.output


def test_erasure_and_key_rotation_are_recorded_row_by_row(psc: Psc) -> None:
    from psccore.services.keys import rotate
    from tests.test_rights import _person

    pid, _ = _person(psc)
    _, kept = _person(psc, canary=False)
    assert rotate(psc.ctx) == 2
    assert psc.verify_data()[1] == []
    psc.erase_person(pid, dry_run=False, today=D(2030, 1, 1))
    assert psc.verify_data()[1] == []
    erased = [e for e in psc.audit_log(limit=1000) if e.action == "erase" and e.entity_id]
    assert {e.entity for e in erased} >= {"people", "enrollments", "support_records",
                                          "work_history", "consents"}
    assert all(e.data_digest for e in erased)
    assert psc.get_case(kept).enrollments[0].intake["health_note"] == "other-health"
