"""The program's section of period reports."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_cancer_reemployment import service
from psc_cancer_reemployment.intake import Track
from psc_cancer_reemployment.service import FollowUp, ReturnPlan
from psc_cancer_reemployment.tables import (
    cancer_reemployment_enrollments,
    cancer_reemployment_referrals,
)
from psccore import (
    Participant,
    ReportPeriod,
    ReportQuery,
    ReportRow,
    among,
)

CODE = service.CODE
#: what an employer may learn, with a health consent: what the job must allow for


def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """People per track, returned to work, re-employed, still working six months on.
    Counts only: no medical detail (docs/reports.md). For some offices, a return, a
    job, a follow-up or a referral counts for the office holding the case that day."""
    people = query.participants(CODE)
    tracks = _tracks(query.conn, people)
    rows = [_row(f"{t.label.ja}の利用者", f"people: {t.label.en}",
                 sum(1 for p in people if tracks[p.case_id] is t)) for t in Track]
    plans = service.return_plans(query.conn, [p.enrollment_id for p in people])
    today = query.today  # the office's day: a return still to come has not happened
    case = {p.enrollment_id: p.case_id for p in people}
    returned = {p.enrollment_id for p in plans if p.return_on in period and p.return_on <= today
                and query.holds(case[p.enrollment_id], p.return_on)}
    began = {p.case_id: p.enrolled_on for p in people}
    jobs = [j for j in query.placements(tracks) if j.kind == "employment"
            and j.start_on >= began[j.case_id]]  # a job found with support, not before
    rows.append(_row("職場復帰した人", "returned to work", len(returned)))
    rows.append(_row("再就職した人", "found new work", len({
        j.person_id for j in jobs if tracks[j.case_id] is Track.REEMPLOYMENT})))
    rows.append(_row("6か月後も働いている人", "still working six months on",
                     _still_working(query, people, tracks, plans)))
    referred = query.conn.execute(sa.select(sa.func.count()).select_from(
        cancer_reemployment_referrals).where(
        among(cancer_reemployment_referrals.c.enrollment_id, [p.enrollment_id for p in people]),
        cancer_reemployment_referrals.c.referred_on.between(period.start, period.end),
        query.held_enrollment(cancer_reemployment_referrals.c.enrollment_id,
                              cancer_reemployment_referrals.c.referred_on))
    ).scalar_one()
    rows.append(_row("専門家への紹介", "referrals to experts", int(referred)))
    return rows


def _tracks(conn: Connection, people: list[Participant]) -> dict[int, Track]:
    """Each participant's track (case id → track), in one query of the program's table."""
    table = cancer_reemployment_enrollments
    by_enrollment = dict(conn.execute(sa.select(table.c.enrollment_id, table.c.track).where(
        among(table.c.enrollment_id, [p.enrollment_id for p in people]))).all())
    return {p.case_id: Track.of(by_enrollment[p.enrollment_id]) for p in people}


def _still_working(query: ReportQuery, people: list[Participant], tracks: dict[int, Track],
                   plans: list[ReturnPlan]) -> int:
    """A new job's six-month follow-up recorded in the period still employed; or, for
    those who kept or went back to their job, a follow-up in the period at least six
    months after the return (or, keeping work, after support began) finding them working."""
    count = {r.person_id for r in query.retention(tracks)
             if r.month == 6 and r.still_employed}
    since = {p.enrollment_id: p.enrolled_on for p in people}
    since.update({p.enrollment_id: p.return_on for p in plans})
    by_enrollment = {p.enrollment_id: p for p in people}
    last: dict[int, FollowUp] = {}  # each person's latest follow-up up to the period's end
    for found in service.followups_of(query.conn, list(by_enrollment)):
        if found.on <= query.period.end:
            last[found.enrollment_id] = found
    for enrollment_id, found in last.items():
        who = by_enrollment[enrollment_id]
        if (tracks[who.case_id] is Track.REEMPLOYMENT or found.on not in query.period
                or not query.holds(who.case_id, found.on)):
            continue
        if found.work_status.working and found.on >= since[enrollment_id] + \
                dt.timedelta(days=182):
            count.add(who.person_id)
    return len(count)


_row = ReportRow.of  # keyed by the English label
