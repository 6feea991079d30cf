"""What the program adds to the core's agenda, case view, introduction sheets, reports
and erasure. Nothing medical leaves these functions except under the ``health``
category of an introduction, from cases the staff member may disclose health data from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_cancer_reemployment import service
from psc_cancer_reemployment.intake import CancerIntake, Track
from psc_cancer_reemployment.service import FollowUp, ReturnPlan, WorkStatus
from psc_cancer_reemployment.tables import (
    cancer_reemployment_enrollments,
    cancer_reemployment_followups,
    cancer_reemployment_referrals,
    cancer_reemployment_return_plans,
)
from psccore import (
    AgendaItem,
    AgendaQuery,
    Enrollment,
    Label,
    Participant,
    ReportPeriod,
    ReportQuery,
    ReportRow,
    Transaction,
    enrollment_of,
    participants,
    rules,
    unseal_answer,
    unseal_text,
)

CODE = service.CODE
FOLLOW_UP = Label("がん就労支援: 治療と仕事の状況確認", "cancer support: follow-up on treatment and work")
PHASE = Label("がん就労支援: 段階的勤務 {hours}時間×週{days}日 から", "cancer support: phased "
              "work from this day, {hours} h × {days} days a week")
#: what an employer may learn, with a health consent: what the job must allow for
ACCOMMODATIONS = ("work_possible_from", "hours_needed", "rest_needed", "commuting_needs",
                  "tasks_to_avoid", "hospital_visits")


def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    """The next follow-up of each participant, and each step of a phased return."""
    people = {p.enrollment_id: p for p in participants(conn, CODE) if p.active_on(query.today)}
    latest: dict[int, FollowUp] = {}
    for found in service.followups_of(conn, list(people)):
        latest[found.enrollment_id] = found
    for enrollment_id, found in latest.items():
        who = people[enrollment_id]
        if found.next_on is not None and found.next_on <= query.horizon:
            yield AgendaItem(found.next_on, "cancer_followup", who.case_id, who.name,
                             FOLLOW_UP.text(), found.next_on < query.today, program=CODE)
    for plan in service.return_plans(conn, list(people)):
        who = people[plan.enrollment_id]
        for phase in plan.phase_list():
            if query.today <= phase.starts_on <= query.horizon:
                yield AgendaItem(phase.starts_on, "cancer_phase", who.case_id, who.name,
                                 PHASE.format(hours=phase.hours_per_day,
                                              days=phase.days_per_week), False, program=CODE)


def case_summary(enrollment: Enrollment, conn: Connection) -> Iterator[tuple[Label, object]]:
    """Work, never treatment: the latest work status and the next follow-up."""
    found = service.followups_of(conn, [enrollment.id or 0])
    if found:
        yield Label("就労の状況", "work status"), \
            f"{found[-1].work_status.label.text()}（{found[-1].on}）"
        if found[-1].next_on:
            yield Label("次の状況確認", "next follow-up"), found[-1].next_on
    for plan in service.return_plans(conn, [enrollment.id or 0]):
        yield Label("復職日", "return to work on"), plan.return_on


def disclosure_items(person_id: int, conn: Connection,
                     may_disclose: Callable[[int, str], bool]
                     ) -> Iterator[tuple[str, Label, object]]:
    """Under ``health`` only: what the job must allow for, and a phased return."""
    labels = {a.name: found.label for a in attrs.fields(CancerIntake)
              if (found := rules.info(a))}
    for who in participants(conn, CODE):
        if who.person_id != person_id or not may_disclose(who.case_id, CODE):
            continue
        answers = enrollment_of(conn, who.case_id, CODE).intake
        for name in ACCOMMODATIONS:
            value = unseal_answer(CODE, name, answers.get(name))
            if value not in (None, ""):
                yield f"accommodation.{name}", labels[name], value
        for plan in service.return_plans(conn, [who.enrollment_id]):
            steps = "、".join(f"{p.starts_on}から{p.hours_per_day:g}時間×週{p.days_per_week}日"
                             for p in plan.phase_list())
            yield "return_plan", Label("復職と段階的な勤務", "return and phased hours"), \
                f"{plan.return_on} {steps}"


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    """The person's referrals, follow-ups and return plans, notes opened."""
    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    yield "followups", [attrs.evolve(f, note=unseal_text(CODE, "note", f.note))
                        for f in service.followups_of(conn, mine)]
    yield "referrals", [attrs.evolve(r, purpose=unseal_text(CODE, "purpose", r.purpose) or "",
                                     outcome_note=unseal_text(CODE, "outcome_note",
                                                              r.outcome_note))
                        for r in service.referrals_of(conn, mine)]
    yield "return_plans", service.return_plans(conn, mine)


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank the sealed notes about the person; keep dates and codes. A return plan
    lets go of the consent it was held under (core removes the person's consents)."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    if not mine:
        return
    plans = tx.conn.execute(cancer_reemployment_return_plans.update().where(
        cancer_reemployment_return_plans.c.enrollment_id.in_(mine)).values(consent_id=None))
    if plans.rowcount:
        tx.audit("erase", "cancer_reemployment_return_plans", None, person_id=person_id,
                 fields=["consent_id"])
    for table, values in ((cancer_reemployment_followups, {"note": None}),
                          (cancer_reemployment_referrals, {"purpose": "", "outcome_note": None})):
        result = tx.conn.execute(table.update().where(table.c.enrollment_id.in_(mine))
                                 .values(values))
        if result.rowcount:
            tx.audit("erase", table.name, None, person_id=person_id, fields=sorted(values))


def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """People per track, returned to work, re-employed, still working six months on.
    Counts only: no medical detail (docs/reports.md)."""
    people = query.participants(CODE)
    tracks = _tracks(query.conn, people)
    rows = [_row(f"{t.label.ja}の利用者", f"people: {t.label.en}",
                 sum(1 for p in people if tracks[p.case_id] is t)) for t in Track]
    plans = service.return_plans(query.conn, [p.enrollment_id for p in people])
    today = dt.date.today()  # a return still to come has not happened
    returned = {p.enrollment_id for p in plans if p.return_on in period and p.return_on <= today}
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
        cancer_reemployment_referrals.c.enrollment_id.in_([p.enrollment_id for p in people]),
        cancer_reemployment_referrals.c.referred_on.between(period.start, period.end))
    ).scalar_one()
    rows.append(_row("専門家への紹介", "referrals to experts", int(referred)))
    return rows


def _tracks(conn: Connection, people: list[Participant]) -> dict[int, Track]:
    """Each participant's track (case id → track), in one query of the program's table."""
    table = cancer_reemployment_enrollments
    by_enrollment = dict(conn.execute(sa.select(table.c.enrollment_id, table.c.track).where(
        table.c.enrollment_id.in_([p.enrollment_id for p in people]))).all())
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
        if tracks[who.case_id] is Track.REEMPLOYMENT or found.on not in query.period:
            continue
        if found.work_status.working and found.on >= since[enrollment_id] + \
                dt.timedelta(days=182):
            count.add(who.person_id)
    return len(count)


_row = ReportRow.of  # keyed by the English label


__all__ = ["WorkStatus", "agenda_items", "case_summary", "disclosure_items", "erase_person",
           "report_rows"]
