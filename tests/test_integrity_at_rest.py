"""Edits at rest are noticed: a sealed value is bound to its row (copied onto another
person's enrollment it no longer opens: "record damaged", audited), and every data row is
covered by a digest in the audit trail, so ``psc audit verify --data`` reports rows
changed, added or removed outside psccore (by table and id, never a value)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.crypto import RecordDamaged
from psccore.demo import load_demo
from psccore.domain.audit import GENESIS, AuditEntry, row_digest
from psccore.errors import AccessRefused, InvalidInput
from psccore.store import tables as t
from psccore.store.db import from_row

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


# --- restore: only a backup true to itself and to the live trail ---------------------------

def _backup(psc: Psc, tmp_path: Path) -> Path:
    if psc.ctx.db.sqlite_file is None:
        pytest.skip("the backup's own content is read on SQLite")
    _case(psc, "五郎 さん", "ゴロウ", "通院")
    target = tmp_path / "backup.db"
    psc.backup(target)
    psc.add_person({"name": "六郎 さん", "kana": "ロクロウ"})  # the live trail goes on
    return target


def _in(backup: Path, *statements: str) -> None:
    with sqlite3.connect(backup) as con:
        for statement in statements:
            con.execute(statement)


def _rehash(backup: Path) -> None:
    """Re-hash the backup's chain from its first entry, as someone covering an edit would."""
    engine = sa.create_engine(f"sqlite:///{backup}")
    with engine.begin() as conn:
        prev = GENESIS
        rows = conn.execute(sa.select(t.audit_log).order_by(t.audit_log.c.seq)).all()
        for number, row in enumerate(rows, start=1):  # numbered again, with no gap
            entry = attrs.evolve(from_row(row, AuditEntry), seq=number, prev_hash=prev).sealed()
            conn.execute(t.audit_log.update().where(t.audit_log.c.seq == row.seq).values(
                seq=entry.seq, prev_hash=entry.prev_hash, hash=entry.hash))
            prev = entry.hash
        conn.execute(t.audit_head.update().values(seq=entry.seq, hash=prev))
    engine.dispose()


def test_a_backup_the_live_trail_begins_with_is_restored(psc: Psc, tmp_path: Path) -> None:
    backup = _backup(psc, tmp_path)
    psc.restore(backup)
    assert psc.verify_audit()[1] == [] and psc.verify_data()[1] == []


def test_a_backup_with_an_edited_row_is_refused(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = _backup(psc, tmp_path)
    _in(backup, "UPDATE people SET address = '仙台市' WHERE name = '五郎 さん'")
    result = psc_cli("db", "restore", str(backup), "--yes", lang="en")
    assert result.exit_code == 2 and "do not match its audit trail (people #" in result.output
    assert [p.name for p in psc.find_people("六郎")] == ["六郎 さん"]  # nothing replaced


def test_a_backup_with_a_moved_or_broken_sealed_value_is_refused(psc: Psc,
                                                                 tmp_path: Path) -> None:
    backup = _backup(psc, tmp_path)
    engine = sa.create_engine(f"sqlite:///{backup}")
    with engine.begin() as conn:  # a value altered, and the row's digest forged to match
        row = conn.execute(sa.select(t.enrollments)).first()
        assert row is not None
        intake = {**row.intake, "health_note": row.intake["health_note"][:-6] + "AAAAAA"}
        conn.execute(t.enrollments.update().where(t.enrollments.c.id == row.id)
                     .values(intake=intake))
        forged = row_digest("enrollments", dict(conn.execute(sa.select(t.enrollments).where(
            t.enrollments.c.id == row.id)).one()._mapping))
        conn.execute(t.audit_log.update().where(
            t.audit_log.c.entity == "enrollments", t.audit_log.c.entity_id == row.id,
            t.audit_log.c.data_digest.is_not(None)).values(data_digest=forged))
    engine.dispose()
    _rehash(backup)
    with pytest.raises(InvalidInput) as caught:
        psc.restore(backup, replace_history=True)
    assert "does not open (enrollments #" in caught.value.text("en")


def test_a_rehashed_trail_needs_replace_history_and_the_live_tail_is_archived(
        psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    psc.add_staff("worker", "職員")
    someone = psc.add_person({"name": "八郎 さん", "kana": "ハチロウ"})
    with pytest.raises(AccessRefused):
        psc.acting_as("worker").get_person(someone.id or 0)  # a refusal in the trail
    backup = _backup(psc, tmp_path)
    _in(backup, "DELETE FROM audit_log WHERE action = 'refuse'")
    _rehash(backup)
    refused = psc_cli("db", "restore", str(backup), "--yes", lang="en")
    assert refused.exit_code == 2 and "--replace-history" in refused.output
    kept = psc.audit_head()
    archive = tmp_path / "tail.json"
    done = psc_cli("db", "restore", str(backup), "--yes", "--replace-history", "--archive",
                   str(archive), lang="en")
    assert done.exit_code == 0, done.output
    assert (archive.stat().st_mode & 0o777) == 0o600
    tail = json.loads(archive.read_text(encoding="utf-8"))
    assert "refuse" in {e["action"] for e in tail} and tail[-1]["seq"] == kept[0]
    assert psc.audit_log(limit=1)[0].fields == ["replace-history"]
    assert psc.verify_audit()[1] == []


def test_a_kept_head_the_backup_holds_lets_it_in(psc: Psc, tmp_path: Path) -> None:
    if psc.ctx.db.sqlite_file is None:
        pytest.skip("SQLite")
    _case(psc, "七郎 さん", "シチロウ", "-")
    head = psc.audit_head()
    backup = _backup(psc, tmp_path)
    with psc.ctx.db.engine.begin() as conn:  # the live trail lost, say, and begun again
        conn.execute(t.audit_log.delete().where(t.audit_log.c.seq >= head[0]))
        last = conn.execute(sa.select(t.audit_log).order_by(t.audit_log.c.seq.desc())).first()
        assert last is not None
        conn.execute(t.audit_head.update().values(seq=last.seq, hash=last.hash))
    with pytest.raises(InvalidInput):
        psc.restore(backup)
    psc.restore(backup, head=head)
    assert psc.verify_audit(head)[1] == []


# --- the migration re-seals old values in their rows ----------------------------------------

def _legacy(plaintext: str, place: str) -> str:
    """A value sealed the old way (bound to program and field only)."""
    import base64
    import os
    import secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key_id, encoded = os.environ["PSC_KEY"].split(":", 1)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(base64.b64decode(encoded)).encrypt(nonce, plaintext.encode(), place.encode())
    return f"psc1:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def test_the_upgrade_reseals_old_values_in_their_rows_and_needs_the_keys(
        psc: Psc, monkeypatch: pytest.MonkeyPatch) -> None:
    from psccore.errors import ConfigurationError
    from psccore.store import migrate

    _, case = _case(psc, "九郎 さん", "クロウ", "-")
    [enrollment] = psc.get_case(case).enrollments
    psc.ctx.db.dispose()
    migrate.downgrade(psc.ctx.db, psc.ctx.registry, "core_0008")
    old = _legacy(json.dumps("喘息"), f"{OWN}.health_note")
    _raw(psc, t.enrollments.update().where(t.enrollments.c.id == enrollment.id).values(
        intake={**enrollment.intake, "health_note": old}))
    key = __import__("os").environ["PSC_KEY"]
    monkeypatch.delenv("PSC_KEY")
    psc.ctx.db.dispose()
    with pytest.raises(ConfigurationError) as caught:
        migrate.upgrade(psc.ctx.db, psc.ctx.registry)
    assert "needs the key file" in caught.value.text("en")
    monkeypatch.setenv("PSC_KEY", key)
    psc.ctx.db.dispose()
    migrate.upgrade(psc.ctx.db, psc.ctx.registry)
    fresh = Psc.open(psc.ctx.db.url, staff="admin", registry=psc.ctx.registry)
    assert fresh.get_case(case).enrollments[0].intake["health_note"] == "喘息"
    with fresh.ctx.db.read() as conn:
        stored = conn.execute(sa.select(t.enrollments.c.intake).where(
            t.enrollments.c.id == enrollment.id)).scalar_one()
    assert stored["health_note"].startswith("psc2:")
    assert fresh.verify_audit()[1] == []
    fresh.close()
