"""Several offices in one system: staff of one office see nothing of another's people,
cases, records or program rows; a person is registered once per organisation."""

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.domain.access import Role
from psccore.errors import InvalidInput, NotAllowed, NotFound, Withheld
from psccore.services.agenda import AgendaQuery
from psccore.services.people import DuplicateSuspected

OWN, OTHER = "household_budget", "housing_support"
D = dt.date
HOME, NORTH, SOUTH = "本所", "北拠点", "南拠点"
ORG, ORG2 = "法人", "社会福祉法人 南"
INTAKE = {"monthly_income": 0, "housing": "rented", "health_note": "通院中"}


def _person(psc: Psc, name: str, kana: str, **more: Any) -> int:
    return psc.add_person({"name": name, "kana": kana}, **more).id or 0


@pytest.fixture
def sites(psc: Psc) -> dict[str, Any]:
    """Two offices of one organisation and one of another; a case in each of the first
    two; a caseworker in each; a person of each organisation with no case yet."""
    psc.add_office(ORG, {"name": NORTH, "address": "仙台市泉区1-1",
                         "municipality_code": "041050"})
    psc.add_organisation(ORG2)
    psc.add_office(ORG2, {"name": SOUTH})
    ids: dict[str, Any] = {}
    for key, office, name, kana in (("home", HOME, "本所 花子", "ホンショ ハナコ"),
                                    ("north", NORTH, "北 次郎", "キタ ジロウ")):
        ids[f"{key}_person"] = _person(psc, name, kana, organisation=ORG)
        detail = psc.open_case(ids[f"{key}_person"], OWN, INTAKE, D(2026, 4, 1), office=office)
        ids[key] = detail.case.id
        psc.add_record(ids[key], {"on": "2026-04-02", "kind": "phone", "summary": f"{key}の記録"})
    ids["waiting"] = _person(psc, "待機 一郎", "タイキ イチロウ", organisation=ORG)
    ids["south_waiting"] = _person(psc, "南 三郎", "ミナミ サブロウ", organisation=ORG2)
    for login, office in (("home.cw", HOME), ("north.cw", NORTH), ("south.cw", SOUTH)):
        psc.add_staff(login, login)
        psc.grant(login, "caseworker", "*", office=office)
    return ids


def test_the_migration_made_one_organisation_and_office(psc: Psc) -> None:
    assert [(o.id, o.name) for o in psc.organisations()] == [(1, ORG)]
    assert [(o.id, o.name, o.organisation_id) for o in psc.offices()] == [(1, HOME, 1)]


def test_a_new_case_opens_at_the_office_named_and_its_stay_is_kept(
        psc: Psc, sites: dict[str, Any]) -> None:
    detail = psc.get_case(sites["north"])
    assert detail.case.office_id == psc.offices()[1].id
    with psc.ctx.db.read() as conn:
        stays = conn.execute(sa.text("select office_id, from_on, to_on from case_offices "
                                     "where case_id = :c"), {"c": sites["north"]}).all()
    assert [(o, str(f), t) for o, f, t in stays] == [(2, "2026-04-01", None)]


def test_several_offices_need_the_office_named(psc: Psc, sites: dict[str, Any]) -> None:
    person = _person(psc, "新規 四郎", "シンキ シロウ", organisation=ORG)
    with pytest.raises(InvalidInput) as asked:
        psc.open_case(person, OWN, INTAKE)
    assert HOME in asked.value.text() and NORTH in asked.value.text()
    # a caseworker of one office opens at theirs without naming it
    assert psc.acting_as("north.cw").open_case(person, OWN, INTAKE).case.office_id == 2


def test_staff_of_one_office_see_nothing_of_another_through_the_library(
        psc: Psc, sites: dict[str, Any]) -> None:
    home, north = psc.acting_as("home.cw"), psc.acting_as("north.cw")
    assert [c.case.id for c in home.list_cases()] == [sites["home"]]
    assert [c.case.id for c in north.list_cases()] == [sites["north"]]
    assert home.case_page().total == 1
    for refused in (lambda: home.get_case(sites["north"]),
                    lambda: home.get_person(sites["north_person"]),
                    lambda: home.timeline(sites["north"]),
                    lambda: home.list_records(sites["north"]),
                    lambda: home.add_record(sites["north"], {"on": "2026-04-03", "kind": "phone",
                                                             "summary": "x"}),
                    lambda: home.export_case(sites["north"]),
                    lambda: home.enrollment_in(sites["north"], OWN)):
        with pytest.raises(Withheld):
            refused()
    assert home.find_people("キタ") == [] and home.search("北").people == []
    assert home.search(str(sites["north"])).case is None
    assert [p.case_id for p in home.participants(OWN)] == [sites["home"]]
    items = home.agenda(AgendaQuery(today=D(2026, 6, 1), days_ahead=400))
    assert {i.case_id for i in items} <= {sites["home"]} and items
    # their own office's case they work on as before
    assert home.get_case(sites["home"]).enrollments[0].intake["health_note"] == "通院中"
    assert [r.summary for r in home.list_records(sites["home"])] == ["homeの記録"]


def test_people_with_no_case_are_seen_within_their_organisation(
        psc: Psc, sites: dict[str, Any]) -> None:
    home, south = psc.acting_as("home.cw"), psc.acting_as("south.cw")
    assert home.get_person(sites["waiting"]).name == "待機 一郎"
    with pytest.raises(Withheld):
        home.get_person(sites["south_waiting"])
    with pytest.raises(Withheld):
        south.get_person(sites["waiting"])
    assert [p.id for p in south.find_people("ミナミ")] == [sites["south_waiting"]]
    assert home.find_people("ミナミ") == []
    # a person registered by a caseworker belongs to their organisation
    assert south.add_person({"name": "南 五郎", "kana": "ミナミ ゴロウ"}).organisation_id == 2


def test_possible_duplicates_in_other_offices_are_counted_not_named(
        psc: Psc, sites: dict[str, Any]) -> None:
    home = psc.acting_as("home.cw")
    with pytest.raises(DuplicateSuspected) as alike:
        home.add_person({"name": "北 次郎", "kana": "キタ ジロウ"})
    assert (alike.value.candidates, alike.value.hidden) == ([], 1)
    assert "北 次郎" not in alike.value.text()
    # another organisation registers the same person on its own (no duplicate there)
    assert psc.acting_as("south.cw").add_person(
        {"name": "北 次郎", "kana": "キタ ジロウ"}).organisation_id == 2


def test_a_role_in_every_office_sees_every_office(psc: Psc, sites: dict[str, Any]) -> None:
    psc.add_staff("all.cw", "全拠点")
    psc.grant("all.cw", "caseworker", OWN)
    assert {c.case.id for c in psc.acting_as("all.cw").list_cases()} == {
        sites["home"], sites["north"]}


def test_staff_of_one_office_see_nothing_of_another_through_the_cli(
        psc: Psc, psc_cli: Any, sites: dict[str, Any]) -> None:
    north = str(sites["north"])
    for args in (("case", "show", north), ("case", "timeline", north),
                 ("record", "add", north, "--kind", "phone", "--summary", "x"),
                 ("person", "show", str(sites["north_person"])), ("case", "export", north)):
        result = psc_cli(*args, staff="home.cw")
        assert result.exit_code == 3 and "北 次郎" not in result.output, args
    listed = psc_cli("case", "list", "--all", "--json", staff="home.cw")
    assert listed.exit_code == 0 and "北 次郎" not in listed.output and "本所 花子" in listed.output
    shown = psc_cli("case", "show", str(sites["home"]), staff="home.cw")
    assert shown.exit_code == 0 and "本所 花子" in shown.output


def test_an_office_role_is_granted_and_revoked_by_name(psc: Psc, sites: dict[str, Any]) -> None:
    psc.revoke("home.cw", "*", office=HOME)
    with pytest.raises(NotAllowed):
        psc.acting_as("home.cw").get_case(sites["home"])
    with pytest.raises(NotFound):
        psc.grant("home.cw", "caseworker", "*", office="どこにもない拠点")
    listed = {d.staff.login: d.office_roles for d in psc.staff_roles()}
    assert listed["north.cw"] == {NORTH: {"*": Role.CASEWORKER}}


# --- transfer ------------------------------------------------------------------------

def _provision_consent(psc: Psc, person: int, organisation: str, *categories: str) -> None:
    psc.add_consent(person, {"organisation": organisation, "purpose": "ケースの移管",
                             "categories": list(categories), "valid_from": "2026-04-01",
                             "valid_until": "2099-12-31"})


def _transfers(psc: Psc, case_id: int) -> list[tuple[str, int | None, list[str]]]:
    return [(e.action, e.person_id, e.fields) for e in psc.audit_log(limit=1000)
            if e.entity == "cases" and e.entity_id == case_id and e.action.startswith("transfer")]


def test_within_an_organisation_sensitive_answers_go_only_under_consent(
        psc: Psc, sites: dict[str, Any]) -> None:
    from psccore.testing import consent_to_collect

    case, person = sites["home"], sites["home_person"]
    home = psc.acting_as("home.cw")
    with pytest.raises(NotAllowed):  # no consent to collect health data
        home.transfer_case(case, NORTH, with_sensitive=True)
    consent_to_collect(psc, person, D(2026, 4, 1))
    version = home.get_case(case).case.version
    moved = home.transfer_case(case, NORTH, with_sensitive=True, expected_version=version)
    assert (moved.from_office, moved.to_office, moved.removed) == (HOME, NORTH, [])
    north = psc.acting_as("north.cw")
    assert north.get_case(case).enrollments[0].intake["health_note"] == "通院中"
    assert [r.summary for r in north.list_records(case)] == ["homeの記録"]
    with pytest.raises(Withheld):
        home.get_case(case)
    assert {a for a, _, _ in _transfers(psc, case)} == {"transfer_out", "transfer_in"}
    assert all(p == person and "sensitive" in f for _, p, f in _transfers(psc, case))


def test_within_an_organisation_without_sensitive_answers_they_are_removed(
        psc: Psc, sites: dict[str, Any]) -> None:
    case = sites["home"]
    moved = psc.acting_as("home.cw").transfer_case(case, NORTH, with_sensitive=False)
    assert moved.removed == [f"{OWN}.health_note"]
    seen = psc.acting_as("north.cw").get_case(case)
    assert "health_note" not in seen.enrollments[0].intake
    assert "通院中" not in repr(psc.export_case(case))  # gone for everyone, not hidden
    with pytest.raises(InvalidInput):  # already there
        psc.transfer_case(case, NORTH, with_sensitive=False)
    stale = psc.get_case(case).case.version - 1
    from psccore.errors import ConcurrentEdit

    with pytest.raises(ConcurrentEdit):
        psc.transfer_case(case, HOME, with_sensitive=False, expected_version=stale)


def test_between_organisations_it_is_a_provision_under_consent_and_disclosed(
        psc: Psc, sites: dict[str, Any]) -> None:
    case, person = sites["home"], sites["home_person"]
    with pytest.raises(NotAllowed):  # no consent naming the receiving organisation
        psc.transfer_case(case, SOUTH, with_sensitive=False)
    _provision_consent(psc, person, ORG2, "basic_profile", "program_participation")
    with pytest.raises(NotAllowed):  # the consent does not cover health data
        psc.transfer_case(case, SOUTH, with_sensitive=True)
    _provision_consent(psc, person, ORG2, "basic_profile", "program_participation", "health")
    with pytest.raises(NotAllowed):  # caseworkers may not give sensitive data to others
        psc.acting_as("home.cw").transfer_case(case, SOUTH, with_sensitive=True)
    moved = psc.acting_as("home.cw").transfer_case(case, SOUTH, with_sensitive=False)
    [disclosure] = psc.list_disclosures(person)
    assert (disclosure.organisation, disclosure.document, disclosure.id) == (
        ORG2, "case_transfer", moved.disclosure_id)
    assert "health.intake" not in disclosure.items
    south = psc.acting_as("south.cw")
    detail = south.get_case(case)
    assert detail.person.organisation_id == 2 and detail.person.id != person
    assert detail.person.name == "本所 花子" and "health_note" not in detail.enrollments[0].intake
    assert [p.id for p in south.find_people("ホンショ")] == [detail.person.id]
    with pytest.raises(Withheld):  # the sending organisation's registration stays theirs
        south.get_person(person)
    assert psc.acting_as("home.cw").get_person(person).organisation_id == 1
    sides = {(a, p) for a, p, _ in _transfers(psc, case)}
    assert sides == {("transfer_out", person), ("transfer_in", detail.person.id)}


def test_transfer_through_the_cli(psc: Psc, psc_cli: Any, sites: dict[str, Any]) -> None:
    case = str(sites["home"])
    refused = psc_cli("case", "transfer", case, "--to", "北", staff="north.cw")
    assert refused.exit_code == 3
    moved = psc_cli("case", "transfer", case, "--to", "北", staff="home.cw")
    assert moved.exit_code == 0, moved.output
    assert "北拠点" in moved.output and "health_note" in moved.output
    shown = psc_cli("case", "show", case, staff="north.cw")
    assert shown.exit_code == 0 and "本所 花子" in shown.output
    listed = psc_cli("site", "list")
    assert listed.exit_code == 0 and all(n in listed.output for n in (HOME, NORTH, SOUTH))


def test_a_transferred_case_keeps_its_caseworker_only_if_they_may_see_it_there(
        psc: Psc, sites: dict[str, Any]) -> None:
    home, north = sites["home"], sites["north"]
    psc.assign_case(home, "home.cw")  # a caseworker of 本所 only
    moved = psc.transfer_case(home, NORTH, with_sensitive=False)
    assert moved.case.assigned_staff_id is None  # for a caseworker of 北拠点 to take over
    psc.assign_case(home, "north.cw")
    psc.add_staff("both.cw", "both.cw")
    psc.grant("both.cw", "caseworker", "*")  # every office
    psc.assign_case(north, "both.cw")
    kept = psc.transfer_case(north, HOME, with_sensitive=False)
    assert kept.case.assigned_staff_id == psc.staff_id("both.cw")


def test_an_introduction_draws_only_on_the_cases_of_ones_own_office(
        psc: Psc, sites: dict[str, Any]) -> None:
    person = sites["home_person"]  # a case at 本所, and now one at 北拠点 too
    psc.open_case(person, OTHER, {"rent": 40000, "reason": "家賃"}, D(2026, 4, 5), office=NORTH)
    employer = psc.add_employer({"name": "株式会社A"}).id or 0
    psc.add_consent(person, {"employer_id": employer, "purpose": "紹介",
                             "categories": ["basic_profile", "program_participation"],
                             "valid_from": "2026-04-01", "valid_until": "2099-12-31"})
    sheet = psc.acting_as("home.cw").introduce(person, employer, on=D(2026, 5, 1))
    keys = {i.key for s in sheet.sections for i in s.items}
    assert f"program.{OWN}" in keys and f"program.{OTHER}" not in keys
    sheet = psc.introduce(person, employer, on=D(2026, 5, 1))  # every office: both
    assert {f"program.{OWN}", f"program.{OTHER}"} <= {i.key for s in sheet.sections
                                                      for i in s.items}


def test_people_imported_in_bulk_join_the_importers_organisation(
        psc: Psc, sites: dict[str, Any], tmp_path: Any) -> None:
    (tmp_path / "people.csv").write_text("name,kana\n南 六郎,ミナミ ロクロウ\n", encoding="utf-8")
    assert psc.acting_as("south.cw").import_rows("people", tmp_path / "people.csv").written == 1
    [found] = psc.find_people("ミナミ ロクロウ")
    assert found.organisation_id == 2
    assert psc.acting_as("home.cw").find_people("ミナミ ロクロウ") == []


def test_one_process_answers_each_office_its_own_agenda(
        psc: Psc, sites: dict[str, Any]) -> None:
    """The agenda's statements are kept between calls (a web server's process): the same
    query asked by staff of two offices, one after the other, gives each their own."""
    query = AgendaQuery(today=D(2026, 6, 1), days_ahead=400)
    for login, own in (("home.cw", "home"), ("north.cw", "north"), ("home.cw", "home")):
        items = psc.acting_as(login).agenda(query)
        assert items and {i.case_id for i in items} == {sites[own]}, login
