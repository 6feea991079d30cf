"""Forms generated from a program's field descriptions (``Program.fields()``): what
each input is, how the posted text becomes the intake's plain data, how an answer is
shown, and which problem belongs beside which input."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from psccore.dates import format_era
from psccore.domain.fields import FieldSpec
from psccore.errors import Problem
from psccore.i18n import Label, Lang

ROWS = 3  # blank rows offered for a list of records (e.g. qualifications)
RADIO_AT_MOST = 4  # more choices than this: a select
YES, NO = Label("はい", "yes"), Label("いいえ", "no")
UNANSWERED = Label("（未回答）", "(not answered)")
_PATH = re.compile(r"^\$\.([A-Za-z_]\w*)(?:\[(\d+)\]\.([A-Za-z_]\w*))?")


@attrs.frozen
class Input:
    """One input of a generated form, ready for the template."""

    name: str  # the form field's name (``qualifications.0.name`` in a row)
    label: str
    widget: str  # text, number, date, radio, select, checkboxes, bool, rows
    required: bool
    sensitive: bool
    help: str
    value: str
    values: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    rows: tuple[tuple[Input, ...], ...] = ()
    errors: tuple[str, ...] = ()


def inputs(specs: Sequence[FieldSpec], posted: Mapping[str, list[str]], lang: Lang,
           errors: Mapping[str, list[str]], prefix: str = "") -> list[Input]:
    """The inputs of ``specs``, filled with what was ``posted`` and their ``errors``."""
    return [_input(s, posted, lang, errors, prefix) for s in specs]


def _input(spec: FieldSpec, posted: Mapping[str, list[str]], lang: Lang,
           errors: Mapping[str, list[str]], prefix: str) -> Input:
    name = prefix + spec.name
    sent = posted.get(name, [])
    rows: tuple[tuple[Input, ...], ...] = ()
    if spec.kind == "record":
        count = ROWS if spec.many else 1
        rows = tuple(tuple(inputs(spec.fields, posted, lang, errors, f"{name}.{i}."))
                     for i in range(count))
    return Input(
        name=name, label=spec.label.text(lang), widget=_widget(spec), required=spec.required,
        sensitive=spec.sensitive, help=spec.help.text(lang) if spec.help else "",
        value=sent[0] if sent else "", values=tuple(sent),
        choices=tuple((c.value, c.label.text(lang)) for c in spec.choices),
        rows=rows, errors=tuple(errors.get(name, [])))


def _widget(spec: FieldSpec) -> str:
    if spec.kind == "record":
        return "rows"
    if spec.kind == "choice":
        if spec.many:
            return "checkboxes"
        return "radio" if len(spec.choices) <= RADIO_AT_MOST else "select"
    return {"int": "number", "decimal": "number", "date": "date", "bool": "bool"}.get(
        spec.kind, "text")


def parse(specs: Sequence[FieldSpec], posted: Mapping[str, list[str]],
          prefix: str = "") -> dict[str, Any]:
    """The plain data of the posted answers: blanks left out (so a required field is
    reported missing by the intake's own rules), lists as lists; dates and numbers stay
    text for the library to read (令和8年4月1日, R8.4.1, 2026-04-01)."""
    data: dict[str, Any] = {}
    for spec in specs:
        name = prefix + spec.name
        sent = [v for v in posted.get(name, []) if v]
        if spec.kind == "record":
            rows = [parse(spec.fields, posted, f"{name}.{i}.")
                    for i in range(ROWS if spec.many else 1)]
            filled = [r for r in rows if r]
            if filled:
                data[spec.name] = filled if spec.many else filled[0]
        elif spec.many:
            if sent:
                data[spec.name] = sent
        elif sent:
            data[spec.name] = {"true": True, "false": False}.get(sent[0], sent[0]) \
                if spec.kind == "bool" else sent[0]
    return data


def problems_by_field(problems: Iterable[Problem], lang: Lang) -> dict[str, list[str]]:
    """Each problem under its form field's name (``$.a[0].b`` → ``a.0.b``); one that
    names no field of the form goes under ``""`` (shown above the form)."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        match = _PATH.match(problem.path)
        key = ""
        if match:
            key = match[1] if match[2] is None else f"{match[1]}.{match[2]}.{match[3]}"
        found.setdefault(key, []).append(problem.message.format(lang, **problem.params))
    return found


def posted_lists(form: Any) -> dict[str, list[str]]:
    """A form's values as lists of trimmed text (checkboxes send a name many times)."""
    return {key: [v.strip() for v in form.getlist(key) if isinstance(v, str)]
            for key in form}


def show(spec: FieldSpec, value: object, lang: Lang) -> str:
    """An answer as staff read it: choice labels, Japanese era dates, yes or no."""
    if value is None or value == "" or value == []:
        return UNANSWERED.text(lang)
    if isinstance(value, list):
        return ("、" if lang == "ja" else ", ").join(
            show(attrs.evolve(spec, many=False), v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{s.label.text(lang)}: {show(s, value.get(s.name), lang)}"
                         for s in spec.fields)
    if spec.kind == "bool" and isinstance(value, bool):
        return (YES if value else NO).text(lang)
    if spec.kind == "choice":
        labels = {c.value: c.label.text(lang) for c in spec.choices}
        return labels.get(str(value), str(value))
    if spec.kind == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{format_era(day, lang)}（{day.isoformat()}）" if lang == "ja" else day.isoformat()
    if spec.kind in ("int", "decimal") and (amount := _amount(value)):
        return amount
    return str(value)


def _amount(value: object) -> str | None:
    """A number of five digits or more with its thousands separated (80,000円); years
    and counts stay as they are."""
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        return None
    return f"{value:,}" if abs(float(value)) >= 10_000 else None


# --- the case-work forms: fields described by the library's own classes ----------------

def described(cls: type, names: Sequence[str]) -> list[FieldSpec]:
    """The fields ``names`` of the library's attrs class ``cls`` (e.g. ``Assessment``),
    in that order, as the intake's fields are described: label, kind and choices."""
    from psccore.domain.fields import describe_fields

    found = {s.name: s for s in describe_fields(cls)}
    return [found[name] for name in names]


def long_text(fields: Sequence[Input], names: Iterable[str]) -> list[Input]:
    """The same inputs, those named ``names`` as several lines of text."""
    wide = set(names)
    return [attrs.evolve(f, widget="textarea") if f.name in wide else f for f in fields]


def choices_of(kind: Iterable[Any], lang: Lang) -> list[tuple[str, str]]:
    """An enum's members as ``(code, label)`` for a select or radio buttons."""
    return [(str(m.value), m.label.text(lang)) for m in kind]


def first(posted: Mapping[str, list[str]], name: str) -> str:
    """The first non-blank value posted as ``name``, or ``""``."""
    return next((v for v in posted.get(name, []) if v), "")


def day_or_problem(text: str, path: str) -> tuple[dt.date | None, list[Problem]]:
    """A date typed as 令和8年4月1日, R8.4.1 or 2026-04-01 (blank: ``None``), or the
    library's problem about it at ``path``."""
    from psccore.dates import parse_date
    from psccore.errors import RuleViolation

    if not text:
        return None, []
    try:
        return parse_date(text), []
    except RuleViolation as bad:
        return None, [Problem(path, bad.message, bad.params)]


def moved(problems: Mapping[str, list[str]], renames: Mapping[str, str]
          ) -> dict[str, list[str]]:
    """Problems under other form names (e.g. a step's program shown beside its menu)."""
    found: dict[str, list[str]] = {}
    for key, messages in problems.items():
        found.setdefault(renames.get(key, key), []).extend(messages)
    return found


def renumbered(problems: Mapping[str, list[str]], prefix: str, kept: Sequence[int]
               ) -> dict[str, list[str]]:
    """Problems about the ``k``-th row sent (``prefix.k.name``) moved to the form's row
    it came from (``prefix.kept[k].name``): blank rows are not sent."""
    found: dict[str, list[str]] = {}
    for key, messages in problems.items():
        parts = key.split(".", 2)
        if parts[0] == prefix and len(parts) == 3 and parts[1].isdigit() \
                and int(parts[1]) < len(kept):
            key = f"{prefix}.{kept[int(parts[1])]}.{parts[2]}"
        found.setdefault(key, []).extend(messages)
    return found
