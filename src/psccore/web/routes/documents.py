"""Printed forms as downloads: a case's forms (the consultation's national forms and
any program's) and a fiscal year's (様式第8号 …), as PDF or Excel, made by the library
from what the staff member may read and audited there as exports. Also the file
response every download of the web app is served with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from starlette.responses import Response
from starlette.routing import Route

from psccore.domain.access import HIDDEN
from psccore.errors import NotFound
from psccore.web.serving import Ask, page

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}
FORM_FORMATS = ("pdf", "xlsx")


def download(content: bytes, fmt: str, name: str, fallback: str) -> Response:
    """A file to save: its type, and its Japanese name encoded as RFC 5987 asks
    (``filename*``), with an ASCII name for agents that read only ``filename``."""
    stem = "".join(c for c in name if c not in '\\/:*?"<>|\r\n').strip() or fallback
    disposition = (f'attachment; filename="{fallback}.{fmt}"; '
                   f"filename*=UTF-8''{quote(f'{stem}.{fmt}', safe='')}")
    return Response(content, media_type=MEDIA_TYPES[fmt],
                    headers={"content-disposition": disposition})


def _gone() -> NotFound:
    return NotFound.of(HIDDEN, "")  # answered as any other page not found


def case_forms(ask: Ask, programs: Sequence[str]) -> list[Any]:
    """The forms the programs of a case offer that print from the case alone (not a
    fiscal year's, not one that needs an employer chosen)."""
    found = []
    for code in programs:
        program = ask.me.programs.get(code)
        for form in program.forms() if program is not None else ():
            if not hasattr(form, "sections") and not getattr(form, "needs_employer", False):
                found.append(form)
    return found


def case_form(ask: Ask) -> Response:
    params = ask.request.path_params
    case_id, name, fmt = str(params["case_id"]), str(params["name"]), str(params["fmt"])
    if not case_id.isdigit() or len(case_id) > 9 or fmt not in FORM_FORMATS:
        raise _gone()
    detail = ask.me.get_case(int(case_id))  # 404 for a case not one's to see
    shown = [e.program for e in detail.enrollments if e.program not in detail.hidden_programs]
    form = next((f for f in case_forms(ask, shown) if f.name == name), None)
    if form is None:
        raise _gone()
    content = ask.me.form_file(name, int(case_id), fmt)
    return download(content, fmt, f"{form.title.text(ask.lang)}_"
                    f"{ask.t('ケース', 'case')}{case_id}", f"form-{name}-case-{case_id}")


def chosen_year(ask: Ask) -> int | str:
    """The fiscal year in ``?fy=`` (2026, 令和8年度, R8 …; none: the office's current
    one), or the message saying why it is not one."""
    from psccore.dates import fiscal_year, parse_fiscal_year
    from psccore.errors import RuleViolation

    text = ask.request.query_params.get("fy", "").strip()[:20]
    if not text:
        return fiscal_year(ask.me.today())
    try:
        year = parse_fiscal_year(text)
    except RuleViolation as wrong:
        return wrong.message.format(ask.lang, **wrong.params)
    if not 1990 <= year <= 2100:
        return ask.t("年度は 1990〜2100 年度の間で指定してください",
                     "a fiscal year between 1990 and 2100, please")
    return year


def period_form(ask: Ask) -> Response:
    name, fmt = str(ask.request.path_params["name"]), str(ask.request.path_params["fmt"])
    form = next((f for f in ask.me.printable_forms()
                 if f.name == name and hasattr(f, "sections")), None)
    year = chosen_year(ask)
    if form is None or fmt not in FORM_FORMATS or isinstance(year, str):
        raise _gone()
    content = ask.me.period_form_file(name, year, fmt)
    label = ask.t(f"{year}年度", f"FY{year}")
    return download(content, fmt, f"{form.title.text(ask.lang)}_{label}",
                    f"form-{name}-{year}")


ROUTES = [
    Route("/cases/{case_id}/forms/{name}/{fmt}", page(case_form), methods=["GET"]),
    Route("/reports/forms/{name}/{fmt}", page(period_form), methods=["GET"]),
]
