"""The program's web pages: the milestones of every trainee, and of one case in detail;
read through the same functions as ``psc jm_training milestones``."""

from __future__ import annotations

from psc_jm_training import service
from psc_jm_training.milestones import due_by, training_month
from psc_jm_training.plugin import CODE, MILESTONES
from psccore import Label, PageContent, PageLink, PageRequest, PageTable


def milestones(request: PageRequest) -> PageContent:
    """Each placement: the trainee, the training month, and how many milestones due so
    far are achieved."""
    today = request.psc.today()
    with request.psc.program_read(CODE) as conn:
        found = service.placements(conn)
        people = {p.enrollment_id: p for p in request.psc.participants(CODE)}
        rows = []
        for placement in reversed(found):
            who = people.get(placement.enrollment_id)
            if who is None:
                continue
            latest = service.latest_ratings(service.assessments(conn, placement.id or 0))
            due = [m for m in due_by(placement.start_on, placement.end_on)
                   if m.from_month <= training_month(placement.start_on, today)]
            achieved = sum(1 for m in due if (a := latest.get(m)) and a.rating.value == "achieved")
            rows.append((PageLink(text=who.name, href=f"milestones/{who.case_id}"),
                         placement.track.label, placement.start_on.isoformat(),
                         placement.end_on.isoformat(),
                         training_month(placement.start_on, min(today, placement.end_on)),
                         f"{achieved}/{len(due)}"))
    table = PageTable(columns=(Label("訓練生", "trainee"), Label("区分", "track"),
                               Label("開始", "from"), Label("終了", "until"),
                               Label("訓練の月", "training month"),
                               Label("達成した目標／期限の来た目標", "achieved / due")),
                      rows=rows, empty=Label("実習・訓練はまだありません", "No placements yet"))
    return PageContent(title=MILESTONES, tables=(table,), lead=Label(
        "訓練生ごとに、その月までに取り組む目標のうち「できている」と評価された数です。",
        "For each trainee: how many of the milestones due by now are rated achieved."))


def case_milestones(request: PageRequest) -> PageContent:
    """One case's milestones month by month, each with its latest rating."""
    case_id = int(request.params["case_id"])
    with request.psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id)
        who = service.person_of(conn, placement)
        latest = service.latest_ratings(service.assessments(conn, placement.id or 0))
    rows = [(m.from_month, m.label, a.rating.label if a else "—",
             a.assessed_on.isoformat() if a else None, a.note if a else None)
            for m in due_by(placement.start_on, placement.end_on) for a in [latest.get(m)]]
    table = PageTable(columns=(Label("月", "month"), Label("目標", "milestone"),
                               Label("評価", "rating"), Label("評価日", "assessed on"),
                               Label("所見", "notes")), rows=rows)
    return PageContent(
        title=f"{request.text(MILESTONES)}: {who.name}", tables=(table,),
        lead=f"{request.text(placement.track.label)} {placement.start_on} – {placement.end_on}")
