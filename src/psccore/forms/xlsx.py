"""A form as an xlsx workbook, laid out for A4 portrait: the title, then each section's
heading, its label/value rows (the value across the other columns) and its tables."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from psccore.forms.model import Form, Section

COLUMNS = 8  # the sheet's grid: a label takes 2, a value 6; tables spread over 8
WIDTH = 11.5  # characters per column
FONT = "IPAexゴシック"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
LABEL_FILL = PatternFill("solid", fgColor="EBEEF2")
HEADING_FILL = PatternFill("solid", fgColor="D2DAE4")


def write_xlsx(form: Form, target: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = form.title[:31]
    for i in range(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + i)].width = WIDTH
    _put(sheet, 1, 1, COLUMNS, f"{form.number}　{form.office}　{form.issued_on}",
         Font(name=FONT, size=9), Alignment(horizontal="right"))
    _put(sheet, 2, 1, COLUMNS, form.title, Font(name=FONT, size=16),
         Alignment(horizontal="center"))
    _put(sheet, 3, 1, COLUMNS, form.subject, Font(name=FONT, size=11),
         Alignment(horizontal="center"))
    row = 5
    for section in form.sections:
        row = _section(sheet, section, row) + 1
    if form.note:
        _put(sheet, row, 1, COLUMNS, form.note, Font(name=FONT, size=8), WRAP)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if (fit := sheet.sheet_properties.pageSetUpPr) is not None:
        fit.fitToPage = True
    sheet.print_title_rows = "2:3"
    if (footer := sheet.oddFooter) is not None:
        footer.center.text = f"{form.title}  &P / &N"
    book.save(target)


def _section(sheet: Worksheet, section: Section, row: int) -> int:
    _put(sheet, row, 1, COLUMNS, section.heading, Font(name=FONT, size=10.5), None,
         HEADING_FILL)
    row += 1
    for item in section.rows:
        lines = max(1, len(item.value) // (WIDTH * 6 // 2) + 1 + item.value.count("\n"))
        _put(sheet, row, 1, 2, item.label, Font(name=FONT, size=9.5), WRAP, LABEL_FILL)
        _put(sheet, row, 3, COLUMNS, item.value, Font(name=FONT, size=9.5), WRAP)
        sheet.row_dimensions[row].height = 36 if section.signature else 15 * lines
        row += 1
    if section.table is not None:
        spans = _spans(section.table.widths or tuple(1 for _ in section.table.columns))
        heading = ((section.table.columns, LABEL_FILL),) if section.table.header else ()
        for cells, fill in (*heading, *((r, None) for r in section.table.rows)):
            for (first, last), text in zip(spans, cells, strict=True):
                _put(sheet, row, first, last, text, Font(name=FONT, size=9.5), WRAP, fill)
            longest = max((len(t) / max(1, (last - first + 1) * WIDTH // 2)
                           for (first, last), t in zip(spans, cells, strict=True)), default=0)
            sheet.row_dimensions[row].height = 15 * (int(longest) + 1)
            row += 1
    return row


def _spans(widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """Each column's first and last sheet column, from relative widths (at least one)."""
    total = sum(widths)
    spans, start = [], 1
    for i, w in enumerate(widths):
        left = len(widths) - i - 1
        size = max(1, min(COLUMNS - start + 1 - left, round(COLUMNS * w / total)))
        if i == len(widths) - 1:
            size = COLUMNS - start + 1
        spans.append((start, start + size - 1))
        start += size
    return spans


def _put(sheet: Worksheet, row: int, first: int, last: int, text: str, font: Font,
         alignment: Alignment | None, fill: PatternFill | None = None) -> None:
    cell = sheet.cell(row=row, column=first, value=text)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    for column in range(first, last + 1):
        part = sheet.cell(row=row, column=column)
        if fill is not None:
            part.fill = fill
        if row > 4:
            part.border = BOX
