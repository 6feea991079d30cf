"""Several offices in one system: the organisation (運営法人) that runs them, its offices
(拠点: the sites where cases are held) and the municipalities (市区町村) whose population
gives a report's rates.

The one-row ``office`` table (:mod:`psccore.domain.office`) stays the settings of the
whole installation (its name, agenda intervals, sign-in rules); an installation with a
single site has one organisation and one office, made by the migration (core_0014).

Which rows belong to which office (for the services' checks, and for row-level security
policies later): a case has ``cases.office_id``; every row about a case reaches it through
``case_id`` (or ``plan_id``/``enrollment_id`` → one more join); a person has
``people.organisation_id``; a role has ``staff_roles.office_id`` (``NULL``: all offices).
"""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.rules import (
    Validated,
    between,
    field,
    matches,
    max_length,
    required,
    single_line,
)
from psccore.errors import Problem
from psccore.i18n import Label

#: the organisation and office the migration makes for an existing installation
DEFAULT_ORGANISATION = 1
DEFAULT_OFFICE = 1

POPULATION_DATE_ALONE = Label("人口の基準日には人口も入力してください",
                              "a population date needs the population")
#: 全国地方公共団体コード: five digits and a check digit (e.g. 131016, 千代田区)
MUNICIPALITY_CODE = matches(r"[0-9]{6}", "131016")


@attrs.define(kw_only=True)
class Organisation(Validated):
    """運営法人: the body that runs offices and to which a person's data is entrusted (a
    person is registered once per organisation)."""

    id: int | None = None
    name: str = field(Label("法人名", "organisation name"),
                      rules=[required(), max_length(200), single_line()])
    version: int = 1


@attrs.define(kw_only=True)
class Municipality(Validated):
    """市区町村: the population whose rates a report gives (per 100,000 inhabitants)."""

    id: int | None = None
    code: str = field(Label("市区町村コード", "municipality code"), rules=[MUNICIPALITY_CODE])
    name: str = field(Label("市区町村名", "municipality name"),
                      rules=[required(), max_length(100), single_line()])
    population: int | None = field(Label("人口", "population"), default=None,
                                   rules=[between(1, 40_000_000)])
    population_on: dt.date | None = field(Label("人口の基準日", "population as of"),
                                          default=None)
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.population_on is not None and self.population is None:
            return [Problem("$.population_on", POPULATION_DATE_ALONE)]
        return []


@attrs.define(kw_only=True)
class OfficeSite(Validated):
    """拠点: one office of an organisation, where cases are held."""

    id: int | None = None
    organisation_id: int = field(Label("法人", "organisation"))
    name: str = field(Label("拠点名", "office name"),
                      rules=[required(), max_length(200), single_line()])
    address: str | None = field(Label("所在地", "address"), default=None,
                                rules=[max_length(200), single_line()])
    municipality_code: str | None = field(Label("市区町村コード", "municipality code"),
                                          default=None, rules=[MUNICIPALITY_CODE])
    version: int = 1


@attrs.define(kw_only=True)
class CaseOffice:
    """A case's stay at one office, from ``from_on`` until (not on) ``to_on`` (like
    a case's assignments): a report counts an event for the office holding the case then."""

    id: int | None = None
    case_id: int
    office_id: int
    from_on: dt.date
    to_on: dt.date | None = None  # the day it left (the next stay starts then); None: still there
    #: whether sensitive answers travelled with the case to this office (a transfer)
    with_sensitive: bool = True
    staff_id: int | None = None


__all__ = ["DEFAULT_OFFICE", "DEFAULT_ORGANISATION", "CaseOffice", "Municipality",
           "OfficeSite", "Organisation"]
