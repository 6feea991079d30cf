"""``psc childcare_aftercare …``: SST, aftercare and the follow-ups after leaving care."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from psc_childcare_aftercare import service
from psc_childcare_aftercare.service import (
    ConsultationKind,
    EventKind,
    MailingKind,
    SstTopic,
    Topic,
)
from psccore import program_group
from psccore.cli.kit import (
    CASE,
    CONTACT_BY,
    CodedChoice,
    T,
    command,
    current_psc,
    echo_ok,
    parse_on,
    table,
)

CODE = service.CODE
F = TypeVar("F", bound=Callable[..., Any])


def register(cli: click.Group) -> None:
    group = program_group(cli, CODE)
    for make in (_sst, _event, _consult, _send, _left, _followups, _done):
        group.add_command(make())


def _cases(f: F) -> F:
    return click.argument("case_ids", type=CASE, metavar="CASE...", nargs=-1)(f)


def _sst() -> click.Command:
    @command(name="sst", help=T("ソーシャルスキルトレーニングの実施と参加者を記録します",
                                "record an SST session and who took part"))
    @click.argument("topic", type=CodedChoice(SstTopic))
    @click.option("--on", "held_on", required=True, help=T("実施日", "held on"))
    @click.option("--place", required=True, help=T("実施した施設", "the home it was held at"))
    @_cases
    def sst(topic: str, held_on: str, place: str, case_ids: tuple[int, ...]) -> None:
        day = parse_on(held_on, "$.held_on")
        assert day is not None
        session = service.hold_sst(current_psc(), day, topic, place, list(case_ids))
        echo_ok(T(f"SST {session} を記録しました（参加 {len(set(case_ids))} 人）",
                  f"SST session {session} recorded ({len(set(case_ids))} took part)"))

    return sst


def _event() -> click.Command:
    @command(name="event", help=T("退所者サロン・交流会と参加者を記録します",
                                  "record a leavers' salon or exchange event and who came"))
    @click.argument("kind", type=CodedChoice(EventKind))
    @click.option("--on", "held_on", required=True, help=T("開催日", "held on"))
    @click.option("--title", required=True,
                  help=T("行事の名前", "event title"))
    @_cases
    def event(kind: str, held_on: str, title: str, case_ids: tuple[int, ...]) -> None:
        day = parse_on(held_on, "$.held_on")
        assert day is not None
        made = service.hold_event(current_psc(), day, kind, title, list(case_ids))
        echo_ok(T(f"行事 {made} を記録しました", f"Event {made} recorded"))

    return event


def _consult() -> click.Command:
    @command(name="consult", help=T("相談を記録します（種別・内容の区分は統計に、内容は支援経過に）",
                                    "record a consultation (kind and topic counted; the "
                                    "summary goes to the support record)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.argument("kind", type=CodedChoice(ConsultationKind))
    @click.argument("topic", type=CodedChoice(Topic))
    @click.option("--on", required=True,
                  help=T("相談日（2026-04-01・R8.4.1・令和8年4月1日）", "date (2026-04-01 or R8.4.1)"))
    @click.option("--summary", required=True, help=T("相談の内容", "what was discussed"))
    def consult(case_id: int, kind: str, topic: str, on: str, summary: str) -> None:
        day = parse_on(on)
        assert day is not None
        service.consult(current_psc(), case_id, day, kind, topic, summary)
        echo_ok(T("相談を記録しました", "Consultation recorded"))

    return consult


def _send() -> click.Command:
    @command(name="send", help=T("ニュースレター・情報の送付と受け取った人を記録します",
                                 "record a newsletter or information sent, and to whom"))
    @click.argument("kind", type=CodedChoice(MailingKind))
    @click.option("--on", "sent_on", required=True,
                  help=T("送付日（2026-04-01・R8.4.1・令和8年4月1日）", "sent on (2026-04-01 or R8.4.1)"))
    @click.option("--title", required=True,
                  help=T("送ったものの名前", "what was sent"))
    @_cases
    def send(kind: str, sent_on: str, title: str, case_ids: tuple[int, ...]) -> None:
        day = parse_on(sent_on, "$.sent_on")
        assert day is not None
        service.send(current_psc(), day, kind, title, list(case_ids))
        echo_ok(T(f"{len(set(case_ids))} 人への送付を記録しました",
                  f"Recorded as sent to {len(set(case_ids))}"))

    return send


def _left() -> click.Command:
    @command(name="left-care", help=T("退所を記録し、退所後フォロー（1・3・6・12か月）を予定します",
                                      "record leaving care and schedule the follow-ups "
                                      "(1, 3, 6 and 12 months)"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    @click.option("--on", required=True, help=T("退所日", "left on"))
    def left(case_id: int, on: str) -> None:
        day = parse_on(on)
        assert day is not None
        planned = service.left_care(current_psc(), case_id, day)
        echo_ok(T("退所後フォロー: ", "Follow-ups: ") + ", ".join(str(f.due_on) for f in planned))

    return left


def _followups() -> click.Command:
    @command(name="followups", help=T("退所後フォローの予定と記録", "follow-ups after leaving care"))
    @click.argument("case_id", type=CASE, metavar="CASE")
    def followups(case_id: int) -> None:
        from psccore import enrollment_of

        with current_psc().program_read(CODE) as conn:
            found = service.followups_of(conn, [enrollment_of(conn, case_id, CODE).id or 0])
        table([T("番号", "id"), T("時期", "when"), T("期日", "due"), T("実施日", "done"),
               T("記録", "note")],
              [(f.id, T(f"{f.month}か月後", f"{f.month} months"), f.due_on, f.done_on, f.note)
               for f in found])

    return followups


def _done() -> click.Command:
    @command(name="followup-done", help=T("退所後フォローを記録します", "record a follow-up done"))
    @click.argument("followup_id", type=int)
    @click.option("--on", required=True,
                  help=T("実施日（2026-04-01・R8.4.1・令和8年4月1日）", "done on (2026-04-01 or R8.4.1)"))
    @click.option("--note",
                  help=T("記録", "note"))
    @click.option("--by", "contact", type=CONTACT_BY, default="phone",
                  show_default=True,
                  help=T("方法（電話・面談）", "how (phone or in person)"))
    def done(followup_id: int, on: str, note: str | None, contact: str) -> None:
        day = parse_on(on)
        assert day is not None
        found = service.complete_followup(current_psc(), followup_id, day, note, contact)
        echo_ok(T(f"退所後{found.month}か月のフォローを記録しました",
                  f"Recorded the {found.month}-month follow-up"))

    return done
