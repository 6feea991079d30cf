"""``Psc`` is the only door, and every room behind it is locked.

Every public method and property of :class:`~psccore.app.Psc` is found by
introspection and called as an unregistered login and as a registered staff member
with no role: each must refuse (``AccessRefused``), except a documented few, each
checked to tell nothing about a person: ``ALLOWED`` (anyone: the programs and their
labels, the schema, `psc init`'s needs), ``SIGN_IN`` (one's own record and roles) and
``NOTHING`` (lists filtered by the roles, which give a staff member with no role an
empty answer). A member added without a row in ``CALLS`` fails the test, so none is
skipped silently.

Also: no module of the CLI reaches past the door (imports ``psccore.services`` or
touches a ``Psc``'s ``ctx``).
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import attrs
import pytest

from psccore.app import Psc
from psccore.domain.convert import unstructure
from psccore.domain.program import ReportPeriod
from psccore.errors import AccessRefused

D = dt.date
PROGRAM = "household_budget"
NAME, KANA, PHONE, BORN = "秘密 花子", "ヒミツ ハナコ", "022-111-2233", "1985-02-03"
NO_ROLE = "norole"
OPENING = {"title": "軽作業", "duties": "検品", "hours_per_day": 4, "days_per_week": 3,
           "time_of_day": "daytime", "wage_type": "hourly", "wage": 900,
           "opened_on": "2026-04-01"}
INTERNSHIP = {"start_on": "2026-05-11", "end_on": "2026-05-29", "days": 10,
              "stipend_per_day": 1000}
JOB = {"employer_name": "株式会社B", "start_on": "2026-06-01", "employment_type": "part_time"}
UNKNOWN = "nobody"


@attrs.frozen
class World:
    """One of everything, made by an administrator: what the calls ask about."""

    person: int
    case: int
    plan: int
    step: int
    employer: int
    opening: int
    consent: int
    internship: int
    check: int
    referral: int
    follow_up: int
    exported: dict[str, Any]  # the case as written out, to import
    folder: Path
    url: str


@pytest.fixture
def world(psc: Psc, psc_database_url: str, tmp_path: Path) -> World:
    person = psc.add_person({"name": NAME, "kana": KANA, "birth_date": BORN, "phone": PHONE})
    pid = person.id or 0
    case = psc.open_case(pid, PROGRAM, {"monthly_income": 50000, "housing": "rented"},
                         D(2026, 4, 1)).case.id or 0
    plan = psc.draft_plan(case, {
        "long_term_goal": "仕事に就く", "period_start": "2026-04-10", "period_end": "2026-09-30",
        "goals": [{"text": "履歴書を書く"}],
        "steps": [{"program": PROGRAM, "kind": "budget_plan", "start_on": "2026-04-20"}]},
        today=D(2026, 4, 5))
    employer = psc.add_employer({"name": "株式会社A", "kana": "カブシキガイシャエー",
                                 "industry": "衣料品プリント加工", "ward": "宮城野区"}).id or 0
    psc.add_partner_role(employer, {"role": "internship_host", "since": "2013-04-01"})
    opening = psc.add_opening({**OPENING, "employer_id": employer}).id or 0
    consent = psc.add_consent(pid, {"employer_id": employer, "categories": ["basic_profile"],
                                    "purpose": "職業体験実習の受入れ調整",
                                    "valid_from": "2026-04-01", "valid_until": "2026-12-31"})
    internship = psc.add_internship(case, {**INTERNSHIP, "host_id": employer}).id or 0
    job = psc.add_employment(case, JOB)
    check = psc.placements_of(case).retention[job.id or 0][0].id or 0
    psc.register_seeker(pid, {"applied_on": "2026-04-01"})
    referral = psc.refer(pid, opening, D(2026, 4, 2)).referral.id or 0
    follow_up = psc.placements_of(case).follow_ups[0].id or 0
    psc.add_staff(NO_ROLE, "役割 なし")
    (tmp_path / "people.csv").write_text("name,kana\n山田 一郎,ヤマダ イチロウ\n", encoding="utf-8")
    exported = unstructure(psc.export_case(case))
    return World(pid, case, plan.plan.id or 0, plan.steps[0].id or 0, employer, opening,
                 consent.id or 0, internship, check, referral, follow_up, exported, tmp_path,
                 psc_database_url)


def _enter(manager: AbstractContextManager[Any]) -> Any:
    with manager as value:
        return value


Call = Callable[[Psc, World], Any]
NOW = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
FY = ReportPeriod.fiscal_year(2026)

#: How to call each public member (a property is read); every one must have a row.
CALLS: dict[str, Call] = {
    "open": lambda p, w: Psc.open(w.url, staff=p.staff_login),
    "acting_as": lambda p, w: p.acting_as(p.staff_login),
    "close": lambda p, w: p.close(),
    "programs": lambda p, w: p.programs,
    "program": lambda p, w: p.program(PROGRAM),
    "database_url": lambda p, w: p.database_url,
    "staff_login": lambda p, w: p.staff_login,
    "today": lambda p, w: p.today(),
    "upgrade": lambda p, w: p.upgrade(),
    "pending_migrations": lambda p, w: p.pending_migrations(),
    "known_logins": lambda p, w: p.known_logins(),
    "acting_staff": lambda p, w: p.acting_staff(),
    "my_grants": lambda p, w: p.my_grants(),
    "all_or_nothing": lambda p, w: _enter(p.all_or_nothing()),
    "kept_with": lambda p, w: _enter(p.kept_with()),
    "exposed_files": lambda p, w: p.exposed_files(),
    "rotate_keys": lambda p, w: p.rotate_keys(check_only=True),
    "import_rows": lambda p, w: p.import_rows("people", w.folder / "people.csv"),
    "export_records": lambda p, w: p.export_records(w.folder / "records.csv"),
    "backup": lambda p, w: p.backup(w.folder / "copy.db"),
    "restore": lambda p, w: p.restore(w.folder / "copy.db"),
    "office": lambda p, w: p.office(),
    "set_office": lambda p, w: p.set_office({"name": "仙台センター"}),
    "add_staff": lambda p, w: p.add_staff("new.one", "新人"),
    "list_staff": lambda p, w: p.list_staff(),
    "staff_roles": lambda p, w: p.staff_roles(),
    "staff_id": lambda p, w: p.staff_id("admin"),
    "grant": lambda p, w: p.grant(NO_ROLE, "administrator"),
    "revoke": lambda p, w: p.revoke("admin"),
    "set_staff_active": lambda p, w: p.set_staff_active("admin", False),
    "add_person": lambda p, w: p.add_person({"name": "新 太郎", "kana": "アラタ タロウ"}),
    "possible_duplicates": lambda p, w: p.possible_duplicates({"name": NAME, "kana": KANA}),
    "get_person": lambda p, w: p.get_person(w.person),
    "update_person": lambda p, w: p.update_person(w.person, {"phone": "022-999-0000"}),
    "count_people": lambda p, w: p.count_people(),
    "find_people": lambda p, w: p.find_people("ヒミツ"),
    "resolve_person": lambda p, w: p.resolve_person(NAME),
    "resolve_case": lambda p, w: p.resolve_case("秘密花子"),
    "resolve_employer": lambda p, w: p.resolve_employer("株式会社Ａ"),
    "resolve_opening": lambda p, w: p.resolve_opening("軽作業"),
    "resolve_staff": lambda p, w: p.resolve_staff("admin"),
    "open_case": lambda p, w: p.open_case(w.person, PROGRAM, {"monthly_income": 0,
                                                              "housing": "rented"}),
    "enroll": lambda p, w: p.enroll(w.case, "readiness", {}),
    "get_case": lambda p, w: p.get_case(w.case),
    "list_cases": lambda p, w: p.list_cases(),
    "case_page": lambda p, w: _unless_counted(p.case_page()),
    "close_case": lambda p, w: p.close_case(w.case, "employed"),
    "assign_case": lambda p, w: p.assign_case(w.case, "admin"),
    "reopen_case": lambda p, w: p.reopen_case(w.case),
    "timeline": lambda p, w: p.timeline(w.case),
    "agenda": lambda p, w: p.agenda(_agenda_query()),
    "agenda_page": lambda p, w: _unless_counted(p.agenda_page(_agenda_query())),
    "export_case": lambda p, w: p.export_case(w.case),
    "import_case": lambda p, w: p.import_case(w.exported, allow_duplicate=True),
    "record_assessment": lambda p, w: p.record_assessment(w.case, {"assessed_on": "2026-04-02"}),
    "list_assessments": lambda p, w: p.list_assessments(w.case),
    "draft_plan": lambda p, w: p.draft_plan(w.case, {"long_term_goal": "x"}),
    "replan": lambda p, w: p.replan(w.plan),
    "get_plan": lambda p, w: p.get_plan(w.plan),
    "list_plans": lambda p, w: p.list_plans(w.case),
    "record_meeting": lambda p, w: p.record_meeting({"held_on": "2026-04-08"}, [
        {"plan_id": w.plan, "decision": "approved"}]),
    "start_step": lambda p, w: p.start_step(w.step),
    "end_step": lambda p, w: p.end_step(w.step),
    "add_record": lambda p, w: p.add_record(w.case, {"on": "2026-04-03", "kind": "phone",
                                                     "summary": "電話"}),
    "list_records": lambda p, w: p.list_records(w.case),
    "evaluate": lambda p, w: p.evaluate(w.plan, {"evaluated_on": "2026-09-30"}),
    "add_employer": lambda p, w: p.add_employer({"name": "株式会社C", "kana": "シー"}),
    "update_employer": lambda p, w: p.update_employer(w.employer, {"ward": "泉区"}),
    "move_employer_stage": lambda p, w: p.move_employer_stage(w.employer, "visit"),
    "record_visit": lambda p, w: p.record_visit(w.employer, {"on": "2026-04-02"}),
    "add_partner_role": lambda p, w: p.add_partner_role(w.employer, {
        "role": "training_provider", "since": "2026-04-01"}),
    "get_employer": lambda p, w: p.get_employer(w.employer),
    "list_employers": lambda p, w: p.list_employers(),
    "add_opening": lambda p, w: p.add_opening({**OPENING, "employer_id": w.employer}),
    "set_opening_status": lambda p, w: p.set_opening_status(w.opening, "filled"),
    "get_opening": lambda p, w: p.get_opening(w.opening),
    "list_openings": lambda p, w: p.list_openings(),
    "set_preferences": lambda p, w: p.set_preferences(w.person, {"max_days_per_week": 3}),
    "get_preferences": lambda p, w: p.get_preferences(w.person),
    "match_person": lambda p, w: p.match_person(w.person),
    "match_opening": lambda p, w: p.match_opening(w.opening),
    "add_consent": lambda p, w: p.add_consent(w.person, {"purpose": "x"}),
    "withdraw_consent": lambda p, w: p.withdraw_consent(w.consent),
    "list_consents": lambda p, w: p.list_consents(w.person),
    "collection_consented": lambda p, w: p.collection_consented(w.person, D(2026, 4, 2)),
    "add_work_history": lambda p, w: p.add_work_history(w.person, {"employer": "x"}),
    "introduce": lambda p, w: p.introduce(w.person, w.employer, on=D(2026, 4, 2)),
    "list_disclosures": lambda p, w: p.list_disclosures(w.person),
    "add_internship": lambda p, w: p.add_internship(w.case, {**INTERNSHIP,
                                                             "host_id": w.employer}),
    "record_attendance": lambda p, w: p.record_attendance(w.internship, {"on": "2026-05-11"}),
    "evaluate_internship": lambda p, w: p.evaluate_internship(w.internship, "よくできた"),
    "add_training": lambda p, w: p.add_training(w.case, {
        "provider_id": w.employer, "training_type": "employment", "start_on": "2026-05-01",
        "end_on": "2026-07-31"}),
    "add_employment": lambda p, w: p.add_employment(w.case, JOB),
    "add_income_change": lambda p, w: p.add_income_change(w.case, {"before": 0, "after": 1}),
    "record_retention": lambda p, w: p.record_retention(w.check, {"still_employed": True}),
    "placements_of": lambda p, w: p.placements_of(w.case),
    "employment_statistics": lambda p, w: p.employment_statistics(2026, 2026),
    "program_write": lambda p, w: _enter(p.program_write(PROGRAM)),
    "program_read": lambda p, w: _enter(p.program_read(PROGRAM)),
    "may_read_sensitive": lambda p, w: p.may_read_sensitive(PROGRAM),
    "seal": lambda p, w: p.seal(PROGRAM, "note", "通院中", table="enrollments", row_id=1),
    "open_sealed": lambda p, w: p.open_sealed(PROGRAM, "enrollments", 1, w.person,
                                              {"note": "psc2:x"}),
    "enrollment_in": lambda p, w: p.enrollment_in(w.case, PROGRAM),
    "participants": lambda p, w: p.participants(PROGRAM),
    "report": lambda p, w: p.report(FY),
    "job_card": lambda p, w: p.job_card(w.person),
    "build_report": lambda p, w: p.build_report(FY),
    "export_person": lambda p, w: p.export_person(w.person),
    "erase_person": lambda p, w: p.erase_person(w.person),
    "verify_audit": lambda p, w: p.verify_audit(),
    "verify_data": lambda p, w: p.verify_data(),
    "audit_head": lambda p, w: p.audit_head(),
    "audit_log": lambda p, w: p.audit_log(),
    "audit_affected": lambda p, w: p.audit_affected("admin", NOW, NOW),
    "set_password": lambda p, w: p.set_password("admin", "a new password 1"),
    "unlock_login": lambda p, w: p.unlock_login("admin"),
    "sign_in": lambda p, w: _refusal(lambda: p.sign_in("admin", "not the password")),
    "web_session": lambda p, w: p.web_session("no such session"),
    "sign_out": lambda p, w: p.sign_out("no such session"),
    "search": lambda p, w: p.search("ひみつ").people,
    "record_screening": lambda p, w: p.record_screening(w.case, {"outcome": "plan"}),
    "screening": lambda p, w: p.screening(w.case),
    "programs_to_enroll": lambda p, w: p.programs_to_enroll(w.case),
    "form": lambda p, w: p.form("reception", w.case, w.folder / "form.pdf", overwrite=True),
    "period_form": lambda p, w: p.period_form("placement-report", 2026,
                                              w.folder / "form8.pdf", overwrite=True),
    "print_form": lambda p, w: p.print_form(_blank_form(), "timetable", w.folder / "t.pdf",
                                            overwrite=True),
    "end_partner_role": lambda p, w: p.end_partner_role(w.employer, "internship_host",
                                                        D(2026, 4, 30)),
    "renew_partner_role": lambda p, w: p.renew_partner_role(w.employer, "internship_host"),
    "register_seeker": lambda p, w: p.register_seeker(w.person, {}),
    "list_applications": lambda p, w: p.list_applications(w.person),
    "refer": lambda p, w: p.refer(w.person, w.opening, D(2026, 4, 3)),
    "record_referral_outcome": lambda p, w: p.record_referral_outcome(w.referral, "declined"),
    "list_referrals": lambda p, w: p.list_referrals(),
    "record_follow_up": lambda p, w: p.record_follow_up(w.follow_up),
    "consent_to_disclose": lambda p, w: p.consent_to_disclose(w.person, w.employer),
    "report_file": lambda p, w: p.report_file(FY, "csv"),
    "write_report": lambda p, w: p.write_report(w.folder / "report.csv", FY, "csv"),
    "form_file": lambda p, w: p.form_file("reception", w.case, "pdf"),
    "period_form_file": lambda p, w: p.period_form_file("placement-report", 2026, "xlsx"),
    "printable_forms": lambda p, w: p.printable_forms(),
    "sign_in_code": lambda p, w: _refusal(lambda: p.sign_in_code("no such sign-in", "123456")),
    "sign_in_enrolment": lambda p, w: p.sign_in_enrolment("no such sign-in"),
    "totp_state": lambda p, w: p.totp_state(),
    "start_totp": lambda p, w: p.start_totp().login,
    "totp_enrolment": lambda p, w: p.totp_enrolment(),
    "confirm_totp": lambda p, w: _wrong(lambda: p.confirm_totp("000000")),
    "reset_totp": lambda p, w: p.reset_totp("admin"),
    "logins_with_totp": lambda p, w: p.logins_with_totp(),
    "change_password": lambda p, w: _wrong(lambda: p.change_password("not it", "a new one 42")),
    "confirm_password": lambda p, w: _wrong(lambda: p.confirm_password("no session", "not it")),
    "login_states": lambda p, w: p.login_states(),
    "audit_page": lambda p, w: p.audit_page(),
    "support_menu": lambda p, w: p.support_menu(),
    "plans_to_decide": lambda p, w: p.plans_to_decide(),
    "match_people": lambda p, w: p.match_people([w.person]),
    "organisations": lambda p, w: p.organisations(),
    "offices": lambda p, w: p.offices(),
    "municipalities": lambda p, w: p.municipalities(),
    "add_organisation": lambda p, w: p.add_organisation("社会福祉法人 別"),
    "rename_organisation": lambda p, w: p.rename_organisation("法人", "社会福祉法人 本"),
    "add_office": lambda p, w: p.add_office("法人", {"name": "北拠点"}),
    "change_office": lambda p, w: p.change_office("本所", {"address": "仙台市青葉区1-1"}),
    "set_municipality": lambda p, w: p.set_municipality(
        {"code": "041009", "name": "仙台市", "population": 1_090_000}),
    "transfer_case": lambda p, w: p.transfer_case(w.case, "本所", with_sensitive=False),
}


def _wrong(call: Callable[[], Any]) -> str:
    """An input error's message (a wrong code or current password)."""
    from psccore.errors import InvalidInput

    try:
        call()
    except InvalidInput as wrong:
        return wrong.text()
    raise AssertionError("accepted a wrong code or password")


def _refusal(call: Callable[[], Any]) -> str:
    """A refused sign-in's message (what the one signing in sees)."""
    from psccore.errors import NotAllowed

    try:
        call()
    except NotAllowed as refused:
        return refused.text()
    raise AssertionError("signed in with a wrong password")

#: What anyone may call, even an unregistered login: nothing in it is about a person.
ALLOWED: dict[str, str] = {
    "open": "connects; every call then checks the login it acts as",
    "acting_as": "the same door for another login; nothing is read",
    "close": "closes the connections",
    "programs": "the programs and their labels, intake fields and menus: no records",
    "program": "one program and its labels: no records",
    "database_url": "where the data is (any password hidden), for `psc init`",
    "staff_login": "the login this door was given, unchecked",
    "today": "the office's date, from its clock: nothing stored",
    "upgrade": "the schema (migration heads only): `psc init` runs before any staff exist",
    "pending_migrations": "the schema's pending migrations, names only",
    "known_logins": "staff logins, for `psc init` before anyone can act; no one served",
    "sign_in": "anyone may try; the refusal is the same whether or not the login exists",
    "web_session": "a session by its random secret id: only whose it is, or nothing",
    "sign_out": "ends the session of a random secret id, if there is one",
    "printable_forms": "the forms' names, titles and numbers: no records",
    "sign_in_code": "the second step of a sign-in by its random secret id, or the refusal",
    "sign_in_enrolment": "the secret to set up of a sign-in by its random secret id, or None",
    "support_menu": "the programs' support menus (labels of kinds of support): no records",
}
#: Sign-in: a registered staff member with no role learns who they are and that they
#: have no role. An unknown login is refused.
SIGN_IN: dict[str, str] = {
    "print_form": "prints only what the caller already read through the door; audited",
    "kept_with": "opens a transaction for the calls inside, which check their own access",
    "acting_staff": "the staff member's own record",
    "my_grants": "the staff member's own roles (none)",
    "totp_state": "the staff member's own TOTP code: on or not",
    "start_totp": "sets up the staff member's own TOTP code; audited",
    "totp_enrolment": "the staff member's own TOTP secret being set up",
    "confirm_totp": "turns on the staff member's own TOTP code, with a right code",
    "change_password": "the staff member's own password, given the current one",
    "confirm_password": "the staff member's own password, proven again in their session",
}
#: Filtered by the roles, so a registered staff member with no role gets nothing
#: (``[]`` or ``None``) rather than a refusal. An unknown login is refused.
NOTHING: dict[str, str] = {
    "list_cases": "cases of the programs the roles allow: none",
    "case_page": "a page of those cases: none, counted 0",
    "find_people": "people the roles allow: none",
    "possible_duplicates": "people the roles allow: none",
    "search": "people and cases the roles allow: none",
    "agenda": "what is due in the programs the roles allow: nothing",
    "agenda_page": "a page of it: nothing, counted 0",
    "open_sealed": "sealed text stays sealed (None), and the attempt is audited as refused",
    "plans_to_decide": "draft plans of cases the roles allow: none",
}
REGISTERED = {**SIGN_IN, **NOTHING}


def _blank_form() -> Any:
    from psccore.forms.model import Form

    return Form(title="予定表", number="様式-1", office="", issued_on="", subject="",
                sections=())


def _unless_counted(page: Any) -> Any:
    """A page's entries, or the page itself when it counts any (so that it shows)."""
    return page if page.total else list(page.cases if hasattr(page, "cases") else page.items)


def _agenda_query() -> Any:
    from psccore import AgendaQuery

    return AgendaQuery(today=D(2026, 4, 15))


def _members() -> list[str]:
    """Every public method and property of ``Psc``, as Python sees them."""
    return sorted(name for name, _ in inspect.getmembers(Psc) if not name.startswith("_"))


def test_every_public_member_has_a_call() -> None:
    members = set(_members())
    assert members - set(CALLS) == set(), "add a row to CALLS for each new Psc member"
    assert set(CALLS) - members == set(), "CALLS names a member Psc no longer has"
    assert set(ALLOWED) | set(REGISTERED) <= members


PERSONS_WORDS = [NAME, KANA, PHONE, BORN, "ヒミツ", "秘密"]


def _shown(value: Any) -> str:
    """All a caller can see of a result, as text."""
    if isinstance(value, Psc):
        return ""
    try:
        return json.dumps(unstructure(value), ensure_ascii=False, default=repr)
    except Exception:  # whatever it is, its repr is what shows
        return repr(value)


@pytest.mark.parametrize("login", [UNKNOWN, NO_ROLE])
def test_every_method_refuses_a_login_without_a_role(psc: Psc, world: World,
                                                     login: str) -> None:
    outsider = psc.acting_as(login)
    allowed = set(ALLOWED) | (set(REGISTERED) if login == NO_ROLE else set())
    not_refused = []
    for name in _members():
        if name in allowed:
            continue
        try:
            CALLS[name](outsider, world)
        except AccessRefused:
            continue
        except Exception as exc:  # reported with the others below
            not_refused.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        not_refused.append(f"{name}: answered")
    assert not_refused == [], "\n".join(not_refused)
    assert psc.get_person(world.person).name == NAME  # nothing was changed or erased
    assert psc.verify_audit()[1] == []


@pytest.mark.parametrize("login", [UNKNOWN, NO_ROLE])
def test_the_allowed_few_tell_nothing_about_a_person(psc: Psc, world: World,
                                                     login: str) -> None:
    outsider = psc.acting_as(login)
    names = set(ALLOWED) | (set(REGISTERED) if login == NO_ROLE else set())
    for name in sorted(names):
        answer = CALLS[name](outsider, world)
        if name in NOTHING:
            assert answer in ([], None), name
        shown = _shown(answer)
        leaked = [w for w in PERSONS_WORDS if w in shown]
        assert leaked == [], f"{name} shows {leaked}"
        assert f'"person_id": {world.person}' not in shown, name


@pytest.mark.parametrize("name", sorted(REGISTERED))
def test_an_unknown_login_is_refused_even_these(psc: Psc, world: World, name: str) -> None:
    with pytest.raises(AccessRefused):
        CALLS[name](psc.acting_as(UNKNOWN), world)


def test_the_consent_to_collect_is_read_only_by_those_who_may_read_the_person(
        psc: Psc, world: World) -> None:
    assert psc.collection_consented(world.person, D(2026, 4, 2)) is False  # none recorded
    before = psc.verify_audit()[0]
    with pytest.raises(AccessRefused):
        psc.acting_as(NO_ROLE).collection_consented(world.person, D(2026, 4, 2))
    refusal = psc.audit_log(person_id=world.person, limit=1)[0]
    assert (refusal.action, refusal.staff, refusal.entity) == ("refuse", NO_ROLE, "people")
    assert psc.verify_audit()[0] == before + 1


# --- the CLI uses only the door ----------------------------------------------------------

CLI = Path(__file__).parents[1] / "src" / "psccore" / "cli"


class _Reach(ast.NodeVisitor):
    """Imports of ``psccore.services`` anywhere in a module (in functions and under
    ``TYPE_CHECKING`` too) and uses of ``.ctx``, except click's own context (``.ctx``
    of a parameter annotated with a click type)."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self._click_names: list[set[str]] = [set()]

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.startswith("psccore.services"):
                self.found.append(f"{node.lineno}: import {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        names = [a.name for a in node.names]
        if module.startswith("psccore.services") or (
                module == "psccore" and "services" in names):
            self.found.append(f"{node.lineno}: from {module} import {', '.join(names)}")

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        params = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        clicks = {a.arg for a in params
                  if a.annotation is not None and ast.unparse(a.annotation).startswith("click.")}
        self._click_names.append(self._click_names[-1] | clicks)
        self.generic_visit(node)
        self._click_names.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast's naming

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "ctx" and not (isinstance(node.value, ast.Name)
                                       and node.value.id in self._click_names[-1]):
            self.found.append(f"{node.lineno}: {ast.unparse(node)}")
        self.generic_visit(node)


def _reaches(source: str) -> list[str]:
    visitor = _Reach()
    visitor.visit(ast.parse(source))
    return visitor.found


def _cli_modules() -> Iterator[Path]:
    yield from sorted(CLI.rglob("*.py"))


def test_no_cli_module_reaches_past_the_door() -> None:
    found = {str(path.relative_to(CLI)): hits for path in _cli_modules()
             if (hits := _reaches(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_check_sees_every_way_in() -> None:
    source = '''
from typing import TYPE_CHECKING
import click
if TYPE_CHECKING:
    from psccore.services.cases import CaseDetail
def f(psc, error: click.UsageError):
    import psccore.services.keys
    from psccore import services
    error.ctx.get_usage()
    return psc.ctx.db, state().psc().ctx
'''
    assert [hit.split(":")[0] for hit in _reaches(source)] == ["5", "7", "8", "10", "10"]


def test_importing_the_door_loads_no_service() -> None:
    import subprocess
    import sys

    code = ("import sys, psccore.app; print(sorted(m for m in sys.modules if m.startswith("
            "('psccore.services', 'psccore.store.migrate', 'alembic', 'openpyxl'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
