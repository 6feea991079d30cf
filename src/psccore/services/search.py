"""One search box: people by name or kana in any width, script or spacing, by phone
number, and cases by number; only what the staff member may read. The people are
:func:`psccore.services.people.search`'s, the one people search (``person find`` and
the names the command resolves use it too)."""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from psccore.domain.names import id_key
from psccore.domain.people import Person
from psccore.services import cases, people
from psccore.services.cases import CaseSummary
from psccore.services.context import Context
from psccore.store import tables as t


@attrs.frozen
class PersonHit:
    """A person found, with the cases of theirs the staff member may see."""

    person: Person
    cases: list[CaseSummary]


@attrs.frozen
class SearchResult:
    """What a search found: the case with that number, if any, and people (the first
    ``len(people)`` of ``total``)."""

    case: CaseSummary | None
    people: list[PersonHit]
    total: int = 0

    @property
    def cut(self) -> bool:
        """More people matched than are listed."""
        return self.total > len(self.people)

    @property
    def capped(self) -> bool:
        """More people matched than were counted (``total`` is the cap and one more)."""
        return self.total > people.COUNT_CAP

    @property
    def count_text(self) -> str:
        """How many matched, as shown: ``12``, or ``100+`` past the cap."""
        return f"{people.COUNT_CAP}+" if self.capped else str(self.total)


def search(ctx: Context, text: str, limit: int = 20) -> SearchResult:
    """People whose name or kana contains ``text`` whatever its spacing and width
    (``山田　太郎``, ``山田太郎``, ``やまだたろう``, ``ﾔﾏﾀﾞ``; one character: begins
    with it), or whose phone number holds its digits (four or more), exact matches
    first, then those beginning with it, looked up in the search index; and the case
    numbered ``text`` (``12``, ``#12``)."""
    text = text.strip()
    if not text:
        return SearchResult(None, [])
    with ctx.read() as uow:
        persons, total = people.search(ctx, text, limit)
        theirs: dict[int | None, list[CaseSummary]] = {p.id: [] for p in persons}
        if persons:  # one statement for every person found, not one each
            for summary in cases.list_cases(ctx, person_ids=[p.id or 0 for p in persons],
                                            limit=CASES_EACH * len(persons)):
                shown = theirs[summary.case.person_id]
                if len(shown) < CASES_EACH:
                    shown.append(summary)
        hits = [PersonHit(p, theirs[p.id]) for p in persons]
        return SearchResult(_case(ctx, uow.conn, id_key(text)), hits, total)


#: A person found lists at most this many of their cases (newest first).
CASES_EACH = 20


def _case(ctx: Context, conn: sa.Connection, number: int | None) -> CaseSummary | None:
    """The case numbered ``number``, through the case list (so only one the staff
    member may see)."""
    if number is None:
        return None
    person_id = conn.execute(sa.select(t.cases.c.person_id)
                             .where(t.cases.c.id == number)).scalar_one_or_none()
    if person_id is None:
        return None
    return next((c for c in cases.list_cases(ctx, person_id=person_id, limit=1000)
                 if c.case.id == number), None)
