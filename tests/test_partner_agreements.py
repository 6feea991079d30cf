"""Partner agreements end and are renewed; they never overlap; the partner count
(協力事業所数: in force on at least one day of the fiscal year) follows them."""

import datetime as dt
from collections.abc import Callable

import pytest
from click.testing import Result

from psccore.app import Psc
from psccore.errors import InvalidInput

D = dt.date


def _employer(psc: Psc, name: str) -> int:
    return psc.add_employer({"name": name, "kana": "カブシキガイシャ"}).id or 0


def _hosts(psc: Psc, fy: int) -> int:
    return psc.employment_statistics(fy, fy)[0].internship_hosts


def test_an_ended_agreement_stops_counting_from_the_next_fiscal_year(psc: Psc) -> None:
    # A: 2024-04-01 open-ended, ended 2025-03-31 (last day of FY2024).
    # B: 2024-10-01 open-ended, ended 2025-04-01 (first day of FY2025).
    # C: 2025-06-01 open-ended, never ended.
    # FY2024: A, B → 2.  FY2025: B (one day), C → 2.  FY2026: C → 1.
    a, b, c = (_employer(psc, n) for n in ("株式会社A", "株式会社B", "株式会社C"))
    for employer, since in ((a, "2024-04-01"), (b, "2024-10-01"), (c, "2025-06-01")):
        psc.add_partner_role(employer, {"role": "internship_host", "since": since})
    assert [_hosts(psc, fy) for fy in (2024, 2025, 2026)] == [2, 3, 3]
    psc.end_partner_role(a, "internship_host", D(2025, 3, 31))
    psc.end_partner_role(b, "internship_host", D(2025, 4, 1))
    assert [_hosts(psc, fy) for fy in (2023, 2024, 2025, 2026)] == [0, 2, 2, 1]
    roles = psc.get_employer(a).roles
    assert [(r.since, r.until) for r in roles] == [(D(2024, 4, 1), D(2025, 3, 31))]
    # renewed from 2026-04-01 (a gap of a year): A counts again in FY2026 only
    psc.renew_partner_role(a, "internship_host", since=D(2026, 4, 1))
    assert [_hosts(psc, fy) for fy in (2025, 2026)] == [2, 2]


def test_overlapping_agreements_are_refused(psc: Psc) -> None:
    a = _employer(psc, "株式会社A")
    psc.add_partner_role(a, {"role": "internship_host", "since": "2024-04-01",
                             "until": "2025-03-31"})
    with pytest.raises(InvalidInput) as caught:
        psc.add_partner_role(a, {"role": "internship_host", "since": "2025-03-31"})
    assert "overlaps 株式会社A's agreement as internship host (2024-04-01 to 2025-03-31)" \
        in caught.value.text("en")
    psc.add_partner_role(a, {"role": "training_provider", "since": "2024-04-01"})  # other role
    psc.add_partner_role(a, {"role": "internship_host", "since": "2025-04-01"})  # after it
    with pytest.raises(InvalidInput) as caught:  # open-ended one still in force
        psc.renew_partner_role(a, "internship_host")
    assert "in force without an end" in caught.value.text("en")
    with pytest.raises(InvalidInput) as caught:  # nothing in force that day
        psc.end_partner_role(a, "training_provider", D(2020, 1, 1))
    assert "no agreement as certified training provider in force on 2020-01-01" \
        in caught.value.text("en")
    assert len(psc.get_employer(a).roles) == 3


def test_ending_and_renewing_is_audited(psc: Psc) -> None:
    a = _employer(psc, "株式会社A")
    psc.add_partner_role(a, {"role": "internship_host", "since": "2024-04-01"})
    ended = psc.end_partner_role(a, "internship_host", D(2024, 9, 30))
    renewed = psc.renew_partner_role(a, "internship_host", until=D(2025, 9, 30))
    assert (renewed.since, renewed.until) == (D(2024, 10, 1), D(2025, 9, 30))
    entries = [(e.action, e.entity, e.entity_id, e.fields) for e in psc.audit_log(limit=2)]
    assert ("update", "employer_roles", ended.id, ["until"]) in entries
    assert psc.verify_audit()[1] == []


def test_the_commands(psc: Psc, psc_cli: Callable[..., Result]) -> None:
    a = _employer(psc, "株式会社A")
    run = psc_cli
    assert run("employer", "role", str(a), "internship_host", "--since", "2024-04-01",
               lang="en").exit_code == 0
    done = run("employer", "role", "end", str(a), "internship_host", "--on", "2025-03-31",
               lang="en")
    assert done.exit_code == 0, done.output
    assert "Agreement ended (2024-04-01 to 2025-03-31)" in done.output
    again = run("employer", "role", "renew", str(a), "internship_host", lang="en")
    assert "Agreement renewed (2025-04-01 to )" in again.output
    refused = run("employer", "role", str(a), "internship_host", "--since", "2025-05-01",
                  lang="en")
    assert refused.exit_code != 0 and "overlaps" in refused.output
    assert "Traceback" not in refused.output
