"""The one gateway through which core calls plugins: one typed method per hook.

Each method calls the program objects the data belongs to (a case event goes to the
programs of its case, an agenda to every program or the one asked for) and then any
implementation of the old hook (a plugin written for psccore 0.1). A failure is
reported with the plugin's name, and raised, so that the caller's transaction rolls
back. Nothing here imports services or the facade: they call this, not the reverse.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

import attrs
import pluggy

from psccore.domain.program import CaseEvent, Program
from psccore.errors import PscError
from psccore.i18n import Label

if TYPE_CHECKING:
    import datetime as dt

    import click
    from sqlalchemy.engine import Connection

    from psccore.domain.cases import Enrollment

PLUGIN_FAILED = Label(
    "プラグイン {name} でエラーが起きたため、変更は取り消されました: {error}",
    "Plugin {name} failed, so the change was rolled back: {error}",
)


class PluginError(PscError):
    exit_code = 7

    def __init__(self, message: Label, *, name: str, **params: Any) -> None:
        self.plugin = name
        super().__init__(message, name=name, **params)


class _Tx(Protocol):
    """What the gateway reads of a :class:`psccore.Transaction`."""

    @property
    def conn(self) -> Connection: ...


class _Query(Protocol):
    """What the gateway reads of an :class:`psccore.AgendaQuery`."""

    @property
    def program(self) -> str | None: ...


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def blame(plugin: str) -> Iterator[None]:
    """Report a failure inside the block as the plugin's, naming it."""
    try:
        yield
    except PscError:
        raise
    except Exception as exc:
        if _schema_missing(exc):
            raise  # a schema not upgraded: the store tells staff to run `psc db upgrade`
        raise PluginError(PLUGIN_FAILED, name=plugin, error=describe(exc)) from exc


def call_plugin(impl: pluggy.HookImpl, **kwargs: Any) -> Any:
    """Call one old-style hook implementation with the arguments it takes."""
    with blame(impl.plugin_name):
        return impl.function(**{k: kwargs[k] for k in impl.argnames})


def _schema_missing(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError

    from psccore.store.db import _missing_table

    return isinstance(exc, DBAPIError) and _missing_table(exc)


def overrides(program: Program, method: str) -> bool:
    """Whether the program's class gives ``method`` (the base one does nothing)."""
    return getattr(type(program), method) is not getattr(Program, method)


@attrs.frozen
class Hooks:
    """Calls the loaded programs and old-style hook implementations.

    ``owner`` maps each program code to the plugin that registered it (named in errors).
    """

    pm: pluggy.PluginManager
    programs: dict[str, Program]
    owner: dict[str, str]

    def _impls(self, hook: str) -> list[pluggy.HookImpl]:
        return list(getattr(self.pm.hook, hook).get_hookimpls())

    def _with(self, method: str,
              codes: Iterable[str] | Callable[[], Iterable[str]] | None = None) -> list[Program]:
        """The programs (all, or those of ``codes``) that give ``method``, by code;
        ``codes`` may be a query, run only when some program gives the method."""
        giving = [p for _, p in sorted(self.programs.items()) if overrides(p, method)]
        if codes is None or not giving:
            return giving
        chosen = set(codes() if callable(codes) else codes)
        return [p for p in giving if p.code in chosen]

    def plugin_of(self, program: Program) -> str:
        return self.owner.get(program.code, program.code)

    # --- writes: inside the caller's transaction ------------------------------------

    def case_event(self, event: CaseEvent, tx: _Tx) -> None:
        """Tell the programs of the case what happened (each with its own enrollment)."""
        for program, own in self._event_targets(event, tx):
            with blame(self.plugin_of(program)):
                program.on_event(own, tx)
        for impl in self._impls("psc_case_event"):
            call_plugin(impl, event=event, tx=tx)

    def _event_targets(self, event: CaseEvent, tx: _Tx) -> list[tuple[Program, CaseEvent]]:
        listening = self._with("on_event")
        if not listening:
            return []
        if event.enrollment is not None:
            code = event.enrollment.program
            return [(p, event) for p in listening if p.code == code]
        step_program = event.details.get("program")
        if step_program is not None:
            return [(p, event) for p in listening if p.code == step_program]
        enrolled = {e.program: e for e in _enrollments(tx.conn, event.case.id or 0)}
        return [(p, attrs.evolve(event, enrollment=enrolled[p.code]))
                for p in listening if p.code in enrolled]

    def erase_person(self, person_id: int, tx: _Tx) -> None:
        for program in self._with("erase_person", lambda: _programs_of(tx.conn, person_id)):
            with blame(self.plugin_of(program)):
                program.erase_person(person_id, tx)
        for impl in self._impls("psc_erase_person"):
            call_plugin(impl, person_id=person_id, tx=tx)

    # --- reads -----------------------------------------------------------------------

    def agenda(self, query: _Query, conn: Connection, register: Callable[[Any], None]) -> None:
        """Items for the agenda: of the program asked for, or of every program."""
        codes = None if query.program is None else [query.program]
        for program in self._with("agenda", codes):
            with blame(self.plugin_of(program)):
                for item in program.agenda(query, conn):
                    register(item)
        for impl in self._impls("psc_agenda"):
            call_plugin(impl, query=query, conn=conn, register=register)

    def case_summary(self, enrollment: Enrollment, conn: Connection,
                     register: Callable[[Label, object], None]) -> None:
        """Lines about one enrollment, from its program."""
        for program in self._with("case_summary", [enrollment.program]):
            with blame(self.plugin_of(program)):
                for label, value in program.case_summary(enrollment, conn):
                    register(label, value)
        for impl in self._impls("psc_case_summary"):
            call_plugin(impl, enrollment=enrollment, conn=conn, register=register)

    def disclosure_items(self, person_id: int, category: str, conn: Connection,
                         case_ids: list[int], may_disclose: Callable[[int, str], bool],
                         register: Callable[[str, str, Label, object], None]) -> None:
        """Items for an introduction sheet: ``register(source, key, label, value)``, from
        the programs whose data the staff member may give for these cases."""
        allowed = [c for c in self.programs if any(may_disclose(i, c) for i in case_ids)]
        for program in self._with("disclosure_items", allowed):
            source = self.plugin_of(program)
            with blame(source):
                for key, label, value in program.disclosure_items(
                        person_id, category, conn, case_ids, may_disclose):
                    register(source, key, label, value)
        for impl in self._impls("psc_disclosure_items"):
            call_plugin(impl, person_id=person_id, category=category, conn=conn,
                        case_ids=case_ids, may_disclose=may_disclose,
                        register=lambda key, label, value, _p=impl.plugin_name: register(
                            _p, key, label, value))

    def export_person(self, person_id: int, conn: Connection,
                      register: Callable[[str, str, object], None]) -> None:
        """What each program keeps about the person: ``register(source, kind, records)``."""
        for program in self._with("export_person", lambda: _programs_of(conn, person_id)):
            source = self.plugin_of(program)
            with blame(source):
                for key, data in program.export_person(person_id, conn):
                    register(source, key, data)
        for impl in self._impls("psc_export_person"):
            call_plugin(impl, person_id=person_id, conn=conn,
                        register=lambda key, data, _p=impl.plugin_name: register(_p, key, data))

    # --- the demo and the CLI --------------------------------------------------------

    def demo(self, psc: Any, seed: object, today: dt.date, program: str | None = None) -> bool:
        """Each program's demo activity (or only ``program``'s), each with its own random
        stream so that adding a program changes no other; whether any ran."""
        ran = False
        for found in self._with("demo", None if program is None else [program]):
            with blame(self.plugin_of(found)):
                found.demo(psc, random.Random(f"{seed}:{found.code}"), today)
            ran = True
        owners = None if program is None else {self.owner.get(program)}
        for impl in self._impls("psc_demo"):
            if owners is None or impl.plugin_name in owners:
                call_plugin(impl, psc=psc, rng=random.Random(f"{seed}:{impl.plugin_name}"),
                            today=today)
                ran = True
        return ran

    def commands(self, cli: click.Group, plugin: str) -> None:
        """Add the command groups of the programs of one plugin (by entry-point name)."""
        for program in self._with("commands"):
            if self.plugin_of(program) == plugin:
                with blame(plugin):
                    program.commands(cli)
        for impl in self._impls("psc_register_commands"):
            if impl.plugin_name == plugin:
                call_plugin(impl, cli=cli)


def _enrollments(conn: Connection, case_id: int) -> list[Enrollment]:
    import sqlalchemy as sa

    from psccore.domain.cases import Enrollment
    from psccore.store import tables as t
    from psccore.store.db import from_row

    rows = conn.execute(sa.select(t.enrollments).where(t.enrollments.c.case_id == case_id))
    return [from_row(r, Enrollment) for r in rows]


def _programs_of(conn: Connection, person_id: int) -> list[str]:
    """The programs the person was ever enrolled in."""
    import sqlalchemy as sa

    from psccore.store import tables as t

    return list(conn.execute(
        sa.select(t.enrollments.c.program).distinct().join(t.cases)
        .where(t.cases.c.person_id == person_id)).scalars())
