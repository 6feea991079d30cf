"""*Reports*: a fiscal year's or a month's report on screen (every section the staff
member may read, as ``Psc.build_report`` builds it), with charts drawn on the server,
and its downloads in every format the library writes (audited there as exports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
from markupsafe import Markup
from starlette.responses import Response
from starlette.routing import Route

from psccore import ReportPeriod
from psccore.domain.access import HIDDEN, Action
from psccore.errors import InvalidInput, NotAllowed, NotFound, Problem
from psccore.i18n import Label
from psccore.web.charts import Series, bar_chart, line_chart
from psccore.web.routes.documents import FORM_FORMATS, chosen_year, download
from psccore.web.serving import Ask, not_found, page

REPORT_FORMATS = ("xlsx", "csv", "json", "html")
#: fiscal years before the chosen one drawn in the trend
TREND_YEARS = 4
MONTHS = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
UNKNOWN_SCOPE = Label("拠点か法人を一覧から選んでください", "choose an office or organisation from the list")


@attrs.frozen
class Choice:
    """The period asked for: a fiscal year, and a month of it (or the whole year)."""

    fy: int
    month: int | None

    @property
    def period(self) -> ReportPeriod:
        if self.month is None:
            return ReportPeriod.fiscal_year(self.fy)
        return ReportPeriod.month(self.fy if self.month >= 4 else self.fy + 1, self.month)

    def query(self, **more: str) -> str:
        from urllib.parse import urlencode

        return urlencode({"fy": self.fy, "month": self.month or "", **more})


def _choice(ask: Ask) -> Choice | str:
    year = chosen_year(ask)
    if isinstance(year, str):
        return year
    month = ask.request.query_params.get("month", "").strip()
    if month not in {str(m) for m in MONTHS}:
        month = ""
    return Choice(year, int(month) if month else None)


def _may_report(ask: Ask) -> bool:
    """The menu's test; the library refuses anyone else anyway."""
    return ask.me.my_grants().allows_any(Action.READ)


def reports(ask: Ask) -> Response:
    if not _may_report(ask):
        return not_found(ask)
    choice = _choice(ask)
    fy_text = ask.request.query_params.get("fy", "")[:20]
    scopes = _scopes(ask)
    scope = _chosen_scope(ask, scopes)
    common: dict[str, Any] = {"months": _month_options(ask), "scopes": scopes, "scope": scope}
    if isinstance(choice, str):
        return ask.render("reports.html", 400, error=choice, fy_text=fy_text, choice=None,
                          **common)
    common["fy_text"] = fy_text or str(choice.fy)
    try:
        office, organisation = _scope(scope)
        found = ask.me.build_report(choice.period, _sections(ask),
                                    trend_from=None if choice.month else choice.fy - TREND_YEARS,
                                    office=office, organisation=organisation)
    except (InvalidInput, NotAllowed, NotFound) as wrong:
        if not scope:
            raise
        problems = wrong.problems if isinstance(wrong, InvalidInput) else []
        said = [p.message.format(ask.lang, **p.params) for p in problems] or [
            wrong.text(ask.lang)]
        return ask.render("reports.html", 400, error=None, choice=None, scope_errors=said,
                          **common)
    keys = {s.key for s in found.sections}
    more = {"scope": scope} if scope else {}
    return ask.render(
        "reports.html", error=None, choice=choice, report=found, **common,
        title=_title(ask, found),
        sections=[_section(ask, s) for s in found.sections], charts=_charts(ask, found, choice),
        downloads=[(fmt, f"/reports/file/{fmt}?{choice.query(**more)}")
                   for fmt in REPORT_FORMATS],
        forms=[] if choice.month or scope else [
            (f.title.text(ask.lang), f.number,
             [(fmt, f"/reports/forms/{f.name}/{fmt}?fy={choice.fy}") for fmt in FORM_FORMATS])
            for f in ask.me.printable_forms()
            if hasattr(f, "sections") and set(f.sections) <= keys])


def _scope(scope: str) -> tuple[str | None, str | None]:
    """``office:NAME`` or ``organisation:NAME`` as the library's (office, organisation)
    ("": the whole installation); anything else is said beside the select."""
    if not scope:
        return None, None
    kind, _, name = scope.partition(":")
    if kind not in {"office", "organisation"} or not name:
        raise InvalidInput([Problem("$.scope", UNKNOWN_SCOPE)])
    return (name, None) if kind == "office" else (None, name)


def _title(ask: Ask, found: Any) -> str:
    period = found.period.label
    if found.scope is None:
        return ask.t(f"{period.ja} 実績報告", f"Report for {period.en}")
    return ask.t(f"{period.ja} 実績報告（{found.scope.label.ja}）",
                 f"Report for {period.en} ({found.scope.label.en})")


def _scopes(ask: Ask) -> list[tuple[str, str]]:
    """``(value, label)`` of the offices and organisations whose report this staff member
    may read (none where there is one office): ``office:NAME``, ``organisation:NAME``."""
    offices = ask.me.offices()
    if len(offices) < 2:
        return []
    grants = ask.me.my_grants()
    readable = [o for o in offices if grants.at(o.id or 0).allows_any(Action.READ)]
    # the whole, or an organisation, only for staff of each of its offices (as the library)
    found = ([("", ask.t("全体（この設置全体）", "the whole installation"))]
             if len(readable) == len(offices) else [])
    for org in ask.me.organisations():
        mine = [o for o in readable if o.organisation_id == org.id]
        if len(mine) == len([o for o in offices if o.organisation_id == org.id]) > 0:
            found.append((f"organisation:{org.name}", ask.t(f"法人: {org.name}",
                                                            f"organisation: {org.name}")))
        found += [(f"office:{o.name}", ask.t(f"　拠点: {o.name}", f"  office: {o.name}"))
                  for o in mine]
    return found


def _chosen_scope(ask: Ask, scopes: list[tuple[str, str]]) -> str:
    """The scope asked for, or the first this staff member may choose (the whole
    installation when they may)."""
    asked = ask.request.query_params.get("scope", "")[:220]
    return asked or (scopes[0][0] if scopes else "")


def _sections(ask: Ask) -> list[str]:
    """``?section=`` narrows the report (a program's section one may not read: 404)."""
    return [s[:40] for s in ask.request.query_params.getlist("section")][:20]


def _month_options(ask: Ask) -> list[tuple[str, str]]:
    return [("", ask.t("年度全体", "whole year"))] + [
        (str(m), ask.t(f"{m}月", _month_name(m))) for m in MONTHS]


def _month_name(month: int) -> str:
    import calendar

    return calendar.month_abbr[month]


def _shown(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _section(ask: Ask, section: Any) -> dict[str, Any]:
    """A section as the page shows it: its figures, and its months where it has them."""
    lang = ask.lang
    return {
        "key": section.key, "title": section.title.text(lang),
        "rows": [(r.key or str(i), r.label.text(lang), _shown(r.value))
                 for i, r in enumerate(section.rows)],
        "columns": [_month_label(ask, m.period) for m in section.months],
        "by_month": [(r.label.text(lang), [_shown(m.rows[i].value) for m in section.months],
                      _shown(r.value)) for i, r in enumerate(section.rows)]
        if section.months else [],
    }


def _month_label(ask: Ask, period: ReportPeriod) -> str:
    return ask.t(f"{period.start.month}月", _month_name(period.start.month))


def _charted(section: Any) -> list[tuple[int, Any]]:
    return [(i, r) for i, r in enumerate(section.rows) if r.key in section.chart]


def _charts(ask: Ask, found: Any, choice: Choice) -> list[tuple[str, Markup]]:
    """For a fiscal year: the monthly sections' charted items as bars by month, and each
    charted section's trend over the years; for a month: its charted items as bars."""
    lang, charts = ask.lang, []
    for section in found.sections:
        rows = _charted(section)
        if not rows:
            continue
        title = section.title.text(lang)
        if choice.month is None and section.months:
            charts.append((ask.t(f"{title}（月別）", f"{title} by month"), bar_chart(
                title, [_month_label(ask, m.period) for m in section.months],
                [Series(r.label.text(lang), [m.rows[i].value for m in section.months])
                 for i, r in rows])))
        elif choice.month is not None:  # one group of bars, the items in the legend
            charts.append((title, bar_chart(title, [found.period.label.text(lang)],
                                            [Series(r.label.text(lang), [r.value])
                                             for _, r in rows])))
    charts.extend(_trends(ask, found))
    return charts


def _trends(ask: Ask, found: Any) -> list[tuple[str, Markup]]:
    if not found.trend:
        return []
    lang = ask.lang
    years = [y.label.text(lang).split("（")[0].split(" (")[0] for y in found.trend]
    charts = []
    for section in found.trend[-1].sections:
        series = [Series(r.label.text(lang), [_value(y.sections, section.key, r.key)
                                              for y in found.trend])
                  for _, r in _charted(section)]
        if series:
            title = ask.t(f"{section.title.text(lang)}（年度別の推移）",
                          f"{section.title.text(lang)}: trend by fiscal year")
            charts.append((title, line_chart(title, years, series)))
    return charts


def _value(sections: Sequence[Any], section_key: str, row_key: str) -> Any:
    for section in sections:
        if section.key == section_key:
            return next((r.value for r in section.rows if r.key == row_key), "-")
    return "-"


def report_file(ask: Ask) -> Response:
    fmt = str(ask.request.path_params["fmt"])
    choice = _choice(ask)
    if fmt not in REPORT_FORMATS or isinstance(choice, str) or not _may_report(ask):
        raise NotFound.of(HIDDEN, "")
    scope = _chosen_scope(ask, _scopes(ask))
    office, organisation = _scope(scope)
    content = ask.me.report_file(choice.period, fmt, _sections(ask),
                                 trend_from=None if choice.month else choice.fy - TREND_YEARS,
                                 office=office, organisation=organisation)
    period = choice.period.label.text(ask.lang).split("（")[0].split(" (")[0]
    fallback = f"report-{choice.fy}" + (f"-{choice.month:02d}" if choice.month else "")
    kind, _, name = scope.partition(":")
    if not name:
        return download(content, fmt, ask.t(f"実績報告_{period}", f"report {period}"), fallback)
    where = ask.t("拠点" if kind == "office" else "法人", kind)
    return download(content, fmt, ask.t(f"実績報告_{period}_{where}_{name}",
                                        f"report {period} {where} {name}"),
                    f"{fallback}-{kind}")


ROUTES = [
    Route("/reports", page(reports), methods=["GET"]),
    Route("/reports/file/{fmt}", page(report_file), methods=["GET"]),
]
