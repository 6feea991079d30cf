"""What the partnership adds to the core's agenda, case view, reports and erasure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy.engine import Connection

from psc_jm_training import service
from psc_jm_training.intake import Track
from psc_jm_training.milestones import Rating, training_month
from psc_jm_training.records import Outcome
from psc_jm_training.tables import (
    jm_training_costs,
    jm_training_milestones,
    jm_training_reports,
    jm_training_tasks,
)
from psc_jm_training.tracks import Payer
from psccore import (
    AgendaItem,
    AgendaQuery,
    Enrollment,
    Label,
    ReportPeriod,
    ReportQuery,
    ReportRow,
    Transaction,
    participants,
)

CODE = service.CODE
TASK_TEXT = Label("JM社 {track}: {task}", "JM {track}: {task}")


def agenda_items(query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
    """Every support task not yet done that is due by the horizon; late ones flagged."""
    chosen = {p.id: p for p in service.placements(conn)}
    people = {p.enrollment_id: p for p in participants(conn, CODE)}
    for task in service.pending_tasks(conn):
        placement = chosen[task.placement_id]
        who = people.get(placement.enrollment_id)
        if who is None or task.due_on > query.horizon:
            continue
        if query.staff_id is not None and placement.staff_id not in (None, query.staff_id):
            continue
        yield AgendaItem(task.due_on, f"jm_{task.kind.value}", who.case_id, who.name,
                         TASK_TEXT.format(track=placement.track.label, task=task.kind.label)
                         + f"（#{task.id}）", task.due_on < query.today, program=CODE,
                         staff_id=placement.staff_id)


def case_summary(enrollment: Enrollment, conn: Connection, today: dt.date
                 ) -> Iterator[tuple[Label, object]]:
    for placement in service.placements(conn, [enrollment.id or 0]):
        end = placement.ended_on or placement.end_on
        state = placement.outcome.label.text() if placement.outcome else \
            Label("{n}か月目", "month {n}").format(n=training_month(placement.start_on,
                                                                  min(today, end)))
        title = Label("JM社での{track}", "{track} with JM")
        yield (Label(title.ja.format(track=placement.track.label.ja),
                     title.en.format(track=placement.track.label.en)),
               f"{placement.start_on}〜{end}（{state}）")
        latest = service.latest_ratings(service.assessments(conn, placement.id or 0))
        if latest:
            achieved = sum(a.rating is Rating.ACHIEVED for a in latest.values())
            yield Label("目標の達成", "milestones achieved"), f"{achieved}/{len(latest)}"
        pending = service.pending_tasks(conn, [placement.id or 0])
        if pending:
            yield (Label("次の支援予定", "next support task"),
                   f"{pending[0].kind.label.text()} {pending[0].due_on}")


def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """Trainees per track, completions, jobs, and costs by who paid (docs/reports.md)."""
    people = {p.enrollment_id: p for p in query.participants(CODE)}
    chosen = [p for p in service.placements(query.conn, list(people))
              if p.start_on <= period.end and (p.ended_on or p.end_on) >= period.start]
    rows = [_row(f"{t.label.ja}の訓練生", f"trainees: {t.label.en}",
                 len({p.enrollment_id for p in chosen if p.track is t})) for t in Track]
    ended = [p for p in chosen if p.ended_on is not None and p.ended_on in period]
    rows.append(_row("修了した人", "completed", len({p.enrollment_id for p in ended
                                                  if p.outcome is Outcome.COMPLETED})))
    rows.append(_row("途中で終了した人", "stopped early",
                     len({p.enrollment_id for p in ended if p.outcome is Outcome.CANCELLED})))
    began: dict[int, dt.date] = {}  # case → when its first training of the period began
    for p in chosen:
        case_id = people[p.enrollment_id].case_id
        began[case_id] = min(began.get(case_id, p.start_on), p.start_on)
    jobs = [j for j in query.placements(began) if j.kind == "employment"
            and j.start_on >= began[j.case_id]]  # a job after the training, not before
    rows.append(_row("就職した人", "found work", len({j.person_id for j in jobs})))
    costs = service.costs(query.conn, period.start, period.end)
    for payer in Payer:
        rows.append(_row(f"費用（{payer.label.ja}負担、円）", f"costs paid by {payer.label.en} (yen)",
                         sum(c.amount for c in costs if c.payer is payer)))
    return rows


_row = ReportRow.of  # keyed by the English label


def export_person(person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
    """The person's placements with their schedule, milestones, costs and reports."""
    from psc_jm_training.documents import reports_of

    mine = [p.enrollment_id for p in participants(conn, CODE) if p.person_id == person_id]
    for placement in service.placements(conn, mine):
        pid = placement.id or 0
        yield f"placement_{pid}", {
            "placement": placement, "tasks": service.tasks_of(conn, pid),
            "milestones": service.assessments(conn, pid),
            "costs": service.costs(conn, placement_ids=[pid]), "reports": reports_of(conn, pid)}


def erase_person(person_id: int, tx: Transaction) -> None:
    """Blank notes and report texts about the person; keep dates, ratings and amounts."""
    mine = [p.enrollment_id for p in participants(tx.conn, CODE) if p.person_id == person_id]
    ids = [p.id for p in service.placements(tx.conn, mine)]
    if not ids:
        return
    for table, column, blank in ((jm_training_tasks, "note", None),
                                 (jm_training_milestones, "note", None),
                                 (jm_training_costs, "note", None),
                                 (jm_training_reports, "text", "")):
        result = tx.conn.execute(table.update().where(table.c.placement_id.in_(ids))
                                 .values({column: blank}))
        if result.rowcount:
            tx.audit("erase", table.name, None, person_id=person_id, fields=[column])
