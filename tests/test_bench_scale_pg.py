"""scripts/bench-scale-pg (the COPY loader of the PostgreSQL scale benchmark) at a tiny
scale: what it loads must be what the application would have written — rows the library
reads back unchanged, the people search's index as the library builds it, an intact audit
chain, and reports that agree with the rows and with each other."""

from __future__ import annotations

import datetime as dt
import importlib.machinery
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bench-scale-pg"


def _loader() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("bench_scale_pg", str(SCRIPT))
    spec = importlib.util.spec_from_loader("bench_scale_pg", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_disk_check_refuses_a_load_the_disk_cannot_hold(tmp_path: Path) -> None:
    bench = _loader()
    free = __import__("shutil").disk_usage(tmp_path).free
    bench.check_disk([(tmp_path, 1_000)])  # room enough: no complaint
    with pytest.raises(SystemExit, match="not enough free disk"):
        bench.check_disk([(tmp_path, free // 2 + 1), (tmp_path, free // 2 + 1)])  # the sum
    database, dump = bench.needed_bytes(1_000_000, 20)
    assert database > 1_000_000 * bench.BYTES_PER_CASE and dump > 0


def _national(psc: Any, **scope: str) -> dict[str, Any]:
    from psccore.domain.program import ReportPeriod

    [section] = psc.report(ReportPeriod.fiscal_year(2025), ["national"], **scope)
    return {row.key: row.value for row in section.rows}


@pytest.mark.parametrize("psc_database_url", ["postgresql"], indirect=True)
def test_loaded_rows_are_what_the_application_writes(psc_database_url: str) -> None:
    from psccore.app import Psc
    from psccore.domain.cases import Case, Enrollment
    from psccore.domain.offices import CaseOffice
    from psccore.domain.people import Person
    from psccore.domain.workflow import Plan, SupportRecord
    from psccore.store import search_index
    from psccore.store.db import from_row
    from psccore.store.rows import to_row

    bench = _loader()
    bench.load(psc_database_url, 200, 10, 3, 7, say=lambda _: None)
    psc = Psc.open(psc_database_url, staff="admin")
    try:
        _, breaks = psc.verify_audit()
        assert breaks == []
        engine = psc.ctx.db.engine
        with engine.connect() as conn:
            counts: dict[str, int] = dict(conn.execute(sa.text(
                "SELECT entity, sum(substr(fields::json->>0, 6)::int) FROM audit_log "
                "WHERE action = 'import' GROUP BY entity")).all())
            for table, cls in (("people", Person), ("cases", Case), ("enrollments", Enrollment),
                               ("case_offices", CaseOffice), ("plans", Plan),
                               ("support_records", SupportRecord)):
                rows = conn.execute(sa.text(f'SELECT * FROM "{table}" ORDER BY id')).all()
                loaded = [r for r in rows if table != "people" or r.name != "鴫原 灯里"]
                assert counts[table] == len(loaded)  # each batch audited with its size
                for row in loaded:  # the library reads each back to the same row
                    assert to_row(from_row(row, cls)) == dict(row._mapping), table
            assert counts["support_records"] == 200 * 3
            index = search_index.pieces(conn)
            search_index.rebuild(conn)
            assert search_index.pieces(conn) == index
            conn.rollback()
            person = conn.execute(sa.text("SELECT id, name FROM people ORDER BY id")).first()
            assert person is not None
            hand: dict[int, int] = dict(conn.execute(sa.text(
                "SELECT co.office_id, count(*) FROM enrollments e JOIN case_offices co "
                "ON co.case_id = e.case_id AND co.from_on <= e.enrolled_on AND "
                "(co.to_on IS NULL OR co.to_on > e.enrolled_on) WHERE e.program = "
                "'consultation' AND e.enrolled_on BETWEEN :a AND :b GROUP BY co.office_id"),
                {"a": dt.date(2025, 4, 1), "b": dt.date(2026, 3, 31)}).all())
        assert len(psc.search("鴫原").people) == len(bench.RARE)
        assert person.id in {h.person.id for h in psc.search(person.name, limit=200).people}
        offices = [o for o in psc.offices() if o.id in hand]
        assert sum(hand.values()) == _national(psc)["new_consultations"] > 0
        for office in offices:
            assert _national(psc, office=office.name)["new_consultations"] == hand[office.id or 0]
        organisation = psc.organisations()[1]  # the first the loader made
        mine = [o for o in psc.offices() if o.organisation_id == organisation.id]
        whole = _national(psc, organisation=organisation.name)
        for key in ("new_consultations", "plans", "closed"):
            assert whole[key] == sum(_national(psc, office=o.name)[key] for o in mine)
    finally:
        psc.close()
