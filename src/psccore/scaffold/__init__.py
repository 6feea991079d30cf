"""``psc plugin new``: a complete, working program plugin written from the templates
beside this module (pyproject with its entry point, program, intake, a plan step, a
report section, a command, an Alembic branch, tests and a README)."""

from __future__ import annotations

import datetime as dt
import keyword
import re
from collections.abc import Collection
from pathlib import Path

from psccore.documents.files import NO_FOLDER
from psccore.errors import InvalidInput, Problem
from psccore.i18n import Label

TEMPLATE = Path(__file__).parent / "template"
#: Short enough that every constraint name stays within PostgreSQL's 63 characters.
CODE = re.compile(r"[a-z][a-z0-9_]{1,23}")
BAD_CODE = Label("事業コードは英小文字で始まる英小文字・数字・_ の2〜24文字です: {code}",
                 "a program code is 2–24 lower-case letters, digits or _, starting with a "
                 "letter: {code}")
TAKEN = Label("事業コード {code} はすでに使われています", "program code {code} is already taken")
EXISTS = Label("{path} はすでにあります", "{path} already exists")


def new_plugin(code: str, into: Path, label: Label, taken: Collection[str] = ()) -> Path:
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
    words = {"__package__": f"psc_{code}", "__dist__": f"psc-{code.replace('_', '-')}",
             "__label_ja__": label.ja, "__label_en__": label.en,
             "__date__": dt.date.today().isoformat(), "__code__": code}
    files = sorted(p for p in TEMPLATE.rglob("*.tmpl") if "__pycache__" not in p.parts)
    for source in files:
        relative = _fill(str(source.relative_to(TEMPLATE)).removesuffix(".tmpl"), words)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(_fill(source.read_text(encoding="utf-8"), words),
                               encoding="utf-8")
    return target


def _fill(text: str, words: dict[str, str]) -> str:
    for placeholder, value in words.items():
        text = text.replace(placeholder, value)
    return text
