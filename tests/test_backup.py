"""``psc db backup`` and ``psc db restore``: online, checked, whole; on both databases."""

import threading
import types
from pathlib import Path

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.errors import ConfigurationError, InvalidInput, NotAllowed, PscError
from psccore.services import backup
from psccore.store import tables as t


def _suffix(psc: Psc) -> str:
    return ".db" if psc.ctx.db.sqlite_file is not None else ".dump"


def _names(psc: Psc) -> list[str]:
    with psc.ctx.db.read() as conn:
        return sorted(conn.execute(sa.select(t.people.c.name)).scalars())


def test_a_backup_restores_the_data_as_it_was(psc: Psc, tmp_path: Path) -> None:
    for name, kana in (("青木 一郎", "アオキ イチロウ"), ("石川 花子", "イシカワ ハナコ")):
        psc.add_person({"name": name, "kana": kana})
    target = tmp_path / f"backup{_suffix(psc)}"
    found = psc.backup(target)
    assert target.is_file() and (target.stat().st_mode & 0o777) == 0o600
    assert found.tables >= 30
    psc.add_person({"name": "上野 三郎", "kana": "ウエノ サブロウ"})
    assert len(_names(psc)) == 3
    psc.restore(target)
    assert _names(psc) == ["石川 花子", "青木 一郎"]
    _, breaks = psc.verify_audit()
    # the restored chain ends where the backup was taken, then records the restore
    assert breaks == [] and [e.action for e in psc.audit_log()][:2] == ["restore", "create"]


def test_a_damaged_backup_is_refused_and_nothing_changes(psc: Psc, tmp_path: Path) -> None:
    psc.add_person({"name": "青木 一郎", "kana": "アオキ イチロウ"})
    bad = tmp_path / f"bad{_suffix(psc)}"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(PscError) as caught:
        psc.restore(bad)
    assert "unusable" in caught.value.text("en") or "failed" in caught.value.text("en")
    assert _names(psc) == ["青木 一郎"]
    with pytest.raises(InvalidInput):
        psc.restore(tmp_path / "missing.db")


def test_only_administrators_back_up_or_restore(psc: Psc, tmp_path: Path) -> None:
    psc.add_staff("kato", "加藤 誠")
    psc.grant("kato", "supervisor")
    with pytest.raises(NotAllowed):
        psc.acting_as("kato").backup(tmp_path / f"x{_suffix(psc)}")
    assert not (tmp_path / f"x{_suffix(psc)}").exists()


def test_a_backup_taken_while_others_write_is_consistent(psc: Psc, tmp_path: Path) -> None:
    other = Psc.open(psc.ctx.db.url, staff="admin")
    stop = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        while not stop.is_set():
            person = other.add_person({"name": f"並行 {len(written)}", "kana": "ヘイコウ"},
                                      allow_duplicate=True)
            written.append(person.id or 0)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        for i in range(3):
            psc.backup(tmp_path / f"b{i}{_suffix(psc)}")  # each one checked before kept
    finally:
        stop.set()
        writer.join()
        other.close()
    assert written


def test_the_cli_backs_up_and_restores(psc: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    psc.add_person({"name": "青木 一郎", "kana": "アオキ イチロウ"})
    target = tmp_path / f"b{_suffix(psc)}"
    result = psc_cli("db", "backup", str(target))
    assert result.exit_code == 0 and "保存しました" in result.output, result.output
    assert psc_cli("db", "backup", str(tmp_path / "b.txt")).exit_code == 2
    psc.add_person({"name": "上野 三郎", "kana": "ウエノ サブロウ"})
    result = psc_cli("db", "restore", str(target), input="n\n")
    assert result.exit_code != 0 and len(_names(psc)) == 2  # not confirmed: nothing done
    result = psc_cli("db", "restore", str(target), "--yes")
    assert result.exit_code == 0, result.output
    assert _names(psc) == ["青木 一郎"]


def test_a_backup_is_never_written_over_the_database_in_use(psc: Psc) -> None:
    if psc.ctx.db.sqlite_file is None:
        pytest.skip("a PostgreSQL database is no file")
    with pytest.raises(InvalidInput) as caught:
        psc.backup(psc.ctx.db.sqlite_file)
    assert "database in use" in caught.value.text("en")
    assert psc.verify_audit()[1] == []


def _scratch_databases(psc: Psc) -> list[str]:
    live = sa.make_url(psc.ctx.db.url).database
    with psc.ctx.db.read() as conn:
        return list(conn.execute(sa.text(
            "SELECT datname FROM pg_database WHERE starts_with(datname, :live)"),
            {"live": f"{live}_restore_"}).scalars())


def test_the_scratch_database_a_restore_checks_in_is_always_dropped(
        psc: Psc, tmp_path: Path) -> None:
    if psc.ctx.db.sqlite_file is not None:
        pytest.skip("a SQLite backup is read where it is")
    psc.add_person({"name": "青木 一郎", "kana": "アオキ イチロウ"})
    target = tmp_path / "b.dump"
    psc.backup(target)
    psc.restore(target)
    assert _scratch_databases(psc) == []
    psc.add_person({"name": "上野 三郎", "kana": "ウエノ サブロウ"})
    with backup.opened(psc.ctx, target) as engine:  # an edited row: refused once read
        with engine.begin() as conn:
            conn.execute(t.people.update().values(address="仙台市"))
        backup.pg_dump(engine.url.render_as_string(hide_password=False), target)
    with pytest.raises(InvalidInput):
        psc.restore(target)
    assert _scratch_databases(psc) == [] and len(_names(psc)) == 2
    assert sa.make_url(psc.ctx.db.url).database in _names_of_databases(psc)


def _names_of_databases(psc: Psc) -> list[str]:
    with psc.ctx.db.read() as conn:
        return list(conn.execute(sa.text("SELECT datname FROM pg_database")).scalars())


def test_a_scratch_name_already_taken_is_refused_and_that_database_is_left(
        psc: Psc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if psc.ctx.db.sqlite_file is not None:
        pytest.skip("a SQLite backup is read where it is")
    psc.add_person({"name": "青木 一郎", "kana": "アオキ イチロウ"})
    target = tmp_path / "b.dump"
    psc.backup(target)
    psc.add_person({"name": "上野 三郎", "kana": "ウエノ サブロウ"})
    live = sa.make_url(psc.ctx.db.url)
    taken = f"{live.database}_restore_000000000000"
    server = sa.create_engine(live, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{taken}"')
    try:
        monkeypatch.setattr(backup, "secrets", types.SimpleNamespace(
            token_hex=lambda n: "0" * 2 * n))
        with pytest.raises(ConfigurationError) as caught:
            psc.restore(target)
        assert "scratch database" in caught.value.text("en")
        assert taken in _names_of_databases(psc) and len(_names(psc)) == 2
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{taken}" WITH (FORCE)')
        server.dispose()


def test_a_dump_without_a_tables_data_or_of_another_database_is_refused(
        psc: Psc, tmp_path: Path) -> None:
    """The check reads the dump's own table of contents: each of its tables must hold
    its data (a database not yet upgraded lacks the newest tables, and that is whole)."""
    if psc.ctx.db.sqlite_file is not None:
        pytest.skip("PostgreSQL's dumps")
    psc.add_person({"name": "山田 太郎", "kana": "ヤマダ タロウ"})
    partial = tmp_path / "partial.dump"
    backup._run("pg_dump", "--format=custom", "--exclude-table-data=people",
                f"--file={partial}", f"--dbname={backup._libpq(str(psc.ctx.db.url))}",
                url=str(psc.ctx.db.url))
    with pytest.raises(InvalidInput) as refused:
        backup.check(psc.ctx, partial)
    assert "no data for people" in refused.value.text("en")
    other = tmp_path / "other.dump"
    with psc.ctx.db.engine.begin() as conn:
        conn.execute(sa.text("CREATE SCHEMA other_app"))
    backup._run("pg_dump", "--format=custom", "--schema=other_app", f"--file={other}",
                f"--dbname={backup._libpq(str(psc.ctx.db.url))}", url=str(psc.ctx.db.url))
    with pytest.raises(InvalidInput) as refused:
        backup.check(psc.ctx, other)
    assert "not a psccore database" in refused.value.text("en")
