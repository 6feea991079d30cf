"""The free job placement business report (職業紹介事業報告書, 様式第8号) printed for a
fiscal year: figures worked by hand appear in the PDF's text and the workbook's cells,
the fonts are embedded, and the printing is audited only with its file."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from psccore.app import Psc
from psccore.clock import OfficeClock
from psccore.errors import InvalidInput

D = dt.date
OPENING = {"title": "軽作業", "duties": "検品", "hours_per_day": 4, "days_per_week": 3,
           "time_of_day": "daytime", "wage_type": "hourly", "wage": 1000}


def at(psc: Psc, day: dt.date) -> Psc:
    return Psc.open(psc.ctx.db.url, staff=psc.staff_login, registry=psc.ctx.registry,
                    clock=OfficeClock.fixed(dt.datetime(day.year, day.month, day.day, 12)))


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def embedded(path: Path) -> list[bool]:
    fonts = PdfReader(path).pages[0]["/Resources"]["/Font"]
    return ["/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()[
        "/FontDescriptor"].get_object() for f in fonts.values()]


@pytest.fixture
def office(psc: Psc) -> Psc:
    """FY2026: openings 常用・国内 ×3 (4/10) and 臨時・国外 ×1 (5/1); two seekers wanting
    常用 (4/12); one hired on 4/20 into the first opening."""
    psc.set_office({"name": "わんすてっぷ就労準備支援センター"})
    employer = psc.add_employer({"name": "株式会社A", "kana": "エー", "industry": "物流"}).id or 0
    psc.add_partner_role(employer, {"role": "job_orders", "since": "2026-04-01"})
    first = psc.add_opening({**OPENING, "employer_id": employer, "opened_on": "2026-04-10",
                             "headcount": 3}).id or 0
    psc.add_opening({**OPENING, "employer_id": employer, "opened_on": "2026-05-01",
                     "employment_length": "temporary", "overseas": True})
    people = []
    for name, kana in (("一 太郎", "ニノマエ タロウ"), ("二 花子", "ニ ハナコ")):
        pid = psc.add_person({"name": name, "kana": kana}).id or 0
        psc.open_case(pid, "household_budget", {"monthly_income": 0, "housing": "rented"},
                      D(2026, 4, 1))
        psc.add_consent(pid, {"employer_id": employer, "categories": ["basic_profile"],
                              "purpose": "無料職業紹介による紹介", "valid_from": "2026-04-01",
                              "valid_until": "2027-03-31"})
        psc.register_seeker(pid, {"applied_on": "2026-04-12"})
        people.append(pid)
    referral = psc.refer(people[0], first, D(2026, 4, 15)).referral.id or 0
    psc.record_referral_outcome(referral, "hired", D(2026, 4, 20), {"employment_type": "regular"})
    return at(psc, D(2027, 4, 10))


def test_the_report_as_pdf_and_xlsx(office: Psc, tmp_path: Path) -> None:
    office.period_form("placement-report", 2026, tmp_path / "r.pdf")
    text = pdf_text(tmp_path / "r.pdf")
    for expected in ("職業紹介事業報告書", "様式第8号", "令和8年度", "わんすてっぷ就労準備支援センター",
                     "新規求人数", "有効求職者数", "令和9年3月31日現在", "常用", "臨時", "日雇",
                     "国内", "国外"):
        assert expected in text, expected
    assert "手数料" not in text.replace("手数料は徴収しません", "").replace("手数料の欄", "")
    assert embedded(tmp_path / "r.pdf") and all(embedded(tmp_path / "r.pdf"))
    office.period_form("placement-report", 2026, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet is not None
    lines = {str(row[0]).split("\n")[0]: row[1:] for row in sheet.iter_rows(values_only=True)
             if row[0]}
    # columns: 常用 国内・国外, 臨時 国内・国外, 日雇 国内・国外, 合計
    assert lines["新規求人数（人）"] == (3, 0, 0, 1, 0, 0, 4)
    # in force at 31 March: 3 − 1 hired, and the overseas temporary one
    assert lines["有効求人数（人）"] == (2, 0, 0, 1, 0, 0, 3)
    assert lines["新規求職申込件数（件）"] == (2, 0, 0, 0, 0, 0, 2)
    assert lines["有効求職者数（人）"][-1] == 0  # applications lapse after three months
    assert lines["就職件数（件）"] == (1, 0, 0, 0, 0, 0, 1)


def test_printing_is_audited_only_with_its_file(office: Psc, tmp_path: Path) -> None:
    def printed() -> list[Any]:
        return [e.fields for e in office.audit_log() if e.action == "export"
                and e.entity == "forms"]

    office.period_form("placement-report", 2026, tmp_path / "r.pdf")
    assert printed() == [["FY2026", "placement-report"]]  # names, sorted
    with pytest.raises(InvalidInput):  # there already: nothing written, nothing audited
        office.period_form("placement-report", 2026, tmp_path / "r.pdf")
    with pytest.raises(InvalidInput) as for_a_case:
        office.period_form("reception", 2026, tmp_path / "x.pdf")
    assert "for a case" in for_a_case.value.problems[0].text("en")
    with pytest.raises(InvalidInput) as for_a_year:
        office.form("placement-report", 1, tmp_path / "y.pdf")
    assert "--fy" in for_a_year.value.problems[0].text("en")
    assert len(printed()) == 1


def test_psc_form_with_a_fiscal_year(office: Psc, psc_cli: Any, tmp_path: Path) -> None:
    written = psc_cli("form", "placement-report", "--fy", "令和8年度", "-o",
                      str(tmp_path / "r.pdf"))
    assert written.exit_code == 0, written.output
    assert "職業紹介事業報告書" in pdf_text(tmp_path / "r.pdf")
    both = psc_cli("form", "placement-report", "1", "--fy", "2026", "-o", str(tmp_path / "b.pdf"))
    assert both.exit_code != 0 and not (tmp_path / "b.pdf").exists()



def test_the_english_note_keeps_its_sentences_apart() -> None:
    from psccore.forms.model import PeriodData
    from psccore.forms.placement import build_placement_report
    from psccore.i18n import reset_lang, set_lang

    token = set_lang("en")
    try:
        form = build_placement_report(PeriodData(office="Sendai", today=dt.date(2026, 12, 1),
                                                 fiscal_year=2026, sections={}))
    finally:
        reset_lang(token)
    assert "as of today. regular:" in form.note
