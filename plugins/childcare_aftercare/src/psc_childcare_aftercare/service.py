"""Social-skills training, aftercare (consultations, the leavers' salon and events,
information and newsletters sent) and the follow-ups after leaving care, on psccore's
public API. Re-employment support for leavers who lost a job uses core matching and
placements as any case does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_childcare_aftercare.tables import (
    childcare_aftercare_attendance as attendance_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_consultations as consultations_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_enrollments as enrollments_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_events as events_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_followups as followups_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_mailings as mailings_t,
)
from psc_childcare_aftercare.tables import (
    childcare_aftercare_sst_sessions as sessions_t,
)
from psccore import (
    Coded,
    InvalidInput,
    Label,
    NotFound,
    Participant,
    Problem,
    Psc,
    Transaction,
    add_months,
    among,
    enrollment_of,
    from_row,
    participants,
    rules,
)

CODE = "childcare_aftercare"
FOLLOW_UP_MONTHS = (1, 3, 6, 12)  # after leaving care
SESSION = Label("SST", "SST session")
EVENT = Label("行事", "event")
FOLLOW_UP = Label("退所後フォロー", "follow-up after leaving care")
IN_FUTURE = Label("{day} はまだ来ていません", "{day} has not come yet")
NOT_ACTIVE = Label("ケース {case} は {day} にこの事業を利用していません",
                   "case {case} was not in this program on {day}")
ALREADY_LEFT = Label("すでに退所の記録があります（{day}）", "has already left care ({day})")
ALREADY_DONE = Label("このフォローは記録済みです", "this follow-up is already recorded")
BEFORE_LEAVING = Label("退所日（{day}）より前です", "is before leaving care ({day})")
TEXT_RULE = Label("1〜{max}文字で入力してください", "must be 1 to {max} characters")
NOBODY = Label("受け取った人（ケース）を1人以上指定してください", "name at least one recipient (case)")


class SstTopic(Coded):
    """The SST catalogue: lifestyle, work and money, work life."""

    SNS = ("sns", "生活: SNS・インターネットとの付き合い方", "lifestyle: SNS and the internet")
    THINKING_JOBS = ("thinking_jobs", "仕事とお金: 職業について考える",
                     "work and money: thinking about jobs")
    LIVING_COSTS = ("living_costs", "仕事とお金: 生活費と家計管理",
                    "work and money: living costs and the household budget")
    BUSINESS_MANNERS = ("business_manners", "働く生活: ビジネスマナー", "work life: business manners")


class ConsultationKind(Coded):
    PHONE = ("phone", "電話相談", "by phone")
    IN_PERSON = ("in_person", "来所・訪問相談", "in person")
    MESSAGE = ("message", "メール・SNS", "by message")


class Topic(Coded):
    WORK = ("work", "仕事・就職", "work and jobs")
    MONEY = ("money", "お金・生活費", "money")
    HOUSING = ("housing", "住まい", "housing")
    RELATIONSHIPS = ("relationships", "人間関係", "relationships")
    STUDY = ("study", "進学・学び", "study")
    OTHER = ("other", "その他", "other")


class EventKind(Coded):
    SALON = ("salon", "退所者サロン", "leavers' salon")
    EXCHANGE = ("exchange", "交流会", "exchange event")


class MailingKind(Coded):
    NEWSLETTER = ("newsletter", "ニュースレター", "newsletter")
    INFORMATION = ("information", "情報提供", "information")


@attrs.define(kw_only=True)
class FollowUp(rules.Validated):
    id: int | None = None
    enrollment_id: int
    month: int
    due_on: dt.date
    done_on: dt.date | None = None
    note: str | None = rules.field(Label("記録", "note"), default=None,
                                   rules=[rules.max_length(1000)])
    version: int = 1


def schedule_after_leaving(left_on: dt.date, from_day: dt.date) -> list[tuple[int, dt.date]]:
    """The follow-ups due after leaving care on ``left_on`` (from ``from_day`` on: a
    leaver taken on years later is not owed the first ones)."""
    return [(m, add_months(left_on, m)) for m in FOLLOW_UP_MONTHS
            if add_months(left_on, m) >= from_day]


def _schedule(tx: Transaction, enrollment_id: int, person_id: int, left_on: dt.date,
              from_day: dt.date) -> None:
    for month, due in schedule_after_leaving(left_on, from_day):
        tx.insert(followups_t, FollowUp(enrollment_id=enrollment_id, month=month, due_on=due),
                  person_id=person_id)


def on_enrolled(tx: Transaction, enrollment_id: int, person_id: int, status: str,
                left_on: dt.date | None, enrolled_on: dt.date) -> None:
    tx.insert_row(enrollments_t, {"enrollment_id": enrollment_id, "status": status,
                                  "left_care_on": left_on}, person_id=person_id)
    if left_on is not None:
        _schedule(tx, enrollment_id, person_id, left_on, enrolled_on)


UNKNOWN = Label("{value} は選べません（{choices}）", "{value} is not one of: {choices}")


def _code(coded: type[Coded], value: str, path: str) -> str:
    """The member's code, or a clear error naming the choices."""
    for member in coded:
        if value in (member.value, member.label.ja, member.label.en):
            return str(member.value)
    raise InvalidInput([Problem(path, UNKNOWN, {
        "value": value, "choices": ", ".join(str(m.value) for m in coded)})])


# --- who ------------------------------------------------------------------------------

def active(conn: Connection, case_id: int, day: dt.date) -> Participant:
    found = enrollment_of(conn, case_id, CODE)
    who = participants(conn, CODE, [found.id or 0])[0]
    if not who.active_on(day):
        raise InvalidInput([Problem("$.case", NOT_ACTIVE, {"case": case_id,
                                                           "day": day.isoformat()})])
    return who


def _not_future(psc: Psc, day: dt.date, path: str = "$.on") -> None:
    if day > psc.today():  # the office's day, not the machine's
        raise InvalidInput([Problem(path, IN_FUTURE, {"day": day.isoformat()})])


def left_care(psc: Psc, case_id: int, on: dt.date) -> list[FollowUp]:
    """A young person in care leaves it: recorded, and the follow-ups scheduled."""
    _not_future(psc, on)
    with psc.program_write(CODE) as tx:
        who = active(tx.conn, case_id, on)
        row = tx.conn.execute(sa.select(enrollments_t).where(
            enrollments_t.c.enrollment_id == who.enrollment_id)).one()
        if row.left_care_on is not None:
            raise InvalidInput([Problem("$.on", ALREADY_LEFT, {"day": row.left_care_on})])
        tx.conn.execute(enrollments_t.update().where(enrollments_t.c.id == row.id)
                        .values(status="left_care", left_care_on=on))
        tx.record("update", enrollments_t, [row.id], person_id=who.person_id,
                  fields=["left_care_on", "status"])
        _schedule(tx, who.enrollment_id, who.person_id, on, on)
        return followups_of(tx.conn, [who.enrollment_id])


def followups_of(conn: Connection, enrollment_ids: Iterable[int] | sa.Select[Any]) -> list[FollowUp]:
    return [from_row(r, FollowUp) for r in conn.execute(
        sa.select(followups_t).where(among(followups_t.c.enrollment_id, enrollment_ids))
        .order_by(followups_t.c.due_on, followups_t.c.id))]


def complete_followup(psc: Psc, followup_id: int, on: dt.date, note: str | None = None,
                      contact: str = "phone") -> FollowUp:
    """A follow-up done; it is also a contact in the case's support record."""
    _not_future(psc, on)
    with psc.program_write(CODE) as tx:
        row = tx.conn.execute(sa.select(followups_t).where(followups_t.c.id == followup_id)
                              ).one_or_none()
        if row is None:
            raise NotFound.of(FOLLOW_UP, followup_id)
        before = from_row(row, FollowUp)
        if before.done_on is not None:
            raise InvalidInput([Problem("$.followup", ALREADY_DONE)])
        who = participants(tx.conn, CODE, [before.enrollment_id])[0]
        left = care_status(tx.conn, [before.enrollment_id]).get(before.enrollment_id)
        if left is not None and on < left:
            raise InvalidInput([Problem("$.on", BEFORE_LEAVING, {"day": left})])
        done = tx.update(followups_t, before, attrs.evolve(before, done_on=on, note=note),
                         person_id=who.person_id)
        psc.add_record(who.case_id, {"on": on, "kind": contact,
                                     "summary": f"退所後{before.month}か月のフォロー: {note or '実施'}"})
        return done


# --- SST, events, consultations, mailings -------------------------------------------------

def _text(value: str, path: str, limit: int) -> str:
    text = value.strip()
    if not 1 <= len(text) <= limit:
        raise InvalidInput([Problem(path, TEXT_RULE, {"max": limit})])
    return text


def _someone(case_ids: Sequence[int]) -> None:
    if not case_ids:
        raise InvalidInput([Problem("$.cases", NOBODY)])


def hold_sst(psc: Psc, held_on: dt.date, topic: str, place: str,
             case_ids: Sequence[int]) -> int:
    """An SST session at a home, with the young people who took part."""
    _not_future(psc, held_on, "$.held_on")
    _someone(case_ids)
    topic_code = _code(SstTopic, topic, "$.topic")
    place = _text(place, "$.place", 100)
    staff_id = psc.acting_staff().id
    with psc.program_write(CODE) as tx:
        session = tx.insert_row(sessions_t, {"held_on": held_on, "topic": topic_code,
                                             "place": place,
                                             "staff_id": staff_id})
        for case_id in dict.fromkeys(case_ids):
            who = active(tx.conn, case_id, held_on)
            tx.insert_row(attendance_t, {"enrollment_id": who.enrollment_id,
                                         "sst_session_id": session}, person_id=who.person_id)
        return session


def hold_event(psc: Psc, held_on: dt.date, kind: str, title: str,
               case_ids: Sequence[int]) -> int:
    """A leavers' salon or exchange event, with who came."""
    _not_future(psc, held_on, "$.held_on")
    _someone(case_ids)
    kind_code = _code(EventKind, kind, "$.kind")
    title = _text(title, "$.title", 200)
    with psc.program_write(CODE) as tx:
        event = tx.insert_row(events_t, {"held_on": held_on, "kind": kind_code,
                                         "title": title})
        for case_id in dict.fromkeys(case_ids):
            who = active(tx.conn, case_id, held_on)
            tx.insert_row(attendance_t, {"enrollment_id": who.enrollment_id, "event_id": event},
                          person_id=who.person_id)
        return event


def consult(psc: Psc, case_id: int, on: dt.date, kind: str, topic: str,
            summary: str) -> int:
    """A consultation: its kind and topic counted here, its content in the support record."""
    _not_future(psc, on)
    kind_code = _code(ConsultationKind, kind, "$.kind")
    topic_code = _code(Topic, topic, "$.topic")
    contact = {"phone": "phone", "in_person": "visit", "message": "mail"}[kind_code]
    with psc.program_write(CODE) as tx:
        who = active(tx.conn, case_id, on)
        new_id = tx.insert_row(consultations_t, {"enrollment_id": who.enrollment_id, "on": on,
                                                 "kind": kind_code, "topic": topic_code},
                               person_id=who.person_id)
        psc.add_record(case_id, {"on": on, "kind": contact, "summary": summary})
        return new_id


def send(psc: Psc, sent_on: dt.date, kind: str, title: str, case_ids: Sequence[int]) -> int:
    """A newsletter issue or information sent, and who received it."""
    _not_future(psc, sent_on, "$.sent_on")
    _someone(case_ids)
    kind_code = _code(MailingKind, kind, "$.kind")
    title = _text(title, "$.title", 200)
    with psc.program_write(CODE) as tx:
        ids = [active(tx.conn, c, sent_on).enrollment_id for c in dict.fromkeys(case_ids)]
        return tx.insert_row(mailings_t, {"sent_on": sent_on, "kind": kind_code,
                                          "title": title, "recipients": ids})


def care_status(conn: Connection, enrollment_ids: Iterable[int] | sa.Select[Any]) -> dict[int, dt.date | None]:
    """Each enrollment's day of leaving care (``None``: still in care)."""
    return {r.enrollment_id: r.left_care_on for r in conn.execute(
        sa.select(enrollments_t).where(among(enrollments_t.c.enrollment_id, enrollment_ids)))}
