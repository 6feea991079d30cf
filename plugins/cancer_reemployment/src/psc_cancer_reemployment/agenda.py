"""The program's agenda items."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.engine import Connection

from psc_cancer_reemployment import service
from psc_cancer_reemployment.service import FollowUp
from psccore import (
    AgendaItem,
    AgendaQuery,
    Label,
)

CODE = service.CODE
FOLLOW_UP = Label("がん就労支援: 治療と仕事の状況確認", "cancer support: follow-up on treatment and work")
PHASE = Label("がん就労支援: 段階的勤務 {hours}時間×週{days}日 から", "cancer support: phased "
              "work from this day, {hours} h × {days} days a week")
#: what an employer may learn, with a health consent: what the job must allow for


def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    """The next follow-up of each participant, and each step of a phased return."""
    people = {p.enrollment_id: p for p in query.participants(conn, CODE)
              if p.active_on(query.today)}
    latest: dict[int, FollowUp] = {}
    for found in service.followups_of(conn, query.enrollments(CODE)):
        latest[found.enrollment_id] = found
    for enrollment_id, found in latest.items():
        who = people.get(enrollment_id)
        if who is not None and found.next_on is not None and found.next_on <= query.horizon:
            yield AgendaItem(found.next_on, "cancer_followup", who.case_id, who.name,
                             FOLLOW_UP.text(), found.next_on < query.today, program=CODE)
    for plan in service.return_plans(conn, query.enrollments(CODE)):
        if (who := people.get(plan.enrollment_id)) is None:
            continue  # enrolled after today
        for phase in plan.phase_list():
            if query.today <= phase.starts_on <= query.horizon:
                yield AgendaItem(phase.starts_on, "cancer_phase", who.case_id, who.name,
                                 PHASE.format(hours=phase.hours_per_day,
                                              days=phase.days_per_week), False, program=CODE)
