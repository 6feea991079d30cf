"""The program's web page: the aftercare events (leavers' salon, exchange events) and
SST sessions, latest first, with who came."""

from __future__ import annotations

import sqlalchemy as sa

from psc_childcare_aftercare.plugin import EVENTS
from psc_childcare_aftercare.service import CODE, EventKind, SstTopic
from psc_childcare_aftercare.tables import childcare_aftercare_attendance as attendance_t
from psc_childcare_aftercare.tables import childcare_aftercare_events as events_t
from psc_childcare_aftercare.tables import childcare_aftercare_sst_sessions as sst_t
from psccore import Coded, Label, PageContent, PageRequest, PageTable

SHOWN = 100  # the latest events and sessions


def events(request: PageRequest) -> PageContent:
    """The latest events and SST sessions, each with its participants by name."""
    psc = request.psc
    names = {p.enrollment_id: p.name for p in psc.participants(CODE)}
    with psc.program_read(CODE) as conn:
        held = conn.execute(sa.select(events_t).order_by(events_t.c.held_on.desc(),
                                                         events_t.c.id.desc()).limit(SHOWN)).all()
        sst = conn.execute(sa.select(sst_t).order_by(sst_t.c.held_on.desc(),
                                                     sst_t.c.id.desc()).limit(SHOWN)).all()
        came = conn.execute(sa.select(attendance_t.c.enrollment_id, attendance_t.c.event_id,
                                      attendance_t.c.sst_session_id)).all()
    at_event: dict[int, list[str]] = {}
    at_sst: dict[int, list[str]] = {}
    for row in came:
        name = names.get(row.enrollment_id, "")
        if row.event_id is not None:
            at_event.setdefault(row.event_id, []).append(name)
        if row.sst_session_id is not None:
            at_sst.setdefault(row.sst_session_id, []).append(name)
    return PageContent(title=EVENTS, tables=(
        PageTable(caption=Label("退所者サロン・交流会", "Leavers' salon and exchange events"),
                  columns=(Label("日付", "date"), Label("種類", "kind"), Label("名称", "title"),
                           Label("参加者", "who came")),
                  rows=[(e.held_on.isoformat(), _label(EventKind, e.kind), e.title,
                         _who(at_event.get(e.id, []))) for e in held],
                  empty=Label("行事の記録はまだありません", "No events recorded yet")),
        PageTable(caption=Label("ソーシャルスキルトレーニング", "Social skills training"),
                  columns=(Label("日付", "date"), Label("テーマ", "topic"), Label("場所", "place"),
                           Label("参加者", "who came")),
                  rows=[(s.held_on.isoformat(), _label(SstTopic, s.topic), s.place,
                         _who(at_sst.get(s.id, []))) for s in sst],
                  empty=Label("SSTの記録はまだありません", "No SST sessions recorded yet")),
    ))


def _label(coded: type[Coded], value: str) -> object:
    found = {member.value: member.label for member in coded}
    return found.get(value, value)


def _who(names: list[str]) -> str:
    return f"{len(names)}: " + "、".join(sorted(names)) if names else "0"
