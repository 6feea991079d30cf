"""No statement carries a number of parameters that grows with the data: the agenda,
the reports, a bulk import, the case list and a person search send statements with the
same parameter counts at 100 and at 1,000 open cases (an id list passed as ``IN (…)``
would grow, and fail past SQLite's limit of 32,766 parameters)."""

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
        "person search": lambda: psc.find_people("佐藤"),
    }


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
    small = _counts(psc, tmp_path, 0)
    load_scale(psc, 1_620, records_per_case=2, today=DAY, seed=2)
    assert _open_cases(psc) >= 900
    large = _counts(psc, tmp_path, 0)
    grown = {name: sorted({(n, s[:160]) for s, n in large[name]} - {(n, s[:160]) for s, n in
                                                                      small[name]})
             for name in small
             if Counter(n for _, n in large[name]) != Counter(n for _, n in small[name])}
    assert grown == {}
