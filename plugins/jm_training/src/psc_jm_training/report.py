"""The program's section of period reports."""

from __future__ import annotations

import datetime as dt

from psc_jm_training import service
from psc_jm_training.intake import Track
from psc_jm_training.records import Outcome
from psc_jm_training.tracks import Payer
from psccore import (
    ReportPeriod,
    ReportQuery,
    ReportRow,
)

CODE = service.CODE


def report_rows(query: ReportQuery, period: ReportPeriod) -> list[ReportRow]:
    """Trainees per track, completions, jobs, and costs by who paid (docs/reports.md).
    For some offices, a trainee counts for the office holding the case on the training's
    first day in the period, an ending, a job or a cost for the one holding it that day."""
    people = {p.enrollment_id: p for p in query.participants(CODE)}
    placements = service.placements(query.conn, list(people))
    during = [p for p in placements
              if p.start_on <= period.end and (p.ended_on or p.end_on) >= period.start]
    chosen = [p for p in during
              if query.holds(people[p.enrollment_id].case_id, max(p.start_on, period.start))]
    rows = [_row(f"{t.label.ja}の訓練生", f"trainees: {t.label.en}",
                 len({p.enrollment_id for p in chosen if p.track is t})) for t in Track]
    ended = [p for p in placements if p.ended_on is not None and p.ended_on in period
             and query.holds(people[p.enrollment_id].case_id, p.ended_on)]
    rows.append(_row("修了した人", "completed", len({p.enrollment_id for p in ended
                                                  if p.outcome is Outcome.COMPLETED})))
    rows.append(_row("途中で終了した人", "stopped early",
                     len({p.enrollment_id for p in ended if p.outcome is Outcome.CANCELLED})))
    began: dict[int, dt.date] = {}  # case → when its first training of the period began
    for p in during:  # a job counts for the office holding the case on its first day
        case_id = people[p.enrollment_id].case_id
        began[case_id] = min(began.get(case_id, p.start_on), p.start_on)
    jobs = [j for j in query.placements(began) if j.kind == "employment"
            and j.start_on >= began[j.case_id]]  # a job after the training, not before
    rows.append(_row("就職した人", "found work", len({j.person_id for j in jobs})))
    costs = service.costs(query.conn, period.start, period.end)
    if query.by_office:  # a cost counts for the office holding the trainee's case that day
        case = {p.id: people[p.enrollment_id].case_id for p in placements}
        costs = [c for c in costs
                 if c.placement_id in case and query.holds(case[c.placement_id], c.paid_on)]
    for payer in Payer:
        rows.append(_row(f"費用（{payer.label.ja}負担、円）", f"costs paid by {payer.label.en} (yen)",
                         sum(c.amount for c in costs if c.payer is payer)))
    return rows


_row = ReportRow.of  # keyed by the English label
