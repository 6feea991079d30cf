"""The program's use cases on psccore's public API: referrals to experts, follow-ups on
treatment and work, the plan for a return to work, and the work-accommodation summary
for an employer.

Free-text notes may say something about treatment, so they are sealed (encrypted) in
the program's tables and opened only for staff who may read sensitive data, each
opening audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psc_cancer_reemployment.catalogue import Expert, Outcome, WorkStatus
from psc_cancer_reemployment.intake import Track
from psc_cancer_reemployment.tables import (
    cancer_reemployment_followups as followups_t,
)
from psc_cancer_reemployment.tables import (
    cancer_reemployment_referrals as referrals_t,
)
from psc_cancer_reemployment.tables import (
    cancer_reemployment_return_plans as plans_t,
)
from psccore import (
    InvalidInput,
    Label,
    NotFound,
    Participant,
    Problem,
    Psc,
    among,
    enrollment_of,
    from_row,
    participants,
    rules,
    structure,
    unstructure,
)

CODE = "cancer_reemployment"
REFERRAL = Label("専門家への紹介", "referral")
WITHHELD = Label("（非表示: 要配慮個人情報）", "(withheld: sensitive)")
IN_FUTURE = Label("{day} はまだ来ていません", "{day} has not come yet")
BEFORE_START = Label("支援の開始（{day}）より前です", "is before the support began ({day})")
WRONG_TRACK = Label("職場復帰の計画は職場復帰支援（return_to_work）の方だけです",
                    "a return plan is for return-to-work support only")
PHASES_ORDER = Label("段階は復職日から始め、日付順に並べてください",
                     "phases start on the return date and go in date order")
NO_CONSENT = Label("事業所との面談には、その日に有効な本人の同意（健康状態を含む提供の同意）が必要です",
                   "a meeting with the employer needs the person's consent in force that day, "
                   "covering health")
NO_CONSENT_TO_COLLECT = Label(
    "本人の取得の同意（{day}に有効なもの）がないため、治療に関わる記録は残せません",
    "no consent to collect (in force on {day}): nothing about treatment can be recorded")
BEFORE_RETURN = Label("面談は復職日より前にしてください", "the meeting must come before the return")
NEXT_FIRST = Label("次回は今回より後の日付にしてください", "the next follow-up must come after this one")


@attrs.define(kw_only=True)
class Referral(rules.Validated):
    id: int | None = None
    enrollment_id: int
    expert: Expert = rules.field(Label("紹介先", "expert"))
    referred_on: dt.date = rules.field(Label("紹介日", "referred on"))
    purpose: str = rules.field(Label("相談の内容", "what about"),
                               rules=[rules.required(), rules.max_length(400)])
    outcome: Outcome | None = rules.field(Label("結果", "outcome"), default=None)
    outcome_on: dt.date | None = None
    outcome_note: str | None = rules.field(Label("結果の記録", "outcome note"), default=None,
                                           rules=[rules.max_length(1000)])
    staff_id: int | None = None
    version: int = 1


@attrs.define(kw_only=True)
class FollowUp(rules.Validated):
    id: int | None = None
    enrollment_id: int
    on: dt.date = rules.field(Label("実施日", "on"))
    work_status: WorkStatus = rules.field(Label("就労の状況", "work status"))
    note: str | None = rules.field(Label("治療と仕事の状況", "treatment and work"), default=None,
                                   rules=[rules.max_length(2000)])
    next_on: dt.date | None = rules.field(Label("次回", "next follow-up"), default=None)
    staff_id: int | None = None

    def cross_rules(self) -> list[Problem]:
        if self.next_on is not None and self.next_on <= self.on:
            return [Problem("$.next_on", NEXT_FIRST)]
        return []


@attrs.define(kw_only=True)
class Phase(rules.Validated):
    """A step of a phased return: from a day, so many hours a day, so many days a week."""

    starts_on: dt.date = rules.field(Label("開始日", "from"))
    hours_per_day: float = rules.field(Label("1日の時間", "hours a day"),
                                       rules=[rules.between(1, 10)])
    days_per_week: int = rules.field(Label("週の日数", "days a week"), rules=[rules.between(1, 6)])


@attrs.define(kw_only=True)
class ReturnPlan(rules.Validated):
    """Stored with its phases as plain data (``Phase`` checks them on the way in)."""

    id: int | None = None
    enrollment_id: int
    return_on: dt.date = rules.field(Label("復職日", "return on"))
    phases: list[dict[str, Any]] = rules.field(Label("段階的な勤務", "phases"), factory=list)
    meeting_on: dt.date | None = rules.field(Label("事業所との面談", "meeting with the employer"),
                                             default=None)
    consent_id: int | None = rules.field(Label("同意", "consent"), default=None)
    staff_id: int | None = None
    version: int = 1

    def phase_list(self) -> list[Phase]:
        return [structure(p, Phase) for p in self.phases]


# --- the participant -------------------------------------------------------------------

def participant(conn: Connection, case_id: int) -> Participant:
    found = enrollment_of(conn, case_id, CODE)
    return participants(conn, CODE, [found.id or 0])[0]


def track_of(conn: Connection, case_id: int) -> Track:
    return Track.of(str(enrollment_of(conn, case_id, CODE).intake["track"]))


def track_of_case(psc: Psc, case_id: int) -> str:
    with psc.program_read(CODE) as conn:
        return str(track_of(conn, case_id).value)


def _check_day(on: dt.date, who: Participant, today: dt.date, path: str) -> None:
    if on > today:
        raise InvalidInput([Problem(path, IN_FUTURE, {"day": on.isoformat()})])
    if on < who.enrolled_on:
        raise InvalidInput([Problem(path, BEFORE_START, {"day": who.enrolled_on})])


def _seal(psc: Psc, table: sa.Table, row_id: int, name: str, text: str | None) -> str | None:
    """``text`` sealed into its row (a copy moved to another row no longer opens)."""
    return psc.seal(CODE, name, text, table=table.name, row_id=row_id) if text else None


def _consented(psc: Psc, who: Participant, on: dt.date) -> None:
    """Notes may be about treatment: they need the consent to collect, then and now."""
    if not psc.collection_consented(who.person_id, on):
        raise InvalidInput([Problem("$.on", NO_CONSENT_TO_COLLECT, {"day": on.isoformat()})])


# --- referrals to experts ---------------------------------------------------------------

def refer(psc: Psc, case_id: int, expert: str, on: dt.date | None, purpose: str,
          today: dt.date | None = None) -> Referral:
    """Refer the person to an expert (the purpose is kept sealed)."""
    staff_id = psc.acting_staff().id
    on = on or psc.today()
    with psc.program_write(CODE) as tx:
        who = participant(tx.conn, case_id)
        _check_day(on, who, today or psc.today(), "$.on")
        _consented(psc, who, on)
        referral = structure({"enrollment_id": who.enrollment_id, "expert": expert,
                              "referred_on": on, "purpose": purpose, "staff_id": staff_id},
                             Referral)
        stored = tx.insert(referrals_t, attrs.evolve(referral, purpose="-"),  # sealed, below
                           person_id=who.person_id, sealed=lambda new_id: {
                               "purpose": _seal(psc, referrals_t, new_id, "purpose", purpose)})
        return attrs.evolve(stored, purpose=purpose)


def record_outcome(psc: Psc, referral_id: int, outcome: str, on: dt.date | None,
                   note: str | None = None, today: dt.date | None = None) -> Referral:
    on = on or psc.today()
    with psc.program_write(CODE) as tx:
        row = tx.conn.execute(sa.select(referrals_t).where(referrals_t.c.id == referral_id)
                              ).one_or_none()
        if row is None:
            raise NotFound.of(REFERRAL, referral_id)
        before = from_row(row, Referral)
        who = participants(tx.conn, CODE, [before.enrollment_id])[0]
        _check_day(on, who, today or psc.today(), "$.on")
        if note:
            _consented(psc, who, on)
        checked = structure({"enrollment_id": 0, "expert": before.expert.value,
                             "referred_on": before.referred_on, "purpose": "-",
                             "outcome": outcome, "outcome_note": note}, Referral)
        after = attrs.evolve(before, outcome=checked.outcome, outcome_on=on,
                             outcome_note=_seal(psc, referrals_t, before.id or 0,
                                                "outcome_note", note))
        return tx.update(referrals_t, before, after, person_id=who.person_id)


def referrals_of(conn: Connection, enrollment_ids: Sequence[int] | sa.Select[Any]) -> list[Referral]:
    return [from_row(r, Referral) for r in conn.execute(
        sa.select(referrals_t).where(among(referrals_t.c.enrollment_id, enrollment_ids))
        .order_by(referrals_t.c.referred_on, referrals_t.c.id))]


def referrals(psc: Psc, case_id: int) -> list[Referral]:
    """The case's referrals; their texts opened only for sensitive readers (audited)."""
    with psc.program_read(CODE) as conn:
        who = participant(conn, case_id)
        found = [from_row(r, Referral) for r in conn.execute(
            sa.select(referrals_t).where(referrals_t.c.enrollment_id == who.enrollment_id)
            .order_by(referrals_t.c.referred_on, referrals_t.c.id))]
    return [_opened(psc, r, who, referrals_t.name, ("purpose", "outcome_note")) for r in found]


def _opened(psc: Psc, record: Any, who: Participant, table: str,
            names: Sequence[str]) -> Any:
    """The record with its sealed texts opened, or withheld from a reader who may not
    see them (core audits both)."""
    sealed = {n: getattr(record, n) for n in names if getattr(record, n)}
    if not sealed:
        return record
    opened = psc.open_sealed(CODE, table, record.id, who.person_id, sealed)
    return attrs.evolve(record, **(opened or {n: WITHHELD.text() for n in sealed}))


# --- follow-ups ---------------------------------------------------------------------------

def follow_up(psc: Psc, case_id: int, data: Mapping[str, Any],
              today: dt.date | None = None, contact: str = "visit") -> FollowUp:
    """Record a follow-up on treatment and work, and when the next one is due; it is a
    contact (``phone`` or ``visit``) in the case's support record too."""
    staff_id = psc.acting_staff().id
    with psc.program_write(CODE) as tx:
        who = participant(tx.conn, case_id)
        record = structure({**data, "enrollment_id": who.enrollment_id, "staff_id": staff_id},
                           FollowUp)
        _check_day(record.on, who, today or psc.today(), "$.on")
        if record.note:
            _consented(psc, who, record.on)
        stored = tx.insert(followups_t, attrs.evolve(record, note=None),
                           person_id=who.person_id, sealed=lambda new_id: {
                               "note": _seal(psc, followups_t, new_id, "note", record.note)})
        psc.add_record(case_id, {  # a contact, told in words that reveal nothing medical
            "on": record.on, "kind": contact, "summary": "状況確認（面談・電話）"})
        return attrs.evolve(stored, note=record.note)


def followups_of(conn: Connection, enrollment_ids: Sequence[int] | sa.Select[Any]) -> list[FollowUp]:
    return [from_row(r, FollowUp) for r in conn.execute(
        sa.select(followups_t).where(among(followups_t.c.enrollment_id, enrollment_ids))
        .order_by(followups_t.c.on, followups_t.c.id))]


def followups(psc: Psc, case_id: int) -> list[FollowUp]:
    with psc.program_read(CODE) as conn:
        who = participant(conn, case_id)
        found = followups_of(conn, [who.enrollment_id])
    return [_opened(psc, f, who, followups_t.name, ("note",)) for f in found]


# --- the return to work --------------------------------------------------------------------

def plan_return(psc: Psc, case_id: int, data: Mapping[str, Any]) -> ReturnPlan:
    """Plan a phased return to work; a meeting with the employer needs the person's
    consent, in force that day, to give them health details."""
    staff_id = psc.acting_staff().id
    with psc.program_write(CODE) as tx:
        who = participant(tx.conn, case_id)
        if track_of(tx.conn, case_id) is not Track.RETURN_TO_WORK:
            raise InvalidInput([Problem("$.case", WRONG_TRACK)])
        given = dict(data)
        try:
            phases = structure(given.pop("phases", []), list[Phase])
        except InvalidInput as exc:  # $[1].hours_per_day → $.phases[1].hours_per_day
            raise InvalidInput([p._replace(path="$.phases" + p.path[1:])
                                for p in exc.problems]) from None
        plan = structure({**given, "enrollment_id": who.enrollment_id, "staff_id": staff_id},
                         ReturnPlan)
        days = [p.starts_on for p in phases]
        if days and (days[0] != plan.return_on or days != sorted(set(days))):
            raise InvalidInput([Problem("$.phases", PHASES_ORDER)])
        if plan.return_on < who.enrolled_on:
            raise InvalidInput([Problem("$.return_on", BEFORE_START, {"day": who.enrolled_on})])
        if plan.meeting_on is not None and plan.meeting_on > plan.return_on:
            raise InvalidInput([Problem("$.meeting_on", BEFORE_RETURN)])
        plan = attrs.evolve(plan, phases=unstructure(phases))
        if plan.meeting_on is not None and not _meeting_consented(psc, who, plan):
            raise InvalidInput([Problem("$.consent_id", NO_CONSENT)])
        return tx.insert(plans_t, plan, person_id=who.person_id)


def _meeting_consented(psc: Psc, who: Participant, plan: ReturnPlan) -> bool:
    """A consent to give health data to an employer (not any organisation), in force
    on the meeting day."""
    return any(c.id == plan.consent_id and c.kind.value == "provide"
               and c.employer_id is not None
               and plan.meeting_on is not None and c.in_force(plan.meeting_on)
               and "health" in {x.value for x in c.categories}
               for c in psc.list_consents(who.person_id))


def return_plans(conn: Connection, enrollment_ids: Sequence[int] | sa.Select[Any]) -> list[ReturnPlan]:
    """Each enrollment's return plan in force: the latest made (it replaces earlier ones)."""
    latest: dict[int, ReturnPlan] = {}
    for row in conn.execute(sa.select(plans_t).where(
            among(plans_t.c.enrollment_id, enrollment_ids)).order_by(plans_t.c.id)):
        plan = from_row(row, ReturnPlan)
        latest[plan.enrollment_id] = plan
    return sorted(latest.values(), key=lambda p: (p.return_on, p.id or 0))
