"""Integrity at rest: every sealed value bound to its row, and the audit trail covering
each data row by a digest of its content.

- ``audit_log.data_digest``: the digest of the row a write left (``psc audit verify
  --data`` compares rows with it).
- Values sealed before (``psc1``: bound to program and field only, so one could be copied
  onto another person's row and read as theirs) are opened and sealed again in their row
  (``psc2``: table, row id and field). This needs the key file (``PSC_KEY_FILE``); a
  database without sealed values needs none.
- Every data row (core's and the programs') gets its digest in the trail, in one audit
  entry each (``migrate``), unless the trail already holds one (a row that differs from
  it was changed outside psccore, and ``verify --data`` goes on saying so).

Going back leaves both in place: the column is harmless to older code (its entries'
hashes cover it), and a value sealed in its row stays so (older code cannot open it:
to go back with sensitive values readable, restore the backup taken before upgrading).

Revision ID: core_0009
Revises: core_0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from psccore.crypto import load_keys
from psccore.errors import ConfigurationError
from psccore.i18n import Label

revision = "core_0009"
down_revision = "core_0008"
branch_labels = None
depends_on = None

STAFF = "psc db upgrade"
NEEDS_KEYS = Label(
    "この更新では暗号化された値を行ごとに封印し直すため、暗号鍵が必要です"
    "（PSC_KEY_FILE を設定して psc db upgrade をやり直してください。何も変更していません）: "
    "{reason}",
    "This upgrade re-seals every encrypted value in its row, so it needs the key file "
    "(set PSC_KEY_FILE and run psc db upgrade again; nothing was changed): {reason}")


def upgrade() -> None:
    from psccore.services.audit import rows_against_trail
    from psccore.services.keys import data_tables, reseal, sealed_values
    from psccore.store.db import Transaction

    conn = op.get_bind()
    if "data_digest" not in {c["name"] for c in sa.inspect(conn).get_columns("audit_log")}:
        with op.batch_alter_table("audit_log") as batch:
            batch.add_column(sa.Column("data_digest", sa.String(64), nullable=True))
    metadata = op.get_context().opts["target_metadata"]
    tables = data_tables(conn, metadata)
    if any(value.token.startswith("psc1:") for value in sealed_values(conn, tables)):
        try:
            reseal(conn, load_keys(), metadata, action="reseal")
        except ConfigurationError as exc:  # no key file, or not the right one
            raise ConfigurationError(NEEDS_KEYS, reason=exc.message) from None
    _, unmatched = rows_against_trail(conn, tables)
    tx = Transaction(conn, STAFF)
    by_table = {table.name: table for table in tables}
    for name in sorted({change.table for change in unmatched}):
        # only rows the trail has no digest of: one that differs from its digest was
        # changed outside psccore, and verify --data goes on saying so
        ids = [c.row_id for c in unmatched if c.table == name and c.reason == "unrecorded"]
        if ids:
            tx.record("migrate", by_table[name], ids)


def downgrade() -> None:
    """Nothing to undo: see above."""
