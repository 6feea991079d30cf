"""Sensitive intake fields (要配慮個人情報): sealed when stored, opened only for staff
whose role allows it, and every opening audited (field names, never values)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
from sqlalchemy.engine import Connection

from psccore.crypto import Place, is_sealed
from psccore.domain.access import HIDDEN, Action, FieldClass, Grants
from psccore.domain.cases import Enrollment
from psccore.domain.program import Program
from psccore.domain.rules import info
from psccore.services.context import Context, Unit
from psccore.store.db import current_scope

if TYPE_CHECKING:
    from psccore.crypto import KeyRing


def sensitive_fields(program: Program | None) -> list[str]:
    if program is None:
        return []
    return [a.name for a in attrs.fields(program.intake) if (i := info(a)) and i.sensitive]


def intake_place(program: str, enrollment_id: int, name: str) -> Place:
    """Where an intake answer is sealed: its enrollment's row and the program's field."""
    return Place("enrollments", enrollment_id, f"{program}.{name}")


def without_sealed(program: Program, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers an enrollment row is first written with: sensitive ones are sealed
    into it once it has an id (:func:`seal`), so no clear value ever reaches the table."""
    names = set(sensitive_fields(program))
    return {k: v for k, v in answers.items() if k not in names}


def seal(uow: Unit, program: Program, answers: Mapping[str, Any],
         enrollment_id: int) -> dict[str, Any]:
    """Answers as stored: sensitive values encrypted, bound to their enrollment's row,
    program and field."""
    names = [n for n in sensitive_fields(program) if answers.get(n) is not None]
    if not names:
        return dict(answers)
    keys = uow.keys()
    return {k: keys.encrypt(json.dumps(v, ensure_ascii=False),
                            intake_place(program.code, enrollment_id, k))
            if k in names else v for k, v in answers.items()}


def unseal(uow: Unit, program: Program, stored: Mapping[str, Any],
           enrollment_id: int) -> dict[str, Any]:
    """Answers in the clear (the caller has checked the right to read them). Only the
    program's sensitive fields are ever decrypted: other text is taken as it is."""
    names = [n for n in sensitive_fields(program) if is_sealed(stored.get(n))]
    if not names:
        return dict(stored)
    keys = uow.keys()
    return {k: json.loads(keys.decrypt(v, intake_place(program.code, enrollment_id, k)))
            if k in names else v for k, v in stored.items()}


def unseal_answer(program: str, name: str, stored: Any, *, enrollment_id: int) -> Any:
    """One stored intake answer of enrollment ``enrollment_id`` in the clear (for a hook
    that has checked the right to it, e.g. through the cases ``psc_disclosure_items`` is
    given)."""
    if not is_sealed(stored):
        return stored
    return json.loads(_open_keys().decrypt(stored, intake_place(program, enrollment_id, name)))


def unseal_text(program: str, name: str, stored: str | None, *, table: str,
                row_id: int) -> str | None:
    """Text a program sealed with ``Psc.seal`` into ``table``'s row ``row_id``, in the
    clear (for a hook whose caller has checked the right to it, e.g.
    ``psc_export_person``)."""
    if not is_sealed(stored):
        return stored
    return _open_keys().decrypt(str(stored), Place(table, row_id, name))


def _open_keys() -> KeyRing:
    """The key ring of the unit these hooks are called in (plugins are not handed the
    unit); outside any unit, read from its file."""
    scope = current_scope()
    keys = scope.memo.get("keys") if scope is not None else None
    if keys is not None:
        ring: KeyRing = keys()
        return ring
    from psccore.crypto import load_keys

    return load_keys()


@attrs.frozen
class Opened:
    """What a staff member sees of an enrollment's answers."""

    intake: dict[str, Any]
    hidden: bool  # the whole program's answers are not theirs to read
    masked: list[str]  # sensitive fields withheld
    read: list[str]  # sensitive fields shown (to be audited)


def open_for(uow: Unit, found: Grants, program: Program | None, enrollment: Enrollment,
             action: Action = Action.READ) -> Opened:
    code = enrollment.program
    if not found.allows(action, FieldClass.GENERAL, [code]):
        return Opened({}, True, [], [])
    if program is None:  # not installed: any answer may be sensitive (or sealed)
        return Opened(dict.fromkeys(enrollment.intake), False, sorted(enrollment.intake), [])
    names = [n for n in sensitive_fields(program) if enrollment.intake.get(n) is not None]
    if not names:
        return Opened(dict(enrollment.intake), False, [], [])
    if found.allows(action, FieldClass.SENSITIVE, [code]):
        return Opened(unseal(uow, program, enrollment.intake, enrollment.id or 0), False, [],
                      names)
    shown = {k: (None if k in names else v) for k, v in enrollment.intake.items()}
    return Opened(shown, False, names, [])


def audit_reads(ctx: Context, login: str, person_id: int,
                reads: list[tuple[int, list[str]]], action: str = "read") -> None:
    """One audit row per enrollment whose sensitive fields were shown (in a write unit
    of its own after a read: a read unit stays read-only)."""
    if not any(fields for _, fields in reads):
        return
    with ctx.write(login) as uow:
        for enrollment_id, fields in reads:
            if fields:
                uow.tx.audit(action, "enrollments", enrollment_id, person_id=person_id,
                             fields=fields)


__all__ = ["HIDDEN", "Connection", "Opened", "audit_reads", "intake_place", "open_for", "seal",
           "sensitive_fields", "unseal", "without_sealed"]
