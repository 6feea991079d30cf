"""*Today*: the staff member's agenda and open cases."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from psccore import AgendaQuery, CaseStatus
from psccore.web.serving import Ask, page


def today(ask: Ask) -> Response:
    me = ask.me
    day = me.today()
    staff_id = me.staff_id(ask.login or "") if me.my_grants().anywhere().roles else None
    items = me.agenda(AgendaQuery(today=day, staff_id=staff_id)) if staff_id else []
    mine = me.list_cases(status=CaseStatus.OPEN, limit=500,
                         assigned_staff_id=staff_id) if staff_id is not None else []
    return ask.render("today.html", day=day, items=items, cases=mine,
                      programs=me.programs)


ROUTES = [Route("/", page(today), methods=["GET"])]
