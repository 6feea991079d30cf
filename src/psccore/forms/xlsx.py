"""A form as an xlsx workbook, laid out for A4 (portrait, or landscape as the form asks):
the title, then each section's heading, its label/value rows (the value across the other
columns) and its tables; a table with more columns than the sheet's grid widens it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from psccore.forms.model import Cell, Form, Section, Table

COLUMNS = 8  # the sheet's grid: a label takes 2, a value 6; tables spread over 8
WIDTH = 11.5  # characters per column
FONT = "IPAexゴシック"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
LABEL_FILL = PatternFill("solid", fgColor="EBEEF2")
HEADING_FILL = PatternFill("solid", fgColor="D2DAE4")
COUNT = re.compile(r"0|[1-9][0-9]{0,14}")  # not "0123": a number kept as written


def write_xlsx(form: Form, target: Path | IO[bytes]) -> None:
    """Write the form's workbook to a file, or to a binary stream (a download)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = form.title[:31]
    columns = max((COLUMNS, *(len(s.table.columns) for s in form.sections if s.table)))
    for i in range(columns):
        sheet.column_dimensions[get_column_letter(i + 1)].width = \
            WIDTH if columns == COLUMNS else WIDTH * 2 / 3
    _put(sheet, 1, 1, columns, f"{form.number}　{form.office}　{form.issued_on}",
         Font(name=FONT, size=9), Alignment(horizontal="right"))
    _put(sheet, 2, 1, columns, form.title, Font(name=FONT, size=16),
         Alignment(horizontal="center"))
    _put(sheet, 3, 1, columns, form.subject, Font(name=FONT, size=11),
         Alignment(horizontal="center"))
    row = 5
    for section in form.sections:
        row = _section(sheet, section, row, columns) + 1
    if form.note:
        _put(sheet, row, 1, columns, form.note, Font(name=FONT, size=8), WRAP)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if form.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if (fit := sheet.sheet_properties.pageSetUpPr) is not None:
        fit.fitToPage = True
    sheet.print_title_rows = "2:3"
    if (footer := sheet.oddFooter) is not None:
        footer.center.text = f"{form.title}  &P / &N"
    book.save(target)


def _section(sheet: Worksheet, section: Section, row: int, columns: int) -> int:
    if section.heading:
        _put(sheet, row, 1, columns, section.heading, Font(name=FONT, size=10.5), None,
             HEADING_FILL)
        row += 1
    for item in section.rows:
        lines = max(1, len(item.value) // (WIDTH * 6 // 2) + 1 + item.value.count("\n"))
        _put(sheet, row, 1, 2, item.label, Font(name=FONT, size=9.5), WRAP, LABEL_FILL)
        _put(sheet, row, 3, columns, item.value, Font(name=FONT, size=9.5), WRAP)
        sheet.row_dimensions[row].height = 36 if section.signature else 15 * lines
        row += 1
    if section.table is not None:
        row = _table(sheet, section.table, row, columns)
    return row


def _table(sheet: Worksheet, grid: Table, row: int, columns: int) -> int:
    spans = _spans(grid.widths or tuple(1 for _ in grid.columns), columns)
    heading = (tuple(Cell(c, shade=True) for c in grid.columns),) if grid.header else ()
    font = Font(name=FONT, size=min(9.5, grid.size))
    for cells in (*heading, *grid.rows):
        at, lines = 0, 1
        for entry in cells:
            cell = entry if isinstance(entry, Cell) else Cell(entry)
            first, last = spans[at][0], spans[at + cell.span - 1][1]
            at += cell.span
            align = Alignment(wrap_text=True, vertical="center",
                              horizontal="center" if cell.centre else None)
            _put(sheet, row, first, last, cell.text, font, align,
                 LABEL_FILL if cell.shade else None)
            if COUNT.fullmatch(cell.text):  # a count is a number to sum, not text
                sheet.cell(row=row, column=first, value=int(cell.text))
            room = max(1, int((last - first + 1) * sheet.column_dimensions[
                get_column_letter(first)].width // 2))
            lines = max(lines, sum(len(part) // room + 1 for part in cell.text.split("\n")))
        sheet.row_dimensions[row].height = 15 * lines
        row += 1
    return row


def _spans(widths: tuple[int, ...], columns: int) -> list[tuple[int, int]]:
    """Each column's first and last sheet column, from relative widths (at least one)."""
    total = sum(widths)
    spans, start = [], 1
    for i, w in enumerate(widths):
        left = len(widths) - i - 1
        size = max(1, min(columns - start + 1 - left, round(columns * w / total)))
        if i == len(widths) - 1:
            size = columns - start + 1
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
