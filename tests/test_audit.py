"""Every write leaves an audit row in the same transaction; tampering is detected."""

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.errors import InvalidInput
from psccore.store import tables as t

PERSON = {"name": "千葉 陽菜", "kana": "チバ ヒナ", "birth_date": "2001-06-01",
          "phone": "022-123-4567"}


def _log(psc: Psc) -> list[sa.Row]:
    with psc.ctx.db.read() as conn:
        return list(conn.execute(sa.select(t.audit_log).order_by(t.audit_log.c.seq)))


def test_writes_are_audited_with_field_names_never_values(psc: Psc) -> None:
    person = psc.add_person(PERSON)
    psc.update_person(person.id, {"phone": "022-999-0000"})
    rows = _log(psc)[-2:]
    assert [(r.action, r.entity, r.entity_id, r.person_id, r.staff) for r in rows] == [
        ("create", "people", person.id, person.id, "admin"),
        ("update", "people", person.id, person.id, "admin"),
    ]
    assert rows[1].fields == ["phone"]
    dumped = repr([tuple(r) for r in rows])
    assert "千葉" not in dumped and "022-" not in dumped


def test_a_refused_write_leaves_neither_record_nor_audit_row(psc: Psc) -> None:
    before = len(_log(psc))
    with pytest.raises(InvalidInput):
        psc.add_person({**PERSON, "email": "not-an-address"})
    assert len(_log(psc)) == before
    assert psc.find_people("チバ") == []


@pytest.mark.parametrize("tamper", ["edit", "delete", "reorder", "truncate"])
def test_verify_detects_tampering(psc: Psc, tamper: str) -> None:
    for i in range(4):
        psc.add_person({**PERSON, "name": f"千葉 陽菜{i}"}, allow_duplicate=True)
    count, breaks = psc.verify_audit()
    assert breaks == [] and count >= 5
    seqs = [r.seq for r in _log(psc)]
    with psc.ctx.db.engine.begin() as conn:
        log = t.audit_log
        if tamper == "edit":
            conn.execute(log.update().where(log.c.seq == seqs[2]).values(staff="someone"))
        elif tamper == "delete":
            conn.execute(log.delete().where(log.c.seq == seqs[2]))
        elif tamper == "reorder":  # swap the content of two rows, keeping their seq
            a, b = (conn.execute(sa.select(log).where(log.c.seq == s)).one() for s in seqs[1:3])
            for row, other in ((a, b), (b, a)):
                values = {k: v for k, v in other._mapping.items() if k != "seq"}
                conn.execute(log.update().where(log.c.seq == row.seq).values(**values))
        else:  # drop the newest rows and pretend nothing happened
            conn.execute(log.delete().where(log.c.seq > seqs[2]))
    _, breaks = psc.verify_audit()
    assert breaks, tamper


def test_the_cli_reports_a_broken_chain_and_fails(psc: Psc, psc_cli) -> None:
    psc.add_person(PERSON)
    assert psc_cli("audit", "verify").exit_code == 0
    with psc.ctx.db.engine.begin() as conn:
        conn.execute(t.audit_log.update().where(t.audit_log.c.seq == 1).values(action="read"))
    result = psc_cli("audit", "verify", lang="en")
    assert result.exit_code == 1
    assert "#1: content was edited" in result.output
