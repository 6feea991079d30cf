"""Lists and the agenda are limited, with counts, and the case list is keyset paged."""

import datetime as dt

from psccore.app import Psc
from psccore.demo_scale import load_scale
from psccore.domain.cases import CaseStatus
from psccore.services import cases as case_service
from psccore.services.agenda import AgendaQuery

DAY = dt.date(2026, 11, 1)


def test_the_case_list_pages_by_keyset_through_every_case_once(psc: Psc) -> None:
    load_scale(psc, 60, records_per_case=1, today=DAY)
    every = [c.case.id for c in psc.list_cases(limit=1000)]
    seen: list[int | None] = []
    after = None
    while True:
        page = psc.case_page(limit=7, after=after)
        assert page.total == len(every) and not page.capped
        seen += [c.case.id for c in page.cases]
        if page.after is None:
            break
        after = page.after
    assert seen == every  # newest first, none twice, none left out
    opened = [c.case.opened_on for c in psc.list_cases(limit=1000)]
    assert opened == sorted(opened, reverse=True)
    open_only = psc.case_page(status=CaseStatus.OPEN, limit=5)
    assert all(c.case.status is CaseStatus.OPEN for c in open_only.cases)
    assert psc.list_cases(limit=5, after=every[4]) == psc.list_cases(limit=10)[5:]


def test_a_case_count_is_capped(psc: Psc, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load_scale(psc, 30, records_per_case=1, today=DAY)
    monkeypatch.setattr(case_service, "COUNT_CAP", 10)
    page = psc.case_page(limit=5)
    assert page.capped and page.total == 11 and len(page.cases) == 5


def test_the_agenda_is_limited_with_the_count_of_every_item(psc: Psc) -> None:
    load_scale(psc, 80, records_per_case=1, today=DAY)
    whole = psc.agenda(AgendaQuery(today=DAY))
    assert len(whole) > 10
    page = psc.agenda_page(AgendaQuery(today=DAY, limit=10))
    assert page.items == whole[:10] and page.total == len(whole)
    assert psc.agenda(AgendaQuery(today=DAY, limit=3)) == whole[:3]


def test_the_cli_shows_how_many_of_how_many(psc: Psc, psc_cli) -> None:  # type: ignore[no-untyped-def]
    load_scale(psc, 40, records_per_case=1, today=DAY)
    listed = psc_cli("case", "list", "--limit", "5", lang="en")
    assert listed.exit_code == 0, listed.output
    last = psc.list_cases(limit=5)[-1].case.id
    assert f"5 of {len(psc.list_cases(limit=100))} shown (more: --after {last})" in listed.output
    more = psc_cli("case", "list", "--limit", "5", "--after", str(last), "--json")
    assert more.exit_code == 0 and str(psc.list_cases(limit=6)[-1].case.id) in more.output
    agenda = psc_cli("agenda", "--all", "--today", DAY.isoformat(), "--limit", "2", lang="en")
    assert agenda.exit_code == 0 and "2 of " in agenda.output
