"""Row-level security on PostgreSQL: the database itself keeps each transaction to the
offices of the staff member acting (SQLite, one office PC, does nothing here: the
services enforce the same rules there).

Every table holding an office's data has ``ENABLE`` and ``FORCE ROW LEVEL SECURITY``
and one policy, ``psc_offices``, which reads the transaction's setting ``psc.offices``
(:data:`SETTING`): ``*`` for every office, else a list of office ids such as
``{3,7}``; unset or empty, no office at all. The unit of work sets it at the start of
each transaction (:func:`set_offices`).

A policy looks at most one step away from what decides it: ``cases`` at its own
``office_id``; a table hanging from a case at that case (``EXISTS`` a visible case: the
policy of ``cases`` applies inside the sub-query); a table hanging from a person at that
person; a program's table at its enrollment. Programs protect their own tables from their
own migrations with :func:`protect` and the conditions below (public names; see
docs/security.md, "Row-level security").

Two roles: the *owner* owns the tables and runs migrations (and work with no staff
member: its units see every office); the *app* role (``PSC_DATABASE_URL``) owns nothing
and holds only SELECT, INSERT, UPDATE and DELETE (:func:`grant_app_role`). The audit
trail is outside row-level security (one hash chain for every office): the app role may
only read it and append to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

__all__ = ["by_case", "by_enrollment", "by_office", "by_parent", "by_person", "protect",
           "unprotect"]

import sqlalchemy as sa
from sqlalchemy.engine import Connection

#: The per-transaction setting the policies read.
SETTING = "psc.offices"
#: Its value for every office (staff with roles in every office, system work).
EVERY_OFFICE = "*"
#: Its value for no office (no staff member known yet: sign-in, an unknown login).
NO_OFFICE = ""
#: The name of every policy psccore makes (one per table).
POLICY = "psc_offices"

# The conditions a policy is made of (SQL, on the protected table's own columns).

def by_office(column: str = "office_id") -> str:
    """Rows that carry their office: visible when it is one of the transaction's."""
    return f"psc_office_visible({column})"


def by_parent(parent: str, column: str) -> str:
    """Rows that hang from a row of ``parent`` (a protected table): visible when that
    row is (``parent``'s own policy applies inside the sub-query). E.g. a program's
    table ``by_parent("enrollments", "enrollment_id")``."""
    return f"EXISTS (SELECT 1 FROM {parent} AS psc_parent WHERE psc_parent.id = {{table}}.{column})"


def by_case(column: str = "case_id") -> str:
    """Rows of a case: visible when the case is."""
    return by_parent("cases", column)


def by_person(column: str = "person_id") -> str:
    """Rows of a person: visible when the person is."""
    return by_parent("people", column)


def by_enrollment(column: str = "enrollment_id") -> str:
    """A program's rows of one enrollment (a case's participation in the program)."""
    return by_parent("enrollments", column)


#: A person is seen by the offices of their cases, and, while they have no case at all,
#: by every office of their organisation (one join from the office either way).
PEOPLE = (
    "EXISTS (SELECT 1 FROM cases AS psc_parent WHERE psc_parent.person_id = people.id)"
    " OR (psc_organisation_visible(people.organisation_id)"
    " AND NOT psc_person_has_case(people.id))"
)

#: Core's protected tables and their conditions.
CORE: dict[str, str] = {
    "cases": f"{by_office()} OR psc_within_owner()",
    "case_offices": by_case(),
    "people": PEOPLE,
    "person_search": by_person(),
    **{name: by_case() for name in (
        "enrollments", "assessments", "plans", "support_records", "case_assignments",
        "screenings", "internships", "trainings", "employments", "income_changes",
        "follow_ups")},
    **{name: by_parent("plans", "plan_id") for name in (
        "plan_goals", "plan_steps", "evaluations", "meeting_decisions")},
    **{name: by_person() for name in (
        "consents", "job_preferences", "work_history", "disclosures", "job_applications",
        "referrals")},
    "internship_attendance": by_parent("internships", "internship_id"),
    "retention_checks": by_parent("employments", "employment_id"),
}

#: The functions the policies call. ``psc_person_has_case`` looks past the policy of
#: ``cases`` (it runs as the owner, ``SECURITY DEFINER``, and that policy lets through
#: what runs inside the owner's functions, :func:`psc_within_owner`, which no session
#: can reach otherwise: the app role may not ``SET ROLE`` to the owner, and a session of
#: the owner itself is bound by the setting): a person whose cases are all elsewhere is
#: not "a person with no case yet", whom their whole organisation sees.
FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION psc_office_visible(office integer) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE coalesce(current_setting('{SETTING}', true), '')
    WHEN '{EVERY_OFFICE}' THEN true
    WHEN '' THEN false
    ELSE office = ANY (current_setting('{SETTING}', true)::integer[]) END
$$;
CREATE OR REPLACE FUNCTION psc_organisation_visible(organisation integer) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('{SETTING}', true), '') = '{EVERY_OFFICE}'
    OR EXISTS (SELECT 1 FROM @schema@.offices AS o
               WHERE o.organisation_id = organisation AND @schema@.psc_office_visible(o.id))
$$;
CREATE OR REPLACE FUNCTION psc_within_owner() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT current_user <> session_user AND pg_has_role(current_user,
    (SELECT c.relowner FROM pg_class AS c WHERE c.oid = '@schema@.cases'::regclass), 'USAGE')
$$;
CREATE OR REPLACE FUNCTION psc_person_has_case(person integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM @schema@.cases AS c WHERE c.person_id = person)
$$;
"""
DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS psc_person_has_case(integer);
DROP FUNCTION IF EXISTS psc_within_owner();
DROP FUNCTION IF EXISTS psc_organisation_visible(integer);
DROP FUNCTION IF EXISTS psc_office_visible(integer);
"""


def create_functions(conn: Connection) -> None:
    """The functions the policies call, naming the tables by their schema (a session
    such as pg_dump's may have no search path)."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar() or "public"
    conn.exec_driver_sql(FUNCTIONS.replace("@schema@", _quoted(conn, schema)))


def is_postgresql(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def protect(conn: Connection, table: str, condition: str) -> None:
    """Keep ``table``'s rows to the transaction's offices on PostgreSQL (nothing on
    SQLite): row-level security enabled and forced (its owner too) with the policy
    ``psc_offices`` on ``condition`` (one of :func:`by_office`, :func:`by_case`,
    :func:`by_person`, :func:`by_enrollment`, :func:`by_parent`; ``{table}`` in it
    stands for the table). For reading and writing alike: a row written must be one
    the transaction may see."""
    if not is_postgresql(conn):
        return
    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
    conn.exec_driver_sql(f"CREATE POLICY {POLICY} ON {table} "
                         f"USING ({condition.replace('{table}', table)})")


def unprotect(conn: Connection, table: str) -> None:
    """Undo :func:`protect` (a migration's downgrade)."""
    if not is_postgresql(conn):
        return
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
    conn.exec_driver_sql(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def set_offices(conn: Connection, value: str) -> None:
    """The offices this transaction sees (``*``, ``{1,2}`` or empty), for its length
    only (``set_config(..., true)``, i.e. ``SET LOCAL``)."""
    conn.execute(sa.text("SELECT set_config(:name, :value, true)"),
                 {"name": SETTING, "value": value})


def offices_value(office_ids: Iterable[int] | None) -> str:
    """The setting for these offices (``None``: every office)."""
    if office_ids is None:
        return EVERY_OFFICE
    ids = sorted(set(office_ids))
    return "{" + ",".join(str(int(i)) for i in ids) + "}" if ids else NO_OFFICE


_owners: dict[str, bool] = {}


def connected_as_owner(conn: Connection, url: str) -> bool:
    """Whether this connection's role owns the tables (or is a member of the role that
    does, or a superuser): its work with no staff member is system work. Asked once per
    database URL."""
    if url not in _owners:
        _owners[url] = bool(conn.exec_driver_sql(
            "SELECT coalesce((SELECT pg_has_role(current_user, c.relowner, 'MEMBER') "
            "FROM pg_class AS c WHERE c.oid = to_regclass('cases')), true)").scalar())
    return _owners[url]


# --- the app role ----------------------------------------------------------------------

#: Tables the app role may only read and append to (the audit trail: one chain), and
#: the schema's version, which it only reads.
APPEND_ONLY = ("audit_log",)
READ_ONLY = ("alembic_version",)


def _quoted(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def ensure_app_role(conn: Connection, role: str, password: str | None) -> bool:
    """Create the app role (LOGIN, nothing else: no superuser, no BYPASSRLS, no role
    or database creation) if it is missing and this connection may create roles; return
    whether it exists now."""
    if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s",
                            {"r": role}).first():
        return True
    may = conn.exec_driver_sql(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").scalar()
    if not may:
        return False
    secret = "" if password is None else " PASSWORD " + str(conn.exec_driver_sql(
        "SELECT quote_literal(%(p)s)", {"p": password}).scalar())
    conn.exec_driver_sql(f"CREATE ROLE {_quoted(conn, role)} LOGIN NOSUPERUSER NOCREATEDB "
                         f"NOCREATEROLE NOBYPASSRLS NOREPLICATION NOINHERIT{secret}")
    return True


def app_roles(conn: Connection) -> list[str]:
    """The roles given the app role's grants before (those on ``cases``)."""
    return sorted(conn.exec_driver_sql(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
        "WHERE table_schema = current_schema() AND table_name = 'cases' "
        "AND privilege_type = 'DELETE' AND grantee <> current_user").scalars())


def grant_app_role(conn: Connection, role: str) -> None:
    """The app role's privileges, as the owner: data in every table of the schema
    (SELECT, INSERT, UPDATE, DELETE; never TRUNCATE, REFERENCES, TRIGGER, nor any DDL,
    which only an owner may do), the audit trail only read and appended to (its
    partitions too), the sequences used; the same for tables and sequences the owner
    makes later (ALTER DEFAULT PRIVILEGES). Safe to repeat; run after every upgrade."""
    who = _quoted(conn, role)
    schema = _quoted(conn, conn.exec_driver_sql("SELECT current_schema()").scalar() or "public")
    for statement in (
        f"GRANT USAGE ON SCHEMA {schema} TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {who}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {who}",
    ):
        conn.exec_driver_sql(statement)
    trail = conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND "
        "(c.relname = 'audit_log' OR c.oid IN (SELECT inhrelid FROM pg_inherits AS i "
        "JOIN pg_class AS p ON p.oid = i.inhparent WHERE p.relname = 'audit_log'))").scalars()
    for table in trail:
        conn.exec_driver_sql(f"REVOKE UPDATE, DELETE ON {_quoted(conn, table)} FROM {who}")
    conn.exec_driver_sql(f"REVOKE INSERT, DELETE ON audit_head FROM {who}")
    for table in READ_ONLY:
        if conn.exec_driver_sql("SELECT to_regclass(%(t)s)", {"t": table}).scalar():
            conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {who}")


# --- what the transaction may know of rows it cannot see (core_0018) -------------------

#: Functions that look past row-level security and tell only counts or a yes/no, never a
#: name or an id: they run as the owner (``SECURITY DEFINER``) with every office in view
#: (``psc.offices`` set to ``*`` for their length only, the caller's setting put back
#: after; an error aborts the transaction, or rolls back its savepoint, setting and all).
#: ``psc_people_alike`` gives, for each position of the arrays (kana key, name key,
#: birth date: a registration, or every row of a bulk import in one call), how many
#: people are alike, as a single registration judges them (the same kana with the same
#: or an unknown birth date on either side, or the same name and birth date), in
#: ``organisation`` (NULL: any); positions with none are left out. The service names
#: those it may read and counts the rest. ``psc_case_exists`` and ``psc_person_exists``
#: tell a row that is not the transaction's to see from one that does not exist, so
#: that the refusal is audited (the staff member is told the same either way).
KNOWING = f"""
CREATE OR REPLACE FUNCTION psc_squashed(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(replace($1, ' ', ''), '\u3000', '')
$$;
CREATE OR REPLACE FUNCTION psc_people_alike(kanas text[], names text[], births date[],
                                            organisation integer)
RETURNS TABLE ("position" bigint, alike bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE caller text := coalesce(current_setting('{SETTING}', true), '');
BEGIN
  PERFORM set_config('{SETTING}', '{EVERY_OFFICE}', true);
  RETURN QUERY
  WITH asked AS (
    SELECT a.kana, a.name, a.born, a.n
    FROM unnest(kanas, names, births) WITH ORDINALITY AS a (kana, name, born, n)),
  people_of AS (
    SELECT p.id, @schema@.psc_squashed(p.kana) AS kana, @schema@.psc_squashed(p.name) AS name,
           p.birth_date
    FROM @schema@.people AS p
    WHERE organisation IS NULL OR p.organisation_id = organisation),
  pairs AS (
    SELECT asked.n, p.id FROM asked JOIN people_of AS p ON p.kana = asked.kana
    WHERE asked.born IS NULL OR p.birth_date IS NULL OR p.birth_date = asked.born
    UNION
    SELECT asked.n, p.id FROM asked JOIN people_of AS p
      ON p.name = asked.name AND p.birth_date = asked.born)
  SELECT pairs.n, count(*) FROM pairs GROUP BY pairs.n;
  PERFORM set_config('{SETTING}', caller, true);
END
$$;
CREATE OR REPLACE FUNCTION psc_case_exists(asked integer) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE caller text := coalesce(current_setting('{SETTING}', true), '');
        found boolean;
BEGIN
  PERFORM set_config('{SETTING}', '{EVERY_OFFICE}', true);
  found := EXISTS (SELECT 1 FROM @schema@.cases AS c WHERE c.id = asked);
  PERFORM set_config('{SETTING}', caller, true);
  RETURN found;
END
$$;
CREATE OR REPLACE FUNCTION psc_person_exists(asked integer) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE caller text := coalesce(current_setting('{SETTING}', true), '');
        found boolean;
BEGIN
  PERFORM set_config('{SETTING}', '{EVERY_OFFICE}', true);
  found := EXISTS (SELECT 1 FROM @schema@.people AS p WHERE p.id = asked);
  PERFORM set_config('{SETTING}', caller, true);
  RETURN found;
END
$$;
"""
DROP_KNOWING = """
DROP FUNCTION IF EXISTS psc_person_exists(integer);
DROP FUNCTION IF EXISTS psc_case_exists(integer);
DROP FUNCTION IF EXISTS psc_people_alike(text[], text[], date[], integer);
DROP FUNCTION IF EXISTS psc_squashed(text);
"""


def create_knowing(conn: Connection) -> None:
    """The functions of :data:`KNOWING`, naming the tables by their schema."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar() or "public"
    conn.exec_driver_sql(KNOWING.replace("@schema@", _quoted(conn, schema)))


def people_alike(conn: Connection, keys: Sequence[tuple[str, str, dt.date | None]],
                 organisation: int | None = None) -> dict[int, int]:
    """How many people are alike to each of ``keys`` (kana key, name key, birth date),
    whether the transaction may see them or not, by position (from 0; none: absent).
    One statement, its arrays bound as one parameter each."""
    if not keys:
        return {}
    rows = conn.execute(sa.text(
        "SELECT \"position\", alike FROM psc_people_alike("
        "CAST(:kanas AS text[]), CAST(:names AS text[]), CAST(:births AS date[]), "
        "CAST(:organisation AS integer))"),
        {"kanas": [k for k, _, _ in keys], "names": [n for _, n, _ in keys],
         "births": [b for _, _, b in keys], "organisation": organisation})
    return {int(position) - 1: int(alike) for position, alike in rows}


def exists_unseen(conn: Connection, table: str, id: int) -> bool:
    """Whether a case or person ``id`` exists, seen by this transaction or not."""
    function = {"cases": "psc_case_exists", "people": "psc_person_exists"}[table]
    return bool(conn.execute(sa.text(f"SELECT {function}(:id)"), {"id": id}).scalar())
