"""The partnership's tracks and their limits, the support schedule made when a step
starts (dates worked by hand), milestones, costs and who pays, every report kind, the
report section and the demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from psc_jm_training import documents, service
from psccore import AgendaQuery, InvalidInput, Psc, ReportPeriod

CODE = "jm_training"
TODAY = dt.date(2018, 6, 1)  # "today" for the tests: all of it is in the past
INTAKE = {"certified_training": "non_employment", "internship": None,
          "regional_training": "employment"}


def trainee(psc: Psc, track: str = "certified_training", name: str = "山田 太郎",
            employment_type: str | None = "") -> int:
    person = psc.add_person({"name": name, "kana": "ヤマダ タロウ", "birth_date": "1998-04-01"},
                            allow_duplicate=True)
    detail = psc.open_case(person.id or 0, CODE, {
        "track": track, "data_entry_skill": "basic", "work_experience_years": 0,
        "employment_type": INTAKE[track] if employment_type == "" else employment_type},
        opened_on=dt.date(2017, 7, 3))
    return detail.case.id or 0


def plan(psc: Psc, case_id: int, kind: str, start: str, end: str | None) -> int:
    drafted = psc.draft_plan(case_id, {
        "wishes": "事務で働きたい", "long_term_goal": "一般就労", "period_start": "2017-07-10",
        "period_end": "2018-12-31", "goals": [{"text": "休まず通う"}],
        "steps": [{"program": CODE, "kind": kind, "start_on": start, "end_on": end}]},
        today=dt.date(2017, 7, 10))
    psc.record_meeting({"held_on": "2017-07-20", "staff": ["admin"]},
                       [{"plan_id": drafted.plan.id, "decision": "approve"}])
    return drafted.steps[0].id or 0


def started(psc: Psc, kind: str = "certified_training", start: str = "2017-10-02",
            end: str = "2018-03-31", name: str = "山田 太郎") -> tuple[int, int]:
    case_id = trainee(psc, kind if kind in INTAKE else "certified_training", name)
    step_id = plan(psc, case_id, kind, start, end)
    psc.start_step(step_id, dt.date.fromisoformat(start))
    return case_id, step_id


@pytest.mark.parametrize(("kind", "end", "ok"), [
    # an internship: 5 to 20 working days; 7–18 Aug 2017 has nine (11 Aug is 山の日)
    ("internship", "2017-08-10", False), ("internship", "2017-08-14", True),
    ("internship", "2017-09-04", True), ("internship", "2017-09-05", False),
    # certified training from 2 Oct: at least to 1 Jan, at most to 2 Apr
    ("certified_training", "2017-12-31", False), ("certified_training", "2018-01-01", True),
    ("certified_training", "2018-04-02", True), ("certified_training", "2018-04-03", False),
    # regional exchange from 2 Oct: 2 weeks, 1, 3 or 6 months exactly
    ("regional_training", "2017-10-15", True), ("regional_training", "2017-11-01", True),
    ("regional_training", "2018-01-01", True), ("regional_training", "2018-04-01", True),
    ("regional_training", "2017-10-31", False), ("regional_training", None, False),
])
def test_each_tracks_length_is_checked_when_the_plan_is_drafted(
        psc: Psc, kind: str, end: str | None, ok: bool) -> None:
    start = "2017-08-07" if kind == "internship" else "2017-10-02"
    case_id = trainee(psc, kind)
    if ok:
        plan(psc, case_id, kind, start, end)
        return
    with pytest.raises(InvalidInput) as caught:
        plan(psc, case_id, kind, start, end)
    assert [p.path for p in caught.value.problems] == ["$.steps[0].end_on"]


def test_the_regional_track_names_the_ends_it_allows(psc: Psc) -> None:
    case_id = trainee(psc, "regional_training")
    with pytest.raises(InvalidInput) as caught:
        plan(psc, case_id, "regional_training", "2017-10-02", "2017-10-31")
    assert "2017-10-15 / 2017-11-01 / 2018-01-01 / 2018-04-01" in caught.value.text("en")


def test_intake_conditions_of_each_track(psc: Psc) -> None:
    person = psc.add_person({"name": "佐藤 花子", "kana": "サトウ ハナコ"})
    for track, kind, path in (("certified_training", None, "$.employment_type"),
                              ("regional_training", "non_employment", "$.employment_type"),
                              ("internship", "employment", "$.employment_type")):
        with pytest.raises(InvalidInput) as caught:
            psc.open_case(person.id or 0, CODE, {"track": track, "data_entry_skill": "basic",
                                                 "work_experience_years": 1,
                                                 "employment_type": kind})
        assert [p.path for p in caught.value.problems] == [path]


def test_the_support_schedule_of_a_certified_training(psc: Psc) -> None:
    case_id, step_id = started(psc)
    with psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id)
        tasks = [(t.kind.value, t.due_on.isoformat()) for t in service.tasks_of(
            conn, placement.id or 0)]
    # Worked by hand for 2 Oct 2017 – 31 Mar 2018: accompany Mon 2 and Tue 3; phone the
    # rest of the first week (4–6); visit on the 2nd of each month or the next working
    # day (2 Dec is a Saturday → 4 Dec; 2 Jan 2018 is a Tuesday); mid-term on the
    # middle day, 31 Dec (a Sunday; 1 Jan is 元日) → 2 Jan; sum up on the last working
    # day, Fri 30 Mar (31 Mar is a Saturday).
    assert tasks == [
        ("accompany", "2017-10-02"), ("accompany", "2017-10-03"), ("phone", "2017-10-04"),
        ("phone", "2017-10-05"), ("phone", "2017-10-06"), ("visit", "2017-11-02"),
        ("visit", "2017-12-04"), ("visit", "2018-01-02"), ("midterm", "2018-01-02"),
        ("visit", "2018-02-02"), ("visit", "2018-03-02"), ("final", "2018-03-30")]
    assert placement.step_id == step_id and placement.track.value == "certified_training"


def test_the_support_schedule_of_an_internship_skips_the_holiday(psc: Psc) -> None:
    case_id, _ = started(psc, "internship", "2017-08-07", "2017-08-18")
    with psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id)
        tasks = [(t.kind.value, t.due_on.day) for t in service.tasks_of(conn, placement.id or 0)]
    # 11 Aug is 山の日 and 12–13 a weekend: the first week's phone checks are 9 and 10
    assert tasks == [("accompany", 7), ("accompany", 8), ("phone", 9), ("phone", 10),
                     ("final", 18)]


def test_tasks_stay_in_the_agenda_until_done_and_late_ones_are_flagged(
        psc: Psc, psc_cli: Callable[..., Any]) -> None:
    case_id, _ = started(psc)
    week = AgendaQuery(today=dt.date(2017, 10, 4), days_ahead=2)
    items = [i for i in psc.agenda(week) if i.program == CODE]
    assert [(i.kind, i.due_on.day, i.late) for i in items] == [
        ("jm_accompany", 2, True), ("jm_accompany", 3, True), ("jm_phone", 4, False),
        ("jm_phone", 5, False), ("jm_phone", 6, False)]
    first = int(items[0].text.split("#")[1].rstrip("）"))
    done = psc_cli(CODE, "done", str(first), "--on", "2017-10-02", "--note", "初日同行。緊張気味")
    assert done.exit_code == 0, done.output
    assert [i.due_on.day for i in psc.agenda(week) if i.program == CODE] == [3, 4, 5, 6]
    [record] = psc.list_records(case_id)
    assert record.kind.value == "accompaniment" and "初日同行" in record.summary
    again = psc_cli(CODE, "done", str(first), lang="en")
    assert again.exit_code == 2 and "already done" in again.output


def test_a_step_ended_early_keeps_late_tasks_and_moves_the_final_summary(psc: Psc) -> None:
    case_id, step_id = started(psc)
    psc.end_step(step_id, dt.date(2017, 11, 10))  # months before its end: stopped early
    with psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id)
        pending = [(t.kind.value, t.due_on.isoformat())
                   for t in service.pending_tasks(conn, [placement.id or 0])]
    assert placement.outcome is not None and placement.outcome.value == "cancelled"
    # what was due by 10 Nov is still to be done (and late); visits after it are dropped;
    # the final summary moves to the last day
    assert pending == [("accompany", "2017-10-02"), ("accompany", "2017-10-03"),
                       ("phone", "2017-10-04"), ("phone", "2017-10-05"), ("phone", "2017-10-06"),
                       ("visit", "2017-11-02"), ("final", "2017-11-10")]
    late = [i for i in psc.agenda(AgendaQuery(today=dt.date(2017, 12, 1))) if i.program == CODE]
    assert len(late) == 7 and all(i.late for i in late)


def test_a_late_start_keeps_the_planned_length(psc: Psc) -> None:
    case_id = trainee(psc, "regional_training")
    step_id = plan(psc, case_id, "regional_training", "2017-10-02", "2017-10-15")
    psc.start_step(step_id, dt.date(2017, 10, 10))  # eight days late: still two weeks
    with psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id)
    assert (placement.start_on, placement.end_on) == (dt.date(2017, 10, 10),
                                                      dt.date(2017, 10, 23))


def test_a_replanned_step_carries_the_placement_on(psc: Psc) -> None:
    case_id, _ = started(psc)
    old_plan = psc.list_plans(case_id)[0]
    redo = psc.replan(old_plan.plan.id or 0, today=dt.date(2017, 12, 1))
    psc.record_meeting({"held_on": "2017-12-05", "staff": ["admin"]},
                       [{"plan_id": redo.plan.id, "decision": "approve"}])
    psc.start_step(redo.steps[0].id or 0, dt.date(2017, 12, 6))
    with psc.program_read(CODE) as conn:
        [placement] = service.placements(conn)
        pending = service.pending_tasks(conn, [placement.id or 0])
    assert placement.step_id == redo.steps[0].id and placement.start_on == dt.date(2017, 10, 2)
    assert [t.kind.value for t in pending].count("final") == 1
    assert all(t.kind.value not in ("accompany", "phone") or t.due_on < dt.date(2017, 12, 6)
               for t in pending)


def test_milestones_are_assessed_in_their_month(psc: Psc, psc_cli: Callable[..., Any]) -> None:
    case_id, _ = started(psc)
    service.assess(psc, case_id, "greetings", "achieved", dt.date(2017, 10, 30), "挨拶が明るい",
                   today=TODAY)
    with pytest.raises(InvalidInput) as early:  # month 2 cannot judge a month-4 milestone
        service.assess(psc, case_id, "outsiders", "partly", dt.date(2017, 11, 20), today=TODAY)
    assert "is worked on from month 4 (this is month 2)" in early.value.text("en")
    with pytest.raises(InvalidInput):
        service.assess(psc, case_id, "greetings", "achieved", dt.date(2017, 9, 1), today=TODAY)
    result = psc_cli(CODE, "assess", str(case_id), "reporting", "一部できている", "--on",
                     "2017-10-31")
    assert result.exit_code == 0, result.output
    listing = psc_cli(CODE, "milestones", str(case_id)).output
    assert "挨拶が明るい" in listing and "一部できている" in listing and "まだ" not in listing
    future = psc_cli(CODE, "assess", str(case_id), "greetings", "achieved", "--on", "2099-01-01",
                     lang="en")
    assert future.exit_code == 2 and "has not come yet" in future.output


def test_an_internship_is_not_assessed_after_it_ended(psc: Psc) -> None:
    case_id, step_id = started(psc, "internship", "2017-08-07", "2017-08-18")
    psc.end_step(step_id, dt.date(2017, 8, 18))
    with pytest.raises(InvalidInput) as caught:
        service.assess(psc, case_id, "greetings", "achieved", dt.date(2017, 9, 20), today=TODAY)
    assert "after the placement ended (2017-08-18)" in caught.value.text("en")


def test_a_dropped_task_cannot_be_done(psc: Psc) -> None:
    case_id, step_id = started(psc)
    psc.end_step(step_id, dt.date(2017, 11, 10))
    with psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id)
        [dropped, *_] = [t for t in service.tasks_of(conn, placement.id or 0) if t.cancelled]
    with pytest.raises(InvalidInput) as caught:
        service.complete_task(psc, dropped.id or 0, dt.date(2017, 11, 9), today=TODAY)
    assert "this task was dropped" in caught.value.text("en")
    assert psc.list_records(case_id) == []


def test_costs_follow_each_tracks_payer_rule(psc: Psc, psc_cli: Callable[..., Any]) -> None:
    intern, _ = started(psc, "internship", "2017-08-07", "2017-08-18", "及川 大輝")
    regional, _ = started(psc, "regional_training", "2017-10-02", "2017-11-01", "遠藤 翼")
    cost = service.add_cost(psc, intern, {"item": "stipend", "amount": 9000,
                                          "paid_on": "2017-08-18"})
    assert cost.payer.value == "organisation"
    with pytest.raises(InvalidInput) as caught:
        service.add_cost(psc, intern, {"item": "travel", "amount": 3000, "paid_on": "2017-08-10"})
    assert "travel does not arise on the internship track" in caught.value.text("en")
    with pytest.raises(InvalidInput) as wrong:
        service.add_cost(psc, regional, {"item": "stay", "amount": 90000,
                                         "paid_on": "2017-10-02", "payer": "organisation"})
    assert "stay is paid by the company" in wrong.value.text("en")
    assert psc_cli(CODE, "cost", str(regional), "stay", "90000", "--on", "2017-10-02"
                   ).exit_code == 0
    assert psc_cli(CODE, "cost", str(regional), "往復旅費", "24000", "--on",
                   "2017-10-02").exit_code == 0
    employed = trainee(psc, "certified_training", "雇用 太郎", "employment")
    step = plan(psc, employed, "certified_training", "2017-10-02", "2018-01-31")
    psc.start_step(step, dt.date(2017, 10, 2))
    with pytest.raises(InvalidInput) as wages:  # employed: the company pays wages
        service.add_cost(psc, employed, {"item": "stipend", "amount": 1, "paid_on": "2017-10-03"})
    assert "employment-type training has no stipend" in wages.value.text("en")
    listing = psc_cli(CODE, "costs", "--fy", "2017").output
    assert "9,000" in listing and "114,000" in listing


def test_a_periodic_report_covers_the_time_since_the_last(
        psc: Psc, psc_cli: Callable[..., Any], tmp_path: Any) -> None:
    case_id, _ = started(psc)
    with psc.program_read(CODE) as conn:
        placement = service.placement_of(conn, case_id)
        first_task = service.tasks_of(conn, placement.id or 0)[0]
    service.complete_task(psc, first_task.id or 0, dt.date(2017, 10, 2), "同行", today=TODAY)
    service.assess(psc, case_id, "greetings", "achieved", dt.date(2017, 10, 30), today=TODAY)
    target = tmp_path / "periodic.txt"
    result = psc_cli(CODE, "report", str(case_id), "--kind", "periodic", "--date", "2017-11-01",
                     "--note", "順調", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "支援調整会議 定期報告（2017-11-01）" in text
    assert "対象期間: 2017-10-02〜2017-11-01" in text
    assert "目標の状況（1／4 できている）" in text  # month 2 has begun: month 1's four
    assert "同行支援 2017-10-02 済: 同行" in text and "同行支援 2017-10-03 予定（期限切れ）" in text
    second = documents.make_report(psc, case_id, "periodic", dt.date(2017, 12, 1), today=TODAY)
    assert "対象期間: 2017-11-02〜2017-12-01" in second.text
    assert "目標の状況（1／8 できている）" in second.text  # month 3: months 1–2's eight
    kinds = [r.kind.value for r in psc.list_records(case_id) if r.kind.value == "meeting"]
    assert kinds == ["meeting", "meeting"]  # each report is noted on the case


def test_a_report_is_dated_sensibly_and_written_where_it_can_be(
        psc: Psc, psc_cli: Callable[..., Any], tmp_path: Any) -> None:
    case_id, _ = started(psc)
    documents.make_report(psc, case_id, "periodic", dt.date(2017, 11, 1), today=TODAY)
    for on in (dt.date(2017, 10, 20), dt.date(2017, 9, 1)):
        with pytest.raises(InvalidInput):  # before the last period, before the start
            documents.make_report(psc, case_id, "periodic", on, today=TODAY)
    nowhere = psc_cli(CODE, "report", str(case_id), "--kind", "periodic", "--on", "2017-12-01",
                      "-o", str(tmp_path / "nope" / "r.txt"), lang="en")
    assert nowhere.exit_code == 2 and "there is no folder" in nowhere.output
    assert psc_cli(CODE, "reports", str(case_id)).output.count("定期報告") == 1  # not saved
    missing = psc_cli(CODE, "reports", str(case_id), "--show", "999")
    assert missing.exit_code == 3


def test_final_replan_and_employment_reports(psc: Psc) -> None:
    case_id, step_id = started(psc, "internship", "2017-08-07", "2017-08-18")
    with pytest.raises(InvalidInput) as early:
        documents.make_report(psc, case_id, "final", dt.date(2017, 8, 15), today=TODAY)
    assert "end the step first" in early.value.text("en")
    with pytest.raises(InvalidInput):
        documents.make_report(psc, case_id, "replan", dt.date(2017, 8, 15), today=TODAY)
    service.assess(psc, case_id, "reporting", "not_yet", dt.date(2017, 8, 14), "報告が遅れる",
                   today=TODAY)
    replan = documents.make_report(psc, case_id, "replan", dt.date(2017, 8, 15),
                                   "報告の練習を増やす", today=TODAY)
    assert "■ 課題" in replan.text and "報告・連絡・相談: まだ（報告が遅れる）" in replan.text
    assert "挨拶・職場での基本のコミュニケーション: 未評価" in replan.text
    assert "報告の練習を増やす" in replan.text
    psc.end_step(step_id, dt.date(2017, 8, 18))
    final = documents.make_report(psc, case_id, "final", dt.date(2017, 8, 21), today=TODAY)
    assert "■ 結果: 修了（2017-08-18）" in final.text
    with pytest.raises(InvalidInput) as no_job:
        documents.make_report(psc, case_id, "employment", dt.date(2017, 9, 5), today=TODAY)
    assert "no job recorded" in no_job.value.text("en")
    psc.add_employment(case_id, {"employer_name": "仙台の事務センター", "start_on": "2017-09-01",
                                 "employment_type": "part_time"})
    job = documents.make_report(psc, case_id, "employment", dt.date(2017, 9, 5), today=TODAY)
    assert "■ 就労: 仙台の事務センター 2017-09-01から（パート・アルバイト）" in job.text


def _three_trainees(psc: Psc) -> dict[str, int]:
    """An internship in August 2017 then a job, a certified training from October (a
    job before it), a regional training stopped early; four costs."""
    intern, i_step = started(psc, "internship", "2017-08-07", "2017-08-18", "及川 大輝")
    cert, _ = started(psc, "certified_training", "2017-10-02", "2018-03-31", "千葉 彩花")
    regional, r_step = started(psc, "regional_training", "2017-10-02", "2017-11-01", "遠藤 翼")
    psc.end_step(i_step, dt.date(2017, 8, 18))
    psc.end_step(r_step, dt.date(2017, 10, 20))  # stopped early
    psc.add_employment(intern, {"employer_name": "事務センター", "start_on": "2017-09-01",
                                "employment_type": "part_time"})
    psc.add_employment(cert, {"employer_name": "以前の勤務先", "start_on": "2017-05-01",
                              "employment_type": "part_time"})  # before the training: not counted
    service.add_cost(psc, intern, {"item": "host_fee", "amount": 30000, "paid_on": "2017-08-18"})
    service.add_cost(psc, cert, {"item": "insurance", "amount": 600, "paid_on": "2017-10-02"})
    service.add_cost(psc, regional, {"item": "travel", "amount": 24000, "paid_on": "2017-10-02"})
    service.add_cost(psc, cert, {"item": "stipend", "amount": 20000, "paid_on": "2018-04-02"})
    return {"intern": intern, "cert": cert, "regional": regional}


def test_the_section_counts_trainees_completions_jobs_and_costs(psc: Psc) -> None:
    _three_trainees(psc)
    [section] = psc.report(ReportPeriod.fiscal_year(2017), [CODE])
    assert {r.label.en: r.value for r in section.rows} == {
        "trainees: internship": 1, "trainees: certified training": 1,
        "trainees: regional exchange training": 1, "completed": 1, "stopped early": 1,
        "found work": 1, "costs paid by the organisation (yen)": 30600,
        "costs paid by the company (yen)": 24000}  # the April 2018 stipend is FY2018's
    [october] = psc.report(ReportPeriod.month(2017, 10), [CODE])
    assert {r.label.en: r.value for r in october.rows}["trainees: internship"] == 0


HOME, NORTH, ORG = "本所", "北拠点", "法人"
#: events, each counted for the office holding the case that day: they sum
EVENTS = ("trainees: internship", "trainees: certified training",
          "trainees: regional exchange training", "completed", "stopped early", "found work",
          "costs paid by the organisation (yen)", "costs paid by the company (yen)")


def _by_office(psc: Psc, **scope: str) -> dict[str, object]:
    [section] = psc.report(ReportPeriod.fiscal_year(2017), [CODE], **scope)
    return {r.label.en: r.value for r in section.rows}


def test_each_office_counts_what_happened_while_it_held_the_case(psc: Psc) -> None:
    """The intern moves to 北拠点 on 15 August, mid-internship: a trainee of 本所 (its
    first day there), completing, paid for and finding work at 北拠点."""
    cases = _three_trainees(psc)
    psc.add_office(ORG, {"name": NORTH})
    psc.transfer_case(cases["intern"], NORTH, with_sensitive=False,
                      on=dt.date(2017, 8, 15))
    home, north = _by_office(psc, office=HOME), _by_office(psc, office=NORTH)
    assert home == {"trainees: internship": 1, "trainees: certified training": 1,
                    "trainees: regional exchange training": 1, "completed": 0,
                    "stopped early": 1, "found work": 0,
                    "costs paid by the organisation (yen)": 600,
                    "costs paid by the company (yen)": 24000}
    assert north == {"trainees: internship": 0, "trainees: certified training": 0,
                     "trainees: regional exchange training": 0, "completed": 1,
                     "stopped early": 0, "found work": 1,
                     "costs paid by the organisation (yen)": 30000,
                     "costs paid by the company (yen)": 0}
    org = _by_office(psc, organisation=ORG)
    assert org == {k: home[k] + north[k] for k in EVENTS}  # type: ignore[operator]
    assert org == _by_office(psc)  # one organisation: the whole installation's


def test_the_demo_has_trainees_on_all_three_tracks(psc: Psc) -> None:
    from psccore.demo import load_demo

    load_demo(psc, today=dt.date(2026, 11, 27), history=False)
    with psc.program_read(CODE) as conn:
        tracks = {p.track.value for p in service.placements(conn)}
        reports = [r.kind.value for p in service.placements(conn)
                   for r in documents.reports_of(conn, p.id or 0)]
    assert tracks == {"internship", "certified_training", "regional_training"}
    assert {"final", "employment", "periodic"} <= set(reports)
