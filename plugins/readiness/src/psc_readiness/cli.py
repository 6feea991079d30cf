"""``psc readiness …``: the program's group, its activities, and the commands of its
sessions, orders and progress."""

from __future__ import annotations

from typing import Any

import click

from psc_readiness.catalogue import Activity
from psc_readiness.cli_orders import order_group
from psc_readiness.cli_progress import attendance_command, stage_command
from psc_readiness.cli_sessions import (
    attend_command,
    import_command,
    session_group,
    timetable_command,
)
from psc_readiness.lookups import CODE
from psccore import program_group
from psccore.cli.kit import (
    T,
    emit_json,
    json_option,
    table,
)


def register(cli: click.Group) -> None:
    program = program_group(cli, CODE)

    @program.command(help=T("活動の一覧（いつもの時刻・場所・定員）",
                          "the activities, with their usual times, place and capacity"))
    @json_option
    def activities(as_json: bool) -> None:
        if as_json:
            emit_json([{"code": a.value, "label": a.label, "kind": a.usual.kind.value,
                        "setting": a.usual.setting.value, "capacity": a.usual.capacity}
                       for a in Activity])
            return
        table([T("コード", "code"), T("活動", "activity"), T("種類", "kind"), T("場所", "where"),
               T("午前", "morning"), T("午後", "afternoon"), T("定員", "capacity")],
              [(a.value, a.label, a.usual.kind.label, a.usual.setting.label,
                _times(a.usual.am), _times(a.usual.pm), a.usual.capacity) for a in Activity])

    program.add_command(session_group())
    program.add_command(timetable_command())
    program.add_command(import_command())
    program.add_command(attend_command())
    program.add_command(attendance_command())
    program.add_command(stage_command())
    program.add_command(order_group())


def _times(times: Any) -> str:
    if not times:
        return "-"
    return T(f"{times.start}–{times.end}（集合 {times.gather}）",
             f"{times.start}–{times.end} (gather {times.gather})")
