"""The readiness section of the period report, figures worked by hand; the demo month;
what an introduction sheet may carry; erasure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from readiness_support import Center

from psc_readiness import orders as work_orders
from psc_readiness.privacy import disclosure_items, erase_person
from psc_readiness.progress import review_stage
from psc_readiness.sessions import cancel_session, record_attendance
from psc_readiness.tables import readiness_attendance, readiness_sessions
from psccore import Psc, PscError, ReportPeriod

AUG = dt.date(2017, 9, 1)


def build(psc: Psc, center: Center) -> dict[str, int]:
    """Three participants (one closed before FY2017), a month of sessions, two orders."""
    jiro = center.participant("鈴木 次郎", on=dt.date(2016, 10, 3))
    psc.close_case(jiro, "lost_contact", on=dt.date(2017, 3, 31))
    taro = center.participant(on=dt.date(2017, 4, 3))
    hanako = center.participant("佐藤 花子", on=dt.date(2017, 8, 7))
    july = center.session("2017-07-25", "am", "pc")
    work1, work2 = (center.session(d, "am", "piecework") for d in ("2017-08-08", "2017-08-09"))
    course = center.session("2017-08-09", "pm", "pc")
    farm = center.session("2017-08-10", "am", "social_farm")
    cancel_session(psc, farm.id or 0, "雨天")
    record_attendance(psc, july.id or 0, [taro], "present", today=AUG)
    record_attendance(psc, work1.id or 0, [taro], "present", today=AUG)
    record_attendance(psc, work2.id or 0, [taro], "present", today=AUG)
    record_attendance(psc, work1.id or 0, [hanako], "absent", reason="illness",
                              note="頭痛とのこと", today=AUG)
    record_attendance(psc, course.id or 0, [taro], "late", minutes_late=10,
                              reason="overslept", today=AUG)
    on_time = center.order(quantity=1000, unit_price="0.8")  # 800 yen
    late = center.order(activity="envelope_stuffing", task="封入", quantity=200,
                        unit_price="2.5", due_on="2017-08-10")  # 500 yen
    for order, delivered in ((on_time, dt.date(2017, 8, 18)), (late, dt.date(2017, 8, 14))):
        work_orders.record_work(psc, order.id or 0, order.quantity, on=dt.date(2017, 8, 9),
                            today=AUG)
        work_orders.deliver(psc, order.id or 0, delivered)
    review_stage(psc, taro, "social_life", dt.date(2017, 8, 31), today=AUG)
    review_stage(psc, hanako, "daily_living", dt.date(2017, 8, 31), "様子見", today=AUG)
    psc.add_employment(taro, {"employer_name": "仙台の物流会社", "start_on": "2017-09-01",
                              "employment_type": "part_time"})
    return {"taro": taro, "hanako": hanako}


def figures(psc: Psc, period: ReportPeriod) -> dict[str, object]:
    [section] = psc.report(period, ["readiness"])
    return {row.label.en: row.value for row in section.rows}


def test_the_section_for_a_month_and_a_fiscal_year(psc: Psc, center: Center) -> None:
    build(psc, center)
    august = figures(psc, ReportPeriod.month(2017, 8))
    assert august == {
        "participants": 2, "of whom new": 1,  # 佐藤 (new in August) and 山田
        "sessions held": 3,  # the cancelled farm session does not count
        "of which work programs": 2, "of which skill-up courses": 1,
        "attendances": 3, "attendance rate (%)": 75.0,  # 3 came of 4 expected
        "orders delivered": 2, "of which on time": 1,
        "value of orders delivered (yen)": 1300,
        "moved up an autonomy stage": 1,  # 山田 to social-life; 佐藤 stayed
        "went on to an internship": 0, "went on to certified training": 0,
        "found work": 0,  # 山田's job began in September
    }
    year = figures(psc, ReportPeriod.fiscal_year(2017))
    assert year["participants"] == 2  # 鈴木 closed on 31 March, before FY2017
    assert year["of whom new"] == 2 and year["sessions held"] == 4
    assert year["attendance rate (%)"] == 80.0 and year["found work"] == 1
    assert figures(psc, ReportPeriod.fiscal_year(2016))["participants"] == 1


def test_the_report_command_prints_the_section(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    build(psc, center)
    result = psc_cli("report", "month", "2017-08")
    assert result.exit_code == 0, result.output
    assert "2017年8月" in result.output and "■ 就労準備支援事業" in result.output
    assert "出席率（%）" in result.output and "75.0" in result.output
    english = psc_cli("report", "fy", "2017", "--section", "readiness", lang="en")
    assert "FY2017 (Heisei 29)" in english.output and "found work" in english.output
    unknown = psc_cli("report", "fy", "2017", "--section", "nothing")
    assert unknown.exit_code == 2 and "nothing" in unknown.output


def test_an_introduction_carries_the_rate_and_stage_but_no_reasons(
        psc: Psc, center: Center) -> None:
    people = build(psc, center)
    person_id = psc.get_case(people["hanako"]).person.id or 0
    with psc.program_read("readiness") as conn:
        items = list(disclosure_items(person_id, conn))
    assert [(key, str(value)) for key, _, value in items] == [
        ("readiness.attendance_rate", "0.0%（参加 0／記録 1、うち遅刻 0・早退 0）"),
        ("readiness.autonomy_stage", "日常生活自立")]


def test_erasure_blanks_notes_and_keeps_what_is_counted(psc: Psc, center: Center) -> None:
    people = build(psc, center)
    person_id = psc.get_case(people["hanako"]).person.id or 0
    with psc.program_write("readiness", person_id=person_id) as tx:
        erase_person(person_id, tx)
    with psc.program_read("readiness") as conn:
        notes = conn.execute(sa.select(readiness_attendance.c.note, readiness_attendance.c.presence)
                             ).all()
    assert ("頭痛とのこと", "absent") not in notes and (None, "absent") in notes
    assert figures(psc, ReportPeriod.month(2017, 8))["attendance rate (%)"] == 75.0
    assert [e.fields for e in psc.audit_log(person_id=person_id) if e.action == "erase"] == \
        [["note"], ["note"]]  # the absence's note and the stage review's


def test_the_demo_has_a_month_of_readiness_activity(psc: Psc) -> None:
    from psccore.demo import load_demo

    load_demo(psc, today=dt.date(2026, 11, 27), history=False)
    with psc.program_read("readiness") as conn:
        sessions = conn.execute(sa.select(readiness_sessions.c.held_on)).scalars().all()
        attended = conn.execute(sa.select(sa.func.count()).select_from(readiness_attendance)
                                ).scalar_one()
        orders = work_orders.progress(conn, work_orders.orders(conn), dt.date(2026, 11, 27))
    assert {d.month for d in sessions} == {10} and len(sessions) > 100
    assert attended > 50
    assert sum(o.delivered for o in orders) == 3 and sum(o.at_risk for o in orders) == 1
    assert figures(psc, ReportPeriod.month(2026, 10))["sessions held"] == len(sessions)


def test_the_section_is_for_staff_who_may_read_the_program(psc: Psc, center: Center) -> None:
    build(psc, center)
    psc.add_staff("kato.m", "加藤 誠")
    other = psc.acting_as("kato.m")
    with pytest.raises(PscError):
        other.report(ReportPeriod.month(2017, 8))  # no role anywhere: no report at all
    others = sorted(set(psc.programs) - {"readiness"})
    if others:  # a caseworker of another program gets the report without this section
        psc.grant("kato.m", "caseworker", others[0])
        assert "readiness" not in [s.key for s in other.report(ReportPeriod.month(2017, 8))]
        with pytest.raises(PscError):
            other.report(ReportPeriod.month(2017, 8), ["readiness"])
    psc.grant("kato.m", "read_only", "readiness")
    assert "readiness" in [s.key for s in other.report(ReportPeriod.month(2017, 8))]


HOME, NORTH, ORG = "本所", "北拠点", "法人"
#: figures of events (each counted for the office holding the case that day): the
#: organisation's are the sums of its offices'
EVENTS = ("of whom new", "attendances", "moved up an autonomy stage",
          "went on to an internship", "went on to certified training", "found work")


def by_office(psc: Psc, period: ReportPeriod, **scope: str) -> dict[str, object]:
    [section] = psc.report(period, ["readiness"], **scope)
    return {row.label.en: row.value for row in section.rows}


def test_each_office_counts_what_happened_while_it_held_the_case(
        psc: Psc, center: Center) -> None:
    """山田 moves to 北拠点 on 9 August: his July and 8 August attendances stay with 本所,
    the 9 August ones, his review of the 31st and his job in September go with him;
    佐藤 stays at 本所. Sessions and orders belong to no case: ``-``."""
    people = build(psc, center)
    psc.add_office(ORG, {"name": NORTH})
    psc.transfer_case(people["taro"], NORTH, with_sensitive=False, on=dt.date(2017, 8, 9))
    year = ReportPeriod.fiscal_year(2017)
    home, north = by_office(psc, year, office=HOME), by_office(psc, year, office=NORTH)
    org = by_office(psc, year, organisation=ORG)
    whole = {"sessions held": "-", "of which work programs": "-",
             "of which skill-up courses": "-", "orders delivered": "-",
             "of which on time": "-", "value of orders delivered (yen)": "-"}
    assert home == {"participants": 2, "of whom new": 2, "attendances": 2,
                    "attendance rate (%)": 66.7,  # 山田 twice, 佐藤 absent
                    "moved up an autonomy stage": 0, "went on to an internship": 0,
                    "went on to certified training": 0, "found work": 0, **whole}
    assert north == {"participants": 1, "of whom new": 0, "attendances": 2,
                     "attendance rate (%)": 100.0,  # 9 August: present, and late
                     "moved up an autonomy stage": 1, "went on to an internship": 0,
                     "went on to certified training": 0, "found work": 1, **whole}
    assert {k: org[k] for k in EVENTS} == {k: home[k] + north[k] for k in EVENTS}  # type: ignore[operator]
    assert org["participants"] == 2 < 3  # 山田 once for the organisation
    assert org["attendance rate (%)"] == 80.0
    everything = figures(psc, year)  # the whole installation: unchanged, sessions counted
    assert {k: everything[k] for k in EVENTS} == {k: org[k] for k in EVENTS}
    assert everything["sessions held"] == 4
