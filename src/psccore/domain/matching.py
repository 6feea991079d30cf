"""Matching a person's job preferences with job openings, condition by condition.

Each condition is judged *fits*, *can be relaxed* (the employer said it can relax
it: 中間的就労) or *does not fit*, with the reason. Some conditions are hard limits
(hours, days, time of day, what the person cannot do, required experience): an
opening that breaks one is never ranked above one that does not, whatever its score.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from psccore.domain.catalogues import Coded
from psccore.domain.employers import JobOpening, JobPreference, Relaxation
from psccore.i18n import Label


class Fit(Coded):
    FITS = ("fits", "合う", "fits")
    RELAXABLE = ("relaxable", "緩和すれば合う", "fits if relaxed")
    NO_FIT = ("no_fit", "合わない", "does not fit")


_VALUE = {Fit.FITS: 1.0, Fit.RELAXABLE: 0.6, Fit.NO_FIT: 0.0}


@attrs.frozen
class Judgement:
    condition: str
    label: Label
    fit: Fit
    hard: bool
    reason: Label
    params: dict[str, object] = attrs.field(factory=dict)

    def text(self) -> str:
        return self.reason.format(**self.params)


@attrs.frozen
class Match:
    """An opening judged for a person: the score (0–100) and each condition's
    judgement."""

    opening: JobOpening
    industry: str | None
    person_id: int
    score: int  # 0–100
    judgements: list[Judgement]

    @property
    def breaks_hard_limit(self) -> bool:
        """A condition the person cannot relax is not met."""
        return any(j.hard and j.fit is Fit.NO_FIT for j in self.judgements)


R = {
    "no_limit": Label("希望の指定なし", "no preference given"),
    "hours_ok": Label("1日{hours}時間（上限{limit}時間）", "{hours} h a day (limit {limit} h)"),
    "hours_relax": Label("1日{hours}時間だが{short}時間まで短縮可（上限{limit}時間）",
                         "{hours} h a day, can be shortened to {short} h (limit {limit} h)"),
    "hours_no": Label("1日{hours}時間は上限{limit}時間を超える",
                      "{hours} h a day is over the limit of {limit} h"),
    "days_ok": Label("週{days}日（上限{limit}日）", "{days} days a week (limit {limit})"),
    "days_relax": Label("週{days}日だが日数の調整可（上限{limit}日）",
                        "{days} days a week, can be reduced (limit {limit})"),
    "days_no": Label("週{days}日は上限{limit}日を超える", "{days} days a week is over the limit of {limit}"),
    "time_ok": Label("{time}", "{time}"),
    "time_no": Label("時間帯 {time} は希望外（希望: {wanted}）",
                     "time of day {time} is not wanted (wants {wanted})"),
    "wage_ok": Label("時給換算 {wage}円（希望 {limit}円以上）", "{wage} yen an hour (wants {limit}+)"),
    "wage_no": Label("時給換算 {wage}円は希望 {limit}円未満",
                     "{wage} yen an hour is below the {limit} wanted"),
    "area_ok": Label("{ward}", "{ward}"),
    "area_no": Label("就業場所 {ward} は希望地域外（希望: {wanted}）",
                     "place {ward} is outside the areas wanted ({wanted})"),
    "duties_ok": Label("希望する仕事「{word}」に合う", "matches the work wanted: {word}"),
    "duties_no": Label("希望する仕事（{wanted}）と合わない", "not the work wanted ({wanted})"),
    "industry_ok": Label("{industry}", "{industry}"),
    "industry_no": Label("業種 {industry} は希望外（希望: {wanted}）",
                         "industry {industry} is not wanted ({wanted})"),
    "cannot_ok": Label("できないことは含まれない", "nothing the person cannot do"),
    "cannot_no": Label("できないこと「{word}」が含まれる", "includes something the person cannot do: {word}"),
    "exp_ok": Label("経験の条件なし、または経験あり", "no experience needed, or has it"),
    "exp_relax": Label("経験が必要だが未経験可に緩和できる", "experience wanted, but can be waived"),
    "exp_no": Label("経験が必要", "experience required"),
    "start_ok": Label("段階的な開始は不要", "no gradual start needed"),
    "start_relax": Label("段階的な勤務開始ができる", "a gradual start is possible"),
    "start_no": Label("段階的な勤務開始ができない", "no gradual start possible"),
}

CONDITIONS = {
    "hours": (Label("時間数", "hours"), True),
    "days": (Label("日数", "days"), True),
    "time_of_day": (Label("時間帯", "time of day"), True),
    "cannot_do": (Label("できないこと", "cannot do"), True),
    "experience": (Label("経験", "experience"), True),
    "wage": (Label("賃金", "wage"), False),
    "area": (Label("場所", "place"), False),
    "duties": (Label("仕事内容", "duties"), False),
    "industry": (Label("業種", "industry"), False),
    "gradual_start": (Label("段階的な開始", "gradual start"), False),
}

Verdict = tuple[Fit, str, dict[str, object]]


def _hours(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    limit = p.max_hours_per_day
    if limit is None:
        return Fit.FITS, "no_limit", {}
    params: dict[str, object] = {"hours": _n(o.hours_per_day), "limit": _n(limit)}
    if o.hours_per_day <= limit:
        return Fit.FITS, "hours_ok", params
    short = o.min_hours_per_day
    if Relaxation.SHORT_HOURS in o.relaxations and short is not None and short <= limit:
        return Fit.RELAXABLE, "hours_relax", {**params, "short": _n(short)}
    return Fit.NO_FIT, "hours_no", params


def _days(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    limit = p.max_days_per_week
    if limit is None:
        return Fit.FITS, "no_limit", {}
    params: dict[str, object] = {"days": o.days_per_week, "limit": limit}
    if o.days_per_week <= limit:
        return Fit.FITS, "days_ok", params
    if Relaxation.FEWER_DAYS in o.relaxations:
        return Fit.RELAXABLE, "days_relax", params
    return Fit.NO_FIT, "days_no", params


def _time(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    if not p.times_of_day:
        return Fit.FITS, "no_limit", {}
    if o.time_of_day in p.times_of_day:
        return Fit.FITS, "time_ok", {"time": o.time_of_day.label}
    wanted = "・".join(t.label.text() for t in p.times_of_day)
    return Fit.NO_FIT, "time_no", {"time": o.time_of_day.label, "wanted": wanted}


def _cannot(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    text = f"{o.title} {o.duties} {o.workload or ''}"
    for word in p.cannot_do:
        if word and word in text:
            return Fit.NO_FIT, "cannot_no", {"word": word}
    return Fit.FITS, "cannot_ok", {}


def _experience(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    if not o.experience_required or p.has_experience:
        return Fit.FITS, "exp_ok", {}
    if Relaxation.NO_EXPERIENCE in o.relaxations:
        return Fit.RELAXABLE, "exp_relax", {}
    return Fit.NO_FIT, "exp_no", {}


def _wage(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    if p.min_hourly_wage is None:
        return Fit.FITS, "no_limit", {}
    wage = round(o.hourly_wage())
    params: dict[str, object] = {"wage": wage, "limit": p.min_hourly_wage}
    return (Fit.FITS, "wage_ok", params) if wage >= p.min_hourly_wage else (
        Fit.NO_FIT, "wage_no", params)


def _area(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    if not p.areas:
        return Fit.FITS, "no_limit", {}
    params: dict[str, object] = {"ward": o.ward or "-", "wanted": "・".join(p.areas)}
    return (Fit.FITS, "area_ok", params) if o.ward in p.areas else (Fit.NO_FIT, "area_no", params)


def _duties(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    if not p.duties:
        return Fit.FITS, "no_limit", {}
    text = f"{o.title} {o.duties}"
    for word in p.duties:
        if word and word in text:
            return Fit.FITS, "duties_ok", {"word": word}
    return Fit.NO_FIT, "duties_no", {"wanted": "・".join(p.duties)}


def _industry(p: JobPreference, o: JobOpening, industry: str | None) -> Verdict:
    if not p.industries:
        return Fit.FITS, "no_limit", {}
    params: dict[str, object] = {"industry": industry or "-", "wanted": "・".join(p.industries)}
    fits = industry is not None and any(w in industry for w in p.industries)
    return (Fit.FITS, "industry_ok", params) if fits else (Fit.NO_FIT, "industry_no", params)


def _gradual(p: JobPreference, o: JobOpening, _: str | None) -> Verdict:
    if not p.needs_gradual_start:
        return Fit.FITS, "start_ok", {}
    if Relaxation.GRADUAL_START in o.relaxations:
        return Fit.RELAXABLE, "start_relax", {}
    return Fit.NO_FIT, "start_no", {}


JUDGES: dict[str, Callable[[JobPreference, JobOpening, str | None], Verdict]] = {
    "hours": _hours, "days": _days, "time_of_day": _time, "cannot_do": _cannot,
    "experience": _experience, "wage": _wage, "area": _area, "duties": _duties,
    "industry": _industry, "gradual_start": _gradual,
}


def _n(value: float) -> str:
    return f"{value:g}"


def judge(preference: JobPreference, opening: JobOpening, industry: str | None) -> Match:
    """Judge every condition and score the opening for the person (hard limits weigh double)."""
    judgements = []
    total = weight = 0.0
    for name, judge_one in JUDGES.items():
        label, hard = CONDITIONS[name]
        fit, reason, params = judge_one(preference, opening, industry)
        judgements.append(Judgement(name, label, fit, hard, R[reason], params))
        w = 2.0 if hard else 1.0
        total += w * _VALUE[fit]
        weight += w
    return Match(opening, industry, preference.person_id, round(100 * total / weight), judgements)


def score(preference: JobPreference, opening: JobOpening, industry: str | None
          ) -> tuple[bool, int]:
    """(breaks a hard limit, score) as :func:`judge` gives them, without the
    judgements' texts: for ranking many openings before explaining the best."""
    total = weight = 0.0
    breaks = False
    for name, judge_one in JUDGES.items():
        hard = CONDITIONS[name][1]
        fit = judge_one(preference, opening, industry)[0]
        breaks = breaks or (hard and fit is Fit.NO_FIT)
        w = 2.0 if hard else 1.0
        total += w * _VALUE[fit]
        weight += w
    return breaks, round(100 * total / weight)


#: The best score of an opening outside the areas wanted (area weighs 1 of 15).
BEST_OUTSIDE_AREA = round(100 * (sum(2.0 if hard else 1.0 for _, hard in CONDITIONS.values())
                                 - 1.0) / sum(2.0 if hard else 1.0
                                              for _, hard in CONDITIONS.values()))


def rank(matches: Sequence[Match]) -> list[Match]:
    """Best first: every opening within the hard limits before any outside them."""
    return sorted(matches, key=lambda m: (m.breaks_hard_limit, -m.score, m.opening.id or 0,
                                          m.person_id))


# --- many people at once: the same scores, computed from each opening's facts read once --


class OpeningFacts:
    """What the conditions read of an opening, taken from it once (for scoring it for
    many people): its time of day, ward, hours, days, relaxations, texts and wage."""

    __slots__ = ("days", "duties_text", "experience_required", "fewer_days", "gradual",
                 "hours", "id", "industry", "min_hours", "no_experience", "opening",
                 "relaxable", "short_hours", "text", "time", "wage", "ward")

    def __init__(self, opening: JobOpening, industry: str | None) -> None:
        relax = set(opening.relaxations)
        self.opening, self.industry, self.id = opening, industry, opening.id or 0
        self.hours, self.min_hours = opening.hours_per_day, opening.min_hours_per_day
        self.days, self.time, self.ward = opening.days_per_week, opening.time_of_day, opening.ward
        self.short_hours = Relaxation.SHORT_HOURS in relax
        self.fewer_days = Relaxation.FEWER_DAYS in relax
        self.no_experience = Relaxation.NO_EXPERIENCE in relax
        self.gradual = Relaxation.GRADUAL_START in relax
        self.relaxable = bool(relax)
        self.text = f"{opening.title} {opening.duties} {opening.workload or ''}"
        self.duties_text = f"{opening.title} {opening.duties}"
        self.experience_required = opening.experience_required
        self.wage = round(opening.hourly_wage())


def scorer(p: JobPreference) -> Callable[[OpeningFacts], tuple[bool, int]]:
    """:func:`score` for one person, their preferences read once: (breaks a hard limit,
    score) of an opening's facts, the same numbers as ``score(p, opening, industry)``
    (each condition judged as its judge does, added up in the same order)."""
    fits, relaxable, no = (_VALUE[f] for f in (Fit.FITS, Fit.RELAXABLE, Fit.NO_FIT))
    weights = [2.0 if CONDITIONS[name][1] else 1.0 for name in JUDGES]
    assert list(JUDGES) == ["hours", "days", "time_of_day", "cannot_do", "experience", "wage",
                            "area", "duties", "industry", "gradual_start"]
    weight = 0.0
    for w in weights:
        weight += w
    hours, days, times = p.max_hours_per_day, p.max_days_per_week, set(p.times_of_day)
    cannot = [w for w in p.cannot_do if w]
    duties = [w for w in p.duties if w]
    industries, areas, wage = list(p.industries), set(p.areas), p.min_hourly_wage
    experienced, gradual = p.has_experience, p.needs_gradual_start

    def run(o: OpeningFacts) -> tuple[bool, int]:
        breaks = False
        if hours is None or o.hours <= hours:
            v = fits
        elif o.short_hours and o.min_hours is not None and o.min_hours <= hours:
            v = relaxable
        else:
            v, breaks = no, True
        total = 0.0 + 2.0 * v
        if days is None or o.days <= days:
            v = fits
        elif o.fewer_days:
            v = relaxable
        else:
            v, breaks = no, True
        total += 2.0 * v
        if not times or o.time in times:
            v = fits
        else:
            v, breaks = no, True
        total += 2.0 * v
        if any(w in o.text for w in cannot):
            v, breaks = no, True
        else:
            v = fits
        total += 2.0 * v
        if not o.experience_required or experienced:
            v = fits
        elif o.no_experience:
            v = relaxable
        else:
            v, breaks = no, True
        total += 2.0 * v
        total += 1.0 * (fits if wage is None or o.wage >= wage else no)
        total += 1.0 * (fits if not areas or o.ward in areas else no)
        total += 1.0 * (fits if not duties or any(w in o.duties_text for w in duties) else no)
        total += 1.0 * (fits if not industries or (o.industry is not None and any(
            w in o.industry for w in industries)) else no)
        total += 1.0 * (fits if not gradual else relaxable if o.gradual else no)
        return breaks, round(100 * total / weight)

    return run
