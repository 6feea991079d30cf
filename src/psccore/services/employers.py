"""Employers and their development, job openings, preferences, and matching."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.convert import structure, unstructure
from psccore.domain.employers import (
    DevelopmentStage,
    Employer,
    EmployerVisit,
    JobOpening,
    JobPreference,
    OpeningStatus,
    PartnerRole,
    Relaxation,
    RoleAgreement,
    StageChange,
)
from psccore.domain.matching import (
    BEST_OUTSIDE_AREA,
    Match,
    OpeningFacts,
    judge,
    rank,
    score,
    scorer,
)
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context
from psccore.store import tables as t
from psccore.store.db import Transaction, from_row, get
from psccore.store.sql import among

EMPLOYER = Label("事業所", "employer")
OPENING = Label("求人", "job opening")
PREFERENCE = Label("希望条件", "job preferences")


@attrs.frozen
class EmployerDetail:
    """An employer with its development history, visits, partner roles, openings and
    the internships it hosted."""

    employer: Employer
    history: list[StageChange]
    visits: list[EmployerVisit]
    roles: list[RoleAgreement]
    openings: list[JobOpening]
    interns_hosted: int
    internship_days: int


def add_employer(ctx: Context, data: Mapping[str, Any], on: dt.date | None = None) -> Employer:
    employer = structure(dict(data), Employer)
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_office(uow, Action.WRITE)
        employer = uow.tx.insert(t.employers, employer)
        uow.tx.insert(t.employer_stage_changes, StageChange(
            employer_id=employer.id or 0, stage=employer.stage, on=on or uow.today,
            staff_id=staff.id))
        return employer


def update_employer(ctx: Context, employer_id: int, changes: Mapping[str, Any],
                    expected_version: int | None = None) -> Employer:
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        before = get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        if expected_version is not None:
            before = attrs.evolve(before, version=expected_version)
        after = structure(unstructure(before) | dict(changes), Employer)
        return uow.tx.update(t.employers, before, after)


def move_stage(ctx: Context, employer_id: int, stage: str, on: dt.date | None = None,
               note: str | None = None, expected_version: int | None = None) -> Employer:
    """Move an employer along the development pipeline; the history keeps each step.
    A stale ``expected_version`` (someone moved or changed it meanwhile) is refused."""
    change = structure({"employer_id": employer_id, "stage": stage,
                        "on": (on or ctx.clock.today()).isoformat(), "note": note}, StageChange)
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_office(uow, Action.WRITE)
        before = get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        if expected_version is not None:
            before = attrs.evolve(before, version=expected_version)
        uow.tx.insert(t.employer_stage_changes, attrs.evolve(change, staff_id=staff.id))
        return uow.tx.update(t.employers, before, attrs.evolve(before, stage=change.stage))


def record_visit(ctx: Context, employer_id: int, data: Mapping[str, Any]) -> EmployerVisit:
    with ctx.write() as uow:
        staff = uow.acting()
        access.for_office(uow, Action.WRITE)
        get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        visit = structure({**data, "employer_id": employer_id, "staff_id": staff.id},
                          EmployerVisit)
        return uow.tx.insert(t.employer_visits, visit)


OVERLAPS = Label("{employer} の「{role}」の協定（{since}〜{until}）と期間が重なります"
                 "（終了: psc employer role end、更新: psc employer role renew）",
                 "overlaps {employer}'s agreement as {role} ({since} to {until}); end it "
                 "(psc employer role end) or renew it (psc employer role renew)")
NOT_IN_FORCE = Label("{employer} には {date} に有効な「{role}」の協定がありません",
                     "{employer} has no agreement as {role} in force on {date}")
NOTHING_TO_RENEW = Label("{employer} には更新する「{role}」の協定がありません（psc employer role）",
                         "{employer} has no agreement as {role} to renew (psc employer role)")
STILL_IN_FORCE = Label("{employer} の「{role}」の協定は期限なしで有効です（{since}〜）",
                       "{employer}'s agreement as {role} is in force without an end ({since} on)")


def _agreements(conn: Connection, employer_id: int, role: PartnerRole) -> list[RoleAgreement]:
    r = t.employer_roles
    return [from_row(row, RoleAgreement) for row in conn.execute(
        sa.select(r).where(r.c.employer_id == employer_id, r.c.role == role.value)
        .order_by(r.c.since, r.c.id))]


def _refuse_overlap(conn: Connection, employer: Employer, new: RoleAgreement,
                    skip: int | None = None) -> None:
    """Agreements of one role never overlap: a day has one agreement or none."""
    for old in _agreements(conn, employer.id or 0, new.role):
        if old.id == skip:
            continue
        if old.since <= (new.until or dt.date.max) and new.since <= (old.until or dt.date.max):
            raise InvalidInput([Problem("$.since", OVERLAPS, {
                "employer": employer.name, "role": new.role.label, "since": old.since,
                "until": old.until or "", })])


def add_role(ctx: Context, employer_id: int, data: Mapping[str, Any]) -> RoleAgreement:
    """A partner role (internship host, training provider, …) from a date; refused where
    it overlaps an agreement of the same role."""
    agreement = structure({**data, "employer_id": employer_id}, RoleAgreement)
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        employer = get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        _refuse_overlap(uow.conn, employer, agreement)
        return uow.tx.insert(t.employer_roles, agreement)


def end_role(ctx: Context, employer_id: int, role: str, on: dt.date | None = None
             ) -> RoleAgreement:
    """End the agreement in force on ``on`` (its last day), today if not given."""
    kind = structure(role, PartnerRole)
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        employer = get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        day = on or uow.today
        found = [a for a in _agreements(uow.conn, employer_id, kind)
                 if a.since <= day <= (a.until or dt.date.max)]
        if not found:
            raise InvalidInput([Problem("$.on", NOT_IN_FORCE, {
                "employer": employer.name, "role": kind.label, "date": day})])
        return _set_until(uow.tx, found[0], day)


def renew_role(ctx: Context, employer_id: int, role: str, until: dt.date | None = None,
               since: dt.date | None = None) -> RoleAgreement:
    """A new agreement following the latest one (from the day after it ends, or
    ``since``), until ``until`` or without an end."""
    kind = structure(role, PartnerRole)
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        employer = get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)
        agreements = _agreements(uow.conn, employer_id, kind)
        if not agreements:
            raise InvalidInput([Problem("$.role", NOTHING_TO_RENEW, {
                "employer": employer.name, "role": kind.label})])
        last = agreements[-1]
        if last.until is None:
            raise InvalidInput([Problem("$.role", STILL_IN_FORCE, {
                "employer": employer.name, "role": kind.label, "since": last.since})])
        start = since or last.until + dt.timedelta(days=1)
        new = structure({"employer_id": employer_id, "role": kind.value,
                         "since": start.isoformat(),
                         "until": until.isoformat() if until else None}, RoleAgreement)
        _refuse_overlap(uow.conn, employer, new)
        return uow.tx.insert(t.employer_roles, new)


def _set_until(tx: Transaction, agreement: RoleAgreement, until: dt.date) -> RoleAgreement:
    ended = structure({**unstructure(agreement), "until": until.isoformat()}, RoleAgreement)
    tx.conn.execute(t.employer_roles.update().where(t.employer_roles.c.id == agreement.id)
                    .values(until=until))
    tx.audit("update", t.employer_roles.name, agreement.id, fields=["until"])
    return ended


def get_employer(ctx: Context, employer_id: int) -> EmployerDetail:
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        employer = get(uow.conn, t.employers, Employer, employer_id, EMPLOYER)

        def rows(table: sa.Table, cls: type[Any], *order: Any) -> list[Any]:
            query = sa.select(table).where(table.c.employer_id == employer_id).order_by(*order)
            return [from_row(r, cls) for r in uow.conn.execute(query)]

        hosted = uow.conn.execute(sa.select(sa.func.count(), sa.func.coalesce(
            sa.func.sum(t.internships.c.days), 0)).where(
            t.internships.c.host_id == employer_id)).one()
        return EmployerDetail(
            employer,
            rows(t.employer_stage_changes, StageChange, t.employer_stage_changes.c.on,
                 t.employer_stage_changes.c.id),
            rows(t.employer_visits, EmployerVisit, t.employer_visits.c.on),
            rows(t.employer_roles, RoleAgreement, t.employer_roles.c.since),
            rows(t.job_openings, JobOpening, t.job_openings.c.opened_on.desc()),
            int(hosted[0]), int(hosted[1]),
        )


def list_employers(ctx: Context, stage: str | None = None) -> list[Employer]:
    query = sa.select(t.employers).order_by(t.employers.c.kana, t.employers.c.id)
    if stage:
        query = query.where(t.employers.c.stage == structure(stage, DevelopmentStage).value)
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return [from_row(r, Employer) for r in uow.conn.execute(query)]


# --- openings and preferences -------------------------------------------------------------

def add_opening(ctx: Context, data: Mapping[str, Any]) -> JobOpening:
    opening = structure({"opened_on": ctx.clock.today().isoformat(), **data}, JobOpening)
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        get(uow.conn, t.employers, Employer, opening.employer_id, EMPLOYER)
        return uow.tx.insert(t.job_openings, opening)


def set_opening_status(ctx: Context, opening_id: int, status: str) -> JobOpening:
    new = structure(status, OpeningStatus)
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        before = get(uow.conn, t.job_openings, JobOpening, opening_id, OPENING)
        closed = None if new is OpeningStatus.OPEN else (before.closed_on or uow.today)
        return uow.tx.update(t.job_openings, before,
                             attrs.evolve(before, status=new, closed_on=closed))


def get_opening(ctx: Context, opening_id: int) -> JobOpening:
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return get(uow.conn, t.job_openings, JobOpening, opening_id, OPENING)


def list_openings(ctx: Context, status: str | None = "open") -> list[JobOpening]:
    query = sa.select(t.job_openings).order_by(t.job_openings.c.opened_on.desc(),
                                               t.job_openings.c.id)
    if status:
        query = query.where(t.job_openings.c.status == structure(status, OpeningStatus).value)
    with ctx.read() as uow:
        access.for_office(uow, Action.READ)
        return [from_row(r, JobOpening) for r in uow.conn.execute(query)]


def set_preferences(ctx: Context, person_id: int, data: Mapping[str, Any]) -> JobPreference:
    """Create or replace a person's job preferences (fields not given keep their value)."""
    with ctx.write() as uow:
        access.for_person(uow, person_id, Action.WRITE)
        row = uow.conn.execute(sa.select(t.job_preferences)
                              .where(t.job_preferences.c.person_id == person_id)).first()
        if row is None:
            wanted = structure({**data, "person_id": person_id}, JobPreference)
            return uow.tx.insert(t.job_preferences, wanted, person_id=person_id)
        before = from_row(row, JobPreference)
        after = structure(unstructure(before) | dict(data) | {"person_id": person_id},
                          JobPreference)
        return uow.tx.update(t.job_preferences, before, after, person_id=person_id)


def get_preferences(ctx: Context, person_id: int) -> JobPreference | None:
    with ctx.read() as uow:
        access.for_person(uow, person_id, Action.READ)
        row = uow.conn.execute(sa.select(t.job_preferences)
                               .where(t.job_preferences.c.person_id == person_id)).first()
        return None if row is None else from_row(row, JobPreference)


# --- matching ---------------------------------------------------------------------------

NO_PREFERENCES = Label("相談者 {id} の希望条件が登録されていません（psc prefs set）",
                       "person {id} has no job preferences yet (psc prefs set)")


def match_person(ctx: Context, person_id: int, limit: int = 20) -> list[Match]:
    """Open job openings ranked for a person, best first, each condition explained."""
    from psccore.errors import NotFound

    with ctx.read() as uow:
        access.for_person(uow, person_id, Action.READ)
        row = uow.conn.execute(sa.select(t.job_preferences)
                               .where(t.job_preferences.c.person_id == person_id)).first()
        if row is None:
            raise NotFound(NO_PREFERENCES, id=person_id)
        preference = from_row(row, JobPreference)
        openings = (sa.select(t.job_openings, t.employers.c.industry.label("industry_"))
                    .join(t.employers)
                    .where(t.job_openings.c.status == OpeningStatus.OPEN.value))
        for narrowed in _narrowings(preference):
            found = _best(uow.conn, openings.where(*narrowed), preference, limit,
                          exact_below=BEST_OUTSIDE_AREA if len(narrowed) > 1 else None)
            if found is not None:
                return found
        rows = uow.conn.execute(openings).all()
    matches = [judge(preference, from_row(r, JobOpening, t.job_openings), r.industry_)
               for r in rows]
    return rank(matches)[:limit]


def _narrowings(p: JobPreference) -> list[list[sa.ColumnElement[bool]]]:
    """Conditions in SQL that every opening within the person's hard limits meets
    (hours, days, time of day: relaxable ones kept), and then the areas wanted too."""
    o = t.job_openings
    relaxable = sa.cast(o.c.relaxations, sa.String) != "[]"
    hard: list[sa.ColumnElement[bool]] = []
    if p.max_hours_per_day is not None:
        hard.append(sa.or_(o.c.hours_per_day <= p.max_hours_per_day,
                           o.c.min_hours_per_day <= p.max_hours_per_day))
    if p.max_days_per_week is not None:
        hard.append(sa.or_(o.c.days_per_week <= p.max_days_per_week, relaxable))
    if p.times_of_day:
        hard.append(o.c.time_of_day.in_(sorted(t.value for t in p.times_of_day)))
    within = sa.and_(sa.true(), *hard)
    return [[within, o.c.ward.in_(sorted(p.areas))], [within]] if p.areas else [[within]]


def _best(conn: Connection, query: sa.Select[Any], preference: JobPreference, limit: int,
          exact_below: int | None) -> list[Match] | None:
    """The ``limit`` best of the openings ``query`` narrows to, when they are the best
    of all: at least ``limit`` of them within the hard limits (which rank before any
    outside them) and, when the query leaves openings out for a soft condition (the
    area), each scoring above ``exact_below``, what any opening left out could score
    at best. ``None``: the narrowing cannot tell."""
    scored = []
    for r in conn.execute(query):
        opening = from_row(r, JobOpening, t.job_openings)
        breaks, points = score(preference, opening, r.industry_)
        if not breaks:
            scored.append((-points, opening.id or 0, opening, r.industry_))
    scored.sort(key=lambda s: (s[0], s[1]))
    best = scored[:limit]
    if not best or len(best) < limit or (exact_below is not None and -best[-1][0] <= exact_below):
        return None
    return rank([judge(preference, opening, industry) for _, _, opening, industry in best])


def match_people(ctx: Context, person_ids: Sequence[int], limit: int = 20
                 ) -> dict[int, list[Match]]:
    """For each of these people with job preferences whom the staff member may read, the
    open openings ranked as :func:`match_person` ranks them (the same matches), the
    openings read once for all: the office's person × opening matrix."""
    from psccore.services.people import visible

    p = t.job_preferences
    with ctx.read() as uow:
        found = access.for_office(uow, Action.READ)
        mine = visible(sa.select(t.people.c.id), found)
        preferences = [from_row(r, JobPreference) for r in uow.conn.execute(
            sa.select(p).where(among(p.c.person_id, person_ids), p.c.person_id.in_(mine))
            .order_by(p.c.person_id))]
        rows = uow.conn.execute(
            sa.select(t.job_openings, t.employers.c.industry.label("industry_"))
            .join(t.employers).where(t.job_openings.c.status == OpeningStatus.OPEN.value)
            .order_by(t.job_openings.c.id)).all() if preferences else []
    facts = [OpeningFacts(from_row(r, JobOpening, t.job_openings), r.industry_) for r in rows]
    by_time: dict[Any, list[OpeningFacts]] = {}
    for f in facts:
        by_time.setdefault(f.time, []).append(f)
    return {w.person_id: _ranked(w, facts, by_time, limit) for w in preferences}


def _ranked(p: JobPreference, facts: list[OpeningFacts],
            by_time: dict[Any, list[OpeningFacts]], limit: int) -> list[Match]:
    """:func:`match_person`'s ranking from openings in memory: the same narrowings (hard
    limits, then the areas too), each used only when it provably holds the best."""
    run = scorer(p)
    if p.times_of_day:  # in id order, as every opening
        pool = sorted((f for time in set(p.times_of_day) for f in by_time.get(time, ())),
                      key=lambda f: f.id)
    else:
        pool = facts
    hours, days = p.max_hours_per_day, p.max_days_per_week
    within = [f for f in pool
              if (hours is None or f.hours <= hours
                  or (f.min_hours is not None and f.min_hours <= hours))
              and (days is None or f.days <= days or f.relaxable)]
    narrowings = [([f for f in within if f.ward in p.areas], BEST_OUTSIDE_AREA)] \
        if p.areas else []
    for chosen, exact_below in [*narrowings, (within, None)]:
        scored = [(-points, f.id, f) for f in chosen for breaks, points in [run(f)]
                  if not breaks]
        scored.sort(key=lambda s: (s[0], s[1]))
        best = scored[:limit]
        if best and len(best) == limit and (exact_below is None or -best[-1][0] > exact_below):
            return rank([judge(p, f.opening, f.industry) for *_, f in best])
    ordered = sorted(((breaks, -points, f.id, f) for f in facts
                      for breaks, points in [run(f)]), key=lambda s: s[:3])[:limit]
    return rank([judge(p, f.opening, f.industry) for *_, f in ordered])


def match_opening(ctx: Context, opening_id: int, limit: int = 20) -> list[Match]:
    """People with open cases and preferences, ranked for one opening: those whose hard
    limits the opening is within read first (narrowed in SQL) and scored, only the best
    explained; everyone when fewer than ``limit`` of them are within their limits."""
    from psccore.domain.cases import CaseStatus
    from psccore.services.people import visible

    with ctx.read() as uow:
        found = access.for_office(uow, Action.READ)
        opening = get(uow.conn, t.job_openings, JobOpening, opening_id, OPENING)
        industry = uow.conn.execute(sa.select(t.employers.c.industry)
                                    .where(t.employers.c.id == opening.employer_id)).scalar()
        p = t.job_preferences
        candidates = sa.select(p).where(
            p.c.person_id.in_(sa.select(t.cases.c.person_id).where(
                t.cases.c.status == CaseStatus.OPEN.value)),
            p.c.person_id.in_(visible(sa.select(t.people.c.id), found)))  # readable only
        facts = OpeningFacts(opening, industry)
        scored = [s for s in _scored(uow.conn, candidates.where(*_within_limits(opening)),
                                     facts) if not s[0]]
        if len(scored) < limit:  # the best include people outside their limits
            scored = _scored(uow.conn, candidates, facts)
    best = sorted(scored, key=lambda s: s[:3])[:limit]
    return rank([judge(w, opening, industry) for *_, w in best])


def _scored(conn: Connection, query: sa.Select[Any], facts: OpeningFacts
            ) -> list[tuple[bool, int, int, JobPreference]]:
    """(breaks a hard limit, minus the score, person, preferences) of each row."""
    wanted = [from_row(r, JobPreference) for r in conn.execute(query)]
    return [(breaks, -points, w.person_id, w) for w in wanted
            for breaks, points in [scorer(w)(facts)]]


def _within_limits(o: JobOpening) -> list[sa.ColumnElement[bool]]:
    """Conditions in SQL that every person whose hard limits admit the opening meets
    (hours, days, time of day and experience, relaxations counted), decided as the
    judges decide them: nobody left out could rank above anyone kept."""
    p = t.job_preferences.c
    relax = set(o.relaxations)
    hours = o.hours_per_day
    if Relaxation.SHORT_HOURS in relax and o.min_hours_per_day is not None:
        hours = min(hours, o.min_hours_per_day)
    times = sa.cast(p.times_of_day, sa.String)
    within = [sa.or_(p.max_hours_per_day.is_(None), p.max_hours_per_day >= hours),
              sa.or_(times == "[]", times.like(f'%"{o.time_of_day.value}"%'))]
    if Relaxation.FEWER_DAYS not in relax:
        within.append(sa.or_(p.max_days_per_week.is_(None),
                             p.max_days_per_week >= o.days_per_week))
    if o.experience_required and Relaxation.NO_EXPERIENCE not in relax:
        within.append(p.has_experience.is_(True))
    return within
