"""The reports in a real browser: the fiscal year's report with its charts, and its
Excel file downloaded as a staff member would (with screenshots, see ``conftest.shot``)."""

from __future__ import annotations

import io
from typing import Any

Office = Shot = SignIn = Any  # the fixtures of conftest.py


def test_the_fiscal_years_report_with_charts_and_its_excel_file(
        office: Office, page: Any, shot: Shot, sign_in: SignIn) -> None:
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    office.psc.enroll(office.case, "consultation", {
        "route": "visit", "topics": ["job_search"], "main_topic": "job_search"})
    sign_in("admin", office.password)
    page.get_by_role("link", name="報告").click()
    page.get_by_role("textbox", name="年度").fill("令和8年度")
    page.get_by_role("button", name="表示").click()
    expect(page.get_by_role("heading", name="令和8年度（2026年度） 実績報告")).to_be_visible()
    charts = page.locator("figure.chart svg")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    assert page.locator("svg.chart rect.bar").count() >= 1  # the month's new consultation
    assert page.locator("svg.chart polyline").count() >= 1
    shot("report-fy", height=1600)

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    download = waiting.value
    assert download.suggested_filename == "実績報告_令和8年度.xlsx"
    with open(download.path(), "rb") as saved:  # a name without .xlsx: read as bytes
        book = load_workbook(io.BytesIO(saved.read()))
    assert "令和8年度" in str(book.worksheets[0]["A1"].value)

    page.get_by_role("combobox", name="月").select_option("4")
    page.get_by_role("button", name="表示").click()
    expect(page.get_by_role("heading", name="2026年4月 実績報告")).to_be_visible()
    shot("report-month", height=1600)

    page.goto(f"/cases/{office.case}")
    expect(page.get_by_role("heading", name="帳票")).to_be_visible()
    with page.expect_download() as waiting:
        page.locator("#forms a[href$='/forms/reception/pdf']").click()
    assert waiting.value.suggested_filename == f"相談受付・申込票_ケース{office.case}.pdf"
    page.locator("#forms").scroll_into_view_if_needed()
    shot("case-forms", near="#forms")
