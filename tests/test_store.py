"""The SQLite file is configured for safety; writes take the lock at BEGIN."""

import pytest
import sqlalchemy as sa

from psccore.app import Psc


def test_sqlite_pragmas(psc: Psc) -> None:
    if psc.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with psc.ctx.db.read() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 10000


def test_foreign_keys_are_enforced(psc: Psc) -> None:
    from psccore.errors import ConcurrentEdit
    from psccore.store import tables as t

    with pytest.raises(ConcurrentEdit), psc.ctx.db.write("admin") as tx:
        tx.conn.execute(t.cases.insert().values(person_id=999, status="open",
                                                opened_on=sa.func.current_date(), version=1))


def test_a_write_transaction_holds_the_write_lock_from_its_start(psc: Psc) -> None:
    if psc.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite locking")
    import sqlite3

    database = sa.make_url(psc.ctx.db.url).database
    with psc.ctx.db.write("admin"):
        other = sqlite3.connect(database, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_writes_inside_a_write_are_one_transaction(psc: Psc) -> None:
    """A bulk operation (the demo, an import) joins the services' writes into one."""
    from psccore.errors import InvalidInput

    def bulk() -> None:
        with psc.ctx.db.write("admin"):
            psc.add_person({"name": "一人目", "kana": "ヒトリメ"})
            assert [p.name for p in psc.find_people("ヒトリメ")] == ["一人目"]  # seen inside
            psc.add_person({"name": "", "kana": "フタリメ"})

    before = psc.verify_audit()[0]
    with pytest.raises(InvalidInput):
        bulk()
    assert psc.find_people("ヒトリメ") == []
    assert psc.verify_audit() == (before, [])


def test_a_failed_inner_write_leaves_the_audit_chain_whole(psc: Psc) -> None:
    """A write inside another that fails is rolled back to its savepoint, audit head
    included, and the outer write goes on and commits a chain that verifies."""
    from psccore.errors import InvalidInput

    with psc.ctx.db.write("admin"):
        psc.add_person({"name": "外側 一郎", "kana": "ソトガワ イチロウ"})
        with pytest.raises(InvalidInput):
            psc.add_person({"name": "", "kana": "ナイ"})  # fails inside
        with pytest.raises(RuntimeError, match="inner failure"):
            _fail_inside(psc)
        psc.add_person({"name": "外側 二郎", "kana": "ソトガワ ジロウ"})
    assert psc.verify_audit()[1] == []


def _fail_inside(psc: Psc) -> None:
    with psc.ctx.db.write("admin") as inner:
        inner.audit("create", "people", 999)
        raise RuntimeError("inner failure")
