"""Several processes at once, and processes killed mid-write, on SQLite and PostgreSQL.

Kept short here; PSC_STRESS_SECONDS and PSC_STRESS_KILLS make a longer run
(docs/performance.md gives one)."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from psccore.app import Psc
from psccore.store import tables as t

WORKER = Path(__file__).parent / "workers" / "writer.py"
SECONDS = float(os.environ.get("PSC_STRESS_SECONDS", "3"))
KILLS = int(os.environ.get("PSC_STRESS_KILLS", "6"))


def _env(psc: Psc) -> dict[str, str]:
    return {**os.environ, "PSC_STRICT_PLUGINS": "1"}


def test_read_modify_write_from_several_processes_loses_nothing(psc: Psc) -> None:
    counter = psc.add_person({"name": "カウンター", "kana": "カウンター", "address": "0"})
    workers = [subprocess.Popen([sys.executable, str(WORKER), "rmw", psc.ctx.db.url,
                                 str(counter.id), str(SECONDS)], env=_env(psc),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(4)]
    results = [w.communicate(timeout=SECONDS + 120) for w in workers]
    for worker, (_, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err[-2000:]  # "database is locked" never reaches anyone
        assert "locked" not in err
    done = sum(int(out.split()[0]) for out, _ in results)
    refused = sum(int(out.split()[1]) for out, _ in results)
    assert done > 0
    assert int(psc.get_person(counter.id or 0).address or 0) == done  # 0 lost updates
    assert psc.get_person(counter.id or 0).version == done + 1
    print(f"{done} increments by 4 processes in {SECONDS} s; {refused} stale saves refused")


def test_writers_killed_at_random_lose_no_acknowledged_write(psc: Psc) -> None:
    rng = random.Random(2026)
    acknowledged: list[int] = []
    for _ in range(KILLS):
        writer = subprocess.Popen([sys.executable, str(WORKER), "add", psc.ctx.db.url],
                                  env=_env(psc), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        assert writer.stdout is not None
        first = writer.stdout.readline()  # writing has begun (or the worker died)
        assert first.strip(), writer.communicate(timeout=60)[1][-2000:]
        time.sleep(rng.uniform(0.0, 1.0))  # then kill it at a random moment
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=60)
        acknowledged += [int(line) for line in (first + out).split()]
        _check_whole(psc, acknowledged)
    print(f"{KILLS} kills; {len(acknowledged)} acknowledged writes all present")


def _check_whole(psc: Psc, acknowledged: list[int]) -> None:
    if (path := psc.ctx.db.sqlite_file) is not None:
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    with psc.ctx.db.read() as conn:
        present = set(conn.execute(sa.select(t.people.c.id)).scalars())
    assert set(acknowledged) <= present
    assert psc.verify_audit()[1] == []
