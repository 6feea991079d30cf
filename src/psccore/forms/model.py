"""A printed form as plain values: a title, then sections of label/value rows, tables
and signature boxes, in the national form's order. Renderers lay it out; builders fill
it from :class:`FormData` (a case's form), which holds only what the staff member may
read, or from :class:`PeriodData` (a fiscal year's form, from report sections)."""

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
    from psccore.services.reports import SectionResult


@attrs.frozen
class Row:
    """One item: its label and its value as printed ("" leaves a box to fill in)."""

    label: str
    value: str


@attrs.frozen
class Cell:
    """A table entry that is more than its text: it covers ``span`` columns, is shaded
    like a label (a heading line, a holiday), or is centred."""

    text: str
    span: int = 1
    shade: bool = False
    centre: bool = False


@attrs.frozen
class Table:
    """``columns`` names (and counts) the columns; each line's entries cover them all,
    spans counted. Without ``header`` the names are not printed (a grid whose heading
    lines are among the rows, as shaded cells)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | Cell, ...], ...]
    widths: tuple[int, ...] = ()  # relative column widths
    header: bool = True  # the first line names the columns (else ``columns`` is unused)
    size: float = 9  # the text's size in points (a wide grid prints smaller)


@attrs.frozen
class Section:
    """A heading and its items; ``table`` lists records (household, progress …);
    ``signature`` makes each row a box to sign (label, and the date line as value);
    ``whole`` keeps the section on one page (a week of a timetable). An empty heading
    prints no heading bar."""

    heading: str
    rows: tuple[Row, ...] = ()
    table: Table | None = None
    signature: bool = False
    whole: bool = False


@attrs.frozen
class Form:
    """A form ready to print: title, form number, the office, the issue date, whom it is
    about, and its sections in the national form's order (renderers lay it out)."""

    title: str
    number: str  # 様式番号
    office: str
    issued_on: str  # in the era (令和8年4月1日)
    subject: str  # whom it is about: "佐々木 悠斗（ササキ ユウト） ケース 3"
    sections: tuple[Section, ...]
    note: str = ""  # e.g. "（閲覧権限のない項目は印字していません）"
    landscape: bool = False  # A4 across (a month's timetable)


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


@attrs.frozen(kw_only=True)
class PeriodData:
    """What a fiscal year's form is built from: the report sections it names, as the
    staff member may read them, for the year (stocks at its end, or today if sooner)."""

    office: str
    today: dt.date
    fiscal_year: int
    sections: dict[str, SectionResult]  # key -> section


@attrs.frozen(kw_only=True)
class PeriodFormDefinition:
    """A form for a fiscal year rather than a case (``psc form NAME --fy FY``): built
    from the report ``sections`` it names (``build(data) -> Form``)."""

    name: str
    title: Label
    number: str
    sections: tuple[str, ...]
    build: Callable[[PeriodData], Form]
