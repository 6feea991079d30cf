"""A printed form as plain values: a title, then sections of label/value rows, tables
and signature boxes, in the national form's order. Renderers lay it out; builders fill
it from :class:`FormData`, which holds only what the staff member may read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from psccore.i18n import Label

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from psccore.domain.consultation import Screening
    from psccore.domain.workflow import Assessment, SupportRecord
    from psccore.services.cases import CaseDetail
    from psccore.services.consent import IntroductionSheet
    from psccore.services.plans import PlanDetail


@attrs.frozen
class Row:
    """One item: its label and its value as printed ("" leaves a box to fill in)."""

    label: str
    value: str


@attrs.frozen
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths
    header: bool = True  # the first line names the columns (else ``columns`` is unused)


@attrs.frozen
class Section:
    """A heading and its items; ``table`` lists records (household, progress …);
    ``signature`` makes each row a box to sign (label, and the date line as value)."""

    heading: str
    rows: tuple[Row, ...] = ()
    table: Table | None = None
    signature: bool = False


@attrs.frozen
class Form:
    title: str
    number: str  # 様式番号
    office: str
    issued_on: str  # in the era (令和8年4月1日)
    subject: str  # whom it is about: "佐々木 悠斗（ササキ ユウト） ケース 3"
    sections: tuple[Section, ...]
    note: str = ""  # e.g. "（閲覧権限のない項目は印字していません）"


@attrs.frozen(kw_only=True)
class FormData:
    """What a builder may read: the case as the staff member sees it (sensitive answers
    withheld where they may not), with its records; ``conn`` for a program's own tables."""

    detail: CaseDetail
    office: str
    today: dt.date
    staff_names: dict[int, str]
    programs: dict[str, Any]  # code -> Program
    menu: dict[tuple[str, str], Label]  # (program, kind) -> label
    screening: Screening | None
    assessments: Sequence[Assessment]
    plans: Sequence[PlanDetail]
    records: Sequence[SupportRecord]
    start: dt.date | None = None  # the period a form covers (progress records)
    end: dt.date | None = None
    introduction: IntroductionSheet | None = None
    conn: Connection | None = None


@attrs.frozen(kw_only=True)
class FormDefinition:
    """A form a program offers (``Program.forms()``): ``name`` as typed in
    ``psc form NAME``, its title and number, and ``build(data) -> Form``."""

    name: str
    title: Label
    number: str
    build: Callable[[FormData], Form]
    #: the form needs an employer (the introduction sheet), or a period
    needs_employer: bool = False
