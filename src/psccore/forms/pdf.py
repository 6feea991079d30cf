"""A form as an A4 PDF: fpdf2 embeds the subset of IPAex Gothic (shipped in
``fonts/``, IPA Font License v1.0) that the form uses, so it shows the same in any
viewer, on a machine with no Japanese font."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import Align, TableCellFillMode, WrapMode, XPos, YPos

from psccore.forms.model import Cell, Form, Section, Table

FONT = Path(__file__).with_name("fonts") / "ipaexg.ttf"
FAMILY = "IPAexGothic"
MARGIN = 15  # mm
LABEL_FILL = (235, 238, 242)
HEADING_FILL = (210, 218, 228)
LINE = 4.6  # mm per line of 9 pt text
#: lines break between words (an English word stays whole) and, in Japanese text, which
#: has no spaces, between characters where a word is wider than its box
WRAP = WrapMode.WORD


class _Page(FPDF):
    """Pages that carry the form's title and page number in their footer."""

    def __init__(self, form: Form) -> None:
        super().__init__(orientation="L" if form.landscape else "P", unit="mm", format="A4")
        self.form = form

    def footer(self) -> None:
        self.set_y(-11)
        text = f"{self.form.title}　{self.form.subject}　{self.page_no()}/{{nb}}"
        self.set_font(FAMILY, size=_fitting(self, text, 7.5))
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, text, align=Align.C)
        self.set_text_color(0, 0, 0)


def _fitting(pdf: FPDF, text: str, size: float) -> float:
    """The size (at most ``size``, at least 5 pt) at which ``text`` fits on one line
    between the margins (a long name in the footer)."""
    pdf.set_font(FAMILY, size=size)
    width = pdf.get_string_width(text)
    return max(5.0, size * min(1.0, (pdf.epw - 2) / width)) if width else size


def write_pdf(form: Form, target: Path) -> None:
    target.write_bytes(pdf_bytes(form))


def pdf_bytes(form: Form) -> bytes:
    """The form as the bytes of a PDF file (for a download: no file on disk)."""
    pdf = _Page(form)
    pdf.set_title(form.title)
    pdf.set_creator("psccore")
    pdf.add_font(FAMILY, fname=str(FONT))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    _header(pdf, form)
    for section in form.sections:
        _section(pdf, section)
    if form.note:
        pdf.ln(2)
        pdf.set_font(FAMILY, size=8)
        pdf.multi_cell(0, 4.2, form.note, wrapmode=WRAP)
    return bytes(pdf.output())


def _header(pdf: FPDF, form: Form) -> None:
    pdf.set_font(FAMILY, size=8.5)
    pdf.cell(0, 4.5, form.number, align=Align.L)
    pdf.set_x(MARGIN)
    pdf.cell(0, 4.5, f"{form.office}　{form.issued_on}", align=Align.R,
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FAMILY, size=17)
    pdf.cell(0, 10, form.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if form.subject:  # a long name wraps within the margins
        pdf.set_font(FAMILY, size=10.5)
        pdf.multi_cell(0, 6, form.subject, align=Align.C, wrapmode=WRAP,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _section(pdf: FPDF, section: Section) -> None:
    # a heading stays with its first lines; a signature block, and a section kept
    # whole, starts a page only when (tried out) it does not fit on this one
    if section.whole or section.signature:
        with pdf.offset_rendering() as trial:
            _draw(trial, section)  # type: ignore[arg-type]  # the recorder draws as FPDF
        if trial.page_break_triggered:
            pdf.add_page()
    elif pdf.will_page_break(LINE * 3 + 8):
        pdf.add_page()
    _draw(pdf, section)


def _draw(pdf: FPDF, section: Section) -> None:
    if section.heading:
        pdf.set_font(FAMILY, size=10)
        pdf.set_fill_color(*HEADING_FILL)
        pdf.cell(0, 6.5, f" {section.heading}", fill=True, new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=9)
    plain = FontFace(emphasis="", fill_color=LABEL_FILL)
    if section.rows:
        with pdf.table(col_widths=(32, 68), first_row_as_headings=False, line_height=LINE,
                       text_align=Align.L, wrapmode=WRAP, padding=1.2,
                       cell_fill_mode=TableCellFillMode.COLUMNS, cell_fill_color=LABEL_FILL,
                       gutter_width=0,
                       headings_style=plain, width=pdf.epw) as table:
            for i, item in enumerate(section.rows):
                row = table.row()
                row.cell(item.label)
                tall = section.signature and i > 0  # room to sign above the date
                row.cell(("\n\n" if tall else "") + item.value)
    if section.table is not None:
        _table(pdf, section.table, plain)
    pdf.ln(3)


def _table(pdf: FPDF, grid: Table, plain: FontFace) -> None:
    widths = grid.widths or tuple(1 for _ in grid.columns)
    shaded = FontFace(fill_color=LABEL_FILL)
    pdf.set_font(FAMILY, size=grid.size)
    pdf.set_fill_color(255)
    with pdf.table(col_widths=widths, line_height=LINE * grid.size / 9, text_align=Align.L,
                   wrapmode=WRAP, padding=1.2 * grid.size / 9, headings_style=plain,
                   first_row_as_headings=grid.header,
                   cell_fill_mode=TableCellFillMode.NONE, width=pdf.epw) as table:
        if grid.header:
            table.row(grid.columns)
        for cells in grid.rows:
            row = table.row()
            for entry in cells:
                if isinstance(entry, Cell):
                    row.cell(entry.text, colspan=entry.span,
                             align=Align.C if entry.centre else None,
                             style=shaded if entry.shade else None)
                else:
                    row.cell(entry)
