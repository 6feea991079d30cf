"""Dates as staff write them: Japanese eras, and the April–March fiscal year.

No maintained package computes fiscal years, and reading ``令和元年5月1日`` or
``R8.4.1`` is a small table, so both live here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

import attrs

from psccore.errors import RuleViolation
from psccore.i18n import Label, Lang


@attrs.frozen
class Era:
    name: str  # 令和
    letter: str  # R
    romaji: str  # Reiwa
    start: dt.date


# Newest first. 明治元年 is 1868 and the era began on 1868-10-23 (慶応4年9月8日); dates
# are Gregorian throughout, as for relatives' birth dates written today (the lunisolar
# calendar of Meiji 1-5 is not converted).
ERAS: tuple[Era, ...] = (
    Era("令和", "R", "Reiwa", dt.date(2019, 5, 1)),
    Era("平成", "H", "Heisei", dt.date(1989, 1, 8)),
    Era("昭和", "S", "Showa", dt.date(1926, 12, 25)),
    Era("大正", "T", "Taisho", dt.date(1912, 7, 30)),
    Era("明治", "M", "Meiji", dt.date(1868, 10, 23)),
)

BAD_DATE = Label(
    "日付として読めません（例: 2026-04-01、令和8年4月1日、R8.4.1）: {value}",
    "not a date (e.g. 2026-04-01, 令和8年4月1日, R8.4.1): {value}",
)
NO_SUCH_DAY = Label(
    "存在しない日付です: {value}（{year}年{month}月は{last}日まで）",
    "not a date: {value} ({year}-{month:02d} has {last} days)",
)
NO_SUCH_MONTH = Label("存在しない日付です: {value}（月は1〜12）",
                      "not a date: {value} (months are 1 to 12)")
BAD_ERA_YEAR = Label(
    "{era}{year}年{month}月{day}日は{era}の期間外です",
    "{era} {year}/{month}/{day} is outside the {era} era",
)

_WESTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_ERA = re.compile(r"^([^\d\s.]+?)\s*(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$")


def _era_by_token(token: str) -> Era | None:
    token = token.upper()
    for era in ERAS:
        if token in (era.name, era.letter, era.romaji.upper()):
            return era
    return None


def parse_date(value: str | dt.date) -> dt.date:
    """Read a date in ISO, ``2026年4月1日``, ``令和8年4月1日``, ``R8.4.1`` or ``令和元年…`` form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _z2h(str(value).strip(), kana=False, ascii=True, digit=True).replace(" ", "")
    try:
        if m := _WESTERN.match(text):
            return _day(value, int(m[1]), int(m[2]), int(m[3]))
        if (m := _ERA.match(text)) and (era := _era_by_token(m[1])):
            year = 1 if m[2] == "元" else int(m[2])
            month, day = int(m[3]), int(m[4])
            result = _day(value, era.start.year + year - 1, month, day)
            if result < era.start or (era_of(result) is not era):
                raise RuleViolation(BAD_ERA_YEAR, era=era.name, year=year, month=month, day=day)
            return result
    except ValueError as exc:
        if isinstance(exc, RuleViolation):
            raise
    raise RuleViolation(BAD_DATE, value=value)


def _day(value: object, year: int, month: int, day: int) -> dt.date:
    """The date written in the right form; one that does not exist (2026-02-30) is
    refused with the rule it breaks rather than as unreadable."""
    if not 1 <= month <= 12:
        raise RuleViolation(NO_SUCH_MONTH, value=value)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(year)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise RuleViolation(NO_SUCH_DAY, value=value, year=year, month=month, last=last)
    return dt.date(year, month, day)


def era_of(day: dt.date) -> Era:
    for era in ERAS:
        if day >= era.start:
            return era
    raise ValueError(f"{day} is before the eras this library knows")


def format_era(day: dt.date, lang: Lang = "ja") -> str:
    """``令和8年4月1日`` (``元年`` for the first year) or ``2026-04-01 (Reiwa 8)``;
    plain ISO before the eras this module knows."""
    if day < ERAS[-1].start:
        return day.isoformat()
    era = era_of(day)
    year = day.year - era.start.year + 1
    if lang == "en":
        return f"{day.isoformat()} ({era.romaji} {year})"
    return f"{era.name}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (1 April – 31 March) that ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(fy: int) -> tuple[dt.date, dt.date]:
    return dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)


def fiscal_year_label(fy: int, lang: Lang = "ja") -> str:
    """``令和8年度（2026年度）`` / ``FY2026 (Reiwa 8)``.

    A fiscal year takes the era of its calendar year's end, as in official use:
    FY2019 is 令和元年度 though it began under Heisei.
    """
    era = era_of(dt.date(fy, 12, 31))
    year = fy - era.start.year + 1
    if lang == "en":
        return f"FY{fy} ({era.romaji} {year})"
    return f"{era.name}{'元' if year == 1 else year}年度（{fy}年度）"


BAD_FISCAL_YEAR = Label(
    "年度として読めません（例: 2026、2026年度、令和8年度、R8、H29）: {value}",
    "not a fiscal year (e.g. 2026, 令和8年度, R8, H29): {value}",
)
_FY = re.compile(r"^(?:FY)?\s*(\d{4})\s*(?:年度)?$", re.IGNORECASE)
_ERA_FY = re.compile(r"^([^\d\s]+?)\s*(元|\d{1,2})\s*(?:年度?)?$")
_ERA_MONTH = re.compile(r"^([^\d\s.]+?)\s*(元|\d{1,2})[年./-](\d{1,2})月?$")


def era_year(token: str, number: str) -> int | None:
    """The Western year of an era's year (``令和``, ``元`` → 2019), or None."""
    era = _era_by_token(token)
    return None if era is None else era.start.year + (1 if number == "元" else int(number)) - 1


def parse_fiscal_year(value: str) -> int:
    """A fiscal year as staff write it: ``2026``, ``2026年度``, ``令和8年度``, ``R8``,
    ``H29``, ``令和元年度`` (the era of the year's end, as in official use)."""
    text = _z2h(value.strip(), kana=False, digit=True, ascii=True)
    if match := _FY.match(text):
        return int(match.group(1))
    if (match := _ERA_FY.match(text)) and (year := era_year(*match.groups())):
        return year
    raise RuleViolation(BAD_FISCAL_YEAR, value=value)


def parse_era_month(value: str) -> tuple[int, int] | None:
    """``令和8年10月`` or ``R8.10`` as (2026, 10); None if not in that form."""
    text = _z2h(value.strip(), kana=False, digit=True, ascii=True)
    if (match := _ERA_MONTH.match(text)) and (year := era_year(match[1], match[2])):
        return year, int(match[3])
    return None


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in completed years on ``day`` (a 29 February birthday counts on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- working days ------------------------------------------------------------------

@functools.cache
def _holidays(year: int) -> dict[dt.date, Label]:
    """Japanese public holidays of a year (振替休日 and 国民の休日 included), both languages.

    The ``holidays`` package follows the Cabinet Office's list; it is imported on
    first use so that start-up stays quick.
    """
    import holidays

    ja = holidays.country_holidays("JP", years=year, language="ja")
    en = holidays.country_holidays("JP", years=year, language="en_US")
    return {day: Label(name, en.get(day) or name) for day, name in ja.items()}


def public_holiday(day: dt.date) -> Label | None:
    """The name of the public holiday on ``day`` (``山の日`` / ``Mountain Day``), if any."""
    return _holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and public_holiday(day) is None


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days from ``start`` to ``end``, both included."""
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if is_working_day(d)]


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself when ``count`` is 0
    and it is a working day; otherwise the next working day)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    while count > 0:
        day += dt.timedelta(days=1)
        count -= is_working_day(day)
    return day


def _z2h(text: str, *, kana: bool, ascii: bool, digit: bool) -> str:
    """Full-width letters and digits as half-width (jaconv, loaded only to read input)."""
    import jaconv

    result: str = jaconv.z2h(text, kana=kana, ascii=ascii, digit=digit)
    return result
