"""A JOB card filled from a person's records: work history and jobs found through
support (様式2), trainings (3-2), internships and trainings with the items to rate and
the host's evaluation (3-3), and the wishes and next goals of their latest plan (1).

Making one is casework with the person: it needs the right to write their records, and
is audited as an export of their data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action, FieldClass, Grants
from psccore.domain.consent import WorkHistoryEntry
from psccore.domain.employers import JobPreference
from psccore.domain.jobcard import (
    Basics,
    CareerPlan,
    JobCard,
    Learning,
    PracticalResult,
    WorkHistory,
    basic_abilities,
)
from psccore.domain.people import Person
from psccore.domain.placements import Employment, Internship, Training
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context, Unit
from psccore.services.people import PERSON
from psccore.store import tables as t
from psccore.store.db import from_row, get

INTERNSHIP = Label("職業体験実習", "internship")
TRAINING = Label("認定就労訓練（{kind}）", "certified training ({kind})")
OTHER_TRAINING = Label("就労訓練（{kind}）", "training ({kind})")


def job_card(ctx: Context, person_id: int, today: dt.date | None = None) -> JobCard:
    with ctx.write() as uow:
        found = access.for_person(uow, person_id, Action.WRITE)
        person = get(uow.conn, t.people, Person, person_id, PERSON)
        card = _fill(uow.conn, person, _own_cases(uow, found, person_id), today or uow.today)
        uow.tx.audit("export", "job_card", person_id, person_id=person_id,
                     fields=["basics", "career_plan", "work_history", "learning", "results"])
        return card


def _own_cases(uow: Unit, found: Grants, person_id: int) -> list[int]:
    """The person's cases this staff member works on: a card shows nothing of a program
    they may not write to, nor of one whose very participation they may not see."""
    held = dict(uow.conn.execute(sa.select(t.cases.c.id, t.cases.c.office_id)
                                 .where(t.cases.c.person_id == person_id)).all())
    ids = list(held)
    programs = access.case_programs(uow.conn, ids)
    everywhere = uow.grants()
    mine = []
    for c in ids:
        here = everywhere.at(held[c])
        visible = access.visible_programs(uow.registry, here)
        if here.allows(Action.WRITE, FieldClass.GENERAL, programs[c]) \
                and (visible is None or set(programs[c]) <= visible):
            mine.append(c)
    return mine


def _fill(conn: Connection, person: Person, case_ids: list[int], today: dt.date) -> JobCard:
    pid = person.id or 0
    employers = {r.id: r.name for r in conn.execute(sa.select(t.employers.c.id,
                                                              t.employers.c.name))}
    history = _rows(conn, t.work_history, WorkHistoryEntry, t.work_history.c.person_id == pid,
                    t.work_history.c.started_on)
    jobs = _rows(conn, t.employments, Employment, t.employments.c.case_id.in_(case_ids),
                 t.employments.c.start_on)
    internships = _rows(conn, t.internships, Internship, t.internships.c.case_id.in_(case_ids),
                        t.internships.c.start_on)
    trainings = _rows(conn, t.trainings, Training, t.trainings.c.case_id.in_(case_ids),
                      t.trainings.c.start_on)
    work = [WorkHistory(employer_name=h.employer_name, started_on=h.started_on,
                        ended_on=h.ended_on, employment_type=h.employment_type,
                        duties=h.duties) for h in history]
    work += [WorkHistory(employer_name=employers.get(j.employer_id or 0) or j.employer_name or "",
                         started_on=j.start_on, ended_on=j.ended_on,
                         employment_type=j.employment_type.label.ja)
             for j in jobs]
    return JobCard(
        person_id=pid, made_on=today,
        basics=Basics(name=person.name, kana=person.kana, birth_date=person.birth_date,
                      postal_code=person.postal_code, address=person.address,
                      phone=person.phone, email=person.email),
        career_plan=_career_plan(conn, pid, case_ids),
        work_history=sorted(work, key=lambda w: w.started_on),
        learning=[Learning(started_on=tr.start_on, ended_on=tr.end_on,
                           name=_training_name(tr), content=employers.get(tr.provider_id))
                  for tr in trainings],
        results=[_result(INTERNSHIP.ja, employers.get(i.host_id), i.start_on, i.end_on,
                         i.host_evaluation) for i in internships]
        + [_result(_training_name(tr), employers.get(tr.provider_id), tr.start_on, tr.end_on,
                   None) for tr in trainings],
    )


def _rows(conn: Connection, table: sa.Table, cls: type[Any], where: Any, order: Any) -> list[Any]:
    return [from_row(r, cls) for r in conn.execute(sa.select(table).where(where)
                                                    .order_by(order, table.c.id))]


def _training_name(training: Training) -> str:
    label = TRAINING if training.certified else OTHER_TRAINING
    return label.format("ja", kind=training.training_type.label.ja)


def _result(name: str, place: str | None, start: dt.date, end: dt.date,
            comment: str | None) -> PracticalResult:
    return PracticalResult(name=name, place=place, started_on=start, ended_on=end,
                           abilities=basic_abilities(), comment=comment)


def _career_plan(conn: Connection, person_id: int, case_ids: list[int]) -> CareerPlan:
    """The person's wishes and the work they want (preferences), and the short-term
    goals of their latest approved plan as what to do next: drafts to edit with them."""
    p, g = t.plans, t.plan_goals
    plan = conn.execute(sa.select(p).where(p.c.case_id.in_(case_ids), p.c.approved_on.is_not(None))
                        .order_by(p.c.approved_on.desc(), p.c.id.desc())).first()
    goals = [] if plan is None else [r.text for r in conn.execute(
        sa.select(g.c.text).where(g.c.plan_id == plan.id, g.c.short_term.is_(True))
        .order_by(g.c.position))]
    pref_row = conn.execute(sa.select(t.job_preferences)
                            .where(t.job_preferences.c.person_id == person_id)).first()
    prefs = None if pref_row is None else from_row(pref_row, JobPreference)
    wanted = [w for w in (plan.wishes if plan is not None else None,
                          "、".join(prefs.duties + prefs.industries) if prefs else None) if w]
    return CareerPlan(work_wanted="\n".join(wanted) or None,
                      next_steps="\n".join(f"・{goal}" for goal in goals) or None)
