"""``psc readiness attendance|stage``: a participant's attendance and autonomy stage."""

from __future__ import annotations

import click

from psc_readiness.cli_sessions import Shown, _presence, month_range
from psc_readiness.intake import AutonomyStage
from psc_readiness.lookups import CODE
from psc_readiness.progress import attendance_of, progress_of, rate_of, review_stage
from psccore import enrollment_of
from psccore.cli.kit import (
    CASE,
    CodedChoice,
    T,
    command,
    current_psc,
    echo_ok,
    emit_json,
    json_option,
    parse_month,
    parse_on,
    record,
    table,
)


def attendance_command() -> click.Command:
    @command(name="attendance", help=T("ある人の出欠と出席率", "a participant's attendance and rate"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--month", help=T("この月だけ（2017-08）", "only this month (2017-08)"))
    @json_option
    def attendance(case_id: int, month: str | None, as_json: bool) -> None:
        start, end = month_range(*parse_month(month)) if month else (None, None)
        psc = current_psc()
        with psc.program_read(CODE) as conn:
            enrollment = enrollment_of(conn, case_id, CODE)
            lines = attendance_of(conn, enrollment.id or 0, start, end)
            steps = progress_of(conn, enrollment)
        rate = rate_of(lines)
        shown = Shown(psc.may_read_sensitive(CODE))
        if as_json:
            emit_json({"rate": rate.rate, "counts": rate, "stages": steps,
                       "sessions": [{"session": ln.session, **shown.attendance(ln.attendance)}
                                    for ln in lines]})
            return
        record([(T("出席率", "attendance rate"), rate.text()),
                (T("自立段階", "autonomy stage"), " → ".join(s.text() for s in steps))])
        click.echo()
        table([T("日付", "date"), T("午前・午後", "half"), T("活動", "activity"),
               T("出欠", "attendance"), T("理由", "reason"), T("記録", "note")],
              [(ln.session.held_on.isoformat(), ln.session.half.label, ln.session.activity.label,
                _presence(ln.attendance),
                shown.reason(ln.attendance), shown.note(ln.attendance)) for ln in lines])

    return attendance


def stage_command() -> click.Command:
    @command(name="stage", help=T("自立段階の見直しを記録します", "record a review of the autonomy stage"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.argument("stage", type=CodedChoice(AutonomyStage))
    @click.option("--on", help=T("見直し日（既定: 今日）", "reviewed on (default: today)"))
    @click.option("--note",
                  help=T("メモ", "note"))
    def stage(case_id: int, stage: str, on: str | None, note: str | None) -> None:
        steps = review_stage(current_psc(), case_id, stage, parse_on(on), note)
        echo_ok(" → ".join(s.text() for s in steps))

    return stage
