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
import decimal
import enum
import functools
import io
import os
import types
import typing
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from psccore.domain.access import Action
from psccore.domain.convert import converter, structure
from psccore.domain.employers import Employer, JobOpening, StageChange
from psccore.domain.kana import kana_key
from psccore.domain.names import COMMON_HEADINGS
from psccore.domain.people import Person
from psccore.domain.rules import info, trusted
from psccore.errors import ConfigurationError, InvalidInput, Problem
from psccore.i18n import Label, Lang
from psccore.services import access
from psccore.services.context import Context, Unit
from psccore.store import tables as t
from psccore.store.db import Transaction
from psccore.store.rows import to_row
from psccore.store.sql import insert_returning_ids

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
DUPLICATE_HIDDEN = Label(
    "閲覧権限のない事業の {count} 名と同じ人の可能性があります（管理者に確認してください）",
    "may be the same person as {count} in programs you may not read (ask an administrator)")
NO_EMPLOYER = Label("事業所「{name}」は登録されていません", "no employer named {name} is registered")
NO_HEADING = Label("{column}列目（見出しなし）", "column {column} (no heading)")
SAME_FIELD = Label("列 {columns} がどちらも項目 {field} です（一方を --map \"列名=-\" で無視）",
                   "columns {columns} both fill {field} (ignore one with --map \"COLUMN=-\")")
AMBIGUOUS_EMPLOYER = Label("「{name}」という事業所が複数あります", "several employers are named {name}")
EXTRA_CELLS = Label("見出しより多いセルがあります", "more cells than headings")
TOO_MANY_ROWS = Label("行が多すぎます（{max:,}行まで。PSC_IMPORT_MAX_ROWS で変更できます）",
                      "too many rows (at most {max:,}; PSC_IMPORT_MAX_ROWS changes this)")
TOO_MANY_COLUMNS = Label(
    "{row}行目の列が多すぎます（{max:,}列まで。PSC_IMPORT_MAX_COLUMNS で変更できます）",
    "row {row} has too many columns (at most {max:,}; PSC_IMPORT_MAX_COLUMNS changes this)")
TOO_BIG = Label("ファイルが大きすぎます（展開して {max:,} MB まで。PSC_IMPORT_MAX_MB で変更できます）",
                "the file is too large (at most {max:,} MB unpacked; PSC_IMPORT_MAX_MB "
                "changes this)")
BAD_CSV = Label("CSV を読めません（1つの欄は {max:,} 文字まで）: {error}",
                "cannot read the CSV (at most {max:,} characters in a field): {error}")
BAD_LIMIT = Label("{variable}={value} は使えません。1以上の整数にしてください",
                  "{variable}={value} cannot be used; give a whole number of 1 or more")


@attrs.frozen
class RowProblem:
    """A row of an import left out (or flagged as a possible duplicate): its number,
    the column (heading) at fault if one, and why (``reason``, in both languages)."""

    row: int  # as the spreadsheet numbers it (the headings are row 1)
    column: str | None
    reason: Label  # formatted already, in each language

    @property
    def message(self) -> str:
        """Why, in the current language."""
        return self.reason.text()

    def text(self, lang: Lang | None = None) -> str:
        """``row N, COLUMN: message`` in ``lang`` (default: the current language)."""
        if self.column is None:
            return IN_ROW.format(lang, row=self.row, message=self.reason.text(lang))
        return AT.format(lang, row=self.row, column=self.column,
                         message=self.reason.text(lang))


def _both(label: Label, **params: Any) -> Label:
    """``label`` with ``params`` filled in, in each language."""
    return Label(label.format("ja", **params), label.format("en", **params))


@attrs.frozen
class ImportResult:
    """What an import did: how many rows of ``kind`` it wrote, the rows it left out
    (``skipped``, with ``skip_invalid``) and the possible duplicates it wrote anyway
    (``duplicates``, with ``allow_duplicates``)."""

    kind: str
    written: int
    skipped: list[RowProblem]
    duplicates: list[RowProblem]  # flagged (and allowed) possible duplicates


Table = tuple[list[str], list[tuple[int, list[str]]]]


@attrs.frozen
class ReadLimits:
    """How much of a file an import reads at most: a spreadsheet's declared size is not
    trusted (a tiny file may claim a million rows), so rows and columns are counted as
    read, and an .xlsx's parts may not unpack to more than ``megabytes``."""

    rows: int = 1_000_000
    columns: int = 256
    megabytes: int = 200

    @classmethod
    def from_env(cls) -> ReadLimits:
        """The defaults, or ``PSC_IMPORT_MAX_ROWS``, ``PSC_IMPORT_MAX_COLUMNS`` and
        ``PSC_IMPORT_MAX_MB``."""
        values: dict[str, int] = {}
        for name, variable in (("rows", "PSC_IMPORT_MAX_ROWS"),
                               ("columns", "PSC_IMPORT_MAX_COLUMNS"),
                               ("megabytes", "PSC_IMPORT_MAX_MB")):
            if (raw := os.environ.get(variable)) is None:
                continue
            if not raw.strip().isdigit() or int(raw) < 1:
                raise ConfigurationError(BAD_LIMIT, variable=variable, value=raw)
            values[name] = int(raw)
        return cls(**values)


def read_table(path: Path, limits: ReadLimits | None = None) -> Table:
    """Headings and rows (numbered as the spreadsheet numbers them, blank rows left out)
    of the first sheet of an .xlsx, or of a CSV file; within ``limits``."""
    limits = limits or ReadLimits.from_env()
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, limits)
    if path.stat().st_size > limits.megabytes * 2**20:
        raise InvalidInput([Problem("$.file", TOO_BIG, {"max": limits.megabytes})])
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput([Problem("$.file", NOT_TEXT)])
    if "\x00" in text:  # no CSV holds a NUL; a binary file (.xls, .docx …) may decode
        raise InvalidInput([Problem("$.file", NOT_TEXT)])
    try:
        return _numbered(_within(csv.reader(io.StringIO(text, newline="")), limits))
    except csv.Error as exc:
        raise InvalidInput([Problem("$.file", BAD_CSV, {
            "max": csv.field_size_limit(), "error": str(exc)})]) from None


def _within(rows: Iterable[Sequence[Any]], limits: ReadLimits) -> Iterator[list[Any]]:
    """Rows as read, refused past the row or column limit."""
    for number, row in enumerate(rows, start=1):
        if number > limits.rows:
            raise InvalidInput([Problem("$.file", TOO_MANY_ROWS, {"max": limits.rows})])
        row = list(row)
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
        if len(row) > limits.columns:
            raise InvalidInput([Problem("$.file", TOO_MANY_COLUMNS, {
                "max": limits.columns, "row": number})])
        yield row


def _numbered(table: Iterable[list[str]]) -> Table:
    """The first row with anything in it gives the headings; blank rows are skipped but
    keep their place in the numbering; columns with neither heading nor data go."""
    filled = [(n, row) for n, row in enumerate(table, start=1) if any(c.strip() for c in row)]
    if len(filled) < 2:
        raise InvalidInput([Problem("$.file", NO_ROWS)])
    (_, head), rows = filled[0], filled[1:]
    width = max(len(head), *(len(row) for _, row in rows))
    keep = [i for i in range(width) if (i < len(head) and head[i].strip())
            or any(i < len(row) and row[i].strip() for _, row in rows)]
    def cut(row: list[str]) -> list[str]:
        return [row[i] if i < len(row) else "" for i in keep]
    return [c.strip() for c in cut(head)], [(n, cut(row)) for n, row in rows]


def _read_xlsx(path: Path, limits: ReadLimits) -> Table:
    from openpyxl import load_workbook

    _check_unpacked_size(path, limits)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise InvalidInput([Problem("$.file", NOT_TEXT)]) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # its <dimension> is a claim, not a size: count instead
        rows = _within(sheet.iter_rows(values_only=True), limits)
        return _numbered(["" if v is None else _cell_text(v) for v in row] for row in rows)
    except InvalidInput:
        raise
    except Exception as exc:  # a part that is damaged, or unpacks past its declared size
        raise InvalidInput([Problem("$.file", NOT_TEXT)]) from exc
    finally:
        book.close()


def _check_unpacked_size(path: Path, limits: ReadLimits) -> None:
    """The parts of an .xlsx (a zip) may not unpack to more than the limit: their
    declared sizes are checked here, and a part is never unpacked past its declared
    size (zipfile stops there and the check of its CRC fails)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput([Problem("$.file", NOT_TEXT)]) from exc
    if total > limits.megabytes * 2**20:
        raise InvalidInput([Problem("$.file", TOO_BIG, {"max": limits.megabytes})])


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
        for alias in (attribute.name, found.label.ja, found.label.en,
                      *COMMON_HEADINGS.get(attribute.name, ())):
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
    for number, heading in enumerate(headings, start=1):
        field = mapping.get(heading) or names.get(_key(heading))
        chosen.append(None if field == IGNORE else field)
        if field is None:
            unknown.append(heading or NO_HEADING.format(column=number))
    if unknown:
        raise InvalidInput([Problem("$.file", UNKNOWN_COLUMNS, {
            "columns": ", ".join(unknown), "fields": ", ".join(fields)})])
    twice = sorted({f for f in chosen if f is not None and chosen.count(f) > 1})
    if twice:
        raise InvalidInput([Problem("$.file", SAME_FIELD, {
            "field": f, "columns": ", ".join(h for h, c in zip(headings, chosen, strict=True)
                                             if c == f)}) for f in twice])
    return chosen


def import_rows(ctx: Context, kind: str, path: Path, mapping: Mapping[str, str] | None = None,
                *, skip_invalid: bool = False, allow_duplicates: bool = False,
                progress: Callable[[Iterable[Any]], Iterator[Any]] | None = None,
                limits: ReadLimits | None = None) -> ImportResult:
    """Check every row of ``path`` (read within ``limits``), then write all of them in one
    transaction (or the good ones, with ``skip_invalid``)."""
    cls, table = KINDS[kind]
    headings, rows = read_table(path, limits)
    extra = {EMPLOYER_COLUMN: EMPLOYER_HEADINGS} if kind == "openings" else {}
    fields = column_fields(cls, headings, dict(mapping or {}), extra)
    with ctx.write() as uow:
        access.for_office(uow, Action.WRITE)
        good, problems = _checked(uow.conn, kind, cls, headings, fields, rows, progress,
                                  _defaults(uow, kind))
        duplicates = _duplicates(uow.conn, good, _readable_people(uow)) \
            if kind == "people" else []
        if not allow_duplicates:
            problems += duplicates
            flagged = {d.row for d in duplicates}
            good = [(row, obj) for row, obj in good if row not in flagged]
        if problems and not skip_invalid:
            raise InvalidInput([Problem("$.file", Label("{ja}", "{en}"),
                                        {"ja": p.text("ja"), "en": p.text("en")}) for p in sorted(
                                            problems, key=lambda p: (p.row, p.column or ""))])
        ids = _write(uow.tx, table, [obj for _, obj in good])
        if kind == "employers":  # each starts its development history, as one added alone
            uow.tx.insert_many(t.employer_stage_changes, [
                StageChange(employer_id=i, stage=obj.stage, on=uow.today,
                            staff_id=uow.acting().id)
                for i, (_, obj) in zip(ids, good, strict=True)])
        uow.tx.audit("import", table.name, fields=[f"rows={len(good)}"])  # never the file name
    return ImportResult(kind, len(good), sorted(problems, key=lambda p: p.row),
                        duplicates if allow_duplicates else [])


def _write(tx: Transaction, table: sa.Table, objects: Sequence[Any]) -> list[int]:
    """The rows through the DB-API's ``executemany``, each audited as created with its
    row's digest (as ``Transaction.insert_many`` does, without its per-row statement
    work)."""
    rows = [to_row(obj) for obj in objects]
    for row in rows:
        row.pop("id", None)
    ids = insert_returning_ids(tx.conn, table, rows)
    digests = tx.digests(table, ids)  # each row as stored, as audit verify --data reads it
    tx.audit_many([
        ("create", table.name, new_id, new_id if table is t.people else row.get("person_id"),
         [k for k, v in row.items() if v is not None and k != "version"])
        for new_id, row in zip(ids, rows, strict=True)], [digests[i] for i in ids])
    return ids


def _defaults(uow: Unit, kind: str) -> dict[str, Any]:
    """What a row may leave out: an opening is received on the day it is imported; a
    person is registered in the importer's organisation."""
    if kind == "openings":
        return {"opened_on": uow.today.isoformat()}
    if kind == "people":
        from psccore.services.offices import organisation_for_new_person

        return {"organisation_id": organisation_for_new_person(uow, None)}
    return {}


def _checked(conn: Connection, kind: str, cls: type, headings: Sequence[str],
             fields: Sequence[str | None], rows: Sequence[tuple[int, Sequence[str]]],
             progress: Callable[[Iterable[Any]], Iterator[Any]] | None,
             defaults: Mapping[str, Any]) -> tuple[list[tuple[int, Any]], list[RowProblem]]:
    employers: dict[str, list[int]] = {}
    if kind == "openings":
        for r in conn.execute(sa.select(t.employers.c.id, t.employers.c.name)):
            employers.setdefault(_key(r.name), []).append(r.id)
    column_of = {f: h for h, f in zip(headings, fields, strict=True) if f}
    good: list[tuple[int, Any]] = []
    problems: list[RowProblem] = []
    check = _RowCheck.of(cls)
    for number, cells in (progress(rows) if progress else rows):
        if len(cells) > len(headings) and any(c.strip() for c in cells[len(headings):]):
            problems.append(RowProblem(number, None, EXTRA_CELLS))
            continue
        data = {**defaults,
                **{f: c.strip() for f, c in zip(fields, cells, strict=False) if f and c.strip()}}
        if kind == "openings" and (name := data.pop(EMPLOYER_COLUMN, None)) is not None:
            found = employers.get(_key(name), [])
            if len(found) != 1:
                problems.append(RowProblem(number, column_of[EMPLOYER_COLUMN], _both(
                    NO_EMPLOYER if not found else AMBIGUOUS_EMPLOYER, name=name)))
                continue
            data["employer_id"] = str(found[0])
        try:
            good.append((number, check(data)))
        except InvalidInput as exc:
            problems += [_row_problem(number, p, column_of) for p in exc.problems]
    return good, problems


def _row_problem(number: int, problem: Problem, column_of: Mapping[str, str]) -> RowProblem:
    """A field's problem as its row's: named by the column of that field (the heading as
    the file spells it) when there is one, else by the field's path."""
    column = column_of.get(problem.path.removeprefix("$.").split(".")[0].split("[")[0])
    if column is None or problem.path.count(".") > 1 or "[" in problem.path:
        return RowProblem(number, column, Label(problem.text("ja"), problem.text("en")))
    return RowProblem(number, column, _both(problem.message, **problem.params))


class _RowCheck:
    """A class's fields, rules and conversions looked up once, so that each row is
    checked without cattrs' generic machinery: the same hooks (text checks, dates,
    numbers), the same attrs converters, the same rules. A row this fast path cannot
    judge, or finds fault with, goes through :func:`structure`, whose problems are the
    ones reported, so the result is the same as checking every row that way."""

    def __init__(self, cls: type) -> None:
        hints = typing.get_type_hints(cls)
        conv = converter()
        self.cls = cls
        self.hooks: dict[str, tuple[Callable[[Any, Any], Any], Any]] = {}
        for attribute in attrs.fields(cls):
            tp = _plain_type(hints[attribute.name])
            if tp is not None:
                self.hooks[attribute.name] = (conv.get_structure_hook(tp), tp)
        self.rules = [(a.name, rule) for a in attrs.fields(cls)
                      if (found := info(a)) is not None for rule in found.rules]

    @classmethod
    @functools.cache
    def of(cls, kind: type) -> _RowCheck:
        return cls(kind)

    def __call__(self, data: dict[str, Any]) -> Any:
        found = self.fast(data)
        return structure(data, self.cls) if found is None else found

    def fast(self, data: dict[str, Any]) -> Any:
        """The object, or ``None`` when the row needs the full check."""
        values = {}
        try:
            for name, raw in data.items():
                hook, tp = self.hooks[name]
                values[name] = hook(raw, tp)
            with trusted():  # rules checked below, once
                obj = self.cls(**values)
        except Exception:  # unknown or complex field, unconvertible value: the full check says
            return None
        for name, rule in self.rules:
            if rule(getattr(obj, name)):
                return None
        cross = getattr(obj, "cross_rules", None)
        return None if cross is not None and list(cross()) else obj


def _plain_type(tp: Any) -> Any:
    """The type a filled-in cell is structured as (``X`` of ``X | None``), when it is a
    plain one (text, number, date, choice); else ``None``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        tp = args[0] if len(args) == 1 else None
    plain = (str, int, float, bool, dt.date, decimal.Decimal)
    if isinstance(tp, type) and (tp in plain or issubclass(tp, enum.Enum)):
        return tp
    return None


def _readable_people(uow: Unit) -> set[int]:
    """The people the importing staff member may read (only they are named)."""
    from psccore.services.people import visible

    return set(uow.conn.execute(visible(sa.select(t.people.c.id), uow.grants())).scalars())


def _duplicates(conn: Connection, good: Sequence[tuple[int, Any]],
                readable: set[int]) -> list[RowProblem]:
    """People alike, as a single registration judges them: the same kana with the same
    birth date or no birth date on one side, or the same name and birth date; among
    those registered already or earlier in the file. Those the staff member may not
    read are counted, never named (as when registering one)."""
    registered, earlier = _Alike(), _Alike()
    for r in conn.execute(sa.select(t.people.c.id, t.people.c.name, t.people.c.kana,
                                    t.people.c.birth_date)):
        registered.add(r.id, _Keys.of(r.name, r.kana, r.birth_date))
    flagged: list[RowProblem] = []
    keyed = [(number, _Keys.normalised(p.name, p.kana, p.birth_date)) for number, p in good]
    counted = _counted_alike(conn, [keys for _, keys in keyed])
    for position, (number, keys) in enumerate(keyed):
        ids = registered.like(keys)
        alike = max(len(ids), counted.get(position, 0) if counted else 0)
        if alike:
            flagged.append(RowProblem(number, None, _registered_alike(ids, readable, alike)))
        elif rows := earlier.like(keys):
            flagged.append(RowProblem(number, None, _both(DUPLICATE_IN_FILE, other=min(rows))))
        earlier.add(number, keys)
    return flagged


def _counted_alike(conn: Connection, keys: Sequence[_Keys]) -> dict[int, int] | None:
    """On PostgreSQL, how many registered people are alike to each row (by position),
    those row-level security hides from the transaction included: one call for the whole
    file. ``None`` on SQLite, where the transaction reads everyone."""
    from psccore.store import rls

    if not rls.is_postgresql(conn):
        return None
    return rls.people_alike(conn, [(k.kana, k.name, k.born) for k in keys])


def _registered_alike(ids: set[int], readable: set[int], alike: int) -> Label:
    """Those alike the staff member may read are named; the rest (of ``alike`` in all)
    counted."""
    named_all = ids & readable
    named = sorted(named_all)[:5]
    parts = [_both(DUPLICATE_REGISTERED, ids=", ".join(map(str, named)))] if named else []
    if hidden := alike - len(named_all):
        parts.append(_both(DUPLICATE_HIDDEN, count=hidden))
    return Label("; ".join(p.ja for p in parts), "; ".join(p.en for p in parts))


class _Keys(typing.NamedTuple):
    """What a person is compared on, worked out once."""

    kana: str
    name: str
    born: Any

    @classmethod
    def of(cls, name: str, kana: str, born: Any) -> _Keys:
        return cls(kana_key(kana), _name_key(name), born)

    @classmethod
    def normalised(cls, name: str, kana: str, born: Any) -> _Keys:
        """Of a name and kana normalised already (a checked ``Person``'s): the same keys,
        without normalising again."""
        return cls(kana.replace(" ", ""), "".join(name.split()), born)


class _Alike:
    """Who has been seen, by the keys a person is compared on."""

    def __init__(self) -> None:
        self.kana_birth: dict[tuple[str, Any], set[int]] = {}
        self.name_birth: dict[tuple[str, Any], set[int]] = {}
        self.kana_any: dict[str, set[int]] = {}
        self.kana_unborn: dict[str, set[int]] = {}  # no birth date known

    def add(self, who: int, keys: _Keys) -> None:
        k = keys.kana
        self.kana_any.setdefault(k, set()).add(who)
        if keys.born is None:
            self.kana_unborn.setdefault(k, set()).add(who)
        else:
            self.kana_birth.setdefault((k, keys.born), set()).add(who)
            self.name_birth.setdefault((keys.name, keys.born), set()).add(who)

    def like(self, keys: _Keys) -> set[int]:
        k = keys.kana
        if keys.born is None:
            return set(self.kana_any.get(k, ()))
        found = self.kana_birth.get((k, keys.born))
        unborn = self.kana_unborn.get(k)
        named = self.name_birth.get((keys.name, keys.born))
        if not (found or unborn or named):
            return set()
        return set(found or ()) | set(unborn or ()) | set(named or ())


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


# --- export ----------------------------------------------------------------------------------

EXPORT_HEADINGS = (Label("記録ID", "record id"), Label("ケース", "case"),
                   Label("日付", "date"), Label("種別", "kind"), Label("職員", "staff"),
                   Label("内容", "summary"))


def export_records(ctx: Context, target: Path, start: dt.date | None = None,
                   end: dt.date | None = None, lang: Any = "ja", *,
                   overwrite: bool = False) -> int:
    """Every support record (of the dates given) to a CSV file, streamed from the
    database a few thousand rows at a time, so memory stays flat however many there
    are. Everyone's records: administrators and supervisors of all programs only; one
    audit row gives the count (never the file's name, which may name a person), made
    in the transaction that puts the file in place: no file, no audit row."""
    from psccore.documents.files import write_atomically
    from psccore.domain.access import AUDITORS

    r, s = t.support_records, t.staff
    query = (sa.select(r.c.id, r.c.case_id, r.c.on, r.c.kind, s.c.login, r.c.summary)
             .outerjoin(s, s.c.id == r.c.staff_id).order_by(r.c.id))
    if start is not None:
        query = query.where(r.c.on >= start)
    if end is not None:
        query = query.where(r.c.on <= end)
    with ctx.read() as uow:
        access.require_role(uow.grants(), AUDITORS, "support_records")
    written = 0

    def write(path: Path) -> None:
        nonlocal written
        with ctx.read(replica=True) as uow, \
                path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([h.text(lang) for h in EXPORT_HEADINGS])
            rows = uow.conn.execution_options(stream_results=True, yield_per=5_000).execute(query)
            for row in rows:
                writer.writerow([_inert(v) for v in row])
                written += 1

    @contextmanager
    def audited() -> Iterator[None]:
        with ctx.write() as uow:
            uow.tx.audit("export", "support_records", fields=[f"rows={written}"])
            yield

    write_atomically(target, write, overwrite=overwrite, within=audited)
    return written


def _inert(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``, also
    after leading tabs, carriage returns or spaces, which some spreadsheets skip) or
    that begins with a tab or carriage return is kept as text with a leading apostrophe,
    as Excel itself shows typed text."""
    if isinstance(value, str) and (value[:1] in FORMULA_START
                                   or value.lstrip(" \t\r\n")[:1] in FORMULA_START):
        return "'" + value
    return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
