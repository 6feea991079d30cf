"""``psc plugin new``: a complete, working program plugin written from the templates
beside this module (pyproject with its entry point, the program object, intake, a plan
step, a record of the author's design with its table, migration, commands, report
section, export and erasure, tests and a README).

The record is described on the command line: ``--record stay/宿泊`` and one ``--field``
per field, ``NAME:TYPE[?][=ARG][/日本語の名称]``:

- ``text``, ``int`` (``=1..90`` a range), ``date``, ``decimal``, ``bool``,
  ``choice=code(ラベル),code(ラベル)`` and ``sensitive`` (text, encrypted, shown only to
  staff allowed to read sensitive data);
- ``?`` makes the field optional.

Without ``--record`` the plugin records ``activity`` with a day and a note."""

from __future__ import annotations

import datetime as dt
import keyword
import re
from collections.abc import Collection, Sequence
from pathlib import Path

import attrs

from psccore.documents.files import NO_FOLDER
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

TEMPLATE = Path(__file__).parent / "template"
#: Short enough that every constraint name stays within PostgreSQL's 63 characters.
CODE = re.compile(r"[a-z][a-z0-9_]{1,23}")
NAME = re.compile(r"[a-z][a-z0-9_]{0,29}")
FIELD = re.compile(r"(?P<name>[^:]+):(?P<kind>[a-z]+)(?P<optional>\?)?(?:=(?P<arg>[^/]+))?"
                   r"(?:/(?P<ja>.+))?")
RANGE = re.compile(r"(?P<low>-?\d+)\.\.(?P<high>-?\d+)")
CHOICE = re.compile(r"(?P<code>[a-z][a-z0-9_]{0,29})(?:\((?P<ja>[^()]+)\))?")
KINDS = ("text", "int", "date", "decimal", "bool", "choice", "sensitive")

BAD_CODE = Label("事業コードは英小文字で始まる英小文字・数字・_ の2〜24文字です: {code}",
                 "a program code is 2–24 lower-case letters, digits or _, starting with a "
                 "letter: {code}")
TAKEN = Label("事業コード {code} はすでに使われています", "program code {code} is already taken")
EXISTS = Label("{path} はすでにあります", "{path} already exists")
BAD_NAME = Label("名前は英小文字で始まる英小文字・数字・_ の30文字以内です: {name}",
                 "a name is up to 30 lower-case letters, digits or _, starting with a "
                 "letter: {name}")
BAD_FIELD = Label(
    "項目は 名前:形式[?][=引数][/日本語の名称] の形で書いてください（形式: {kinds}）: {spec}",
    "write a field as NAME:TYPE[?][=ARG][/Japanese name] (types: {kinds}): {spec}")
BAD_ARG = Label("{kind} の引数が違います（例: {example}）: {spec}",
                "wrong argument for {kind} (e.g. {example}): {spec}")
TWICE = Label("項目 {name} が二度あります", "field {name} is given twice")
RESERVED = Label("{name} は使えない名前です", "{name} cannot be used as a name")
TOO_LONG = Label("事業コードと記録名（複数形）を合わせて33文字までです（制約名が63文字に収まるように）: {name}",
                 "the program code and the record's plural name may be 33 characters together "
                 "(so constraint names fit in 63): {name}")
EXAMPLES = {"int": "nights:int=1..90", "choice": "shelter:choice=hotel(ホテル),other(その他)"}
#: Columns every record table has already.
TAKEN_NAMES = {"id", "enrollment_id", "version", "case_id"}


@attrs.frozen
class Choice:
    code: str
    ja: str

    @property
    def member(self) -> str:
        return self.code.upper()

    @property
    def en(self) -> str:
        return self.code.replace("_", " ")


@attrs.frozen
class RecordField:
    """One field of the record, with what each generated file needs to say about it."""

    name: str
    kind: str
    optional: bool = False
    ja: str | None = None
    low: int | None = None
    high: int | None = None
    choices: tuple[Choice, ...] = ()

    @property
    def en(self) -> str:
        return self.name.replace("_", " ")

    @property
    def label_ja(self) -> str:
        return self.ja or self.en

    @property
    def option(self) -> str:
        return self.name.replace("_", "-")

    @property
    def class_name(self) -> str:
        return _camel(self.name)

    @property
    def annotation(self) -> str:
        base = {"text": "str", "int": "int", "date": "dt.date", "decimal": "Decimal",
                "bool": "bool", "choice": self.class_name, "sensitive": "str"}[self.kind]
        return base if self.kind == "bool" else f"{base} | None"

    @property
    def rules(self) -> list[str]:
        found = [] if self.optional or self.kind in ("bool", "date") else ["rules.required()"]
        if self.kind in ("text", "sensitive"):
            found.append(f"rules.max_length({self.length})")
        if self.low is not None:
            found.append(f"rules.between({self.low}, {self.high})")
        return found

    @property
    def length(self) -> int:
        return 2000 if self.kind == "sensitive" else 500

    @property
    def column(self) -> str:
        return {"text": f"sa.String({self.length})", "int": "sa.Integer", "date": "sa.Date",
                "decimal": "sa.Numeric(12, 2)", "bool": "sa.Boolean", "choice": "sa.String(30)",
                "sensitive": "sa.Text"}[self.kind]

    @property
    def nullable(self) -> bool:
        return self.kind not in ("date", "bool")

    @property
    def example(self) -> str:
        """A Python expression making a plausible value from ``rng``."""
        if self.kind == "int":
            return f"rng.randint({self.low or 1}, {self.high or 10})"
        if self.kind == "choice":
            return f"rng.choice({[c.code for c in self.choices]!r})"
        return {"text": '"記録の例"', "decimal": '"1000"', "bool": "rng.random() < 0.5",
                "sensitive": "None", "date": "None"}[self.kind]

    @property
    def sample(self) -> str:
        """A value typed at the command line in the generated tests."""
        if self.kind == "int":
            return str(self.low if self.low is not None else 2)
        if self.kind == "choice":
            return self.choices[0].code
        return {"text": "記録の例", "decimal": "1000", "sensitive": "要配慮の記録の例",
                "date": "2025-05-01", "bool": ""}[self.kind]


@attrs.frozen
class Record:
    """The record a generated plugin keeps: its name and fields; the first date field is
    the day it happened (made when none is given)."""

    name: str
    ja: str | None
    fields: tuple[RecordField, ...]

    @property
    def class_name(self) -> str:
        return _camel(self.name)

    @property
    def plural(self) -> str:
        if self.name.endswith("y") and self.name[-2:-1] not in "aeiou":
            return self.name[:-1] + "ies"
        return self.name + ("es" if self.name.endswith(("s", "x", "ch", "sh")) else "s")

    @property
    def label_ja(self) -> str:
        return self.ja or self.name.replace("_", " ")

    @property
    def day(self) -> RecordField:
        return next(f for f in self.fields if f.kind == "date")

    def of_kind(self, *kinds: str) -> list[RecordField]:
        return [f for f in self.fields if f.kind in kinds]


DEFAULT_RECORD = ("activity/活動", ("on:date/参加した日", "note:text/内容"))


def parse_record(name: str, specs: Sequence[str]) -> Record:
    """The record from ``--record`` and ``--field`` options; every problem reported at once."""
    record_name, _, record_ja = name.partition("/")
    problems: list[Problem] = []
    if not NAME.fullmatch(record_name) or keyword.iskeyword(record_name):
        problems.append(Problem("$.record", BAD_NAME, {"name": record_name}))
    fields: list[RecordField] = []
    for index, spec in enumerate(specs):
        try:
            parsed = _parse_field(spec)
        except _Bad as bad:
            problems.append(Problem(f"$.field[{index}]", bad.label, bad.params))
            continue
        if parsed.name in {f.name for f in fields}:
            problems.append(Problem(f"$.field[{index}]", TWICE, {"name": parsed.name}))
        fields.append(parsed)
    if problems:
        raise InvalidInput(problems)
    if not any(f.kind == "date" for f in fields):
        fields.insert(0, RecordField("on", "date", ja="日付"))
    return Record(record_name, record_ja or None, tuple(fields))


class _Bad(Exception):
    def __init__(self, label: Label, **params: str) -> None:
        self.label, self.params = label, params


def _parse_field(spec: str) -> RecordField:
    match = FIELD.fullmatch(spec.strip())
    kinds = ", ".join(KINDS)
    if match is None or match["kind"] not in KINDS:
        raise _Bad(BAD_FIELD, kinds=kinds, spec=spec)
    name, kind, arg = match["name"], match["kind"], match["arg"]
    if not NAME.fullmatch(name) or keyword.iskeyword(name):
        raise _Bad(BAD_NAME, name=name)
    if name in TAKEN_NAMES:
        raise _Bad(RESERVED, name=name)
    field = RecordField(name, kind, bool(match["optional"]), match["ja"])
    if kind == "int" and arg is not None:
        bounds = RANGE.fullmatch(arg)
        if bounds is None or int(bounds["low"]) > int(bounds["high"]):
            raise _Bad(BAD_ARG, kind=kind, example=EXAMPLES[kind], spec=spec)
        return attrs.evolve(field, low=int(bounds["low"]), high=int(bounds["high"]))
    if kind == "choice":
        parts = [CHOICE.fullmatch(p.strip()) for p in (arg or "").split(",")]
        if not arg or any(p is None for p in parts):
            raise _Bad(BAD_ARG, kind=kind, example=EXAMPLES[kind], spec=spec)
        return attrs.evolve(field, choices=tuple(
            Choice(p["code"], p["ja"] or p["code"]) for p in parts if p is not None))
    if arg is not None:
        raise _Bad(BAD_FIELD, kinds=kinds, spec=spec)
    return field


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def new_plugin(code: str, into: Path, label: Label, taken: Collection[str] = (),
               record: Record | None = None, today: dt.date | None = None) -> Path:
    """Write the plugin for program ``code`` into ``into/psc-<code>``; return that folder.

    Nothing is written if the code is unusable or the folder exists."""
    if not CODE.fullmatch(code) or keyword.iskeyword(code) or code.endswith("_"):
        raise InvalidInput([Problem("$.code", BAD_CODE, {"code": code})])
    if code in taken:
        raise InvalidInput([Problem("$.code", TAKEN, {"code": code})])
    if not into.is_dir():
        raise InvalidInput([Problem("$.into", NO_FOLDER, {"folder": str(into)})])
    target = into / f"psc-{code.replace('_', '-')}"
    if target.exists():
        raise InvalidInput([Problem("$.into", EXISTS, {"path": str(target)})])
    record = record or parse_record(DEFAULT_RECORD[0], DEFAULT_RECORD[1])
    if len(code) + len(record.plural) > 33:
        raise InvalidInput([Problem("$.record", TOO_LONG, {"name": f"{code}_{record.plural}"})])
    words = {"code": code, "package": f"psc_{code}", "dist": f"psc-{code.replace('_', '-')}",
             "label": label, "class_name": _camel(code), "record": record,
             "date": (today or _office_today()).isoformat()}
    rendered = _render(words)
    for relative, text in rendered.items():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
    return target


def _office_today() -> dt.date:
    from psccore.clock import OfficeClock

    return OfficeClock.from_env().today()


def imports(module: str, *names: Sequence[str]) -> str:
    """``from module import …`` as ruff's isort writes it: constants, classes, then
    functions, each sorted; wrapped one name a line when it would pass 100 characters."""

    def kind(name: str) -> int:
        return 0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2

    ordered = sorted((n for group in names for n in group), key=lambda n: (kind(n), n.lower(), n))
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= 100:
        return line
    return "\n".join([f"from {module} import (", *(f"    {n}," for n in ordered), ")"])


def _render(words: dict[str, object]) -> dict[str, str]:
    """Every template, rendered in memory first: a template error writes nothing."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE), keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        autoescape=False)  # Python source and Markdown, not HTML
    environment.globals["imports"] = imports
    found: dict[str, str] = {}
    for source in sorted(p for p in TEMPLATE.rglob("*.jinja") if "__pycache__" not in p.parts):
        name = str(source.relative_to(TEMPLATE))
        relative = (name.removesuffix(".jinja").replace("__package__", str(words["package"]))
                    .replace("__code__", str(words["code"])))
        found[relative] = environment.get_template(name).render(**words)
    return found
