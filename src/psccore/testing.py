"""pytest fixtures for psccore and its plugins (loaded through the ``pytest11`` entry point).

Every test that asks for ``psc`` (or ``psc_database_url``) runs twice: on a SQLite
file and on PostgreSQL. PostgreSQL comes from ``PSC_TEST_POSTGRES_URL``; without
it those runs are skipped, unless ``PSC_REQUIRE_POSTGRES=1`` (as in CI) makes
that an error. Each test gets a fresh database, copied from a template that was
migrated once per session with every installed plugin, holding one staff
member, ``admin``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from click.testing import Result

    from psccore.app import Psc

ADMIN = "admin"


def pytest_configure(config: pytest.Config) -> None:
    """Tests encrypt with a throwaway key unless one is configured (subprocesses too)."""
    if not os.environ.get("PSC_KEY") and not os.environ.get("PSC_KEY_FILE"):
        import base64
        import secrets

        os.environ["PSC_KEY"] = f"test:{base64.b64encode(secrets.token_bytes(32)).decode()}"


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
    until = max(start, dt.date.today()) + dt.timedelta(days=365)  # in force now, too
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
        assert detail.enrollments[0].intake == answers


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
