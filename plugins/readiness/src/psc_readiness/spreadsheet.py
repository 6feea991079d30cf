"""The monthly timetable as a spreadsheet in the paper form's layout (様式-1): per week,
a row of dates (each day four columns wide), 施設内／施設外, スキルアップ／作業／①／②,
then 午前, 午後 and 備考; holidays shaded. A second sheet lists every session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from psc_readiness.catalogue import Activity, Half
from psc_readiness.grid import COLUMN_LABELS, COLUMNS, IN_FACILITY, OFF_SITE, Grid, activity_word
from psc_readiness.records import Session
from psccore import Label
from psccore.documents.files import save_workbook

HOLIDAY_FILL = "D9D9D9"


def usual_times_note() -> str:
    """The footnote of the form: when each kind of activity gathers and runs."""
    seen: dict[str, str] = {}
    for activity in Activity:
        usual = activity.usual
        parts = [f"{h.label.text()} {t.start}~{t.end}（{Label('集合', 'gather').text()} {t.gather}）"
                 for h, t in ((Half.AM, usual.am), (Half.PM, usual.pm)) if t is not None]
        text = " / ".join(parts) + (f" {usual.note.text()}" if usual.note else "")
        seen.setdefault(text, "")
        seen[text] += ("・" if seen[text] else "") + activity_word(activity)
    return "  ".join(f"*{names}: {times}" for times, names in seen.items())


def write_timetable(path: Path, grid: Grid, title: str, sessions: Sequence[Session],
                    clients: Mapping[int, str], staff: Mapping[int, str]) -> None:
    """Write the grid (sheet 1) and the list of sessions (sheet 2) to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = Label("予定表", "timetable").text()
    thin = Side(style="thin")
    box, centre = Border(thin, thin, thin, thin), Alignment("center", "center", wrap_text=True)
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    row = 3
    for week in grid.weeks:
        _header(sheet, row, len(week.days), box, centre)
        for i, day in enumerate(week.days):
            col = 2 + 4 * i
            if day is None:
                continue
            sheet.cell(row, col, day.heading())
            for r, half in ((row + 3, Half.AM), (row + 4, Half.PM)):
                for c, column in enumerate(COLUMNS):
                    sheet.cell(r, col + c, "\n".join(day.cell(half, column)))
            sheet.cell(row + 5, col, " ".join(day.notes))
            if day.holiday is not None:
                for r in range(row, row + 6):
                    for c in range(4):
                        sheet.cell(r, col + c).fill = PatternFill("solid", fgColor=HOLIDAY_FILL)
        for r in range(row, row + 6):
            for c in range(1, 2 + 4 * len(week.days)):
                sheet.cell(r, c).border, sheet.cell(r, c).alignment = box, centre
        row += 7
    sheet.cell(row, 1, usual_times_note())
    sheet.column_dimensions["A"].width = 8
    for c in range(2, 2 + 4 * len(grid.weekdays)):
        sheet.column_dimensions[get_column_letter(c)].width = 13
    sheet.page_setup.orientation = "landscape"  # the form is printed on one A3/A4 sheet wide
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    _session_sheet(book, sessions, clients, staff)
    save_workbook(book, path)


def _header(sheet: object, row: int, days: int, box: object, centre: object) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    sheet.cell(row + 3, 1, Half.AM.label.text())
    sheet.cell(row + 4, 1, Half.PM.label.text())
    sheet.cell(row + 5, 1, Label("備考", "notes").text())
    for i in range(days):
        col = 2 + 4 * i
        sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 3)
        sheet.cell(row + 1, col, IN_FACILITY.text())
        sheet.merge_cells(start_row=row + 1, start_column=col, end_row=row + 1, end_column=col + 1)
        sheet.cell(row + 1, col + 2, OFF_SITE.text())
        sheet.merge_cells(start_row=row + 1, start_column=col + 2, end_row=row + 1,
                          end_column=col + 3)
        for c, column in enumerate(COLUMNS):
            sheet.cell(row + 2, col + c, COLUMN_LABELS[column].text())
        sheet.merge_cells(start_row=row + 5, start_column=col, end_row=row + 5, end_column=col + 3)


SESSION_HEADERS = (Label("セッション", "session"), Label("実施日", "date"),
                   Label("午前・午後", "half"), Label("活動", "activity"), Label("場所", "place"),
                   Label("集合", "gather"), Label("開始", "start"), Label("終了", "end"),
                   Label("定員", "capacity"), Label("担当", "staff"), Label("発注元", "client"),
                   Label("テーマ", "topic"), Label("中止", "cancelled"))


def _session_sheet(book: object, sessions: Sequence[Session], clients: Mapping[int, str],
                   staff: Mapping[int, str]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    assert isinstance(book, Workbook)
    sheet = book.create_sheet(Label("セッション一覧", "sessions").text())
    sheet.append([h.text() for h in SESSION_HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for s in sessions:
        sheet.append([s.id, s.held_on, s.half.label.text(), s.activity.label.text(), s.place,
                      s.gather_at, s.starts_at, s.ends_at, s.capacity,
                      staff.get(s.staff_id or 0, ""), clients.get(s.work_order_id or 0, ""),
                      s.topic or "", s.cancelled_reason or ""])
        sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
    for letter, size in zip("ABCDEFGHIJKLM", (10, 12, 10, 26, 24, 8, 8, 8, 8, 14, 16, 30, 20),
                            strict=True):
        sheet.column_dimensions[letter].width = size
    sheet.freeze_panes = "A2"
