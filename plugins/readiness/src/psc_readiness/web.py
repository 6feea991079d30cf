"""The program's web pages: the month's timetable in the center's grid (様式-1) and a
session's attendance, recorded with a form. Reads and writes go through the same
functions as ``psc readiness timetable|session show|attend``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from psc_readiness.catalogue import Half
from psc_readiness.grid import Grid, build_grid, row_labels
from psc_readiness.lookups import CODE, get_session
from psc_readiness.plugin import ATTENDANCE, TIMETABLE
from psc_readiness.records import HEALTH_REASONS, AbsenceReason, Attendance, Presence
from psc_readiness.sessions import (
    attendance_counts,
    client_names,
    record_attendance,
    roster,
    sessions_between,
)
from psccore import (
    InvalidInput,
    Label,
    PageContent,
    PageLink,
    PageRequest,
    PageTable,
    Problem,
    ReportPeriod,
)

MONTH = re.compile(r"(\d{4})-(\d{1,2})")
CHOOSE_SOMEONE = Label("記録する参加者を選んでください", "choose whom to record")
NOT_A_NUMBER = Label("数字で入力してください", "must be a number")
WITHHELD = Label("（非表示）", "(withheld)")


def _month(request: PageRequest) -> tuple[int, int]:
    match = MONTH.fullmatch(request.value("month"))
    if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= 2100:
        return int(match[1]), int(match[2])
    today = request.psc.today()
    return today.year, today.month


def timetable(request: PageRequest) -> PageContent:
    """The month's grid (weeks × weekdays × morning and afternoon) and its sessions."""
    year, month = _month(request)
    period = ReportPeriod.month(year, month)
    with request.psc.program_read(CODE) as conn:
        sessions = sessions_between(conn, period.start, period.end)
        clients = client_names(conn, {s.work_order_id for s in sessions if s.work_order_id})
        came = attendance_counts(conn, [s.id or 0 for s in sessions])
    grid = build_grid(year, month, sessions, clients)
    listing = PageTable(
        caption=Label("セッション（出欠の記録へ）", "Sessions (to record attendance)"),
        columns=(Label("日付", "date"), Label("午前・午後", "half"), Label("活動", "activity"),
                 Label("時刻", "time"), Label("出席／定員", "came / capacity"),
                 Label("中止", "cancelled")),
        rows=[(s.held_on.isoformat(), s.half.label,
               PageLink(text=request.text(s.activity.label), href=f"sessions/{s.id}"),
               f"{s.starts_at}–{s.ends_at}", f"{came.get(s.id or 0, 0)}/{s.capacity}",
               s.cancelled_reason) for s in sessions],
        empty=Label("この月のセッションはまだありません", "No sessions this month yet"))
    before = period.start - dt.timedelta(days=1)
    after = period.end + dt.timedelta(days=1)
    return PageContent(
        title=f"{period.label.text(request.lang)} {request.text(TIMETABLE)}",
        template="readiness_timetable.html", tables=(listing,),
        context={"weeks": _weeks(grid), "month": f"{year:04d}-{month:02d}",
                 "before": f"{before.year:04d}-{before.month:02d}",
                 "after": f"{after.year:04d}-{after.month:02d}"})


def _weeks(grid: Grid) -> list[dict[str, Any]]:
    """Each week's headings and rows, as the template shows them."""
    labels = row_labels()
    weeks = []
    for week in grid.weeks:
        rows = []
        for half, column, label in labels:
            cells = ["" if day is None else (" ".join(day.notes) if half is None or column is None
                                             else "・".join(day.cell(half, column)))
                     for day in week.days]
            rows.append({"label": label, "cells": cells, "notes": half is None,
                         "pm": half is Half.PM})
        weeks.append({"days": [(day.heading() if day else "", bool(day and day.holiday))
                               for day in week.days], "rows": rows})
    return weeks


def session(request: PageRequest) -> PageContent:
    """A session's participants and the form recording who came (all or nothing)."""
    session_id = int(request.params["session_id"])
    errors: dict[str, list[str]] = {}
    if request.posted:
        try:
            _record(request, session_id)
            return PageContent(title="", redirect=f"sessions/{session_id}")
        except InvalidInput as wrong:
            errors = request.errors(wrong.problems)
    psc = request.psc
    with psc.program_read(CODE) as conn:
        found = get_session(conn, session_id)
        people = roster(conn, session_id)
    recorded = {p.case_id for p, _ in people}
    candidates = [p for p in psc.participants(CODE) if p.active_on(found.held_on)]
    sensitive = psc.may_read_sensitive(CODE)
    shown = PageTable(
        caption=Label("記録済みの出欠", "Recorded"),
        columns=(Label("ケース", "case"), Label("氏名", "name"), Label("出欠", "attendance"),
                 Label("理由", "reason"), Label("記録", "note")),
        rows=[(PageLink(text=f"#{p.case_id}", href=f"/cases/{p.case_id}"), p.name,
               _presence(request, a), _reason(a, sensitive), _note(a, sensitive))
              for p, a in people],
        empty=Label("まだ記録はありません", "Nothing recorded yet"))
    title = (f"{found.held_on.isoformat()} {request.text(found.half.label)} "
             f"{request.text(found.activity.label)}")
    return PageContent(
        title=f"{request.text(ATTENDANCE)}: {title}", tables=(shown,),
        template="readiness_session.html", status=400 if errors else 200,
        lead=f"{found.place} {found.starts_at}–{found.ends_at}",
        context={"session": found, "candidates": candidates, "recorded": recorded,
                 "presences": [(p.value, request.text(p.label)) for p in Presence],
                 "reasons": [(r.value, request.text(r.label)) for r in AbsenceReason],
                 "errors": errors, "posted": request.form or {},
                 "future": found.held_on > psc.today()})


def _record(request: PageRequest, session_id: int) -> None:
    cases = [int(v) for v in request.values("case") if v.isdigit() and len(v) < 10]
    minutes = request.value("minutes_late")
    problems = []
    if not cases:
        problems.append(Problem("$.case", CHOOSE_SOMEONE))
    if minutes and not minutes.isdigit():
        problems.append(Problem("$.minutes_late", NOT_A_NUMBER))
    if problems:
        raise InvalidInput(problems)
    record_attendance(request.psc, session_id, cases, request.value("presence"),
                      request.value("reason") or None,
                      int(minutes) if minutes else None, request.value("note") or None)


def _presence(request: PageRequest, record: Attendance) -> str:
    late = request.t(f" {record.minutes_late}分", f" {record.minutes_late} min") \
        if record.minutes_late else ""
    return request.text(record.presence.label) + late


def _reason(record: Attendance, sensitive: bool) -> Label | None:
    """A reason about health only to staff who may read sensitive data."""
    if record.reason in HEALTH_REASONS and not sensitive:
        return WITHHELD
    return record.reason.label if record.reason else None


def _note(record: Attendance, sensitive: bool) -> Label | str | None:
    return record.note if sensitive or not record.note else WITHHELD
