"""The office itself: the facts its reports need."""

from __future__ import annotations

import datetime as dt

import attrs

from psccore.domain.rules import Validated, between, field, max_length
from psccore.errors import Problem
from psccore.i18n import Label

POPULATION_DATE_ALONE = Label("人口の基準日には人口も入力してください",
                              "a population date needs the population")


@attrs.define(kw_only=True)
class Office(Validated):
    """One row. ``population`` (of the area served) gives the national survey's rates
    per 100,000 inhabitants per month."""

    id: int = 1
    name: str | None = field(Label("事業所名", "office name"), default=None,
                             rules=[max_length(200)])
    population: int | None = field(Label("人口（圏域）", "population served"), default=None,
                                   rules=[between(1, 40_000_000)])
    population_on: dt.date | None = field(Label("人口の基準日", "population as of"),
                                          default=None)
    version: int = 1

    def cross_rules(self) -> list[Problem]:
        if self.population_on is not None and self.population is None:
            return [Problem("$.population_on", POPULATION_DATE_ALONE)]
        return []
