"""A period report as the bytes of a file (CSV, JSON, Excel or an HTML page), for a
download: built as :func:`psccore.services.reports.build_report` builds it, written by
:mod:`psccore.documents.reports`, and audited as an export under the staff member."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from psccore.domain.program import ReportPeriod
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label, Lang, current_lang
from psccore.services import reports
from psccore.services.context import Context

FORMATS = ("csv", "json", "xlsx", "html")
UNKNOWN_FORMAT = Label("報告の形式は {known} のどれかです: {format}",
                       "a report is written as one of {known}: {format}")


def report_content(ctx: Context, period: ReportPeriod, fmt: str, keys: Sequence[str] = (),
                   *, trend_from: int | None = None, as_of: dt.date | None = None,
                   lang: Lang | None = None, office: str | None = None,
                   organisation: str | None = None) -> bytes:
    """The report's file in ``fmt``, its labels in ``lang`` (default: the current
    language), for one ``office`` or ``organisation`` if given. The export's audit row
    (format, period, scope and sections, never a figure) is written once the bytes are
    made: no bytes, no audit row."""
    found, content = _made(ctx, period, fmt, keys, trend_from, as_of, lang, office,
                           organisation)
    with _audited(ctx, found, fmt):
        return content


def write_report(ctx: Context, target: Path, period: ReportPeriod, fmt: str,
                 keys: Sequence[str] = (), *, trend_from: int | None = None,
                 as_of: dt.date | None = None, lang: Lang | None = None,
                 office: str | None = None, organisation: str | None = None,
                 overwrite: bool = False) -> None:
    """:func:`report_content` written to ``target`` whole, its audit row kept only with
    the file in place (a full disk leaves neither)."""
    from psccore.documents.files import write_atomically

    found, content = _made(ctx, period, fmt, keys, trend_from, as_of, lang, office,
                           organisation)
    write_atomically(target, lambda path: path.write_bytes(content), overwrite=overwrite,
                     within=lambda: _audited(ctx, found, fmt))


def _made(ctx: Context, period: ReportPeriod, fmt: str, keys: Sequence[str],
          trend_from: int | None, as_of: dt.date | None, lang: Lang | None,
          office: str | None, organisation: str | None) -> tuple[reports.Report, bytes]:
    if fmt not in FORMATS:
        raise InvalidInput([Problem("$.format", UNKNOWN_FORMAT,
                                    {"known": ", ".join(FORMATS), "format": fmt})])
    found = reports.build_report(ctx, period, keys, trend_from=trend_from, as_of=as_of,
                                 office=office, organisation=organisation)
    return found, _written(found, fmt, lang or current_lang())


@contextmanager
def _audited(ctx: Context, found: reports.Report, fmt: str) -> Iterator[None]:
    scope = [] if found.scope is None else [f"{found.scope.kind}:{found.scope.name}"]
    with ctx.write() as uow:
        uow.acting()
        uow.tx.audit("export", "reports", fields=[
            fmt, f"{found.period.start.isoformat()}/{found.period.end.isoformat()}",
            *scope, *(s.key for s in found.sections)])
        yield


def _written(found: reports.Report, fmt: str, lang: Lang) -> bytes:
    from psccore.documents import reports as documents

    if fmt == "xlsx":
        out = io.BytesIO()
        documents.write_xlsx(found, out, lang)
        return out.getvalue()
    text = {"csv": lambda: documents.csv_text(found, lang),
            "json": lambda: documents.json_text(found),
            "html": lambda: documents.html_page(found, lang)}[fmt]()
    return text.encode("utf-8")  # the CSV keeps its BOM, for Excel
