"""The program's lines of the case view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy.engine import Connection

from psc_jm_training import service
from psc_jm_training.milestones import Rating, training_month
from psccore import (
    Enrollment,
    Label,
)


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
