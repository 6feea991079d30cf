"""The web pages a program adds (``Program.pages()``): what a page is, what its handler
is given and what it returns. Apart from :mod:`psccore.domain.program` so that a
command that serves no page never builds these classes (start-up)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from psccore.errors import Problem
from psccore.i18n import Label, Lang

PAGE_PATH = re.compile(r"[a-z0-9_-]+(/([a-z0-9_-]+|\{[a-z_]+(:int)?\}))*")
_PROBLEM_PATH = re.compile(r"^\$\.([A-Za-z_]\w*)(?:\[(\d+)\]\.([A-Za-z_]\w*))?")


def _page_path(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not PAGE_PATH.fullmatch(value):
        raise ValueError(f"{attribute.name} {value!r} must match {PAGE_PATH.pattern}")


@attrs.frozen(kw_only=True)
class PageRequest:
    """What a program page's handler is given: the staff member's ``psc`` (a
    :class:`psccore.Psc` acting as the signed-in staff member: read and write only
    through it, as the program's commands do), their language, the path's parameters
    (``{session_id:int}`` → ``params["session_id"] == 12``), the query string and, for
    a POST, the posted form (each name's values, trimmed)."""

    psc: Any
    lang: Lang
    params: Mapping[str, Any] = attrs.field(factory=dict)
    query: Mapping[str, str] = attrs.field(factory=dict)
    form: Mapping[str, list[str]] | None = None

    @property
    def posted(self) -> bool:
        """Whether this is a POST (a form sent, its CSRF token already checked)."""
        return self.form is not None

    def t(self, ja: str, en: str) -> str:
        """The text in the staff member's language."""
        return en if self.lang == "en" else ja

    def text(self, label: Label) -> str:
        """A label in the staff member's language."""
        return label.text(self.lang)

    def value(self, name: str) -> str:
        """The first posted value of ``name`` (else the query's), trimmed; ``""`` if none."""
        if self.form is not None:
            return next((v for v in self.form.get(name, []) if v), "")
        return self.query.get(name, "").strip()

    def values(self, name: str) -> list[str]:
        """Every non-blank posted value of ``name`` (checkboxes send a name many times)."""
        return [v for v in (self.form or {}).get(name, []) if v]

    def errors(self, problems: Iterable[Problem]) -> dict[str, list[str]]:
        """Problems as messages under the form field they name (``$.reason`` →
        ``reason``, ``$.rows[2].name`` → ``rows.2.name``, anything else under ``""``),
        for showing each beside its input."""
        found: dict[str, list[str]] = {}
        for problem in problems:
            match = _PROBLEM_PATH.match(problem.path)
            key = "" if not match else (
                match[1] if match[2] is None else f"{match[1]}.{match[2]}.{match[3]}")
            found.setdefault(key, []).append(problem.message.format(self.lang, **problem.params))
        return found


@attrs.frozen(kw_only=True)
class PageLink:
    """A cell of a :class:`PageTable` that links to ``href`` (a path of the web app)."""

    text: str
    href: str


@attrs.frozen(kw_only=True)
class PageTable:
    """A table core shows with its own template: ``columns`` headings, ``rows`` of cells
    (text, numbers, dates, :class:`Label` or :class:`PageLink`), ``empty`` said when there
    are no rows."""

    columns: tuple[Label, ...]
    rows: Sequence[Sequence[object]] = ()
    caption: Label | None = None
    empty: Label = Label("ありません", "None")


@attrs.frozen(kw_only=True)
class PageContent:
    """What a page handler returns: a ``title`` (a :class:`Label`, or text already in the
    staff member's language), an optional ``lead`` paragraph, ``tables`` core shows, and
    optionally the plugin's own ``template`` (a file in the page's ``templates`` folder,
    extending core's ``program_page.html`` and filling its ``content`` block) with its
    ``context``. ``redirect`` (a path under the program's, e.g. ``"sessions/3"``) answers
    with a redirect instead, as after a successful form (post, then redirect)."""

    title: Label | str
    lead: Label | str | None = None
    tables: tuple[PageTable, ...] = ()
    template: str | None = None
    context: Mapping[str, Any] = attrs.field(factory=dict)
    status: int = 200
    redirect: str | None = None


@attrs.frozen(kw_only=True)
class ProgramPage:
    """A page a program adds to the web app, at ``/programs/<code>/<path>``.

    ``path`` is lower-case words separated by ``/``, with parameters as
    ``{name}`` or ``{name:int}``; ``title`` names it (both languages; the menu entry's
    text when ``menu``: only pages without parameters can be menu entries);
    ``handler(request) -> PageContent`` makes it (from a :class:`PageRequest`);
    ``methods`` it answers (``("GET", "POST")`` for a page with a form); ``templates``
    the folder of the plugin's templates, when the handler names one."""

    path: str = attrs.field(validator=_page_path)
    title: Label
    handler: Callable[[PageRequest], PageContent]
    methods: tuple[str, ...] = ("GET",)
    menu: bool = False
    templates: Path | None = None

    def __attrs_post_init__(self) -> None:
        if self.menu and "{" in self.path:
            raise ValueError(f"page {self.path!r}: a page with parameters is no menu entry")
