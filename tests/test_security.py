"""The access policy of docs/security.md, cell by cell, through the library and the CLI;
sensitive data encrypted at rest; refusals, reads and the chain head audited."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from psccore.app import Psc
from psccore.domain.access import POLICY, Action, FieldClass, Role
from psccore.errors import AccessRefused, NotAllowed

DOC = Path(__file__).parents[1] / "docs" / "security.md"
OWN, OTHER = "household_budget", "housing_support"
CANARY = "CANARY-health-0001"
D = dt.date


def documented_policy() -> dict[tuple[str, str, str], bool]:
    text = DOC.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| role |"))
    columns = [c.strip() for c in header.strip("|").split("|")][1:]
    cells = {}
    for line in text.splitlines():
        match = re.match(r"\| (\w+) \|(.+)\|$", line)
        if match and match[1] in {r.value for r in Role}:
            marks = [m.strip() for m in match[2].split("|")]
            for column, mark in zip(columns, marks, strict=True):
                action, field = column.split()
                cells[(match[1], action, field)] = mark == "✓"
    return cells


def test_the_documented_policy_is_the_policy_in_code() -> None:
    documented = documented_policy()
    in_code = {(r.value, a.value, f.value): (a, f) in POLICY[r]
               for r in Role for a in Action for f in FieldClass}
    assert documented == in_code


@pytest.fixture
def world(psc: Psc) -> dict[str, int]:
    """One person in each program, consents to an employer, and a worker with no role yet."""
    employer = psc.add_employer({"name": "株式会社A"}).id or 0
    ids = {"employer": employer}
    for key, program, intake in (
            ("own", OWN, {"monthly_income": 0, "housing": "rented", "health_note": CANARY}),
            ("other", OTHER, {"rent": 40000, "reason": CANARY})):
        person = psc.add_person({"name": f"{key} 太郎", "kana": f"{'アイ' if key == 'own' else 'ウエ'}"})
        ids[key] = psc.open_case(person.id or 0, program, intake, D(2026, 4, 1)).case.id or 0
        ids[f"{key}_person"] = person.id or 0
        psc.add_consent(person.id or 0, {"employer_id": employer, "purpose": "紹介",
                                         "categories": ["basic_profile", "health"],
                                         "valid_from": "2026-04-01", "valid_until": "2099-12-31"})
    psc.add_staff("worker", "支援員")
    return ids


def attempt(app: Psc, ids: dict[str, int], scope: str, action: str, field: str) -> bool:
    """Try one cell through the library: True if allowed."""
    case, person = ids[scope], ids[f"{scope}_person"]
    program = OWN if scope == "own" else OTHER
    try:
        if action == "read":
            detail = app.get_case(case)
            if field == "sensitive":
                return CANARY in json.dumps([e.intake for e in detail.enrollments])
            return True
        if action == "write":
            if field == "sensitive":
                new = app.add_person({"name": "新規", "kana": "シンキ"}, allow_duplicate=True)
                intake = ({"monthly_income": 1, "housing": "owned", "health_note": "x"}
                          if program == OWN else {"rent": 1, "reason": "x"})
                app.open_case(new.id or 0, program, intake)
            else:
                app.add_record(case, {"on": "2026-05-01", "kind": "phone", "summary": "確認"})
            return True
        if action == "export":
            exported = json.dumps([e.intake for e in app.export_case(case).enrollments])
            return CANARY in exported if field == "sensitive" else True
        categories = ["health"] if field == "sensitive" else ["basic_profile"]
        app.introduce(person, ids["employer"], categories, on=D(2026, 5, 1))
        return True
    except NotAllowed:
        return False


CELLS = [(r, s, a, f) for r in Role for s in ("own", "other") for a in Action
         for f in FieldClass]


@pytest.mark.parametrize(("role", "scope", "action", "field"), CELLS,
                         ids=[f"{r.value}-{s}-{a.value}-{f.value}" for r, s, a, f in CELLS])
def test_access_matrix_through_the_library(psc: Psc, world: dict[str, int], role: Role,
                                           scope: str, action: Action,
                                           field: FieldClass) -> None:
    psc.grant("worker", role.value, OWN)
    expected = scope == "own" and (action, field) in POLICY[role]
    worker = psc.acting_as("worker")
    assert attempt(worker, world, scope, action.value, field.value) is expected


def cli_attempt(run, ids: dict[str, int], scope: str, action: str, field: str) -> bool:  # type: ignore[no-untyped-def]
    case, person = str(ids[scope]), str(ids[f"{scope}_person"])
    program = OWN if scope == "own" else OTHER
    if action == "read":
        result = run("case", "show", case, staff="worker")
        return result.exit_code == 0 and (CANARY in result.output if field == "sensitive"
                                          else True)
    if action == "write":
        if field == "sensitive":
            new = run("person", "add", "--name", "新規", "--kana", "シンキ", "--allow-duplicate",
                      "--json")  # as admin
            sets = (["--set", "monthly_income=1", "--set", "housing=owned",
                     "--set", "health_note=x"] if program == OWN
                    else ["--set", "rent=1", "--set", "reason=x"])
            result = run("case", "open", str(json.loads(new.stdout)["id"]), "--program",
                         program, *sets, staff="worker")
        else:
            result = run("record", "add", case, "--kind", "phone", "--summary", "確認",
                         "--on", "2026-05-01", staff="worker")
        return result.exit_code == 0
    if action == "export":
        result = run("case", "export", case, staff="worker")
        return result.exit_code == 0 and (CANARY in result.output if field == "sensitive"
                                          else True)
    category = "health" if field == "sensitive" else "basic_profile"
    result = run("introduce", person, "--employer", str(ids["employer"]), "--category",
                 category, "--on", "2026-05-01", staff="worker")
    return result.exit_code == 0


@pytest.mark.parametrize(("role", "scope", "action", "field"), CELLS,
                         ids=[f"{r.value}-{s}-{a.value}-{f.value}" for r, s, a, f in CELLS])
def test_access_matrix_through_the_cli(psc: Psc, psc_cli, world: dict[str, int], role: Role,
                                       scope: str, action: Action, field: FieldClass) -> None:
    psc.grant("worker", role.value, OWN)
    expected = scope == "own" and (action, field) in POLICY[role]
    assert cli_attempt(psc_cli, world, scope, action.value, field.value) is expected


def test_no_role_no_access_and_the_refusal_is_audited(psc: Psc, world: dict[str, int]) -> None:
    worker = psc.acting_as("worker")
    with pytest.raises(AccessRefused):
        worker.get_case(world["own"])
    assert worker.list_cases() == [] and worker.find_people("太郎") == []
    [refusal] = psc.audit_log(staff="worker")
    assert (refusal.action, refusal.entity, refusal.entity_id, refusal.person_id) == (
        "refuse", "cases", world["own"], world["own_person"])
    assert refusal.fields == ["read:general"]


def test_sensitive_reads_are_audited_by_field_name(psc: Psc, world: dict[str, int]) -> None:
    psc.grant("worker", "caseworker", OWN)
    psc.acting_as("worker").get_case(world["own"])
    reads = [e for e in psc.audit_log(staff="worker") if e.action == "read"]
    assert [(e.entity, e.fields) for e in reads] == [("enrollments", ["health_note"])]
    assert CANARY not in json.dumps([e.fields for e in psc.audit_log(limit=1000)])


def test_canary_values_never_reach_the_database_file(psc: Psc, tmp_path: Path) -> None:
    file = psc.ctx.db.sqlite_file
    if file is None:
        pytest.skip("the raw file is SQLite's")
    values = [f"CANARY-{i:03d}-{i * 7919 % 1000:03d}" for i in range(100)]
    for i, value in enumerate(values):
        person = psc.add_person({"name": f"検証 {i}", "kana": "ケンショウ" + "ア" * (i % 30)},
                                allow_duplicate=True)
        psc.open_case(person.id or 0, OWN, {"monthly_income": 0, "housing": "owned",
                                            "health_note": value})
    raw = b"".join(p.read_bytes() for p in (file, Path(f"{file}-wal")) if p.exists())
    assert [v for v in values if v.encode() in raw] == []
    shown = json.dumps([psc.get_case(c.case.id or 0).enrollments[0].intake
                        for c in psc.list_cases(limit=100)])
    assert all(v in shown for v in values)  # and yet they read back for those allowed


def test_a_wrong_key_is_a_clear_error_and_rotation_keeps_values(
        psc: Psc, world: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from psccore.crypto import new_key_line
    from psccore.errors import ConfigurationError
    from psccore.services.keys import rotate

    key_id, key = __import__("os").environ["PSC_KEY"].split(":", 1)
    keys = tmp_path / "psc.keys"
    keys.write_text(f"{key_id} {key}\n{new_key_line('k2')}\n")
    monkeypatch.delenv("PSC_KEY")
    monkeypatch.setenv("PSC_KEY_FILE", str(keys))
    # a Psc reads its key ring once: each key file is seen by a Psc opened after it
    assert rotate(psc.acting_as(psc.staff_login).ctx) == 2
    keys.write_text(new_key_line("k2").replace("k2", "k2", 1) + "\n")  # only a wrong k2
    with pytest.raises(ConfigurationError) as caught:
        psc.acting_as(psc.staff_login).get_case(world["own"])
    assert "cannot decrypt" in caught.value.text("en")


def test_a_head_kept_outside_detects_truncation(psc: Psc, world: dict[str, int]) -> None:
    from psccore.store import tables as t

    kept = psc.audit_head()
    assert psc.verify_audit(kept)[1] == []
    with psc.ctx.db.engine.begin() as conn:  # drop the newest rows and rewrite the head row
        last = conn.execute(t.audit_log.select().where(t.audit_log.c.seq == kept[0] - 2)).one()
        conn.execute(t.audit_log.delete().where(t.audit_log.c.seq > last.seq))
        conn.execute(t.audit_head.update().values(seq=last.seq, hash=last.hash))
    assert psc.verify_audit()[1] == []  # the chain alone looks whole
    assert [b.reason for b in psc.verify_audit(kept)[1]] == ["head"]


def test_affected_lists_people_and_fields_touched(psc: Psc, world: dict[str, int]) -> None:
    psc.grant("worker", "caseworker", OWN)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    psc.acting_as("worker").get_case(world["own"])
    psc.acting_as("worker").add_record(world["own"], {"on": "2026-05-01", "kind": "phone",
                                                      "summary": "確認"})
    found = psc.audit_affected("worker", start, dt.datetime.now(dt.UTC))
    assert found == {world["own_person"]: {"enrollments.health_note", "support_records.kind",
                                           "support_records.on", "support_records.summary",
                                           "support_records.case_id",
                                           "support_records.staff_id"}}


def test_a_possible_duplicate_in_another_program_is_counted_not_named(
        psc: Psc, world: dict[str, int]) -> None:
    from psccore.services.people import DuplicateSuspected

    psc.grant("worker", "caseworker", OTHER)
    with pytest.raises(DuplicateSuspected) as caught:
        psc.acting_as("worker").add_person({"name": "own 太郎", "kana": "アイ"})
    assert (caught.value.candidates, caught.value.hidden) == ([], 1)
    assert "own 太郎" not in caught.value.text("en")
    assert "1 in programs you may not read" in caught.value.text("en")


# The web column: the same cells through the staff web app (HTTP through Starlette's
# TestClient), signed in as the worker with their password, never as PSC_USER.
WEB_PASSWORD = "correct horse 42"


def _web_client(psc: Psc, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The worker signed in to the web app: (client, CSRF token)."""
    from starlette.testclient import TestClient

    from psccore.web.app import create_app

    monkeypatch.setenv("PSC_PASSWORD_HASHING", "fast-for-tests")
    psc.set_password("worker", WEB_PASSWORD)
    client = TestClient(create_app(psc), follow_redirects=False)
    form = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert form
    signed = client.post("/login", data={"csrf": form[1], "login": "worker",
                                         "password": WEB_PASSWORD})
    assert signed.status_code == 303, signed.text
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert token
    return client, token[1]


def _web_read(psc: Psc, client, token: str, ids: dict[str, int], scope: str,  # type: ignore[no-untyped-def]
              field: str) -> bool:
    """The case page: another program's case is the very page of a case that does not
    exist; a sensitive answer is shown, or marked withheld without its value."""
    shown = client.get(f"/cases/{ids[scope]}")
    person = client.get(f"/people/{ids[f'{scope}_person']}")
    assert person.status_code == shown.status_code
    if shown.status_code == 404:  # not yours: the very page of what does not exist
        assert shown.text == client.get("/cases/99999999").text == person.text
        assert CANARY not in shown.text
        return False
    assert shown.status_code == 200, shown.text
    if field == "sensitive" and CANARY not in shown.text:
        assert 'class="withheld"' in shown.text  # masked, and said so
        return False
    return True


def _web_write(psc: Psc, client, token: str, ids: dict[str, int], scope: str,  # type: ignore[no-untyped-def]
               field: str) -> bool:
    """general: the quick support record on the case page; sensitive: opening a case
    through the program's intake form (its answers include sensitive ones)."""
    if field == "general":
        before = len(psc.list_records(ids[scope]))
        sent = client.post(f"/cases/{ids[scope]}/records",
                           data={"csrf": token, "on": "2026-05-01", "kind": "phone",
                                 "summary": "確認"})
        written = len(psc.list_records(ids[scope])) == before + 1
    else:
        program = OWN if scope == "own" else OTHER
        person = ids[f"{scope}_person"]
        before = len(psc.list_cases(person_id=person, limit=100))
        intake = ({"monthly_income": "1", "housing": "owned", "health_note": "x"}
                  if program == OWN else {"rent": "1", "reason": "x"})
        sent = client.post(f"/people/{person}/open?program={program}",
                           data={"csrf": token, **intake})
        written = len(psc.list_cases(person_id=person, limit=100)) == before + 1
    assert sent.status_code in (303, 404), sent.text  # done, or refused as not found
    assert written is (sent.status_code == 303)
    return written


def _web_disclose(psc: Psc, client, token: str, ids: dict[str, int], scope: str,  # type: ignore[no-untyped-def]
                  field: str) -> bool:
    """The introduction page: the introduction sheet of the category sent, recorded as
    a disclosure audited under the worker; refused: another program's person is not
    found, a role that may not disclose gets the page saying why; nothing recorded."""
    person = ids[f"{scope}_person"]
    category = "health" if field == "sensitive" else "basic_profile"
    before = len(psc.list_disclosures(person))
    audited = len(psc.audit_log(staff="worker", limit=1000))
    sent = client.post(f"/people/{person}/introduce/{ids['employer']}",
                       data={"csrf": token, "categories": category})
    after = psc.list_disclosures(person)
    written = [(e.action, e.entity, e.entity_id) for e in
               psc.audit_log(staff="worker", limit=1000)[:-audited or None]
               if e.action in ("disclose", "create")]
    if sent.status_code == 200:
        assert len(after) == before + 1 and after[-1].employer_id == ids["employer"]
        assert written == [("disclose", "people", person),
                           ("create", "disclosures", after[-1].id)], written
        return True
    assert sent.status_code in (403, 404, 409), sent.text  # not found, or the page says why
    assert CANARY not in sent.text
    assert (len(after), written) == (before, [])
    return False


def _web_export(psc: Psc, client, token: str, ids: dict[str, int], scope: str,  # type: ignore[no-untyped-def]
                field: str) -> bool:
    """The case page's export (``POST /cases/N/export``): the case in the transfer
    format as a download, audited as an export under the worker; refused: the 404 page,
    no export audited, and the case page offers no export button."""
    case = ids[scope]
    exports = [e for e in psc.audit_log(staff="worker", limit=1000) if e.action == "export"]
    sent = client.post(f"/cases/{case}/export", data={"csrf": token})
    made = [e for e in psc.audit_log(staff="worker", limit=1000)
            if e.action == "export"][:-len(exports) or None]
    offered = f'action="/cases/{case}/export"' in client.get(f"/cases/{case}").text
    if sent.status_code == 200:
        assert offered
        assert sent.headers["content-disposition"].startswith("attachment;")
        assert ("export", "cases", case) in [(e.action, e.entity, e.entity_id) for e in made]
        exported = json.dumps([e["intake"] for e in json.loads(sent.text)["enrollments"]],
                              ensure_ascii=False)
        return CANARY in exported if field == "sensitive" else True
    assert sent.status_code == 404, sent.text
    assert CANARY not in sent.text and made == [] and not offered
    return False


#: How each action is tried through the web. None: no page on the web app does it
#: here. The report downloads are aggregate figures any reading role may take, audited
#: as exports (tests/web/test_web_reports.py), not the export cells.
THROUGH_THE_WEB = {Action.READ: _web_read, Action.WRITE: _web_write,
                   Action.EXPORT: _web_export, Action.DISCLOSE: _web_disclose}


@pytest.mark.parametrize(("role", "scope", "action", "field"), CELLS,
                         ids=[f"{r.value}-{s}-{a.value}-{f.value}" for r, s, a, f in CELLS])
def test_access_matrix_through_the_web(psc: Psc, world: dict[str, int], role: Role,
                                       scope: str, action: Action, field: FieldClass,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    attempt_on_the_web = THROUGH_THE_WEB[action]
    if attempt_on_the_web is None:
        pytest.skip(f"{action.value} has no web page (see THROUGH_THE_WEB)")
    psc.grant("worker", role.value, OWN)
    expected = scope == "own" and (action, field) in POLICY[role]
    client, token = _web_client(psc, monkeypatch)
    assert attempt_on_the_web(psc, client, token, world, scope, field.value) is expected


def test_another_programs_participation_is_not_on_the_web(
        psc: Psc, world: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared case also in a program whose participation is itself health data: a
    caseworker of the other program sees the case, never that program or its answers."""
    from psccore.testing import consent_to_collect

    hidden, secret = "cancer_reemployment", "CANARY-cancer-0002"
    consent_to_collect(psc, world["own_person"], D(2026, 1, 1))
    psc.enroll(world["own"], hidden, {"track": "reemployment", "referral_department": "外科",
                                      "referral_date": "2026-04-01",
                                      "treatment_status": secret}, D(2026, 4, 2))
    psc.grant("worker", "caseworker", OWN)
    client, _ = _web_client(psc, monkeypatch)
    pages = [client.get(f"/cases/{world['own']}"),
             client.get(f"/people/{world['own_person']}")]
    assert [p.status_code for p in pages] == [200, 200] and CANARY in pages[0].text
    label = psc.program(hidden).label
    assert [(secret in p.text, label.ja in p.text) for p in pages] == [(False, False)] * 2
    psc.grant("worker", "caseworker", hidden)  # and once granted, both are there
    pages = [client.get(f"/cases/{world['own']}"),
             client.get(f"/people/{world['own_person']}")]
    assert [(secret in p.text, label.ja in p.text) for p in pages] == [(True, True),
                                                                       (False, True)]


def test_the_web_column_covers_every_action_as_documented() -> None:
    """docs/security.md's table of where cells are checked says "—" in the web column
    exactly for the actions with no web attempt here."""
    rows = dict(re.findall(r"^\| (\w+) \|(?:[^|]*\|){2} ([^|]+) \|$",
                           DOC.read_text(encoding="utf-8"), re.MULTILINE))
    documented = {a: not rows[a.value].startswith("—") for a in Action}
    assert documented == {a: THROUGH_THE_WEB[a] is not None for a in Action}


# --- across offices: a role in one office reaches nothing held by another -------------

OFFICE_B = "北拠点"


@pytest.mark.parametrize(("role", "scope", "action", "field"), CELLS,
                         ids=[f"{r.value}-{s}-{a.value}-{f.value}" for r, s, a, f in CELLS])
def test_access_matrix_across_offices_through_the_library(
        psc: Psc, world: dict[str, int], role: Role, scope: str, action: Action,
        field: FieldClass) -> None:
    """The world's cases are held by the first office; the worker's role, for every
    program, is in another office only. Opening a new case (the write-sensitive cell)
    happens in the worker's own office, so only that is allowed, where the role allows."""
    psc.add_office("法人", {"name": OFFICE_B})
    psc.grant("worker", role.value, "*", office=OFFICE_B)
    expected = (action, field) == (Action.WRITE, FieldClass.SENSITIVE) and \
        (action, field) in POLICY[role]
    worker = psc.acting_as("worker")
    assert attempt(worker, world, scope, action.value, field.value) is expected


@pytest.mark.parametrize(("role", "scope", "action", "field"), CELLS,
                         ids=[f"{r.value}-{s}-{a.value}-{f.value}" for r, s, a, f in CELLS])
def test_access_matrix_across_offices_through_the_cli(
        psc: Psc, psc_cli, world: dict[str, int], role: Role, scope: str,  # type: ignore[no-untyped-def]
        action: Action, field: FieldClass) -> None:
    psc.add_office("法人", {"name": OFFICE_B})
    psc.grant("worker", role.value, "*", office=OFFICE_B)
    expected = (action, field) == (Action.WRITE, FieldClass.SENSITIVE) and \
        (action, field) in POLICY[role]
    assert cli_attempt(psc_cli, world, scope, action.value, field.value) is expected


@pytest.mark.parametrize(("role", "scope", "action", "field"), CELLS,
                         ids=[f"{r.value}-{s}-{a.value}-{f.value}" for r, s, a, f in CELLS])
def test_the_matrix_follows_a_case_moved_to_the_workers_office(
        psc: Psc, world: dict[str, int], role: Role, scope: str, action: Action,
        field: FieldClass) -> None:
    """Moved (with its sensitive answers) to the office where the worker holds a role
    for its program, a case is theirs exactly as the policy says."""
    from psccore.testing import consent_to_collect

    psc.add_office("法人", {"name": OFFICE_B})
    for key in ("own", "other"):
        consent_to_collect(psc, world[f"{key}_person"], D(2026, 4, 1))
        psc.transfer_case(world[key], OFFICE_B, with_sensitive=True)
    psc.grant("worker", role.value, OWN, office=OFFICE_B)
    expected = scope == "own" and (action, field) in POLICY[role]
    worker = psc.acting_as("worker")
    assert attempt(worker, world, scope, action.value, field.value) is expected
