"""pytest fixtures for psccore and its plugins (loaded through the ``pytest11`` entry point).

Every test that asks for ``psc`` (or ``psc_database_url``) runs twice: on a SQLite
file and on PostgreSQL. PostgreSQL comes from ``PSC_TEST_POSTGRES_URL``; without
it those runs are skipped, unless ``PSC_REQUIRE_POSTGRES=1`` (as in CI) makes
that an error. Each test gets a fresh database, copied from a template that was
migrated once per session with every installed plugin, holding one staff
member, ``admin``.

Tests are hermetic: whatever the shell holds, every ``PSC_*`` variable is cleared
for each test (and for the subprocesses it starts), except the few that steer the
tests themselves (:data:`TEST_VARIABLES`); values are encrypted with a throwaway
key, and the default database folder (``XDG_DATA_HOME``) is a temporary one.
"""

from __future__ import annotations

import base64
import inspect
import os
import re
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

if TYPE_CHECKING:
    from click.testing import Result

    from psccore.app import Psc

ADMIN = "admin"

#: The ``PSC_*`` variables that steer the tests themselves, kept from the shell; every
#: other one (``PSC_LANG``, ``PSC_USER``, ``PSC_DATABASE_URL``, ``PSC_KEY_FILE`` …) is
#: cleared, so a developer's settings never change a test's result.
TEST_VARIABLES = frozenset({
    "PSC_TEST_POSTGRES_URL",  # the PostgreSQL server the tests make databases on
    "PSC_REQUIRE_POSTGRES",  # missing PostgreSQL is a failure, not a skip (CI)
    "PSC_REQUIRE_BROWSER",  # missing headless browser is a failure, not a skip (CI)
    "PSC_TEST_SCREENSHOTS",  # where the browser tests keep their screenshots (make screenshots)
    "PSC_STRESS_SECONDS",  # a longer stress run (tests/test_stress.py)
    "PSC_STRESS_KILLS",
    "PSC_PG_PORT",  # the port scripts/pg-test-server tries first
})
_TEST_KEY = f"test:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def _clear_environment(delete: Callable[[str], object], put: Callable[[str, str], object],
                       data_home: str) -> None:
    for name in [n for n in os.environ if n.startswith("PSC_") and n not in TEST_VARIABLES]:
        delete(name)
    put("PSC_KEY", _TEST_KEY)  # a throwaway key, never the developer's
    put("XDG_DATA_HOME", data_home)  # no default database in the developer's home


_DATA_HOME = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Collection and session fixtures already see the cleared environment."""
    data_home = tempfile.mkdtemp(prefix="psc-test-data-")
    config.stash[_DATA_HOME] = data_home
    config.add_cleanup(lambda: shutil.rmtree(data_home, ignore_errors=True))
    _clear_environment(lambda name: os.environ.pop(name, None), os.environ.__setitem__,
                       data_home)


@pytest.fixture(autouse=True)
def psc_hermetic_environment(pytestconfig: pytest.Config,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Clears again, for each test, what a test before it may have set: every ``PSC_*``
    variable but :data:`TEST_VARIABLES`. Subprocesses inherit the cleared environment;
    a test sets what it needs with ``monkeypatch.setenv`` or a subprocess's ``env``."""
    _clear_environment(monkeypatch.delenv, monkeypatch.setenv, pytestconfig.stash[_DATA_HOME])


def _build_template(url: str) -> None:
    from psccore.app import Psc

    psc = Psc.open(url, staff=ADMIN, strict_plugins=True)
    try:
        psc.upgrade()
        psc.add_staff(ADMIN, "管理者")
    finally:
        psc.close()


class _SQLiteTemplates:
    def __init__(self, folder: Path) -> None:
        self.template = folder / "template.db"
        _build_template(f"sqlite:///{self.template}")

    def fresh(self, folder: Path) -> Iterator[str]:
        target = folder / "psc.db"
        shutil.copy(self.template, target)
        yield f"sqlite:///{target}"


class _PostgresTemplates:
    def __init__(self, server_url: str) -> None:
        import sqlalchemy as sa

        self.server = sa.make_url(server_url)
        self.admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.template = f"psc_template_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.template}"')
        _build_template(self.url(self.template))

    def url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def fresh(self, _folder: Path) -> Iterator[str]:
        name = f"psc_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        try:
            yield self.url(name)
        finally:
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def _psc_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    found: dict[str, Any] = {}
    yield found
    for templates in found.values():
        if isinstance(templates, _PostgresTemplates):
            templates.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def psc_database_url(request: pytest.FixtureRequest, _psc_templates: dict[str, Any],
                     tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, migrated database holding the staff member ``admin``; on both kinds."""
    kind = request.param
    if kind not in _psc_templates:
        if kind == "sqlite":
            _psc_templates[kind] = _SQLiteTemplates(tmp_path_factory.mktemp("psc-template"))
        else:
            server = os.environ.get("PSC_TEST_POSTGRES_URL")
            if not server:
                if os.environ.get("PSC_REQUIRE_POSTGRES"):
                    pytest.fail("PSC_REQUIRE_POSTGRES is set but PSC_TEST_POSTGRES_URL is not")
                pytest.skip("PostgreSQL: set PSC_TEST_POSTGRES_URL to run these")
            _psc_templates[kind] = _PostgresTemplates(server)
    yield from _psc_templates[kind].fresh(tmp_path)


@pytest.fixture
def psc(psc_database_url: str) -> Iterator[Psc]:
    """The library's front door on a fresh database, acting as ``admin``."""
    from psccore.app import Psc

    app = Psc.open(psc_database_url, staff=ADMIN, strict_plugins=True)
    yield app
    app.close()


@pytest.fixture
def psc_cli(psc_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``psc`` in-process: ``psc_cli("case", "list", input=..., lang="en")``.

    Acts as ``admin`` unless ``staff=`` says otherwise; never lets an exception through
    unseen (``result.exception`` is set only for a real traceback).
    """
    from click.testing import CliRunner

    from psccore.cli import build_cli
    from psccore.i18n import reset_lang, set_lang

    def run(*args: str, input: str | None = None, lang: str = "ja",
            staff: str | None = ADMIN) -> Result:
        token = set_lang(lang)
        env = {"PSC_DATABASE_URL": psc_database_url, "PSC_LANG": lang,
               "PSC_USER": staff or "", "PSC_STRICT_PLUGINS": "1"}
        try:
            result = CliRunner().invoke(build_cli(), list(args), input=input, env=env)
        finally:
            reset_lang(token)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run


def run_psc(args: Sequence[str], env: dict[str, str] | None = None) -> Any:
    """Run the installed ``psc`` in a subprocess (for start-up and entry-point tests)."""
    import subprocess
    import sys

    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "psccore", *args], capture_output=True,
                          text=True, env=full_env, timeout=120)


# --- checks any program plugin can run against itself --------------------------------

def check_migrations(psc: Psc, code: str) -> None:
    """The plugin's Alembic branch made exactly the tables its metadata describes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    [migrations] = [m for m in psc.ctx.registry.migrations if m.branch == code]
    ours = set(migrations.metadata.tables)

    def only_ours(name: str | None, type_: str, _parents: Any) -> bool:
        return type_ != "table" or name in ours

    with psc.ctx.db.read() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": only_ours})
        differences = compare_metadata(context, migrations.metadata)
    assert differences == [], differences


def consent_to_collect(psc: Psc, person_id: int, on: Any) -> None:
    """The person's consent to collect their sensitive data (health), from ``on`` until a
    year after today (a consent must be in force when the answers are recorded)."""
    import datetime as dt

    start = on if isinstance(on, dt.date) else dt.date.fromisoformat(str(on))
    until = max(start, psc.today()) + dt.timedelta(days=365)  # in force now, too
    psc.add_consent(person_id, {"kind": "collect", "categories": ["health"],
                                "purpose": "支援のための健康状態の把握", "valid_from": start,
                                "valid_until": until,
                                "form_reference": "取得同意書"})


def check_example_intakes(psc: Psc, code: str, person_id: int, on: Any,
                          seeds: int = 12) -> None:
    """Every example the program makes opens a case and reads back unchanged."""
    program = psc.programs[code]
    assert program.example_intake is not None, f"{code} gives no example_intake"
    import random

    if program.consent_to_collect:
        consent_to_collect(psc, person_id, on)
    for n in range(seeds):
        answers = dict(program.example_intake(random.Random(n)))
        detail = psc.open_case(person_id, code, answers, opened_on=on)
        stored = detail.enrollments[0].intake
        assert {k: v for k, v in stored.items() if v is not None} == {
            k: v for k, v in answers.items() if v is not None}, f"seed {n}"


# --- the report test kit -----------------------------------------------------------------

def report_figures(psc: Psc, period: Any, section: str) -> dict[str, Any]:
    """A section's figures by row key (or Japanese label where a row has no key)."""
    [found] = psc.report(period, [section])
    return {row.key or row.label.ja: row.value for row in found.rows}


def assert_report(psc: Psc, period: Any, section: str, expected: dict[str, Any]) -> None:
    """Every figure of ``section`` for ``period`` equals the hand-worked ``expected``,
    and ``expected`` names every figure, so a new or changed figure fails here, named."""
    actual = report_figures(psc, period, section)
    missing = sorted(set(actual) - set(expected))
    unknown = sorted(set(expected) - set(actual))
    wrong = {k: (expected[k], actual[k]) for k in expected.keys() & actual.keys()
             if expected[k] != actual[k]}
    assert not (missing or unknown or wrong), (
        f"{section} {period.label.en}: not worked by hand {missing}, no such figure "
        f"{unknown}, expected != actual {wrong}")


# --- more fixtures for plugin authors ------------------------------------------------------

@pytest.fixture
def psc_registry(psc: Psc) -> Any:
    """What the loaded plugins registered (programs, menu, report sections, migrations),
    with the pluggy plugin manager as ``.pm``: core and every installed plugin."""
    return psc.ctx.registry


@pytest.fixture
def psc_staff(psc: Psc) -> Callable[..., Psc]:
    """Act as a new staff member with one role: ``psc_staff("caseworker", "readiness")``
    returns the library acting as them (roles: administrator, supervisor, caseworker,
    read_only; program ``*`` for all)."""
    made: list[str] = []

    def acting(role: str, program: str = "*") -> Psc:
        login = f"{role.replace('_', '')}{len(made) + 1}"
        psc.add_staff(login, f"{role} {len(made) + 1}")
        psc.grant(login, role, program)
        made.append(login)
        return psc.acting_as(login)

    return acting


# --- the conformance suite -----------------------------------------------------------------

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
#: Intake fields named like this hold health data and must be ``sensitive=True``.
HEALTH_WORDS = ("health", "illness", "disease", "diagnosis", "medical", "treatment",
                "disability", "medication", "hospital", "symptom")
PG_NAME_LIMIT = 63  # PostgreSQL cuts longer identifiers, and then names clash


def bilingual(label: Any, where: str) -> None:
    """Both texts given, and the English one not a copy of the Japanese."""
    assert isinstance(label, tuple) and len(label) == 2, f"{where}: not a Label: {label!r}"
    assert label[0].strip() and label[1].strip(), f"{where}: a text is empty: {label!r}"
    assert not CJK.search(label[1]), f"{where}: the English text is not English: {label!r}"


class ConformanceSuite:
    """Every program plugin passes these; in its tests, one line::

        class TestConformance(ConformanceSuite): program = "my_program"

    (uses the ``psc`` and ``psc_cli`` fixtures, so it runs on SQLite and PostgreSQL).
    """

    program: str = ""

    def _program(self, psc: Psc) -> Any:
        assert self.program, "set `program = CODE` on the class"
        broken = {b.name: b.error for b in psc.ctx.registry.broken}
        assert self.program not in broken, broken.get(self.program)
        assert self.program in psc.programs, f"{self.program} registered no program"
        return psc.programs[self.program]

    def _plugin(self, psc: Psc) -> Any:
        registry = psc.ctx.registry  # the plugin that registered the program
        return registry.pm.get_plugin(registry.hooks.owner[self.program])

    def test_the_entry_point_is_named_by_the_program_code(self, psc: Psc) -> None:
        """``psc CODE …`` finds the program's commands through the entry point of that
        name: one named otherwise lists the program in ``psc --help`` while ``psc CODE``
        answers "no such command"."""
        self._program(psc)
        plugin = psc.ctx.registry.hooks.owner[self.program]
        assert plugin == self.program, (
            f"the entry point is named {plugin!r}: name it by the program code, "
            f'[project.entry-points.psccore] {self.program} = "..." in pyproject.toml')

    def test_hooks_match_their_specs(self, psc: Psc) -> None:
        """Each ``psc_*`` function is a hook implementation of a hook core defines, taking
        only that hook's arguments (a misspelled hook fails here, not silently)."""
        from psccore import hookspecs

        self._program(psc)
        plugin = self._plugin(psc)
        specs = {n: f for n, f in vars(hookspecs).items() if n.startswith("psc_")}
        for name in (n for n in dir(plugin) if n.startswith("psc_")):
            function = getattr(plugin, name)
            assert name in specs, f"{name} is no hook of psccore (see docs/plugins/hooks.md)"
            assert hasattr(function, "psccore_impl"), f"{name} lacks @hookimpl"
            wanted = set(inspect.signature(function).parameters)
            allowed = set(inspect.signature(specs[name]).parameters)
            assert wanted <= allowed, f"{name} asks for {sorted(wanted - allowed)}"

    def test_labels_are_in_both_languages(self, psc: Psc) -> None:
        from psccore.domain.rules import info

        program = self._program(psc)
        bilingual(program.label, "program label")
        if program.description is not None:
            bilingual(program.description, "program description")
        for attribute in attrs.fields(program.intake):
            found = info(attribute)
            assert found is not None, f"intake field {attribute.name}: use intake_field(Label)"
            bilingual(found.label, f"intake field {attribute.name}")
        for item in (m for m in psc.ctx.registry.menu if m.program == self.program):
            bilingual(item.label, f"menu item {item.kind}")
        for section in self._sections(psc):
            bilingual(section.title, f"report section {section.key}")

    def test_the_program_object_keeps_to_the_contract(self, psc: Psc) -> None:
        """The program is an instance of a :class:`psccore.Program` subclass; each method
        it gives takes the parameters of ``Program``'s (names, kinds and order: core
        calls them by name); ``fields()`` describes every intake field, nested ones too,
        with labels in both languages (choices as well)."""
        from psccore.domain.program import Program

        program = self._program(psc)
        assert isinstance(program, Program), f"{program!r} is no psccore.Program"
        for name, base in vars(Program).items():
            own = getattr(type(program), name)
            if name.startswith("_") or not inspect.isfunction(base) or own is base:
                continue
            wanted, given = inspect.signature(base), inspect.signature(own)
            assert [(p.name, p.kind) for p in given.parameters.values()] == [
                (p.name, p.kind) for p in wanted.parameters.values()], (
                f"{type(program).__name__}.{name}{given} differs from Program.{name}{wanted}")
        described = program.fields()
        assert [f.name for f in described] == [a.name for a in attrs.fields(program.intake)]
        for spec in _every_spec(described):
            assert tuple(spec.label) != (spec.name, spec.name), (
                f"field {spec.name} has no label: give it intake_field(Label(ja, en))")
            bilingual(spec.label, f"field {spec.name}")
            for choice in spec.choices:
                bilingual(choice.label, f"field {spec.name}, choice {choice.value}")

    def test_web_pages_keep_to_the_contract(self, psc: Psc) -> None:
        """Each page ``Program.pages()`` gives has a title in both languages, a path of
        its own, a handler, only GET and POST, and an existing ``templates`` folder."""
        from psccore.domain.pages import ProgramPage

        pages = list(self._program(psc).pages())
        for found in pages:
            assert isinstance(found, ProgramPage), f"{found!r} is no psccore.ProgramPage"
            bilingual(found.title, f"page {found.path}")
            assert callable(found.handler), f"page {found.path}: the handler is not callable"
            assert set(found.methods) <= {"GET", "POST"} and found.methods, found.path
            assert found.templates is None or found.templates.is_dir(), (
                f"page {found.path}: no templates folder {found.templates}")
        paths = [p.path for p in pages]
        assert len(paths) == len(set(paths)), f"pages share a path: {sorted(paths)}"

    def test_example_intakes_round_trip_through_cattrs(self, psc: Psc) -> None:
        import random

        from psccore.domain.convert import structure, unstructure

        program = self._program(psc)
        assert program.example_intake is not None, "give example_intake (demo and tests use it)"
        for seed in range(12):
            answers = dict(program.example_intake(random.Random(seed)))
            again = unstructure(structure(answers, program.intake))
            assert {k: v for k, v in again.items() if v is not None} == {
                k: v for k, v in answers.items() if v is not None}, f"seed {seed}"

    def test_health_fields_are_declared_sensitive(self, psc: Psc) -> None:
        from psccore.domain.rules import info

        program = self._program(psc)
        for attribute in attrs.fields(program.intake):
            found = info(attribute)
            if any(word in attribute.name for word in HEALTH_WORDS):
                assert found is not None and found.sensitive, (
                    f"intake field {attribute.name} looks like health data: "
                    "intake_field(..., sensitive=True)")

    def test_migrations_make_its_tables_with_names_postgresql_keeps(self, psc: Psc) -> None:
        self._program(psc)
        check_migrations(psc, self.program)
        [migrations] = [m for m in psc.ctx.registry.migrations if m.branch == self.program]
        for table in migrations.metadata.tables.values():
            assert table.name.startswith(self.program), f"{table.name}: prefix it with the code"
            names = [table.name, *(c.name for c in table.constraints if c.name),
                     *(i.name for i in table.indexes if i.name)]
            for name in names:
                assert len(str(name)) <= PG_NAME_LIMIT, f"{name}: longer than PostgreSQL keeps"

    def test_tables_of_a_participation_are_kept_to_their_offices(self, psc: Psc) -> None:
        """On PostgreSQL every table of the program holding a person's data (a column
        ``enrollment_id``, ``case_id`` or ``person_id``) has row-level security forced by
        its migrations (``psccore.store.rls.protect``), as core's tables do."""
        self._program(psc)
        if not psc.database_url.startswith("postgresql"):
            pytest.skip("row-level security is PostgreSQL's (SQLite relies on the services)")
        [migrations] = [m for m in psc.ctx.registry.migrations if m.branch == self.program]
        personal = sorted(t.name for t in migrations.metadata.tables.values()
                          if {"enrollment_id", "case_id", "person_id"} & set(t.columns.keys()))
        with psc.ctx.db.read() as conn:
            forced = set(conn.exec_driver_sql(
                "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity "
                "AND relname = ANY(%(names)s)", {"names": personal}).scalars())
        assert forced == set(personal), (
            f"not protected: {sorted(set(personal) - forced)}: in a migration, "
            "psccore.store.rls.protect(op.get_bind(), TABLE, by_enrollment())")

    def test_report_section_runs_on_an_empty_and_a_filled_database(self, psc: Psc) -> None:

        from psccore.dates import fiscal_year
        from psccore.domain.program import ReportPeriod

        self._program(psc)
        keys = [s.key for s in self._sections(psc)]
        today = psc.today()
        periods = [ReportPeriod.fiscal_year(fiscal_year(today)),
                   ReportPeriod.month(today.year, today.month)]
        for filled in (False, True):
            if filled:
                _fill(psc, self.program)
            for period in periods:
                for section in psc.report(period, keys):
                    row_keys = [r.key or r.label.ja for r in section.rows]
                    assert len(set(row_keys)) == len(row_keys), f"{section.key}: rows repeat"
                    for row in section.rows:
                        bilingual(row.label, f"{section.key} row")
                        assert isinstance(row.value, int | float | str)

    def test_commands_print_no_traceback_on_bad_input(self, psc: Psc, psc_cli: Any) -> None:
        import click

        from psccore.cli import build_cli

        self._program(psc)
        cli = build_cli()
        with click.Context(cli) as context:
            group = cli.get_command(context, self.program)
            paths = [] if group is None else list(_command_paths(group, [self.program]))
        for path in paths:  # a program may add no commands
            for args in (["--no-such-option"], ["not-a-number", "x"], ["999999"], ["-1"]):
                result = psc_cli(*path, *args)  # raises if anything but a clean exit
                assert "Traceback" not in result.output, (path, args, result.output)
            assert psc_cli(*path, "--help").exit_code == 0, path

    def _sections(self, psc: Psc) -> list[Any]:
        return [s for s in psc.ctx.registry.report_sections if s.program == self.program]


def _every_spec(specs: Sequence[Any]) -> Iterator[Any]:
    """Each field description, and those of the records nested in it."""
    for spec in specs:
        yield spec
        yield from _every_spec(spec.fields)


def _fill(psc: Psc, code: str) -> None:
    """Data for the program: its own demo if it has one, else cases from its examples."""

    today = psc.today()
    if not psc.ctx.registry.hooks.demo(psc, 1, today, program=code):
        person = psc.add_person({"name": "適合 確認", "kana": "テキゴウ カクニン",
                                 "birth_date": _eligible_birth(psc, code, today)})
        check_example_intakes(psc, code, person.id or 0, today, seeds=3)


def _eligible_birth(psc: Psc, code: str, today: Any) -> Any:
    """A birth date the program accepts with its first example intake (programs for the
    young or the old have age rules)."""
    import random

    from psccore.domain.convert import structure
    from psccore.domain.people import Person

    program = psc.programs[code]
    assert program.example_intake is not None, f"{code} gives no example_intake"
    answers: Any = structure(dict(program.example_intake(random.Random(0))), program.intake)
    for age in (16, 30, 45, 65, 13, 20, 25, 55, 75, 8):
        birth = today.replace(year=today.year - age, day=min(today.day, 28))
        person = Person(name="適合 確認", kana="テキゴウ カクニン", birth_date=birth)
        if program.eligibility is None or not list(program.eligibility(person, answers, today)):
            return birth
    raise AssertionError(f"{code}: no age from 8 to 75 is eligible with example_intake(0); "
                         "give the program a psc_demo hook to fill it")


def _command_paths(group: Any, prefix: list[str]) -> Iterator[list[str]]:
    import click

    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _command_paths(command, [*prefix, name])
        else:
            yield [*prefix, name]
