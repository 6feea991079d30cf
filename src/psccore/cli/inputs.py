"""Reading structured input: ``--data FILE.json``, ``--set key=value``, or prompts."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import click

from psccore.cli.base import T
from psccore.dates import parse_date
from psccore.domain.rules import info
from psccore.errors import InvalidInput, Problem, RuleViolation
from psccore.i18n import Label

BAD_SET = Label("--set は key=value の形で指定してください: {value}",
                "--set takes key=value: {value}")
BAD_FILE = Label("{file} を JSON として読めません: {error}", "cannot read {file} as JSON: {error}")


def read_data(data_file: Path | None, sets: tuple[str, ...]) -> dict[str, Any]:
    """Merge a JSON file and ``--set`` pairs (later wins). JSON-looking values are parsed."""
    from psccore.domain.convert import parse_json

    data: dict[str, Any] = {}
    if data_file is not None:
        try:
            loaded = parse_json(Path(data_file).read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidInput([Problem("$", BAD_FILE, {"file": data_file,
                                                        "error": exc.strerror})]) from None
        except ValueError as exc:
            where = (T(f"{exc.lineno}行目", f"line {exc.lineno}")
                     if isinstance(exc, json.JSONDecodeError) else "")
            raise InvalidInput([Problem("$", BAD_FILE, {"file": data_file, "error": where})]) \
                from None
        if not isinstance(loaded, dict):
            raise InvalidInput([Problem("$", BAD_FILE, {"file": data_file, "error": "not an object"})])
        data.update(loaded)
    for pair in sets:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput([Problem("$", BAD_SET, {"value": pair})])
        data[key.strip()] = _maybe_json(value, key.strip())
    return data


def by_label(data: dict[str, Any], cls: type) -> dict[str, Any]:
    """``--set 紹介経路=区役所`` as ``referral_route``: keys given as a field's label
    (Japanese or English, any width or spacing) become the field's name."""
    from psccore.domain.names import read_choice

    fields = list(attrs.fields(cls))

    def spellings(a: Any) -> list[str]:
        found = info(a)
        return [a.name, *((found.label.ja, found.label.en) if found else ())]

    renamed = {}
    for key, value in data.items():
        found = read_choice(fields, spellings, key)  # a label, or its clear beginning
        renamed[found.name if found is not None else key] = value
    return renamed


def named_by_label(exc: InvalidInput, cls: type) -> InvalidInput:
    """The problems with fields of ``cls`` named first by the field's label, as staff
    typed it after ``--set`` or saw it asked (``入力スキル $.data_entry_skill``), then by
    the path scripts match."""
    labels = {a.name: found.label for a in attrs.fields(cls) if (found := info(a))}

    def renamed(path: str) -> str:
        key = re.split(r"[.\[]", path.removeprefix("$."), maxsplit=1)[0]
        label = labels.get(key) if path.startswith("$.") else None
        return f"{label.text()} {path}" if label else path

    named = InvalidInput([p._replace(path=renamed(p.path)) for p in exc.problems])
    named.message = exc.message
    return named


def _maybe_json(value: str, key: str = "") -> Any:
    from psccore.domain.convert import parse_json

    if value[:1] in "[{":
        try:
            return parse_json(value, "$." + key)
        except ValueError:
            return value
    return value


def _optional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0], True
    return tp, False


#: fields no one types: the row's id and version, the organisation a person is registered in
SET_BY_THE_LIBRARY = frozenset({"id", "version", "organisation_id"})


def prompt_for(cls: type, known: dict[str, Any]) -> dict[str, Any]:
    """Ask for each field of an attrs class not in ``known``, checking each answer:
    a choice from a numbered menu of labels (its number, code, label or an unambiguous
    beginning), a list as ``、``- or comma-separated text, a nested record field by
    field."""
    from psccore.domain.convert import structure

    answers = dict(known)
    attrs.resolve_types(cls)  # string annotations → types, so choices can be shown
    for attribute in attrs.fields(cls):
        if attribute.name in answers or attribute.name in SET_BY_THE_LIBRARY:
            continue
        meta = info(attribute)
        label = meta.label.text() if meta else attribute.name
        tp, optional = _optional(attribute.type)
        skippable = optional or attribute.default is not attrs.NOTHING
        if meta and meta.sensitive:
            label += T("［要配慮］", " [sensitive]")
        many = typing.get_origin(tp) is list
        item = _optional(typing.get_args(tp)[0])[0] if many else tp
        if attrs.has(item):
            records = _ask_records(label, item, many, skippable)
            if records is not None:
                answers[attribute.name] = records
            continue
        choices = _members(item)
        if choices:
            _menu(choices)
        hint = T("（、区切りで複数可）", " (comma-separated)") if many else ""
        while True:
            raw = click.prompt(label + hint, default="" if skippable else None,
                               show_default=False)
            if raw == "" and skippable:
                break
            value: Any = _maybe_json(raw)
            if choices and isinstance(value, str):
                value = _pick_numbers(value, choices, many)
            problems = _problems_of(structure, cls, answers, attribute.name, value)
            if problems:
                for p in named_by_label(InvalidInput(problems), cls).problems:
                    click.echo("  " + p.text(), err=True)
                continue
            answers[attribute.name] = value
            break
    return answers


def _members(tp: Any) -> list[Any]:
    return list(tp) if isinstance(tp, type) and issubclass(tp, enum.Enum) else []


def _menu(members: list[Any]) -> None:
    """A numbered menu of a choice's labels."""
    for n, member in enumerate(members, 1):
        label = getattr(member, "label", None)
        click.echo(f"  {n}. {label.text() if isinstance(label, Label) else member.value}",
                   err=True)


def _pick_numbers(text: str, members: list[Any], many: bool) -> Any:
    """Menu numbers typed for a choice (``2`` or ``1、3``) as the members' codes; other
    text is left for the field's own reading (codes, labels, beginnings)."""
    from psccore.domain.names import split_list

    parts = split_list(text) if many else [text.strip()]
    picked = []
    for part in parts:
        number = part.translate(_DIGITS)
        if not (number.isdigit() and 1 <= int(number) <= len(members)):
            picked.append(part)
        else:
            picked.append(members[int(number) - 1].value)
    return picked if many else picked[0]


_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _problems_of(structure: Any, cls: type, answers: dict[str, Any], name: str,
                 value: Any) -> list[Problem]:
    """Problems with this answer alone: the class structured with it, the problems
    that land on this field."""
    try:
        structure({**answers, name: value}, cls)
    except InvalidInput as exc:
        return [p for p in exc.problems if p.path == f"$.{name}"
                or p.path.startswith((f"$.{name}[", f"$.{name}."))]
    return []


def _ask_records(label: str, item: type, many: bool, skippable: bool
                 ) -> list[dict[str, Any]] | dict[str, Any] | None:
    """A nested record (or several) asked field by field."""
    found: list[dict[str, Any]] = []
    while True:
        question = (T(f"{label}を入力しますか", f"Enter {label}?") if not found
                    else T(f"{label}をもう一件入力しますか", f"Another {label}?"))
        if (found or skippable) and not click.confirm(question, default=not skippable
                                                       and not found):
            break
        click.echo(f"[{label}{f' {len(found) + 1}' if many else ''}]", err=True)
        found.append(prompt_for(item, {}))
        if not many:
            break
    if many:
        return found if found or not skippable else None
    return found[0] if found else None


def parse_on(value: str | None, path: str = "$.on") -> dt.date | None:
    """A date option (``--on``) in any form staff write; ``None`` when not given."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except RuleViolation as exc:
        raise InvalidInput([Problem(path, exc.message, exc.params)]) from None


BAD_MONTH = Label("月は 2017-08 か 令和8年10月 の形で入力してください: {value}",
                  "give the month as 2017-08 or 令和8年10月: {value}")


def parse_month(value: str, path: str = "$.month") -> tuple[int, int]:
    """A month argument (``2017-08``, ``2017/8``, ``2017年8月``, ``令和8年10月``, ``R8.10``)
    as ``(year, month)``."""
    from psccore.dates import parse_era_month

    match = re.fullmatch(r"(\d{4})[-/年](\d{1,2})月?", value.strip())
    found = (int(match.group(1)), int(match.group(2))) if match else parse_era_month(value)
    if found is None or not 1 <= found[1] <= 12:
        raise InvalidInput([Problem(path, BAD_MONTH, {"value": value})])
    return found


if typing.TYPE_CHECKING:  # click's types are generic to type checkers (8.2+)
    _Choice = click.Choice[str]
    _ParamType = click.ParamType[Any, Any]
else:
    _Choice, _ParamType = click.Choice, click.ParamType


class CodedChoice(_Choice):
    """A coded choice typed as its code or either label, or an unambiguous part of one
    (``--kind 電話``, ``--stage 就労``); gives the code. Completion offers the codes and
    the labels in the language in force. Repeatable, it also takes a list in one value
    (``--category 基本情報、職歴``)."""

    splits_lists = True

    def __init__(self, coded: type[Any]) -> None:
        self.coded = coded
        super().__init__([m.value for m in coded])

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from psccore.domain.names import read_choice

        if isinstance(value, self.coded):
            return value.value
        members: list[Any] = list(self.coded.__members__.values())
        found = read_choice(members, lambda m: [m.value, m.label.ja, m.label.en], str(value))
        if found is None:
            self.fail(T("次のいずれかで入力してください: ", "give one of: ")
                      + self.described(), param, ctx)
        return found.value

    def described(self) -> str:
        return T("、", ", ").join(f"{m.label.text()}（{m.value}）" if T("ja", "en") == "ja"
                                 else f"{m.value} ({m.label.text()})" for m in self.coded)

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> str:
        return "[" + "|".join(m.label.text() for m in self.coded) + "]"

    def get_missing_message(self, param: click.Parameter, ctx: click.Context | None) -> str:
        """The labels staff type, on one line (click lists the codes, one a line)."""
        return "Choose from: " + self.described()  # "Choose from" is put in Japanese with the rest

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        words = [w for m in self.coded for w in (m.value, m.label.text())]
        return [CompletionItem(w) for w in words if w.startswith(incomplete)]


def choice_of(coded: type[Any]) -> CodedChoice:
    """The click type of a coded option (see :class:`CodedChoice`)."""
    return CodedChoice(coded)


class FiscalYear(_ParamType):
    """A fiscal year as staff write it: ``2018``, ``2018年度``, ``H30``, ``平成30年度``,
    ``R8`` (the Western year it starts in)."""

    name = "fiscal_year"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from psccore.dates import parse_fiscal_year

        if isinstance(value, int):
            return value
        try:
            year = parse_fiscal_year(str(value))
        except RuleViolation as exc:
            self.fail(exc.message.format(None, **exc.params), param, ctx)
        if not 1990 <= year <= 2100:
            self.fail(T(f"{year} 年度は扱えません（1990〜2100）",
                        f"fiscal year {year} is out of range (1990-2100)"), param, ctx)
        return year

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> str:
        return T("年度", "FY")


FISCAL_YEAR = FiscalYear()
