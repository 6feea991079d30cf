"""がん患者等就労支援 (program code ``cancer_reemployment``): the program object, registered through the
``cancer_reemployment`` entry point. A light module: what each method needs is imported on use."""

from __future__ import annotations

import datetime as dt
import random
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
    from sqlalchemy.engine import Connection

    from psccore import (
        AgendaItem,
        AgendaQuery,
        Enrollment,
        ProgramPage,
        Psc,
        Transaction,
    )

CODE = "cancer_reemployment"
LABEL = Label("がん患者等就労支援", "Cancer re-employment support")
DESCRIPTION = Label(
    "市立病院と協働し、がんに罹患した方の再就職・職場復帰・就労継続を伴走型で支援します。",
    "With the city hospital, accompanies people with cancer in finding work again, "
    "returning to work after sick leave, or keeping work during treatment.",
)

MENU = (
    SupportMenuItem(
        program=CODE, kind="reemployment", label=Label("再就職支援", "re-employment support"),
        description=Label("治療のため退職した方の再就職", "finding work after leaving it for treatment"),
    ),
    SupportMenuItem(
        program=CODE, kind="return_to_work", label=Label("職場復帰支援", "return-to-work support"),
        description=Label("休職からの復職", "returning to work after sick leave"),
    ),
    SupportMenuItem(
        program=CODE, kind="keep_working", label=Label("就労継続支援", "keep-working support"),
        description=Label("治療と仕事の両立・離職防止", "balancing treatment and work"),
    ),
    SupportMenuItem(
        program=CODE, kind="expert_referral",
        label=Label("専門家の紹介（社会保険労務士等）", "referral to an expert (labour consultant)"),
    ),
)

PARTICIPANTS = Label("利用者と就労の状況", "Participants and work")


class CancerReemployment(Program):
    """What the program adds to core, for its own enrollments and people."""

    def menu(self) -> tuple[SupportMenuItem, ...]:
        return MENU

    def report_sections(self) -> list[ReportSection]:
        return [ReportSection(key=CODE, title=LABEL, order=220,
                              build=on_use("psc_cancer_reemployment.report:report_rows"),
                              program=CODE)]

    def migrations(self) -> Migrations:
        return Migrations(branch=CODE, versions=Path(__file__).parent / "migrations",
                          metadata=on_use("psc_cancer_reemployment.tables:metadata"))

    def pages(self) -> list[ProgramPage]:
        """The web page: participants with their treatment (to those who may read it) and work."""
        from psccore import ProgramPage

        return [
            ProgramPage(path="participants", title=PARTICIPANTS, menu=True,
                        handler=on_use("psc_cancer_reemployment.web:participants")),
        ]

    def commands(self, cli: click.Group) -> None:
        from psc_cancer_reemployment.cli import register

        register(cli)

    def on_event(self, event: CaseEvent, tx: Transaction) -> None:
        enrollment = event.enrollment
        if event.kind is CaseEventKind.ENROLLED and enrollment is not None:
            from psc_cancer_reemployment.tables import cancer_reemployment_enrollments

            row = {"enrollment_id": enrollment.id, "track": enrollment.intake["track"],
                   "referral_date": dt.date.fromisoformat(enrollment.intake["referral_date"])}
            tx.insert_row(cancer_reemployment_enrollments, row, person_id=event.case.person_id)

    def agenda(self, query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
        from psc_cancer_reemployment.agenda import agenda_items

        return agenda_items(query, conn)

    def case_summary(self, enrollment: Enrollment, conn: Connection
                     ) -> Iterator[tuple[Label, object]]:
        from psc_cancer_reemployment.summary import case_summary

        return case_summary(enrollment, conn)

    def disclosure_items(self, person_id: int, category: str, conn: Connection,
                         case_ids: list[int], may_disclose: Callable[[int, str], bool]
                         ) -> Iterable[tuple[str, Label, object]]:
        if category != "health":  # everything this program knows is about health
            return ()
        from psc_cancer_reemployment.privacy import disclosure_items

        return disclosure_items(person_id, conn, may_disclose)

    def export_person(self, person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
        from psc_cancer_reemployment.privacy import export_person

        return export_person(person_id, conn)

    def erase_person(self, person_id: int, tx: Transaction) -> None:
        from psc_cancer_reemployment.privacy import erase_person

        erase_person(person_id, tx)

    def demo(self, psc: Psc, rng: random.Random, today: dt.date) -> None:
        from psc_cancer_reemployment.demo import load_people

        load_people(psc, rng, today)




PROGRAM = CancerReemployment(code=CODE, label=LABEL, description=DESCRIPTION,
                             intake="psc_cancer_reemployment.intake:CancerIntake",
                             example_intake=on_use("psc_cancer_reemployment.intake:example_intake"),
                             sensitive_participation=True,  # taking part reveals a diagnosis
                             consent_to_collect=True)


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(PROGRAM)
