"""The monthly timetable in the center's own grid (様式-1): a block per week, the
weekdays across, morning and afternoon down, and in each half the in-facility
skill-up and work columns and two off-site columns (① ②), with a notes row for
holidays, topics and cancellations."""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

from psc_readiness.catalogue import Activity, Half, Kind
from psc_readiness.records import Session
from psccore import Label, public_holiday

COLUMNS = ("skill_up", "work", "off_site_1", "off_site_2")
COLUMN_LABELS = {
    "skill_up": Label("スキルアップ", "skill-up"),
    "work": Label("作業", "work"),
    "off_site_1": Label("①", "(1)"),
    "off_site_2": Label("②", "(2)"),
}
IN_FACILITY, OFF_SITE = Label("施設内", "in the center"), Label("施設外", "off-site")
WEEKDAYS = (Label("月", "Mon"), Label("火", "Tue"), Label("水", "Wed"), Label("木", "Thu"),
            Label("金", "Fri"), Label("土", "Sat"), Label("日", "Sun"))
HOLIDAY_NOTE = Label("祝日 {name}", "holiday: {name}")
CANCELLED_NOTE = Label("{activity} 中止（{reason}）", "{activity} cancelled ({reason})")


def activity_word(activity: Activity) -> str:
    """The timetable's word for an activity: the center's own in Japanese."""
    return Label(activity.usual.grid, activity.label.en).text()


@attrs.frozen
class Day:
    date: dt.date
    holiday: Label | None
    cells: Mapping[tuple[Half, str], list[str]]
    notes: list[str]

    def cell(self, half: Half, column: str) -> list[str]:
        return list(self.cells.get((half, column), []))

    def heading(self) -> str:
        return f"{self.date.day}({WEEKDAYS[self.date.weekday()].text()})"


@attrs.frozen
class Week:
    days: list[Day | None]  # None: a weekday outside the month


@attrs.frozen
class Grid:
    year: int
    month: int
    weekdays: list[int]  # 0 = Monday; Saturday or Sunday only when a session falls there
    weeks: list[Week]

    def as_data(self) -> dict[str, object]:
        """The grid as plain data (for JSON): weeks of days, each half's columns."""
        return {"year": self.year, "month": self.month, "weeks": [[None if d is None else {
            "date": d.date.isoformat(), "holiday": d.holiday, "notes": d.notes,
            **{h.value: {c: d.cell(h, c) for c in COLUMNS} for h in Half}}
            for d in w.days] for w in self.weeks]}

    def day(self, date: dt.date) -> Day | None:
        for week in self.weeks:
            for day in week.days:
                if day is not None and day.date == date:
                    return day
        return None


def build_grid(year: int, month: int, sessions: Iterable[Session],
               clients: Mapping[int, str]) -> Grid:
    """Arrange a month's sessions; ``clients`` names the client of each work order."""
    by_day: dict[dt.date, list[Session]] = {}
    for session in sorted(sessions, key=lambda s: (s.held_on, s.half.value, s.id or 0)):
        by_day.setdefault(session.held_on, []).append(session)
    weekdays = [0, 1, 2, 3, 4] + [d for d in (5, 6) if any(x.weekday() == d for x in by_day)]
    weeks = []
    for dates in calendar.Calendar().monthdatescalendar(year, month):
        if not any(d in by_day for d in dates):
            continue  # a week with nothing planned is left out, as on the paper form
        weeks.append(Week([_day(d, by_day.get(d, []), clients) if d.month == month else None
                           for d in (dates[w] for w in weekdays)]))
    return Grid(year, month, weekdays, weeks)


def _day(date: dt.date, sessions: list[Session], clients: Mapping[int, str]) -> Day:
    holiday = public_holiday(date)
    cells: dict[tuple[Half, str], list[str]] = {}
    notes = [HOLIDAY_NOTE.format(name=holiday)] if holiday else []
    order = list(Activity)  # off-site work fills ① and ② in the catalogue's order
    for session in sorted(sessions, key=lambda s: (order.index(s.activity), s.id or 0)):
        word = activity_word(session.activity)
        if session.work_order_id is not None and session.work_order_id in clients:
            word += f"({clients[session.work_order_id]})"
        if session.cancelled_reason:
            notes.append(CANCELLED_NOTE.format(activity=word, reason=session.cancelled_reason))
            word += Label("（中止）", " (cancelled)").text()
        elif session.topic:
            notes.append(f"{activity_word(session.activity)}:{session.topic}")
        cells.setdefault((session.half, _column(session, cells)), []).append(word)
    return Day(date, holiday, cells, notes)


def _column(session: Session, taken: Mapping[tuple[Half, str], list[str]]) -> str:
    usual = session.activity.usual
    if not session.activity.off_site:
        return "skill_up" if usual.kind is Kind.SKILL_UP else "work"
    return "off_site_2" if (session.half, "off_site_1") in taken else "off_site_1"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, size: int) -> str:
    return text + " " * (size - _width(text))


def row_labels() -> list[tuple[Half | None, str | None, str]]:
    """The grid's rows under each week's dates: four per half, then notes."""
    rows: list[tuple[Half | None, str | None, str]] = []
    for half in Half:
        for column in COLUMNS:
            where = IN_FACILITY if column in ("skill_up", "work") else OFF_SITE
            rows.append((half, column,
                         f"{half.label.text()} {where.text()} {COLUMN_LABELS[column].text()}"))
    rows.append((None, None, Label("備考", "notes").text()))
    return rows


def render_text(grid: Grid, title: str) -> list[str]:
    """The grid as aligned lines for a terminal (each day one column, wide enough)."""
    labels = row_labels()
    lines = [title]
    head = max(_width(text) for _, _, text in labels)
    for week in grid.weeks:
        table = [[day.heading() if day else "" for day in week.days]]
        for half, column, _ in labels:
            table.append([_text(day, half, column) for day in week.days])
        sizes = [max(8, *(_width(row[i]) for row in table)) for i in range(len(week.days))]
        lines.append("")
        for (_, _, label), row in zip([(None, None, ""), *labels], table, strict=True):
            cells = [_pad(cell, size) for cell, size in zip(row, sizes, strict=True)]
            lines.append((_pad(label, head) + " | " + " | ".join(cells)).rstrip())
            if not label:
                lines.append("-" * (head + sum(sizes) + 3 * len(sizes)))
    return lines


def _text(day: Day | None, half: Half | None, column: str | None) -> str:
    if day is None:
        return ""
    if half is None or column is None:
        return " ".join(day.notes)
    return "・".join(day.cell(half, column))
