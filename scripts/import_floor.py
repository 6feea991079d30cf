"""The least work any import of people that does what ``psc import people`` must do
(check each row, look for duplicates, write the people, a digest of each row, one
chained audit row each, and a search index row each) can be done in, in plain Python
with no library of ours: the floor against which the import's ratio to the raw baseline
is read (``scripts/bench.py import`` reports both).

Each step is the bare minimum of its kind: NFKC and spacing for name and kana, a date
parsed, the ward and phone looked at; duplicates by two dictionary keys; the row digest
and the chain hash each one JSON encoding and one SHA-256; the index one FTS5 row of
the person's two-character pieces."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import sqlite3
import unicodedata
from pathlib import Path


def floor_import(path: Path, db: Path, wards: set[str], *, index: bool = True) -> None:
    """Import the CSV at ``path`` (name, kana, birth_date, ward, phone) into ``db``."""
    people = _checked(path, wards)
    _duplicates(people)
    con = sqlite3.connect(db)
    with con:
        organisation = con.execute("SELECT min(id) FROM organisations").fetchone()[0]
        first = (con.execute("SELECT max(id) FROM people").fetchone()[0] or 0) + 1
        con.executemany(
            "INSERT INTO people (id, name, kana, birth_date, ward, phone, version, "
            "organisation_id) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            [(first + i, n, k, b.isoformat(), w, p, organisation)
             for i, (n, k, b, w, p) in enumerate(people)])
        _audit(con, first, people)
        if index:
            con.execute("CREATE VIRTUAL TABLE floor_search USING fts5(grams, detail=none, "
                        "columnsize=0)")
            con.executemany("INSERT INTO floor_search (rowid, grams) VALUES (?, ?)",
                            [(first + i, _grams(n) + " " + _grams(k) + " " + _grams(p))
                             for i, (n, k, _, _, p) in enumerate(people)])
    con.close()


def _checked(path: Path, wards: set[str]) -> list[tuple[str, str, dt.date, str, str]]:
    rows = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))
    next(rows)
    people = []
    for name, kana, born, ward, phone in rows:
        name = " ".join(unicodedata.normalize("NFKC", name).split())
        kana = " ".join(unicodedata.normalize("NFKC", kana).split())
        if ward not in wards or not phone.replace("-", "").isdigit():
            raise ValueError(name)
        people.append((name, kana, dt.date.fromisoformat(born), ward, phone))
    return people


def _duplicates(people: list[tuple[str, str, dt.date, str, str]]) -> None:
    seen: dict[tuple[str, dt.date], list[int]] = {}
    for i, (name, kana, born, _, _) in enumerate(people):
        seen.setdefault((kana.replace(" ", ""), born), []).append(i)
        seen.setdefault((name.replace(" ", ""), born), []).append(i)


def _audit(con: sqlite3.Connection, first: int,
           people: list[tuple[str, str, dt.date, str, str]]) -> None:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    fields = ["birth_date", "kana", "name", "phone", "ward"]
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    seq, prev = con.execute("SELECT seq, hash FROM audit_head").fetchone()
    rows = []
    for i, (n, k, b, w, p) in enumerate(people):
        seq += 1
        digest = hashlib.sha256(encode(["people", {
            "birth_date": b.isoformat(), "id": first + i, "kana": k, "name": n,
            "phone": p, "version": 1, "ward": w}]).encode()).hexdigest()
        chained = hashlib.sha256(encode([seq, at, "admin", "create", "people", first + i,
                                         first + i, fields, prev, digest]).encode()).hexdigest()
        rows.append((seq, at, first + i, first + i, json.dumps(fields), prev, chained, digest))
        prev = chained
    con.executemany(
        "INSERT INTO audit_log (seq, at, staff, action, entity, entity_id, person_id, "
        "fields, prev_hash, hash, data_digest) VALUES (?, ?, 'admin', 'create', 'people', "
        "?, ?, ?, ?, ?, ?)", rows)
    con.execute("UPDATE audit_head SET seq = ?, hash = ?", (seq, prev))


def _grams(text: str) -> str:
    key = text.replace(" ", "").replace("-", "")
    return " ".join(key[i:i + 2].encode().hex() for i in range(len(key) - 1))
