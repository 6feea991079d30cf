"""Work orders (受注): deadlines, pace and risk worked by hand, the work done per
session and by whom, delivery and the client's acceptance, and the agenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from readiness_support import Center

from psc_readiness import orders as work_orders
from psc_readiness.figures import order_progress
from psc_readiness.sessions import cancel_session, record_attendance
from psccore import AgendaQuery, InvalidInput, Psc, PscError

AUG = dt.date(2017, 9, 1)


def test_pace_risk_and_expected_finish_worked_by_hand(center: Center) -> None:
    # received Mon 7 Aug, 1000 sheets due Fri 18 Aug. On Mon 14 Aug the working days
    # behind are 7, 8, 9, 10 (11 is 山の日): four. 200 done → 50 a day. Days left,
    # today included: 14–18, five → 250 more at that pace, short of the 800 left.
    order = center.order()
    found = order_progress(order, 200, dt.date(2017, 8, 14))
    assert (found.pace, found.days_left, found.remaining) == (50.0, 5, 800)
    assert found.at_risk and not found.late
    # 800 at 50 a day = 16 working days from the 14th: 14–18 (5), 21–25 (10),
    # 28–31 (14), 1 Sep (15), 4 Sep (16).
    assert found.projected_finish == dt.date(2017, 9, 4)
    steady = order_progress(order, 700, dt.date(2017, 8, 14))  # 175 a day: 875 ≥ 300 left
    assert not steady.at_risk and steady.projected_finish == dt.date(2017, 8, 15)
    first_day = order_progress(order, 0, dt.date(2017, 8, 7))  # no pace yet: not judged
    assert first_day.pace is None and not first_day.at_risk
    late = order_progress(order, 900, dt.date(2017, 8, 21))
    assert late.late and not late.at_risk


def test_work_is_recorded_per_session_and_by_whom(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    taro, hanako = center.participant(), center.participant("佐藤 花子")
    order = center.order()
    folding = center.session("2017-08-08", "am", "flyer_folding", work_order_id=order.id)
    record_attendance(psc, folding.id or 0, [taro], "present", today=AUG)
    record_attendance(psc, folding.id or 0, [hanako], "absent", reason="illness",
                              today=AUG)
    progress = work_orders.record_work(psc, order.id or 0, 300, session_id=folding.id,
                                   case_id=taro, today=AUG)
    assert progress.done == 300 and progress.remaining == 700

    def refused(text: str, **kwargs: Any) -> None:
        with pytest.raises(InvalidInput) as caught:
            work_orders.record_work(psc, order.id or 0, kwargs.pop("quantity", 100), today=AUG,
                                **kwargs)
        assert text in caught.value.text("en"), caught.value.text("en")

    refused("did not attend session", session_id=folding.id, case_id=hanako)
    refused("only 700 枚 remain", quantity=701, on=dt.date(2017, 8, 9))
    refused("before the order came in", on=dt.date(2017, 8, 4))
    other = center.order(activity="posting", task="ポスティング")
    posting = center.session("2017-08-09", "pm", "posting", work_order_id=other.id)
    refused("is not for work order", session_id=posting.id)
    work_orders.record_work(psc, order.id or 0, 700, on=dt.date(2017, 8, 10), note="職員が仕上げ",
                        today=AUG)
    shown = psc_cli("readiness", "order", "show", str(order.id), "--today", "2017-08-11")
    assert shown.exit_code == 0, shown.output
    assert "1000/1000枚" in shown.output and "山田 太郎" in shown.output
    assert "職員が仕上げ" in shown.output and "800円" in shown.output


def test_delivery_on_time_or_late_and_the_clients_acceptance(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    order = center.order(quantity=500)
    work_orders.record_work(psc, order.id or 0, 500, on=dt.date(2017, 8, 10), today=AUG)
    done = psc_cli("readiness", "order", "deliver", str(order.id), "--on", "2017-08-18")
    assert done.exit_code == 0 and "納期内" in done.output
    # the client sends 120 back: the order is open again, for those 120
    returned = work_orders.accept(psc, order.id or 0, dt.date(2017, 8, 21), returned=True,
                              redo=120, note="折り目がずれている", today=AUG)
    assert returned.delivered_on is None and returned.to_make == 620
    items = psc.agenda(AgendaQuery(today=dt.date(2017, 8, 21)))
    assert [i.text for i in items if i.program == "readiness"] == [
        "受注 1 株式会社テスト印刷「チラシ折り」納期: 500/620枚"]
    with pytest.raises(InvalidInput) as short:
        work_orders.deliver(psc, order.id or 0, dt.date(2017, 8, 21), today=AUG)
    assert "120 枚 remain" in short.value.text("en")
    work_orders.record_work(psc, order.id or 0, 120, on=dt.date(2017, 8, 21), today=AUG)
    late = work_orders.deliver(psc, order.id or 0, dt.date(2017, 8, 22), today=AUG)
    with psc.program_read("readiness") as conn:
        [found] = work_orders.progress(conn, [late], AUG)
    assert found.late and found.on_time is False and found.remaining == 0
    accepted = work_orders.accept(psc, order.id or 0, dt.date(2017, 8, 23), today=AUG)
    assert accepted.acceptance is not None and accepted.acceptance.value == "accepted"
    for again in ({"returned": True}, {}):
        with pytest.raises(InvalidInput) as twice:
            work_orders.accept(psc, order.id or 0, dt.date(2017, 8, 24), today=AUG, **again)
        assert "already accepted" in twice.value.text("en")
    with pytest.raises(InvalidInput):
        work_orders.deliver(psc, order.id or 0, dt.date(2017, 8, 24), today=AUG)


def test_delivering_less_than_ordered_needs_saying_so_and_no_date_is_in_the_future(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    order = center.order(quantity=500)
    work_orders.record_work(psc, order.id or 0, 400, on=dt.date(2017, 8, 10), today=AUG)
    short = psc_cli("readiness", "order", "deliver", str(order.id), "--on", "2017-08-18")
    assert short.exit_code == 2 and "100枚 が残っています" in short.output
    future = psc_cli("readiness", "order", "deliver", str(order.id), "--on", "2099-01-01",
                     "--short", lang="en")
    assert future.exit_code == 2 and "2099-01-01 has not come yet" in future.output
    done = psc_cli("readiness", "order", "deliver", str(order.id), "--on", "2017-08-18",
                   "--short")
    assert done.exit_code == 0, done.output


def test_unit_prices_keep_to_the_sen(center: Center) -> None:
    with pytest.raises(InvalidInput) as caught:
        center.order(unit_price="0.125")
    assert caught.value.problems[0].path == "$.unit_price"
    assert center.order(unit_price="0.120").unit_price == Decimal("0.12")


def test_work_at_a_session_must_fit_it(psc: Psc, center: Center) -> None:
    order = center.order()
    farm = center.session("2017-08-08", "am", "social_farm")
    folding = center.session("2017-08-09", "am", "flyer_folding")
    cancel_session(psc, folding.id or 0, "材料が届かない")

    def refused(text: str, **kwargs: Any) -> None:
        with pytest.raises(InvalidInput) as caught:
            work_orders.record_work(psc, order.id or 0, 10, today=AUG, **kwargs)
        assert text in caught.value.text("en"), caught.value.text("en")

    refused("is ソーシャルファーム（農作業）".replace("ソーシャルファーム（農作業）", "social farm"),
            session_id=farm.id)
    refused("was cancelled", session_id=folding.id)
    other = center.session("2017-08-10", "am", "flyer_folding")
    refused("was on 2017-08-10", session_id=other.id, on=dt.date(2017, 8, 9))


def test_the_pace_counts_only_work_before_the_day(psc: Psc, center: Center) -> None:
    order = center.order()
    work_orders.record_work(psc, order.id or 0, 100, on=dt.date(2017, 8, 8), today=AUG)
    work_orders.record_work(psc, order.id or 0, 600, on=dt.date(2017, 8, 16), today=AUG)
    with psc.program_read("readiness") as conn:
        [on_10th] = work_orders.progress(conn, [order], dt.date(2017, 8, 10))
        [on_16th] = work_orders.progress(conn, [order], dt.date(2017, 8, 16))
    # on the 10th: 100 done over 7, 8, 9 → 33.3 a day; six days left → at risk
    assert on_10th.done == 100 and on_10th.at_risk
    # on the 16th the day's 600 shows as done, but the pace is from the days before:
    # 100 over 7, 8, 9, 10, 14, 15 → 16.7 a day, three days left (16–18): 50 < 300
    assert on_16th.done == 700 and on_16th.at_risk


def test_late_and_at_risk_orders_are_in_the_agenda_of_whoever_reads_the_program(
        psc: Psc, center: Center) -> None:
    risky = center.order(task="チラシ折り（急ぎ）")
    work_orders.record_work(psc, risky.id or 0, 200, on=dt.date(2017, 8, 8), today=AUG)
    center.order(task="封入", activity="envelope_stuffing", due_on="2017-08-10")
    center.order(task="来月分", due_on="2017-10-31")  # far off, time enough: not shown
    center.order(task="放置", due_on="2017-08-21", received_on="2017-08-08")  # nothing done

    items = [i for i in psc.agenda(AgendaQuery(today=dt.date(2017, 8, 14), days_ahead=7))
             if i.program == "readiness"]
    assert [(i.kind, i.due_on, i.late, i.case_id) for i in items] == [
        ("readiness_order", dt.date(2017, 8, 10), True, None),
        ("readiness_order", dt.date(2017, 8, 18), False, None),
        ("readiness_order", dt.date(2017, 8, 21), False, None)]
    # 放置: 8, 9, 10 behind (11 is a holiday), 14–21 ahead is six days: not yet at risk
    assert "遅れのおそれ" not in items[2].text
    assert "遅れのおそれ（今のペースでは 2017-09-04 完了見込み）" in items[1].text
    assert "200/1000枚" in items[1].text
    # staff with no role in this program do not see its orders; a reader does
    psc.add_staff("kato.m", "加藤 誠")
    other = psc.acting_as("kato.m")
    week = AgendaQuery(today=dt.date(2017, 8, 14), days_ahead=7)
    assert [i for i in other.agenda(week) if i.program == "readiness"] == []
    psc.grant("kato.m", "read_only", "readiness")
    assert len([i for i in other.agenda(week) if i.program == "readiness"]) == 3
    assert [i for i in other.agenda(AgendaQuery(today=dt.date(2017, 8, 14), days_ahead=7,
                                                program="jm_training"))
            if i.program == "readiness"] == []


def test_orders_need_a_registered_client_and_a_sensible_deadline(
        psc: Psc, center: Center, psc_cli: Callable[..., Any]) -> None:
    with pytest.raises(PscError):
        center.order(client_id=999)
    with pytest.raises(InvalidInput) as caught:
        center.order(due_on="2017-08-01", activity="pc")
    assert {p.path for p in caught.value.problems} == {"$.due_on", "$.activity"}
    with pytest.raises(InvalidInput) as caught:
        center.order(unit_price="abc")
    assert [p.path for p in caught.value.problems] == ["$.unit_price"]
    result = psc_cli("readiness", "order", "add", "--client", "1", "--task", "x",
                     "--activity", "posting", "--quantity", "0", "--unit-price", "3",
                     "--received", "2017-08-01", "--due", "2017-08-31", lang="en")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert psc_cli("readiness", "order", "list").output.count("\n") <= 2


def test_an_order_with_nothing_done_is_at_risk_once_half_its_time_has_gone(
        center: Center) -> None:
    order = center.order(received_on="2017-08-08", due_on="2017-08-21")
    # behind on 16 Aug: 8, 9, 10, 14, 15 (five); left: 16, 17, 18, 21 (four)
    assert order_progress(order, 0, dt.date(2017, 8, 16)).at_risk
    # on 15 Aug: four behind, five left
    assert not order_progress(order, 0, dt.date(2017, 8, 15)).at_risk
