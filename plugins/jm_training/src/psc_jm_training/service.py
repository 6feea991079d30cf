"""The partnership's use cases, on the public API of psccore: placements begun and ended
with the plan's steps, the support schedule, milestones, costs and reports.

Writes go through ``psc.program_write(CODE)`` (or the transaction of a case event);
reads through ``psc.program_read(CODE)``; the ``conn`` functions are shared with the hooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_jm_training.intake import Track
from psc_jm_training.milestones import Milestone, training_month
from psc_jm_training.records import Assessment, Cost, Outcome, Placement, Task
from psc_jm_training.schedule import Planned, TaskKind, last_working_day, support_schedule
from psc_jm_training.tables import (
    jm_training_costs,
    jm_training_milestones,
    jm_training_placements,
    jm_training_tasks,
)
from psc_jm_training.tracks import RULES, CostItem, Payer, period_problems
from psccore import (
    CaseEvent,
    InvalidInput,
    Label,
    NotFound,
    Participant,
    Problem,
    Psc,
    Transaction,
    among,
    enrollment_of,
    from_row,
    participants,
    structure,
)

CODE = "jm_training"
TRACKS = {t.value: t for t in Track}  # the support-menu kinds are the track codes
PLACEMENT = Label("実習・訓練", "placement")
TASK = Label("支援予定", "support task")
NO_PLACEMENT = Label("ケース {case} にはJM社での実習・訓練がありません（プランのステップを開始してください）",
                     "case {case} has no placement with the company (start a plan step first)")
ENDS_BEFORE = Label("開始日 {start} が終了予定日 {end} より後です", "starts on {start}, after its end {end}")
IN_FUTURE = Label("{day} はまだ来ていません", "{day} has not come yet")
OUTSIDE = Label("実習・訓練の期間（{start}〜{end}）の外です",
                "is outside the placement ({start} to {end})")
TOO_EARLY = Label("「{milestone}」は{month}か月目からの目標です（今は{now}か月目）",
                  "'{milestone}' is worked on from month {month} (this is month {now})")
NOT_ON_TRACK = Label("{track}では「{item}」は発生しません", "{item} does not arise on the {track} track")
WRONG_PAYER = Label("{track}の「{item}」は{payer}の負担です", "on the {track} track {item} is paid by {payer}")
ALREADY_DONE = Label("この支援予定は記録済みです（{day}）", "this task is already done ({day})")
EARLY = (TaskKind.ACCOMPANY, TaskKind.PHONE)  # the first week's: not made again on a re-plan
CANCELLED_TASK = Label("この支援予定は取り消されています", "this task was dropped")
AFTER = Label("実習・訓練の終了（{end}）より後です", "is after the placement ended ({end})")
PERIOD_BACKWARDS = Label("前回の報告（{end}まで）より後の日付にしてください",
                         "must be after the previous report (which ran to {end})")
NO_STIPEND = Label("雇用型の訓練には奨励金はありません（賃金は事業所が支払います）",
                   "employment-type training has no stipend (the company pays wages)")
CONTACTS = {TaskKind.ACCOMPANY: "accompaniment", TaskKind.PHONE: "phone",
            TaskKind.VISIT: "visit", TaskKind.MIDTERM: "meeting", TaskKind.FINAL: "meeting"}


# --- placements, from the plan's steps ----------------------------------------------------

def start_placement(event: CaseEvent, tx: Transaction) -> None:
    """A training or internship step started: the placement and its support schedule.

    A step carried into a new plan version (a re-plan) continues the placement already
    under way on that track rather than starting another."""
    track = TRACKS.get(str(event.details.get("step_kind")))
    if track is None:  # core tells only this program of its own steps
        return
    start: dt.date = event.details["on"]
    end: dt.date | None = event.details.get("end_on")
    enrollment = enrollment_of(tx.conn, event.case.id or 0, CODE)
    running = [p for p in placements(tx.conn, [enrollment.id or 0])
               if p.ended_on is None and p.track is track]
    if end is not None and not running:  # begun late: it keeps its planned length
        end += start - event.details["start_on"]
    first = running[-1].start_on if running else start
    problems = list(period_problems(track, first, end))  # the dates it really runs
    if problems or end is None:
        raise InvalidInput(problems)
    if running:
        _carry_over(tx, event, running[-1], start, end)
        return
    placement = tx.insert(jm_training_placements, Placement(
        enrollment_id=enrollment.id or 0, step_id=event.details["step_id"], track=track,
        start_on=start, end_on=end, staff_id=event.details.get("staff_id")),
        person_id=event.case.person_id)
    _schedule(tx, event, placement, support_schedule(start, end))


def _schedule(tx: Transaction, event: CaseEvent, placement: Placement,
              planned: Iterable[Planned]) -> None:
    for task in planned:
        tx.insert(jm_training_tasks, Task(placement_id=placement.id or 0, kind=task.kind,
                                          due_on=task.due_on),
                  person_id=event.case.person_id)


def _carry_over(tx: Transaction, event: CaseEvent, placement: Placement, on: dt.date,
                end: dt.date) -> None:
    """The re-planned step takes over the placement; the schedule from ``on`` follows
    its (possibly new) end."""
    tx.update(jm_training_placements, placement,
              attrs.evolve(placement, step_id=event.details["step_id"], end_on=end),
              person_id=event.case.person_id)
    for task in pending_tasks(tx.conn, [placement.id or 0]):
        if task.due_on >= on:
            tx.update(jm_training_tasks, task, attrs.evolve(task, cancelled=True),
                      person_id=event.case.person_id)
    _schedule(tx, event, placement, [t for t in support_schedule(placement.start_on, end)
                                     if t.due_on >= on and t.kind not in EARLY])


def end_placement(event: CaseEvent, tx: Transaction) -> None:
    """The step ended: record how. Tasks due later are dropped, but the final summary
    moves to the last day; tasks already late stay to be done."""
    row = tx.conn.execute(sa.select(jm_training_placements).where(
        jm_training_placements.c.step_id == event.details.get("step_id"))).one_or_none()
    if row is None:
        return
    before = from_row(row, Placement)
    ended: dt.date = event.details["on"]
    # ended before its last working day: stopped early, not completed
    outcome = Outcome.CANCELLED if ended < last_working_day(before.end_on) \
        else Outcome.COMPLETED
    tx.update(jm_training_placements, before, attrs.evolve(before, ended_on=ended,
                                                           outcome=outcome),
              person_id=event.case.person_id)
    for task in pending_tasks(tx.conn, [before.id or 0]):
        if task.due_on <= ended:
            continue
        after = attrs.evolve(task, due_on=max(before.start_on, last_working_day(ended))) \
            if task.kind is TaskKind.FINAL else attrs.evolve(task, cancelled=True)
        tx.update(jm_training_tasks, task, after, person_id=event.case.person_id)


def placements(conn: Connection, enrollment_ids: Iterable[int] | None = None
               ) -> list[Placement]:
    query = sa.select(jm_training_placements).order_by(jm_training_placements.c.start_on,
                                                       jm_training_placements.c.id)
    if enrollment_ids is not None:
        query = query.where(among(jm_training_placements.c.enrollment_id, enrollment_ids))
    return [from_row(r, Placement) for r in conn.execute(query)]


def placement_of(conn: Connection, case_id: int, on: dt.date | None = None,
                 step_id: int | None = None) -> Placement:
    """The case's placement: of that step, or the one running on ``on``, or the latest."""
    found = placements(conn, [enrollment_of(conn, case_id, CODE).id or 0])
    if step_id is not None:
        found = [p for p in found if p.step_id == step_id]
    elif on is not None and (running := [p for p in found
                                         if p.start_on <= on <= (p.ended_on or p.end_on)]):
        found = running
    if not found:
        raise InvalidInput([Problem("$.case", NO_PLACEMENT, {"case": case_id})])
    return found[-1]


def person_of(conn: Connection, placement: Placement) -> Participant:
    return participants(conn, CODE, [placement.enrollment_id])[0]


# --- the support schedule ------------------------------------------------------------------

def pending_tasks(conn: Connection, placement_ids: Iterable[int] | None = None) -> list[Task]:
    t = jm_training_tasks
    query = sa.select(t).where(t.c.done_on.is_(None), t.c.cancelled.is_(False)) \
        .order_by(t.c.due_on, t.c.id)
    if placement_ids is not None:
        query = query.where(among(t.c.placement_id, placement_ids))
    return [from_row(r, Task) for r in conn.execute(query)]


def tasks_of(conn: Connection, placement_id: int) -> list[Task]:
    t = jm_training_tasks
    return [from_row(r, Task) for r in conn.execute(
        sa.select(t).where(t.c.placement_id == placement_id).order_by(t.c.due_on, t.c.id))]


def complete_task(psc: Psc, task_id: int, on: dt.date | None = None, note: str | None = None,
                  today: dt.date | None = None) -> Task:
    """Record a support task done; it also goes into the case's support record."""
    today = today or psc.today()
    on = on or today
    with psc.program_write(CODE) as tx:
        row = tx.conn.execute(sa.select(jm_training_tasks).where(
            jm_training_tasks.c.id == task_id)).one_or_none()
        if row is None:
            raise NotFound.of(TASK, task_id)
        task = from_row(row, Task)
        placement = _placement(tx.conn, task.placement_id)
        _check_day(on, placement, today)
        if task.done_on is not None:
            raise InvalidInput([Problem("$.task", ALREADY_DONE, {"day": task.done_on})])
        if task.cancelled:
            raise InvalidInput([Problem("$.task", CANCELLED_TASK)])
        who = person_of(tx.conn, placement)
        done = tx.update(jm_training_tasks, task, attrs.evolve(task, done_on=on, note=note),
                         person_id=who.person_id)
        psc.add_record(who.case_id, {"on": on, "kind": CONTACTS[task.kind],
                                     "summary": f"{task.kind.label.ja}: {note or '実施'}",
                                     "step_id": placement.step_id})
        return done


def _placement(conn: Connection, placement_id: int) -> Placement:
    row = conn.execute(sa.select(jm_training_placements).where(
        jm_training_placements.c.id == placement_id)).one_or_none()
    if row is None:
        raise NotFound.of(PLACEMENT, placement_id)
    return from_row(row, Placement)


def _check_day(on: dt.date, placement: Placement, today: dt.date, path: str = "$.on") -> None:
    if on > today:
        raise InvalidInput([Problem(path, IN_FUTURE, {"day": on.isoformat()})])
    if on < placement.start_on:
        raise InvalidInput([Problem(path, OUTSIDE, {"start": placement.start_on,
                                                    "end": placement.ended_on or placement.end_on})])


# --- milestones --------------------------------------------------------------------------

def assess(psc: Psc, case_id: int, milestone: str, rating: str, on: dt.date | None = None,
           note: str | None = None, step_id: int | None = None,
           today: dt.date | None = None) -> Assessment:
    """Assess a milestone of the trainee's month (or an earlier month's)."""
    today = today or psc.today()
    on = on or today
    staff_id = psc.acting_staff().id
    with psc.program_write(CODE) as tx:
        placement = placement_of(tx.conn, case_id, on, step_id)
        _check_day(on, placement, today)
        if on > (last := placement.ended_on or placement.end_on):
            raise InvalidInput([Problem("$.on", AFTER, {"end": last})])
        assessment = structure({"placement_id": placement.id, "milestone": milestone,
                                "rating": rating, "assessed_on": on, "note": note,
                                "staff_id": staff_id}, Assessment)
        now = training_month(placement.start_on, on)
        if assessment.milestone.from_month > now:
            raise InvalidInput([Problem("$.milestone", TOO_EARLY, {
                "milestone": assessment.milestone.label, "month": assessment.milestone.from_month,
                "now": now})])
        return tx.insert(jm_training_milestones, assessment,
                         person_id=person_of(tx.conn, placement).person_id)


def assessments(conn: Connection, placement_id: int) -> list[Assessment]:
    m = jm_training_milestones
    return [from_row(r, Assessment) for r in conn.execute(
        sa.select(m).where(m.c.placement_id == placement_id).order_by(m.c.assessed_on, m.c.id))]


def latest_ratings(found: list[Assessment]) -> dict[Milestone, Assessment]:
    """Each milestone's most recent assessment."""
    return {a.milestone: a for a in sorted(found, key=lambda a: (a.assessed_on, a.id or 0))}


# --- costs -------------------------------------------------------------------------------

def add_cost(psc: Psc, case_id: int, data: Mapping[str, Any], step_id: int | None = None
             ) -> Cost:
    """Record a cost of the placement; who pays follows the track's rule."""
    given = dict(data)
    with psc.program_write(CODE) as tx:
        on = structure({"placement_id": 0, "item": given.get("item"), "payer": "company",
                        "amount": given.get("amount"), "paid_on": given.get("paid_on")},
                       Cost).paid_on
        if on > psc.today():
            raise InvalidInput([Problem("$.paid_on", IN_FUTURE, {"day": on.isoformat()})])
        placement = placement_of(tx.conn, case_id, on, step_id)
        rule = RULES[placement.track]
        item = CostItem.of(str(given["item"]))
        payer = rule.payers.get(item)
        params = {"track": placement.track.label, "item": item.label}
        if payer is None:
            raise InvalidInput([Problem("$.item", NOT_ON_TRACK, params)])
        employed = enrollment_of(tx.conn, case_id, CODE).intake.get("employment_type")
        if item is CostItem.STIPEND and employed == "employment":
            raise InvalidInput([Problem("$.item", NO_STIPEND)])
        if given.get("payer") not in (None, payer.value):
            raise InvalidInput([Problem("$.payer", WRONG_PAYER, {**params, "payer": payer.label})])
        cost = structure({**given, "placement_id": placement.id, "payer": payer.value}, Cost)
        return tx.insert(jm_training_costs, cost,
                         person_id=person_of(tx.conn, placement).person_id)


def costs(conn: Connection, start: dt.date | None = None, end: dt.date | None = None,
          placement_ids: Iterable[int] | None = None) -> list[Cost]:
    c = jm_training_costs
    query = sa.select(c).order_by(c.c.paid_on, c.c.id)
    if start is not None and end is not None:
        query = query.where(c.c.paid_on.between(start, end))
    if placement_ids is not None:
        query = query.where(among(c.c.placement_id, placement_ids))
    return [from_row(r, Cost) for r in conn.execute(query)]


@attrs.frozen
class CostLine:
    """What one trainee's placement cost in a period, by who paid."""

    placement: Placement
    name: str
    organisation: int
    company: int


def cost_lines(conn: Connection, start: dt.date, end: dt.date) -> list[CostLine]:
    found = costs(conn, start, end)
    by_placement: dict[int, dict[Payer, int]] = {}
    for cost in found:
        totals = by_placement.setdefault(cost.placement_id, dict.fromkeys(Payer, 0))
        totals[cost.payer] += cost.amount
    chosen = [p for p in placements(conn) if p.id in by_placement]
    names = {p.enrollment_id: p.name for p in participants(
        conn, CODE, [p.enrollment_id for p in chosen])}
    return [CostLine(p, names[p.enrollment_id], by_placement[p.id or 0][Payer.ORGANISATION],
                     by_placement[p.id or 0][Payer.COMPANY]) for p in chosen]
