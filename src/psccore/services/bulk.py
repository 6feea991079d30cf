"""Bulk import of the spreadsheets offices already keep: people, employers and job
openings, from CSV (UTF-8 or Shift_JIS) or .xlsx.

Columns are matched to fields by the field's name or its Japanese or English label
(氏名, name …), or by a mapping given. Every row is checked before anything is written,
and every problem is named by row and column; nothing is written if any row fails,
unless ``skip_invalid``, when the good rows are written and the others reported. The
rows are written in one transaction, each audited as created, with one more audit row
for the batch. People who may already be registered (or appear twice in the file) are
flagged and, unless allowed, refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.convert import structure
from psccore.domain.employers import Employer, JobOpening
from psccore.domain.kana import kana_key
from psccore.domain.people import Person
from psccore.domain.rules import info
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.services import access
from psccore.services.context import Context
from psccore.store import tables as t

KINDS: dict[str, tuple[type, sa.Table]] = {
    "people": (Person, t.people), "employers": (Employer, t.employers),
    "openings": (JobOpening, t.job_openings),
}
#: A column that names an opening's employer (by its registered name), and its headings.
EMPLOYER_COLUMN = "employer"
EMPLOYER_HEADINGS = ("employer", "事業所", "事業所名", "employer name")
IGNORE = "-"

NOT_TEXT = Label("ファイルを読めません。CSV（UTF-8 か Shift_JIS）か .xlsx で保存してください",
                 "cannot read the file; save it as CSV (UTF-8 or Shift_JIS) or .xlsx")
NO_ROWS = Label("見出しの下に行がありません", "there are no rows under the headings")
UNKNOWN_COLUMNS = Label(
    "対応する項目のない列: {columns}（--map \"列名=項目\" で対応付けるか、\"列名=-\" で無視。"
    "項目: {fields}）",
    "columns matching no field: {columns} (map with --map \"COLUMN=field\", or ignore "
    "with \"COLUMN=-\"; fields: {fields})")
BAD_MAPPING = Label("--map の項目 {field} はありません（項目: {fields}）",
                    "--map names no field {field} (fields: {fields})")
AT = Label("{row}行目「{column}」: {message}", "row {row}, {column}: {message}")
IN_ROW = Label("{row}行目: {message}", "row {row}: {message}")
DUPLICATE_IN_FILE = Label("{other}行目と同じ人の可能性があります", "may be the same person as row {other}")
DUPLICATE_REGISTERED = Label("登録済みの ID {ids} と同じ人の可能性があります",
                             "may be the same person as registered ID {ids}")
NO_EMPLOYER = Label("事業所「{name}」は登録されていません", "no employer named {name} is registered")
EXTRA_CELLS = Label("見出しより多いセルがあります", "more cells than headings")


@attrs.frozen
class RowProblem:
    row: int  # as the spreadsheet numbers it (the headings are row 1)
    column: str | None
    message: str

    def text(self) -> str:
        if self.column is None:
            return IN_ROW.format(row=self.row, message=self.message)
        return AT.format(row=self.row, column=self.column, message=self.message)


@attrs.frozen
class ImportResult:
    kind: str
    written: int
    skipped: list[RowProblem]
    duplicates: list[RowProblem]  # flagged (and allowed) possible duplicates


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Headings and rows of the first sheet of an .xlsx, or of a CSV file."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput([Problem("$.file", NOT_TEXT)])
    table = [row for row in csv.reader(io.StringIO(text, newline="")) if any(c.strip()
                                                                            for c in row)]
    if len(table) < 2:
        raise InvalidInput([Problem("$.file", NO_ROWS)])
    return [h.strip() for h in table[0]], table[1:]


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise InvalidInput([Problem("$.file", NOT_TEXT)]) from exc
    sheet = book.worksheets[0]
    table = [["" if v is None else _cell_text(v) for v in row]
             for row in sheet.iter_rows(values_only=True) if any(v not in (None, "")
                                                                for v in row)]
    book.close()
    if len(table) < 2:
        raise InvalidInput([Problem("$.file", NO_ROWS)])
    return [h.strip() for h in table[0]], table[1:]


def _cell_text(value: Any) -> str:
    """A cell as the text a person would type: dates as 2026-04-01, 12.0 as 12."""
    if hasattr(value, "date") and callable(value.date):
        return str(value.date().isoformat())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def column_fields(cls: type, headings: Sequence[str], mapping: Mapping[str, str],
                  extra: Mapping[str, Sequence[str]] | None = None) -> list[str | None]:
    """The field each heading fills (``None``: ignored); unknown headings are refused."""
    names: dict[str, str] = {}
    for attribute in attrs.fields(cls):
        found = info(attribute)
        if attribute.name in ("id", "version") or found is None:
            continue
        for alias in (attribute.name, found.label.ja, found.label.en):
            names.setdefault(_key(alias), attribute.name)
    for name, aliases in (extra or {}).items():
        for alias in aliases:
            names[_key(alias)] = name
    fields = sorted(set(names.values()))
    for target in mapping.values():
        if target != IGNORE and target not in fields:
            raise InvalidInput([Problem("$.map", BAD_MAPPING,
                                        {"field": target, "fields": ", ".join(fields)})])
    chosen: list[str | None] = []
    unknown: list[str] = []
    for heading in headings:
        field = mapping.get(heading) or names.get(_key(heading))
        chosen.append(None if field == IGNORE else field)
        if field is None:
            unknown.append(heading)
    if unknown:
        raise InvalidInput([Problem("$.file", UNKNOWN_COLUMNS, {
            "columns": ", ".join(unknown), "fields": ", ".join(fields)})])
    return chosen


def import_rows(ctx: Context, kind: str, path: Path, mapping: Mapping[str, str] | None = None,
                *, skip_invalid: bool = False, allow_duplicates: bool = False,
                progress: Callable[[Iterable[Any]], Iterator[Any]] | None = None
                ) -> ImportResult:
    """Check every row of ``path``, then write all of them in one transaction (or the
    good ones, with ``skip_invalid``)."""
    cls, table = KINDS[kind]
    headings, rows = read_table(path)
    extra = {EMPLOYER_COLUMN: EMPLOYER_HEADINGS} if kind == "openings" else {}
    fields = column_fields(cls, headings, dict(mapping or {}), extra)
    with ctx.db.write(ctx.staff or "") as tx:
        access.for_office(ctx, tx.conn, Action.WRITE)
        good, problems = _checked(tx.conn, kind, cls, headings, fields, rows, progress)
        duplicates = _duplicates(tx.conn, good) if kind == "people" else []
        if not allow_duplicates:
            problems += duplicates
            flagged = {d.row for d in duplicates}
            good = [(row, obj) for row, obj in good if row not in flagged]
        if problems and not skip_invalid:
            raise InvalidInput([Problem("$.file", Label("{text}", "{text}"),
                                        {"text": p.text()}) for p in sorted(
                                            problems, key=lambda p: (p.row, p.column or ""))])
        tx.insert_many(table, [obj for _, obj in good])
        tx.audit("import", table.name, fields=[path.name, f"rows={len(good)}"])
    return ImportResult(kind, len(good), sorted(problems, key=lambda p: p.row),
                        duplicates if allow_duplicates else [])


def _checked(conn: Connection, kind: str, cls: type, headings: Sequence[str],
             fields: Sequence[str | None], rows: Sequence[Sequence[str]],
             progress: Callable[[Iterable[Any]], Iterator[Any]] | None,
             ) -> tuple[list[tuple[int, Any]], list[RowProblem]]:
    employers = ({_key(r.name): r.id for r in conn.execute(
        sa.select(t.employers.c.id, t.employers.c.name))} if kind == "openings" else {})
    column_of = {f: h for h, f in zip(headings, fields, strict=True) if f}
    # what a row may leave out: an opening is received on the day it is imported
    defaults = {"opened_on": dt.date.today().isoformat()} if kind == "openings" else {}
    good: list[tuple[int, Any]] = []
    problems: list[RowProblem] = []
    numbered = list(enumerate(rows, start=2))
    for number, cells in (progress(numbered) if progress else numbered):
        if len(cells) > len(headings) and any(c.strip() for c in cells[len(headings):]):
            problems.append(RowProblem(number, None, EXTRA_CELLS.text()))
            continue
        data = {**defaults,
                **{f: c.strip() for f, c in zip(fields, cells, strict=False) if f and c.strip()}}
        if kind == "openings" and (name := data.pop(EMPLOYER_COLUMN, None)) is not None:
            if (employer := employers.get(_key(name))) is None:
                problems.append(RowProblem(number, column_of[EMPLOYER_COLUMN],
                                           NO_EMPLOYER.format(name=name)))
                continue
            data["employer_id"] = str(employer)
        try:
            good.append((number, structure(data, cls)))
        except InvalidInput as exc:
            problems += [RowProblem(number, column_of.get(p.path.removeprefix("$.").split(".")[0]
                                                          .split("[")[0]), p.text())
                         for p in exc.problems]
    return good, problems


def _duplicates(conn: Connection, good: Sequence[tuple[int, Any]]) -> list[RowProblem]:
    """People alike (same kana and birth date or no birth date on one side; or the same
    name and birth date) registered already or earlier in the file."""
    registered: dict[tuple[str, Any], list[int]] = {}
    for r in conn.execute(sa.select(t.people.c.id, t.people.c.name, t.people.c.kana,
                                    t.people.c.birth_date)):
        for key in _person_keys(r.name, r.kana, r.birth_date):
            registered.setdefault(key, []).append(r.id)
    seen: dict[tuple[str, Any], int] = {}
    flagged: list[RowProblem] = []
    for number, person in good:
        keys = _person_keys(person.name, person.kana, person.birth_date)
        ids = sorted({i for k in keys for i in registered.get(k, [])})
        earlier = next((seen[k] for k in keys if k in seen), None)
        if ids:
            flagged.append(RowProblem(number, None, DUPLICATE_REGISTERED.format(
                ids=", ".join(map(str, ids[:5])))))
        elif earlier is not None:
            flagged.append(RowProblem(number, None, DUPLICATE_IN_FILE.format(other=earlier)))
        for key in keys:
            seen.setdefault(key, number)
    return flagged


def _person_keys(name: str, kana: str, born: Any) -> list[tuple[str, Any]]:
    name_key = "".join(unicodedata.normalize("NFKC", name).split())
    keys = [("kana", kana_key(kana), born), ("name", name_key, born)] if born else []
    return [(k[0] + ":" + k[1], k[2]) for k in keys] + [("kana:" + kana_key(kana), None)]


# --- export ----------------------------------------------------------------------------------

EXPORT_HEADINGS = (Label("記録ID", "record id"), Label("ケース", "case"),
                   Label("日付", "date"), Label("種別", "kind"), Label("職員", "staff"),
                   Label("内容", "summary"))


def export_records(ctx: Context, target: Path, start: dt.date | None = None,
                   end: dt.date | None = None, lang: Any = "ja") -> int:
    """Every support record (of the dates given) to a CSV file, streamed from the
    database a few thousand rows at a time, so memory stays flat however many there
    are. Everyone's records: administrators and supervisors of all programs only; one
    audit row names the file and the count."""
    from psccore.documents.files import write_atomically
    from psccore.domain.access import AUDITORS

    r, s = t.support_records, t.staff
    query = (sa.select(r.c.id, r.c.case_id, r.c.on, r.c.kind, s.c.login, r.c.summary)
             .outerjoin(s, s.c.id == r.c.staff_id).order_by(r.c.id))
    if start is not None:
        query = query.where(r.c.on >= start)
    if end is not None:
        query = query.where(r.c.on <= end)
    written = 0

    def write(path: Path) -> None:
        nonlocal written
        with ctx.db.read() as conn, path.open("w", encoding="utf-8-sig", newline="") as out:
            access.require_role(access.grants(ctx, conn), AUDITORS, "support_records")
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([h.text(lang) for h in EXPORT_HEADINGS])
            rows = conn.execution_options(stream_results=True, yield_per=5_000).execute(query)
            for row in rows:
                writer.writerow(row)
                written += 1

    write_atomically(target, write)
    with ctx.db.write(ctx.staff or "") as tx:
        tx.audit("export", "support_records", fields=[target.name, f"rows={written}"])
    return written
