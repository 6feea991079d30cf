"""Forms for the library's own records (employers, visits, openings, preferences,
consents), generated from their attrs classes as the intake form is from a program's:
labels in the staff member's language, choices as selects or radio buttons with their
labels, dates in any form the library reads, errors beside their fields."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from psccore.domain.convert import unstructure
from psccore.domain.fields import Choice, FieldSpec, describe_fields
from psccore.errors import InvalidInput, NotFound
from psccore.i18n import Label
from psccore.web.forms import Input, inputs, parse, posted_lists, problems_by_field
from psccore.web.serving import Ask

#: How staff separate the words of a list typed in one box (軽作業、パソコン).
_WORDS = re.compile(r"[、,，;；/／\s]+")


def specs(cls: type, names: Sequence[str], *, choices: Mapping[str, Sequence[Choice]] = {},
          optional: Sequence[str] = ()) -> list[FieldSpec]:
    """The descriptions of ``names`` of ``cls``, in that order; ``choices`` turns a field
    (an employer's ID) into a choice among those given, ``optional`` drops a required
    mark the library fills in itself (a date that defaults to today)."""
    found = {s.name: s for s in describe_fields(cls)}
    chosen = []
    for name in names:
        spec = found[name]
        if name in choices:
            spec = attrs.evolve(spec, kind="choice", choices=tuple(choices[name]))
        if name in optional:
            spec = attrs.evolve(spec, required=False)
        chosen.append(spec)
    return chosen


def _words_list(spec: FieldSpec) -> bool:
    """A list of free words: one box, the words separated by 、 or commas."""
    return spec.many and spec.kind == "text"


def _as_typed(found: Sequence[FieldSpec]) -> list[FieldSpec]:
    return [attrs.evolve(s, many=False) if _words_list(s) else s for s in found]


def form_inputs(ask: Ask, found: Sequence[FieldSpec], posted: Mapping[str, list[str]],
                errors: Mapping[str, list[str]]) -> list[Input]:
    return inputs(_as_typed(found), posted, ask.lang, errors)


def form_data(found: Sequence[FieldSpec], posted: Mapping[str, list[str]], *,
              blanks: bool = False) -> dict[str, Any]:
    """The posted answers as the library's plain data; ``blanks``: an unanswered field
    is sent empty (so a form that replaces a record can clear it)."""
    data = parse(_as_typed(found), posted)
    for spec in found:
        if _words_list(spec) and spec.name in data:
            data[spec.name] = [w for w in _WORDS.split(str(data[spec.name])) if w]
        if blanks and spec.name not in data:
            data[spec.name] = [] if spec.many else (False if spec.kind == "bool" else None)
    return data


def posted_from(record: object | None, found: Sequence[FieldSpec]) -> dict[str, list[str]]:
    """A stored record as a form's posted values (to show it for editing)."""
    if record is None:
        return {}
    plain = unstructure(record)
    shown: dict[str, list[str]] = {}
    for spec in found:
        value = plain.get(spec.name)
        if value is None or value == []:
            continue
        if _words_list(spec):
            shown[spec.name] = ["、".join(str(v) for v in value)]
        elif isinstance(value, list):
            shown[spec.name] = [str(v) for v in value]
        elif isinstance(value, bool):
            shown[spec.name] = ["true" if value else "false"]
        else:
            shown[spec.name] = [f"{value:g}" if isinstance(value, float) else str(value)]
    return shown


def posted(ask: Ask) -> dict[str, list[str]]:
    return posted_lists(ask.form) if ask.form is not None else {}


def errors_of(ask: Ask, wrong: InvalidInput) -> dict[str, list[str]]:
    return problems_by_field(wrong.problems, ask.lang)


def number(ask: Ask, name: str, what: Label) -> int:
    """A record's number from the path; anything else is answered as not found."""
    text = str(ask.request.path_params.get(name, ""))
    if not text.isdigit() or len(text) > 9:
        raise NotFound.of(what, text[:20])
    return int(text)


def form_number(ask: Ask, name: str) -> int | None:
    """A number sent in a form or the query (a version, an employer's ID)."""
    text = ask.field(name) or ask.request.query_params.get(name, "")
    return int(text) if text.isdigit() and len(text) <= 9 else None


def coded_choices(ask: Ask, members: Sequence[Any]) -> list[tuple[str, str]]:
    """``(code, label)`` of a catalogue's members, for a select."""
    return [(m.value, m.label.text(ask.lang)) for m in members]
