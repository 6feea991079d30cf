"""Reports to the coordination meeting (支援調整会議): periodic, final, re-plan and
employment reports, written from the records and kept on the case."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_jm_training import service
from psc_jm_training.intake import Track
from psc_jm_training.milestones import Rating, due_by, training_month
from psc_jm_training.records import Placement, Report, ReportKind, Task
from psc_jm_training.tables import jm_training_reports
from psccore import InvalidInput, Label, Problem, Psc, from_row

NOT_ENDED = Label("訓練が終わってから作成します（終了予定 {end}）。先にステップを終了してください",
                  "made once the placement has ended (planned end {end}); end the step first")
NO_JOB = Label("ケース {case} には就労の記録がありません（psc employment add）",
               "case {case} has no job recorded (psc employment add)")
BEFORE_START = Label("実習・訓練の開始（{start}）より前です",
                     "is before the placement began ({start})")
NOTE_NEEDED = Label("課題と見直しの提案を --note で書いてください",
                    "write the issues and the proposed changes with --note")

HEAD = Label("支援調整会議 {kind}（{on}）", "Coordination meeting: {kind} ({on})")
WHO = Label("訓練生: {name}（ケース {case}）", "Trainee: {name} (case {case})")
TRACK = Label("区分: {track} {start}〜{end}（{month}か月目）", "Track: {track}, {start} to {end} "
              "(month {month})")
PERIOD = Label("対象期間: {start}〜{end}", "Period: {start} to {end}")
GOALS = Label("■ 目標の状況（{achieved}／{total} できている）",
              "■ Milestones ({achieved} of {total} achieved)")
NOT_ASSESSED = Label("未評価", "not assessed")
RATED = Label("{rating}（{on}）", "{rating} ({on})")
SUPPORT = Label("■ 支援の実施", "■ Support given")
LATE = Label("（期限切れ）", " (LATE)")
PENDING = Label("予定", "due")
DONE = Label("済", "done")
ISSUES = Label("■ 課題", "■ Issues")
NO_ISSUES = Label("特になし", "none")
PLAN = Label("■ 所見・今後の方針", "■ Findings and next steps")
OUTCOME = Label("■ 結果: {outcome}（{on}）", "■ Outcome: {outcome} ({on})")
JOB = Label("■ 就労: {employer} {start}から（{type}）", "■ Job: {employer} from {start} ({type})")


def make_report(psc: Psc, case_id: int, kind: str, on: dt.date | None = None,
                note: str | None = None, step_id: int | None = None,
                today: dt.date | None = None) -> Report:
    """Write the report from the records, keep it, and note it on the case."""
    today = today or psc.today()
    on = on or today
    chosen = ReportKind.of(kind)
    with psc.program_write("jm_training") as tx:
        placement = service.placement_of(tx.conn, case_id, None, step_id)
        who = service.person_of(tx.conn, placement)
        start = _since(tx.conn, placement, chosen)
        _check_on(on, start, placement, chosen, today)
        lines = _lines(psc, tx.conn, placement, chosen, start, on, note, who.name, case_id)
        record = psc.add_record(case_id, {"on": on, "kind": "meeting", "step_id": placement.step_id,
                                          "summary": f"{chosen.label.ja}を作成（{start}〜{on}）"})
        report = Report(placement_id=placement.id or 0, kind=chosen, made_on=on,
                        period_start=start, period_end=on, text="\n".join(lines),
                        record_id=record.id, staff_id=record.staff_id)
        return tx.insert(jm_training_reports, report, person_id=who.person_id)


def reports_of(conn: Connection, placement_id: int) -> list[Report]:
    r = jm_training_reports
    return [from_row(row, Report) for row in conn.execute(
        sa.select(r).where(r.c.placement_id == placement_id).order_by(r.c.made_on, r.c.id))]


def _check_on(on: dt.date, start: dt.date, placement: Placement, kind: ReportKind,
              today: dt.date) -> None:
    """A report is made on a day that has come, within or after the placement, and a
    periodic one after the period of the one before."""
    if on > today:
        raise InvalidInput([Problem("$.on", service.IN_FUTURE, {"day": on.isoformat()})])
    if on < placement.start_on:
        raise InvalidInput([Problem("$.on", BEFORE_START, {"start": placement.start_on})])
    if kind is ReportKind.PERIODIC and on < start:
        raise InvalidInput([Problem("$.on", service.PERIOD_BACKWARDS, {
            "end": start - dt.timedelta(days=1)})])


def _since(conn: Connection, placement: Placement, kind: ReportKind) -> dt.date:
    """A periodic report covers the time since the last one; the others, the whole."""
    earlier = [r for r in reports_of(conn, placement.id or 0) if r.kind is kind]
    if kind is ReportKind.PERIODIC and earlier:
        return earlier[-1].period_end + dt.timedelta(days=1)
    return placement.start_on


def _lines(psc: Psc, conn: Connection, placement: Placement, kind: ReportKind,
           start: dt.date, on: dt.date, note: str | None, name: str, case_id: int) -> list[str]:
    if kind is ReportKind.FINAL and placement.ended_on is None:
        raise InvalidInput([Problem("$.kind", NOT_ENDED, {"end": placement.end_on})])
    if kind is ReportKind.REPLAN and not note:
        raise InvalidInput([Problem("$.note", NOTE_NEEDED)])
    end = placement.ended_on or placement.end_on
    lines = [HEAD.format(kind=kind.label, on=on), WHO.format(name=name, case=case_id),
             TRACK.format(track=Track.of(placement.track.value).label, start=placement.start_on,
                          end=end, month=training_month(placement.start_on, min(on, end))),
             PERIOD.format(start=start, end=on), ""]
    lines += [*_goals(conn, placement, on), "", *_support(conn, placement, start, on, kind)]
    if kind is ReportKind.REPLAN:
        lines += ["", ISSUES.text(), *(_issues(conn, placement, on) or [NO_ISSUES.text()])]
    if kind is ReportKind.FINAL and placement.outcome is not None:
        lines += ["", OUTCOME.format(outcome=placement.outcome.label, on=placement.ended_on)]
    if kind is ReportKind.EMPLOYMENT:
        lines += ["", _job(psc, case_id)]
    return [*lines, "", PLAN.text(), note or "-"]


def _goals(conn: Connection, placement: Placement, on: dt.date) -> list[str]:
    reached = due_by(placement.start_on, min(on, placement.ended_on or placement.end_on))
    latest = service.latest_ratings([a for a in service.assessments(conn, placement.id or 0)
                                     if a.assessed_on <= on])
    achieved = sum(1 for m in reached if m in latest and latest[m].rating is Rating.ACHIEVED)
    lines = [GOALS.format(achieved=achieved, total=len(reached))]
    for milestone in reached:
        found = latest.get(milestone)
        state = RATED.format(rating=found.rating.label, on=found.assessed_on) + \
            (f" {found.note}" if found.note else "") if found else NOT_ASSESSED.text()
        lines.append(f"  - {milestone.label.text()}: {state}")
    return lines


def _support(conn: Connection, placement: Placement, start: dt.date, on: dt.date,
             kind: ReportKind) -> list[str]:
    tasks = [t for t in service.tasks_of(conn, placement.id or 0) if not t.cancelled
             and (kind is not ReportKind.PERIODIC or start <= t.due_on <= on
                  or (t.done_on is not None and start <= t.done_on <= on)
                  or (t.done_on is None and t.due_on < on))]
    return [SUPPORT.text(), *(_task_line(t, on) for t in tasks)]


def _task_line(task: Task, on: dt.date) -> str:
    if task.done_on is not None and task.done_on <= on:
        return f"  - {task.kind.label.text()} {task.done_on} {DONE.text()}" + \
            (f": {task.note}" if task.note else "")
    late = LATE.text() if task.due_on < on else ""
    return f"  - {task.kind.label.text()} {task.due_on} {PENDING.text()}{late}"


def _issues(conn: Connection, placement: Placement, on: dt.date) -> list[str]:
    """Milestones of the months reached not yet achieved (or not assessed), and late tasks."""
    latest = service.latest_ratings([a for a in service.assessments(conn, placement.id or 0)
                                     if a.assessed_on <= on])
    reached = due_by(placement.start_on, min(on, placement.ended_on or placement.end_on))
    lines = []
    for milestone in reached:
        found = latest.get(milestone)
        if found is None:
            lines.append(f"  - {milestone.label.text()}: {NOT_ASSESSED.text()}")
        elif found.rating is not Rating.ACHIEVED:
            lines.append(f"  - {milestone.label.text()}: {found.rating.label.text()}"
                         + (f"（{found.note}）" if found.note else ""))
    lines += [_task_line(t, on) for t in service.pending_tasks(conn, [placement.id or 0])
              if t.due_on < on]
    return lines


def _job(psc: Psc, case_id: int) -> str:
    jobs = psc.placements_of(case_id).employments
    if not jobs:
        raise InvalidInput([Problem("$.case", NO_JOB, {"case": case_id})])
    job = jobs[-1]
    employer = job.employer_name or (psc.get_employer(job.employer_id).employer.name
                                     if job.employer_id else "-")
    return JOB.format(employer=employer, start=job.start_on, type=job.employment_type.label)
