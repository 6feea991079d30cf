"""職業紹介事業報告書 (様式第8号) of a free placement business, for a fiscal year, from the
report section ``job_placement`` (docs/reports.md): the national form's table of
openings, job seekers and placements, each by employment length (常用 / 臨時 / 日雇) split
domestic / overseas, with totals. A free business has no fee lines."""

from __future__ import annotations

from psccore.dates import fiscal_year_label, fiscal_year_range
from psccore.domain.employers import EmploymentLength
from psccore.domain.job_placement import PLACES, REPORT_MEASURES
from psccore.forms.model import Cell, Form, PeriodData, PeriodFormDefinition, Row, Section, Table
from psccore.forms.national import T, era
from psccore.i18n import Label, current_lang

SECTION = "job_placement"
#: the form's line for each measure of the section (REPORT_MEASURES), with its unit
LINES = {
    "new_openings": Label("新規求人数（人）", "new openings (people)"),
    "openings_in_force": Label("有効求人数（人）", "openings in force (people)"),
    "new_applications": Label("新規求職申込件数（件）", "new job applications"),
    "seekers_in_force": Label("有効求職者数（人）", "job seekers in force"),
    "placements": Label("就職件数（件）", "placements"),
}
#: the measures counted at the year's end (31 March) rather than over the year
STOCKS = ("openings_in_force", "seekers_in_force")


def _label(key: str, label: Label, at_end: str) -> str:
    text = LINES.get(key, label).text()
    return text + (f"\n{at_end}" if key in STOCKS else "")


def _figures(data: PeriodData) -> Table:
    found = data.sections.get(SECTION)
    values = {r.key: r.value for r in found.rows} if found else {}
    end = fiscal_year_range(data.fiscal_year)[1]
    at_end = T(f"（{era(min(end, data.today))}現在）", f"(at {min(end, data.today)})")
    lengths = list(EmploymentLength)
    head = (Cell(T("区分", ""), shade=True, centre=True),
            *(Cell(length.label.text(), span=len(PLACES), shade=True, centre=True)
              for length in lengths),
            Cell(T("合計", "total"), shade=True, centre=True))
    places = (Cell("", shade=True),
              *(Cell(label.text(), shade=True, centre=True)
                for _ in lengths for _, label in PLACES),
              Cell("", shade=True))
    rows = tuple(
        (Cell(_label(key, label, at_end), shade=True),
         *(Cell(str(values.get(f"{key}_{place}_{length.value}", "")), centre=True)
           for length in lengths for place, _ in PLACES),
         Cell(str(values.get(key, "")), centre=True))
        for key, label in REPORT_MEASURES)
    columns = (T("区分", "item"), *(f"{length.label.text()} {label.text()}"
                                    for length in lengths for _, label in PLACES),
               T("合計", "total"))
    return Table(columns, (head, places, *rows), widths=(5, *(2 for _ in columns[2:]), 2),
                 header=False)


def build_placement_report(data: PeriodData) -> Form:
    start, end = fiscal_year_range(data.fiscal_year)
    reporter = Section(T("報告者", "Reporting business"), (
        Row(T("事業所の名称", "business"), data.office),
        Row(T("許可番号", "licence number"), ""),
        Row(T("事業の種類", "kind of business"),
            T("無料職業紹介事業（手数料は徴収しません）", "free job placement (no fees charged)")),
        Row(T("報告の対象期間", "period"), f"{era(start)} 〜 {era(end)}"),
        Row(T("報告年月日", "date of report"), T("令和　　年　　月　　日", "")),
        Row(T("代表者の氏名", "representative"), ""),
    ))
    figures = Section(T("1　職業紹介の状況", "1  Placement activity"), table=_figures(data))
    running = T("年度の途中のため、有効求人数・有効求職者数は本日現在の数です。",
                "The year is still running: the figures in force are as of today.") \
        if data.today < end else ""
    lengths = T("常用: 期間の定めなし又は4か月以上、臨時: 1か月以上4か月未満、日雇: 1か月未満。"
                "無料職業紹介事業のため手数料の欄はありません。",
                "regular: indefinite or 4 months and over; temporary: 1 to under 4 months; "
                "daily: under 1 month. A free business has no fee lines.")
    return Form(title=PLACEMENT_REPORT.title.text(), number=PLACEMENT_REPORT.number,
                office=data.office, issued_on=era(data.today),
                subject=fiscal_year_label(data.fiscal_year, current_lang()).split("（")[0],
                sections=(reporter, figures),
                note=T("", " ").join(n for n in (running, lengths) if n))


PLACEMENT_REPORT = PeriodFormDefinition(
    name="placement-report", title=Label("職業紹介事業報告書", "Job placement business report"),
    number="様式第8号", sections=(SECTION,), build=build_placement_report)
