"""Hook implementations of 就労準備支援事業 (program code ``readiness``)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psc_readiness.catalogue import Activity
from psc_readiness.intake import (
    AutonomyStage,
    DailyRhythm,
    ReadinessIntake,
    ReferralRoute,
)
from psc_readiness.tables import metadata, readiness_enrollments
from psccore import (
    CaseEvent,
    CaseEventKind,
    Label,
    Migrations,
    Program,
    ReportSection,
    SupportMenuItem,
    hookimpl,
)

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.engine import Connection

    from psccore import AgendaItem, AgendaQuery, Enrollment, Psc, Transaction

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

GOALS = (
    "毎朝決まった時間に起き、週3日プログラムに通う",
    "作業プログラムで半日の作業を続けられるようになる",
    "パソコンの基本操作を身につけ、履歴書を作成する",
    "職業体験実習に参加し、働く自信をつける",
)


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible intake answers, as plain data."""
    return {
        "referral_route": rng.choice(list(ReferralRoute)).value,
        "daily_rhythm": rng.choice(list(DailyRhythm)).value,
        "goals_for_period": rng.choice(GOALS),
        "autonomy_stage_at_start": rng.choice(list(AutonomyStage)).value,
        "preferred_activities": [a.value for a in rng.sample(list(Activity), rng.randint(0, 3))],
    }


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(Program(code=CODE, label=LABEL, description=DESCRIPTION, intake=ReadinessIntake,
                     eligibility=None, example_intake=example_intake))


@hookimpl
def psc_support_menu(register: Callable[[SupportMenuItem], None]) -> None:
    for item in MENU:
        register(item)


@hookimpl
def psc_migrations(register: Callable[[Migrations], None]) -> None:
    register(Migrations(branch=CODE, versions=Path(__file__).parent / "migrations",
                        metadata=metadata))


@hookimpl
def psc_register_commands(cli: click.Group) -> None:
    from psc_readiness.cli import register

    register(cli)


@hookimpl
def psc_case_event(event: CaseEvent, tx: Transaction) -> None:
    enrollment = event.enrollment
    if event.kind is not CaseEventKind.ENROLLED or enrollment is None \
            or enrollment.program != CODE:
        return
    row = {"enrollment_id": enrollment.id,
           "autonomy_stage": enrollment.intake["autonomy_stage_at_start"]}
    tx.insert_row(readiness_enrollments, row, person_id=event.case.person_id)


@hookimpl
def psc_agenda(query: AgendaQuery, conn: Connection,
               register: Callable[[AgendaItem], None]) -> None:
    from psc_readiness.hooks import agenda_items

    for item in agenda_items(query, conn):
        register(item)


@hookimpl
def psc_case_summary(enrollment: Enrollment, conn: Connection,
                     register: Callable[[Label, object], None]) -> None:
    if enrollment.program == CODE:
        from psc_readiness.hooks import case_summary

        for label, value in case_summary(enrollment, conn):
            register(label, value)


@hookimpl
def psc_report_sections(register: Callable[[ReportSection], None]) -> None:
    from psc_readiness.hooks import report_rows

    register(ReportSection(key=CODE, title=LABEL, build=report_rows, order=200, program=CODE))


@hookimpl
def psc_disclosure_items(person_id: int, category: str, conn: Connection,
                         register: Callable[[str, Label, object], None],
                         may_disclose: Callable[[int, str], bool]) -> None:
    if category == "program_participation":
        from psc_readiness.hooks import disclosure_items

        for key, label, value in disclosure_items(person_id, conn, may_disclose):
            register(key, label, value)


@hookimpl
def psc_export_person(person_id: int, conn: Connection,
                      register: Callable[[str, object], None]) -> None:
    from psc_readiness.hooks import export_person

    for key, data in export_person(person_id, conn):
        register(key, data)


@hookimpl
def psc_erase_person(person_id: int, tx: Transaction) -> None:
    from psc_readiness.hooks import erase_person

    erase_person(person_id, tx)


@hookimpl
def psc_demo(psc: Psc, rng: random.Random, today: dt.date) -> None:
    from psc_readiness.demo import load_month

    load_month(psc, rng, today)
