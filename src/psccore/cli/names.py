"""Names, not numbers: a person, case, employer, opening or staff member given as staff
know them (a name or kana in any spacing, width or script; a phone number; or an ID),
resolved through :meth:`psccore.Psc.resolve_person` and its kin.

One match is used; several are a numbered choice at a terminal (with birth dates) and a
clear error listing them in scripts; none is "not found" (exit 3). Only records the
staff member may read are ever listed. Commands that send data out or destroy it take
a person's name only with their birth date confirmed at a terminal; scripts give IDs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from psccore.cli.base import T, printable, state, table
from psccore.domain.names import id_key
from psccore.errors import PscError

CHOOSE = ("番号を選んでください", "choose a number")


class UnresolvedError(click.BadParameter):
    """A name that matched several records in a script, or none, or that cannot be used
    as given; its exit code is the class's (see :func:`Unresolved`)."""

    def format_message(self) -> str:
        hint = _hint(self.param, vars(self).get("ctx"))
        return f"{hint}: {self.message}" if hint else self.message


_BY_CODE: dict[int, type[UnresolvedError]] = {2: UnresolvedError}


def Unresolved(message: str, param: click.Parameter | None,
               code: int) -> UnresolvedError:
    """The error for a name, exiting with ``code`` (3 for no match, as "not found")."""
    if code not in _BY_CODE:
        _BY_CODE[code] = type(f"UnresolvedError{code}", (UnresolvedError,),
                              {"exit_code": code})
    return _BY_CODE[code](message, param=param)


def interactive() -> bool:
    """A person at a terminal, who can be asked to choose."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _hint(param: click.Parameter | None, ctx: click.Context | None) -> str:
    """The option (``'--to'``) or argument (``PERSON``) the staff member used."""
    if param is None:
        return ""
    return param.get_error_hint(ctx) if ctx is not None else param.name or ""


if TYPE_CHECKING:  # click's types are generic to type checkers (8.2+)
    _ParamType = click.ParamType[Any, Any]
else:
    _ParamType = click.ParamType


class Named(_ParamType):
    """A record given by name or ID; converts to its ID (a login for staff)."""

    kind: tuple[str, str] = ("", "")
    by_number = True  # an ID is passed on as it is
    headers: Callable[[], list[str]]

    def resolve(self, text: str) -> Any:
        raise NotImplementedError

    def key(self, found: Any) -> Any:
        return found.id

    def row(self, found: Any) -> Sequence[Any]:
        raise NotImplementedError

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, int):
            return value
        text = str(value)
        if self.by_number and (number := id_key(text)) is not None:
            return self.checked(number, text, param, None)  # the command says if it is absent
        try:
            resolved = self.resolve(text)
        except PscError as exc:
            raise Unresolved(exc.text(), param, exc.exit_code) from None
        if resolved.one is not None:
            return self.checked(self.key(resolved.one), text, param, resolved.one)
        what = T(*self.kind)
        if not resolved.matches:
            raise Unresolved(T(f"「{text}」に当たる{what}は見つかりません",
                               f"no {what} matches '{text}'"), param, 3)
        if interactive():
            chosen = self.choose(resolved.matches, resolved.more)
            return self.checked(self.key(chosen), text, param, chosen)
        listed = "; ".join(" ".join(str(c) for c in self.row(m) if c not in (None, ""))
                           for m in resolved.matches)
        more = T("（ほかにもあります）", " (and more)") if resolved.more else ""
        raise Unresolved(T(f"「{text}」に当たる{what}が複数あります。IDで指定してください: "
                           f"{listed}{more}",
                           f"several {what}s match '{text}'; give the ID: {listed}{more}"),
                         param, 2)

    def checked(self, key: Any, text: str, param: click.Parameter | None,
                found: Any) -> Any:
        return key

    def choose(self, matches: Sequence[Any], more: bool) -> Any:
        click.echo(T(f"該当する{T(*self.kind)}が複数あります:",
                     f"Several {T(*self.kind)}s match:"), err=True)
        rows = [(n, *self.row(m)) for n, m in enumerate(matches, 1)]
        table(["#", *self.headers()], rows, err=True)
        if more:
            click.echo(T("（ほかにもあります。絞り込むには詳しく入力してください）",
                         "(more exist: type more of the name to narrow)"), err=True)
        number = click.prompt(T(*CHOOSE), type=click.IntRange(1, len(matches)), err=True)
        return matches[number - 1]


class PersonType(Named):
    """A person by name, kana, phone or ID. With ``confirm``, a name must be confirmed
    by the birth date at a terminal, and scripts must give the ID."""

    name = "person"
    stands_for = ("相談者（ID・氏名・フリガナ・電話番号）", "a person (ID, name, kana or phone number)")
    kind = ("相談者", "person")

    def __init__(self, confirm: bool = False) -> None:
        self.confirm = confirm

    def headers(self) -> list[str]:
        return ["ID", T("氏名", "name"), T("フリガナ", "kana"), T("生年月日", "birth date"),
                T("区", "ward")]

    def resolve(self, text: str) -> Any:
        return state().psc().resolve_person(text)

    def row(self, found: Any) -> Sequence[Any]:
        return [found.id, found.name, found.kana, found.birth_date, found.ward]

    def checked(self, key: Any, text: str, param: click.Parameter | None,
                found: Any) -> Any:
        if self.confirm and id_key(text) is None:
            confirm_birth_date(found, text, param)
        return key


def confirm_birth_date(person: Any, text: str, param: click.Parameter | None,
                       key: tuple[str, str] | None = None) -> None:
    """A person named (not given by ID) for a command that sends data out or destroys
    it: at a terminal, their birth date must be typed to confirm; a script must give
    the ID (``key``: what to give instead, e.g. the case number). A wrong date exits 2
    before anything is written."""
    if not interactive():
        ja, en = key or (f"ID {person.id}", f"ID {person.id}")
        raise Unresolved(T(
            f"この操作では番号で指定してください（「{text}」は {person.name} の {ja}）",
            f"this command takes a number ('{text}' is {person.name}'s {en})"),
            param, 2)
    from psccore.dates import parse_date
    from psccore.errors import RuleViolation

    click.echo(T(f"{person.name}（ID {person.id}）", f"{person.name} (ID {person.id})"),
               err=True)
    answer = click.prompt(T("確認のため生年月日を入力してください",
                            "to confirm, type their birth date"), err=True)
    try:
        same = parse_date(answer) == person.birth_date
    except RuleViolation:
        same = False
    if not same:
        raise Unresolved(T("生年月日が一致しません。番号で指定してください",
                           "the birth date does not match; give the number"), param, 2)


class CaseType(Named):
    """A case by its number or its person's name (their open case)."""

    name = "case"
    stands_for = ("ケース（番号か、相談者の氏名・フリガナ: その人の開いているケース）", "a case (its number, or the person's name or kana: their open case)")
    kind = ("ケース", "case")

    def __init__(self, confirm: bool = False) -> None:
        self.confirm = confirm

    def checked(self, key: Any, text: str, param: click.Parameter | None,
                found: Any) -> Any:
        if self.confirm and id_key(text) is None:
            confirm_birth_date(state().psc().get_person(found.case.person_id), text, param,
                               (f"ケース {key}", f"case {key}"))
        return key

    def headers(self) -> list[str]:
        return [T("ケース", "case"), T("相談者", "person"), T("状態", "status"),
                T("受付日", "opened"), T("事業", "programs")]

    def resolve(self, text: str) -> Any:
        return state().psc().resolve_case(text)

    def key(self, found: Any) -> Any:
        return found.case.id

    def row(self, found: Any) -> Sequence[Any]:
        return [found.case.id, found.person_name, found.case.status.label,
                found.case.opened_on, ", ".join(program_names(found.programs))]


class EmployerType(Named):
    name = "employer"
    stands_for = ("事業所（ID か名称）", "an employer (ID or name)")
    kind = ("事業所", "employer")

    def headers(self) -> list[str]:
        return ["ID", T("事業所", "employer"), T("フリガナ", "kana"), T("区", "ward"),
                T("電話", "phone")]

    def resolve(self, text: str) -> Any:
        return state().psc().resolve_employer(text)

    def row(self, found: Any) -> Sequence[Any]:
        return [found.id, found.name, found.kana, found.ward, found.phone]


class OpeningType(Named):
    name = "opening"
    stands_for = ("求人（ID、職種か事業所名）", "an opening (ID, title or the employer's name)")
    kind = ("求人", "opening")

    def headers(self) -> list[str]:
        return ["ID", T("職種", "title"), T("事業所", "employer"), T("状態", "status")]

    def resolve(self, text: str) -> Any:
        return state().psc().resolve_opening(text)

    def row(self, found: Any) -> Sequence[Any]:
        return [found.id, found.title, employer_name(found.employer_id), found.status.label]


class StaffType(Named):
    """A staff member by login or name; converts to the login."""

    name = "staff"
    stands_for = ("職員（ログイン名か氏名）", "a staff member (login or name)")
    kind = ("職員", "staff member")
    by_number = False

    def headers(self) -> list[str]:
        return [T("ログイン名", "login"), T("氏名", "name")]

    def resolve(self, text: str) -> Any:
        return state().psc().resolve_staff(text)

    def key(self, found: Any) -> Any:
        return found.login

    def row(self, found: Any) -> Sequence[Any]:
        return [found.login, found.name]


class PlanType(Named):
    """A plan by its number, or by its case (a number or the person's name): the
    case's latest plan."""

    name = "plan"
    stands_for = ("プラン（番号か、ケース: その最新のプラン）", "a plan (its number, or a case: its latest plan)")
    kind = ("プラン", "plan")

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        text = str(value)
        if isinstance(value, int) or id_key(text) is not None:
            return value if isinstance(value, int) else id_key(text)
        case_id = CASE.convert(text, param, ctx)
        return self.pick(state().psc().list_plans(case_id), text, param)

    def pick(self, plans: Sequence[Any], text: str, param: click.Parameter | None) -> Any:
        if not plans:
            raise Unresolved(T(f"「{text}」のケースにプランはありません",
                               f"the case of '{text}' has no plan"), param, 3)
        return plans[-1].plan.id


class StepType(PlanType):
    """A step by its number, or by its case: the latest plan's first step not yet
    started (to start) or in progress (to end)."""

    name = "step"
    stands_for = ("ステップ（番号か、ケース: 最新のプランの次のステップ）", "a step (its number, or a case: the latest plan's next step)")
    kind = ("ステップ", "step")

    def __init__(self, status: str) -> None:
        self.status = status

    def pick(self, plans: Sequence[Any], text: str, param: click.Parameter | None) -> Any:
        steps = [s for s in (plans[-1].steps if plans else []) if s.status.value == self.status]
        if not steps:
            raise Unresolved(T(f"「{text}」のケースに該当するステップはありません",
                               f"the case of '{text}' has no such step"), param, 3)
        return steps[0].id


class InternshipType(PlanType):
    """An internship by its number, or by its case (a number or the person's name):
    the case's latest internship."""

    name = "internship"
    stands_for = ("職場体験（番号か、ケース: その最新の職場体験）", "an internship (its number, or a case: its latest internship)")
    kind = ("職業体験実習", "internship")

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        text = str(value)
        if isinstance(value, int) or id_key(text) is not None:
            return value if isinstance(value, int) else id_key(text)
        case_id = CASE.convert(text, param, ctx)
        found = state().psc().placements_of(case_id).internships
        if not found:
            raise Unresolved(T(f"「{text}」のケースに職業体験実習はありません",
                               f"the case of '{text}' has no internship"), param, 3)
        return max(found, key=lambda i: (i.start_on, i.id or 0)).id


class ProgramType(_ParamType):
    """A program by its code or its name in either language, or a clear part of it
    (``就労準備``, ``readiness``); converts to the code. An answer naming none is passed
    on as typed, so the command says the program is unknown."""

    name = "program"
    stands_for = ("事業（コードか名称、その一部）", "a program (its code or name, or a clear part of it)")

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from psccore.domain.names import read_choice

        text = str(value).strip()
        programs = list(state().registry().programs.values())
        found = read_choice(programs, lambda p: [p.code, p.label.ja, p.label.en], text)
        return found.code if found is not None else text

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> str:
        return T("事業", "PROGRAM")


PERSON = PersonType()
#: For commands that send data out or destroy it: a name needs the birth date.
PERSON_CONFIRMED = PersonType(confirm=True)
CASE = CaseType()
#: For commands that send a case out: named by its person, the birth date confirms.
CASE_CONFIRMED = CaseType(confirm=True)
INTERNSHIP = InternshipType()
PROGRAM = ProgramType()
EMPLOYER = EmployerType()
OPENING = OpeningType()
STAFF = StaffType()
PLAN = PlanType()
STEP_TO_START = StepType("planned")
STEP_TO_END = StepType("started")


def program_names(codes: Sequence[str]) -> list[str]:
    """Programs by their names in the language in force (the code when not loaded)."""
    programs = state().psc().programs
    return [programs[c].label.text() if c in programs else c for c in codes]


def employer_name(employer_id: int | None) -> str:
    """An employer's name for a list (its number only when it cannot be read)."""
    if employer_id is None:
        return "-"
    try:
        return printable(state().psc().get_employer(employer_id).employer.name)
    except PscError:
        return f"{T('事業所', 'employer')} {employer_id}"


def staff_names() -> dict[int, str]:
    """Staff members' names by ID, for 担当 columns (empty when they cannot be read)."""
    try:
        return {m.id or 0: m.name for m in state().psc().list_staff()}
    except PscError:
        return {}


def case_name(case_id: int) -> str:
    """A case as staff know it: its number and its person's name."""
    try:
        found = state().psc().resolve_case(str(case_id)).one
    except PscError:
        found = None
    return f"{case_id}（{printable(found.person_name)}）" if found is not None else str(case_id)


def person_name(person_id: int | None) -> str:
    """A person's name for a list (their number only when it cannot be read)."""
    if person_id is None:
        return "-"
    try:
        return printable(state().psc().get_person(person_id).name)
    except PscError:
        return f"{T('相談者', 'person')} {person_id}"


__all__ = ["CASE", "CASE_CONFIRMED", "EMPLOYER", "INTERNSHIP", "OFFICE", "OPENING", "PERSON", "PERSON_CONFIRMED", "PLAN", "PROGRAM", "STAFF",
           "STEP_TO_END", "STEP_TO_START",
           "Unresolved", "case_name", "employer_name", "person_name", "program_names", "staff_names"]


class OfficeType(Named):
    """An office (拠点) by its name, or part of it (``北`` for 北拠点) if only one has
    it; converts to the office's name, which the library takes."""

    name = "office"
    stands_for = ("拠点（名称かその一部）", "an office (its name, or a clear part of it)")
    kind = ("拠点", "office")
    by_number = False  # an office's name may be digits; its ID is not used here

    def headers(self) -> list[str]:
        return ["ID", T("拠点名", "office"), T("所在地", "address")]

    def resolve(self, text: str) -> Any:
        from psccore.domain.names import Resolved

        offices = state().psc().offices()
        exact = [o for o in offices if o.name == text]
        return Resolved(text, exact or [o for o in offices if text in o.name])

    def key(self, found: Any) -> Any:
        return found.name

    def row(self, found: Any) -> Sequence[Any]:
        return [found.id, found.name, found.address]


OFFICE = OfficeType()
