"""自立相談支援事業 (program code ``consultation``): core's own program, registered by
core's default plugin through the same contract as any program plugin. Every case
normally starts here; the other programs are enrolled from the plan's steps."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from psccore.domain.consultation import (
    CODE,
    Benefit,
    ConsultationIntake,
    Housing,
    Route,
    Topic,
    WorkStatus,
)
from psccore.domain.program import Program, SupportMenuItem
from psccore.i18n import Label

if TYPE_CHECKING:
    from psccore.forms.model import FormDefinition

LABEL = Label("自立相談支援事業", "Self-reliance consultation")
DESCRIPTION = Label(
    "生活に困りごとを抱える人の相談を受け付け、アセスメントとプランにより"
    "他の事業や関係機関とともに自立を支援します。",
    "Receives the consultations of people in hardship and, through assessment and a plan, "
    "supports their self-reliance with the other programs and agencies.",
)

MENU = (
    SupportMenuItem(program=CODE, kind="counselling",
                    label=Label("継続的な相談支援（面談・同行）",
                                "ongoing counselling (interviews, accompanying)")),
    SupportMenuItem(program=CODE, kind="housing_benefit",
                    label=Label("住居確保給付金の申請支援", "housing security benefit application")),
    SupportMenuItem(program=CODE, kind="job_search",
                    label=Label("就労支援（求職活動・ハローワーク同行）",
                                "job search support (with Hello Work)")),
    SupportMenuItem(program=CODE, kind="referral",
                    label=Label("関係機関へのつなぎ", "passing to another agency")),
)

AGENCIES = ("青葉区役所 保護課", "仙台市社会福祉協議会", "地域包括支援センター", "ハローワーク仙台")
WISHES = ("仕事を見つけて生活を立て直したい", "家賃の滞納を何とかしたい",
          "借金の整理の方法を知りたい", "家族のことを相談したい")


def example_intake(rng: random.Random) -> dict[str, Any]:
    """Plausible reception answers, as plain data."""
    route = rng.choice(list(Route))
    topics = rng.sample([Topic.INCOME, Topic.JOB_SEARCH, Topic.HOUSING, Topic.DEBT,
                         Topic.FAMILY, Topic.RENT_LOANS], rng.randint(1, 3))
    return {
        "route": route.value,
        "referring_agency": rng.choice(AGENCIES) if route is Route.REFERRAL else None,
        "topics": [t.value for t in topics],
        "main_topic": topics[0].value,
        "wishes": rng.choice(WISHES),
        "work_status": rng.choice(list(WorkStatus)).value,
        "housing": rng.choice([Housing.RENTED, Housing.PUBLIC, Housing.OWNED]).value,
        "monthly_income": rng.choice([0, 50_000, 80_000, 120_000]),
        "benefits": [rng.choice(list(Benefit)).value] if rng.random() < 0.3 else [],
        "household": [{"relation": "母", "lives_together": True}] if rng.random() < 0.5 else [],
    }


class Consultation(Program):
    """What the consultation program adds to core: its support menu and the national
    standard forms (相談受付・申込票 … 評価シート)."""

    def menu(self) -> tuple[SupportMenuItem, ...]:
        return MENU

    def forms(self) -> tuple[FormDefinition, ...]:
        from psccore.forms.national import CONSULTATION_FORMS

        return CONSULTATION_FORMS


PROGRAM = Consultation(code=CODE, label=LABEL, description=DESCRIPTION,
                       intake=ConsultationIntake, example_intake=example_intake)
