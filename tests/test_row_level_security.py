"""PostgreSQL itself keeps each office to its own data (row-level security), proven
through the app role's own connection, not assumed: the app role owns no table, the
owner role ran the migrations, and the audit chain is still appended to and verified."""

import datetime as dt
import os
import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from psccore.app import Psc
from psccore.errors import NotFound
from psccore.testing import consent_to_collect

D = dt.date
OWN, PROGRAM = "household_budget", "cancer_reemployment"
INTAKE = {"monthly_income": 0, "housing": "rented", "health_note": "通院中"}
HOME, NORTH, SOUTH = "本所", "北拠点", "南拠点"
ORG, ORG2 = "法人", "社会福祉法人 南"
#: Tables whose rows belong to one office's cases or people.
OFFICE_DATA = ("cases", "people", "enrollments", "support_records", "case_offices",
               "person_search", "consents", "cancer_reemployment_enrollments")


class Roles:
    """A database made the way docs/deployment.md says: an owner role (no superuser)
    that owns it and ran the migrations, and the app role ``psc init`` made."""

    def __init__(self, server: str) -> None:
        suffix = uuid.uuid4().hex[:8]
        self.server = sa.make_url(server)
        self.name, self.owner, self.app = (f"psc_rls_{suffix}", f"psc_owner_{suffix}",
                                           f"psc_app_{suffix}")
        self.admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT",
                                      poolclass=sa.NullPool)
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE ROLE {self.owner} LOGIN CREATEROLE PASSWORD 'o'")
            conn.exec_driver_sql(f"CREATE DATABASE {self.name} OWNER {self.owner}")
        self.owner_url = self._url(self.owner, "o")
        self.app_url = self._url(self.app, "a")

    def _url(self, user: str, password: str) -> str:
        return self.server.set(username=user, password=password, database=self.name) \
            .render_as_string(hide_password=False)

    def engine(self, url: str) -> sa.Engine:
        return sa.create_engine(url, poolclass=sa.NullPool)

    def drop(self) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {self.app}")
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {self.owner}")
        self.admin.dispose()


def _person(psc: Psc, name: str, kana: str, **more: Any) -> int:
    return psc.add_person({"name": name, "kana": kana}, **more).id or 0


@pytest.fixture(scope="module")
def roles() -> Iterator[Roles]:
    server = os.environ.get("PSC_TEST_POSTGRES_URL")
    if not server:
        if os.environ.get("PSC_REQUIRE_POSTGRES"):
            pytest.fail("PSC_REQUIRE_POSTGRES is set but PSC_TEST_POSTGRES_URL is not")
        pytest.skip("PostgreSQL: set PSC_TEST_POSTGRES_URL to run these")
    made = Roles(server)
    try:
        owner = Psc.open(made.owner_url, strict_plugins=True)
        try:
            owner.upgrade(app_url=made.app_url)  # as `psc init` does: the app role made too
            owner.acting_as(None).add_staff("admin", "管理者")
        finally:
            owner.close()
        yield made
    finally:
        made.drop()


@pytest.fixture(scope="module")
def sites(roles: Roles) -> Iterator[dict[str, Any]]:
    """As the app role: two offices of one organisation and one of another; in the first
    two a case (with a record, and a program's rows) and a caseworker each."""
    admin = Psc.open(roles.app_url, staff="admin", strict_plugins=True)
    admin.add_office(ORG, {"name": NORTH})
    admin.add_organisation(ORG2)
    admin.add_office(ORG2, {"name": SOUTH})
    ids: dict[str, Any] = {}
    example = admin.programs[PROGRAM].example_intake
    assert example is not None
    for key, office, name, kana in (("home", HOME, "本所 花子", "ホンショ ハナコ"),
                                    ("north", NORTH, "北 次郎", "キタ ジロウ")):
        person = ids[f"{key}_person"] = _person(admin, name, kana, organisation=ORG)
        ids[key] = admin.open_case(person, OWN, INTAKE, D(2026, 4, 1), office=office).case.id
        admin.add_record(ids[key], {"on": "2026-04-02", "kind": "phone",
                                    "summary": f"{key}の記録"})
        consent_to_collect(admin, person, D(2026, 4, 1))
        ids[f"{key}_program"] = admin.open_case(
            person, PROGRAM, dict(example(random.Random(1))), D(2026, 4, 1),
            office=office).case.id
    ids["south_waiting"] = _person(admin, "南 三郎", "ミナミ サブロウ", organisation=ORG2)
    for login, office in (("home.cw", HOME), ("north.cw", NORTH), ("south.cw", SOUTH)):
        admin.add_staff(login, login)
        admin.grant(login, "caseworker", "*", office=office)
    yield ids
    admin.close()


def _counts(psc: Psc) -> dict[str, int]:
    """Rows of each table seen by a raw query on the app's own connection, within a
    unit of work of the acting staff member."""
    with psc.ctx.read() as uow:
        return {table: uow.conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
                for table in OFFICE_DATA}


def _owner_counts(roles: Roles, where: dict[str, str]) -> dict[str, int]:
    """The same counts as the owner sees them for every office, narrowed by ``where``."""
    engine = roles.engine(roles.owner_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT set_config('psc.offices', '*', true)")
            return {t: conn.exec_driver_sql(
                f"SELECT count(*) FROM {t} WHERE {where.get(t, 'true')}").scalar_one()
                for t in OFFICE_DATA}
    finally:
        engine.dispose()


def test_the_app_connection_sees_only_its_offices_rows(roles: Roles,
                                                        sites: dict[str, Any]) -> None:
    home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
    try:
        seen = _counts(home)
        with home.ctx.read() as uow:
            ids = set(uow.conn.exec_driver_sql("SELECT id FROM cases").scalars())
            people = set(uow.conn.exec_driver_sql("SELECT id FROM people").scalars())
            records = set(uow.conn.exec_driver_sql(
                "SELECT summary FROM support_records").scalars())
    finally:
        home.close()
    assert ids == {sites["home"], sites["home_program"]}
    assert people == {sites["home_person"]}  # not north's, nor the other organisation's
    assert records == {"homeの記録"}
    home_office = "(SELECT id FROM offices WHERE name = '本所')"
    home_cases = f"(SELECT id FROM cases WHERE office_id = {home_office})"
    expected = _owner_counts(roles, {
        "cases": f"office_id = {home_office}",
        "people": f"id = {sites['home_person']}",
        "enrollments": f"case_id IN {home_cases}",
        "support_records": f"case_id IN {home_cases}",
        "case_offices": f"case_id IN {home_cases}",
        "person_search": f"person_id = {sites['home_person']}",
        "consents": f"person_id = {sites['home_person']}",
        "cancer_reemployment_enrollments":
            f"enrollment_id IN (SELECT id FROM enrollments WHERE case_id IN {home_cases})"})
    assert seen == expected and all(seen.values())
    everything = _owner_counts(roles, {})
    assert all(everything[t] > seen[t] for t in ("cases", "people", "support_records",
                                                  "cancer_reemployment_enrollments"))


def test_staff_of_one_office_see_nothing_of_another_through_the_library(
        roles: Roles, sites: dict[str, Any]) -> None:
    home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
    try:
        assert {c.case.id for c in home.list_cases()} == {sites["home"], sites["home_program"]}
        for refused in (lambda: home.get_case(sites["north"]),
                        lambda: home.get_person(sites["north_person"]),
                        lambda: home.get_person(sites["south_waiting"]),
                        lambda: home.list_records(sites["north"]),
                        lambda: home.enrollment_in(sites["north_program"], PROGRAM)):
            # withheld by the services, or absent to the database: one message, one code
            with pytest.raises(NotFound, match=r"not yours to see|閲覧"):
                refused()
        assert home.find_people("キタ") == [] and home.find_people("ミナミ") == []
        assert [p.case_id for p in home.participants(PROGRAM)] == [sites["home_program"]]
    finally:
        home.close()


def test_a_role_in_every_office_sees_every_office(roles: Roles,
                                                   sites: dict[str, Any]) -> None:
    admin = Psc.open(roles.app_url, staff="admin", strict_plugins=True)
    try:
        assert _counts(admin) == _owner_counts(roles, {})
        assert {sites["home"], sites["north"]} <= {c.case.id for c in admin.list_cases()}
    finally:
        admin.close()


def test_without_the_setting_the_app_role_sees_nothing(roles: Roles,
                                                        sites: dict[str, Any]) -> None:
    engine = roles.engine(roles.app_url)
    try:
        with engine.connect() as conn:
            for table in OFFICE_DATA:
                assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
            # nor can it write a row it would not see
            with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
                conn.exec_driver_sql("INSERT INTO cases (person_id, status, opened_on, "
                                     "office_id, version) SELECT id, 'open', now(), 1, 1 "
                                     "FROM staff LIMIT 1")
    finally:
        engine.dispose()
    staffless = Psc.open(roles.app_url, strict_plugins=True)  # sign-in: no one known yet
    try:
        assert all(n == 0 for n in _counts(staffless).values())
    finally:
        staffless.close()


@pytest.mark.parametrize("statement", [
    "ALTER TABLE cases DISABLE ROW LEVEL SECURITY",
    "ALTER TABLE cases NO FORCE ROW LEVEL SECURITY",
    "DROP POLICY psc_offices ON cases",
    "TRUNCATE cases CASCADE",
    "TRUNCATE audit_log",
    "DELETE FROM audit_log",
    "UPDATE audit_log SET staff = 'x'",
    "DELETE FROM audit_head",
    "CREATE TABLE psc_mine (id integer)",
    "SET ROLE {owner}",
])
def test_the_app_role_cannot_lift_the_separation(roles: Roles, sites: dict[str, Any],
                                                 statement: str) -> None:
    engine = roles.engine(roles.app_url)
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.ProgrammingError,
                                                     match=r"permission denied|must be owner"):
            conn.exec_driver_sql(statement.format(owner=roles.owner))
    finally:
        engine.dispose()


def test_the_app_role_owns_nothing_and_may_not_bypass(roles: Roles) -> None:
    engine = roles.engine(roles.app_url)
    try:
        with engine.connect() as conn:
            owned = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_class WHERE relowner = "
                "(SELECT oid FROM pg_roles WHERE rolname = current_user)").scalar()
            flags = conn.exec_driver_sql(
                "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
                "WHERE rolname = current_user").one()
            forced = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_class WHERE relname IN ('cases', 'people', "
                "'support_records', 'cancer_reemployment_enrollments') "
                "AND relrowsecurity AND relforcerowsecurity").scalar()
    finally:
        engine.dispose()
    assert owned == 0 and tuple(flags) == (False, False, False, False) and forced == 4


def test_the_audit_chain_is_appended_by_every_office_and_verifies(
        roles: Roles, sites: dict[str, Any]) -> None:
    for login, case in (("home.cw", "home"), ("north.cw", "north"), ("home.cw", "home")):
        worker = Psc.open(roles.app_url, staff=login, strict_plugins=True)
        try:
            worker.add_record(sites[case], {"on": "2026-05-01", "kind": "visit",
                                            "summary": f"{login}の訪問"})
        finally:
            worker.close()
    admin = Psc.open(roles.app_url, staff="admin", strict_plugins=True)
    try:
        checked, breaks = admin.verify_audit()
        assert breaks == [] and checked > 0
        writers = {e.staff for e in admin.audit_log(staff="north.cw")}
        assert writers == {"north.cw"}
    finally:
        admin.close()


def test_a_backup_by_the_owner_holds_every_office(roles: Roles, sites: dict[str, Any],
                                                  tmp_path: Any) -> None:
    owner = Psc.open(roles.owner_url, staff="admin", strict_plugins=True)
    try:
        owner.backup(tmp_path / "all.dump")
    finally:
        owner.close()
    import subprocess

    from psccore.services.backup import _tool

    listing = subprocess.run([_tool("pg_restore"), "--data-only", "--table=cases", "--file=-",
                              str(tmp_path / "all.dump")], capture_output=True, text=True,
                             check=True).stdout
    rows = listing.split("FROM stdin;")[1].split("\\.")[0].strip().splitlines()
    assert len(rows) == 4  # both offices' cases


# --- the access matrix across offices, as the app role ---------------------------------

WEST = "西拠点"


def test_staff_of_one_office_transfer_a_case_into_another_as_the_app_role(
        roles: Roles, sites: dict[str, Any]) -> None:
    """A caseworker of one office writes the case into an office they may not see (and,
    between organisations, the receiving organisation's copy of the person); afterwards
    the database shows it to the receiving office and no longer to theirs."""
    admin = Psc.open(roles.app_url, staff="admin", strict_plugins=True)
    home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
    try:
        cases = {}
        for key, name, kana in (("north", "移管 一郎", "イカン イチロウ"),
                                ("south", "移管 二郎", "イカン ジロウ")):
            person = _person(admin, name, kana, organisation=ORG)
            cases[key] = admin.open_case(person, OWN, INTAKE, D(2026, 4, 1), office=HOME).case.id
        admin.add_consent(person, {"organisation": ORG2, "purpose": "ケースの移管",
                                   "categories": ["basic_profile", "program_participation"],
                                   "valid_from": "2026-04-01", "valid_until": "2099-12-31"})
        assert home.transfer_case(cases["north"], NORTH, with_sensitive=False).to_office == NORTH
        assert home.transfer_case(cases["south"], SOUTH, with_sensitive=False).disclosure_id
        for key, office in (("north", "north.cw"), ("south", "south.cw")):
            receiving = Psc.open(roles.app_url, staff=office, strict_plugins=True)
            try:
                assert receiving.get_case(cases[key]).case.id == cases[key]
            finally:
                receiving.close()
            with pytest.raises(NotFound):
                home.get_case(cases[key])
        with home.ctx.read() as uow:  # not even to a raw query on home's connection
            assert uow.conn.execute(sa.text("SELECT count(*) FROM cases WHERE id IN (:a, :b)"),
                                    {"a": cases["north"], "b": cases["south"]}).scalar() == 0
        assert admin.verify_audit()[1] == []
    finally:
        home.close()
        admin.close()


@pytest.fixture(scope="module")
def matrix_roles() -> Iterator[Roles]:
    """A database of its own (one organisation, as tests/test_security.py's world has)."""
    yield from roles.__wrapped__()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def matrix_world(matrix_roles: Roles) -> Iterator[dict[str, int]]:
    """tests/test_security.py's world (its cases at the first office) made as the app
    role, and a worker per role whose role, for every program, is in another office."""
    from test_security import world

    admin = Psc.open(matrix_roles.app_url, staff="admin", strict_plugins=True)
    made: dict[str, int] = world.__wrapped__(admin)  # type: ignore[attr-defined]
    admin.add_office(ORG, {"name": WEST})
    from psccore.domain.access import Role

    for role in Role:
        admin.add_staff(f"west.{role.value}", role.value)
        admin.grant(f"west.{role.value}", role.value, "*", office=WEST)
    yield made
    admin.close()


def _cells() -> list[tuple[Any, ...]]:
    from test_security import CELLS

    return CELLS  # type: ignore[no-any-return]


@pytest.mark.parametrize(("role", "scope", "action", "field"), _cells(),
                         ids=lambda c: getattr(c, "value", c))
def test_access_matrix_across_offices_as_the_app_role(
        matrix_roles: Roles, matrix_world: dict[str, int], role: Any, scope: str, action: Any,
        field: Any) -> None:
    """tests/test_security.py's matrix across offices, on the app role's connection: only
    opening a case in one's own office, where the role allows it."""
    from test_security import attempt

    from psccore.domain.access import POLICY, Action, FieldClass

    expected = (action, field) == (Action.WRITE, FieldClass.SENSITIVE) and \
        (action, field) in POLICY[role]
    worker = Psc.open(matrix_roles.app_url, staff=f"west.{role.value}", strict_plugins=True)
    try:
        try:
            allowed = attempt(worker, matrix_world, scope, action.value, field.value)
        except NotFound as absent:  # another office's row: absent to the database
            assert "not yours to see" in absent.text("en") or "閲覧" in absent.text()
            allowed = False
    finally:
        worker.close()
    assert allowed is expected


# --- what the app role may know of what it cannot see ----------------------------------


def test_people_alike_in_another_office_are_counted_not_named_as_the_app_role(
        roles: Roles, sites: dict[str, Any]) -> None:
    from psccore.services.people import DuplicateSuspected

    home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
    try:
        with pytest.raises(DuplicateSuspected) as alike:  # north's person, hidden by RLS
            home.add_person({"name": "北 次郎", "kana": "キタ ジロウ"})
        assert (alike.value.candidates, alike.value.hidden) == ([], 1)
        assert "北 次郎" not in alike.value.text() and str(sites["north_person"]) not in \
            alike.value.text("en")
        with pytest.raises(DuplicateSuspected) as both:  # one named (home's), one counted
            home.add_person({"name": "本所 花子", "kana": "ホンショ ハナコ",
                             "birth_date": "1990-01-01"})
        assert [p.id for p in both.value.candidates] == [sites["home_person"]]
        assert both.value.hidden == 0
        assert home.find_people("キタ") == []  # and still nothing of north's to read
    finally:
        home.close()


def test_a_bulk_import_flags_people_alike_in_another_office_as_the_app_role(
        roles: Roles, sites: dict[str, Any], tmp_path: Any) -> None:
    from psccore.errors import InvalidInput

    path = tmp_path / "people.csv"
    path.write_text("氏名,フリガナ,生年月日\n新規 太郎,シンキ タロウ,1970-01-01\n"
                    "北 次郎,キタ ジロウ,1981-02-03\n本所 花子,ホンショ ハナコ,\n",
                    encoding="utf-8")
    home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
    try:
        with pytest.raises(InvalidInput) as flagged:
            home.import_rows("people", path)
        text = flagged.value.text()
        assert "3行目: 閲覧権限のない事業の 1 名と同じ人の可能性があります" in text
        assert f"4行目: 登録済みの ID {sites['home_person']} と同じ人" in text
        assert "2行目" not in text and f"ID {sites['north_person']}" not in text
    finally:
        home.close()


def test_a_refusal_of_another_offices_case_is_audited_as_the_app_role(
        roles: Roles, sites: dict[str, Any]) -> None:
    home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
    admin = Psc.open(roles.app_url, staff="admin", strict_plugins=True)
    try:
        with pytest.raises(NotFound) as refused_case:
            home.get_case(sites["north"])
        with pytest.raises(NotFound) as refused_person:
            home.get_person(sites["north_person"])
        with pytest.raises(NotFound) as absent:
            home.get_case(10_000_000)  # no such case: told the same, not audited
        assert refused_case.value.text() == absent.value.text().replace(
            "10000000", str(sites["north"]))
        assert refused_person.value.exit_code == absent.value.exit_code
        refusals = {(e.entity, e.entity_id) for e in admin.audit_log(staff="home.cw")
                    if e.action == "refuse"}
        assert {("cases", sites["north"]), ("people", sites["north_person"])} <= refusals
        assert ("cases", 10_000_000) not in refusals
    finally:
        home.close()
        admin.close()


# --- the CLI and the web app on the app role's connection ------------------------------


def test_staff_of_one_office_see_nothing_of_another_through_the_cli_as_the_app_role(
        roles: Roles, sites: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from psccore.cli import build_cli

    def psc(*args: str) -> Any:
        env = {"PSC_DATABASE_URL": roles.app_url, "PSC_USER": "home.cw", "PSC_LANG": "ja",
               "PSC_STRICT_PLUGINS": "1"}
        result = CliRunner().invoke(build_cli(), list(args), env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    listed = psc("case", "list", "--all")
    assert listed.exit_code == 0 and "本所 花子" in listed.output
    assert "北 次郎" not in listed.output and "ミナミ" not in listed.output
    found = psc("person", "find", "キタ")
    assert "北 次郎" not in found.output and "キタ ジロウ" not in found.output
    assert "本所 花子" in psc("person", "find", "ホンショ").output
    refused = [psc("case", "show", str(sites["north"])),
               psc("case", "timeline", str(sites["north"])),
               psc("person", "show", str(sites["north_person"])),
               psc("person", "show", str(sites["south_waiting"]))]
    missing = psc("case", "show", "10000000")
    assert {r.exit_code for r in refused} == {missing.exit_code} == {3}
    assert all("北 次郎" not in r.output and "northの記録" not in r.output for r in refused)


def test_staff_of_one_office_see_nothing_of_another_through_the_web_as_the_app_role(
        roles: Roles, sites: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from starlette.testclient import TestClient

    from psccore.web.app import create_app

    monkeypatch.setenv("PSC_PASSWORD_HASHING", "fast-for-tests")
    admin = Psc.open(roles.app_url, staff="admin", strict_plugins=True)
    base = Psc.open(roles.app_url, strict_plugins=True)
    try:
        admin.set_password("home.cw", "correct horse 42")
        client = TestClient(create_app(base), follow_redirects=False)
        form = client.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token
        signed_in = client.post("/login", data={"csrf": token[1], "login": "home.cw",
                                                "password": "correct horse 42"})
        assert signed_in.status_code == 303, signed_in.text
        own = client.get(f"/cases/{sites['home']}")
        assert own.status_code == 200 and "本所 花子" in own.text
        theirs, missing = client.get(f"/cases/{sites['north']}"), client.get("/cases/10000000")
        assert theirs.status_code == missing.status_code == 404
        assert theirs.text == missing.text.replace("10000000", str(sites["north"]))
        assert client.get(f"/people/{sites['north_person']}").status_code == 404
        assert "北 次郎" not in client.get("/search", params={"q": "キタ"}).text
        assert "本所 花子" in client.get("/search", params={"q": "ホンショ"}).text
    finally:
        base.close()
        admin.close()


def test_a_restore_by_the_owner_keeps_row_level_security(roles: Roles, sites: dict[str, Any],
                                                         tmp_path: Any) -> None:
    """``psc db restore`` run as the owner: afterwards the policies, the app role's
    grants and the functions of core_0018 are in place, and each office still sees only
    its own rows."""
    with roles.admin.connect() as conn:  # a restore checks the backup in a scratch database
        conn.exec_driver_sql(f"ALTER ROLE {roles.owner} CREATEDB")
    def people_seen() -> set[int]:
        home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
        try:
            with home.ctx.read() as uow:
                return set(uow.conn.exec_driver_sql("SELECT id FROM people").scalars())
        finally:
            home.close()

    before = people_seen()
    assert sites["home_person"] in before and sites["north_person"] not in before
    owner = Psc.open(roles.owner_url, staff="admin", strict_plugins=True)
    try:
        owner.backup(tmp_path / "all.dump")
        owner.restore(tmp_path / "all.dump")
    finally:
        owner.close()
    test_the_app_role_owns_nothing_and_may_not_bypass(roles)
    home = Psc.open(roles.app_url, staff="home.cw", strict_plugins=True)
    admin = Psc.open(roles.app_url, staff="admin", strict_plugins=True)
    try:
        assert people_seen() == before
        with pytest.raises(NotFound):
            home.get_case(sites["north"])
        assert ("cases", sites["north"]) in {(e.entity, e.entity_id) for e in admin.audit_log(
            staff="home.cw") if e.action == "refuse"}
        from psccore.services.people import DuplicateSuspected

        with pytest.raises(DuplicateSuspected) as alike:
            home.add_person({"name": "北 次郎", "kana": "キタ ジロウ"})
        assert alike.value.hidden == 1
        assert admin.verify_audit()[1] == []
    finally:
        home.close()
        admin.close()


def test_an_upgrade_as_the_app_role_says_to_give_the_owners_url() -> None:
    """`psc db upgrade` with only the app role's URL (the web service's settings) and a
    migration pending: a configuration error naming the role and PSC_OWNER_DATABASE_URL,
    not an unexpected error; the owner then brings the schema up to date."""
    from psccore.errors import ConfigurationError
    from psccore.store import migrate

    server = os.environ.get("PSC_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("PostgreSQL: set PSC_TEST_POSTGRES_URL to run this")
    made = Roles(server)
    owner = Psc.open(made.owner_url, strict_plugins=True)
    app = Psc.open(made.app_url, strict_plugins=True)
    try:
        latest = owner.upgrade(app_url=made.app_url)
        migrate.downgrade(owner.ctx.db, owner.ctx.registry, "core_0020")
        assert app.pending_migrations()  # a migration (or more) waits
        with pytest.raises(ConfigurationError) as refused:
            app.upgrade()
        assert refused.value.exit_code == 6
        said = refused.value.text("en")
        assert made.app in said and "PSC_OWNER_DATABASE_URL" in said, said
        assert owner.upgrade(app_url=made.app_url) == latest
        assert app.pending_migrations() == []
    finally:
        app.close()
        owner.close()
        made.drop()


def test_psc_db_restore_runs_as_the_owner_when_its_url_is_given(
        roles: Roles, sites: dict[str, Any], tmp_path: Any) -> None:
    """`psc db restore` with the web service's settings (the app role's URL): the app role
    may not replace tables nor make the scratch copy, so the message names the owner's
    URL; with PSC_OWNER_DATABASE_URL set too, the restore is done as the owner."""
    from click.testing import CliRunner

    from psccore.cli import build_cli

    def psc(*args: str, **more: str) -> Any:
        env = {"PSC_DATABASE_URL": roles.app_url, "PSC_USER": "admin", "PSC_LANG": "en",
               "PSC_STRICT_PLUGINS": "1", "PSC_OWNER_DATABASE_URL": "", **more}
        result = CliRunner().invoke(build_cli(), list(args), env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    with roles.admin.connect() as conn:  # the scratch copy a restore checks the backup in
        conn.exec_driver_sql(f"ALTER ROLE {roles.owner} CREATEDB")
    dump = str(tmp_path / "all.dump")
    assert psc("db", "backup", dump).exit_code == 0
    as_app = psc("db", "restore", dump, "--yes")
    assert as_app.exit_code == 6 and "PSC_OWNER_DATABASE_URL" in as_app.output, as_app.output
    as_owner = psc("db", "restore", dump, "--yes", PSC_OWNER_DATABASE_URL=roles.owner_url)
    assert as_owner.exit_code == 0, as_owner.output
    test_the_app_role_owns_nothing_and_may_not_bypass(roles)
    listed = psc("case", "list", "--all", PSC_USER="home.cw")
    assert "本所 花子" in listed.output and "北 次郎" not in listed.output
