"""The second step of signing in (TOTP): each staff member's sealed secret, the sign-ins
waiting for their code, and the office's choice to require it of administrators.

Revision ID: core_0012
Revises: core_0011
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from psccore.store.tables import UTCDateTime

revision = "core_0012"
down_revision = "core_0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("require_totp_for_admins", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "staff_totp",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=False),
        sa.Column("secret", sa.String(400), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("last_step", sa.BigInteger, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name="fk_staff_totp_staff_id_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_staff_totp"),
        sa.UniqueConstraint("staff_id", name="uq_staff_totp_staff_id"),
    )
    op.create_table(
        "sign_in_pending",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=False),
        sa.Column("enrol", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name="fk_sign_in_pending_staff_id_staff"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sign_in_pending"),
    )
    _record_filled_office()


def _record_filled_office() -> None:
    """The new column changes the office row's content: where the row was as the trail
    last recorded it but for it, its new digest goes into the trail (psc audit verify
    --data); a row changed outside psccore stays reported."""
    from psccore.domain.audit import row_digest
    from psccore.store import tables as t
    from psccore.store.db import Transaction

    conn = op.get_bind()
    a = t.audit_log
    last = dict(conn.execute(sa.select(a.c.entity_id, a.c.data_digest).where(
        a.c.entity == "office", a.c.data_digest.is_not(None)).order_by(a.c.seq)).all())
    present = {c["name"] for c in sa.inspect(conn).get_columns("office")}
    office = sa.Table("office", sa.MetaData(),  # as held now: a later revision adds more
                      *(sa.Column(c.name, c.type, primary_key=c.primary_key)
                        for c in t.office.columns if c.name in present))
    ids = []
    for row in conn.execute(sa.select(office)):
        values = dict(row._mapping)
        before = {k: v for k, v in values.items() if k != FILLED}
        if last.get(row.id) == row_digest("office", before) != row_digest("office", values):
            ids.append(row.id)
    if ids:
        Transaction(conn, "psc db upgrade").record("migrate", office, ids, fields=[FILLED])


FILLED = "require_totp_for_admins"


def downgrade() -> None:
    op.drop_table("sign_in_pending")
    op.drop_table("staff_totp")
    with op.batch_alter_table("office") as batch:
        batch.drop_column("require_totp_for_admins")
