"""Hook implementations of 児童養護施設等就業支援・アフターケア
(program code ``childcare_aftercare``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
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
    from sqlalchemy.engine import Connection

    from psccore import (
        AgendaItem,
        AgendaQuery,
        Enrollment,
        ProgramPage,
        Psc,
        Transaction,
    )

CODE = "childcare_aftercare"
LABEL = Label("児童養護施設等就業支援・アフターケア", "Care leavers' employment and aftercare")
DESCRIPTION = Label(
    "仙台市の児童養護施設等に入所中の児童・退所した方、里親委託児童等（概ね中学生〜25歳）への"
    "ソーシャルスキルトレーニング、就業支援、退所後のアフターケア。",
    "Social-skills training, employment support and aftercare for young people (about "
    "middle-school age to 25) in, or leaving, children's homes or foster care placed by Sendai.",
)

MENU = (
    SupportMenuItem(
        program=CODE, kind="sst", label=Label("ソーシャルスキルトレーニング", "social-skills training"),
        description=Label("SNS・インターネット、職業を考える、生活費・家計管理、ビジネスマナー",
                          "SNS and internet, thinking about jobs, budgeting, business manners"),
    ),
    SupportMenuItem(
        program=CODE, kind="employment_support", label=Label("就業支援", "employment support"),
    ),
    SupportMenuItem(
        program=CODE, kind="aftercare", label=Label("アフターケア", "aftercare"),
        description=Label("電話・来所相談、退所者サロン・交流会、情報提供、失業時の再就職支援",
                          "phone and in-person consultation, leavers' salon and events, "
                          "information, re-employment support"),
    ),
)

EVENTS = Label("アフターケアの行事", "Aftercare events")


class ChildcareAftercare(Program):
    """What the program adds to core, for its own enrollments and people."""

    def menu(self) -> tuple[SupportMenuItem, ...]:
        return MENU

    def report_sections(self) -> list[ReportSection]:
        return [ReportSection(key=CODE, title=LABEL, order=230,
                              build=on_use("psc_childcare_aftercare.report:report_rows"),
                              program=CODE)]

    def migrations(self) -> Migrations:
        return Migrations(branch=CODE, versions=Path(__file__).parent / "migrations",
                          metadata=on_use("psc_childcare_aftercare.tables:metadata"))

    def pages(self) -> list[ProgramPage]:
        """The web page: the salon and exchange events, SST sessions, and who came."""
        from psccore import ProgramPage

        return [
            ProgramPage(path="events", title=EVENTS, menu=True,
                        handler=on_use("psc_childcare_aftercare.web:events")),
        ]

    def commands(self, cli: click.Group) -> None:
        from psc_childcare_aftercare.cli import register

        register(cli)

    def on_event(self, event: CaseEvent, tx: Transaction) -> None:
        enrollment = event.enrollment
        if event.kind is CaseEventKind.ENROLLED and enrollment is not None:
            from psc_childcare_aftercare.service import on_enrolled

            left = enrollment.intake.get("left_care_on")
            on_enrolled(tx, enrollment.id or 0, event.case.person_id, enrollment.intake["status"],
                        dt.date.fromisoformat(left) if left else None, enrollment.enrolled_on)

    def agenda(self, query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
        from psc_childcare_aftercare.agenda import agenda_items

        return agenda_items(query, conn)

    def case_summary(self, enrollment: Enrollment, conn: Connection
                     ) -> Iterator[tuple[Label, object]]:
        from psc_childcare_aftercare.summary import case_summary

        return case_summary(enrollment, conn)

    def export_person(self, person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
        from psc_childcare_aftercare.privacy import export_person

        return export_person(person_id, conn)

    def erase_person(self, person_id: int, tx: Transaction) -> None:
        from psc_childcare_aftercare.privacy import erase_person

        erase_person(person_id, tx)

    def demo(self, psc: Psc, rng: random.Random, today: dt.date) -> None:
        from psc_childcare_aftercare.demo import load_aftercare

        load_aftercare(psc, rng, today)




PROGRAM = ChildcareAftercare(code=CODE, label=LABEL, description=DESCRIPTION,
                             intake="psc_childcare_aftercare.intake:AftercareIntake",
                             eligibility=on_use("psc_childcare_aftercare.intake:eligibility"),
                             example_intake=on_use("psc_childcare_aftercare.intake:example_intake"))


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(PROGRAM)
