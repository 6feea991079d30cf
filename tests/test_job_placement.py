"""Free job placement (無料職業紹介): register → match → refer (consent checked,
disclosure recorded) → hired → employment, and the placement business report
(職業紹介事業報告書, 様式第8号) worked by hand across 31 March / 1 April."""

import datetime as dt
from collections.abc import Callable

import pytest
from click.testing import Result

from psccore.app import Psc
from psccore.clock import OfficeClock
from psccore.domain.program import ReportPeriod
from psccore.errors import InvalidInput, NotAllowed

D = dt.date
PROGRAM = "household_budget"
OPENING = {"title": "軽作業", "duties": "検品", "hours_per_day": 4, "days_per_week": 3,
           "time_of_day": "daytime", "wage_type": "hourly", "wage": 1000}


def at(psc: Psc, day: dt.date) -> Psc:
    """The same office, its clock stopped on ``day``."""
    return Psc.open(psc.ctx.db.url, staff=psc.staff_login, registry=psc.ctx.registry,
                    clock=OfficeClock.fixed(dt.datetime(day.year, day.month, day.day, 12)))


def _person(psc: Psc, name: str, kana: str, employer: int, opened: str = "2025-04-01") -> int:
    pid = psc.add_person({"name": name, "kana": kana}).id or 0
    psc.open_case(pid, PROGRAM, {"monthly_income": 0, "housing": "rented"},
                  D.fromisoformat(opened))
    psc.add_consent(pid, {"employer_id": employer, "categories": ["basic_profile"],
                          "purpose": "無料職業紹介による紹介", "valid_from": "2025-04-01",
                          "valid_until": "2027-03-31"})
    return pid


def _employer(psc: Psc) -> int:
    employer = psc.add_employer({"name": "株式会社A", "kana": "カブシキガイシャエー",
                                 "industry": "物流"}).id or 0
    psc.add_partner_role(employer, {"role": "job_orders", "since": "2025-04-01"})
    return employer


def _opening(psc: Psc, employer: int, opened: str, **more: object) -> int:
    return psc.add_opening({**OPENING, "employer_id": employer, "opened_on": opened,
                            **more}).id or 0


def test_register_match_refer_hire(psc: Psc) -> None:
    employer = _employer(psc)
    pid = _person(psc, "菅原 一郎", "スガワラ イチロウ", employer)
    psc.set_preferences(pid, {"duties": ["検品"], "max_hours_per_day": 5})
    opening = _opening(psc, employer, "2026-04-01", headcount=1)
    with pytest.raises(InvalidInput) as caught:  # not registered as a job seeker yet
        psc.refer(pid, opening, D(2026, 4, 3))
    assert "no job application in force on 2026-04-03" in caught.value.text("en")
    application = psc.register_seeker(pid, {"applied_on": "2026-04-02"})
    assert application.desired_work == ["検品"]  # from the preferences
    assert application.valid_until == D(2026, 7, 1)
    assert [m.opening.id for m in psc.match_person(pid)] == [opening]
    made = psc.refer(pid, opening, D(2026, 4, 3))
    assert made.sheet.employer == "株式会社A"
    disclosure = psc.list_disclosures(pid)[-1]
    assert (disclosure.document, disclosure.on, disclosure.id) == (
        "referral", D(2026, 4, 3), made.referral.disclosure_id)
    with pytest.raises(InvalidInput):  # one referral to an opening at a time
        psc.refer(pid, opening, D(2026, 4, 4))
    hired = psc.record_referral_outcome(made.referral.id or 0, "hired", D(2026, 4, 10),
                                        {"employment_type": "part_time"})
    assert (hired.outcome and hired.outcome.value, hired.outcome_on) == ("hired", D(2026, 4, 10))
    jobs = psc.placements_of(hired.case_id or 0).employments
    assert [(j.id, j.employer_id, j.start_on) for j in jobs] == [
        (hired.employment_id, employer, D(2026, 4, 10))]
    filled = psc.get_opening(opening)
    assert (filled.status.value, filled.closed_on) == ("filled", D(2026, 4, 10))
    with pytest.raises(InvalidInput):  # the outcome is known
        psc.record_referral_outcome(made.referral.id or 0, "declined")


def test_a_referral_needs_the_persons_consent(psc: Psc) -> None:
    employer = _employer(psc)
    other = psc.add_employer({"name": "株式会社B", "kana": "ビー"}).id or 0
    pid = _person(psc, "菅原 二郎", "スガワラ ジロウ", employer)
    psc.register_seeker(pid, {"applied_on": "2026-04-01"})
    opening = _opening(psc, other, "2026-04-01")
    with pytest.raises(NotAllowed):
        psc.refer(pid, opening, D(2026, 4, 2))
    assert psc.list_referrals(person_id=pid) == []
    assert psc.list_disclosures(pid) == []


def _report(psc: Psc, fy: int, today: dt.date) -> dict[str | None, object]:
    [section] = at(psc, today).report(ReportPeriod.fiscal_year(fy), ["job_placement"])
    return {r.key: r.value for r in section.rows}


def test_the_placement_business_report_across_the_end_of_march(psc: Psc) -> None:
    employer = _employer(psc)
    # openings: O1 常用・国内 ×2 (3/10), O2 臨時・国内 ×1 (3/31), O3 日雇・国外 ×1 (4/1)
    o1 = _opening(psc, employer, "2026-03-10", headcount=2)
    o2 = _opening(psc, employer, "2026-03-31", employment_length="temporary")
    _opening(psc, employer, "2026-04-01", employment_length="daily", overseas=True)
    # seekers: P1 常用 (3/15, in force to 6/14); P2 臨時 (4/1); P3 常用 (2025-12-01,
    # lapsed 2026-02-28)
    p1 = _person(psc, "一 太郎", "ニノマエ タロウ", employer)
    p2 = _person(psc, "二 花子", "ニ ハナコ", employer)
    p3 = _person(psc, "三 次郎", "サン ジロウ", employer)
    psc.register_seeker(p1, {"applied_on": "2026-03-15"})
    psc.register_seeker(p2, {"applied_on": "2026-04-01", "employment_length": "temporary"})
    psc.register_seeker(p3, {"applied_on": "2025-12-01"})
    # P1 → O1 referred 3/20, hired 3/31; P2 → O2 referred 4/1, hired 4/2 (O2 filled)
    r1 = psc.refer(p1, o1, D(2026, 3, 20)).referral.id or 0
    psc.record_referral_outcome(r1, "hired", D(2026, 3, 31), {"employment_type": "regular"})
    r2 = psc.refer(p2, o2, D(2026, 4, 1)).referral.id or 0
    psc.record_referral_outcome(r2, "hired", D(2026, 4, 2), {"employment_type": "contract"})
    fy2025 = _report(psc, 2025, D(2026, 5, 1))
    # new openings 2 + 1; in force at 3/31: O1 2 − 1 hired, O2 1 (filled only on 4/2);
    # applications P1, P3; in force at 3/31: P1 hired that day, P3 lapsed → 0; placed P1
    assert {k: fy2025[k] for k in ("new_openings", "new_openings_domestic_regular",
                                   "new_openings_domestic_temporary", "openings_in_force",
                                   "openings_in_force_domestic_regular",
                                   "openings_in_force_domestic_temporary", "new_applications",
                                   "new_applications_domestic_regular", "seekers_in_force",
                                   "placements", "placements_domestic_regular")} == {
        "new_openings": 3, "new_openings_domestic_regular": 2,
        "new_openings_domestic_temporary": 1, "openings_in_force": 2,
        "openings_in_force_domestic_regular": 1, "openings_in_force_domestic_temporary": 1,
        "new_applications": 2, "new_applications_domestic_regular": 2,
        "seekers_in_force": 0, "placements": 1, "placements_domestic_regular": 1}
    # FY2026 on 5/1: new O3 (日雇・国外); in force O1 1 left, O3 1; application P2;
    # none in force (P1 and P2 hired); placed P2 (臨時)
    fy2026 = _report(psc, 2026, D(2026, 5, 1))
    assert {k: fy2026[k] for k in ("new_openings", "new_openings_overseas_daily",
                                   "openings_in_force", "openings_in_force_overseas_daily",
                                   "new_applications", "new_applications_domestic_temporary",
                                   "seekers_in_force", "placements",
                                   "placements_domestic_temporary")} == {
        "new_openings": 1, "new_openings_overseas_daily": 1, "openings_in_force": 2,
        "openings_in_force_overseas_daily": 1, "new_applications": 1,
        "new_applications_domestic_temporary": 1, "seekers_in_force": 0, "placements": 1,
        "placements_domestic_temporary": 1}
    # on 31 March itself, before the hires of April: P2 not yet registered
    early = _report(psc, 2025, D(2026, 3, 31))
    assert (early["openings_in_force"], early["placements"]) == (2, 1)
    assert sum(1 for k in fy2025 if str(k).startswith("placements")) == 7  # total + 2 × 3


def test_refer_from_the_command_line(psc: Psc, psc_cli: Callable[..., Result]) -> None:
    employer = _employer(psc)
    pid = _person(psc, "菅原 三郎", "スガワラ サブロウ", employer)
    opening = _opening(psc, employer, "2026-04-01")
    run = psc_cli
    done = run("referral", "register", str(pid), "--on", "2026-04-02", lang="en")
    assert done.exit_code == 0, done.output
    done = run("match", "refer", str(pid), str(opening), "--on", "2026-04-03", lang="en")
    assert done.exit_code == 0, done.output
    assert "Referred" in done.output and "株式会社A" in done.output
    [referral] = psc.list_referrals(person_id=pid)
    done = run("referral", "outcome", str(referral.id), "hired", "--on", "2026-04-10",
               "--type", "part_time", lang="en")
    assert done.exit_code == 0, done.output
    listed = run("referral", "list", "--person", str(pid), lang="en")
    assert "hired" in listed.output
