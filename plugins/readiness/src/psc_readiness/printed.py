"""The monthly timetable as a printed form (様式-1, A4 landscape) through core's form
renderer: headed with the month and the center's name, the form number and the issue
date; a block per week, kept on one page, in the grid of the paper form (the date across
four columns, 施設内／施設外, スキルアップ／作業／①／②, then 午前, 午後 and 備考); holidays
shaded; the usual times as the footnote."""

from __future__ import annotations

import datetime as dt

from psc_readiness.catalogue import Half
from psc_readiness.grid import COLUMN_LABELS, COLUMNS, IN_FACILITY, OFF_SITE, Day, Grid, Week
from psc_readiness.spreadsheet import usual_times_note
from psccore import Label, current_lang, format_era
from psccore.forms.model import Cell, Form, Section, Table

NUMBER = Label("【様式-1】", "[Form 1]")
NOTES = Label("備考", "notes")
ISSUED = Label("発行日 {date}", "issued {date}")


def timetable_title(grid: Grid, center: str) -> str:
    """「2017年 8月 「わんすてっぷ」就労準備支援センター プログラム予定表」."""
    month = dt.date(grid.year, grid.month, 1)
    return Label(f"{grid.year}年 {grid.month}月 {center} プログラム予定表",
                 f"{month.strftime('%B %Y')}: {center} timetable").text()


def timetable_form(grid: Grid, center: str, today: dt.date) -> Form:
    """The grid as a form; ``center`` is the office's name (the program's if unset)."""
    title = timetable_title(grid, center)
    return Form(title=title, number=NUMBER.text(), office=center,
                issued_on=ISSUED.format(date=format_era(today, current_lang())), subject="",
                sections=tuple(Section("", table=_week(week), whole=True)
                               for week in grid.weeks),
                note=usual_times_note(), landscape=True)


def _week(week: Week) -> Table:
    days = len(week.days)
    corner = Cell("", shade=True)
    rows: list[tuple[str | Cell, ...]] = [
        (corner, *(Cell(day.heading() if day else "", span=4, shade=True, centre=True)
                   for day in week.days)),
        (corner, *(Cell(where.text(), span=2, shade=True, centre=True)
                   for _ in week.days for where in (IN_FACILITY, OFF_SITE))),
        (corner, *(Cell(COLUMN_LABELS[c].text(), shade=True, centre=True)
                   for _ in week.days for c in COLUMNS)),
    ]
    for half in Half:
        rows.append((Cell(half.label.text(), shade=True, centre=True),
                     *(_slot(day, half, c) for day in week.days for c in COLUMNS)))
    rows.append((Cell(NOTES.text(), shade=True, centre=True),
                 *(Cell(" ".join(day.notes) if day else "", span=4,
                        shade=day is not None and day.holiday is not None)
                   for day in week.days)))
    columns = ("", *(f"{d}-{c}" for d in range(days) for c in COLUMNS))
    return Table(columns, tuple(rows), widths=(2, *(3 for _ in columns[1:])), header=False,
                 size=7.5)


def _slot(day: Day | None, half: Half, column: str) -> Cell:
    if day is None:
        return Cell("")
    return Cell("\n".join(day.cell(half, column)), centre=True, shade=day.holiday is not None)
