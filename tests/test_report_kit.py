"""The report test kit for the core's sections: nine people whose records straddle the
fiscal year 2025 (1 April 2025 – 31 March 2026), every figure worked out by hand below,
for the year and for the months on either side of both of its ends."""

import datetime as dt

import pytest

from psccore.app import Psc
from psccore.domain.program import ReportPeriod
from psccore.testing import assert_report, report_figures

D = dt.date
PROGRAM = "household_budget"
FY2025 = ReportPeriod.fiscal_year(2025)


def _case(psc: Psc, name: str, opened: str) -> int:
    person = psc.add_person({"name": f"{name} 試験", "kana": "シケン", "birth_date": "1980-01-01"},
                            allow_duplicate=True)
    day = D.fromisoformat(opened)
    case = psc.open_case(person.id or 0, "consultation", {"route": "visit", "topics": ["income"]},
                         day).case.id or 0
    psc.enroll(case, PROGRAM, {"monthly_income": 0, "housing": "rented"}, day)
    return case


def _screen(psc: Psc, case_id: int, on: str, outcome: str) -> None:
    psc.record_screening(case_id, {"decided_on": on, "outcome": outcome,
                                   "agency": "仙台市社会福祉協議会" if outcome == "referred" else None})


def _approved(psc: Psc, case_id: int, on: str, *, work: bool,
              replan_of: int | None = None) -> int:
    """A plan (or re-plan) drafted the day before ``on`` and approved at a meeting on it."""
    day = D.fromisoformat(on)
    data = {"long_term_goal": "生活を立て直す", "period_start": on,
            "period_end": (day + dt.timedelta(days=180)).isoformat(),
            "goals": [{"text": "家計を見直す"}], "employment_support": work}
    if replan_of is None:
        plan = psc.draft_plan(case_id, data, today=day - dt.timedelta(days=1))
    else:
        plan = psc.replan(replan_of, {"employment_support": work}, today=day - dt.timedelta(days=1))
    psc.record_meeting({"held_on": on}, [{"plan_id": plan.plan.id, "decision": "approve"}])
    return plan.plan.id or 0


def _evaluate(psc: Psc, plan_id: int, on: str, result: str) -> None:
    goals = psc.get_plan(plan_id).goals
    psc.evaluate(plan_id, {"evaluated_on": on, "next_action": "continue",
                           "results": [{"goal_id": g.id, "result": result} for g in goals]})


def _job(psc: Psc, case_id: int, start: str) -> None:
    psc.add_employment(case_id, {"employer_name": "株式会社テスト", "start_on": start,
                                 "employment_type": "part_time"})


def _income(psc: Psc, case_id: int, on: str, before: int, after: int) -> None:
    psc.add_income_change(case_id, {"on": on, "before": before, "after": after})


def _assess(psc: Psc, case_id: int, on: str, housing: int) -> None:
    psc.record_assessment(case_id, {"assessed_on": on, "autonomy_stage": "daily_living",
                                    "ratings": [{"domain": "housing", "rating": housing}]})


@pytest.fixture
def office(psc: Psc) -> Psc:
    psc.set_office({"name": "テスト相談センター", "population": 50_000,
                    "population_on": "2025-10-01"})
    host = psc.add_employer({"name": "実習先A", "kana": "ジッシュウサキエー"})
    psc.add_partner_role(host.id or 0, {"role": "internship_host", "since": "2025-04-01"})
    provider = psc.add_employer({"name": "訓練先B", "kana": "クンレンサキビー"})
    psc.add_partner_role(provider.id or 0, {"role": "training_provider", "since": "2025-04-01"})

    # A: opened the day before the year; first plan (aiming at work) on its first day;
    # an internship, then a job in September; income up after the job (counted as work).
    a = _case(psc, "A", "2025-03-31")
    _screen(psc, a, "2025-03-31", "referred")  # the day before the year
    _approved(psc, a, "2025-04-01", work=True)
    psc.add_internship(a, {"host_id": host.id, "start_on": "2025-05-12",
                           "end_on": "2025-05-23", "days": 10})
    _job(psc, a, "2025-09-01")
    _income(psc, a, "2025-10-01", 0, 90_000)
    # B: opened on the year's first day; a plan not aiming at work, re-planned for work
    # in October; certified training; income up on the year's last day.
    b = _case(psc, "B", "2025-04-01")
    _screen(psc, b, "2025-04-02", "plan")
    first = _approved(psc, b, "2025-04-20", work=False)
    _approved(psc, b, "2025-10-01", work=True, replan_of=first)
    psc.add_training(b, {"provider_id": provider.id, "training_type": "employment",
                         "start_on": "2025-11-01", "end_on": "2026-01-31"})
    _income(psc, b, "2026-03-31", 80_000, 110_000)
    # C: opened on the year's last day; plan and job in the next year.
    c = _case(psc, "C", "2026-03-31")
    _screen(psc, c, "2026-03-31", "plan")
    _approved(psc, c, "2026-04-01", work=True)
    _job(psc, c, "2026-04-10")
    # D: a job that began before the plan (not counted), then income up; closed for work.
    d = _case(psc, "D", "2025-06-01")
    _approved(psc, d, "2025-06-15", work=True)
    _job(psc, d, "2025-06-10")
    _income(psc, d, "2025-12-01", 60_000, 70_000)
    psc.close_case(d, "employment", on=D(2026, 1, 15))
    # E: goals not reached, but housing rated better at the re-assessment.
    e = _case(psc, "E", "2025-05-10")
    _assess(psc, e, "2025-05-12", housing=2)
    plan_e = _approved(psc, e, "2025-05-20", work=False)
    _evaluate(psc, plan_e, "2025-11-01", "not_achieved")
    _assess(psc, e, "2025-11-02", housing=3)
    # F: a goal partly reached; closed (moved) on the year's last day.
    f = _case(psc, "F", "2025-07-01")
    _evaluate(psc, _approved(psc, f, "2025-07-10", work=False), "2026-02-01", "partly")
    psc.close_case(f, "moved", on=D(2026, 3, 31))
    # G: support ended in the year before; came back in April.
    g = _case(psc, "G", "2024-05-01")
    psc.close_case(g, "lost_contact", on=D(2025, 3, 31))
    again = psc.reopen_case(g, D(2025, 4, 15)).case.id or 0
    _screen(psc, again, "2025-04-16", "information")
    # H: goals not reached at the evaluation, then a job (improvement); income down later.
    h = _case(psc, "H", "2025-08-01")
    plan_h = _approved(psc, h, "2025-08-20", work=True)
    _evaluate(psc, plan_h, "2025-12-01", "not_achieved")
    _job(psc, h, "2025-12-15")
    _income(psc, h, "2026-01-10", 100_000, 90_000)
    # I: evaluated, nothing better.
    i = _case(psc, "I", "2025-09-01")
    _evaluate(psc, _approved(psc, i, "2025-09-10", work=False), "2026-01-20", "not_achieved")
    return psc


NO_CLOSURES = {"closed_employment": 0, "closed_higher_income": 0, "closed_moved": 0,
               "closed_lost_contact": 0, "closed_transferred": 0, "closed_other": 0}


def test_the_fiscal_year_2025(office: Psc) -> None:
    assert_report(office, FY2025, "national", {
        "new_consultations": 8,  # B C D E F G(again) H I; A opened the day before
        "returning": 1,  # G
        "screened_plan": 2, "screened_information": 1, "screened_referred": 0,  # B C, G
        "plans": 7,  # first plans of A B D E F H I; C's came on 1 April 2026
        "replans": 1,  # B
        "employment_support": 4,  # A (1 Apr), B (re-plan), D, H
        "employed": 2,  # A, H; D's job began before the plan, C's next year
        "higher_income": 2,  # B, D; A's rise came with the job, H's income fell
        "employed_or_higher_rate": 100.0,  # (2 + 2) / 4
        "evaluated": 4,  # E F H I
        "improved": 3,  # E (housing 2 → 3), F (partly), H (a job)
        "improved_rate": 75.0,
        "closed": 2, **NO_CLOSURES, "closed_employment": 1, "closed_moved": 1,  # D, F
        "open_at_end": 7,  # A B C E G H I
        "new_consultations_per_100k": 1.3,  # 8 / 12 / (50,000 / 100,000)
        "plans_per_100k": 1.2,  # 7 / 12 / 0.5
        "employment_support_per_100k": 0.7,  # 4 / 12 / 0.5
    })
    assert_report(office, FY2025, "placements", {
        "internship_hosts": 1, "internships": 1, "employed_after_internship": 1,
        "training_providers": 1, "trainings": 1,
    })


def test_march_2026_the_last_month_of_the_year(office: Psc) -> None:
    assert_report(office, ReportPeriod.month(2026, 3), "national", {
        "new_consultations": 1, "returning": 0, "plans": 0, "replans": 0,  # C
        "screened_plan": 1, "screened_information": 0, "screened_referred": 0,  # C
        "employment_support": 0, "employed": 0, "higher_income": 1,  # B on 31 March
        "employed_or_higher_rate": "-",  # nobody began employment support
        "evaluated": 0, "improved": 0, "improved_rate": "-",
        "closed": 1, **NO_CLOSURES, "closed_moved": 1,  # F on 31 March
        "open_at_end": 7,
        "new_consultations_per_100k": 2.0, "plans_per_100k": 0.0,
        "employment_support_per_100k": 0.0,
    })


def test_april_2026_the_first_month_of_the_next_year(office: Psc) -> None:
    assert_report(office, ReportPeriod.month(2026, 4), "national", {
        "new_consultations": 0, "returning": 0, "plans": 1, "replans": 0,  # C's plan
        "screened_plan": 0, "screened_information": 0, "screened_referred": 0,
        "employment_support": 1, "employed": 1, "higher_income": 0,  # C
        "employed_or_higher_rate": 100.0, "evaluated": 0, "improved": 0, "improved_rate": "-",
        "closed": 0, **NO_CLOSURES, "open_at_end": 7,
        "new_consultations_per_100k": 0.0, "plans_per_100k": 2.0,
        "employment_support_per_100k": 2.0,
    })


def test_april_2025_the_first_month_of_the_year(office: Psc) -> None:
    figures = report_figures(office, ReportPeriod.month(2025, 4), "national")
    assert (figures["new_consultations"], figures["returning"], figures["plans"],
            figures["employment_support"]) == (2, 1, 2, 1)  # B, G; A and B's plans; A


COUNTED_BY_MONTH = ("new_consultations", "returning", "plans", "replans", "closed",
                    "closed_employment", "closed_moved", "screened_plan",
                    "screened_information", "screened_referred")


def test_the_months_of_a_year_add_up_to_the_year(office: Psc) -> None:
    [section] = office.report(FY2025, ["national"])
    assert [m.period.start for m in section.months] == [
        D(2025, month, 1) for month in range(4, 13)] + [D(2026, month, 1) for month in (1, 2, 3)]
    for i, row in enumerate(section.rows):
        if row.key in COUNTED_BY_MONTH:
            assert sum(m.rows[i].value for m in section.months) == row.value, row.key  # type: ignore[misc]


def test_rates_per_100k_need_the_population(psc: Psc) -> None:
    figures = report_figures(psc, FY2025, "national")
    assert figures["new_consultations_per_100k"] == "-"
    assert figures["employed_or_higher_rate"] == "-"  # and no rate of nobody


@pytest.mark.parametrize(("fy", "ja", "en"), [
    (2018, "平成30年度（2018年度）", "FY2018 (Heisei 30)"),
    (2019, "令和元年度（2019年度）", "FY2019 (Reiwa 1)"),  # began under Heisei, on 1 April
    (2020, "令和2年度（2020年度）", "FY2020 (Reiwa 2)"),
    (2026, "令和8年度（2026年度）", "FY2026 (Reiwa 8)"),
])
def test_fiscal_years_are_labelled_in_the_era_of_their_end(fy: int, ja: str, en: str) -> None:
    period = ReportPeriod.fiscal_year(fy)
    assert (period.label.ja, period.label.en) == (ja, en)
    assert (period.start, period.end) == (D(fy, 4, 1), D(fy + 1, 3, 31))


def test_work_counts_only_while_the_plan_in_force_aims_at_it(psc: Psc) -> None:
    a = _case(psc, "J", "2025-04-01")
    first = _approved(psc, a, "2025-04-10", work=True)
    _approved(psc, a, "2025-07-01", work=False, replan_of=first)  # now aims at daily life
    _job(psc, a, "2025-08-01")
    b = _case(psc, "K", "2025-04-01")
    _approved(psc, b, "2025-04-10", work=True)
    _income(psc, b, "2025-06-01", 0, 80_000)  # from no income: starting work, not 増収
    figures = report_figures(psc, FY2025, "national")
    assert (figures["employment_support"], figures["employed"], figures["higher_income"]) == (
        2, 0, 0)


def test_months_not_yet_begun_are_not_reported_as_zero(psc: Psc) -> None:
    from psccore.dates import fiscal_year

    today = psc.today()  # the office's day, as the report's
    [section] = psc.report(ReportPeriod.fiscal_year(fiscal_year(today)), ["national"])
    for month in section.months:
        values = {r.key: r.value for r in month.rows}
        if month.period.start <= today:
            assert isinstance(values["new_consultations"], int), month.period.label.en
        else:
            assert set(values.values()) == {"-"}, month.period.label.en


@pytest.mark.parametrize(("text", "fy"), [
    ("2026", 2026), ("2026年度", 2026), ("令和8年度", 2026), ("R8", 2026), ("r8", 2026),
    ("令和元年度", 2019), ("平成30年度", 2018), ("H29", 2017), ("ＦＹ２０２６", 2026),
])
def test_fiscal_years_as_staff_write_them(text: str, fy: int) -> None:
    from psccore.dates import parse_fiscal_year

    assert parse_fiscal_year(text) == fy


def test_report_years_and_months_in_era_form_at_the_cli(psc_cli) -> None:  # type: ignore[no-untyped-def]
    assert psc_cli("report", "fy", "H29", "--section", "placements").output.startswith(
        "平成29年度（2017年度）")
    assert psc_cli("report", "month", "令和元年5月", "--section", "placements",
                   lang="en").output.startswith("May 2019")
    for args in (["fy", "26"], ["fy", "昭和"], ["fy", "令和8", "--trend-from", "R9"],
                 ["month", "2026-13"]):
        result = psc_cli("report", *args)
        assert result.exit_code == 2 and "Traceback" not in result.output, (args, result.output)


def test_a_case_opened_directly_in_another_program_is_no_new_consultation(office: Psc) -> None:
    person = office.add_person({"name": "直接 試験", "kana": "チョクセツ", "birth_date": "1980-01-01"})
    office.open_case(person.id or 0, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                     D(2025, 6, 1))  # a program the city contracts on its own
    figures = report_figures(office, FY2025, "national")
    assert (figures["new_consultations"], figures["open_at_end"]) == (8, 8)  # still B … I


def test_april_2025_screenings(office: Psc) -> None:
    figures = report_figures(office, ReportPeriod.month(2025, 4), "national")
    assert (figures["screened_plan"], figures["screened_information"],
            figures["screened_referred"]) == (1, 1, 0)  # B, G's new case
