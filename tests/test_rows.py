"""Rows become domain objects through plain conversions (store/rows.py): the same objects
cattrs builds, for every core table, on a database the demo filled."""

import datetime as dt

import pytest
import sqlalchemy as sa
from test_schema import PAIRS

from psccore.app import Psc
from psccore.demo import load_demo
from psccore.domain.rules import trusted
from psccore.store import rows


@pytest.fixture
def filled(psc: Psc) -> Psc:
    load_demo(psc, people_per_program=3, seed=11, today=dt.date(2026, 11, 1))
    psc.set_password("admin", "a long enough password 1")
    return psc


def test_every_table_builds_what_cattrs_builds(filled: Psc) -> None:
    compared = 0
    with filled.ctx.db.read() as conn, trusted():
        for cls, table in PAIRS:
            for row in conn.execute(sa.select(table).limit(50)):
                mapping = dict(row._mapping)
                assert rows.build(mapping, cls) == rows.converter().structure(mapping, cls)
                compared += 1
    assert compared > 500  # the demo fills most tables


def test_missing_columns_take_the_default_and_codes_become_enums() -> None:
    from psccore.domain.cases import Case, CaseStatus

    case = rows.build({"id": 3, "person_id": 1, "opened_on": dt.date(2026, 4, 1),
                       "status": "open"}, Case)
    assert case.status is CaseStatus.OPEN and case.closed_on is None
