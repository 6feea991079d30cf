"""Reports as of a date (the seed's "H29 (7月現在)"): every figure counts only what
happened up to that day; a figure that begins in a later fiscal year shows "–", not 0
(certified training before FY2015), in every format."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from psccore import open_through_consultation
from psccore.app import Psc
from psccore.domain.program import ReportPeriod

D = dt.date
PROGRAM = "household_budget"


@pytest.fixture
def office(psc: Psc) -> Psc:
    host = psc.add_employer({"name": "実習先A", "kana": "ジッシュウサキエー"}).id or 0
    psc.add_partner_role(host, {"role": "internship_host", "since": "2013-04-01"})
    provider = psc.add_employer({"name": "訓練先B", "kana": "クンレンサキビー"}).id or 0
    psc.add_partner_role(provider, {"role": "training_provider", "since": "2017-08-01"})
    pid = psc.add_person({"name": "佐藤 花子", "kana": "サトウ ハナコ"}).id or 0
    case = open_through_consultation(psc, pid, PROGRAM, {"monthly_income": 0,
                                                         "housing": "rented"},
                                     D(2017, 4, 3)).case.id or 0
    # FY2017: internships starting 7/31 and 8/1; a training from 8/1
    for start, end in (("2017-07-31", "2017-08-11"), ("2017-08-01", "2017-08-14")):
        psc.add_internship(case, {"host_id": host, "start_on": start, "end_on": end,
                                  "days": 10})
    psc.add_training(case, {"provider_id": provider, "training_type": "employment",
                            "start_on": "2017-08-01", "end_on": "2017-10-31"})
    return psc


def _rows(psc: Psc, fy: int, as_of: dt.date | None = None) -> dict[str | None, object]:
    [section] = psc.report(ReportPeriod.fiscal_year(fy), ["placements"], as_of=as_of)
    return {r.key: r.value for r in section.rows}


def test_as_of_counts_what_happened_by_that_day(office: Psc) -> None:
    whole = _rows(office, 2017)
    assert (whole["internships"], whole["trainings"], whole["training_providers"]) == (2, 1, 1)
    july = _rows(office, 2017, D(2017, 7, 31))  # the 8/1 internship and training not yet
    assert (july["internships"], july["trainings"], july["training_providers"],
            july["internship_hosts"]) == (1, 0, 0, 1)
    assert _rows(office, 2017, D(2018, 5, 1)) == whole  # after the year: the whole year
    report = office.build_report(ReportPeriod.fiscal_year(2017), ["national"],
                                 as_of=D(2017, 7, 31))
    assert report.period.label.ja == "平成29年度（2017年度）（7月31日現在）"
    assert report.period.end == D(2017, 7, 31)
    [national] = report.sections
    firsts = [m.rows[0].value for m in national.months]
    assert (firsts[0], firsts[3], firsts[4]) == (1, 0, "-")  # April (opened), July, August


def test_figures_before_their_first_year_show_a_dash(office: Psc) -> None:
    fy2014 = _rows(office, 2014)
    assert (fy2014["internships"], fy2014["trainings"], fy2014["training_providers"]) == (
        0, "–", "–")
    assert _rows(office, 2015)["trainings"] == 0


def test_the_dash_and_the_cut_in_every_format(office: Psc, psc_cli: Callable[..., Result],
                                              tmp_path: Path) -> None:
    run = psc_cli
    table = run("report", "fy", "2014", "--section", "placements", lang="en")
    assert table.exit_code == 0, table.output
    assert any("trainings held" in line and "–" in line for line in table.output.splitlines())
    csv = run("report", "fy", "2014", "--section", "placements", "--format", "csv", lang="en")
    assert ",trainings,–" in csv.output
    js = json.loads(run("report", "fy", "2014", "--section", "placements", "--format", "json",
                        "--trend-from", "2013", lang="en").output)
    rows = {r["key"]: r["value"] for r in js["sections"][0]["rows"]}
    assert rows["trainings"] == "–"
    html = run("report", "fy", "2014", "--section", "placements", "--format", "html",
               lang="en").output
    assert "–" in html
    out = tmp_path / "r.xlsx"
    done = run("report", "fy", "2017", "--section", "placements", "--as-of", "2017-07-31",
               "-o", str(out), lang="en")
    assert done.exit_code == 0, done.output
    cells = [c.value for sheet in openpyxl.load_workbook(out) for row in sheet.iter_rows()
             for c in row]
    assert any("as of 2017-07-31" in str(c) for c in cells)
    out14 = tmp_path / "r14.xlsx"
    run("report", "fy", "2014", "--section", "placements", "-o", str(out14), lang="en")
    cells = [c.value for sheet in openpyxl.load_workbook(out14) for row in sheet.iter_rows()
             for c in row]
    assert "–" in cells
    cut = run("report", "fy", "2017", "--section", "placements", "--as-of", "2017-07-31",
              lang="en")
    assert "(as of 2017-07-31)" in cut.output
    assert any("internships held" in line and line.rstrip().endswith("1")
               for line in cut.output.splitlines())


def test_the_employment_table_shows_the_dash(office: Psc,
                                             psc_cli: Callable[..., Result]) -> None:
    out = psc_cli("report", "employment", "--from-fy", "2014", "--to-fy", "2015").output
    line = next(x for x in out.splitlines() if "就労訓練実施件数" in x)
    assert "–" in line and line.rstrip().endswith("0")
