"""Cancer participation (participation itself is health data) cannot be inferred by a staff
member who may not read the cancer program's sensitive data: every refusal about a person
or case reads the same whether they take part, in which program, or exist at all; the
consent to collect is answered only to those who may read such data; an import names only
readable duplicates; a case export and the consent list withhold the program."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest

from psccore import Psc
from psccore.errors import AccessRefused
from psccore.testing import consent_to_collect

CANCER, READINESS = "cancer_reemployment", "readiness"
KANA = {"readiness": "アイ ハナコ", "cancer": "ウエ ハナコ", "both": "オカ ハナコ"}


def _intake(psc: Psc, code: str) -> dict[str, object]:
    return dict(psc.programs[code].example_intake(random.Random(1)))  # type: ignore[misc]


@pytest.fixture
def people(psc: Psc) -> dict[str, int]:
    """A readiness-only person, a cancer-only one, one in both (one case), and an id
    that does not exist."""
    on = psc.today() - dt.timedelta(days=30)
    ids: dict[str, int] = {}
    for key, programs in (("readiness", [READINESS]), ("cancer", [CANCER]),
                          ("both", [READINESS, CANCER])):
        person = psc.add_person({"name": f"{key} 花子", "kana": KANA[key]})
        pid = person.id or 0
        if CANCER in programs:
            consent_to_collect(psc, pid, on)
        case = psc.open_case(pid, programs[0], _intake(psc, programs[0]), on)
        for code in programs[1:]:
            psc.enroll(case.case.id or 0, code, _intake(psc, code), on)
        ids[key], ids[f"{key}_case"] = pid, case.case.id or 0
    ids["ghost"], ids["ghost_case"] = 9999, 9999
    for login, role in (("norole", None), ("reader", "caseworker"), ("super", "supervisor")):
        psc.add_staff(login, login)
        if role:
            psc.grant(login, role, READINESS)
    return ids


def _same(text: str, id: int) -> str:
    return re.sub(rf"\b{id}\b", "N", text)


@pytest.mark.parametrize("login", ["norole", "reader"])
def test_a_refusal_reads_the_same_for_every_person_and_none(
        psc: Psc, psc_cli, people: dict[str, int], login: str) -> None:  # type: ignore[no-untyped-def]
    """(a) person show / case show refusals cannot tell cancer-only people apart."""
    keys = ["cancer", "ghost"] + (["readiness", "both"] if login == "norole" else [])
    for command, suffix in (("person", ""), ("case", "_case")):
        for lang in ("ja", "en"):
            seen = {(r.exit_code, _same(r.output, people[k + suffix]))
                    for k in keys
                    for r in [psc_cli(command, "show", str(people[k + suffix]), staff=login,
                                      lang=lang)]}
            assert len(seen) == 1, seen
            [(code, text)] = seen
            assert code == 3
            assert ("not yours to see" if lang == "en" else "閲覧の権限がありません") in text
            assert "every program" not in text and "全事業" not in text
    refusals = [e for e in psc.audit_log(staff=login, limit=100) if e.action == "refuse"]
    assert {(e.entity, e.entity_id) for e in refusals} >= {
        ("people", people["cancer"]), ("cases", people["cancer_case"])}


def test_the_consent_to_collect_is_not_answered_to_a_readiness_caseworker(
        psc: Psc, people: dict[str, int]) -> None:
    """(b) the answer would be true exactly for cancer participants."""
    reader = psc.acting_as("reader")
    answers = set()
    for key in ("readiness", "both"):
        with pytest.raises(AccessRefused) as caught:
            reader.collection_consented(people[key], psc.today())
        answers.add((caught.value.exit_code, _same(caught.value.text("en"), people[key])))
    with pytest.raises(AccessRefused) as caught:
        psc.acting_as("norole").collection_consented(people["cancer"], psc.today())
    answers.add((caught.value.exit_code, _same(caught.value.text("en"), people["cancer"])))
    assert len(answers) == 1
    assert psc.collection_consented(people["both"], psc.today()) is True  # administrator
    refused = [e for e in psc.audit_log(staff="reader") if e.action == "refuse"]
    assert {e.person_id for e in refused} == {people["readiness"], people["both"]}


def test_an_import_counts_a_cancer_participant_alike_and_does_not_name_them(
        psc: Psc, psc_cli, people: dict[str, int], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """(c) import's duplicate report follows person add's rule."""
    sheet = tmp_path / "people.csv"
    sheet.write_text("name,kana\ncancer 花子,ウエ ハナコ\nreadiness 花子,アイ ハナコ\n",
                     encoding="utf-8")
    result = psc_cli("import", "people", str(sheet), staff="reader", lang="en")
    assert result.exit_code == 2
    assert f"registered ID {people['readiness']}" in result.output
    assert f"ID {people['cancer']}" not in result.output
    assert "as 1 in programs you may not read" in result.output
    as_admin = psc_cli("import", "people", str(sheet), lang="en")
    assert f"registered ID {people['cancer']}" in as_admin.output


def test_a_case_export_and_the_consent_list_withhold_the_cancer_program(
        psc: Psc, psc_cli, people: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    """(d) a readiness supervisor exports the shared case and lists its person's consents."""
    exported = psc_cli("case", "export", str(people["both_case"]), staff="super")
    assert exported.exit_code == 0, exported.output
    doc = json.loads(exported.stdout)
    assert [e["program"] for e in doc["enrollments"]] == [READINESS]
    assert CANCER not in exported.stdout and doc["collect_consents"] == []
    consents = psc_cli("consent", "list", str(people["both"]), "--json", staff="super")
    assert consents.exit_code == 0, consents.output
    assert json.loads(consents.stdout) == []
    assert "collect" not in consents.stdout
    as_admin = psc_cli("consent", "list", str(people["both"]), "--json")
    assert [c["kind"] for c in json.loads(as_admin.stdout)] == ["collect"]
    withheld = [e for e in psc.audit_log(staff="super") if e.action == "refuse"]
    assert [e.fields for e in withheld] == [["participation"]]
