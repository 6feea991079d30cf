"""The pages programs add through the program contract (``Program.pages()``), served at
``/programs/<code>/<path>`` with every page's session, CSRF and error handling, and only
to staff with a role in the program: anyone else gets the one 404 page."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route, compile_path

from psccore.domain.pages import PageContent, PageRequest, ProgramPage
from psccore.domain.program import Program
from psccore.i18n import Label
from psccore.web.forms import posted_lists
from psccore.web.program_access import PREFIX, may_use
from psccore.web.serving import Ask, not_found, page

CORE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@functools.cache
def _pattern(path: str) -> re.Pattern[str]:
    regex, _, _ = compile_path("/" + path)
    return regex


def _find(program: Program, rest: str) -> tuple[ProgramPage, dict[str, Any]] | None:
    for found in program.pages():
        match = _pattern(found.path).match("/" + rest)
        if match:
            _, _, convertors = compile_path("/" + found.path)
            return found, {k: convertors[k].convert(v) for k, v in match.groupdict().items()}
    return None


def serve(ask: Ask) -> Response:
    code = str(ask.request.path_params.get("code", ""))
    program = ask.me.programs.get(code)
    if program is None or not may_use(ask.me, program):
        return not_found(ask)  # not ours to see answers as what does not exist
    found = _find(program, str(ask.request.path_params.get("rest", "")))
    if found is None or ask.request.method not in found[0].methods:
        return not_found(ask)
    shown, params = found
    request = PageRequest(psc=ask.me, lang=ask.lang, params=params,
                          query=dict(ask.request.query_params),
                          form=posted_lists(ask.form) if ask.form is not None else None)
    content = shown.handler(request)
    if content.redirect is not None:
        return RedirectResponse(f"{PREFIX}{code}/{content.redirect}", status_code=303)
    return _render(ask, program, shown, content)


def _render(ask: Ask, program: Program, shown: ProgramPage, content: PageContent
            ) -> HTMLResponse:
    def text(value: object) -> object:
        return value.text(ask.lang) if isinstance(value, Label) else value

    title = text(content.title)
    values = {"t": ask.t, "lang": ask.lang, "login": ask.login, "name": ask.name,
              "csrf": ask.csrf, "path": ask.request.url.path, "menu": ask.menu(),
              "title": title, "lead": text(content.lead), "tables": content.tables,
              "text": text, "program": program.label.text(ask.lang),
              "base": f"{PREFIX}{program.code}/"}
    name = content.template or "program_page.html"
    template = _environment(shown.templates if content.template else None).get_template(name)
    html = template.render({**values, **content.context})
    return HTMLResponse(html, status_code=content.status)


@functools.cache
def _environment(folder: Path | None) -> Environment:
    """Core's templates, and a plugin's own folder first when it gives one."""
    loaders = [FileSystemLoader(folder)] if folder is not None else []
    return Environment(loader=ChoiceLoader([*loaders, FileSystemLoader(CORE_TEMPLATES)]),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


ROUTES = [
    Route("/programs/{code}/{rest:path}", page(serve), methods=["GET", "POST"]),
]
