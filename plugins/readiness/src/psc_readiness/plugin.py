"""就労準備支援事業 (program code ``readiness``): the program object, registered through
the ``readiness`` entry point. A light module: what each method needs is imported on use."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from psccore import (
    CaseEvent,
    CaseEventKind,
    Label,
    Migrations,
    Program,
    ReportSection,
    SupportMenuItem,
    hookimpl,
    on_use,
)

if TYPE_CHECKING:
    import datetime as dt
    import random

    from sqlalchemy.engine import Connection

    from psccore import (
        AgendaItem,
        AgendaQuery,
        Enrollment,
        ProgramPage,
        Psc,
        Transaction,
    )

CODE = "readiness"
LABEL = Label("就労準備支援事業", "Work readiness support")
DESCRIPTION = Label(
    "日常生活・社会生活・就労の自立に向けて、作業プログラムとスキルアップ講座で"
    "就労の準備を支援します（概ね6か月〜1年）。",
    "Prepares people for work through work programs and skill-up courses, towards "
    "daily-living, social-life and work autonomy (typically six months to a year).",
)

MENU = (
    SupportMenuItem(
        program=CODE, kind="work_program",
        label=Label("作業プログラム", "work program"),
        description=Label("施設内作業・ソーシャルファーム・ポスティング",
                          "in-facility piecework, social farm, posting"),
    ),
    SupportMenuItem(
        program=CODE, kind="skill_up",
        label=Label("スキルアッププログラム", "skill-up program"),
        description=Label("パソコン・就職活動・コミュニケーション・生活と健康・余暇",
                          "PC, job hunting, communication, life and health, leisure"),
    ),
    SupportMenuItem(
        program=CODE, kind="social_participation",
        label=Label("社会参加活動", "social participation"),
    ),
)

TIMETABLE = Label("プログラム予定表", "Timetable")
ATTENDANCE = Label("出欠の記録", "Attendance")


class Readiness(Program):
    """What the readiness program adds to core, for its own enrollments and people."""

    def menu(self) -> tuple[SupportMenuItem, ...]:
        return MENU

    def report_sections(self) -> list[ReportSection]:
        return [ReportSection(key=CODE, title=LABEL, order=200,
                              build=on_use("psc_readiness.report:report_rows"),
                              program=CODE)]

    def migrations(self) -> Migrations:
        return Migrations(branch=CODE, versions=Path(__file__).parent / "migrations",
                          metadata=on_use("psc_readiness.tables:metadata"))

    def pages(self) -> list[ProgramPage]:
        """The web pages: the month's timetable (a menu entry) and a session's attendance."""
        from psccore import ProgramPage

        return [
            ProgramPage(path="timetable", title=TIMETABLE, menu=True,
                        templates=Path(__file__).with_name("templates"),
                        handler=on_use("psc_readiness.web:timetable")),
            ProgramPage(path="sessions/{session_id:int}", title=ATTENDANCE, methods=("GET", "POST"),
                        templates=Path(__file__).with_name("templates"),
                        handler=on_use("psc_readiness.web:session")),
        ]

    def commands(self, cli: click.Group) -> None:
        from psc_readiness.cli import register

        register(cli)

    def on_event(self, event: CaseEvent, tx: Transaction) -> None:
        enrollment = event.enrollment
        if event.kind is CaseEventKind.ENROLLED and enrollment is not None:
            from psc_readiness.tables import readiness_enrollments

            row = {"enrollment_id": enrollment.id,
                   "autonomy_stage": enrollment.intake["autonomy_stage_at_start"]}
            tx.insert_row(readiness_enrollments, row, person_id=event.case.person_id)

    def agenda(self, query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
        from psc_readiness.agenda import agenda_items

        return agenda_items(query, conn)

    def case_summary(self, enrollment: Enrollment, conn: Connection
                     ) -> Iterator[tuple[Label, object]]:
        from psc_readiness.summary import case_summary

        return case_summary(enrollment, conn)

    def disclosure_items(self, person_id: int, category: str, conn: Connection,
                         case_ids: list[int], may_disclose: Callable[[int, str], bool]
                         ) -> Iterable[tuple[str, Label, object]]:
        if category != "program_participation":
            return ()
        from psc_readiness.privacy import disclosure_items

        return disclosure_items(person_id, conn, may_disclose)

    def export_person(self, person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
        from psc_readiness.privacy import export_person

        return export_person(person_id, conn)

    def erase_person(self, person_id: int, tx: Transaction) -> None:
        from psc_readiness.privacy import erase_person

        erase_person(person_id, tx)

    def demo(self, psc: Psc, rng: random.Random, today: dt.date) -> None:
        from psc_readiness.demo import load_month

        load_month(psc, rng, today)




PROGRAM = Readiness(code=CODE, label=LABEL, description=DESCRIPTION,
                    intake="psc_readiness.intake:ReadinessIntake",
                    example_intake=on_use("psc_readiness.intake:example_intake"))


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(PROGRAM)
