"""*Today*: the staff member's agenda (the soonest items, with how many there are) and
open cases."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from psccore import AgendaQuery, CaseStatus
from psccore.web.serving import Ask, page

#: Agenda items shown at first: a caseworker's day, not every case's (``?all=1`` for all).
SHOWN = 50


def today(ask: Ask) -> Response:
    me = ask.me
    day = me.today()
    staff_id = me.staff_id(ask.login or "") if me.my_grants().anywhere().roles else None
    everything = ask.request.query_params.get("all") == "1"
    items, total = [], 0
    if staff_id:
        found = me.agenda_page(AgendaQuery(today=day, staff_id=staff_id,
                                           limit=None if everything else SHOWN))
        items, total = found.items, found.total
    mine = me.list_cases(status=CaseStatus.OPEN, limit=500,
                         assigned_staff_id=staff_id) if staff_id is not None else []
    return ask.render("today.html", day=day, items=items, total=total, cases=mine,
                      programs=me.programs)


ROUTES = [Route("/", page(today), methods=["GET"])]
