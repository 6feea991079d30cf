import datetime as dt

import pytest

from psccore.dates import (
    age_on,
    fiscal_year,
    fiscal_year_label,
    fiscal_year_range,
    format_era,
    parse_date,
)
from psccore.errors import RuleViolation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-01", dt.date(2026, 4, 1)),
        ("2026/4/1", dt.date(2026, 4, 1)),
        ("２０２６年４月１日", dt.date(2026, 4, 1)),
        ("令和8年4月1日", dt.date(2026, 4, 1)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("R8.4.1", dt.date(2026, 4, 1)),
        ("h29.10.12", dt.date(2017, 10, 12)),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("S50.3.3", dt.date(1975, 3, 3)),
        ("大正15年12月24日", dt.date(1926, 12, 24)),
        ("明治元年10月23日", dt.date(1868, 10, 23)),
        ("M45.7.29", dt.date(1912, 7, 29)),
        ("明治45年7月29日", dt.date(1912, 7, 29)),
        ("大正元年7月30日", dt.date(1912, 7, 30)),
        ("T1.7.30", dt.date(1912, 7, 30)),
        ("昭和元年12月25日", dt.date(1926, 12, 25)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
    ],
)
def test_dates_in_the_forms_staff_write(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["平成31年5月1日", "令和1年4月30日", "昭和64年1月8日",
                                  "明治元年10月22日", "明治45年7月30日", "大正元年7月29日",
                                  "大正15年12月25日", "昭和元年12月24日", "平成元年1月7日",
                                  "2026-02-30", "明日", "R8", ""])
def test_impossible_dates_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_date(text)
    assert caught.value.message.ja and caught.value.message.en


def test_fiscal_year_runs_april_to_march() -> None:
    assert fiscal_year(dt.date(2026, 3, 31)) == 2025
    assert fiscal_year(dt.date(2026, 4, 1)) == 2026
    assert fiscal_year_range(2017) == (dt.date(2017, 4, 1), dt.date(2018, 3, 31))


def test_fiscal_year_labels_use_the_era_of_official_use() -> None:
    assert fiscal_year_label(2017) == "平成29年度（2017年度）"
    assert fiscal_year_label(2019) == "令和元年度（2019年度）"  # began under Heisei
    assert fiscal_year_label(2026) == "令和8年度（2026年度）"
    assert fiscal_year_label(2026, "en") == "FY2026 (Reiwa 8)"


def test_era_formatting_and_age() -> None:
    assert format_era(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert format_era(dt.date(2019, 4, 30)) == "平成31年4月30日"
    assert age_on(dt.date(2001, 4, 2), dt.date(2026, 4, 1)) == 24
    assert age_on(dt.date(2001, 4, 1), dt.date(2026, 4, 1)) == 25


@pytest.mark.parametrize(("day", "written"), [
    (dt.date(1868, 10, 23), "明治元年10月23日"),
    (dt.date(1912, 7, 29), "明治45年7月29日"),
    (dt.date(1912, 7, 30), "大正元年7月30日"),
    (dt.date(1926, 12, 24), "大正15年12月24日"),
    (dt.date(1926, 12, 25), "昭和元年12月25日"),
    (dt.date(1989, 1, 7), "昭和64年1月7日"),
    (dt.date(1989, 1, 8), "平成元年1月8日"),
    (dt.date(2019, 4, 30), "平成31年4月30日"),
    (dt.date(2019, 5, 1), "令和元年5月1日"),
])
def test_each_era_begins_on_its_day_and_reads_back(day: dt.date, written: str) -> None:
    assert format_era(day) == written
    assert parse_date(written) == day


def test_before_meiji_dates_stay_western() -> None:
    assert format_era(dt.date(1868, 10, 22)) == "1868-10-22"
    assert format_era(dt.date(1912, 7, 29), "en") == "1912-07-29 (Meiji 45)"
