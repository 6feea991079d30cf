"""Free job placement (無料職業紹介): job seekers' registrations, referrals to openings
under the person's consent (each recorded as a disclosure), their outcomes, and the
placement business report's figures (職業紹介事業報告書, 様式第8号; docs/reports.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.cases import CaseStatus
from psccore.domain.convert import structure, unstructure
from psccore.domain.employers import EmploymentLength, JobOpening, OpeningStatus
from psccore.domain.job_placement import (
    PLACES,
    REPORT_MEASURES,
    VALID_MONTHS,
    JobApplication,
    Referral,
    ReferralOutcome,
)
from psccore.domain.placements import add_months
from psccore.domain.program import ReportPeriod, ReportRow
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.consent import IntroductionSheet
from psccore.services.context import Context, WriteUnit
from psccore.services.employers import OPENING
from psccore.store import tables as t
from psccore.store.db import from_row, get

REFERRAL = Label("紹介", "referral")
NO_APPLICATION = Label("相談者 {id} には {date} に有効な求職登録がありません（psc referral register）",
                       "person {id} has no job application in force on {date} "
                       "(psc referral register)")
NOT_OPEN = Label("求人 {id} は募集中ではありません（{status}）",
                 "opening {id} is not open ({status})")
ALREADY_REFERRED = Label("相談者 {person} はすでに求人 {opening} に紹介されています（紹介 {id}、結果待ち）",
                         "person {person} is already referred to opening {opening} "
                         "(referral {id}, awaiting the outcome)")
OUTCOME_KNOWN = Label("紹介 {id} の結果はすでに記録されています（{outcome}）",
                      "referral {id} already has its outcome ({outcome})")
NO_OPEN_CASE = Label("相談者 {id} には支援中のケースがなく、就労を記録できません",
                     "person {id} has no open case to record the employment in")


@attrs.frozen
class ReferralResult:
    """A referral made, and the introduction sheet the employer received."""

    referral: Referral
    sheet: IntroductionSheet


def register_seeker(ctx: Context, person_id: int, data: Mapping[str, Any]) -> JobApplication:
    """求職登録. The work wanted defaults to the person's job preferences (the duties
    they want); the registration stays in force three months unless ``valid_until``."""
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_person(uow, person_id, Action.WRITE)
        applied = dt.date.fromisoformat(str(data["applied_on"])) if data.get("applied_on") \
            else uow.today
        wanted = uow.conn.execute(sa.select(t.job_preferences.c.duties).where(
            t.job_preferences.c.person_id == person_id)).scalar()
        defaults = {"applied_on": applied.isoformat(), "desired_work": list(wanted or []),
                    "valid_until": (add_months(applied, VALID_MONTHS)
                                    - dt.timedelta(days=1)).isoformat()}
        application = structure({**defaults, **{k: v for k, v in data.items() if v is not None},
                                 "person_id": person_id, "staff_id": staff.id}, JobApplication)
        return uow.tx.insert(t.job_applications, application, person_id=person_id)


def list_applications(ctx: Context, person_id: int) -> list[JobApplication]:
    with ctx.read() as uow:
        access.for_person(uow, person_id, Action.READ)
        a = t.job_applications
        return [from_row(r, JobApplication) for r in uow.conn.execute(
            sa.select(a).where(a.c.person_id == person_id).order_by(a.c.applied_on, a.c.id))]


def refer(ctx: Context, person_id: int, opening_id: int, on: dt.date | None = None,
          categories: Sequence[str] | None = None) -> ReferralResult:
    """紹介: put the person forward for an open opening. Needs a job application in force
    and the person's consent for the employer (checked and recorded as a disclosure,
    as for an introduction); all in one transaction."""
    from psccore.services.consent import introduce

    with ctx.write() as uow:
        staff = uow.acting()
        access.for_person(uow, person_id, Action.DISCLOSE)
        day = on or uow.today
        application = _application_in_force(uow.conn, person_id, day)
        opening = get(uow.conn, t.job_openings, JobOpening, opening_id, OPENING)
        if opening.status is not OpeningStatus.OPEN:
            raise InvalidInput([Problem("$.opening_id", NOT_OPEN, {
                "id": opening_id, "status": opening.status.label})])
        _refuse_pending(uow.conn, person_id, opening_id)
        sheet = introduce(ctx, person_id, opening.employer_id, categories, day,
                          document="referral")
        referral = uow.tx.insert(t.referrals, Referral(
            application_id=application.id or 0, person_id=person_id, opening_id=opening_id,
            case_id=_open_case(uow.conn, person_id), referred_on=day,
            consent_id=sheet.consent_id, disclosure_id=sheet.disclosure_id,
            staff_id=staff.id), person_id=person_id)
        return ReferralResult(referral, sheet)


def _application_in_force(conn: Connection, person_id: int, on: dt.date) -> JobApplication:
    a = t.job_applications
    row = conn.execute(sa.select(a).where(a.c.person_id == person_id, a.c.applied_on <= on,
                                          a.c.valid_until >= on)
                       .order_by(a.c.applied_on.desc(), a.c.id.desc())).first()
    if row is None:
        raise InvalidInput([Problem("$.person_id", NO_APPLICATION, {"id": person_id,
                                                                    "date": on})])
    return from_row(row, JobApplication)


def _refuse_pending(conn: Connection, person_id: int, opening_id: int) -> None:
    r = t.referrals
    pending = conn.execute(sa.select(r.c.id).where(
        r.c.person_id == person_id, r.c.opening_id == opening_id, r.c.outcome.is_(None))).scalar()
    if pending is not None:
        raise InvalidInput([Problem("$.opening_id", ALREADY_REFERRED, {
            "person": person_id, "opening": opening_id, "id": pending})])


def _open_case(conn: Connection, person_id: int) -> int | None:
    return conn.execute(sa.select(t.cases.c.id).where(
        t.cases.c.person_id == person_id, t.cases.c.status == CaseStatus.OPEN.value)
        .order_by(t.cases.c.opened_on.desc(), t.cases.c.id.desc())).scalar()


def record_outcome(ctx: Context, referral_id: int, outcome: str, on: dt.date | None = None,
                   employment: Mapping[str, Any] | None = None) -> Referral:
    """採用・不採用・辞退. A hire records the employment (at the opening's employer, from
    ``on`` unless ``employment`` says otherwise) in the person's case, and the opening
    is filled once its headcount is hired."""
    from psccore.services.placements import add_employment

    result = structure(outcome, ReferralOutcome)
    with ctx.write() as uow:
        before = get(uow.conn, t.referrals, Referral, referral_id, REFERRAL)
        access.for_person(uow, before.person_id, Action.WRITE)
        if before.outcome is not None:
            raise InvalidInput([Problem("$.outcome", OUTCOME_KNOWN, {
                "id": referral_id, "outcome": before.outcome.label})])
        day = on or uow.today
        after = structure({**unstructure(before), "outcome": result.value,
                           "outcome_on": day.isoformat()}, Referral)
        if result is ReferralOutcome.HIRED:
            opening = get(uow.conn, t.job_openings, JobOpening, before.opening_id, OPENING)
            case_id = before.case_id or _open_case(uow.conn, before.person_id)
            if case_id is None:
                raise InvalidInput([Problem("$.case_id", NO_OPEN_CASE, {"id": before.person_id})])
            job = add_employment(ctx, case_id, {"employer_id": opening.employer_id,
                                                "start_on": day.isoformat(),
                                                **(employment or {})})
            after = attrs.evolve(after, employment_id=job.id, case_id=case_id)
            saved = uow.tx.update(t.referrals, before, after, person_id=before.person_id)
            _fill(uow, opening, day)
            return saved
        return uow.tx.update(t.referrals, before, after, person_id=before.person_id)


def _fill(uow: WriteUnit, opening: JobOpening, on: dt.date) -> None:
    """An opening whose headcount is hired is filled (充足) from that day."""
    r = t.referrals
    hired = uow.conn.execute(sa.select(sa.func.count()).where(
        r.c.opening_id == opening.id, r.c.outcome == ReferralOutcome.HIRED.value)).scalar_one()
    if hired >= opening.headcount and opening.status is OpeningStatus.OPEN:
        uow.tx.update(t.job_openings, opening,
                      attrs.evolve(opening, status=OpeningStatus.FILLED, closed_on=on))


def list_referrals(ctx: Context, *, person_id: int | None = None,
                   opening_id: int | None = None, waiting: bool = False) -> list[Referral]:
    """Referrals of a person, or to an opening (only of people this staff member may
    read); ``waiting``: those still awaiting an outcome."""
    from psccore.services.people import visible

    r = t.referrals
    query = sa.select(r).order_by(r.c.referred_on, r.c.id)
    with ctx.read() as uow:
        if person_id is not None:
            access.for_person(uow, person_id, Action.READ)
            query = query.where(r.c.person_id == person_id)
        else:
            found = access.for_office(uow, Action.READ)
            query = query.where(r.c.person_id.in_(visible(sa.select(t.people.c.id), found)))
        if opening_id is not None:
            query = query.where(r.c.opening_id == opening_id)
        if waiting:
            query = query.where(r.c.outcome.is_(None))
        return [from_row(row, Referral) for row in uow.conn.execute(query)]


# --- 職業紹介事業報告書 (様式第8号) ---------------------------------------------------------------

Split = tuple[bool, str]  # (overseas, employment length)


def business_rows(conn: Connection, period: ReportPeriod, today: dt.date) -> list[ReportRow]:
    """The form's counts for the period, each split domestic / overseas and by employment
    length; stocks (in force) at the period's end, or today for a period still running."""
    start, end = period.start, period.end
    now = min(end, today)
    o, a, r = t.job_openings, t.job_applications, t.referrals
    hired = (sa.select(r.c.opening_id, sa.func.count().label("n"))
             .where(r.c.outcome == ReferralOutcome.HIRED.value, r.c.outcome_on <= now)
             .group_by(r.c.opening_id).subquery())
    placed = sa.select(r.c.application_id).where(r.c.outcome == ReferralOutcome.HIRED.value,
                                                 r.c.outcome_on <= now)
    counts = {
        "new_openings": _tally(conn.execute(
            sa.select(o.c.overseas, o.c.employment_length, o.c.headcount.label("n"))
            .where(o.c.opened_on.between(start, end)))),
        "openings_in_force": _tally(conn.execute(
            sa.select(o.c.overseas, o.c.employment_length,
                      (o.c.headcount - sa.func.coalesce(hired.c.n, 0)).label("n"))
            .outerjoin(hired, hired.c.opening_id == o.c.id)
            .where(o.c.opened_on <= now,
                   sa.or_(o.c.closed_on.is_(None), o.c.closed_on > now)))),
        "new_applications": _tally(conn.execute(
            sa.select(a.c.overseas, a.c.employment_length, sa.literal(1).label("n"))
            .where(a.c.applied_on.between(start, end)))),
        "seekers_in_force": _tally(conn.execute(
            sa.select(a.c.overseas, a.c.employment_length, sa.literal(1).label("n"))
            .where(a.c.applied_on <= now, a.c.valid_until >= now, a.c.id.not_in(placed)))),
        "placements": _tally(conn.execute(
            sa.select(o.c.overseas, o.c.employment_length, sa.literal(1).label("n"))
            .join(r, r.c.opening_id == o.c.id)
            .where(r.c.outcome == ReferralOutcome.HIRED.value,
                   r.c.outcome_on.between(start, end)))),
    }
    return [row for key, label in REPORT_MEASURES for row in _split_rows(key, label, counts[key])]


def _tally(rows: Iterable[Any]) -> Counter[Split]:
    """Rows of (overseas, employment length, n) summed by split (never below 0 each)."""
    found: Counter[Split] = Counter()
    for row in rows:
        found[(bool(row.overseas), row.employment_length)] += max(0, int(row.n))
    return found


def _split_rows(key: str, label: Label, counts: Counter[Split]) -> list[ReportRow]:
    rows = [ReportRow(key=key, label=label, value=sum(counts.values()))]
    for place, place_label in PLACES:
        for length in EmploymentLength:
            rows.append(ReportRow(
                key=f"{key}_{place}_{length.value}",
                label=Label(f"　{label.ja} {place_label.ja}・{length.label.ja}",
                            f"  {label.en}, {place_label.en}, {length.value}"),
                value=counts[(place == "overseas", length.value)]))
    return rows
