"""Employers to introductions, through the CLI."""

import json


def _id(result) -> int:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["id"])


def test_employer_development_matching_and_a_consented_introduction(psc_cli) -> None:
    run = psc_cli
    employer = _id(run("employer", "add", "--name", "株式会社A", "--kana", "エー",
                       "--industry", "衣料品プリント加工", "--ward", "宮城野区", "--on", "2026-04-01",
                       "--json"))
    assert run("employer", "visit", str(employer), "--purpose", "first_visit",
               "--on", "2026-04-10", "--notes", "制度の説明").exit_code == 0
    assert run("employer", "stage", str(employer), "visit", "--on", "2026-04-10").exit_code == 0
    assert run("employer", "stage", str(employer), "agreement", "--on", "2026-05-01"
               ).exit_code == 0
    assert run("employer", "role", str(employer), "internship_host", "--since", "2026-05-01"
               ).exit_code == 0
    shown = run("employer", "show", str(employer), lang="en").output
    assert "3 job order / partner agreement" in shown and "internship host 2026-05-01" in shown
    assert [line.split()[0] for line in shown.splitlines() if line.startswith("2026-")] == [
        "2026-04-01", "2026-04-10", "2026-05-01", "2026-04-10"]

    opening = _id(run("opening", "add", str(employer), "--title", "軽作業", "--duties",
                      "Tシャツのたたみ", "--hours", "6", "--days", "5", "--time", "daytime",
                      "--wage", "1000", "--relax", "short_hours", "--min-hours", "4", "--json"))
    person = _id(run("person", "add", "--name", "渡辺 蓮", "--kana", "ワタナベ レン",
                     "--birth-date", "2000-01-01", "--json"))
    run("case", "open", str(person), "--program", "household_budget", "--on", "2026-04-01",
        "--set", "monthly_income=0", "--set", "housing=rented")
    assert run("prefs", "set", str(person), "--max-hours", "4", "--duty", "たたみ").exit_code == 0
    matched = run("match", "person", str(person), lang="en")
    assert f"1. opening {opening} 軽作業" in matched.output
    assert "△ hours: 6 h a day, can be shortened to 4 h (limit 4 h)" in matched.output
    listed = json.loads(run("match", "opening", str(opening), "--json").stdout)
    assert listed[0]["person_id"] == person and listed[0]["breaks_hard_limit"] is False

    refused = run("introduce", str(person), "--employer", str(employer), lang="en")
    assert refused.exit_code == 5 and "no consent in force" in refused.output
    assert "No disclosures" in run("person", "disclosures", str(person), lang="en").output
    assert run("consent", "add", str(person), "--employer", str(employer), "--category",
               "basic_profile", "--purpose", "実習の受入れ調整", "--from", "2026-05-01",
               "--until", "2026-10-31", "--form", "No.17", "--yes").exit_code == 0
    sheet = run("introduce", str(person), "--employer", str(employer), "--on", "2026-05-20")
    assert sheet.exit_code == 0, sheet.output
    assert "渡辺 蓮" in sheet.output and "26" in sheet.output  # age on that day
    disclosures = json.loads(run("person", "disclosures", str(person), "--json").stdout)
    assert [(d["on"], sorted(d["items"])) for d in disclosures] == [
        ("2026-05-20", ["basic_profile.age", "basic_profile.kana", "basic_profile.name"])]


def test_internship_rules_and_the_fiscal_year_table(psc_cli) -> None:
    run = psc_cli
    host = _id(run("employer", "add", "--name", "杜の食堂", "--json"))
    run("employer", "role", str(host), "internship_host", "--since", "2019-01-01")
    person = _id(run("person", "add", "--name", "菅原 誠", "--kana", "スガワラ マコト", "--json"))
    case = json.loads(run("case", "open", str(person), "--program", "household_budget", "--on",
                          "2019-01-10", "--set", "monthly_income=0", "--set", "housing=rented",
                          "--json").stdout)["case"]["id"]
    short = run("internship", "add", str(case), "--host", str(host), "--from", "2019-03-25",
                "--to", "2019-03-31", "--days", "4", lang="en")
    assert short.exit_code == 2 and "$.days: must be between 5 and 20" in short.output
    for start, end in (("2019-03-25", "2019-03-31"), ("2019-04-01", "2019-04-12")):
        assert run("internship", "add", str(case), "--host", str(host), "--from", start,
                   "--to", end, "--days", "5").exit_code == 0
    table = run("report", "employment", "--from-fy", "2018", "--to-fy", "2019").output
    assert "平成30年度  令和元年度" in table
    counts = [line.split()[-2:] for line in table.splitlines() if "実施件数" in line]
    assert counts == [["1", "1"], ["0", "0"]]
    english = run("report", "employment", "--from-fy", "2019", "--to-fy", "2019", lang="en")
    assert "FY2019 (Reiwa 1)" in english.output
