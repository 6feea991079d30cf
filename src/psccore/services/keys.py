"""Re-encrypting every sensitive value with the newest key, in one transaction; and
finding every sealed value in the database (core's intake answers and any program's
own sealed columns), each with the place it is bound to."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.crypto import KeyRing, Place, is_legacy, is_sealed
from psccore.plugins import Registry
from psccore.services import access
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import Transaction

SEALED_LIKE = "psc_:%"  # psc1: (row-less, before core_0009) and psc2: (bound to its row)


@attrs.frozen
class Sealed:
    """One sealed value where it is stored: ``key`` names the intake answer of a JSON
    column (``None``: the column holds the value itself)."""

    table: str
    row_id: int
    column: str
    key: str | None
    token: str
    place: Place  # what it is bound to
    legacy: str  # what a row-less (psc1) value was bound to: program and field


def data_tables(conn: Connection, metadata: Sequence[sa.MetaData]) -> list[sa.Table]:
    """The tables of ``metadata`` (core's and the programs') with an integer ``id`` that
    the database has, each with only the columns it has yet (a migration runs while
    another program's branch may still be behind)."""
    inspector = sa.inspect(conn)
    present = set(inspector.get_table_names())
    found = []
    for meta in metadata:
        for name, table in sorted(meta.tables.items()):
            if name not in present or "id" not in table.c or name in NOT_DATA:
                continue
            columns = {c["name"] for c in inspector.get_columns(name)}
            if columns >= set(table.c.keys()):
                found.append(table)
            else:
                found.append(sa.Table(name, sa.MetaData(),
                                      *(sa.Column(c.name, c.type, key=c.key, primary_key=c.primary_key)
                                        for c in table.columns if c.name in columns)))
    return found


def registry_metadata(registry: Registry) -> list[sa.MetaData]:
    """Core's tables and every loaded program's."""
    return [t.metadata, *(m.metadata for m in registry.migrations)]


#: not the office's data: the trail itself, and signed-in browsers (keyed by a hash)
NOT_DATA = frozenset({"audit_log", "audit_head", "alembic_version", "web_sessions"})


def sealed_values(conn: Connection, tables: Sequence[sa.Table]) -> Iterator[Sealed]:
    """Every sealed value in ``tables``."""
    programs = sorted({str(p) for p in conn.execute(
        sa.text("SELECT DISTINCT program FROM enrollments")).scalars()}, key=len, reverse=True)
    for table in tables:
        if table.name == "enrollments":
            for entry in conn.execute(sa.select(table.c.id, table.c.program, table.c.intake)):
                for key, value in (entry.intake or {}).items():
                    if is_sealed(value):
                        yield Sealed(table.name, entry.id, "intake", key, value,
                                     Place("enrollments", entry.id, f"{entry.program}.{key}"),
                                     f"{entry.program}.{key}")
            continue
        program = next((p for p in programs if table.name.startswith(p + "_")), table.name)
        for column in table.columns:
            if not isinstance(column.type, sa.String | sa.Text):
                continue
            for row in conn.execute(sa.select(table.c.id, column).where(
                    column.like(SEALED_LIKE))):
                value = row[1]
                if is_sealed(value):
                    yield Sealed(table.name, row.id, column.name, None, value,
                                 Place(table.name, row.id, column.name),
                                 f"{program}.{column.name}")


def reseal(conn: Connection, keys: KeyRing, metadata: Sequence[sa.MetaData],
           tx: Transaction | None = None, *, check_only: bool = False,
           action: str = "rotate") -> int:
    """Every sealed value opened where it is (a row-less one as it was bound before) and
    sealed again with the active key in its row; each row written is audited with its
    new digest (through ``tx``). Returns how many values were opened."""
    tables = {table.name: table for table in data_tables(conn, metadata)}
    found = list(sealed_values(conn, list(tables.values())))
    fresh: dict[tuple[str, int, str], dict[str | None, str]] = {}
    for value in found:
        plain = (keys.decrypt_legacy(value.token, value.legacy) if is_legacy(value.token)
                 else keys.decrypt(value.token, value.place))
        fresh.setdefault((value.table, value.row_id, value.column), {})[value.key] = \
            keys.encrypt(plain, value.place)
    if check_only:
        return len(found)
    written: dict[str, list[int]] = {}
    for (name, row_id, column), values in fresh.items():
        table = tables[name]
        update = _json_update(conn, table, row_id, column, values) if None not in values \
            else {column: values[None]}
        conn.execute(table.update().where(table.c.id == row_id).values(**update))
        written.setdefault(name, []).append(row_id)
    if tx is not None:
        for name, ids in written.items():
            tx.record(action, tables[name], ids, fields=["sealed"])
    return len(found)


def _json_update(conn: Connection, table: sa.Table, row_id: int, column: str,
                 values: dict[str | None, str]) -> dict[str, Any]:
    stored = conn.execute(sa.select(table.c[column]).where(table.c.id == row_id)).scalar_one()
    return {column: {**stored, **values}}


def rotate(ctx: Context, check_only: bool = False) -> int:
    """Re-encrypt with the active key; with ``check_only``, only check that every value
    can be read with the keys at hand (and that the staff member may do this)."""
    keys = ctx.keys()
    with ctx.write() as uow:
        access.for_managers(uow, "keys")
        count = reseal(uow.conn, keys, registry_metadata(uow.registry), uow.tx,
                       check_only=check_only)
        if not check_only:
            uow.tx.audit("rotate", "keys", None, fields=[keys.active])
    return count


__all__ = ["Sealed", "data_tables", "reseal", "rotate", "sealed_values"]
