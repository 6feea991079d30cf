"""Reports and printed forms through HTTP (Starlette's TestClient): the report page shows
the library's figures, with charts; every download opens in its format, carries its
Japanese file name and is audited as an export; staff see only the sections and answers
their roles allow (a withheld answer never reaches a printed form)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
from typing import Any
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from psccore import ReportPeriod
from psccore.dates import fiscal_year
from psccore.web.app import create_app

Office = Any
FY = 2026
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _token(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found[1]


def _signed_in(office: Office, login: str) -> TestClient:
    client = TestClient(create_app(office.psc), follow_redirects=False)
    form = client.get("/login")
    answer = client.post("/login", data={"csrf": _token(form.text), "login": login,
                                         "password": office.password})
    assert answer.status_code == 303, answer.text
    return client


def _shown(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _figures(page: str) -> dict[str, str]:
    """Each figure on the page by ``section.row`` key."""
    return {key: html.unescape(value) for key, value in re.findall(
        r'<tr data-row="([^"]+)"><th scope="row">[^<]*</th><td class="n">([^<]*)</td>', page)}


def _expected(office: Office, period: ReportPeriod, login: str = "admin") -> dict[str, str]:
    sections = office.psc.acting_as(login).report(period)
    return {f"{s.key}.{r.key or i}": _shown(r.value)
            for s in sections for i, r in enumerate(s.rows)}


def test_the_fiscal_years_report_shows_the_librarys_figures_with_charts(office: Office) -> None:
    client = _signed_in(office, "admin")
    page = client.get("/reports", params={"fy": "令和8年度"})
    assert page.status_code == 200, page.text
    shown = _figures(page.text)
    assert shown == _expected(office, ReportPeriod.fiscal_year(FY))
    assert {"national", "placements", "job_placement", office.program} <= {
        k.split(".")[0] for k in shown}
    assert shown["national.new_consultations"] != ""
    assert page.text.count("<svg") >= 2  # the months' bars and the trend's lines
    assert "<polyline" in page.text and 'class="bar"' in page.text
    assert "style=" not in page.text and "<script>" not in page.text  # the CSP's rules
    assert "令和8年度" in page.text and "4月" in page.text and "様式第8号" in page.text
    assert client.get("/reports", params={"fy": "2026"}).text.count("data-row") == len(shown)


def test_the_report_defaults_to_the_offices_fiscal_year_and_shows_a_month(
        office: Office) -> None:
    client = _signed_in(office, "admin")
    current = fiscal_year(office.psc.today())
    page = client.get("/reports")
    assert f'value="{current}"' in page.text
    assert _figures(page.text) == _expected(office, ReportPeriod.fiscal_year(current))
    month = client.get("/reports", params={"fy": "R8", "month": "4"})
    assert month.status_code == 200
    assert _figures(month.text) == _expected(office, ReportPeriod.month(2026, 4))
    assert "2026年4月" in month.text and "<svg" in month.text
    assert '<option value="4" selected>' in month.text


def test_a_wrong_fiscal_year_is_said_beside_the_field(office: Office) -> None:
    client = _signed_in(office, "admin")
    page = client.get("/reports", params={"fy": "来年"})
    assert page.status_code == 400
    assert 'id="fy-error"' in page.text and 'aria-invalid="true"' in page.text
    assert "data-row" not in page.text and "Traceback" not in page.text


def _disposition(answer: Any) -> str:
    return str(answer.headers["content-disposition"])


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json", "html"])
def test_every_report_format_downloads_named_and_audited(office: Office, fmt: str) -> None:
    client = _signed_in(office, "admin")
    before = [e.seq for e in office.psc.audit_log(staff="admin")]
    answer = client.get(f"/reports/file/{fmt}", params={"fy": "2026"})
    assert answer.status_code == 200, answer.text
    disposition = _disposition(answer)
    assert disposition.startswith("attachment;")
    assert f'filename="report-2026.{fmt}"' in disposition
    assert f"filename*=UTF-8''{quote(f'実績報告_令和8年度.{fmt}')}" in disposition
    expected = {s.key: s for s in office.psc.report(ReportPeriod.fiscal_year(FY))}
    national = expected["national"].rows[0]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        assert answer.headers["content-type"] == XLSX
        book = load_workbook(io.BytesIO(answer.content))
        values = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
        assert [national.label.ja, national.value] in values
        assert len(book.worksheets) >= 2  # the summary, the months, the trend
    elif fmt == "csv":
        assert answer.headers["content-type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert rows[0][:4] == ["節", "項目", "キー", "値"]
        assert [expected["national"].title.ja, national.label.ja, national.key,
                str(national.value)] == rows[1][:4]
    elif fmt == "json":
        assert answer.headers["content-type"] == "application/json"
        data = json.loads(answer.content)
        assert [s["key"] for s in data["sections"]] == list(expected)
        assert data["sections"][0]["rows"][0]["value"] == national.value
    else:
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert "<svg" in answer.text and national.label.ja in answer.text
    [audited] = [e for e in office.psc.audit_log(staff="admin") if e.seq not in before]
    assert (audited.action, audited.entity) == ("export", "reports")
    assert {fmt, "2026-04-01/2027-03-31", "national"} <= set(audited.fields)


def test_a_month_downloads_as_the_month(office: Office) -> None:
    client = _signed_in(office, "admin")
    answer = client.get("/reports/file/json", params={"fy": "2026", "month": "5"})
    assert json.loads(answer.content)["period"]["start"] == "2026-05-01"
    assert 'filename="report-2026-05.json"' in _disposition(answer)
    assert client.get("/reports/file/pdf", params={"fy": "2026"}).status_code == 404


def test_staff_without_a_role_get_no_menu_and_no_report(office: Office) -> None:
    office.psc.add_staff("nashi", "権限 なし")
    office.psc.set_password("nashi", office.password)
    client = _signed_in(office, "nashi")
    assert 'href="/reports"' not in client.get("/").text
    before = len(office.psc.audit_log())
    for path in ("/reports", "/reports/file/csv", "/reports/forms/placement-report/pdf"):
        answer = client.get(path, params={"fy": "2026"})
        assert answer.status_code == 404, path
        assert "data-row" not in answer.text and answer.headers["content-type"].startswith(
            "text/html")
    assert not [e for e in office.psc.audit_log()[:len(office.psc.audit_log()) - before]
                if e.action == "export"]


def test_a_caseworker_sees_only_the_sections_of_their_programs(office: Office) -> None:
    client = _signed_in(office, "kato")  # caseworker of readiness only
    assert 'href="/reports"' in client.get("/").text
    page = client.get("/reports", params={"fy": "2026"})
    sections = {k.split(".")[0] for k in _figures(page.text)}
    assert "readiness" in sections and "national" in sections
    assert office.program not in sections
    assert _figures(page.text) == _expected(office, ReportPeriod.fiscal_year(FY), "kato")
    for path in ("/reports", "/reports/file/csv"):
        refused = client.get(path, params={"fy": "2026", "section": office.program})
        assert refused.status_code == 404, path


def _pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True,
                              check=True).stdout.decode("utf-8")
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows()
                     for c in row if c.value is not None)


@pytest.fixture
def consulted(office: Office) -> Office:
    """The office's case in the consultation too, its health answer the canary; the
    read-only staff member may read the consultation (not its sensitive answers)."""
    office.psc.enroll(office.case, "consultation",
                      {"route": "visit", "topics": ["job_search"], "main_topic": "job_search",
                       "health": office.canary})
    office.psc.grant("yomi", "read_only", "consultation")
    return office


def test_read_only_staff_print_forms_without_the_withheld_answer(consulted: Office) -> None:
    office = consulted
    client = _signed_in(office, "yomi")
    case = client.get(f"/cases/{office.case}").text
    assert "帳票" in case and "相談受付・申込票" in case
    title = re.search(r"<title>(.*?)</title>", case, re.S)
    assert title and title[1].strip() == f"ケース #{office.case} | psccore"
    assert f'/cases/{office.case}/forms/reception/pdf' in case
    before = [e.seq for e in office.psc.audit_log(staff="yomi")]
    pdf = client.get(f"/cases/{office.case}/forms/reception/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert (f"filename*=UTF-8''{quote(f'相談受付・申込票_ケース{office.case}.pdf')}"
            in _disposition(pdf))
    text = _pdf_text(pdf.content)
    assert "相談受付" in text and "閲覧権限がありません" in text
    assert office.canary not in text
    xlsx = client.get(f"/cases/{office.case}/forms/reception/xlsx")
    assert xlsx.headers["content-type"] == XLSX
    assert "閲覧権限がありません" in _xlsx_text(xlsx.content)
    assert office.canary not in _xlsx_text(xlsx.content)
    exports = [e for e in office.psc.audit_log(staff="yomi")
               if e.seq not in before and e.action == "export"]
    assert [(e.entity, e.fields) for e in exports] == [("forms", ["reception"])] * 2
    # the same form for the administrator holds the answer: the check above can fail
    admin = _signed_in(office, "admin")
    assert office.canary in _pdf_text(
        admin.get(f"/cases/{office.case}/forms/reception/pdf").content)


def test_a_form_that_does_not_apply_or_a_case_not_ones_own_is_not_found(
        consulted: Office) -> None:
    office = consulted
    person = office.psc.add_person({"name": "別 一人", "kana": "ベツ カズト"}).id or 0
    other = office.psc.open_case(person, "household_budget",
                                 {"monthly_income": 0, "housing": "rented"}).case.id
    client = _signed_in(office, "sato")  # no role in the consultation
    assert client.get(f"/cases/{other}").status_code == 200  # the case is sato's to see
    case = client.get(f"/cases/{office.case}").text
    assert "相談受付・申込票" not in case  # its enrollment is not sato's to read
    assert "このケースで印刷できる様式はありません。" in case
    for path in (f"/cases/{office.case}/forms/reception/pdf",
                 f"/cases/{office.case}/forms/nothing/pdf",
                 f"/cases/{office.case}/forms/reception/docx",
                 f"/cases/{other}/forms/reception/pdf", "/cases/99999/forms/reception/pdf"):
        assert client.get(path).status_code == 404, path


def test_the_placement_report_form_of_a_fiscal_year(office: Office) -> None:
    client = _signed_in(office, "admin")
    pdf = client.get("/reports/forms/placement-report/pdf", params={"fy": "令和8年度"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "様式第8号" in _pdf_text(pdf.content)
    assert 'filename="form-placement-report-2026.pdf"' in _disposition(pdf)
    xlsx = client.get("/reports/forms/placement-report/xlsx", params={"fy": "2026"})
    assert "職業紹介事業報告書" in _xlsx_text(xlsx.content)
    assert client.get("/reports/forms/reception/pdf", params={"fy": "2026"}).status_code == 404
    [audited] = [e for e in office.psc.audit_log(staff="admin") if e.action == "export"
                 and sorted(e.fields) == ["FY2026", "placement-report"]][:1]
    assert audited.entity == "forms"


def test_the_report_in_english(office: Office) -> None:
    client = _signed_in(office, "admin")
    client.cookies.set("psc_lang", "en")
    page = client.get("/reports", params={"fy": "2026"})
    assert page.status_code == 200 and "Report for FY2026" in page.text
    assert "By month" in page.text and "Apr" in page.text
    assert _figures(page.text) == _expected(office, ReportPeriod.fiscal_year(FY))
    answer = client.get("/reports/file/csv", params={"fy": "2026"})
    assert "filename*=UTF-8''report%20FY2026.csv" in _disposition(answer)
    assert answer.content.decode("utf-8-sig").startswith("section,item,key,value")
