"""株式会社JM就労訓練事業 (program code ``jm_training``): the program object, registered through the
``jm_training`` entry point. A light module: what each method needs is imported on use."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psccore import (
    CaseEvent,
    CaseEventKind,
    Label,
    Migrations,
    Problem,
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

CODE = "jm_training"
LABEL = Label("株式会社JM就労訓練事業", "JM training partnership")
DESCRIPTION = Label(
    "株式会社JMと連携した職業体験実習（5〜20日）、認定就労訓練（3〜6か月）、"
    "地域交流型訓練。入力スキル（基礎以上）が要件です。",
    "Internships (5–20 days), city-certified training (3–6 months) and regional exchange "
    "training with the company JM; trainees need at least basic data-entry skills.",
)


def _period_rule(track: str) -> Callable[[dt.date, dt.date | None], list[Problem]]:
    """The ``period_rule`` of the track coded ``track`` (its rules are imported when a
    plan is checked)."""
    def rule(start: dt.date, end: dt.date | None) -> list[Problem]:
        from psc_jm_training.intake import Track
        from psc_jm_training.tracks import rule_for

        return rule_for(Track.of(track))(start, end)

    return rule


MENU = (
    SupportMenuItem(
        program=CODE, kind="internship",
        label=Label("職業体験実習（JM社仙台営業所）", "internship (JM Sendai sales office)"),
        description=Label("5〜20日・1日5時間程度、費用・奨励金・保険はPSC負担",
                          "5–20 days, about 5 h/day; costs, stipend and insurance paid by PSC"),
        period_rule=_period_rule("internship"), typical_days=14,
    ),
    SupportMenuItem(
        program=CODE, kind="certified_training",
        label=Label("認定就労訓練（JM社仙台サービスセンター）",
                    "certified training (JM Sendai service center)"),
        description=Label("3〜6か月、雇用型または非雇用型",
                          "3–6 months, employment or non-employment type"),
        period_rule=_period_rule("certified_training"), typical_days=122,
    ),
    SupportMenuItem(
        program=CODE, kind="regional_training",
        label=Label("地域交流型訓練（JM社人材育成アカデミー）",
                    "regional exchange training (JM academy)"),
        description=Label("2週間・1・3・6か月、原則雇用型、旅費はJM社負担",
                          "2 weeks, 1, 3 or 6 months, employment type; travel paid by JM"),
        period_rule=_period_rule("regional_training"), typical_days=14,
    ),
)

MILESTONES = Label("月ごとの目標", "Milestones")


class JmTraining(Program):
    """What the program adds to core, for its own enrollments and people."""

    def menu(self) -> tuple[SupportMenuItem, ...]:
        return MENU

    def report_sections(self) -> list[ReportSection]:
        return [ReportSection(key=CODE, title=LABEL, order=210,
                              build=on_use("psc_jm_training.report:report_rows"),
                              program=CODE)]

    def migrations(self) -> Migrations:
        return Migrations(branch=CODE, versions=Path(__file__).parent / "migrations",
                          metadata=on_use("psc_jm_training.tables:metadata"))

    def pages(self) -> list[ProgramPage]:
        """The web pages: every trainee's milestones (a menu entry) and one case's in detail."""
        from psccore import ProgramPage

        return [
            ProgramPage(path="milestones", title=MILESTONES, menu=True,
                        handler=on_use("psc_jm_training.web:milestones")),
            ProgramPage(path="milestones/{case_id:int}", title=MILESTONES,
                        handler=on_use("psc_jm_training.web:case_milestones")),
        ]

    def commands(self, cli: click.Group) -> None:
        from psc_jm_training.cli import register

        register(cli)

    def on_event(self, event: CaseEvent, tx: Transaction) -> None:
        from psc_jm_training import service

        if event.kind is CaseEventKind.ENROLLED and event.enrollment is not None:
            from psc_jm_training.tables import jm_training_enrollments

            enrollment = event.enrollment
            row = {"enrollment_id": enrollment.id, "track": enrollment.intake["track"],
                   "employment_type": enrollment.intake.get("employment_type")}
            tx.insert_row(jm_training_enrollments, row, person_id=event.case.person_id)
        elif event.kind is CaseEventKind.STEP_STARTED:
            service.start_placement(event, tx)
        elif event.kind is CaseEventKind.STEP_ENDED:
            service.end_placement(event, tx)

    def agenda(self, query: AgendaQuery, conn: Connection) -> Iterator[AgendaItem]:
        from psc_jm_training.agenda import agenda_items

        return agenda_items(query, conn)

    def case_summary(self, enrollment: Enrollment, conn: Connection
                     ) -> Iterator[tuple[Label, object]]:
        from psc_jm_training.summary import case_summary
        from psccore import OfficeClock

        return case_summary(enrollment, conn, OfficeClock.from_env().today())  # the office's day

    def export_person(self, person_id: int, conn: Connection) -> Iterator[tuple[str, object]]:
        from psc_jm_training.privacy import export_person

        return export_person(person_id, conn)

    def erase_person(self, person_id: int, tx: Transaction) -> None:
        from psc_jm_training.privacy import erase_person

        erase_person(person_id, tx)

    def demo(self, psc: Psc, rng: random.Random, today: dt.date) -> None:
        from psc_jm_training.demo import load_trainees

        load_trainees(psc, rng, today)

    def follow_up_schedule(self, placement: str, start: dt.date, end: dt.date) -> list[Any]:
        """None from core's template: JM's own tasks (schedule.py) follow each placement
        from its step's start."""
        return []




PROGRAM = JmTraining(code=CODE, label=LABEL, description=DESCRIPTION,
                     intake="psc_jm_training.intake:JmTrainingIntake",
                     eligibility=on_use("psc_jm_training.intake:eligibility"),
                     example_intake=on_use("psc_jm_training.intake:example_intake"))


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(PROGRAM)
