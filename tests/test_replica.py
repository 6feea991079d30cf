"""Reports and exports read from a PostgreSQL streaming replica (PSC_READ_DATABASE_URL):
the same figures as the primary once it has caught up, audit rows written on the
primary, and a replica that is down or too far behind refused with a clear error,
never silently replaced by the primary. Runs on a real primary and hot standby started
by scripts/pg-test-server (the ``replica_pair`` fixture, once per run)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from psccore.app import Psc
from psccore.cli import build_cli
from psccore.domain.program import ReportPeriod
from psccore.errors import ConfigurationError
from psccore.store.db import ReplicaBehind, ReplicaUnavailable

PROGRAM = "household_budget"
YEAR = ReportPeriod.fiscal_year(2026)


class Pair:
    """One fresh database on the primary, seen on both servers."""

    def __init__(self, pair: Any, name: str) -> None:
        self.servers = pair
        self.primary = sa.make_url(pair.primary).set(database=name).render_as_string(False)
        self.replica = sa.make_url(pair.replica).set(database=name).render_as_string(False)

    def psc(self, *, replica: bool = True, max_lag: float | None = None) -> Psc:
        app = Psc.open(self.primary, staff="admin", strict_plugins=True,
                       read_url=self.replica if replica else None)
        if max_lag is not None and app.ctx.read_db is not None:
            app.ctx.read_db.max_lag = max_lag
        return app

    def on_replica(self, sql: str) -> Any:
        engine = sa.create_engine(self.replica, poolclass=sa.NullPool)
        try:
            with engine.connect() as conn:
                return conn.exec_driver_sql(sql).scalar()
        finally:
            engine.dispose()

    def caught_up(self) -> None:
        """Wait until the replica has replayed all the primary has written (up to the
        insert position: the test server commits without waiting for the WAL write)."""
        engine = sa.create_engine(self.primary, poolclass=sa.NullPool)
        with engine.connect() as conn:
            target = conn.exec_driver_sql("SELECT pg_current_wal_insert_lsn()::text").scalar()
        engine.dispose()
        for _ in range(200):
            if self.on_replica(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
                return
            time.sleep(0.05)
        raise AssertionError("the replica did not catch up in 10 s")


@pytest.fixture
def pair(replica_pair: Any) -> Iterator[Pair]:
    name = f"psc_replica_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(replica_pair.primary, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    found = Pair(replica_pair, name)
    psc = found.psc(replica=False)
    psc.upgrade()
    psc.add_staff("admin", "管理者")
    person = psc.add_person({"name": "複製 花子", "kana": "フクセイ ハナコ"})
    case = psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                         psc.today()).case
    psc.add_record(case.id or 0, {"on": psc.today().isoformat(), "kind": "phone",
                                  "summary": "電話で近況を聞いた"})
    psc.close()
    found.caught_up()
    yield found
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _audit_count(url: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        count = int(conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() or 0)
    engine.dispose()
    return count


def test_a_report_from_the_replica_equals_the_primarys(pair: Pair) -> None:
    on_replica, on_primary = pair.psc(), pair.psc(replica=False)
    started = time.perf_counter()
    from_replica = on_replica.build_report(YEAR)
    replica_seconds = time.perf_counter() - started
    started = time.perf_counter()
    from_primary = on_primary.build_report(YEAR)
    primary_seconds = time.perf_counter() - started
    assert from_replica.sections == from_primary.sections
    assert on_replica.report(YEAR) == on_primary.report(YEAR)
    print(f"report: replica {replica_seconds:.3f} s, primary {primary_seconds:.3f} s")
    on_replica.close()
    on_primary.close()


def test_the_report_is_read_on_the_replica_not_the_primary(pair: Pair) -> None:
    """With replay paused, a case opened on the primary is not in the replica's report
    (a generous lag limit lets the paused replica serve): the routing is real."""
    psc = pair.psc(max_lag=3600)
    before = psc.report(YEAR)
    pair.on_replica("SELECT pg_wal_replay_pause()")
    try:
        person = psc.add_person({"name": "新規 一郎", "kana": "シンキ イチロウ"})
        psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                      psc.today())
        assert psc.report(YEAR) == before
        assert pair.psc(replica=False).report(YEAR) != before
    finally:
        pair.on_replica("SELECT pg_wal_replay_resume()")
    pair.caught_up()
    assert psc.report(YEAR) != before
    psc.close()


def test_an_exports_audit_row_is_written_on_the_primary(pair: Pair, tmp_path: Path) -> None:
    psc = pair.psc()
    before = _audit_count(pair.primary)
    assert psc.export_records(tmp_path / "records.csv") == 1
    content = psc.report_file(YEAR, "csv")
    assert content
    [latest, previous] = psc.audit_log(limit=2)
    assert (latest.action, latest.entity) == ("export", "reports")
    assert (previous.action, previous.entity, previous.fields) == (
        "export", "support_records", ["rows=1"])
    assert _audit_count(pair.primary) == before + 2
    pair.caught_up()
    assert pair.on_replica("SELECT count(*) FROM audit_log") == before + 2
    assert psc.verify_audit()[1] == []
    psc.close()


def test_a_stopped_replica_is_a_clear_error_and_nothing_is_written(
        pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    psc = pair.psc()
    before = _audit_count(pair.primary)
    pair.servers.stop_replica()
    try:
        with pytest.raises(ReplicaUnavailable) as refused:
            psc.report_file(YEAR, "csv")
        assert "レプリカ" in refused.value.text("ja")
        assert "replica" in refused.value.text("en")
        with pytest.raises(ReplicaUnavailable):
            psc.export_records(tmp_path / "records.csv")
        assert not (tmp_path / "records.csv").exists()
        # the CLI: exit code 7, the message, no traceback, no file
        monkeypatch.setenv("PSC_DATABASE_URL", pair.primary)
        monkeypatch.setenv("PSC_READ_DATABASE_URL", pair.replica)
        monkeypatch.setenv("PSC_USER", "admin")
        monkeypatch.setenv("PSC_LANG", "en")
        result = CliRunner().invoke(build_cli(), ["record", "export", "-o",
                                                  str(tmp_path / "cli.csv")])
        assert result.exit_code == ReplicaUnavailable.exit_code == 7, result.output
        assert "replica" in result.output and "Traceback" not in result.output
        assert not (tmp_path / "cli.csv").exists()
        # daily entry stays on the primary and goes on
        assert psc.add_person({"name": "日常 次郎", "kana": "ニチジョウ ジロウ"}).id
    finally:
        pair.servers.start_replica()
    assert _audit_count(pair.primary) == before + 1  # the person added, nothing else
    psc.close()


def test_a_replica_too_far_behind_is_refused(pair: Pair) -> None:
    psc = pair.psc(max_lag=0.5)
    assert psc.report(YEAR)  # caught up: served
    pair.on_replica("SELECT pg_wal_replay_pause()")
    try:
        psc.add_person({"name": "遅延 三郎", "kana": "チエン サブロウ"})
        time.sleep(1.0)
        with pytest.raises(ReplicaBehind) as behind:
            psc.report(YEAR)
        assert "PSC_READ_MAX_LAG" in behind.value.text("en")
        assert "遅れて" in behind.value.text("ja")
    finally:
        pair.on_replica("SELECT pg_wal_replay_resume()")
    pair.caught_up()
    assert psc.report(YEAR)
    psc.close()


def test_a_replica_is_refused_with_sqlite(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as refused:
        Psc.open(f"sqlite:///{tmp_path / 'psc.db'}",
                 read_url="postgresql+psycopg://u@127.0.0.1:1/psc")
    assert "PSC_READ_DATABASE_URL" in refused.value.text("en")


def test_a_bad_lag_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSC_READ_MAX_LAG", "soon")
    with pytest.raises(ConfigurationError):
        Psc.open("postgresql+psycopg://u@127.0.0.1:1/psc",
                 read_url="postgresql+psycopg://u@127.0.0.1:2/psc")
