"""The cancer program's own tables (Alembic branch ``cancer_reemployment``).

No medical data in the clear here: treatment details stay in the enrollment's intake
answers, and the free-text notes of follow-ups and referrals are sealed (encrypted)
with the office's key before they are stored.
Constraint names are spelled out, as core's naming convention would make them,
so that the migrated database and this metadata compare equal.
"""

from __future__ import annotations

import sqlalchemy as sa

from psccore.store.tables import consents, foreign_key, program_table, staff

metadata = sa.MetaData()

#: One row per enrollment: the track and the hospital's referral date.
cancer_reemployment_enrollments = program_table(
    "cancer_reemployment", "enrollments",
    metadata,
    sa.Column("track", sa.String(30), nullable=False),
    sa.Column("referral_date", sa.Date, nullable=False),
    sa.UniqueConstraint("enrollment_id",
                        name="uq_cancer_reemployment_enrollments_enrollment_id"),
)


#: Referrals to experts (社会保険労務士, the hospital's consultation center …) and how
#: they turned out.
cancer_reemployment_referrals = program_table(
    "cancer_reemployment", "referrals",
    metadata,
    sa.Column("expert", sa.String(30), nullable=False),
    sa.Column("referred_on", sa.Date, nullable=False),
    sa.Column("purpose", sa.Text, nullable=False),  # sealed
    sa.Column("outcome", sa.String(20)),
    sa.Column("outcome_on", sa.Date),
    sa.Column("outcome_note", sa.Text),  # sealed
    sa.Column("staff_id", sa.Integer),
    sa.Column("version", sa.Integer, nullable=False),
    foreign_key("cancer_reemployment_referrals", "staff_id", staff.c.id),
)

#: Regular follow-ups on treatment and work (tracks 2 and 3, and after a new job).
cancer_reemployment_followups = program_table(
    "cancer_reemployment", "followups",
    metadata,
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("work_status", sa.String(20), nullable=False),
    sa.Column("note", sa.Text),  # sealed
    sa.Column("next_on", sa.Date),
    sa.Column("staff_id", sa.Integer),
    foreign_key("cancer_reemployment_followups", "staff_id", staff.c.id),
    sa.Index("ix_cancer_reemployment_followups_next_on", "next_on"),
)

#: A planned return to work after sick leave: the day, the phased hours, the meeting
#: with the employer and the consent it was held under.
cancer_reemployment_return_plans = program_table(
    "cancer_reemployment", "return_plans",
    metadata,
    sa.Column("return_on", sa.Date, nullable=False),
    sa.Column("phases", sa.JSON, nullable=False),
    sa.Column("meeting_on", sa.Date),
    sa.Column("consent_id", sa.Integer),
    sa.Column("staff_id", sa.Integer),
    sa.Column("version", sa.Integer, nullable=False),
    foreign_key("cancer_reemployment_return_plans", "consent_id", consents.c.id),
    foreign_key("cancer_reemployment_return_plans", "staff_id", staff.c.id),
)
