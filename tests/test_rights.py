"""A person's rights: a full export about them alone, and erasure that leaves no trace
of the person but keeps the counts."""

import datetime as dt
import json
from pathlib import Path

import pytest

from psccore.app import Psc
from psccore.errors import InvalidInput

D = dt.date
PROGRAM = "household_budget"
CANARIES = {"name": "ZZCANARYNAME 一郎", "phone": "099-000-1234", "address": "CANARYADDRESS",
            "note": "CANARY-NOTE-77", "health": "CANARY-HEALTH-88", "record": "CANARY-REC-99",
            "job": "CANARY-JOB-55"}


def _person(psc: Psc, canary: bool = True) -> tuple[int, int]:
    c = CANARIES if canary else {k: f"other-{k}" for k in CANARIES}
    person = psc.add_person({"name": c["name"], "kana": "カナリア" if canary else "ベツジン",
                             "phone": c["phone"] if canary else "022-111-1111",
                             "address": c["address"], "birth_date": "1970-01-01"},
                            allow_duplicate=True)
    pid = person.id or 0
    case = psc.open_case(pid, PROGRAM, {"monthly_income": 0, "housing": "rented",
                                        "health_note": c["health"]}, D(2013, 4, 1)).case.id or 0
    psc.add_record(case, {"on": "2013-04-02", "kind": "phone", "summary": c["record"]})
    psc.add_work_history(pid, {"employer_name": c["job"], "started_on": "2000-04-01"})
    employer = psc.add_employer({"name": "株式会社A"}).id or 0
    psc.add_partner_role(employer, {"role": "internship_host", "since": "2013-04-01"})
    psc.add_internship(case, {"host_id": employer, "start_on": "2013-06-03",
                              "end_on": "2013-06-14", "days": 10})
    psc.add_consent(pid, {"employer_id": employer, "categories": ["basic_profile"],
                          "purpose": "紹介", "valid_from": "2013-04-01",
                          "valid_until": "2013-12-31"})
    psc.introduce(pid, employer, on=D(2013, 5, 1))
    psc.close_case(case, "other", note=c["note"], on=D(2014, 3, 31))
    return pid, case


def test_export_holds_everything_about_the_person_and_nothing_else(psc: Psc) -> None:
    pid, _ = _person(psc)
    _person(psc, canary=False)
    held = json.dumps(psc.export_person(pid), ensure_ascii=False, default=str)
    for value in CANARIES.values():
        assert value in held, value
    assert "other-" not in held and "ベツジン" not in held
    assert len(psc.export_person(pid)["disclosures"]) == 1


def test_erasure_waits_for_closure_and_retention(psc: Psc) -> None:
    person = psc.add_person({"name": "在籍 中", "kana": "ザイセキチュウ"})
    psc.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "owned"})
    with pytest.raises(InvalidInput) as caught:
        psc.erase_person(person.id or 0)
    assert "still open" in caught.value.text("en")
    pid, _ = _person(psc)
    with pytest.raises(InvalidInput) as too_soon:
        psc.erase_person(pid, today=D(2018, 1, 1))  # closed 2014-03-31 + 5 years
    assert "2019-03-31" in too_soon.value.text("en")


def test_erasure_leaves_no_trace_and_keeps_the_counts(psc: Psc) -> None:
    pid, case = _person(psc)
    stats = psc.employment_statistics(2013, 2013)
    dry = psc.erase_person(pid, dry_run=True)
    assert dry.done is False and dry.changes["people"] == 1
    assert psc.get_person(pid).name == CANARIES["name"]  # a dry run changes nothing
    done = psc.erase_person(pid, dry_run=False)
    assert done.done and done.changes["disclosures"] == 1
    assert [e.action for e in psc.audit_log(person_id=pid, limit=1)] == ["erase"]
    held = json.dumps(psc.export_person(pid), ensure_ascii=False, default=str)
    assert [v for v in CANARIES.values() if v in held] == []
    assert psc.employment_statistics(2013, 2013) == stats
    assert psc.get_case(case).case.closure_reason.value == "other"
    file = psc.ctx.db.sqlite_file
    if file is not None:
        raw = b"".join(p.read_bytes() for p in (file, Path(f"{file}-wal")) if p.exists())
        assert [v for v in CANARIES.values() if v.encode() in raw] == []
    assert [e.action for e in psc.audit_log(person_id=pid, limit=1)] == ["export"]  # the export above, audited too
