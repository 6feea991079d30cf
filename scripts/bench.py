"""Benchmarks (``make bench``): each a ratio against a baseline run in the same process
on the same machine, so that a noisy machine moves both sides alike.

Writes bench-results/results.json and prints a table; docs/performance.md records a run.
Sizes can be made smaller for a quick look: ``PSC_BENCH_SCALE=0.1 make bench``."""

from __future__ import annotations

import csv
import json
import os
import platform
import random
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


def bench_import(folder: Path) -> dict[str, Any]:
    """Bulk import of people (checked, audited, duplicates looked for) against raw
    ``sqlite3.executemany`` of the same rows into the same table."""
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
            con.executemany(
                "INSERT INTO people (name, kana, birth_date, ward, phone, version) "
                "VALUES (:name, :kana, :birth_date, :ward, :phone, 1)", rows)

    baseline = timed(raw)
    return {"name": "bulk import of people", "rows": count, "seconds": round(ours, 2),
            "baseline": "sqlite3.executemany", "baseline_seconds": round(baseline, 3),
            "ratio": round(baseline / ours, 3), "target": ">= 0.3 of raw",
            "met": baseline / ours >= 0.3}


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


def bench_startup(folder: Path) -> list[dict[str, Any]]:
    """``psc --help`` and ``psc case show`` against ``python -c 'import click'``."""
    env = {**os.environ, "PSC_DATABASE_URL": f"sqlite:///{folder / 'rank' / 'bench.db'}",
           "PSC_USER": "admin"}

    def run(*args: str) -> float:
        times = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    click_s = run("-c", "import click")
    found = []
    for label, args, target in (("psc --help", ["-m", "psccore", "--help"], 2.0),
                                ("psc case show", ["-m", "psccore", "case", "show", "1"], None)):
        seconds = run(*args)
        found.append({"name": f"start-up: {label}", "rows": None, "seconds": round(seconds, 3),
                      "baseline": "python -c 'import click'",
                      "baseline_seconds": round(click_s, 3),
                      "ratio": round(seconds / click_s, 2),
                      "target": f"<= {target}x bare click" if target else "(measured)",
                      "met": None if target is None else seconds / click_s <= target})
    return found


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for sub in ("import", "raw", "rank"):
            (folder / sub).mkdir()
        results = [bench_import(folder), bench_ranking(folder), *bench_startup(folder)]
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
