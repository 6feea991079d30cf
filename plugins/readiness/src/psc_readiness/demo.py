"""A month of readiness activity for ``psc demo``: the last full month's timetable,
attendance of the program's participants, three work orders from invented local
businesses with the work done on them, and a stage review for each participant;
plus one order still under way, so the agenda has something to flag."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from psc_readiness.intake import AutonomyStage
from psc_readiness.lookups import CODE
from psc_readiness.orders import accept, add_order, deliver, done_so_far, record_work
from psc_readiness.progress import progress_of, review_stage
from psc_readiness.records import AbsenceReason, Presence, Session, WorkOrder
from psc_readiness.sessions import add_sessions, record_attendance
from psccore import Participant, Psc, add_working_days, enrollment_of, working_days

CLIENTS = [("株式会社杜の都印刷（架空）", "印刷業", "flyer_folding", "新聞折込チラシの折り", 8000, "枚", "0.8"),
           ("青葉タウン情報社（架空）", "出版業", "posting", "地域情報誌のポスティング", 2400, "部", "4"),
           ("有限会社せんだい企画（架空）", "広告業", "envelope_stuffing", "ダイレクトメールの封入・封緘",
            1500, "通", "2.5")]
TOPICS = ["消費者トラブルに気を付けよう", "季節の体調管理", "上手なお金の使い方"]


def last_full_month(today: dt.date) -> tuple[dt.date, dt.date]:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def load_month(psc: Psc, rng: random.Random, today: dt.date) -> None:
    start, end = last_full_month(today)
    days = working_days(start, end)
    people = [p for p in psc.participants(CODE) if p.active_on(start) or p.active_on(end)]
    if not days or not people:
        return
    orders = [_order(psc, client, start, end, rng) for client in CLIENTS]
    sessions = add_sessions(psc, _timetable(days, orders, rng))
    halves: dict[tuple[dt.date, str], list[Session]] = {}
    for session in sorted(sessions, key=lambda s: s.id or 0):
        halves.setdefault((session.held_on, session.half.value), []).append(session)
    for (day, _), choices in sorted(halves.items()):
        for session, came in _attendance(psc, day, choices, people, rng):
            if session.work_order_id is not None:
                _work(psc, session, orders, came, rng)
    for order in orders:
        _finish(psc, order, today, rng)
    _ongoing(psc, today, rng)
    for who in people:
        _review(psc, who, end, rng)


def _order(psc: Psc, client: tuple[Any, ...], start: dt.date, end: dt.date,
           rng: random.Random) -> WorkOrder:
    name, industry, activity, task, quantity, unit, price = client
    employer = psc.add_employer({"name": name, "industry": industry, "ward": "青葉区"}, on=start)
    due = end - dt.timedelta(days=rng.randint(0, 6))
    return add_order(psc, {
        "client_id": employer.id, "task": task, "activity": activity, "quantity": quantity,
        "unit": unit, "unit_price": price, "received_on": start, "due_on": due})


def _timetable(days: Sequence[dt.date], orders: Sequence[WorkOrder],
               rng: random.Random) -> list[dict[str, Any]]:
    """The center's usual week: job hunting or PC in the morning, courses in the afternoon,
    in-facility work and the social farm every day, postings and mailings twice a week."""
    by_activity = {o.activity.value: o.id for o in orders}
    rows: list[dict[str, Any]] = []
    mondays = 0
    for day in days:
        weekday = day.weekday()
        am_course = "pc" if weekday in (1, 3) else "short_job_hunting"
        pm_course = ["leisure", "pc", "communication", "pc", "job_hunting"][weekday]
        topic = None
        if weekday == 0 and mondays % 2 == 1:
            pm_course, topic = "life_and_health", TOPICS[mondays // 2 % len(TOPICS)]
        mondays += weekday == 0
        for half, course in (("am", am_course), ("pm", pm_course)):
            work = "flyer_folding" if weekday in (0, 2) else "envelope_stuffing" \
                if weekday == 4 else "piecework"
            rows += [{"held_on": day, "half": half, "activity": course, "topic": topic},
                     {"held_on": day, "half": half, "activity": work,
                      "work_order_id": by_activity.get(work)},
                     {"held_on": day, "half": half, "activity": "social_farm"}]
            if weekday in (1, 3) and half == "pm":
                rows.append({"held_on": day, "half": half, "activity": "posting",
                             "work_order_id": by_activity["posting"]})
    rng.shuffle(rows)  # the order rows are entered in does not matter
    return rows


def _attendance(psc: Psc, day: dt.date, choices: Sequence[Session],
                people: Sequence[Participant], rng: random.Random
                ) -> list[tuple[Session, list[int]]]:
    """Who went to which of a half's sessions. Participants come on four weekdays out of
    five (each has a regular day off), some more steadily than others; an absence
    carries its reason."""
    seats = {s.id: s.capacity for s in choices}
    went: dict[int, list[int]] = {s.id or 0: [] for s in choices}
    for who in people:
        if not who.active_on(day) or who.case_id % 5 == day.weekday() or rng.random() < 0.2:
            continue
        open_ = [s for s in choices if seats[s.id] > 0]
        if not open_:
            break
        session = rng.choice(open_)
        seats[session.id] -= 1
        roll, steady = rng.random(), 0.75 + (who.case_id % 4) * 0.06
        if roll < steady:
            record_attendance(psc, session.id or 0, [who.case_id], "present")
            went[session.id or 0].append(who.case_id)
        elif roll < steady + 0.08:
            record_attendance(psc, session.id or 0, [who.case_id], "late",
                                      reason="overslept", minutes_late=rng.choice([10, 15, 30]))
            went[session.id or 0].append(who.case_id)
        else:
            reason = rng.choice([r.value for r in AbsenceReason if r.value != "other"])
            record_attendance(psc, session.id or 0, [who.case_id],
                                      Presence.ABSENT.value, reason=reason)
    return [(s, went[s.id or 0]) for s in choices]


def _work(psc: Psc, session: Session, orders: Sequence[WorkOrder], came: list[int],
          rng: random.Random) -> None:
    order = next((o for o in orders if o.id == session.work_order_id), None)
    if order is None:
        return
    with psc.program_read(CODE) as conn:
        left = order.quantity - done_so_far(conn, [order.id or 0]).get(order.id or 0, 0)
    for case_id in came:
        quantity = min(rng.randint(60, 180), left)
        if quantity <= 0:
            return  # the order is done: the rest of the session did other work
        record_work(psc, order.id or 0, quantity, session_id=session.id, case_id=case_id)
        left -= quantity


def _finish(psc: Psc, order: WorkOrder, today: dt.date, rng: random.Random) -> None:
    """Finish, deliver and have the order accepted, each only if its day has come (early
    in a month, last month's late orders still wait for delivery or acceptance)."""
    with psc.program_read(CODE) as conn:
        done = done_so_far(conn, [order.id or 0]).get(order.id or 0, 0)
    if done < order.quantity:  # staff finish what is left before delivery
        record_work(psc, order.id or 0, order.quantity - done, on=order.due_on,
                            note="職員が仕上げ")
    late = rng.random() < 0.3  # most orders go out on time
    delivered = add_working_days(order.due_on, 1) if late else order.due_on
    if delivered <= today:
        deliver(psc, order.id or 0, delivered)
        if (accepted := delivered + dt.timedelta(days=2)) <= today:
            accept(psc, order.id or 0, accepted)


def _ongoing(psc: Psc, today: dt.date, rng: random.Random) -> None:
    """An order under way now, behind its pace: the agenda shows it at risk."""
    client = psc.list_employers()[0]
    order = add_order(psc, {
        "client_id": client.id, "task": "Tシャツのたたみ・袋詰め", "activity": "tshirt_folding",
        "quantity": 1200, "unit": "枚", "unit_price": "12",
        "received_on": today - dt.timedelta(days=10), "due_on": today + dt.timedelta(days=4)})
    record_work(psc, order.id or 0, rng.randint(150, 250),
                        on=today - dt.timedelta(days=7), note="初日の作業")


def _review(psc: Psc, who: Participant, end: dt.date, rng: random.Random) -> None:
    """A review at the end of the month (or when the case closed); some move up a stage."""
    on = min(end, who.closed_on or end)
    if on < who.enrolled_on:
        return
    with psc.program_read(CODE) as conn:
        now = progress_of(conn, enrollment_of(conn, who.case_id, CODE))[-1].stage
    stages = list(AutonomyStage)
    moved = stages[min(stages.index(now) + (rng.random() < 0.4), len(stages) - 1)]
    review_stage(psc, who.case_id, moved.value, on, "月末の振り返り",
                         today=end + dt.timedelta(days=1))
