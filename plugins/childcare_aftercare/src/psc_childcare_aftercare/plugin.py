"""Hook implementations of 児童養護施設等就業支援・アフターケア
(program code ``childcare_aftercare``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from psc_childcare_aftercare.intake import AftercareIntake, CareStatus, ConsentGiver
from psccore import (
    CaseEvent,
    CaseEventKind,
    Label,
    Migrations,
    Person,
    Problem,
    Program,
    ProgramPage,
    ReportSection,
    SupportMenuItem,
    age_on,
    hookimpl,
    on_use,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from psccore import (
        AgendaItem,
        AgendaQuery,
        Enrollment,
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


GUARDIAN_CONTACT = Label("18歳未満の方は保護者・施設の連絡先が必要です",
                         "a guardian's or home's contact is needed under 18")
CONSENT_FOR_AGE = Label("{age}歳の方の同意は「{needed}」です", "at {age}, consent is given by: {needed}")


def _consent_for_age(intake: AftercareIntake, age: int) -> Iterable[Problem]:
    """Under 15 the guardian agrees (with the child if possible); 15–17 both; adults
    themselves (with the guardian if they wish)."""
    needed = ((ConsentGiver.GUARDIAN, ConsentGiver.BOTH) if age < 15
              else (ConsentGiver.BOTH,) if age < 18 else (ConsentGiver.SELF, ConsentGiver.BOTH))
    if intake.consent_given_by not in needed:
        yield Problem("$.consent_given_by", CONSENT_FOR_AGE, {
            "age": age, "needed": " / ".join(n.label.text() for n in needed)})
    if age < 18 and not (intake.guardian_contact or "").strip():
        yield Problem("$.guardian_contact", GUARDIAN_CONTACT)


def eligibility(person: Person, intake: AftercareIntake, on: dt.date) -> Iterable[Problem]:
    """Ages 12–25 on the intake date, placed by the city, not leaving after the intake."""
    if person.birth_date is None:
        yield Problem("$.birth_date", BIRTH_DATE_NEEDED)
    else:
        age = age_on(person.birth_date, on)
        if not YOUNGEST <= age <= OLDEST:
            yield Problem("$.birth_date", OUTSIDE_AGES, {"age": age})
        yield from _consent_for_age(intake, age)
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
    contact = f"施設長 022-{rng.randint(200, 399)}-{rng.randint(1000, 9999)}"
    return {
        "status": status.value,
        "left_care_on": left,
        "home_or_foster_family": rng.choice(HOMES),
        "placed_by_city": True,
        "guardian_contact": contact,
        "consent_given_by": ConsentGiver.BOTH.value,
    }


EVENTS = Label("アフターケアの行事", "Aftercare events")
#: the web page: the salon and exchange events, SST sessions, and who came
PAGES = [
    ProgramPage(path="events", title=EVENTS, menu=True,
                handler=on_use("psc_childcare_aftercare.web:events")),
]


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
        return PAGES

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




PROGRAM = ChildcareAftercare(code=CODE, label=LABEL, description=DESCRIPTION, intake=AftercareIntake,
                             eligibility=eligibility, example_intake=example_intake)


@hookimpl
def psc_register_programs(register: Callable[[Program], None]) -> None:
    register(PROGRAM)
