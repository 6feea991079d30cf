"""Attendance (who came, late or absent with the reason), attendance rates and progress
through the autonomy stages, on the participant's case and in the agenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from readiness_support import Center

from psc_readiness.figures import AttendanceRate, absent_in_a_row, attendance_rate, stage_progress
from psc_readiness.intake import AutonomyStage
from psc_readiness.progress import attendance_of, rate_of, review_stage
from psc_readiness.records import Presence
from psc_readiness.sessions import cancel_session, record_attendance
from psc_readiness.tables import readiness_attendance
from psccore import AgendaQuery, InvalidInput, NotFound, Psc, PscError

AUG = dt.date(2017, 9, 1)  # "today" for the tests: August 2017 is over
DL, SL, WK = AutonomyStage.DAILY_LIVING, AutonomyStage.SOCIAL_LIFE, AutonomyStage.WORK


def test_the_rate_counts_late_and_early_as_came_and_absent_as_missed() -> None:
    p, late, early, absent = (Presence.PRESENT, Presence.LATE, Presence.LEFT_EARLY,
                              Presence.ABSENT)
    rate = attendance_rate([p, p, late, absent, early, p, absent, p])
    assert rate == AttendanceRate(recorded=8, came=6, late=1, left_early=1, absent=2)
    assert rate.rate == 0.75
    assert rate.text() == "75.0%（参加 6／記録 8、うち遅刻 1・早退 1）"
    assert attendance_rate([]).rate is None and attendance_rate([]).text() == "記録なし"
    assert absent_in_a_row([absent, p, absent, absent]) == 2
    assert absent_in_a_row([absent, absent, p]) == 0


def test_stage_progress_marks_each_move_up_or_back() -> None:
    steps = stage_progress(dt.date(2017, 4, 3), DL, [
        (dt.date(2017, 8, 31), WK), (dt.date(2017, 6, 30), SL), (dt.date(2017, 7, 31), SL),
        (dt.date(2017, 9, 29), SL)])
    assert [(s.on.month, s.stage, s.change) for s in steps] == [
        (4, DL, 0), (6, SL, 1), (7, SL, 0), (8, WK, 1), (9, SL, -1)]
    assert steps[1].text() == "社会生活自立↑（2017-06-30）"


def test_attendance_gives_each_participant_their_rate(psc: Psc, center: Center) -> None:
    taro, hanako = center.participant(), center.participant("佐藤 花子")
    days = ["2017-08-07", "2017-08-08", "2017-08-09", "2017-08-10"]
    sessions = [center.session(d, "am", "piecework") for d in days]
    for s in sessions[:3]:
        record_attendance(psc, s.id or 0, [taro, hanako], "present", today=AUG)
    record_attendance(psc, sessions[3].id or 0, [taro], "late", minutes_late=20,
                              reason="overslept", today=AUG)
    record_attendance(psc, sessions[3].id or 0, [hanako], "absent", reason="illness",
                              today=AUG)
    facts = {f.label.ja: f.value for f in psc.get_case(taro).program_facts["readiness"]}
    assert facts["出席率"] == "100.0%（参加 4／記録 4、うち遅刻 1・早退 0）"
    assert facts["最後の出席"] == dt.date(2017, 8, 10)
    facts = {f.label.ja: f.value for f in psc.get_case(hanako).program_facts["readiness"]}
    assert facts["出席率"] == "75.0%（参加 3／記録 4、うち遅刻 0・早退 0）"
    # a correction replaces the record, and is audited as a change
    record_attendance(psc, sessions[3].id or 0, [hanako], "present", today=AUG)
    with psc.program_read("readiness") as conn:
        lines = attendance_of(conn, psc.enrollment_in(hanako, "readiness").id or 0)
    assert rate_of(lines).rate == 1.0 and len(lines) == 4
    assert psc.audit_log(person_id=psc.get_case(hanako).person.id)[0].action == "update"


def test_attendance_rules(psc: Psc, center: Center) -> None:
    taro = center.participant(on=dt.date(2017, 8, 8))
    early = center.session("2017-08-07", "am", "pc")
    course = center.session("2017-08-09", "am", "pc")
    work = center.session("2017-08-09", "am", "piecework")
    later = center.session("2017-09-04", "am", "pc")

    def refused(session: int, path: str, text: str, **kwargs: Any) -> None:
        with pytest.raises(InvalidInput) as caught:
            record_attendance(psc, session, [taro], kwargs.pop("presence", "present"),
                                      today=AUG, **kwargs)
        assert [p.path for p in caught.value.problems] == [path]
        assert text in caught.value.text("en")

    refused(early.id or 0, "$.case", "was not in readiness support on 2017-08-07")
    refused(later.id or 0, "$.session", "2017-09-04 has not come yet")
    refused(course.id or 0, "$.reason", "give the reason for the absence", presence="absent")
    refused(course.id or 0, "$.minutes_late", "only for lateness", minutes_late=5)
    record_attendance(psc, course.id or 0, [taro], "present", today=AUG)
    refused(work.id or 0, "$.case", "already recorded at session")  # one session a half
    with pytest.raises(NotFound) as unknown:
        record_attendance(psc, course.id or 0, [999], "present", today=AUG)
    assert "999" in unknown.value.text("en")
    assert rows(psc) == 1


def test_a_full_session_takes_no_one_more(psc: Psc, center: Center) -> None:
    people = [center.participant(f"参加者 {i}") for i in range(4)]
    cleaning = center.session("2017-08-09", "am", "apartment_cleaning")  # 3 places
    with pytest.raises(InvalidInput) as caught:
        record_attendance(psc, cleaning.id or 0, people, "present", today=AUG)
    assert "capacity of 3" in caught.value.text("en")
    assert rows(psc) == 0  # all or nothing
    record_attendance(psc, cleaning.id or 0, people[:3], "present", today=AUG)
    record_attendance(psc, cleaning.id or 0, people[3:], "absent", reason="family",
                              today=AUG)  # an absence takes no place
    assert rows(psc) == 4


def test_a_cancelled_session_takes_no_attendance(psc: Psc, center: Center) -> None:
    taro = center.participant()
    farm = center.session("2017-08-08", "am", "social_farm")
    cancel_session(psc, farm.id or 0, "雨天")
    with pytest.raises(InvalidInput) as caught:
        record_attendance(psc, farm.id or 0, [taro], "present", today=AUG)
    assert "雨天" in caught.value.text("ja")


def test_stage_reviews_show_progress_on_the_case(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    taro = center.participant(on=dt.date(2017, 4, 3))
    review_stage(psc, taro, "social_life", dt.date(2017, 6, 30), today=AUG)
    result = psc_cli("readiness", "stage", str(taro), "work", "--on", "2017-08-31",
                     "--note", "面接練習に前向き")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ("日常生活自立（2017-04-03） → 社会生活自立↑（2017-06-30）"
                                     " → 就労自立↑（2017-08-31）")
    shown = psc_cli("case", "show", str(taro)).output
    assert "自立段階の推移" in shown and "就労自立↑（2017-08-31）" in shown
    with pytest.raises(InvalidInput) as caught:
        review_stage(psc, taro, "work", dt.date(2017, 3, 1), today=AUG)
    assert "2017-03-01" in caught.value.text("en")


def test_the_attendance_command_lists_a_month(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    taro = center.participant()
    pc = center.session("2017-08-08", "pm", "pc")
    record_attendance(psc, pc.id or 0, [taro], "absent", reason="hospital",
                              note="通院のため", today=AUG)
    result = psc_cli("readiness", "attendance", str(taro), "--month", "2017-08", lang="en")
    assert result.exit_code == 0, result.output
    assert "0.0% (came 0 of 1" in result.output and "hospital visit" in result.output
    roll = psc_cli("readiness", "session", "show", str(pc.id))
    assert "欠席" in roll.output and "通院" in roll.output
    bad = psc_cli("readiness", "attend", str(pc.id), str(taro), "--status", "absent")
    assert bad.exit_code == 2 and "欠席の理由を選んでください" in bad.output


def test_three_absences_in_a_row_reach_the_agenda(psc: Psc, center: Center) -> None:
    taro, hanako = center.participant(), center.participant("佐藤 花子")
    for day in ("2017-08-07", "2017-08-08", "2017-08-09"):
        s = center.session(day, "am", "piecework")
        record_attendance(psc, s.id or 0, [taro], "absent", reason="no_contact",
                                  today=AUG)
        record_attendance(psc, s.id or 0, [hanako], "present", today=AUG)
    items = [i for i in psc.agenda(AgendaQuery(today=dt.date(2017, 8, 10)))
             if i.kind == "readiness_absence"]
    assert [(i.case_id, i.due_on, i.late) for i in items] == [(taro, dt.date(2017, 8, 11), False)]
    assert "3回続けて欠席" in items[0].text


def rows(psc: Psc) -> int:
    with psc.program_read("readiness") as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(readiness_attendance))
                   .scalar_one())


def test_only_staff_who_may_write_in_the_program_record_attendance(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    taro = center.participant()
    pc = center.session("2017-08-08", "pm", "pc")
    psc.add_staff("ono.a", "小野 亜希")
    psc.grant("ono.a", "read_only", "readiness")
    reader = psc.acting_as("ono.a")
    with pytest.raises(PscError) as caught:
        record_attendance(reader, pc.id or 0, [taro], "present", today=AUG)
    assert "ono.a" in caught.value.text("en")
    result = psc_cli("readiness", "attend", str(pc.id), str(taro), staff="ono.a")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert rows(psc) == 0
    refusals = [e for e in psc.audit_log(staff="ono.a") if e.action == "refuse"]
    assert len(refusals) == 2
    shown = psc_cli("readiness", "session", "show", str(pc.id), staff="ono.a")
    assert shown.exit_code == 0, shown.output  # reading is allowed


def test_a_session_with_attendance_is_not_cancelled_until_it_is_taken_back(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    taro = center.participant()
    farm = center.session("2017-08-08", "am", "social_farm")
    work = center.session("2017-08-08", "am", "piecework")
    record_attendance(psc, farm.id or 0, [taro], "present", today=AUG)
    refused = psc_cli("readiness", "session", "cancel", str(farm.id), "--reason", "雨天")
    assert refused.exit_code == 2 and "attend --remove" in refused.output
    blank = psc_cli("readiness", "session", "cancel", str(farm.id), "--reason", "  ")
    assert blank.exit_code == 2
    removed = psc_cli("readiness", "attend", str(farm.id), str(taro), "--remove")
    assert removed.exit_code == 0 and "1 件" in removed.output
    assert psc_cli("readiness", "session", "cancel", str(farm.id), "--reason", "雨天"
                   ).exit_code == 0
    record_attendance(psc, work.id or 0, [taro], "present", today=AUG)  # moved
    assert rows(psc) == 1
    assert [e.action for e in psc.audit_log() if e.entity == "readiness_attendance"][:2] == \
        ["create", "delete"]


def test_health_reasons_and_notes_are_shown_only_to_sensitive_readers(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    taro = center.participant()
    pc = center.session("2017-08-08", "pm", "pc")
    record_attendance(psc, pc.id or 0, [taro], "absent", reason="hospital",
                              note="定期通院", today=AUG)
    psc.add_staff("ono.a", "小野 亜希")
    psc.grant("ono.a", "read_only", "readiness")
    for args in (("session", "show", str(pc.id)), ("attendance", str(taro))):
        reader = psc_cli("readiness", *args, staff="ono.a").output
        assert "通院" not in reader and "（非表示）" in reader
        assert "通院" in psc_cli("readiness", *args).output  # the administrator sees it
    raw = psc_cli("readiness", "attendance", str(taro), "--json", staff="ono.a").output
    assert "hospital" not in raw and "定期通院" not in raw


def test_other_programs_staff_see_no_readiness_items_or_figures(
        psc: Psc, center: Center) -> None:
    taro = center.participant()
    for day in ("2017-08-07", "2017-08-08", "2017-08-09"):
        s = center.session(day, "am", "piecework")
        record_attendance(psc, s.id or 0, [taro], "absent", reason="no_contact",
                                  today=AUG)
    psc.add_staff("kato.m", "加藤 誠")
    other = psc.acting_as("kato.m")
    query = AgendaQuery(today=dt.date(2017, 8, 10))
    assert [i.kind for i in psc.agenda(query)].count("readiness_absence") == 1
    assert "readiness_absence" not in [i.kind for i in other.agenda(query)]
    psc.grant("kato.m", "caseworker", "readiness")
    assert "readiness_absence" in [i.kind for i in other.agenda(query)]
    assert "readiness_absence" not in [
        i.kind for i in other.agenda(AgendaQuery(today=dt.date(2017, 8, 10), program="x"))]
