"""Hook implementations of 児童養護施設等就業支援・アフターケア
(program code ``childcare_aftercare``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psc_childcare_aftercare.intake import AftercareIntake, CareStatus
from psc_childcare_aftercare.tables import childcare_aftercare_enrollments, metadata
from psccore import (
    CaseEvent,
    CaseEventKind,
    Label,
    Migrations,
    Person,
    Problem,
    Program,
    SupportMenuItem,
    hookimpl,
    program_group,
)
from psccore.dates import age_on

if TYPE_CHECKING:
    from psccore.store.db import Transaction

CODE = "childcare_aftercare"
LABEL = Label("児童養護施設等就業支援・アフターケア", "Care leavers' employment and aftercare")
DESCRIPTION = Label(
    "仙台市の児童養護施設等に入所中の児童・退所した方、里親委託児童等（概ね中学生〜25歳）への"
    "ソーシャルスキルトレーニング、就業支援、退所後のアフターケア。",
    "Social-skills training, employment support and aftercare for young people (about "
    "middle-school age to 25) in, or leaving, children's homes or foster care placed by Sendai.",
)

#: Ages served, inclusive, on the intake date: roughly middle-school age to 25.
YOUNGEST, OLDEST = 12, 25

BIRTH_DATE_NEEDED = Label(
    "対象年齢を確認するため生年月日が必要です",
    "a birth date is needed to check the eligible ages",
)
OUTSIDE_AGES = Label(
    "対象年齢（12〜25歳）の範囲外です（{age}歳）",
    "outside the eligible ages 12–25 (age {age})",
)
NOT_PLACED_BY_CITY = Label(
    "仙台市による措置・委託の方が対象です",
    "the program serves young people placed by the city of Sendai",
)
LEFT_AFTER_INTAKE = Label(
    "退所日が受付日（{on}）より後です",
    "is after the intake date ({on})",
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

HOMES = ("児童養護施設 青葉の家", "児童養護施設 広瀬ホーム", "ファミリーホーム 杜の家",
         "里親家庭（泉区）", "里親家庭（太白区）")


def eligibility(person: Person, intake: AftercareIntake, on: dt.date) -> Iterable[Problem]:
    """Ages 12–25 on the intake date, placed by the city, not leaving after the intake."""
    if person.birth_date is None:
        yield Problem("$.birth_date", BIRTH_DATE_NEEDED)
    else:
        age = age_on(person.birth_date, on)
        if not YOUNGEST <= age <= OLDEST:
            yield Problem("$.birth_date", OUTSIDE_AGES, {"age": age})
    if not intake.placed_by_city:
        yield Problem("$.placed_by_city", NOT_PLACED_BY_CITY)
    if intake.left_care_on is not None and intake.left_care_on > on:
        yield Problem("$.left_care_on", LEFT_AFTER_INTAKE, {"on": on.isoformat()})


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible intake answers, as plain data (all names invented)."""
    status = rng.choice(list(CareStatus))
    left = None
    if status is CareStatus.LEFT_CARE:
        left = dt.date(rng.randint(2019, 2023), 3, rng.randint(20, 31)).isoformat()
    contact = rng.choice([None, f"施設長 022-{rng.randint(200, 399)}-{rng.randint(1000, 9999)}"])
    return {
        "status": status.value,
        "left_care_on": left,
        "home_or_foster_family": rng.choice(HOMES),
        "placed_by_city": True,
        "guardian_contact": contact,
    }


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(Program(code=CODE, label=LABEL, description=DESCRIPTION, intake=AftercareIntake,
                     eligibility=eligibility, example_intake=example_intake))


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
    left = enrollment.intake.get("left_care_on")
    row = {"enrollment_id": enrollment.id, "status": enrollment.intake["status"],
           "left_care_on": dt.date.fromisoformat(left) if left else None}
    table = childcare_aftercare_enrollments
    tx.insert_row(table, row, person_id=event.case.person_id)
