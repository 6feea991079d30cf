"""A fiscal year's report written as CSV, JSON, Excel and HTML through ``psc report``:
the files open with the tools people use (csv, json, openpyxl, a headless browser) and
carry the figures of the report."""

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from psccore.app import Psc
from psccore.domain.program import ReportPeriod

PROGRAM = "household_budget"


@pytest.fixture
def office(psc: Psc) -> Psc:
    """Three consultations in FY2025 (one in April, two in March) and one the year before;
    an internship host since FY2023 with one internship in FY2024."""
    psc.set_office({"name": "テスト相談センター", "population": 50_000})
    host = psc.add_employer({"name": "実習先A", "kana": "ジッシュウサキエー"})
    psc.add_partner_role(host.id or 0, {"role": "internship_host", "since": "2023-04-01"})
    for i, opened in enumerate(("2024-06-01", "2025-04-01", "2026-03-30", "2026-03-31")):
        person = psc.add_person({"name": f"試験 {i}", "kana": "シケン", "birth_date": "1990-01-01"},
                                allow_duplicate=True)
        day = dt.date.fromisoformat(opened)
        case = psc.open_case(person.id or 0, "consultation",
                             {"route": "phone", "topics": ["job_search"]}, day).case.id or 0
        psc.enroll(case, PROGRAM, {"monthly_income": 0, "housing": "rented"}, day)
        if i == 0:
            psc.add_internship(case, {"host_id": host.id, "start_on": "2024-07-01",
                                      "end_on": "2024-07-12", "days": 10})
    return psc


def _write(psc_cli, tmp_path: Path, name: str, *extra: str, lang: str = "ja") -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    result = psc_cli("report", "fy", "2025", "--trend-from", "2023", "-o", str(path), *extra,
                     lang=lang)
    assert result.exit_code == 0, result.output
    assert str(path) in result.output
    return path


def test_csv_opens_in_excel_and_carries_every_figure(office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write(psc_cli, tmp_path, "報告.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Japanese right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["節", "項目", "キー", "値"]
    assert rows[0][4:] == [f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    new = next(r for r in rows if r[2] == "new_consultations")
    assert new[1] == "新規相談受付件数"
    assert new[3] == "3" and new[4] == "1" and new[15] == "2"  # the year, April, March
    assert (path.stat().st_mode & 0o777) == 0o600  # for the office only


def test_json_has_both_languages_and_the_trend(office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(_write(psc_cli, tmp_path, "report.json").read_text(encoding="utf-8"))
    assert data["period"] == {"start": "2025-04-01", "end": "2026-03-31",
                              "label": {"ja": "令和7年度（2025年度）", "en": "FY2025 (Reiwa 7)"}}
    assert data["office"] == "テスト相談センター"
    national = next(s for s in data["sections"] if s["key"] == "national")
    new = next(r for r in national["rows"] if r["key"] == "new_consultations")
    assert new["value"] == 3 and new["label"]["en"] == "new consultations received"
    assert [y["fiscal_year"] for y in data["trend"]] == [2023, 2024, 2025]
    placements = [next(s for s in y["sections"] if s["key"] == "placements")
                  for y in data["trend"]]
    assert [next(r["value"] for r in s["rows"] if r["key"] == "internships")
            for s in placements] == [0, 1, 0]


def test_xlsx_has_japanese_headers_values_and_widths(office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(_write(psc_cli, tmp_path, "report.xlsx"))
    assert book.sheetnames == ["集計", "月別 national", "年度別の推移"]
    summary = book["集計"]
    assert summary["A1"].value == "令和7年度（2025年度） 実績報告"
    values = {r[0]: r[1] for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert values["事業所"] == "テスト相談センター"
    assert values["新規相談受付件数"] == 3
    assert values["人口10万人あたり月平均 新規相談受付件数"] == 0.5  # 3 / 12 / 0.5
    assert values["職業体験実習 協力事業所数"] == 1
    assert ("項目", "値") in {r[:2] for r in summary.iter_rows(values_only=True)}
    assert summary.column_dimensions["A"].width >= 40  # the longest label fits
    months = book["月別 national"]
    header = [c.value for c in months[2]]
    assert header[0] == "項目" and header[1] == "4月" and header[12] == "3月"
    assert header[13] == "期間計"
    new = next(r for r in months.iter_rows(min_row=3, values_only=True)
               if r[0] == "新規相談受付件数")
    assert new[1:] == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3)
    assert months.freeze_panes == "B3"
    trend = [r for r in book["年度別の推移"].iter_rows(values_only=True) if r and r[0]]
    assert ("項目", "令和5年度", "令和6年度", "令和7年度") in trend
    assert ("新規相談受付件数", 0, 1, 3) in trend


def test_xlsx_in_english(office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(_write(psc_cli, tmp_path, "report.xlsx", lang="en"))
    assert book.sheetnames == ["summary", "by month national", "Trend by fiscal year"]
    assert book["summary"]["A1"].value == "Report for FY2025 (Reiwa 7)"


def test_html_page_is_self_contained_with_charts(office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _write(psc_cli, tmp_path, "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ja">' in page
    assert page.count("<svg") == 2  # the national items and the internships table
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert "令和5年度" in page and "新規相談受付件数" in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_renders_in_a_headless_browser(office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    browser = _chromium()
    if browser is None:
        if os.environ.get("PSC_REQUIRE_BROWSER"):
            pytest.fail("PSC_REQUIRE_BROWSER is set but there is no chromium")
        pytest.skip("no headless browser (install chromium)")
    page = _write(psc_cli, tmp_path, "report.html")
    shot = tmp_path / "report.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,1400",
                    f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000  # a drawn page, not a blank
    print(f"screenshot: {shot}")


def test_bad_output_choices_are_refused_before_anything_is_built(
        office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    cases = [
        (["--format", "xlsx"], "--format xlsx には -o ファイル名 が必要です"),
        (["-o", str(tmp_path / "report.txt")], ".csv / .json / .xlsx / .html で終わる"),
        (["--format", "csv", "-o", str(tmp_path / "report.xlsx")], ".csv で終わる"),
        (["-o", str(tmp_path / "none" / "report.csv")], "フォルダ"),
        (["-o", str(tmp_path)], "フォルダです"),
        (["--trend-from", "2026"], "--trend-from"),
        (["--section", "nothing"], "報告の節 nothing はありません"),
    ]
    for args, message in cases:
        result = psc_cli("report", "fy", "2025", *args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written


def test_a_failed_write_leaves_no_file(office: Psc, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from psccore.documents import reports
    from psccore.documents.files import write_atomically

    found = office.build_report(ReportPeriod.fiscal_year(2025))
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the earlier report")

    def broken(report, path, lang):  # type: ignore[no-untyped-def]
        path.write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(reports, "write_xlsx", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, lambda p: reports.write_xlsx(found, p, "ja"), overwrite=True)
    assert target.read_bytes() == b"the earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_fy_without_a_year_is_this_fiscal_year(psc_cli) -> None:  # type: ignore[no-untyped-def]
    from psccore.dates import fiscal_year as fy_of
    from psccore.dates import fiscal_year_label

    result = psc_cli("report", "fy", "--section", "placements")
    assert result.exit_code == 0, result.output
    from psccore.clock import OfficeClock

    assert result.output.startswith(fiscal_year_label(fy_of(OfficeClock.from_env().today())))


def test_the_html_trend_lists_years_down_the_side(office: Psc, psc_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _write(psc_cli, tmp_path, "report.html").read_text(encoding="utf-8")
    assert "<th>年度</th><th>新規相談受付件数</th>" in page
    assert '<tr><th>令和7年度</th><td class="n">3</td>' in page  # FY2025: 3 consultations
