"""Benchmarks (``make bench``): each a ratio against a baseline run in the same process
on the same machine, so that a noisy machine moves both sides alike.

Writes bench-results/results.json and prints a table; docs/performance.md records a run.
Sizes can be made smaller for a quick look: ``PSC_BENCH_SCALE=0.1 make bench``; some of the
benchmarks only: ``python scripts/bench.py startup`` (names: import, ranking, startup, growth,
matrix, web, pages, sections, report).

The office of ``psc demo --scale`` at 10,000 and 100,000 cases is generated once (about
1.5 and 15 minutes) and kept in the temporary directory (``psc-bench-cache``), keyed by its
size, seed and the generator's source; the benchmarks read it, or a copy to write to."""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCALE = float(os.environ.get("PSC_BENCH_SCALE", "1"))
OUT = Path(__file__).resolve().parents[1] / "bench-results"
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
            "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水"]
SURNAME_KANA = ["サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ヤマモト",
                "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマダ", "ササキ", "ヤマグチ",
                "マツモト", "イノウエ", "キムラ", "ハヤシ", "サイトウ", "シミズ"]
GIVEN = [("一郎", "イチロウ"), ("花子", "ハナコ"), ("誠", "マコト"), ("裕子", "ユウコ"),
         ("大輔", "ダイスケ"), ("恵子", "ケイコ"), ("翔太", "ショウタ"), ("美咲", "ミサキ")]
WARDS = ["青葉区", "宮城野区", "若林区", "太白区", "泉区"]


def timed(call: Callable[[], Any], repeat: int = 1) -> float:
    """The best of ``repeat`` runs, in seconds (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def fresh_psc(folder: Path) -> Any:
    from psccore.app import Psc

    url = f"sqlite:///{folder / 'bench.db'}"
    psc = Psc.open(url, staff="admin")
    psc.upgrade()
    psc.add_staff("admin", "管理者")
    return psc


def people_rows(count: int, seed: int = 1) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        s = rng.randrange(len(SURNAMES))
        given, given_kana = rng.choice(GIVEN)
        born = f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        rows.append({"name": f"{SURNAMES[s]} {given}{i}", "kana": f"{SURNAME_KANA[s]} {given_kana}",
                     "birth_date": born, "ward": rng.choice(WARDS),
                     "phone": f"022-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"})
    return rows


def bench_import(folder: Path) -> list[dict[str, Any]]:
    """Bulk import of people (checked, audited, duplicates looked for) against raw
    ``sqlite3.executemany`` of the same rows into the same table and of one audit row
    each (unchecked, unhashed): the least any import that audits every row must write."""
    count = int(100_000 * SCALE)
    rows = people_rows(count)
    path = folder / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    psc = fresh_psc(folder / "import")
    ours = timed(lambda: psc.import_rows("people", path, allow_duplicates=True))
    raw_db = folder / "raw.db"
    fresh_psc(folder / "raw").ctx.db.dispose()
    os.replace(folder / "raw" / "bench.db", raw_db)

    def raw() -> None:
        with sqlite3.connect(raw_db) as con:
            organisation = int(con.execute("SELECT min(id) FROM organisations").fetchone()[0])
            con.executemany(
                "INSERT INTO people (name, kana, birth_date, ward, phone, version, "
                f"organisation_id) VALUES (:name, :kana, :birth_date, :ward, :phone, 1, "
                f"{organisation})", rows)
            last = con.execute("SELECT last_insert_rowid()").fetchone()[0]
            seq = con.execute("SELECT seq FROM audit_head").fetchone()[0]
            at = time.strftime("%Y-%m-%d %H:%M:%S.000000")
            fields = '["birth_date","kana","name","phone","ward"]'
            con.executemany(
                "INSERT INTO audit_log (seq, at, staff, action, entity, entity_id, person_id, "
                "fields, prev_hash, hash) VALUES (?, ?, 'admin', 'create', 'people', ?, ?, ?, "
                "'', '')", [(seq + 1 + i, at, who, who, fields)
                            for i, who in enumerate(range(last - count + 1, last + 1))])

    baseline = timed(raw)
    floors = {index: _floor(folder, path, index) for index in (False, True)}
    return [{"name": "bulk import of people", "rows": count, "seconds": round(ours, 2),
             "baseline": "sqlite3.executemany of the people and an audit row each",
             "baseline_seconds": round(baseline, 3), "ratio": round(baseline / ours, 3),
             "target": ">= 0.3 of raw", "met": baseline / ours >= 0.3},
            *({"name": "import floor" + (" with search index" if index else ""),
               "rows": count, "seconds": round(floor, 2),
               "baseline": "the same raw executemany", "baseline_seconds": round(baseline, 3),
               "ratio": round(baseline / floor, 3), "target": "(the most an import reaches)",
               "met": None} for index, floor in floors.items())]


def _floor(folder: Path, path: Path, index: bool) -> float:
    """The least an import doing the same work takes (scripts/import_floor.py)."""
    from import_floor import floor_import

    db = folder / f"floor-{index}.db"
    fresh_psc(folder / "floor").ctx.db.dispose()
    os.replace(folder / "floor" / "bench.db", db)
    return timed(lambda: floor_import(path, db, set(WARDS), index=index))


def bench_ranking(folder: Path) -> dict[str, Any]:
    """Ranking 10,000 open openings for one person (ms)."""
    psc = fresh_psc(folder / "rank")
    rng = random.Random(3)
    with open(folder / "employers.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "industry", "ward"])
        for i in range(200):
            writer.writerow([f"事業所{i}", rng.choice(["清掃", "物流・倉庫", "飲食店", "製造"]),
                             rng.choice(WARDS)])
    psc.import_rows("employers", folder / "employers.csv")
    openings = int(10_000 * max(SCALE, 0.1))
    with open(folder / "openings.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["employer", "title", "duties", "hours_per_day", "days_per_week",
                         "time_of_day", "wage_type", "wage", "ward"])
        for _ in range(openings):
            writer.writerow([f"事業所{rng.randrange(200)}", rng.choice(["軽作業", "清掃", "入力"]),
                             "作業", rng.choice([3, 4, 5, 6, 8]), rng.randint(2, 5),
                             rng.choice(["morning", "daytime", "afternoon"]), "hourly",
                             rng.randint(950, 1300), rng.choice(WARDS)])
    psc.import_rows("openings", folder / "openings.csv")
    person = psc.add_person({"name": "比較 太郎", "kana": "ヒカク タロウ"})
    psc.set_preferences(person.id, {"duties": ["清掃"], "max_hours_per_day": 5,
                                    "times_of_day": ["morning"], "areas": ["青葉区"],
                                    "min_hourly_wage": 1000})
    ms = timed(lambda: psc.match_person(person.id, 20), repeat=5) * 1000
    return {"name": "ranking openings for one person", "rows": openings,
            "seconds": round(ms / 1000, 4), "baseline": None, "baseline_seconds": None,
            "ratio": None, "target": "< 100 ms", "met": ms < 100, "ms": round(ms, 1)}


STARTUP_RUNS = 11  # pairs timed, after a warm-up; medians of these


def child_seconds(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One run's CPU seconds (user + system, the child's own) and wall seconds."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def paired(ours: list[str], baseline: list[str], env: dict[str, str]) -> dict[str, float]:
    """A and B in turn (A B A B …), the ratio taken pair by pair so that a machine whose
    speed drifts moves both sides of each ratio alike; medians of the pairs."""
    for _ in range(2):  # warm-up: file caches, the command index
        child_seconds(ours, env)
        child_seconds(baseline, env)
    pairs = [(child_seconds(ours, env), child_seconds(baseline, env))
             for _ in range(STARTUP_RUNS)]
    return {"cpu": statistics.median(a[0] for a, _ in pairs),
            "baseline_cpu": statistics.median(b[0] for _, b in pairs),
            "ratio": statistics.median(a[0] / b[0] for a, b in pairs),
            "wall": statistics.median(a[1] for a, _ in pairs),
            "baseline_wall": statistics.median(b[1] for _, b in pairs),
            "wall_ratio": statistics.median(a[1] / b[1] for a, b in pairs)}


def sealed_case(folder: Path) -> tuple[str, int]:
    """A database holding the demo's cases, and one whose enrollment has a sealed
    (sensitive) answer: what a staff member's ``psc case show`` reads."""
    import sqlalchemy as sa

    from psccore.demo import load_demo

    psc = fresh_psc(folder)
    load_demo(psc)
    with psc.ctx.db.read() as conn:
        case_id = conn.execute(sa.text(
            "SELECT MIN(case_id) FROM enrollments WHERE intake LIKE '%psc2:%'")).scalar_one()
    url = psc.ctx.db.url
    psc.close()
    if case_id is None:
        raise RuntimeError("the demo made no case with a sealed answer")
    return url, int(case_id)


def bench_startup(folder: Path) -> list[dict[str, Any]]:
    """Start-up of staff commands against the imports they cannot do without, as the
    installed ``psc`` script runs them, each pair in turn (CPU seconds; wall as well)."""
    url, case_id = sealed_case(folder / "startup")
    env = {**os.environ, "PSC_DATABASE_URL": url, "PSC_USER": "admin", "PSC_LANG": "ja",
           "XDG_CACHE_HOME": str(folder / "cache")}
    # Bytecode as an installation has it: without it, psc (not the baseline, whose
    # packages pip compiled) would be compiled from source on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    script = Path(sys.executable).with_name("psc")
    psc = [str(script)] if script.exists() else [sys.executable, "-m", "psccore"]
    shown = subprocess.run([*psc, "case", "show", str(case_id)], env=env, capture_output=True,
                           text=True, check=True).stdout
    assert f"{case_id}" in shown and "psc2:" not in shown  # the case itself, unsealed
    python = [sys.executable, "-c"]
    pairs = [
        (f"start-up: psc case show {case_id} (a case with a sealed answer)",
         [*psc, "case", "show", str(case_id)], "python -c 'import sqlalchemy, click'",
         [*python, "import sqlalchemy, click"], 1.3),
        ("start-up: psc --help", [*psc, "--help"], "python -c 'import click'",
         [*python, "import click"], 1.5),
        ("start-up: psc readiness --help", [*psc, "readiness", "--help"], "psc --help",
         [*psc, "--help"], 1.2),
    ]
    found = []
    for name, ours, baseline_name, baseline, target in pairs:
        m = paired(ours, baseline, env)
        found.append({"name": name, "rows": None, "seconds": round(m["cpu"], 3),
                      "baseline": baseline_name, "baseline_seconds": round(m["baseline_cpu"], 3),
                      "ratio": round(m["ratio"], 2), "target": f"<= {target}x (CPU)",
                      "met": m["ratio"] <= target, "wall_seconds": round(m["wall"], 3),
                      "baseline_wall_seconds": round(m["baseline_wall"], 3),
                      "wall_ratio": round(m["wall_ratio"], 2), "pairs": STARTUP_RUNS})
    return found


HAND_SQL = """
WITH p AS (SELECT pl.*, c.person_id FROM plans pl JOIN cases c ON c.id = pl.case_id
           WHERE pl.approved_on IS NOT NULL AND pl.approved_on <= :end),
first_work AS (SELECT case_id, person_id, MIN(approved_on) AS since FROM p
               WHERE employment_support GROUP BY case_id, person_id),
aims AS (SELECT e.case_id, e.day, c.person_id FROM (
           SELECT case_id, start_on AS day, 'job' AS what FROM employments
           WHERE start_on BETWEEN :start AND :end
           UNION ALL SELECT case_id, "on", 'rise' FROM income_changes
           WHERE "on" BETWEEN :start AND :end AND before > 0 AND after > before) e
         JOIN cases c ON c.id = e.case_id
         WHERE (SELECT employment_support FROM p WHERE p.case_id = e.case_id
                AND p.approved_on <= e.day ORDER BY approved_on DESC, number DESC LIMIT 1)),
evaluated AS (SELECT DISTINCT c.person_id, EXISTS (SELECT 1 FROM json_each(ev.results) r
                WHERE json_extract(r.value, '$.result') IN ('achieved', 'partly')) AS better
              FROM evaluations ev JOIN plans pl ON pl.id = ev.plan_id
              JOIN cases c ON c.id = pl.case_id WHERE ev.evaluated_on BETWEEN :start AND :end)
SELECT
 (SELECT COUNT(*) FROM enrollments WHERE program = 'consultation'
   AND enrolled_on BETWEEN :start AND :end),
 (SELECT COUNT(*) FROM enrollments e JOIN cases c ON c.id = e.case_id
   WHERE e.program = 'consultation' AND e.enrolled_on BETWEEN :start AND :end
   AND c.previous_case_id IS NOT NULL),
 (SELECT COUNT(*) FROM plans WHERE number = 1 AND approved_on BETWEEN :start AND :end),
 (SELECT COUNT(*) FROM plans WHERE number > 1 AND approved_on BETWEEN :start AND :end),
 (SELECT COUNT(DISTINCT person_id) FROM first_work WHERE since BETWEEN :start AND :end),
 (SELECT COUNT(DISTINCT a.person_id) FROM aims a JOIN employments e ON e.case_id = a.case_id
   AND e.start_on = a.day),
 (SELECT COUNT(DISTINCT person_id) FROM evaluated),
 (SELECT COUNT(DISTINCT person_id) FROM evaluated
   WHERE better OR person_id IN (SELECT person_id FROM aims)),
 (SELECT COUNT(*) FROM cases WHERE closed_on BETWEEN :start AND :end),
 (SELECT COUNT(*) FROM cases WHERE opened_on <= :end
   AND (closed_on IS NULL OR closed_on > :end)),
 (SELECT COUNT(*) FROM internships WHERE start_on BETWEEN :start AND :end),
 (SELECT COUNT(*) FROM trainings WHERE certified AND start_on BETWEEN :start AND :end),
 (SELECT COUNT(DISTINCT employer_id) FROM employer_roles WHERE role = 'internship_host'
   AND since <= :end AND (until IS NULL OR until >= :start))
"""


# --- the office at 10,000 and 100,000 cases, generated once and kept ----------------------

DAY = "2026-11-01"
SEED = 2017
#: People with a name no generated person has: a search that matches as many at any size.
RARE = [("鴫原 灯里", "シギハラ アカリ")] * 20


def _source_digest() -> str:
    """What the generated data depends on: the scale generator and the schema."""
    import hashlib

    import psccore.demo_scale as scale

    src = Path(scale.__file__).parent
    parts = [Path(scale.__file__).read_bytes(), (src / "demo.py").read_bytes(),
             *sorted(p.name.encode() for p in (src / "store/migrations/versions").glob("*.py"))]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:12]


def scale_database(cases: int, seed: int = SEED) -> tuple[str, Path]:
    """The URL of a database of ``psc demo --scale cases`` (20 support records a case)
    and the key file its sealed answers need: made once and kept in the temporary
    directory, keyed by the size, the seed and the generator's source, for the
    benchmarks that read it (each copies it before writing)."""
    import datetime as dt

    from psccore.crypto import write_new_key_file
    from psccore.demo_scale import load_scale

    cache = Path(tempfile.gettempdir()) / "psc-bench-cache"
    cache.mkdir(exist_ok=True)
    stem = cache / f"scale-{cases}-{seed}-{_source_digest()}"
    db, keys = stem.with_suffix(".db"), stem.with_suffix(".keys")
    if not db.exists():
        partial = stem.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        write_new_key_file(partial / "bench.keys")
        os.environ["PSC_KEY_FILE"] = str(partial / "bench.keys")
        psc = fresh_psc(partial)
        start = time.perf_counter()
        load_scale(psc, cases, records_per_case=20, seed=seed, today=dt.date.fromisoformat(DAY))
        for name, kana in RARE:
            psc.add_person({"name": name, "kana": kana}, allow_duplicate=True)
        psc.set_password("admin", "bench password")
        (partial / "load_seconds").write_text(f"{time.perf_counter() - start:.1f}")
        psc.close()
        os.replace(partial / "bench.keys", keys)
        os.replace(partial / "load_seconds", stem.with_suffix(".seconds"))
        os.replace(partial / "bench.db", db)
        shutil.rmtree(partial)
    os.environ["PSC_KEY_FILE"] = str(keys)
    return f"sqlite:///{db}", db


def load_seconds(db: Path) -> float | None:
    found = db.with_suffix(".seconds")
    return float(found.read_text()) if found.exists() else None


GROWTH_ROUNDS = 25  # each call timed this many times, sizes in turn; medians compared


def _sizes() -> tuple[int, int]:
    return int(10_000 * SCALE), int(100_000 * SCALE)


def _caseworker_calls(psc: Any) -> dict[str, Callable[[], Any]]:
    """One caseworker's day: their agenda, one of their cases, the case list, and a
    search matching the same 20 people at any size (:data:`RARE`)."""
    import datetime as dt

    import sqlalchemy as sa

    from psccore import AgendaQuery
    from psccore.store import tables as t

    login = "scale.cw0001"
    staff_id = psc.staff_id(login)
    me = psc.acting_as(login)
    with psc.ctx.db.read() as conn:
        case_id = conn.execute(sa.select(sa.func.min(t.cases.c.id)).where(
            t.cases.c.assigned_staff_id == staff_id, t.cases.c.status == "open")).scalar_one()
    day = dt.date.fromisoformat(DAY)
    assert len(me.search("鴫原").people) == len(RARE)
    return {
        "one caseworker's agenda (agenda_page, limit 50)": lambda: me.agenda_page(
            AgendaQuery(today=day, staff_id=staff_id, limit=50)),
        "case show (get_case)": lambda: me.get_case(case_id),
        "case list --limit 50 (every case)": lambda: psc.case_page(limit=50),
        f"search matching {len(RARE)} people": lambda: me.search("鴫原"),
    }


def _median_ms(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def bench_growth(folder: Path) -> list[dict[str, Any]]:
    """Service time of a caseworker's calls at 100,000 cases against 10,000 (the same
    calls on both databases in turn, one process; medians of the rounds)."""
    from psccore.app import Psc

    small_n, large_n = _sizes()
    opened = []
    for n in (small_n, large_n):
        url, _ = scale_database(n)
        opened.append(Psc.open(url, staff="admin"))
    calls = [_caseworker_calls(p) for p in opened]
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in calls[0]}
    for _ in range(GROWTH_ROUNDS):
        for name in times:
            for side, found in enumerate(calls):
                times[name][side].append(_median_ms(found[name]))
    results = []
    for name, (small, large) in times.items():
        a, b = statistics.median(small[2:]), statistics.median(large[2:])  # 2 warm-ups
        results.append({"name": f"growth: {name}", "rows": large_n,
                        "seconds": round(b / 1000, 4), "baseline": f"the same at {small_n:,}",
                        "baseline_seconds": round(a / 1000, 4), "ratio": round(b / a, 2),
                        "target": "<= 1.5x", "met": b / a <= 1.5,
                        "ms": round(b, 2), "baseline_ms": round(a, 2)})
    for p in opened:
        p.close()
    return results


def bench_matrix(folder: Path) -> list[dict[str, Any]]:
    """The office's person × opening matrix (``Psc.match_people``): 1,000 people with
    preferences and open cases against every open opening of the 100,000-case office."""
    import sqlalchemy as sa

    from psccore.app import Psc
    from psccore.store import tables as t

    url, _ = scale_database(_sizes()[1])
    psc = Psc.open(url, staff="admin")
    p = t.job_preferences
    with psc.ctx.db.read() as conn:
        people = list(conn.execute(sa.select(p.c.person_id).where(p.c.person_id.in_(
            sa.select(t.cases.c.person_id).where(t.cases.c.status == "open")))
            .order_by(p.c.person_id).limit(int(1_000 * max(SCALE, 0.1)))).scalars())
        openings = conn.execute(sa.select(sa.func.count()).select_from(t.job_openings).where(
            t.job_openings.c.status == "open")).scalar_one()
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        matrix = psc.match_people(people, 20)
        runs.append(time.perf_counter() - start)
    assert len(matrix) == len(people)
    psc.close()
    seconds = statistics.median(runs)
    return [{"name": f"office matrix: {len(people):,} people x {openings:,} open openings "
                     "(Psc.match_people, 20 each)", "rows": openings,
             "seconds": round(seconds, 2), "baseline": None, "baseline_seconds": None,
             "ratio": None, "target": "<= 10 s", "met": seconds <= 10}]


WEB_REQUESTS = 200


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def bench_web(folder: Path) -> list[dict[str, Any]]:
    """The web app on a copy of the 100,000-case office (SQLite), served in-process
    through Starlette's TestClient after warming up: 200 requests each of a case page,
    a search, Today (the agenda) and the intake POST, each request's time against the
    Psc calls its page makes, timed in the same run (p95 of each)."""
    import datetime as dt
    import re

    import sqlalchemy as sa
    from starlette.testclient import TestClient

    from psccore import AgendaQuery, CaseStatus
    from psccore.app import Psc
    from psccore.store import tables as t
    from psccore.testing import consent_to_collect
    from psccore.web.app import create_app

    os.environ.setdefault("PSC_PASSWORD_HASHING", "fast-for-tests")
    _, db = scale_database(_sizes()[1])
    copy = folder / "web.db"
    shutil.copyfile(db, copy)
    psc = Psc.open(f"sqlite:///{copy}", staff="admin")
    psc.set_password("admin", "bench password")
    staff_id = psc.staff_id("admin")
    program = "cancer_reemployment"
    with psc.ctx.db.read() as conn:
        mine = list(conn.execute(sa.select(t.cases.c.id).where(
            t.cases.c.assigned_staff_id == staff_id, t.cases.c.status == "open")
            .order_by(t.cases.c.id).limit(20)).scalars())
    newcomers = []  # people to open a case for, through the page and through Psc
    for i in range(2 * WEB_REQUESTS + 10):
        person = psc.add_person({"name": f"来所 者{i}", "kana": "ライショ シャ"},
                                allow_duplicate=True)
        consent_to_collect(psc, person.id or 0, psc.today())
        newcomers.append(person.id or 0)
    client = TestClient(create_app(psc), follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    signed = client.post("/login", data={"csrf": token[1], "login": "admin",
                                         "password": "bench password"})
    assert signed.status_code == 303, signed.text[:300]
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert csrf
    intake = {"track": "reemployment", "referral_department": "外科",
              "referral_date": "R8.4.1", "treatment_status": "経過観察"}
    me = psc.acting_as("admin")
    day = me.today()
    web_people, raw_people = iter(newcomers[::2]), iter(newcomers[1::2])

    def case_page(i: int) -> Any:
        return client.get(f"/cases/{mine[i % len(mine)]}")

    def case_raw(i: int) -> Any:
        case_id = mine[i % len(mine)]
        return (me.get_case(case_id), me.timeline(case_id), me.list_plans(case_id),
                me.list_records(case_id))

    def open_page(i: int) -> Any:
        return client.post(f"/people/{next(web_people)}/open?program={program}",
                           data={"csrf": csrf[1], **intake})

    def open_raw(i: int) -> Any:
        return me.open_case(next(raw_people), program, {
            "track": "reemployment", "referral_department": "外科",
            "referral_date": dt.date(2026, 4, 1), "treatment_status": "経過観察"})

    pages: dict[str, tuple[Callable[[int], Any], Callable[[int], Any], str]] = {
        "case page (/cases/ID)": (case_page, case_raw,
                                  "get_case, timeline, list_plans, list_records"),
        "search (/search?q=鴫原)": (lambda i: client.get("/search", params={"q": "鴫原"}),
                                    lambda i: me.search("鴫原"), "search"),
        "Today, the agenda (/)": (lambda i: client.get("/"), lambda i: (
            me.agenda_page(AgendaQuery(today=day, staff_id=staff_id, limit=50)),
            me.list_cases(status=CaseStatus.OPEN, limit=500, assigned_staff_id=staff_id)),
            "agenda_page (50 shown), list_cases (mine)"),
        "intake POST (/people/ID/open)": (open_page, open_raw, "open_case"),
    }
    results = []
    for name, (web, raw, calls) in pages.items():
        for i in range(5):  # warm-up (not the intake: each opens a case)
            if "POST" not in name:
                web(i), raw(i)
        web_ms, raw_ms = [], []
        for i in range(WEB_REQUESTS):  # in turn, so that both see the same machine
            web_ms.append(_ms_of(web, i))
            raw_ms.append(_ms_of(raw, i))
        w, r = _p95(web_ms), _p95(raw_ms)
        results.append({"name": f"web at 100,000 cases: {name}", "rows": WEB_REQUESTS,
                        "seconds": round(w / 1000, 4), "baseline": f"Psc: {calls}",
                        "baseline_seconds": round(r / 1000, 4), "ratio": round(w / r, 2),
                        "target": "p95 <= 50 ms and <= 5x Psc", "met": w <= 50 and w / r <= 5,
                        "p95_ms": round(w, 1), "baseline_p95_ms": round(r, 1),
                        "median_ms": round(statistics.median(web_ms), 1),
                        "baseline_median_ms": round(statistics.median(raw_ms), 1)})
    psc.close()
    copy.unlink()
    return results


PAGE_REQUESTS = 20


def bench_pages(folder: Path) -> list[dict[str, Any]]:
    """Every page a caseworker opens in a day, signed in as one (``scale.cw0001``, about
    50 open cases) on a copy of the 100,000-case office: the median of 20 requests each
    after one to warm up. No target of its own: a page that reads more than its case
    shows here as the office grows (the opening's page read every person's preferences,
    the meeting's every open case)."""
    import re

    import sqlalchemy as sa
    from starlette.testclient import TestClient

    from psccore.app import Psc
    from psccore.store import tables as t
    from psccore.web.app import create_app

    os.environ.setdefault("PSC_PASSWORD_HASHING", "fast-for-tests")
    _, db = scale_database(_sizes()[1])
    copy = folder / "pages.db"
    shutil.copyfile(db, copy)
    psc = Psc.open(f"sqlite:///{copy}", staff="admin")
    login = "scale.cw0001"
    psc.set_password(login, "bench password")
    worker = psc.staff_id(login)
    c, p = t.cases, t.plans
    with psc.ctx.db.read() as conn:
        case, person = conn.execute(sa.select(c.c.id, c.c.person_id).where(
            c.c.assigned_staff_id == worker, c.c.status == "open",
            c.c.id.in_(sa.select(p.c.case_id).where(p.c.status == "approved")))
            .order_by(c.c.id).limit(1)).one()
        plan = conn.execute(sa.select(p.c.id).where(p.c.case_id == case)).scalar()
        employer = conn.execute(sa.select(sa.func.min(t.employers.c.id))).scalar()
        opening = conn.execute(sa.select(sa.func.min(t.job_openings.c.id)).where(
            t.job_openings.c.status == "open")).scalar()
    client = TestClient(create_app(psc), follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    _ok(client.post("/login", data={"csrf": token[1], "login": login,
                                    "password": "bench password"}))
    urls = ["/", "/search?q=佐藤", f"/people/{person}", f"/cases/{case}",
            f"/cases/{case}/assessments/new", f"/cases/{case}/plans/new",
            f"/plans/{plan}/evaluate", "/meetings/new", f"/cases/{case}/close",
            f"/cases/{case}/matching", f"/people/{person}/consents",
            f"/cases/{case}/jobcard", "/employers", f"/employers/{employer}",
            f"/openings/{opening}", "/account"]
    results = []
    for url in urls:
        _ok(client.get(url))
        ms = [_ms_of(lambda _, url=url: client.get(url), i) for i in range(PAGE_REQUESTS)]
        results.append({"name": f"page as a caseworker: {url.split('?')[0]}",
                        "rows": PAGE_REQUESTS, "seconds": round(statistics.median(ms) / 1000, 4),
                        "baseline": None, "baseline_seconds": None, "ratio": None,
                        "target": "(measured)", "met": None,
                        "median_ms": round(statistics.median(ms), 1),
                        "max_ms": round(max(ms), 1)})
    psc.close()
    copy.unlink()
    return results


def _ms_of(call: Callable[[int], Any], i: int) -> float:
    start = time.perf_counter()
    done = call(i)
    ms = (time.perf_counter() - start) * 1000
    if hasattr(done, "status_code"):
        _ok(done)
    return ms


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 303), (response.status_code, response.text[:500])
    return response


# Every section's figures by hand (the rows the scale data fills, and those that are sums
# of tables it leaves empty): each query gives (key, value) rows, compared with the report.
PARTICIPANTS = """SELECT e.id AS enrollment_id, e.case_id, c.person_id, e.enrolled_on
  FROM enrollments e JOIN cases c ON c.id = e.case_id
  WHERE e.program = '{program}' AND e.enrolled_on <= :end
  AND (c.closed_on IS NULL OR c.closed_on >= :start)"""
SECTION_SQL = [
    ("national", """SELECT 'screened_' || outcome, COUNT(*) FROM screenings
      WHERE decided_on BETWEEN :start AND :end GROUP BY outcome"""),
    ("national", """SELECT 'closed_' || closure_reason, COUNT(*) FROM cases
      WHERE closed_on BETWEEN :start AND :end GROUP BY closure_reason"""),
    ("national", """WITH p AS (SELECT pl.*, c.person_id FROM plans pl JOIN cases c
        ON c.id = pl.case_id WHERE pl.approved_on IS NOT NULL AND pl.approved_on <= :end),
      aims AS (SELECT e.case_id, e.day, e.what, c.person_id FROM (
          SELECT case_id, start_on AS day, 'job' AS what FROM employments
          WHERE start_on BETWEEN :start AND :end
          UNION ALL SELECT case_id, "on", 'rise' FROM income_changes
          WHERE "on" BETWEEN :start AND :end AND before > 0 AND after > before) e
        JOIN cases c ON c.id = e.case_id
        WHERE (SELECT employment_support FROM p WHERE p.case_id = e.case_id
               AND p.approved_on <= e.day ORDER BY approved_on DESC, number DESC LIMIT 1))
      SELECT 'higher_income', COUNT(DISTINCT person_id) FROM aims WHERE what = 'rise'
        AND person_id NOT IN (SELECT a.person_id FROM aims a JOIN employments j
                              ON j.case_id = a.case_id AND j.start_on = a.day)"""),
    ("job_placement", """SELECT 'new_openings', COALESCE(SUM(headcount), 0) FROM job_openings
      WHERE opened_on BETWEEN :start AND :end
      UNION ALL SELECT 'openings_in_force', COALESCE(SUM(MAX(0, o.headcount - COALESCE(
        (SELECT COUNT(*) FROM referrals r WHERE r.opening_id = o.id AND r.outcome = 'hired'
         AND r.outcome_on <= :end), 0))), 0) FROM job_openings o
      WHERE o.opened_on <= :end AND (o.closed_on IS NULL OR o.closed_on > :end)
      UNION ALL SELECT 'new_applications', COUNT(*) FROM job_applications
      WHERE applied_on BETWEEN :start AND :end
      UNION ALL SELECT 'placements', COUNT(*) FROM referrals
      WHERE outcome = 'hired' AND outcome_on BETWEEN :start AND :end"""),
    ("readiness", f"""WITH people AS ({PARTICIPANTS.format(program='readiness')})
      SELECT 'participants', COUNT(DISTINCT person_id) FROM people
      UNION ALL SELECT 'of_whom_new', COUNT(DISTINCT person_id) FROM people
        WHERE enrolled_on BETWEEN :start AND :end
      UNION ALL SELECT 'sessions_held', COUNT(*) FROM readiness_sessions
        WHERE held_on BETWEEN :start AND :end AND cancelled_reason IS NULL
      UNION ALL SELECT 'found_work', COUNT(DISTINCT c.person_id) FROM employments j
        JOIN cases c ON c.id = j.case_id WHERE j.start_on BETWEEN :start AND :end
        AND j.case_id IN (SELECT case_id FROM people)
      UNION ALL SELECT 'went_on_to_an_internship', COUNT(DISTINCT c.person_id)
        FROM internships i JOIN cases c ON c.id = i.case_id
        WHERE i.start_on BETWEEN :start AND :end AND i.case_id IN (SELECT case_id FROM people)"""),
    ("cancer_reemployment", f"""WITH people AS (
        {PARTICIPANTS.format(program='cancer_reemployment')}),
      tracked AS (SELECT people.*, x.track FROM people
        JOIN cancer_reemployment_enrollments x ON x.enrollment_id = people.enrollment_id)
      SELECT CASE track WHEN 'reemployment' THEN 'people_re_employment'
        WHEN 'return_to_work' THEN 'people_return_to_work' ELSE 'people_keeping_work' END,
        COUNT(*) FROM tracked GROUP BY track
      UNION ALL SELECT 'found_new_work', COUNT(DISTINCT t.person_id) FROM tracked t
        JOIN employments j ON j.case_id = t.case_id
        WHERE t.track = 'reemployment' AND j.start_on BETWEEN :start AND :end
        AND j.start_on >= t.enrolled_on
      UNION ALL SELECT 'referrals_to_experts', COUNT(*) FROM cancer_reemployment_referrals
        WHERE referred_on BETWEEN :start AND :end
        AND enrollment_id IN (SELECT enrollment_id FROM people)"""),
    ("childcare_aftercare", f"""WITH people AS (
        {PARTICIPANTS.format(program='childcare_aftercare')}),
      leavers AS (SELECT DISTINCT p.person_id, p.case_id, x.left_care_on FROM people p
        JOIN childcare_aftercare_enrollments x ON x.enrollment_id = p.enrollment_id
        WHERE x.left_care_on <= :end)
      SELECT 'young_people_in_care_supported', COUNT(DISTINCT person_id) FROM people
        WHERE person_id NOT IN (SELECT person_id FROM leavers)
      UNION ALL SELECT 'care_leavers_supported', COUNT(DISTINCT person_id) FROM leavers
      UNION ALL SELECT 'sst_sessions_held', COUNT(*) FROM childcare_aftercare_sst_sessions
        WHERE held_on BETWEEN :start AND :end
      UNION ALL SELECT 'leavers_who_found_work', COUNT(DISTINCT l.person_id) FROM leavers l
        JOIN employments j ON j.case_id = l.case_id
        WHERE j.start_on BETWEEN :start AND :end AND j.start_on >= l.left_care_on"""),
]


def bench_report_sections(folder: Path) -> list[dict[str, Any]]:
    """The fiscal year's report, every section (core's and the four programs'), at
    100,000 cases, against hand-written SQL of the same figures (:data:`HAND_SQL` and
    :data:`SECTION_SQL`), interleaved, medians; the figures checked equal."""
    import sqlalchemy as sa

    from psccore.app import Psc
    from psccore.domain.program import ReportPeriod
    from psccore.services import reports

    cases = _sizes()[1]
    url, db = scale_database(cases)
    psc = Psc.open(url, staff="admin")
    period = ReportPeriod.fiscal_year(2025)
    params = {"start": period.start, "end": period.end}
    found: dict[str, dict[str, Any]] = {}

    def hand() -> None:
        with psc.ctx.db.engine.connect() as conn:
            national = list(conn.execute(sa.text(HAND_SQL), params).one())
            found["national"] = dict(zip(NATIONAL_KEYS, national[:10], strict=True))
            for section, sql in SECTION_SQL:
                found.setdefault(section, {}).update(
                    {str(k): v for k, v in conn.execute(sa.text(sql), params)})

    def ours() -> list[Any]:
        return reports.build(psc.ctx, period, (), by_month=False)

    ours_s, hand_s = [], []
    for _ in range(5):
        ours_s.append(timed(ours))
        hand_s.append(timed(hand))
    built = {s.key: {r.key: r.value for r in s.rows} for s in ours()}
    checked = 0
    for section, figures in found.items():
        for key, value in figures.items():
            assert built[section][key] == value, (section, key, built[section][key], value)
            checked += 1
    by_month = timed(lambda: psc.report(period))
    psc.close()
    a, b = statistics.median(ours_s), statistics.median(hand_s)
    return [{"name": "fiscal-year report: every section (by_month=False)", "rows": cases,
             "seconds": round(a, 3), "baseline": f"hand-written SQL of {checked} figures",
             "baseline_seconds": round(b, 3), "ratio": round(a / b, 2),
             "target": "<= 2x hand-written SQL", "met": a / b <= 2,
             "figures_checked": checked, "sections": sorted(built),
             "with_national_items_by_month_seconds": round(by_month, 2),
             "load_seconds": load_seconds(db)}]


NATIONAL_KEYS = ["new_consultations", "returning", "plans", "replans", "employment_support",
                 "employed", "evaluated", "improved", "closed", "open_at_end"]


def bench_report(folder: Path) -> list[dict[str, Any]]:
    """The fiscal year's national items and placements over 100,000 cases and 2,000,000
    support records (``psc demo --scale``), against hand-written SQL of the same counts."""
    import sqlalchemy as sa

    from psccore.app import Psc
    from psccore.domain.program import ReportPeriod
    from psccore.services import reports

    cases = _sizes()[1]
    url, db = scale_database(cases)  # psc demo --scale, made once and kept
    psc = Psc.open(url, staff="admin")
    loaded = load_seconds(db)
    period = ReportPeriod.fiscal_year(2025)
    ours = timed(lambda: reports.build(psc.ctx, period, ["national", "placements"],
                                       by_month=False), repeat=3)
    found: list[Any] = []

    def hand() -> None:
        with psc.ctx.db.engine.connect() as conn:
            found[:] = list(conn.execute(sa.text(HAND_SQL),
                                         {"start": period.start, "end": period.end}).one())

    baseline = timed(hand, repeat=3)
    [national, _] = reports.build(psc.ctx, period, ["national", "placements"], by_month=False)
    figures = {r.key: r.value for r in national.rows}
    same = ["new_consultations", "returning", "plans", "replans", "employment_support",
            "employed", "evaluated", "improved", "closed", "open_at_end"]
    assert found[:10] == [figures[k] for k in same], (found, figures)  # the same counts
    whole = timed(lambda: psc.report(period))
    exports = bench_export(psc, folder)
    with psc.ctx.db.read() as conn:
        records = conn.execute(sa.select(sa.func.count()).select_from(
            sa.table("support_records"))).scalar_one()
    return [{"name": "fiscal-year report: national items and placements", "rows": cases,
             "seconds": round(ours, 3), "baseline": "hand-written SQL (one statement)",
             "baseline_seconds": round(baseline, 3), "ratio": round(ours / baseline, 2),
             "target": "<= 2x hand-written SQL", "met": ours / baseline <= 2,
             "support_records": records, "load_seconds": loaded},
            {"name": "fiscal-year report: every section, by month", "rows": cases,
             "seconds": round(whole, 2), "baseline": None, "baseline_seconds": None,
             "ratio": None, "target": "(measured)", "met": None}, exports]


# The export's own peak (VmHWM: ru_maxrss would carry the parent's over exec on Linux).
EXPORT = """
import sys
from psccore.cli import main
sys.argv = ["psc", "record", "export", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else 1
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print(status, file=sys.stderr)
sys.exit(code)
"""


def bench_export(psc: Any, folder: Path) -> dict[str, Any]:
    """Peak memory of ``psc record export`` (streamed) for every support record, against
    the same export of the last year's records only: flat means the same."""
    env = {**os.environ, "PSC_DATABASE_URL": psc.ctx.db.url, "PSC_USER": "admin"}

    def export(*args: str) -> tuple[int, int, float]:
        out = folder / f"records{len(args)}.csv"  # a new file each (none is overwritten)
        out.unlink(missing_ok=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", EXPORT, "-o", str(out), *args],
                              env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"psc record export failed: {done.stderr[-500:]}")
        rows = sum(1 for _ in out.open(encoding="utf-8-sig")) - 1
        return rows, int(done.stderr.strip().splitlines()[-1]), seconds

    few, few_kb, _ = export("--from", "2026-01-01")
    many, many_kb, seconds = export()
    return {"name": "export of support records (streamed): peak memory",
            "rows": many, "seconds": round(seconds, 1),
            "baseline": f"the same export of {few:,} records",
            "baseline_seconds": None, "ratio": round(many_kb / few_kb, 2),
            "target": "flat in the number of records", "met": many_kb / few_kb < 1.2,
            "peak_kb": many_kb, "baseline_peak_kb": few_kb}


def _one(bench: Callable[[Path], dict[str, Any]]) -> Callable[[Path], list[dict[str, Any]]]:
    return lambda folder: [bench(folder)]


def _one_list(bench: Callable[[Path], list[dict[str, Any]]]
              ) -> Callable[[Path], list[dict[str, Any]]]:
    return bench


BENCHES: dict[str, Callable[[Path], list[dict[str, Any]]]] = {
    "import": bench_import, "ranking": _one(bench_ranking), "startup": bench_startup,
    "growth": bench_growth, "matrix": bench_matrix, "web": bench_web, "pages": bench_pages,
    "sections": _one_list(bench_report_sections), "report": bench_report}


def main() -> None:
    from psccore.crypto import write_new_key_file

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_new_key_file(folder / "bench.keys")  # the demo's sensitive answers are sealed
        os.environ["PSC_KEY_FILE"] = str(folder / "bench.keys")
        for sub in ("import", "raw", "floor", "rank", "report", "startup"):
            (folder / sub).mkdir()
        chosen = set(sys.argv[1:]) or set(BENCHES)  # e.g. `scripts/bench.py startup`
        results = [r for name, bench in BENCHES.items() if name in chosen
                   for r in bench(folder)]
    machine = {"python": platform.python_version(), "machine": platform.machine(),
               "cpus": os.cpu_count(), "system": platform.platform(), "scale": SCALE}
    (OUT / "results.json").write_text(json.dumps({"machine": machine, "results": results},
                                                 ensure_ascii=False, indent=2) + "\n")
    print(f"{'benchmark':36} {'ours (s)':>10} {'baseline (s)':>13} {'ratio':>7}  target  met")
    for r in results:
        print(f"{r['name']:36} {r['seconds']:>10} {r['baseline_seconds'] or '-':>13} "
              f"{r['ratio'] or '-':>7}  {r['target']}  {r['met']}")
    print(f"written to {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
