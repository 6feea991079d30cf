"""A period report (:class:`psccore.services.reports.Report`) as CSV, JSON, an Excel
workbook or a self-contained HTML page with charts of the trend over fiscal years.

Every writer takes the language of its labels; figures are the same in both."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from psccore.documents.charts import Series, bar_chart
from psccore.documents.files import save_workbook, text_width
from psccore.i18n import Label, Lang
from psccore.services.reports import Report, SectionResult

SUFFIXES = {"csv": ".csv", "json": ".json", "xlsx": ".xlsx", "html": ".html"}

SECTION = Label("節", "section")
ITEM = Label("項目", "item")
KEY = Label("キー", "key")
VALUE = Label("値", "value")
YEAR_TOTAL = Label("期間計", "period total")
MADE_ON = Label("作成日", "made on")
OFFICE = Label("事業所", "office")
TITLE = Label("{period} 実績報告", "Report for {period}")
BY_MONTH = Label("月別", "by month")
FISCAL_YEAR = Label("年度", "fiscal year")
TREND = Label("年度別の推移", "Trend by fiscal year")
SUMMARY = Label("集計", "summary")
NOT_DEFINED = Label("-：対象者がいないため算出できない値", "-: undefined (nobody to count)")


def title(report: Report, lang: Lang) -> str:
    """The period's report, and for one office or organisation, which."""
    text = TITLE.format(lang, period=report.period.label.text(lang))
    if report.scope is None:
        return text
    return f"{text}（{report.scope.label.text(lang)}）" if lang == "ja" else \
        f"{text} ({report.scope.label.text(lang)})"


def year_label(label: Label, lang: Lang) -> str:
    """A fiscal year as a column heading: the era form alone (令和7年度, FY2025)."""
    return label.text(lang).split("（")[0].split(" (")[0]


def month_label(section: SectionResult, index: int, lang: Lang) -> str:
    period = section.months[index].period
    return f"{period.start.month}月" if lang == "ja" else period.start.strftime("%b %Y")


# --- CSV and JSON ----------------------------------------------------------------------------

def csv_text(report: Report, lang: Lang) -> str:
    """One line per figure: section, item, key, value, then the months where the section
    is reported by month (for one office or organisation, after a line naming it).
    Written with a BOM so that Excel reads the Japanese."""
    months = max((len(s.months) for s in report.sections), default=0)
    monthly = next((s for s in report.sections if s.months), None)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if report.scope is not None:  # a report for one office or organisation says which
        writer.writerow([title(report, lang)])
    writer.writerow([SECTION.text(lang), ITEM.text(lang), KEY.text(lang), VALUE.text(lang),
                     *(month_label(monthly, i, lang) for i in range(months) if monthly)])
    for section in report.sections:
        for i, row in enumerate(section.rows):
            by_month = [m.rows[i].value for m in section.months]
            writer.writerow([section.title.text(lang), row.label.text(lang), row.key or "",
                             row.value, *by_month])
    return "\ufeff" + out.getvalue()


def _label(label: Label) -> dict[str, str]:
    return {"ja": label.ja, "en": label.en}


def _section_json(section: SectionResult) -> dict[str, Any]:
    return {
        "key": section.key, "title": _label(section.title), "program": section.program,
        "rows": [{"key": r.key, "label": _label(r.label), "value": r.value}
                 for r in section.rows],
        "months": [{"start": m.period.start.isoformat(), "end": m.period.end.isoformat(),
                    "values": [r.value for r in m.rows]} for m in section.months],
    }


def json_text(report: Report) -> str:
    """Both languages' labels; values as numbers (``"-"`` where undefined)."""
    return json.dumps({
        "period": {"start": report.period.start.isoformat(),
                   "end": report.period.end.isoformat(), "label": _label(report.period.label)},
        "office": report.office, "population": report.population,
        "scope": None if report.scope is None else {"kind": report.scope.kind,
                                                    "name": report.scope.name},
        "population_on": report.population_on.isoformat() if report.population_on else None,
        "made_on": report.made_on.isoformat(),
        "sections": [_section_json(s) for s in report.sections],
        "trend": [{"fiscal_year": y.fiscal_year, "label": _label(y.label),
                   "sections": [_section_json(s) for s in y.sections]} for y in report.trend],
    }, ensure_ascii=False, indent=2) + "\n"


# --- Excel -----------------------------------------------------------------------------------

def write_xlsx(report: Report, path: Path | IO[bytes], lang: Lang) -> None:
    """Sheets: the summary of every section; each monthly section by month; the trend."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SUMMARY.text(lang)
    _summary_sheet(sheet, report, lang)
    for section in (s for s in report.sections if s.months):
        _table_sheet(book.create_sheet(_sheet_name(f"{BY_MONTH.text(lang)} {section.key}")),
                     f"{section.title.text(lang)} ({BY_MONTH.text(lang)})" if lang == "en"
                     else f"{section.title.text(lang)}（{BY_MONTH.text(lang)}）",
                     [month_label(section, i, lang) for i in range(len(section.months))]
                     + [YEAR_TOTAL.text(lang)],
                     [(r.label.text(lang), [m.rows[i].value for m in section.months] + [r.value])
                      for i, r in enumerate(section.rows)], lang)
    if report.trend:
        _trend_sheet(book.create_sheet(_sheet_name(TREND.text(lang))), report, lang)
    save_workbook(book, path)


def _sheet_name(name: str) -> str:
    return name[:31]  # Excel's limit


def _summary_sheet(sheet: Any, report: Report, lang: Lang) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.append([title(report, lang)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([OFFICE.text(lang), report.office or ""])
    sheet.append([MADE_ON.text(lang), report.made_on])
    sheet["B3"].number_format = "yyyy-mm-dd"
    for section in report.sections:
        sheet.append([])
        sheet.append([section.title.text(lang)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
        sheet.append([ITEM.text(lang), VALUE.text(lang)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for row in section.rows:
            sheet.append([row.label.text(lang), row.value])
            _number_format(sheet.cell(sheet.max_row, 2))
    sheet.append([])
    sheet.append([NOT_DEFINED.text(lang)])
    _widths(sheet)


def _table_sheet(sheet: Any, heading: str, columns: Sequence[str],
                 rows: Sequence[tuple[str, Sequence[Any]]], lang: Lang) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([ITEM.text(lang), *columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for label, values in rows:
        sheet.append([label, *values])
        for cell in sheet[sheet.max_row][1:]:
            _number_format(cell)
    sheet.freeze_panes = "B3"
    _widths(sheet)


def _trend_sheet(sheet: Any, report: Report, lang: Lang) -> None:
    from openpyxl.styles import Font

    years = [year_label(y.label, lang) for y in report.trend]
    first = True
    for _, section_title, rows in _trend_tables(report):
        if not first:
            sheet.append([])
        first = False
        sheet.append([section_title.text(lang)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
        sheet.append([ITEM.text(lang), *years])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for label, values in rows:
            sheet.append([label.text(lang), *values])
    _widths(sheet)


def _number_format(cell: Any) -> None:
    if isinstance(cell.value, float):
        cell.number_format = "0.0"
    elif isinstance(cell.value, int):
        cell.number_format = "#,##0"


def _widths(sheet: Any) -> None:
    """Each column as wide as its longest text (Japanese counting double), within reason;
    the title row in column A is left to overflow."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                shown = f"{cell.value:,}" if isinstance(cell.value, int) else str(cell.value)
                widths[cell.column] = max(widths.get(cell.column, 0), text_width(shown))
    for column, size in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(size + 2, 8), 60)


# --- the trend ------------------------------------------------------------------------------

def _trend_tables(report: Report) -> Iterator[tuple[str, Label, list[tuple[Label, list[Any]]]]]:
    """Per charted section: its charted rows, one value per fiscal year."""
    if not report.trend:
        return
    for section in report.trend[-1].sections:
        rows = []
        for key in section.chart:
            label = next((r.label for r in section.rows if r.key == key), None)
            if label is not None:
                rows.append((label, [_value(y.sections, section.key, key) for y in report.trend]))
        yield section.key, section.title, rows


def _value(sections: list[SectionResult], section_key: str, row_key: str) -> Any:
    for section in sections:
        if section.key == section_key:
            return next((r.value for r in section.rows if r.key == row_key), "-")
    return "-"


# --- HTML ------------------------------------------------------------------------------------

STYLE = """
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
       margin: 2rem auto; max-width: 60rem; color: #222; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; border-bottom: 2px solid #4a7ebb; padding-bottom: .2rem;
     margin-top: 2rem; }
p.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #bbb; padding: .25rem .6rem; }
th { background: #ddebf7; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
div.wide { overflow-x: auto; }
figure { margin: 1rem 0; }
figcaption { font-weight: bold; margin-bottom: .3rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               figure, table { break-inside: avoid; } }
"""


def html_page(report: Report, lang: Lang) -> str:
    """One file, no scripts, nothing fetched: tables for every section and, for a fiscal
    year with a trend, a bar chart per charted section (like the seed's table of
    internships, hosts and employment)."""
    e = html.escape
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">',
             f"<title>{e(title(report, lang))}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
             f"<h1>{e(title(report, lang))}</h1>",
             f'<p class="meta">{e(OFFICE.text(lang))}: {e(report.office or "-")} ／ '
             f"{e(MADE_ON.text(lang))}: {report.made_on.isoformat()}</p>"]
    if report.trend:
        parts.append(f"<h2>{e(TREND.text(lang))}</h2>")
        years = [year_label(y.label, lang) for y in report.trend]
        for _, section_title, rows in _trend_tables(report):
            series = [Series(label.text(lang), [v if isinstance(v, int | float) else 0
                                                for v in values]) for label, values in rows]
            parts.append(f"<figure><figcaption>{e(section_title.text(lang))}</figcaption>"
                         f"{bar_chart(years, series)}</figure>")
            # years down the side: a long trend still fits the printed page
            parts.append(_html_table([FISCAL_YEAR.text(lang), *(label.text(lang) for label, _ in rows)],
                                     [(year, [values[i] for _, values in rows])
                                      for i, year in enumerate(years)]))
    for section in report.sections:
        parts.append(f"<h2>{e(section.title.text(lang))}</h2>")
        parts.append(_html_table([ITEM.text(lang), VALUE.text(lang)],
                                 [(r.label.text(lang), [r.value]) for r in section.rows]))
        if section.months:
            columns = [month_label(section, i, lang) for i in range(len(section.months))]
            parts.append(f"<p>{e(BY_MONTH.text(lang))}</p>")
            parts.append(_html_table(
                [ITEM.text(lang), *columns, YEAR_TOTAL.text(lang)],
                [(r.label.text(lang), [m.rows[i].value for m in section.months] + [r.value])
                 for i, r in enumerate(section.rows)]))
    parts.append(f'<p class="meta">{e(NOT_DEFINED.text(lang))}</p>\n</body>\n</html>\n')
    return "\n".join(parts)


def _html_table(columns: Sequence[str], rows: Sequence[tuple[str, Sequence[Any]]]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = "".join(
        "<tr><th>" + e(label) + "</th>"
        + "".join(f'<td class="n">{e(_shown(v))}</td>' for v in values) + "</tr>"
        for label, values in rows)
    return (f'<div class="wide"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _shown(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)
