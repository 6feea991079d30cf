"""Migrations down and up again on a populated database: every row and value that the
older schema holds survives both directions."""

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo import load_demo
from psccore.store import migrate


def _contents(psc: Psc) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows (by primary key), every column."""
    found = {}
    with psc.ctx.db.engine.connect() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        for name, table in meta.tables.items():
            if name == "alembic_version":
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            found[name] = [dict(r._mapping) for r in conn.execute(sa.select(table).order_by(*order))]
    return found


def _within(full: dict[str, list[dict[str, Any]]],
            shape: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """``full`` cut down to the tables and columns of ``shape``."""
    return {name: [{k: row[k] for k in (rows[0] if rows else {})} for row in full[name]]
            for name, rows in shape.items()}


def _targets(psc: Psc) -> list[str]:
    """One step back in core, all the way back in core, and each program's first revision."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(psc.ctx.registry))
    targets = ["core_0005", "core_0001"]
    for branch in sorted(m.branch for m in psc.ctx.registry.migrations):
        revisions = list(script.iterate_revisions(f"{branch}@head", "base"))
        if len(revisions) > 1:
            targets.append(revisions[-1].revision)
    return targets


@pytest.fixture
def populated(psc: Psc) -> Psc:
    load_demo(psc, people_per_program=3, seed=5, today=dt.date(2026, 11, 1))
    return psc


def test_down_and_up_again_keeps_what_both_schemas_hold(populated: Psc) -> None:
    psc = populated
    before = _contents(psc)
    assert sum(len(rows) for rows in before.values()) > 500
    for target in _targets(psc):
        psc.ctx.db.dispose()
        migrate.downgrade(psc.ctx.db, psc.ctx.registry, target)
        middle = _contents(psc)
        assert _within(before, middle) == middle, f"down to {target} changed data"
        psc.ctx.db.dispose()
        migrate.upgrade(psc.ctx.db, psc.ctx.registry)
        after = _contents(psc)
        assert _within(after, middle) == middle, f"up from {target} changed data"
        assert set(after) == set(before)
    assert psc.verify_audit()[1] == []
