"""No statement carries a number of parameters that grows with the data: the agenda
(with every kind of item: placements starting and ending, their follow-ups, consents
expiring, cases without an assessment or plan, referrals awaiting an outcome), the
reports, a bulk import, the case list, a case, the staff list and a person search send
statements with the same parameter counts at 100 and at 1,000 open cases (an id list
passed as ``IN (…)`` would grow, and fail past SQLite's limit of 32,766 parameters; a
statement a staff member or a case would add statements as the office grows)."""

import csv
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo_scale import load_scale
from psccore.domain.cases import CaseStatus
from psccore.domain.program import ReportPeriod
from psccore.services.agenda import AgendaQuery
from psccore.store import tables as t

DAY = dt.date(2026, 11, 1)


@contextmanager
def recorded(psc: Psc) -> Iterator[list[tuple[str, int]]]:
    """(statement, parameters per row) of every statement sent meanwhile."""
    seen: list[tuple[str, int]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
               executemany: bool) -> None:
        many = executemany and isinstance(parameters, list | tuple) and parameters
        row = parameters[0] if many else parameters  # executemany: per row
        seen.append((statement, len(row or ())))

    engine = psc.ctx.db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def _people_file(folder: Path, start: int) -> Path:
    path = folder / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "kana", "birth_date", "phone"])
        for i in range(start, start + 30):
            writer.writerow([f"取込 太郎{i}", "トリコミ タロウ", f"1980-01-{1 + i % 28:02d}",
                             "022-123-4567"])
    return path


def _operations(psc: Psc, folder: Path, start: int) -> dict[str, Callable[[], Any]]:
    staff = psc.staff_id("admin")
    with psc.ctx.db.read() as conn:
        first = conn.execute(sa.select(sa.func.min(t.cases.c.id)).where(
            t.cases.c.assigned_staff_id.is_not(None))).scalar_one()
    return {
        "agenda (everyone)": lambda: psc.agenda(AgendaQuery(today=DAY)),
        "agenda (one caseworker)": lambda: psc.agenda(AgendaQuery(today=DAY, staff_id=staff)),
        "report (fiscal year, every section)": lambda: psc.report(
            ReportPeriod.fiscal_year(2025)),
        "report (a month)": lambda: psc.report(ReportPeriod.month(2026, 4)),
        "bulk import": lambda: psc.import_rows("people", _people_file(folder, start),
                                               allow_duplicates=True),
        "case list": lambda: psc.list_cases(limit=50),
        "open case list": lambda: psc.list_cases(status=CaseStatus.OPEN, limit=50),
        "a case (as its page shows it)": lambda: (psc.get_case(first), psc.timeline(first),
                                                  psc.list_plans(first),
                                                  psc.list_records(first)),
        "staff list, with and without roles": lambda: (psc.list_staff(), psc.staff_roles()),
        "person search": lambda: psc.find_people("佐藤"),
        "search box (two characters)": lambda: psc.search("佐藤"),
        "search box (one character, a phone number)": lambda: (psc.search("佐"),
                                                               psc.search("022-123")),
    }


def _placements_and_referrals(psc: Psc, done: set[int], every: int = 30) -> None:
    """For one open case in ``every`` not given them yet: an internship starting and a
    certified training ending soon (with their follow-ups), a consent expiring and a
    referral awaiting its outcome, so that each kind of agenda item is found."""
    if not done:
        psc.add_employer({"name": "株式会社受入", "kana": "ウケイレ"})
    with psc.ctx.db.read() as conn:
        host = conn.execute(sa.select(t.employers.c.id).where(
            t.employers.c.name == "株式会社受入")).scalar_one()
        open_cases = conn.execute(sa.select(t.cases.c.id, t.cases.c.person_id).where(
            t.cases.c.status == CaseStatus.OPEN.value).order_by(t.cases.c.id)).all()
    if not done:
        for role in ("internship_host", "training_provider", "job_orders"):
            psc.add_partner_role(host, {"role": role, "since": "2026-01-01"})
    opening = psc.add_opening({"employer_id": host, "title": "清掃", "duties": "清掃",
                               "hours_per_day": 4, "days_per_week": 3,
                               "time_of_day": "daytime", "wage_type": "hourly",
                               "wage": 1000, "opened_on": "2026-09-01"})
    people: set[int] = set()
    for case_id, person_id in [r for r in open_cases if r.id not in done][::every]:
        done.add(case_id)
        psc.add_internship(case_id, {"host_id": host, "start_on": "2026-11-09",
                                     "end_on": "2026-11-27", "days": 15})
        psc.add_training(case_id, {"provider_id": host, "training_type": "employment",
                                   "start_on": "2026-08-03", "end_on": "2026-11-10"})
        if person_id in people:
            continue
        people.add(person_id)
        psc.add_consent(person_id, {"employer_id": host, "categories": ["basic_profile"],
                                    "purpose": "紹介", "valid_from": "2026-09-01",
                                    "valid_until": "2026-11-20"})
        psc.register_seeker(person_id, {"applied_on": "2026-09-01"})
        psc.refer(person_id, opening.id or 0, dt.date(2026, 10, 1))


def _counts(psc: Psc, folder: Path, start: int) -> dict[str, list[tuple[str, int]]]:
    found = {}
    for name, run in _operations(psc, folder, start).items():
        with recorded(psc) as seen:
            run()
        found[name] = seen
    return found


def _open_cases(psc: Psc) -> int:
    with psc.ctx.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(t.cases).where(
            t.cases.c.status == CaseStatus.OPEN.value)).scalar_one())


def test_statement_parameters_do_not_grow_with_the_data(psc: Psc, tmp_path: Path) -> None:
    load_scale(psc, 180, records_per_case=2, today=DAY, seed=1)
    assert 90 <= _open_cases(psc) <= 130
    given: set[int] = set()
    _placements_and_referrals(psc, given)
    small = _counts(psc, tmp_path, 0)
    kinds = {i.kind for i in psc.agenda(AgendaQuery(today=DAY))}
    assert {"follow_up", "placement_starting", "placement_ending", "consent_expiring",
            "no_assessment", "no_plan", "referral_waiting", "no_contact"} <= kinds
    load_scale(psc, 1_620, records_per_case=2, today=DAY, seed=2)
    assert _open_cases(psc) >= 900
    _placements_and_referrals(psc, given)
    assert len(given) >= 30
    large = _counts(psc, tmp_path, 0)
    grown = {name: sorted({(n, s[:160]) for s, n in large[name]} - {(n, s[:160]) for s, n in
                                                                      small[name]})
             for name in small
             if Counter(n for _, n in large[name]) != Counter(n for _, n in small[name])}
    assert grown == {}
