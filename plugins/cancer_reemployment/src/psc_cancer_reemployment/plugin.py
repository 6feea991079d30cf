"""Hook implementations of がん患者等就労支援 (program code ``cancer_reemployment``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psc_cancer_reemployment.intake import CancerIntake, LeaveStatus, SicknessAllowance, Track
from psc_cancer_reemployment.tables import cancer_reemployment_enrollments, metadata
from psccore import (
    CaseEvent,
    CaseEventKind,
    Label,
    Migrations,
    Program,
    SupportMenuItem,
    hookimpl,
    program_group,
)

if TYPE_CHECKING:
    from psccore.store.db import Transaction

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

DEPARTMENTS = ("仙台市立病院 腫瘍内科", "仙台市立病院 乳腺外科", "仙台市立病院 消化器内科",
               "仙台市立病院 血液内科", "仙台市立病院 がん相談支援センター")
TREATMENTS = ("外来で化学療法中（3週ごと）", "手術後、経過観察中", "放射線治療を終え、ホルモン療法を継続中",
              "入院治療を終え、月1回の通院")
EMPLOYERS = ("株式会社青葉ロジスティクス", "東北フーズ株式会社", "仙台中央サービス株式会社",
             "有限会社広瀬川印刷")


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible intake answers, as plain data (all names invented)."""
    track = rng.choice(list(Track))
    referred = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    treatment_end = referred + dt.timedelta(days=rng.randint(30, 365))
    employer, leave = {
        Track.REEMPLOYMENT: (None, None),
        Track.RETURN_TO_WORK: (rng.choice(EMPLOYERS), LeaveStatus.ON_LEAVE.value),
        Track.KEEP_WORKING: (rng.choice(EMPLOYERS),
                             rng.choice([LeaveStatus.REDUCED_DUTIES, LeaveStatus.WORKING]).value),
    }[track]
    return {
        "track": track.value,
        "referral_department": rng.choice(DEPARTMENTS),
        "referral_date": referred.isoformat(),
        "treatment_status": rng.choice(TREATMENTS),
        "expected_treatment_end": rng.choice([None, treatment_end.isoformat()]),
        "work_possible_from": (None if track is Track.KEEP_WORKING
                               else (treatment_end + dt.timedelta(days=30)).isoformat()),
        "current_employer": employer,
        "leave_status": leave,
        "sickness_allowance": rng.choice(list(SicknessAllowance)).value,
    }


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(Program(code=CODE, label=LABEL, description=DESCRIPTION, intake=CancerIntake,
                     eligibility=None, example_intake=example_intake,
                     sensitive_participation=True))  # taking part reveals a diagnosis


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
    program_group(cli, CODE)


@hookimpl
def psc_case_event(event: CaseEvent, tx: Transaction) -> None:
    enrollment = event.enrollment
    if event.kind is not CaseEventKind.ENROLLED or enrollment is None \
            or enrollment.program != CODE:
        return
    row = {"enrollment_id": enrollment.id, "track": enrollment.intake["track"],
           "referral_date": dt.date.fromisoformat(enrollment.intake["referral_date"])}
    tx.insert_row(cancer_reemployment_enrollments, row, person_id=event.case.person_id)
