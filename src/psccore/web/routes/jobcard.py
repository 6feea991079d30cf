"""The JOB card (ジョブ・カード) of a case's person, edited in a form: filled from the
records by the library (``Psc.job_card``), each sheet's fields as inputs (career
history, licences, learning and results as repeatable rows), checked by the library's
own rules (errors beside each field) and written as the Excel workbook or printable
HTML. A card whose records changed since the form was opened is shown, not written."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from psccore.documents.jobcard import card_html, read_card, write_card_xlsx
from psccore.domain.convert import unstructure
from psccore.domain.fields import FieldSpec, describe_fields
from psccore.domain.jobcard import JobCard
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label
from psccore.web.forms import Input, posted_lists
from psccore.web.routes.cases import _id
from psccore.web.serving import Ask, page

#: the card's parts edited in the form (``person_id`` is the case's person)
SHEETS = ("made_on", "basics", "career_plan", "work_history", "licences", "learning", "results")
#: fields written as paragraphs
LONG = frozenset({"values_and_interests", "strengths", "work_wanted", "next_steps", "self_pr",
                  "duties", "content", "comment", "address"})
BLANK_ROWS = 1  # an empty row offered under each list, to add one
FILLED = "filled"  # the form field holding the digest of the card as the records filled it
FORMATS = {"xlsx": ("jobcard.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "html": ("jobcard.html", "text/html; charset=utf-8")}
RECORDS_CHANGED = Label(
    "このフォームを開いた後に、相談者の記録（職歴・実習など）が他の人によって変更されました。"
    "下の内容は書き出していません。最新の記録を確かめてから、もう一度書き出してください。",
    "The person's records (work history, internships …) were changed by someone else after "
    "this form was opened. Nothing was written. Check the latest records, then write again.")
_INDEX = re.compile(r"\[(\d+)\]")


def _specs() -> list[FieldSpec]:
    return [s for s in describe_fields(JobCard, None) if s.name in SHEETS]


def digest(card: JobCard) -> str:
    """What the records put on the card (the day it was made aside), as a short digest."""
    data = unstructure(card)
    data.pop("made_on", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()[:32]


def flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """Plain card data as the form's values: ``work_history.0.duties`` → ``["…"]``."""
    found: dict[str, list[str]] = {}
    if isinstance(data, Mapping):
        for key, value in data.items():
            found.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            found.update(flatten(value, f"{prefix}{n}."))
    elif data is not None:
        found[prefix[:-1]] = [str(data)]
    return found


def _rows(posted: Mapping[str, list[str]], name: str) -> int:
    """How many rows of list ``name`` the values hold (up to the last with anything in it,
    so that each form sent back offers one blank row, not one more each time)."""
    marks = [int(m[1]) for key, values in posted.items() if any(v.strip() for v in values)
             and (m := re.match(re.escape(name) + r"\.(\d+)\.", key))]
    return max(marks, default=-1) + 1


def inputs(specs: Sequence[FieldSpec], posted: Mapping[str, list[str]], ask: Ask,
           errors: Mapping[str, list[str]], prefix: str = "", blank: int = BLANK_ROWS
           ) -> list[Input]:
    """The card's inputs; each list with its rows and ``blank`` empty ones."""
    made = []
    for spec in specs:
        name = prefix + spec.name
        rows: tuple[tuple[Input, ...], ...] = ()
        widget = "textarea" if spec.name in LONG else {"date": "date", "choice": "select"}.get(
            spec.kind, "text")
        if spec.kind == "record" and spec.many:
            widget = "rows"
            rows = tuple(tuple(inputs(spec.fields, posted, ask, errors, f"{name}.{n}.", 0))
                         for n in range(_rows(posted, name) + blank))
        elif spec.kind == "record":
            widget = "record"
            rows = (tuple(inputs(spec.fields, posted, ask, errors, f"{name}.")),)
        made.append(Input(
            name=name, label=spec.label.text(ask.lang), widget=widget, required=spec.required,
            sensitive=False, help="", value=(posted.get(name) or [""])[0],
            choices=tuple((c.value, c.label.text(ask.lang)) for c in spec.choices),
            rows=rows, errors=tuple(errors.get(name, []))))
    return made


def parse(specs: Sequence[FieldSpec], posted: Mapping[str, list[str]], prefix: str = ""
          ) -> dict[str, Any]:
    """The card's plain data from the form: blanks left out (the card's rules say what
    is required), a list's wholly blank rows dropped."""
    data: dict[str, Any] = {}
    for spec in specs:
        name = prefix + spec.name
        if spec.kind == "record" and spec.many:
            rows = [parse(spec.fields, posted, f"{name}.{n}.") for n in range(_rows(posted, name))]
            own = {f.name for f in spec.fields if f.kind != "record"}
            data[spec.name] = [r for r in rows if own & set(r)]
        elif spec.kind == "record":
            data[spec.name] = parse(spec.fields, posted, f"{name}.")
        elif value := (posted.get(name) or [""])[0].strip():
            data[spec.name] = value
    return data


def by_field(problems: Sequence[Problem], ask: Ask) -> dict[str, list[str]]:
    """``$.work_history[0].started_on`` → ``work_history.0.started_on``; others under ``""``."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        key = _INDEX.sub(r".\1", problem.path)[2:] if problem.path.startswith("$.") else ""
        found.setdefault(key, []).append(problem.message.format(ask.lang, **problem.params))
    return found


def _case_person(ask: Ask) -> tuple[int, int]:
    case_id = _id(ask, "case_id")
    return case_id, ask.me.get_case(case_id).case.person_id


def form(ask: Ask) -> Response:
    """The card as the records fill it, in the form (audited as an export)."""
    case_id, person_id = _case_person(ask)
    card = ask.me.job_card(person_id)
    values = flatten({k: v for k, v in unstructure(card).items() if k in SHEETS})
    return _page(ask, case_id, values, {}, digest(card))


def _page(ask: Ask, case_id: int, values: Mapping[str, list[str]],
          errors: Mapping[str, list[str]], filled: str, status: int = 200,
          changed: bool = False) -> Response:
    return ask.render("jobcard.html", status, case_id=case_id,
                      person=(values.get("basics.name") or [""])[0],
                      inputs=inputs(_specs(), values, ask, errors), general=errors.get("", []),
                      filled=filled, changed=changed, invalid=bool(errors))


def write(ask: Ask) -> Response:
    """Check the card; if its records are as the form showed them, write it."""
    case_id, person_id = _case_person(ask)
    posted = posted_lists(ask.form)
    data = {**parse(_specs(), posted), "person_id": person_id}
    kind = ask.field("format") if ask.field("format") in FORMATS else "xlsx"
    try:
        card = read_card(json.dumps(data, ensure_ascii=False))
    except InvalidInput as wrong:
        errors = by_field(wrong.problems, ask)
        return _page(ask, case_id, posted, errors, ask.field(FILLED), 400)
    fresh = ask.me.job_card(person_id)  # the right to it, checked and audited again
    if digest(fresh) != ask.field(FILLED):
        return _page(ask, case_id, posted, {}, digest(fresh), 409, changed=True)
    return _download(card, kind, ask)


def _download(card: JobCard, kind: str, ask: Ask) -> Response:
    filename, media = FORMATS[kind]
    if kind == "html":
        body = card_html(card, ask.lang).encode()
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / filename
            write_card_xlsx(card, path, ask.lang)
            body = path.read_bytes()
    return Response(body, media_type=media,
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


ROUTES = [
    Route("/cases/{case_id}/jobcard", page(form), methods=["GET"]),
    Route("/cases/{case_id}/jobcard", page(write), methods=["POST"]),
]
