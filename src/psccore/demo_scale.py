"""Synthetic data at scale (``psc demo --scale N``): N cases across every program, with
years of history, written in bulk, deterministically (the same seed and day give the same
data), for trying the system at an office's size and for the benchmarks.

Intake answers come from each program's own ``example_intake`` and pass its eligibility
and consent rules; enrollments are announced to the programs (``psc_case_event``) as
when staff open a case, so every program's own rows exist too. Rows are written with
``Transaction.insert_many``: each still audited. All names are invented.

The office grows with its cases: more caseworkers, so that each holds about
:data:`CASELOAD` open cases whatever N is; employers and openings spread over Sendai's
five wards as a city's are (3–8 hours a day, 2–5 days a week, morning, afternoon or
evening, about a third with a condition the employer can relax), one open opening for
every ten cases; job preferences for half the people, so that matching and referrals are
measured at scale."""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from psccore.app import Psc
from psccore.demo import _eligible_person
from psccore.domain.access import Role, RoleGrant
from psccore.domain.cases import Case, CaseStatus, Enrollment
from psccore.domain.catalogues import ClosureReason, ContactKind
from psccore.domain.consent import Consent, ConsentKind, DataCategory
from psccore.domain.employers import (
    DevelopmentStage,
    Employer,
    JobOpening,
    JobPreference,
    OpeningStatus,
    Relaxation,
    StageChange,
    TimeOfDay,
    WageType,
)
from psccore.domain.offices import CaseOffice
from psccore.domain.people import Person, Staff
from psccore.domain.placements import Employment, EmploymentType, IncomeChange
from psccore.domain.program import CaseEventKind
from psccore.domain.workflow import (
    Evaluation,
    Goal,
    GoalEvaluation,
    GoalResult,
    NextAction,
    Plan,
    PlanStatus,
    SupportRecord,
)
from psccore.services import access
from psccore.services.case_events import emit
from psccore.services.context import WriteUnit
from psccore.services.sensitive import seal, without_sealed
from psccore.store import tables as t

CHUNK = 5_000  # cases written per round, so memory stays flat at any scale
SUMMARIES = ["電話で体調を確認", "来所面談。今後の予定を相談", "ハローワークへ同行",
             "実習先の担当者と情報交換", "メールで書類を送付", "家計の状況を確認",
             "履歴書の書き方を支援", "面接の練習"]
EMPLOYERS = ["株式会社青葉プリント", "杜の食堂", "広瀬クリーンサービス", "定禅寺物流株式会社",
             "泉ケアセンター", "長町マート"]


#: Open cases a caseworker holds, about, whatever the size of the office.
CASELOAD = 50
#: The share of the scale data's cases still open (measured: 0.66 at 10,000 cases).
OPEN_SHARE = 0.66
#: Sendai's five wards, by their share of the city's people (about).
WARDS = {"青葉区": 0.29, "宮城野区": 0.18, "若林区": 0.13, "太白区": 0.21, "泉区": 0.19}
#: Work offered (title, duties, industry): what preferences name too.
JOBS = [("清掃スタッフ", "ビル・施設の清掃", "清掃"), ("倉庫内軽作業", "仕分け・梱包", "物流・倉庫"),
        ("調理補助", "盛り付け・洗い場", "飲食店"), ("品出し", "商品の陳列・補充", "小売"),
        ("介護補助", "シーツ交換・配膳", "介護"), ("データ入力", "伝票の入力", "事務"),
        ("製造補助", "部品の組立・検品", "製造"), ("農作業", "収穫・袋詰め", "農業")]
DUTY_WORDS = ["清掃", "軽作業", "調理", "品出し", "介護", "入力", "製造", "農作業"]
TIMES = [TimeOfDay.MORNING, TimeOfDay.AFTERNOON, TimeOfDay.EVENING]
CASES_PER_OPENING = 10
OPENINGS_PER_EMPLOYER = 20


@attrs.frozen
class ScaleSummary:
    people: int
    cases: int
    support_records: int
    plans: int
    employments: int
    caseworkers: int = 0
    employers: int = 0
    openings: int = 0
    preferences: int = 0


def load_scale(psc: Psc, cases: int, *, records_per_case: int = 20, years: int = 5,
               seed: int = 2017, today: dt.date | None = None) -> ScaleSummary:
    """Write ``cases`` cases (one person each) with their history, in one transaction."""
    today = today or psc.today()
    rng = random.Random(seed)
    programs = sorted((p for p in psc.programs.values() if p.example_intake is not None),
                      key=lambda p: p.code)
    totals = dict.fromkeys(("people", "cases", "records", "plans", "jobs", "preferences"), 0)
    with psc.ctx.write() as uow:
        access.for_managers(uow, "database")  # it writes everywhere
        caseworkers = Caseworkers(uow, cases, today)
        for start in range(0, cases, CHUNK):
            made = _chunk(uow, rng, programs, min(CHUNK, cases - start), caseworkers,
                          records_per_case, years, today)
            for key, value in made.items():
                totals[key] += value
        employers, openings = _openings(uow.tx, rng, cases, uow.acting().id or 0, today)
    return ScaleSummary(totals["people"], totals["cases"], totals["records"],
                        totals["plans"], totals["jobs"], len(caseworkers.ids), employers,
                        openings, totals["preferences"])


class Caseworkers:
    """Who each new case is given to: the acting staff member and as many caseworkers
    more (``scale.cwNNNN``, made when missing) as keep about :data:`CASELOAD` open cases
    each once these ``cases`` are added, each case to the least loaded."""

    def __init__(self, uow: WriteUnit, cases: int, today: dt.date) -> None:
        c, s = t.cases, t.staff
        conn, acting = uow.conn, uow.acting().id or 0
        held: dict[int, int] = {row[0]: int(row[1]) for row in conn.execute(
            sa.select(c.c.assigned_staff_id, sa.func.count()).where(
                c.c.status == CaseStatus.OPEN.value).group_by(c.c.assigned_staff_id))}
        expected = sum(held.values()) + cases * OPEN_SHARE
        wanted = max(1, round(expected / CASELOAD))
        made = list(conn.execute(sa.select(s.c.id).where(s.c.login.like("scale.cw%"))
                                 .order_by(s.c.id)).scalars())
        missing = wanted - 1 - len(made)
        if missing > 0:
            first = len(made) + 1
            new = uow.tx.insert_many(t.staff, [
                Staff(login=f"scale.cw{first + i:04d}", name=f"支援員 {first + i:04d}")
                for i in range(missing)])
            uow.tx.insert_many(t.staff_roles, [
                RoleGrant(staff_id=i, program="*", role=Role.CASEWORKER, granted_on=today)
                for i in new])
            made += new
        self.ids = [acting, *made[:wanted - 1]]
        self._loads = [(float(held.get(i, 0)), n, i) for n, i in enumerate(self.ids)]
        heapq.heapify(self._loads)

    def next(self) -> int:
        """The caseworker the next case goes to (the least loaded, counting each new
        case as :data:`OPEN_SHARE` of an open one)."""
        load, n, staff_id = heapq.heappop(self._loads)
        heapq.heappush(self._loads, (load + OPEN_SHARE, n, staff_id))
        return int(staff_id)


def _chunk(uow: WriteUnit, rng: random.Random, programs: Sequence[Any], count: int,
           caseworkers: Caseworkers, records_per_case: int, years: int, today: dt.date
           ) -> dict[str, int]:
    tx, chosen = uow.tx, []
    staff_id = uow.acting().id or 0
    for i in range(count):
        program = programs[i % len(programs)]
        opened = today - dt.timedelta(days=rng.randint(0, years * 365))
        intake = dict(program.example_intake(rng))
        person = _eligible_person(rng, today, opened, program, intake)
        if person is not None:
            chosen.append((program, opened, intake, person))
    person_ids = tx.insert_many(t.people, [p for *_, p in chosen])
    consents = [Consent(person_id=pid, kind=ConsentKind.COLLECT, categories=[DataCategory.HEALTH],
                        purpose="支援のための健康状態の把握", valid_from=opened,
                        valid_until=today + dt.timedelta(days=365), recorded_on=opened,
                        form_reference="取得同意書", staff_id=staff_id)
                for (program, opened, _, _), pid in zip(chosen, person_ids, strict=True)
                if program.consent_to_collect]
    tx.insert_many(t.consents, consents)  # their health answers need it
    prefs = [_preference(rng, pid, person) for (*_, person), pid
             in zip(chosen, person_ids, strict=True) if rng.random() < 0.5]
    tx.insert_many(t.job_preferences, prefs)
    case_objs = [Case(person_id=pid, opened_on=opened, assigned_staff_id=caseworkers.next())
                 for (_, opened, _, _), pid in zip(chosen, person_ids, strict=True)]
    case_ids = tx.insert_many(t.cases, case_objs)
    case_objs = [attrs.evolve(c, id=i) for c, i in zip(case_objs, case_ids, strict=True)]
    tx.insert_many(t.case_offices, [  # each at the single office, from its opening
        CaseOffice(case_id=c.id or 0, office_id=c.office_id, from_on=c.opened_on)
        for c in case_objs], [c.person_id for c in case_objs])
    answers = [_plain(program, intake) for program, _, intake, _ in chosen]
    enrollments = [Enrollment(case_id=c.id or 0, program=program.code, enrolled_on=opened,
                              intake=without_sealed(program, plain))
                   for c, (program, opened, _, _), plain in zip(case_objs, chosen, answers,
                                                                strict=True)]
    person_of = {c.id: c.person_id for c in case_objs}
    enrollment_ids = tx.insert_many(  # the sealed answers bound to their rows, once made
        t.enrollments, enrollments, [c.person_id for c in case_objs],
        sealed=lambda i, new_id: {"intake": seal(uow, chosen[i][0], answers[i], new_id)})
    for case, enrollment, enrollment_id, plain in zip(case_objs, enrollments, enrollment_ids,
                                                      answers, strict=True):
        emit(uow, CaseEventKind.OPENED, case)
        emit(uow, CaseEventKind.ENROLLED, case,
             attrs.evolve(enrollment, id=enrollment_id, intake=plain))
    plans = _plans(tx, rng, case_objs, staff_id, today)
    records = 0
    for batch in _batches(_records(rng, case_objs, records_per_case, staff_id, today), 50_000):
        records += len(tx.insert_many(t.support_records, batch,
                                      [person_of[r.case_id] for r in batch]))
    jobs = _outcomes(tx, rng, case_objs, plans, staff_id, today)
    return {"people": len(person_ids), "cases": len(case_ids), "records": records,
            "plans": len(plans), "jobs": jobs, "preferences": len(prefs)}


def _ward(rng: random.Random) -> str:
    return rng.choices(list(WARDS), weights=list(WARDS.values()))[0]


def _preference(rng: random.Random, person_id: int, person: Person) -> JobPreference:
    """What a person looking for work might ask for: one or two kinds of work, near
    home (their ward, sometimes one more), a few hours on a few days, a time of day."""
    home = person.ward if person.ward in WARDS else _ward(rng)
    areas = sorted({home, _ward(rng)}) if rng.random() < 0.4 else [home]
    return JobPreference(
        person_id=person_id, duties=rng.sample(DUTY_WORDS, rng.randint(1, 2)),
        industries=[], max_hours_per_day=float(rng.randint(3, 8)),
        max_days_per_week=rng.randint(2, 5),
        times_of_day=rng.sample(TIMES, rng.randint(1, 2)), areas=areas,
        min_hourly_wage=rng.choice([None, 950, 1000, 1050]),
        cannot_do=rng.choice([[], [], ["重量物"], ["接客"]]),
        has_experience=rng.random() < 0.4, needs_gradual_start=rng.random() < 0.2)


def _openings(tx: Any, rng: random.Random, cases: int, staff_id: int,
              today: dt.date) -> tuple[int, int]:
    """Employers and their openings for ``cases`` more cases: one open opening for every
    :data:`CASES_PER_OPENING` cases and a tenth as many closed, spread over the wards."""
    still_open = max(1, cases // CASES_PER_OPENING)
    count = still_open + still_open // 10
    employers = [Employer(name=f"{ward.removesuffix('区')}{industry}サービス{i + 1}",
                          industry=industry, ward=ward,
                          stage=DevelopmentStage.AGREEMENT)
                 for i in range(max(1, count // OPENINGS_PER_EMPLOYER))
                 for ward, industry in [(_ward(rng), rng.choice(JOBS)[2])]]
    employer_ids = tx.insert_many(t.employers, employers)
    tx.insert_many(t.employer_stage_changes, [
        StageChange(employer_id=i, stage=DevelopmentStage.AGREEMENT, on=today,
                    staff_id=staff_id) for i in employer_ids])
    openings = []
    for number in range(count):
        n = rng.randrange(len(employers))
        title, duties, _ = next(j for j in JOBS if j[2] == employers[n].industry)
        hours = float(rng.randint(3, 8))
        relaxations = rng.sample(list(Relaxation), rng.randint(1, 2)) \
            if rng.random() < 1 / 3 else []
        short = Relaxation.SHORT_HOURS in relaxations and hours > 3
        opened = today - dt.timedelta(days=rng.randint(0, 365))
        taken = number >= still_open
        openings.append(JobOpening(
            employer_id=employer_ids[n], title=title, duties=duties,
            ward=employers[n].ward if rng.random() < 0.8 else _ward(rng),
            hours_per_day=hours, days_per_week=rng.randint(2, 5),
            time_of_day=rng.choice(TIMES), wage_type=WageType.HOURLY,
            wage=rng.randrange(950, 1300, 10), experience_required=rng.random() < 0.2,
            relaxations=relaxations, min_hours_per_day=float(rng.randint(2, 3)) if short
            else None, opened_on=opened,
            status=OpeningStatus.CLOSED if taken else OpeningStatus.OPEN,
            closed_on=min(today, opened + dt.timedelta(days=60)) if taken else None))
    tx.insert_many(t.job_openings, openings)
    return len(employers), len(openings)


def _plain(program: Any, intake: dict[str, Any]) -> dict[str, Any]:
    from psccore.domain.convert import structure, unstructure

    plain: dict[str, Any] = unstructure(structure(intake, program.intake))
    return plain


def _plans(tx: Any, rng: random.Random, cases: Sequence[Case], staff_id: int,
           today: dt.date) -> dict[int, tuple[int, dt.date, list[int]]]:
    """Seven cases in ten get an approved plan, six in ten of those aiming at work."""
    chosen = []
    for case in cases:
        approved = case.opened_on + dt.timedelta(days=rng.randint(7, 40))
        if rng.random() < 0.7 and approved <= today:
            chosen.append((case, approved, rng.random() < 0.6))
    plans = [Plan(case_id=c.id or 0, status=PlanStatus.APPROVED, long_term_goal="安定した生活を送る",
                  period_start=day, period_end=day + dt.timedelta(days=180),
                  employment_support=work, created_on=day - dt.timedelta(days=3),
                  approved_on=day) for c, day, work in chosen]
    person_of = {c.id: c.person_id for c in cases}
    plan_people = [person_of[p.case_id] for p in plans]
    plan_ids = tx.insert_many(t.plans, plans, plan_people)
    goals = [Goal(plan_id=pid, position=i, text=text)
             for pid in plan_ids for i, text in enumerate(("生活リズムを整える", "面接を受ける"))]
    goal_ids = tx.insert_many(t.plan_goals, goals, [who for who in plan_people for _ in (1, 2)])
    by_plan: dict[int, list[int]] = {}
    for goal, goal_id in zip(goals, goal_ids, strict=True):
        by_plan.setdefault(goal.plan_id, []).append(goal_id)
    return {c.id or 0: (pid, day, by_plan[pid])
            for (c, day, _), pid in zip(chosen, plan_ids, strict=True)}


def _records(rng: random.Random, cases: Sequence[Case], per_case: int, staff_id: int,
             today: dt.date) -> Iterator[SupportRecord]:
    kinds = list(ContactKind)
    for case in cases:
        span = max((today - case.opened_on).days, 0)
        for _ in range(per_case):
            yield SupportRecord(case_id=case.id or 0,
                                on=case.opened_on + dt.timedelta(days=rng.randint(0, span)),
                                kind=rng.choice(kinds), staff_id=staff_id,
                                summary=rng.choice(SUMMARIES))


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _outcomes(tx: Any, rng: random.Random, cases: Sequence[Case],
              plans: dict[int, tuple[int, dt.date, list[int]]], staff_id: int,
              today: dt.date) -> int:
    """Evaluations, jobs, income rises and closures, on dates after the plan."""
    evaluations, jobs, rises, closures = [], [], [], []
    for case in cases:
        if (found := plans.get(case.id or 0)) is None:
            continue
        plan_id, approved, goal_ids = found
        later = approved + dt.timedelta(days=rng.randint(60, 200))
        if later > today:
            continue
        evaluations.append(Evaluation(plan_id=plan_id, evaluated_on=later, staff_id=staff_id,
                                      next_action=NextAction.CONTINUE, results=[
                                          GoalEvaluation(goal_id=g, result=rng.choice(
                                              list(GoalResult))) for g in goal_ids]))
        roll = rng.random()
        if roll < 0.35:
            jobs.append(Employment(case_id=case.id or 0, employer_name=rng.choice(EMPLOYERS),
                                   start_on=later, employment_type=EmploymentType.PART_TIME))
        elif roll < 0.45:
            before = rng.randint(3, 12) * 10_000
            rises.append(IncomeChange(case_id=case.id or 0, on=later, before=before,
                                      after=before + rng.randint(1, 5) * 10_000,
                                      staff_id=staff_id))
        if roll < 0.5 and (closed := later + dt.timedelta(days=30)) <= today:
            reason = (ClosureReason.EMPLOYMENT if roll < 0.35 else ClosureReason.HIGHER_INCOME
                      if roll < 0.45 else rng.choice(list(ClosureReason)))
            closures.append({"id": case.id, "person": case.person_id, "closed_on": closed,
                             "reason": reason.value})
    person_of = {c.id: c.person_id for c in cases}
    by_plan = {plan_id: person_of[case] for case, (plan_id, _, _) in plans.items()}
    tx.insert_many(t.evaluations, evaluations, [by_plan[e.plan_id] for e in evaluations])
    tx.insert_many(t.employments, jobs, [person_of[j.case_id] for j in jobs])
    tx.insert_many(t.income_changes, rises, [person_of[r.case_id] for r in rises])
    if closures:
        tx.conn.execute(t.cases.update().where(t.cases.c.id == sa.bindparam("case_id")).values(
            status=CaseStatus.CLOSED.value, closed_on=sa.bindparam("closed"),
            closure_reason=sa.bindparam("why"), version=2),
            [{"case_id": c["id"], "closed": c["closed_on"], "why": c["reason"]}
             for c in closures])
        digests = tx.digests(t.cases, [c["id"] for c in closures])
        tx.audit_many([("update", "cases", c["id"], c["person"],
                        ["status", "closed_on", "closure_reason"]) for c in closures],
                      [digests[c["id"]] for c in closures])
    return len(jobs)


__all__ = ["ScaleSummary", "load_scale"]
