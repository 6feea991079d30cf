"""A fifth program, 家計改善支援事業, added with one entry point and no change to core.

The tests put this folder on ``sys.path``; its ``.dist-info`` declares the entry
point, exactly as an installed package would.
"""

from __future__ import annotations

import enum
from pathlib import Path

import attrs
import click
import sqlalchemy as sa

from psccore import (
    CaseEvent,
    CaseEventKind,
    Label,
    Migrations,
    Program,
    SupportMenuItem,
    hookimpl,
    intake_field,
    rules,
)
from psccore.store.tables import enrollments

CODE = "household_budget"
metadata = sa.MetaData()
budget_enrollments = sa.Table(
    "household_budget_enrollments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("enrollment_id", sa.Integer, sa.ForeignKey(enrollments.c.id), nullable=False),
    sa.Column("total_debt", sa.Integer, nullable=False),
)


class Housing(enum.Enum):
    RENTED = "rented"
    OWNED = "owned"
    PUBLIC = "public"
    HOMELESS = "homeless"


@attrs.define(kw_only=True)
class Debt:
    creditor: str = intake_field(Label("借入先", "creditor"), rules=[rules.required()])
    amount: int = intake_field(Label("残高（円）", "balance (yen)"),
                               rules=[rules.between(1, 100_000_000)])


@attrs.define(kw_only=True)
class BudgetIntake:
    monthly_income: int = intake_field(Label("月収（円）", "monthly income (yen)"),
                                       rules=[rules.between(0, 10_000_000)])
    housing: Housing = intake_field(Label("住まい", "housing"))
    debts: list[Debt] = intake_field(Label("借入", "debts"), factory=list)
    wants_budget_plan: bool = intake_field(Label("家計計画の希望", "wants a budget plan"),
                                           default=True)
    health_note: str | None = intake_field(Label("健康状態", "health"), default=None,
                                           sensitive=True)


@attrs.define(kw_only=True)
class HousingIntake:
    """A second program of this package: 住居確保給付金 (housing allowance)."""

    rent: int = intake_field(Label("家賃（円）", "rent (yen)"), rules=[rules.between(0, 500_000)])
    reason: str | None = intake_field(Label("離職の事情", "why work ended"), default=None,
                                      sensitive=True)


@hookimpl
def psc_register_programs(register):  # type: ignore[no-untyped-def]
    register(Program(code=CODE, label=Label("家計改善支援事業", "Household budget support"),
                     intake=BudgetIntake,
                     example_intake=lambda rng: {"monthly_income": rng.randint(0, 200) * 1000,
                                                 "housing": "rented"}))
    register(Program(code="housing_support", label=Label("住居確保給付金", "Housing allowance"),
                     intake=HousingIntake,
                     example_intake=lambda rng: {"rent": rng.randint(30, 60) * 1000}))


@hookimpl
def psc_support_menu(register):  # type: ignore[no-untyped-def]
    register(SupportMenuItem(program=CODE, kind="budget_plan",
                             label=Label("家計計画表の作成", "budget plan")))
    register(SupportMenuItem(program="housing_support", kind="allowance",
                             label=Label("住居確保給付金の支給", "housing allowance")))


@hookimpl
def psc_migrations(register):  # type: ignore[no-untyped-def]
    register(Migrations(branch=CODE, versions=Path(__file__).parent / "migrations",
                        metadata=metadata))


@hookimpl
def psc_register_commands(cli: click.Group) -> None:
    @cli.group(name=CODE, help="家計改善支援事業")
    def group() -> None:
        pass

    @group.command(help="menu")
    def menu() -> None:
        click.echo("budget_plan")


@hookimpl
def psc_case_event(event: CaseEvent, tx) -> None:  # type: ignore[no-untyped-def]
    if event.kind is CaseEventKind.ENROLLED and event.enrollment.program == CODE:
        total = sum(d["amount"] for d in event.enrollment.intake["debts"])
        new_id = tx.conn.execute(budget_enrollments.insert().values(
            enrollment_id=event.enrollment.id, total_debt=total)).inserted_primary_key[0]
        tx.audit("create", budget_enrollments.name, new_id, person_id=event.case.person_id,
                 fields=["enrollment_id", "total_debt"])
